// How each C type of the spec crosses into JavaScript, per backend. Every
// backend emitter and the raw-interface typings read this one table.
import type { CType } from '../../model/spec.js';

export interface CTypeInfo {
  /** TypeScript type of the raw interface parameter or result. */
  ts: string;
  /** koffi type name, per platform family. */
  koffi: { posix: string; windows: string };
  /** C++ type the N-API backend declares, per platform family. */
  cxx: { posix: string; windows: string };
  /**
   * How the value crosses: a JS number, a string, a typed array's memory, or a
   * pointer by value as a bigint (0n for NULL).
   */
  passing: 'number' | 'string' | 'buffer' | 'pointer' | 'void';
  /**
   * For a pointer to one scalar (`int*`): the bytes the typed array must hold,
   * per family (64-bit targets: LP64 on POSIX, LLP64 on Windows). The N-API
   * backend checks `sizeof` of the same type; koffi checks this.
   */
  pointeeBytes?: { posix: number; windows: number };
}

type PerFamily<T> = T | readonly [posix: T, windows: T];

/** One type's row: `koffi`, `cxx` and `pointeeBytes` as one value, or [posix, windows] where they differ. */
function row(
  ts: string,
  passing: CTypeInfo['passing'],
  koffi: PerFamily<string>,
  cxx: PerFamily<string>,
  pointeeBytes?: PerFamily<number>,
): CTypeInfo {
  const both = <T>(v: PerFamily<T>) =>
    Array.isArray(v) ? { posix: v[0] as T, windows: v[1] as T } : { posix: v as T, windows: v as T };
  return {
    ts,
    koffi: both(koffi),
    cxx: both(cxx),
    passing,
    ...(pointeeBytes ? { pointeeBytes: both(pointeeBytes) } : {}),
  };
}

export const C_TYPE_INFO: Record<CType, CTypeInfo> = {
  void: row('void', 'void', 'void', 'void'),
  int: row('number', 'number', 'int', 'int'),
  unsigned: row('number', 'number', 'uint', 'unsigned'),
  long: row('number', 'number', 'long', 'long'),
  size_t: row('number', 'number', 'size_t', 'size_t'),
  // ssize_t is only a result here (send, recv, sendto, recvfrom), and WinSock returns those as int:
  // read as intptr_t, SOCKET_ERROR would come back as 4294967295.
  ssize_t: row('number', 'number', ['intptr_t', 'int'], ['ssize_t', 'intptr_t']),
  socklen_t: row('number', 'number', ['uint32_t', 'int'], ['socklen_t', 'int']),
  // SOCKET is an unsigned pointer-sized integer on Windows; read signed so INVALID_SOCKET is -1.
  socket_t: row('number', 'number', ['int', 'intptr_t'], ['int', 'SOCKET']),
  'const char*': row('string', 'string', 'const char *', 'const char*'),
  'void*': row('NodeJS.TypedArray', 'buffer', 'void *', ['void*', 'char*']),
  'const void*': row('NodeJS.TypedArray', 'buffer', 'const void *', ['const void*', 'const char*']),
  'int*': row('Int32Array', 'buffer', 'int *', 'int*', 4),
  'socklen_t*': row('Uint32Array | Int32Array', 'buffer', ['uint32_t *', 'int *'], ['socklen_t*', 'int*'], 4),
  'long*': row('Int32Array', 'buffer', 'long *', ['long*', 'u_long*'], [8, 4]),
  // koffi 3 passes and returns pointers as BigInt (null for NULL, which the wrapper turns into 0n).
  // The N-API result is `const void*` so any object pointer a C function returns converts to it.
  ptr: row('bigint', 'pointer', 'void *', 'void*'),
};

/** The most bytes one `peek` copies: a struct, or a few, never a bulk read. */
export const PEEK_MAX_BYTES = 1024 * 1024;

/**
 * The messages every backend throws for a bad pointer argument, word for word,
 * so that a test cannot tell the backends apart by them.
 */
export const POINTER_MESSAGES = {
  notBigint: 'must be a bigint',
  outOfRange: 'must be a pointer: a bigint from 0n to 2n ** 64n - 1n',
  isNull: 'must not be NULL (0n)',
  lengthNotNumber: 'must be a number',
  lengthRange: `must be an integer from 0 to ${PEEK_MAX_BYTES}`,
  notTypedArray: 'must be a TypedArray',
} as const;
