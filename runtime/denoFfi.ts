// The part of Deno's FFI the denoffi backend and the Deno reactor use, typed
// here so that the package compiles and loads without Deno's own typings (on
// Node and Bun nothing here runs: denoFfi() is called only on Deno).

/** A pointer as Deno's FFI passes it: an opaque object, or null for NULL. */
export type PointerValue = object | null;

/** One symbol of a Deno.dlopen call. */
export interface DenoSymbol {
  /** The C name, when the key differs (a `nonblocking` twin of a symbol). */
  name?: string;
  parameters: string[];
  result: string;
  /** Deno runs the call on a thread of its own and returns a Promise. */
  nonblocking?: boolean;
}

export interface DenoFfi {
  dlopen(
    path: string,
    symbols: Record<string, DenoSymbol | { type: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => unknown> };
  UnsafePointer: {
    create(address: bigint): PointerValue;
    value(pointer: PointerValue): bigint | number;
  };
  UnsafePointerView: {
    new (pointer: object): { getInt32(offset?: number): number };
    getCString(pointer: object, offset?: number): string;
    copyInto(pointer: object, destination: ArrayBufferView, offset?: number): void;
  };
  build: { arch: string; os: string };
}

/** Deno's namespace; an Error naming the runtime it needs anywhere else. */
export function denoFfi(): DenoFfi {
  const deno = (globalThis as { Deno?: DenoFfi }).Deno;
  if (deno?.dlopen === undefined) {
    throw new Error(
      'nativesockets: the denoffi backend calls C through Deno.dlopen and needs the Deno runtime (run with `deno run --allow-ffi`); on Node.js or Bun use napi or koffi',
    );
  }
  return deno;
}
