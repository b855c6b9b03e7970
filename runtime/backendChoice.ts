// NATIVESOCKETS_BACKEND: which backend the main entry binds.
import type { BackendName } from './backends.js';
import { type JsRuntime, jsRuntime } from './jsRuntime.js';

export type BackendChoice = BackendName | 'auto';

const ALIASES: Record<string, BackendChoice> = {
  napi: 'napi',
  native: 'napi',
  koffi: 'koffi',
  ffi: 'koffi',
  bunffi: 'bunffi',
  denoffi: 'denoffi',
  auto: 'auto',
  '': 'auto',
};

/** Reads the variable; an unknown value is an Error naming the valid ones. */
export function backendChoiceFromEnv(value: string | undefined): BackendChoice {
  const choice = ALIASES[(value ?? '').trim().toLowerCase()];
  if (choice === undefined) {
    throw new Error(
      `nativesockets: NATIVESOCKETS_BACKEND=${JSON.stringify(value)} is not valid; use napi (or native), koffi (or ffi), bunffi (Bun only), denoffi (Deno only), or auto (the default: the fastest backend on this runtime, per make bench: napi on Node when built, else koffi; bunffi on Bun; denoffi on Deno)`,
    );
  }
  return choice;
}

/**
 * `auto`: the fastest backend that works on the runtime, as `make bench`
 * measured it (README, BENCHMARKS.md). Node: the addon. Bun: bunffi, whose
 * calls bun:ffi compiles to direct C calls (one run: getSockOptInt 1.47x C
 * against 1.87x for napi and 3.22x for koffi there; TCP ping-pong 0.83x C's
 * rate against 0.72x and 0.65x). Deno: denoffi, its own FFI (getsockopt
 * 0.98-1.2x C against 1.5-1.95x for napi and koffi there, in three runs; TCP
 * ping-pong within the noise of both), with no build and no Node-API layer.
 */
export function resolveChoice(
  choice: BackendChoice,
  napiBuilt: boolean,
  runtime: JsRuntime = jsRuntime(),
): BackendName {
  if (choice !== 'auto') return choice;
  if (runtime === 'bun') return 'bunffi';
  if (runtime === 'deno') return 'denoffi';
  return runtime === 'node' && napiBuilt ? 'napi' : 'koffi';
}
