// Which JavaScript runtime runs this code. The waits of the Async variants
// and the backends on offer depend on it, never on whether a symbol resolves
// (Bun exports libuv's uv_* names, most of them stubs that abort).
export type JsRuntime = 'node' | 'bun' | 'deno';

let cached: JsRuntime | undefined;

export function jsRuntime(): JsRuntime {
  if (cached === undefined) {
    const g = globalThis as { Bun?: unknown; Deno?: unknown };
    cached = g.Bun !== undefined ? 'bun' : g.Deno !== undefined ? 'deno' : 'node';
  }
  return cached;
}
