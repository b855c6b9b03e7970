// Nim's error model: OSError (in Node's SystemError shape), ValueError,
// IOError, and std/oserrors' osLastError / osErrorMsg / raiseOSError.
import { getSystemErrorName } from 'node:util';
import type { NativeSocketsApi } from '../generated/api.js';
import { CONSTANT_GROUPS, CONSTANTS, PLATFORMS, type PlatformName } from '../generated/platformTables.js';
import { checkCint, checkString } from './check.js';
import type { RuntimeContext } from './context.js';

/**
 * Nim's `OSError`, in the shape of Node's SystemError: what a failed C call
 * raises (`getServByName`, `getSockOptInt`, …), and what an Async variant
 * rejects with where its blocking proc returns -1.
 */
export class OSError extends Error {
  /** The OS error number (Nim's name); the same number as `errno`. */
  readonly errorCode: number;
  /**
   * The error number as the failing C API reports it: an errno value
   * (positive; a WinSock `WSAE*` number on Windows), an `h_errno` value for
   * `getHostByName` / `getHostByAddr`, the `EAI_*` value for `getAddrInfo`
   * (negative on Linux, where glibc defines them so; positive on macOS and
   * Windows), and 0 when a lookup found nothing and the OS set no error.
   * Unlike Node's SystemError, POSIX errors are not negated.
   */
  readonly errno: number;
  /**
   * The symbolic name: the errno name (`'ECONNREFUSED'`; WinSock errors by
   * the same names as on POSIX), `'EAI_NONAME'` and the other `EAI_*` names
   * for `getAddrInfo`, the `h_errno` name (`'HOST_NOT_FOUND'`) for the host
   * lookups, `'ENOTFOUND'` for a lookup that found nothing without an OS
   * error (`getServByName`, `getProtoByName`), `'UNKNOWN'` for a number no
   * table names.
   */
  readonly code: string;
  /** The C function that failed, e.g. `'getsockopt'`, when known. */
  readonly syscall: string | undefined;

  /** @param message The system message. @param errorCode The OS error number. @param code Its symbolic name. @param syscall The C function that failed. */
  constructor(message: string, errorCode: number, code: string, syscall?: string) {
    super(message);
    this.name = 'OSError';
    this.errorCode = errorCode;
    this.errno = errorCode;
    this.code = code;
    this.syscall = syscall;
  }
}

/** Nim's `ValueError`: a value the proc cannot use (a Unix path too long, a freed AddrInfo, text that is no address). */
export class ValueError extends Error {
  /** @param message What was wrong with the value. */
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Nim's `IOError`, as `getAddrString` raises it for an address family it does not know. */
export class IOError extends Error {
  /** @param message What went wrong. */
  constructor(message: string) {
    super(message);
    this.name = 'IOError';
  }
}

const errorNamesByPlatform = new Map<PlatformName, Map<number, string>>();

/**
 * The names Node gives the WinSock errors on Windows where they are not the
 * WSAE* name less its `WSA` prefix: libuv's uv_translate_sys_error (src/win/error.c)
 * maps these four so. The other WSAE* errors libuv either maps to the
 * prefix-less name (WSAECONNREFUSED is ECONNREFUSED) or does not map at all
 * (WSAEBADF, WSAENOPROTOOPT); those get the prefix-less name too, so that one
 * `code` means one error on every platform. Win32 ERROR_* numbers get libuv's name.
 */
const NODE_NAMES_OF_WSA: Readonly<Record<string, string>> = {
  WSAEWOULDBLOCK: 'EAGAIN',
  WSAEINTR: 'ECANCELED',
  WSAEPFNOSUPPORT: 'EINVAL',
  WSAESHUTDOWN: 'EPIPE',
  // The Win32 errors of the spec's windows group (SetHandleInformation, overlapped I/O).
  ERROR_INVALID_HANDLE: 'EBADF',
  ERROR_NETNAME_DELETED: 'ECONNRESET',
};

/** The `code` of an error constant as Node names it: errno names as they are, WSAE* as libuv does. */
export function nodeErrorName(name: string): string {
  return NODE_NAMES_OF_WSA[name] ?? (/^WSAE[A-Z]/.test(name) ? name.slice(3) : name);
}

/**
 * The symbolic name of an error number, as Node names it: from the spec's
 * error group for the platform (errno names, or WSAE* names, as Node names
 * them, where WSAGetLastError reports errors), then libuv's table.
 */
export function errorName(platform: PlatformName, code: number): string {
  let names = errorNamesByPlatform.get(platform);
  if (!names) {
    names = new Map();
    const wsa = PLATFORMS[platform].lastError === 'wsa';
    const listed = wsa
      ? [
          ...(CONSTANT_GROUPS['wsaerror'] ?? []),
          ...(CONSTANT_GROUPS['windows'] ?? []).filter((n) => n.startsWith('ERROR_')),
        ]
      : (CONSTANT_GROUPS['errno'] ?? []);
    for (const name of listed) {
      const v = CONSTANTS[platform][name];
      if (v !== undefined && !names.has(v)) names.set(v, nodeErrorName(name));
    }
    errorNamesByPlatform.set(platform, names);
  }
  const known = names.get(code);
  if (known) return known;
  try {
    // libuv numbers POSIX errors as -errno; its names cover what the spec does not list.
    const uv = getSystemErrorName(-code);
    return uv.startsWith('Unknown') ? 'UNKNOWN' : uv;
  } catch {
    return 'UNKNOWN';
  }
}

/** Room for the longest system message FormatMessageW writes, in UTF-16 units. */
const MESSAGE_UNITS = 512;

/** FormatMessageW's text for a Win32/WinSock number, without its trailing line break (it ends in CR LF); '' when it has none. */
function windowsMessage(
  ctx: RuntimeContext,
  formatMessage: NonNullable<RuntimeContext['raw']['FormatMessageW']>,
  code: number,
): string {
  const buf = new Uint16Array(MESSAGE_UNITS);
  const flags = ctx.C.FORMAT_MESSAGE_FROM_SYSTEM! | ctx.C.FORMAT_MESSAGE_IGNORE_INSERTS!;
  // The number crosses as a DWORD: a negative cint names the same 32 bits.
  const units = formatMessage(flags, 0n, code >>> 0, 0, buf, MESSAGE_UNITS, 0n);
  return Buffer.from(buf.buffer, 0, units * 2)
    .toString('utf16le')
    .replace(/\s+$/u, '');
}

export function systemMessage(ctx: RuntimeContext, code: number): string {
  if (code === 0) return '';
  const { strerror, FormatMessageW } = ctx.raw;
  if (strerror) return strerror(code);
  const text = FormatMessageW ? windowsMessage(ctx, FormatMessageW, code) : '';
  return text || `Unknown error ${code}`;
}

export function newOSError(ctx: RuntimeContext, code: number, syscall?: string, additionalInfo = ''): OSError {
  const text = systemMessage(ctx, code) || `error ${code}`;
  const message = additionalInfo ? `${text}\nAdditional info: ${additionalInfo}` : text;
  return new OSError(message, code, errorName(ctx.platform, code), syscall);
}

/** Throws the OSError of the backend's last failed call. */
export function throwLastError(ctx: RuntimeContext, syscall: string): never {
  throw newOSError(ctx, ctx.raw.lastError(), syscall);
}

export function errorProcs(ctx: RuntimeContext): Pick<NativeSocketsApi, 'osLastError' | 'osErrorMsg' | 'raiseOSError'> {
  return {
    osLastError: () => ctx.raw.lastError(),
    osErrorMsg: (errorCode) => systemMessage(ctx, checkCint(errorCode, 'osErrorMsg', 'errorCode')),
    raiseOSError(errorCode, additionalInfo = '') {
      checkCint(errorCode, 'raiseOSError', 'errorCode');
      checkString(additionalInfo, 'raiseOSError', 'additionalInfo');
      throw newOSError(ctx, errorCode, undefined, additionalInfo);
    },
  };
}
