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

/** Every hand-written or generated file the addon's build reads, for its sources hash. */
export function napiHashedFiles(model: SpecModel, generated: string): string[] {
  return [...napiSources(model, generated), NAPI_HELPERS_INCLUDE];
}
