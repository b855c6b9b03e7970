// The N-API addon's source files, which the addon emitter lists in binding.gyp
// and the hash emitter fingerprints: the generated nativesockets.cc, the
// hand-written event-loop waiter when the spec needs it, and the hand-written
// header of fixed C++ the generated source includes.
import type { SpecModel } from '../../model/spec.js';

export const NAPI_SOURCE_PATH = 'napi/nativesockets.cc';
export const NAPI_GYP_PATH = 'napi/binding.gyp';

/** The hand-written source of the event-loop waiter, relative to generated/napi/. */
export const NAPI_EVENT_LOOP_SOURCE = '../../runtime/napi/eventloop.cc';

/** What the generated addon calls in Init to add the waiter's functions to its exports. */
export const NAPI_EVENT_LOOP_INIT = 'NativeSocketsEventLoopInit';

/** Whether the addon needs the waiter: some proc's Async variant waits in the event loop. */
export function needsEventLoop(model: SpecModel): boolean {
  return model.procs.some((p) => p.async === 'eventLoop');
}

/** The addon's sources: the generated one, and the waiter when the spec needs it. */
export function napiSources(model: SpecModel, generated: string): string[] {
  return needsEventLoop(model) ? [generated, NAPI_EVENT_LOOP_SOURCE] : [generated];
}

/** The hand-written header the generated source includes (argument readers, intrinsics), relative to generated/napi/. */
export const NAPI_HELPERS_INCLUDE = '../../runtime/napi/helpers.h';

/**
 * The hand-written source only the win32 cross-build (tools/build-win32-addon.mjs)
 * compiles in: the delay-load hook that binds the addon's Node-API imports to
 * the host executable (node.exe or bun.exe). Relative to generated/napi/.
 */
export const NAPI_WIN32_DELAY_LOAD_HOOK = '../../tools/windows/delayLoadHook.cc';

/**
 * Every hand-written or generated file a build of the addon reads, for its
 * sources hash: a prebuild made before any of them changed is then stale on
 * every platform, the win32 one included.
 */
export function napiHashedFiles(model: SpecModel, generated: string): string[] {
  return [...napiSources(model, generated), NAPI_HELPERS_INCLUDE, NAPI_WIN32_DELAY_LOAD_HOOK];
}
