// C++ vocabulary for the N-API emitter: which preprocessor macro identifies each
// platform, how each C type is read from and returned to JavaScript per platform
// family (through the addon's helpers over Node-API's C interface), and how a
// failed call is recognised.
import type { CType, FailureKind, Platform, PlatformName, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';

export type Family = Platform['family'];

/** The macro the compiler predefines on each platform of the spec. */
export const PLATFORM_MACROS: Record<PlatformName, string> = {
  linux: '__linux__',
  macosx: '__APPLE__',
  freebsd: '__FreeBSD__',
  windows: '_WIN32',
};

export function platformMacro(platform: PlatformName): string {
  const macro = PLATFORM_MACROS[platform];
  if (!macro)
    throw new Error(
      `N-API emitter: no preprocessor macro known for platform '${platform}' (add it to PLATFORM_MACROS)`,
    );
  return macro;
}

/** `defined(A) || defined(B)` for the given platforms, in the model's platform order. */
export function definedAny(model: SpecModel, platforms: readonly PlatformName[]): string {
  return model.platforms
    .filter((p) => platforms.includes(p.name))
    .map((p) => `defined(${platformMacro(p.name)})`)
    .join(' || ');
}

/** The condition a piece of code needs, or null when it belongs on every platform. */
export function platformCondition(model: SpecModel, platforms: readonly PlatformName[]): string | null {
  return model.platforms.every((p) => platforms.includes(p.name)) ? null : definedAny(model, platforms);
}

/** Wraps lines in `#if cond` ... `#endif`, or returns them unchanged when cond is null. */
export function guarded(condition: string | null, lines: string[]): string[] {
  return condition === null ? lines : [`#if ${condition}`, ...lines, '#endif'];
}

/** The families of the given platforms, Windows first so POSIX is the `#else` branch. */
export function familiesOf(model: SpecModel, platforms: readonly PlatformName[]): Family[] {
  const present = new Set(model.platforms.filter((p) => platforms.includes(p.name)).map((p) => p.family));
  return (['windows', 'posix'] as const).filter((f) => present.has(f));
}

export function platformsOfFamily(model: SpecModel, family: Family, among: readonly PlatformName[]): PlatformName[] {
  return model.platforms.filter((p) => p.family === family && among.includes(p.name)).map((p) => p.name);
}

/** The expression that reads the last error right after a failed call on this family. */
export function lastErrorExpr(model: SpecModel, family: Family, failure: FailureKind = 'minus1'): string {
  const kinds = new Set(model.platforms.filter((p) => p.family === family).map((p) => p.lastError));
  if (kinds.size !== 1)
    throw new Error(`N-API emitter: platforms of family ${family} disagree on how the last error is read`);
  // A Win32 call (failure 'zero') reports through GetLastError(), which WSAGetLastError() also reads.
  if (kinds.has('wsa')) return failure === 'zero' ? 'GetLastError()' : 'WSAGetLastError()'; // winsock2.h's h_errno is WSAGetLastError() too
  // h_errno is a macro over per-thread storage on glibc and FreeBSD, a global on macOS: netdb.h knows which.
  return failure === 'nullHErrno' ? 'h_errno' : 'errno';
}

// ---- C types -------------------------------------------------------------

export function cxxType(type: CType, family: Family): string {
  return C_TYPE_INFO[type].cxx[family];
}

/**
 * The C++ type a wrapper stores a result of this C type in. A returned pointer
 * is kept as `const void*`, to which any object pointer (`struct hostent*`,
 * `const char*`) converts implicitly.
 */
export function cxxResultType(type: CType, family: Family): string {
  return C_TYPE_INFO[type].passing === 'pointer' ? 'const void*' : cxxType(type, family);
}

/** The argument readers of the addon (see emitNapiBackend's argumentHelpers), one per N-API getter. */
export type NumberReader = 'Int32Arg' | 'Uint32Arg' | 'Int64Arg';

// 32-bit reads where the C type is 32 bits wide; 64-bit where it may be wider
// (a Windows SOCKET is pointer-sized). Kept beside C_TYPE_INFO's cxx column.
// Each reader converts what N-API read to the declared C++ type with a static_cast.
const NUMBER_READERS: Partial<Record<CType, Record<Family, NumberReader>>> = {
  int: { posix: 'Int32Arg', windows: 'Int32Arg' },
  unsigned: { posix: 'Uint32Arg', windows: 'Uint32Arg' },
  socklen_t: { posix: 'Int32Arg', windows: 'Int32Arg' },
  socket_t: { posix: 'Int32Arg', windows: 'Int64Arg' },
  long: { posix: 'Int64Arg', windows: 'Int64Arg' },
  size_t: { posix: 'Int64Arg', windows: 'Int64Arg' },
  ssize_t: { posix: 'Int64Arg', windows: 'Int64Arg' },
};

/** The reader that turns a JS number into the C++ type of `type` (napi_get_value_int32 and friends). */
export function numberReader(type: CType, family: Family): NumberReader {
  const reader = NUMBER_READERS[type]?.[family];
  if (!reader) throw new Error(`N-API emitter: no way to read C type '${type}' from a JS number`);
  return reader;
}

/**
 * The bytes a typed array must hold for a pointer of this C type: the pointee's
 * size, or 0 for `void*` whose length the C call receives separately.
 */
export function minBytesExpr(type: CType, family: Family): string {
  if (type === 'void*' || type === 'const void*') return '0';
  const pointee = cxxType(type, family)
    .replace(/\*$/, '')
    .replace(/^const /, '')
    .trim();
  return `sizeof(${pointee})`;
}

/** The condition under which `result` of this C type reports a failure of this kind. */
export function failedCondition(returns: CType, family: Family, failure: FailureKind = 'minus1'): string {
  const passing = C_TYPE_INFO[returns].passing;
  switch (failure) {
    case 'minus1':
      if (passing !== 'number')
        throw new Error(`N-API emitter: failure 'minus1' needs a numeric return type, not '${returns}'`);
      if (family === 'posix') return 'result == -1';
      return returns === 'socket_t' ? 'result == INVALID_SOCKET' : 'result == SOCKET_ERROR';
    case 'null':
    case 'nullHErrno':
      if (passing !== 'pointer')
        throw new Error(`N-API emitter: failure '${failure}' needs a ptr return type, not '${returns}'`);
      return 'result == nullptr';
    case 'returnsCode':
      if (passing !== 'number')
        throw new Error(`N-API emitter: failure 'returnsCode' needs a numeric return type, not '${returns}'`);
      return 'result != 0';
    case 'zero':
      if (passing !== 'number')
        throw new Error(`N-API emitter: failure 'zero' needs a numeric return type, not '${returns}'`);
      return 'result == 0';
    case 'never':
      throw new Error("N-API emitter: failure 'never' has no failed condition");
  }
}

/** The JS value returned for `result` of this C type (the addon's *Result helpers). */
export function resultToJs(returns: CType, family: Family): string {
  switch (C_TYPE_INFO[returns].passing) {
    case 'void':
      return 'UndefinedResult(env)';
    case 'string':
      return 'StringResult(env, result)';
    case 'buffer':
      throw new Error(`N-API emitter: cannot return C type '${returns}' to JavaScript`);
    case 'pointer':
      return 'PointerResult(env, result)';
    case 'number':
      if (returns === 'socket_t' && family === 'windows') {
        // SOCKET is unsigned; the raw interface promises -1 for INVALID_SOCKET.
        return 'NumberResult(env, result == INVALID_SOCKET ? -1.0 : static_cast<double>(result))';
      }
      return cxxType(returns, family) === 'int'
        ? 'Int32Result(env, result)'
        : 'NumberResult(env, static_cast<double>(result))';
  }
}

// ---- identifiers ---------------------------------------------------------

const CXX_KEYWORDS = new Set(
  (
    'alignas alignof and asm auto bitand bitor bool break case catch char class compl const constexpr ' +
    'const_cast continue decltype default delete do double dynamic_cast else enum explicit export extern ' +
    'false float for friend goto if inline int long mutable namespace new noexcept not nullptr operator or ' +
    'private protected public register reinterpret_cast return short signed sizeof static static_assert ' +
    'static_cast struct switch template this thread_local throw true try typedef typeid typename union ' +
    'unsigned using virtual void volatile wchar_t while'
  ).split(' '),
);

/**
 * A local variable name for a C parameter. A local named like a C function
 * (`socket`) would hide that function inside the wrapper, so such names get `_`.
 */
export function localName(name: string, taken: ReadonlySet<string>): string {
  return CXX_KEYWORDS.has(name) || taken.has(name) ? `${name}_` : name;
}
