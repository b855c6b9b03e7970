// Where a backend that calls C through an FFI finds the thread's errno and
// h_errno on each platform: the C library defines both as macros over a
// per-thread location function (or, for h_errno on macOS, a plain variable).
// Platforms whose last error is WSAGetLastError() read that instead.
import type { PlatformName } from '../../model/spec.js';

/** The function returning `int*` to the calling thread's errno (errno.h's macro). */
export const ERRNO_LOCATION: Record<PlatformName, string> = {
  linux: '__errno_location',
  freebsd: '__error',
  macosx: '__error',
};

/**
 * How h_errno is reached: netdb.h makes it a macro over a per-thread location
 * function on glibc/musl and FreeBSD, and a plain global variable on macOS
 * (Libinfo's netdb.h: `extern int h_errno;`, which gethostbyname assigns
 * directly, so it is per process there). A platform missing here gets a
 * reader that throws: never a guess.
 */
export const H_ERRNO_ACCESS: Record<PlatformName, { kind: 'function' | 'variable'; symbol: string }> = {
  linux: { kind: 'function', symbol: '__h_errno_location' },
  freebsd: { kind: 'function', symbol: '__h_errno' },
  macosx: { kind: 'variable', symbol: 'h_errno' },
};
