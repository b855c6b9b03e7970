// The shape of the raw interface (generated/rawBackend.ts) that every backend
// emitter implements: a C function's TypeScript signature, the members that
// are not C functions, and which functions also run on the threadpool.
import type { CFunctionDef, FailureKind, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';

/** The raw-interface members that are not C functions of the spec. */
export const INTRINSICS = ['peek', 'peekCString', 'getsockoptInt'] as const;

export function rawSignature(fn: CFunctionDef): { params: { name: string; type: string }[]; returns: string } {
  return {
    params: fn.params.map((p) => ({ name: p.name, type: C_TYPE_INFO[p.type].ts })),
    returns: C_TYPE_INFO[fn.returns].ts,
  };
}

/** Whether every platform of the spec has the C function (else its member is optional). */
export function onEveryPlatform(fn: CFunctionDef, model: SpecModel): boolean {
  return model.platforms.every((p) => fn.platforms.includes(p.name));
}

/** The C functions with a threadpool form (`raw.threadpool.NAME`), in spec order. */
export function threadpoolFunctions(model: SpecModel): CFunctionDef[] {
  return model.cFunctions.filter((fn) => fn.threadpool);
}

/**
 * How a backend's wrapper sees that its C call failed (`r` the result, a NULL
 * pointer already 0n) and what it then records as `lastError()`; undefined
 * for a function that reports no failure.
 */
export function failureCapture(failure: FailureKind): { failed: string; reader: string } | undefined {
  switch (failure) {
    case 'minus1':
      return { failed: 'r === -1', reader: 'readLastError()' };
    case 'returnsCode':
      return { failed: 'r !== 0', reader: 'readLastError()' };
    case 'zero':
      return { failed: 'r === 0', reader: 'readLastError()' };
    case 'null':
      return { failed: 'r === 0n', reader: 'readLastError()' };
    case 'nullHErrno':
      return { failed: 'r === 0n', reader: 'readHErrno()' };
    case 'never':
      return undefined;
  }
}
