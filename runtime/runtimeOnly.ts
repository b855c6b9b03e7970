// The modules only one runtime uses, imported on that runtime only. On Node the
// bun:ffi and Deno.dlopen backends, Bun's lookup Workers and the Bun/Deno
// reactors are never called, and importing them cost the package's import
// ~5 ms of CPU (bench/js/import.mjs, 15 interleaved processes: napi 45.6 ->
// 40.6 ms with the reactors alone left out). Top-level await: the import of
// the package waits for them where they are used, so every later call is
// synchronous as before.
import { jsRuntime } from './jsRuntime.js';

const runtime = jsRuntime();

/** Bun only: the bun:ffi backend (and its `threadpool` calls) and the lookup Workers' memory. */
export const onBun =
  runtime === 'bun'
    ? { backend: await import('../generated/bunffi/backend.js'), lookups: await import('./bun/lookups.js') }
    : undefined;

/** Deno only: the Deno.dlopen backend. */
export const onDeno = runtime === 'deno' ? { backend: await import('../generated/denoffi/backend.js') } : undefined;

/** Bun and Deno: the reactors their Async calls wait with (Node waits in libuv). */
export const reactorLoops = runtime === 'node' ? undefined : await import('./async/runtimeLoops.js');
