// The C library symbols a backend that calls C through an FFI (koffi, bun:ffi,
// Deno.dlopen) needs beyond the spec's functions, per platform: where the
// calling thread's errno and h_errno live, and what it copies C memory with.
// The N-API addon reads the same through the C headers' own macros.
import type { PlatformName, SpecModel } from '../../model/spec.js';

/**
 * The function returning `int*` to the calling thread's errno on each POSIX
 * platform (errno.h makes `errno` a macro over it). Platforms whose last error
 * is WSAGetLastError() call that instead. Missing here: no FFI reader.
 */
export const ERRNO_LOCATION: Partial<Record<PlatformName, string>> = {
  linux: '__errno_location',
  macosx: '__error',
  freebsd: '__error',
};

/**
 * How h_errno is reached on each POSIX platform: netdb.h makes `h_errno` a
 * macro over a per-thread location function on glibc/musl and FreeBSD, and a
 * plain global variable on macOS (Libinfo's netdb.h: `extern int h_errno;`,
 * which gethostbyname assigns directly, so it is per process there). Platforms
 * whose last error is WSAGetLastError() read that (winsock2.h defines h_errno
 * as it). A platform missing here gets a reader that throws: never a guess.
 */
export const H_ERRNO_ACCESS: Partial<Record<PlatformName, { kind: 'function' | 'variable'; symbol: string }>> = {
  linux: { kind: 'function', symbol: '__h_errno_location' },
  freebsd: { kind: 'function', symbol: '__h_errno' },
  macosx: { kind: 'variable', symbol: 'h_errno' },
};

/** Whether a C function of the spec reports its failure in h_errno (the netdb lookups). */
export function readsHErrno(model: SpecModel): boolean {
  return model.cFunctions.some((fn) => fn.failure === 'nullHErrno');
}

/**
 * Where `peek` finds a memcpy and `peekCString` a strlen, per family (library
 * null: the platform's C library). On Windows that library is ws2_32.dll, so
 * kernel32's RtlMoveMemory and lstrlenA.
 */
export const MEMORY_SYMBOLS: Record<'posix' | 'windows', { library: string | null; memcpy: string; strlen: string }> = {
  posix: { library: null, memcpy: 'memcpy', strlen: 'strlen' },
  windows: { library: 'kernel32.dll', memcpy: 'RtlMoveMemory', strlen: 'lstrlenA' },
};
