// How each C type of the spec crosses a runtime FFI that declares a symbol by
// the machine kind of each argument (Bun's bun:ffi, Deno's Deno.dlopen), per
// platform family (64-bit targets: LP64 on POSIX, LLP64 on Windows). Each
// emitter maps these neutral kinds to its FFI's own type names.
import type { CType } from '../../model/spec.js';

/**
 * - i32/u32/i64/u64: an integer of that width and signedness;
 * - buffer: a typed array's memory, passed in place;
 * - pointer: a pointer by value (a bigint in the raw interface, 0n for NULL);
 * - string: a NUL-terminated UTF-8 copy of a JavaScript string;
 * - void: no value.
 */
export type FfiKind = 'i32' | 'u32' | 'i64' | 'u64' | 'buffer' | 'pointer' | 'string' | 'void';

export const FFI_KINDS: Record<CType, { posix: FfiKind; windows: FfiKind }> = {
  void: { posix: 'void', windows: 'void' },
  int: { posix: 'i32', windows: 'i32' },
  unsigned: { posix: 'u32', windows: 'u32' },
  long: { posix: 'i64', windows: 'i32' },
  size_t: { posix: 'u64', windows: 'u64' },
  // WinSock returns send/recv's byte counts as int: read wider, SOCKET_ERROR would not be -1.
  ssize_t: { posix: 'i64', windows: 'i32' },
  socklen_t: { posix: 'u32', windows: 'i32' },
  // SOCKET is pointer-sized on Windows; read signed so that INVALID_SOCKET is -1.
  socket_t: { posix: 'i32', windows: 'i64' },
  'const char*': { posix: 'string', windows: 'string' },
  'void*': { posix: 'buffer', windows: 'buffer' },
  'const void*': { posix: 'buffer', windows: 'buffer' },
  'int*': { posix: 'buffer', windows: 'buffer' },
  'socklen_t*': { posix: 'buffer', windows: 'buffer' },
  'long*': { posix: 'buffer', windows: 'buffer' },
  ptr: { posix: 'pointer', windows: 'pointer' },
};
