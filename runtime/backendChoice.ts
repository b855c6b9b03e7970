// NATIVESOCKETS_BACKEND: which backend the main entry binds.
import type { BackendName } from './backends.js';
import { type JsRuntime, jsRuntime } from './jsRuntime.js';

export type BackendChoice = BackendName | 'auto';

const ALIASES: Record<string, BackendChoice> = {
  napi: 'napi',
  native: 'napi',
  koffi: 'koffi',
  ffi: 'koffi',
  denoffi: 'denoffi',
  auto: 'auto',
  '': 'auto',
};

/** Reads the variable; an unknown value is an Error naming the valid ones. */
export function backendChoiceFromEnv(value: string | undefined): BackendChoice {
  const choice = ALIASES[(value ?? '').trim().toLowerCase()];
  if (choice === undefined) {
    throw new Error(
      `nativesockets: NATIVESOCKETS_BACKEND=${JSON.stringify(value)} is not valid; use napi (or native), koffi (or ffi), denoffi (Deno only), or auto (the default: the fastest backend on this runtime, per make bench: napi on Node when built, else koffi; koffi on Bun and Deno)`,
    );
  }
  return choice;
}

/**
 * `auto`: the fastest backend that works on the runtime, as `make bench`
 * measured it (README, BENCHMARKS.md). Node: the addon. Bun and Deno call an
 * addon through their own Node-API layer, where koffi's calls measured as fast
 * or faster (TCP ping-pong 1.0-1.75x napi's, getsockopt within the noise), and koffi needs no build.
 */
export function resolveChoice(
  choice: BackendChoice,
  napiBuilt: boolean,
  runtime: JsRuntime = jsRuntime(),
): BackendName {
  if (choice !== 'auto') return choice;
  return runtime === 'node' && napiBuilt ? 'napi' : 'koffi';
}
