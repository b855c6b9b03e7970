// How each C type of the spec crosses into JavaScript, per backend. The koffi
// and N-API emitters and the raw-interface typings all read this one table.
import type { CType, Platform, SpecModel } from '../../model/spec.js';

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

export const C_TYPE_INFO: Record<CType, CTypeInfo> = {
  void: {
    ts: 'void',
    koffi: { posix: 'void', windows: 'void' },
    cxx: { posix: 'void', windows: 'void' },
    passing: 'void',
  },
  int: {
    ts: 'number',
    koffi: { posix: 'int', windows: 'int' },
    cxx: { posix: 'int', windows: 'int' },
    passing: 'number',
  },
  unsigned: {
    ts: 'number',
    koffi: { posix: 'uint', windows: 'uint' },
    cxx: { posix: 'unsigned', windows: 'unsigned' },
    passing: 'number',
  },
  long: {
    ts: 'number',
    koffi: { posix: 'long', windows: 'long' },
    cxx: { posix: 'long', windows: 'long' },
    passing: 'number',
  },
  size_t: {
    ts: 'number',
    koffi: { posix: 'size_t', windows: 'size_t' },
    cxx: { posix: 'size_t', windows: 'size_t' },
    passing: 'number',
  },
  // ssize_t is only a result here (send, recv, sendto, recvfrom), and WinSock returns those as int:
  // read as intptr_t, SOCKET_ERROR would come back as 4294967295.
  ssize_t: {
    ts: 'number',
    koffi: { posix: 'intptr_t', windows: 'int' },
    cxx: { posix: 'ssize_t', windows: 'intptr_t' },
    passing: 'number',
  },
  socklen_t: {
    ts: 'number',
    koffi: { posix: 'uint32_t', windows: 'int' },
    cxx: { posix: 'socklen_t', windows: 'int' },
    passing: 'number',
  },
  // SOCKET is an unsigned pointer-sized integer on Windows; read signed so INVALID_SOCKET is -1.
  socket_t: {
    ts: 'number',
    koffi: { posix: 'int', windows: 'intptr_t' },
    cxx: { posix: 'int', windows: 'SOCKET' },
    passing: 'number',
  },
  'const char*': {
    ts: 'string',
    koffi: { posix: 'const char *', windows: 'const char *' },
    cxx: { posix: 'const char*', windows: 'const char*' },
    passing: 'string',
  },
  'void*': {
    ts: 'NodeJS.TypedArray',
    koffi: { posix: 'void *', windows: 'void *' },
    cxx: { posix: 'void*', windows: 'char*' },
    passing: 'buffer',
  },
  'const void*': {
    ts: 'NodeJS.TypedArray',
    koffi: { posix: 'const void *', windows: 'const void *' },
    cxx: { posix: 'const void*', windows: 'const char*' },
    passing: 'buffer',
  },
  'int*': {
    ts: 'Int32Array',
    koffi: { posix: 'int *', windows: 'int *' },
    cxx: { posix: 'int*', windows: 'int*' },
    passing: 'buffer',
    pointeeBytes: { posix: 4, windows: 4 },
  },
  'socklen_t*': {
    ts: 'Uint32Array | Int32Array',
    koffi: { posix: 'uint32_t *', windows: 'int *' },
    cxx: { posix: 'socklen_t*', windows: 'int*' },
    passing: 'buffer',
    pointeeBytes: { posix: 4, windows: 4 },
  },
  'long*': {
    ts: 'Int32Array',
    koffi: { posix: 'long *', windows: 'long *' },
    cxx: { posix: 'long*', windows: 'u_long*' },
    passing: 'buffer',
    pointeeBytes: { posix: 8, windows: 4 },
  },
  // koffi 3 passes and returns pointers as BigInt (null for NULL, which the wrapper turns into 0n).
  // The N-API result is `const void*` so any object pointer a C function returns converts to it.
  ptr: {
    ts: 'bigint',
    koffi: { posix: 'void *', windows: 'void *' },
    cxx: { posix: 'void*', windows: 'void*' },
    passing: 'pointer',
  },
};

/** The most bytes one `peek` copies: a struct, or a few, never a bulk read. */
export const PEEK_MAX_BYTES = 1024 * 1024;

/**
 * The messages both backends throw for a bad pointer argument, word for word,
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

export function familyOf(p: Platform): 'posix' | 'windows' {
  return p.family;
}

/** A C type as an identifier (`socklen_t*` → `socklen_tPtr`): the key of per-type tables the FFI backends emit. */
export function cTypeKey(t: CType): string {
  return t.replace(/[^A-Za-z0-9_]/g, (c) => (c === '*' ? 'Ptr' : '')).replace(/^const/, 'const_');
}

/** The C types the spec's functions take or return, sorted. */
export function usedCTypes(model: SpecModel): CType[] {
  const used = new Set<CType>();
  for (const fn of model.cFunctions) {
    used.add(fn.returns);
    for (const p of fn.params) used.add(p.type);
  }
  return [...used].sort();
}

/** The platform families of the spec, in the order of its platforms. */
export function platformFamilies(model: SpecModel): ('posix' | 'windows')[] {
  return [...new Set(model.platforms.map((p) => p.family))];
}
