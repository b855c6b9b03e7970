// The machine-level shape of each C type of the spec on 64-bit targets, per
// platform family: how wide, signed or not, a pointer by value, memory passed
// in place, or a C string. FFI layers that name argument types by width
// (bun:ffi, Deno.dlopen) map these to their own type names; koffi and the
// N-API addon use the C names instead (cTypes.ts).
import type { CType } from '../../model/spec.js';

export type MachineType =
  | 'void'
  | 'i32'
  | 'u32'
  | 'i64'
  /** A signed integer as wide as a pointer (ssize_t, intptr_t). */
  | 'isize'
  /** An unsigned integer as wide as a pointer (size_t). */
  | 'usize'
  /** A pointer by value: a bigint in the raw interface (0n for NULL). */
  | 'pointer'
  /** A typed array's memory, read or written in place by the C call. */
  | 'buffer'
  /** As a parameter, NUL-terminated UTF-8 bytes; as a result, a pointer to them. */
  | 'cstring';

export const MACHINE_TYPES: Record<CType, { posix: MachineType; windows: MachineType }> = {
  void: { posix: 'void', windows: 'void' },
  int: { posix: 'i32', windows: 'i32' },
  unsigned: { posix: 'u32', windows: 'u32' },
  // LP64 on POSIX, LLP64 on Windows.
  long: { posix: 'i64', windows: 'i32' },
  size_t: { posix: 'usize', windows: 'usize' },
  // WinSock returns send/recv's byte counts as int: read wider, SOCKET_ERROR would not be -1 (see cTypes.ts).
  ssize_t: { posix: 'isize', windows: 'i32' },
  socklen_t: { posix: 'u32', windows: 'i32' },
  // SOCKET is pointer-sized on Windows; read signed so that INVALID_SOCKET is -1.
  socket_t: { posix: 'i32', windows: 'isize' },
  'const char*': { posix: 'cstring', windows: 'cstring' },
  'void*': { posix: 'buffer', windows: 'buffer' },
  'const void*': { posix: 'buffer', windows: 'buffer' },
  'int*': { posix: 'buffer', windows: 'buffer' },
  'socklen_t*': { posix: 'buffer', windows: 'buffer' },
  'long*': { posix: 'buffer', windows: 'buffer' },
  ptr: { posix: 'pointer', windows: 'pointer' },
};
