// Argument checks: wrong type is a TypeError, a number out of range (or not an
// integer, NaN, Infinity) a RangeError. Each check is a few comparisons, since
// they sit on every call's fast path.

function show(v: unknown): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

export function typeError(proc: string, param: string, wanted: string, got: unknown): TypeError {
  return new TypeError(`${proc}: ${param} must be ${wanted}, got ${show(got)}`);
}

export function rangeError(proc: string, param: string, wanted: string, got: unknown): RangeError {
  return new RangeError(`${proc}: ${param} must be ${wanted}, got ${show(got)}`);
}

/** A C `int`: an integer in -2^31..2^31-1. */
export function checkCint(v: unknown, proc: string, param: string): number {
  if (typeof v !== 'number') throw typeError(proc, param, 'an integer', v);
  if ((v | 0) !== v) throw rangeError(proc, param, 'an integer in -2147483648..2147483647', v);
  return v;
}

/** A socket handle: osInvalidSocket (-1) or a non-negative C int. */
export function checkHandle(v: unknown, proc: string, param: string): number {
  if (typeof v !== 'number') throw typeError(proc, param, 'a SocketHandle (a number)', v);
  if ((v | 0) !== v || v < -1) throw rangeError(proc, param, 'a SocketHandle: an integer in -1..2147483647', v);
  return v;
}

export function checkUint16(v: unknown, proc: string, param: string): number {
  if (typeof v !== 'number') throw typeError(proc, param, 'an integer', v);
  if ((v & 0xffff) !== v) throw rangeError(proc, param, 'an integer in 0..65535', v);
  return v;
}

export function checkUint32(v: unknown, proc: string, param: string): number {
  if (typeof v !== 'number') throw typeError(proc, param, 'an integer', v);
  if (v >>> 0 !== v) throw rangeError(proc, param, 'an integer in 0..4294967295', v);
  return v;
}

export function checkBool(v: unknown, proc: string, param: string): boolean {
  if (typeof v !== 'boolean') throw typeError(proc, param, 'a boolean', v);
  return v;
}

/** A string for C: no NUL byte, since C would cut it there. */
export function checkCString(v: unknown, proc: string, param: string): string {
  if (typeof v !== 'string') throw typeError(proc, param, 'a string', v);
  if (v.includes('\0')) throw typeError(proc, param, 'a string without NUL bytes', v);
  return v;
}

export function checkString(v: unknown, proc: string, param: string): string {
  if (typeof v !== 'string') throw typeError(proc, param, 'a string', v);
  return v;
}

/**
 * The real byte length of a TypedArray, read with the intrinsic getter: an own
 * `byteLength` property or a subclass getter cannot make a buffer look longer
 * than the memory C would write. A TypeError for anything else (a Proxy, an
 * object made from Uint8Array.prototype).
 */
const typedArrayByteLength = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  'byteLength',
)!.get!;
export function byteLengthOf(v: ArrayBufferView): number {
  return typedArrayByteLength.call(v) as number;
}

/** An Int32Array of at least one element, which C reads and writes in place (ioctlsocket's `u_long*`). */
export function checkInt32Array(v: unknown, proc: string, param: string): Int32Array {
  if (!(v instanceof Int32Array)) throw typeError(proc, param, 'an Int32Array', v);
  if (v.length < 1) throw rangeError(proc, param, 'at least one element long', v.length);
  return v;
}

/** A member of a string enum (Domain, SockType, Protocol). */
export function checkMember<T extends string>(
  v: unknown,
  members: Readonly<Record<string, T>>,
  enumName: string,
  proc: string,
  param: string,
): T {
  if (typeof v === 'string' && Object.hasOwn(members, v)) return v as T;
  throw typeError(proc, param, `a ${enumName} (${Object.keys(members).join(', ')})`, v);
}
