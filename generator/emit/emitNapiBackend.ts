// The N-API backend: an addon exposing the raw interface (rawBackend.ts), one
// thin wrapper per C function of the spec, plus its binding.gyp. The wrappers
// use Node-API's C interface directly (napi_get_cb_info into a stack array, one
// napi_get_value_* per argument, no C++ exceptions): node-addon-api's
// CallbackInfo / Napi::Value layers cost more per call than the checks they make.
import { ABSENT, type CFunctionDef, type CParam, type PlatformName, type SpecModel } from '../model/spec.js';
import { C_TYPE_INFO, PEEK_MAX_BYTES, POINTER_MESSAGES } from './cTypes.js';
import {
  cxxResultType,
  cxxType,
  definedAny,
  failedCondition,
  type Family,
  familiesOf,
  guarded,
  lastErrorExpr,
  localName,
  minBytesExpr,
  type NumberReader,
  numberReader,
  platformCondition,
  platformsOfFamily,
  resultToJs,
} from './cxx.js';
import { type GeneratedFile, generatedHeader } from './files.js';
import {
  type NapiEmitterHooks,
  napiEventLoopDeclaration,
  napiEventLoopInitCall,
  napiSources,
  napiThreadpoolInit,
  napiThreadpoolWrappers,
} from './emitAsyncBackends.js';

export const NAPI_SOURCE_PATH = 'napi/nativesockets.cc';
export const NAPI_GYP_PATH = 'napi/binding.gyp';
const ADDON_NAME = 'nativesockets';

export function emitNapiBackend(model: SpecModel): GeneratedFile[] {
  return [
    { path: NAPI_GYP_PATH, content: bindingGyp(model) },
    { path: NAPI_SOURCE_PATH, content: addonSource(model) },
  ];
}

// ---- binding.gyp -----------------------------------------------------------

function bindingGyp(model: SpecModel): string {
  const target = {
    target_name: ADDON_NAME,
    sources: napiSources(model, 'nativesockets.cc'),
    // Node-API's C interface only (node_api.h, from Node's headers): a wrong
    // argument type from JavaScript becomes a pending JS exception, no C++ exceptions.
    defines: ['NAPI_VERSION=8'],
    xcode_settings: { CLANG_CXX_LIBRARY: 'libc++' },
    conditions: [["OS=='win'", { libraries: ['ws2_32.lib'] }]],
  };
  // gyp reads a Python literal; JSON is a subset of it apart from the comment line.
  return generatedHeader('hash') + JSON.stringify({ targets: [target] }, null, 2) + '\n';
}

// ---- nativesockets.cc ------------------------------------------------------

function addonSource(model: SpecModel): string {
  const sections: string[][] = [
    knownPlatformCheck(model),
    includes(model),
    lastErrorState(),
    argumentHelpers(model),
    ...model.cFunctions.map((fn) => wrapper(model, fn)),
    napiThreadpoolWrappers(model, napiHooks(model)),
    napiEventLoopDeclaration(model),
    peekWrapper(),
    peekCStringWrapper(),
    lastErrorWrapper(),
    winsockStartup(model),
    moduleInit(model),
    [`NAPI_MODULE(${ADDON_NAME}, Init)`],
  ];
  return generatedHeader('slash') + '\n' + sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n') + '\n';
}

function knownPlatformCheck(model: SpecModel): string[] {
  return [
    '// Wrappers choose between platform families with #else, so a platform the',
    '// spec does not list must stop here rather than get the wrong family.',
    `#if !(${definedAny(model, model.platforms.map((p) => p.name))})`,
    '#error "nativesockets: this platform is not in spec/platforms.yaml"',
    '#endif',
  ];
}

/** Headers every platform of a family needs whatever the spec's functions are. */
const FAMILY_HEADERS: Record<Family, string[]> = {
  windows: ['winsock2.h', 'ws2tcpip.h'],
  posix: ['errno.h'],
};

function includes(model: SpecModel): string[] {
  const platformsByHeader = new Map<string, Set<PlatformName>>();
  const need = (header: string, platform: PlatformName) => {
    const set = platformsByHeader.get(header) ?? new Set<PlatformName>();
    set.add(platform);
    platformsByHeader.set(header, set);
  };
  for (const family of ['windows', 'posix'] as const) {
    for (const p of model.platforms.filter((pl) => pl.family === family)) {
      for (const h of FAMILY_HEADERS[family]) need(h, p.name);
    }
  }
  for (const fn of model.cFunctions) {
    for (const p of fn.platforms) need(headerOf(fn, p), p);
    // h_errno comes from netdb.h on POSIX (winsock2.h defines it on Windows).
    if (fn.failure === 'nullHErrno') {
      for (const p of model.platforms.filter((pl) => pl.family === 'posix' && fn.platforms.includes(pl.name))) need('netdb.h', p.name);
    }
  }
  const runs = [...platformsByHeader].map(([header, platforms]) => ({
    condition: platformCondition(model, [...platforms]),
    lines: [`#include <${header}>`],
  }));
  return [
    '// The socket headers come before node_api.h so that winsock2.h precedes any windows.h.',
    ...guardedRuns(groupByCondition(runs)),
    '',
    '#include <node_api.h>',
    '',
    '// NATIVESOCKETS_SOURCES_HASH, exported as sourcesHash: the runtime refuses an addon built from other sources.',
    '#include "sources_hash.h"',
    '',
    '#include <cmath>',
    '#include <cstddef>',
    '#include <cstdint>',
    '#include <cstring>',
    '#include <string>',
  ];
}

function headerOf(fn: CFunctionDef, platform: PlatformName): string {
  const header = fn.header[platform];
  if (header === undefined || header === ABSENT) {
    throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name} has no header for platform ${platform}`);
  }
  return header;
}

function lastErrorState(): string[] {
  return [
    '// Captured right after a failed call, before any N-API call can change it;',
    '// per thread because each worker thread calls independently.',
    'static thread_local int lastError = 0;',
  ];
}

// ---- argument checks -------------------------------------------------------

function passingsUsed(model: SpecModel): Set<string> {
  return new Set(model.cFunctions.flatMap((fn) => fn.params.map((p) => C_TYPE_INFO[p.type].passing)));
}

/** Whether some parameter is passed to C through an untyped pointer (void*, const void*, ptr). */
function usesVoidPointers(model: SpecModel): boolean {
  return model.cFunctions.some((fn) => fn.params.some((p) => isVoidPointer(p)));
}

function isVoidPointer(p: CParam): boolean {
  return !p.variadic && (p.type === 'void*' || p.type === 'const void*' || p.type === 'ptr');
}

function argumentHelpers(model: SpecModel): string[] {
  const used = passingsUsed(model);
  const helpers: string[][] = [failHelper(), argsHelper()];
  if (used.has('number')) helpers.push(numberArgHelpers(model));
  if (used.has('string')) helpers.push(stringArgHelper());
  if (used.has('buffer')) helpers.push(typedArrayArgHelper());
  // The intrinsics (peek, peekCString) take pointers whatever the spec's functions do.
  helpers.push(pointerArgHelper());
  if (usesVoidPointers(model)) helpers.push(voidPointerHelpers());
  helpers.push(resultHelpers(model));
  return [
    '// Every argument is checked before the C call: JavaScript can pass anything,',
    '// and a wrong type must become a thrown TypeError, never undefined behaviour.',
    '// A helper that refuses an argument throws the JS error and returns false; the',
    '// wrapper then returns nullptr at once. `what` is a literal, so the checks cost',
    '// nothing until one fails.',
    ...helpers.flatMap((h, i) => (i === 0 ? h : ['', ...h])),
  ];
}

function failHelper(): string[] {
  return [
    'static bool Fail(napi_env env, bool range, const char* what, const std::string& message) {',
    '  std::string text = std::string(what) + " " + message;',
    '  if (range) napi_throw_range_error(env, nullptr, text.c_str());',
    '  else napi_throw_type_error(env, nullptr, text.c_str());',
    '  return false;',
    '}',
  ];
}

function argsHelper(): string[] {
  return [
    '// The first n arguments, into the wrapper\'s stack array; missing ones read as undefined.',
    'static inline bool Args(napi_env env, napi_callback_info info, size_t n, napi_value* argv) {',
    '  size_t argc = n;',
    '  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok;',
    '}',
  ];
}

const NUMBER_READER_APIS: Record<NumberReader, { napi: string; type: string }> = {
  Int32Arg: { napi: 'napi_get_value_int32', type: 'int32_t' },
  Uint32Arg: { napi: 'napi_get_value_uint32', type: 'uint32_t' },
  Int64Arg: { napi: 'napi_get_value_int64', type: 'int64_t' },
};

/** The number readers the spec's functions use, in a fixed order. */
function numberReadersUsed(model: SpecModel): NumberReader[] {
  const used = new Set<NumberReader>();
  for (const fn of model.cFunctions) {
    for (const p of fn.params) {
      if (C_TYPE_INFO[p.type].passing !== 'number') continue;
      for (const family of familiesOf(model, fn.platforms)) used.add(numberReader(p.type, family));
    }
  }
  return (Object.keys(NUMBER_READER_APIS) as NumberReader[]).filter((r) => used.has(r));
}

function numberArgHelpers(model: SpecModel): string[] {
  return [
    '// A JS number, converted as napi_get_value_int32 / _uint32 / _int64 convert it',
    '// (modulo 2^32 for the 32-bit reads, NaN and Infinity as 0), then to the C type.',
    ...numberReadersUsed(model).flatMap((reader, i) => {
      const { napi, type } = NUMBER_READER_APIS[reader];
      return [
        ...(i === 0 ? [] : ['']),
        'template <typename T>',
        `static inline bool ${reader}(napi_env env, napi_value value, const char* what, T* out) {`,
        `  ${type} v = 0;`,
        `  if (${napi}(env, value, &v) != napi_ok) return Fail(env, false, what, "must be a number");`,
        '  *out = static_cast<T>(v);',
        '  return true;',
        '}',
      ];
    }),
  ];
}

function stringArgHelper(): string[] {
  return [
    'static inline bool StringArg(napi_env env, napi_value value, const char* what, std::string* out) {',
    '  size_t length;',
    '  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return Fail(env, false, what, "must be a string");',
    '  out->resize(length);',
    '  return napi_get_value_string_utf8(env, value, &(*out)[0], length + 1, nullptr) == napi_ok;',
    '}',
  ];
}

function typedArrayArgHelper(): string[] {
  return [
    '// A typed array\'s memory, looked up on every call (never cached: a buffer can',
    '// move or be detached between calls). For a void* the C call is told the',
    '// length separately, so only the memory is read: N-API is not asked for the',
    '// array\'s kind, a chain of type tests in V8. A typed pointer (an int*, a',
    '// socklen_t*) is written without C knowing the array, so an array with fewer',
    '// bytes than one element is refused here. `minBytes` is a constant at each',
    '// call, so only one branch is compiled in.',
    'template <typename T>',
    'static inline bool TypedArrayArg(napi_env env, napi_value value, const char* what, size_t minBytes, T** out) {',
    '  void* data = nullptr;',
    '  // A DataView is refused by name: Bun\'s napi_is_typedarray and napi_get_typedarray_info accept one.',
    '  bool dataView = false;',
    '  if (napi_is_dataview(env, value, &dataView) != napi_ok || dataView) {',
    `    return Fail(env, false, what, "${POINTER_MESSAGES.notTypedArray}");`,
    '  }',
    '  if (minBytes == 0) {',
    '    // The data pointer napi_get_typedarray_info returns already includes byte_offset.',
    '    if (napi_get_typedarray_info(env, value, nullptr, nullptr, &data, nullptr, nullptr) != napi_ok) {',
    `      return Fail(env, false, what, "${POINTER_MESSAGES.notTypedArray}");`,
    '    }',
    '  } else {',
    '    bool typedArray = false;',
    '    size_t bytes = 0;',
    '    // napi_get_buffer_info reads any ArrayBufferView (a DataView too, refused above):',
    '    // its data (byte_offset included) and its length in bytes, in one call.',
    '    if (napi_is_typedarray(env, value, &typedArray) != napi_ok || !typedArray || napi_get_buffer_info(env, value, &data, &bytes) != napi_ok) {',
    `      return Fail(env, false, what, "${POINTER_MESSAGES.notTypedArray}");`,
    '    }',
    '    if (bytes < minBytes) return Fail(env, true, what, "must hold at least " + std::to_string(minBytes) + " bytes");',
    '  }',
    '  *out = static_cast<T*>(data);',
    '  return true;',
    '}',
  ];
}

function pointerArgHelper(): string[] {
  return [
    '// A pointer crosses by value as a BigInt (0n is NULL). A number or a string is',
    '// refused: it would be a guess at an address.',
    'static inline bool PointerArg(napi_env env, napi_value value, const char* what, void** out) {',
    '  uint64_t address;',
    '  bool lossless = false;',
    `  if (napi_get_value_bigint_uint64(env, value, &address, &lossless) != napi_ok) return Fail(env, false, what, "${POINTER_MESSAGES.notBigint}");`,
    '  if (!lossless || static_cast<uint64_t>(static_cast<uintptr_t>(address)) != address) {',
    `    return Fail(env, true, what, "${POINTER_MESSAGES.outOfRange}");`,
    '  }',
    '  *out = reinterpret_cast<void*>(static_cast<uintptr_t>(address));',
    '  return true;',
    '}',
  ];
}

/** The helpers that turn a C result into a JS value (nullptr if N-API fails, with its exception pending). */
function resultHelpers(model: SpecModel): string[] {
  const lines = [
    'static inline napi_value Int32Result(napi_env env, int32_t value) {',
    '  napi_value out;',
    '  return napi_create_int32(env, value, &out) == napi_ok ? out : nullptr;',
    '}',
    '',
    'static inline napi_value NumberResult(napi_env env, double value) {',
    '  napi_value out;',
    '  return napi_create_double(env, value, &out) == napi_ok ? out : nullptr;',
    '}',
    '',
    'static inline napi_value StringResult(napi_env env, const char* value) {',
    '  napi_value out;',
    '  return napi_create_string_utf8(env, value != nullptr ? value : "", NAPI_AUTO_LENGTH, &out) == napi_ok ? out : nullptr;',
    '}',
    '',
    'static inline napi_value PointerResult(napi_env env, const void* value) {',
    '  napi_value out;',
    '  return napi_create_bigint_uint64(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(value)), &out) == napi_ok ? out : nullptr;',
    '}',
  ];
  if (model.cFunctions.some((fn) => fn.returns === 'void')) {
    lines.push(
      '',
      'static inline napi_value UndefinedResult(napi_env env) {',
      '  napi_value out;',
      '  return napi_get_undefined(env, &out) == napi_ok ? out : nullptr;',
      '}',
    );
  }
  return lines;
}

function voidPointerHelpers(): string[] {
  return [
    '// C converts a void* to any object pointer implicitly and C++ does not. The',
    '// spec types such parameters void* (struct addrinfo**, char*, struct addrinfo*):',
    '// these convert at the call to whatever pointer type the function declares.',
    'struct VoidPointer {',
    '  void* address;',
    '  template <typename T>',
    '  operator T*() const { return static_cast<T*>(address); }',
    '};',
    '',
    'struct ConstVoidPointer {',
    '  const void* address;',
    '  template <typename T>',
    '  operator const T*() const { return static_cast<const T*>(address); }',
    '};',
  ];
}

// ---- wrappers ----------------------------------------------------------------

function wrapperName(fnName: string): string {
  return `js_${fnName}`;
}

/** Names a parameter local must not take: they would hide what the wrapper uses. */
function reservedNames(model: SpecModel): Set<string> {
  return new Set([...model.cFunctions.map((f) => f.name), 'env', 'info', 'argv', 'result', 'lastError', 'errno', 'h_errno']);
}

function wrapper(model: SpecModel, fn: CFunctionDef): string[] {
  const bodies = familiesOf(model, fn.platforms).map((family) => ({ family, lines: wrapperBody(model, fn, family) }));
  const allSame = bodies.every((b) => b.lines.join('\n') === bodies[0]!.lines.join('\n'));
  const argc = fn.params.length;
  return guarded(platformCondition(model, fn.platforms), [
    `static napi_value ${wrapperName(fn.name)}(napi_env env, napi_callback_info ${argc > 0 ? 'info' : '/* info */'}) {`,
    ...(argc > 0 ? [`  napi_value argv[${argc}];`, `  if (!Args(env, info, ${argc}, argv)) return nullptr;`] : []),
    ...(allSame ? bodies[0]!.lines : familySwitch(model, fn, bodies)),
    '}',
  ]);
}

/**
 * One body per platform family: the lines all families share stay outside, the
 * rest goes under `#if` for the first family and `#else` for the last.
 */
function familySwitch(model: SpecModel, fn: CFunctionDef, bodies: { family: Family; lines: string[] }[]): string[] {
  const shared = (at: (lines: string[], i: number) => string | undefined) => {
    let n = 0;
    const shortest = Math.min(...bodies.map((b) => b.lines.length));
    while (n < shortest && bodies.every((b) => at(b.lines, n) === at(bodies[0]!.lines, n))) n++;
    return n;
  };
  const head = shared((lines, i) => lines[i]);
  const tail = Math.min(shared((lines, i) => lines[lines.length - 1 - i]), Math.min(...bodies.map((b) => b.lines.length)) - head);
  const directive = (family: Family, i: number) => {
    if (i === bodies.length - 1) return '#else';
    return `${i === 0 ? '#if' : '#elif'} ${definedAny(model, platformsOfFamily(model, family, fn.platforms))}`;
  };
  const first = bodies[0]!.lines;
  return [
    ...first.slice(0, head),
    ...bodies.flatMap((b, i) => [directive(b.family, i), ...b.lines.slice(head, b.lines.length - tail)]),
    '#endif',
    ...first.slice(first.length - tail),
  ];
}

interface ArgCode {
  /** Statements that read and check the argument. */
  read: string[];
  /** The expression passed to the C function. */
  pass: string;
}

function wrapperBody(model: SpecModel, fn: CFunctionDef, family: Family): string[] {
  const reserved = reservedNames(model);
  const args = fn.params.map((p, i) => argCode(fn, p, i, family, localName(p.name, reserved)));
  const call = `${fn.name}(${args.map((a) => a.pass).join(', ')})`;
  const lines = args.flatMap((a) => a.read);
  if (fn.returns === 'void') {
    lines.push(`${call};`);
  } else {
    lines.push(`${cxxResultType(fn.returns, family)} result = ${call};`);
  }
  if (fn.failure !== 'never') {
    lines.push(`if (${failedCondition(fn.returns, family, fn.failure)}) lastError = ${lastErrorExpr(model, family, fn.failure)};`);
  }
  lines.push(`return ${resultToJs(fn.returns, family)};`);
  return lines.map((l) => `  ${l}`);
}

/** What the threadpool wrappers (emitAsyncBackends.ts) reuse from this emitter. */
function napiHooks(model: SpecModel): NapiEmitterHooks {
  const reserved = reservedNames(model);
  return {
    argCode,
    localName: (_fn, name) => localName(name, reserved),
    resultToJs: (fn, family) => resultToJs(fn.returns, family),
  };
}

function argCode(fn: CFunctionDef, p: CParam, index: number, family: Family, local: string): ArgCode {
  const what = `"${fn.name}: ${p.name}"`;
  const type = cxxType(p.type, family);
  const arg = `argv[${index}]`;
  // A variadic argument (fcntl's) is passed as its declared C type: the local has that type.
  switch (C_TYPE_INFO[p.type].passing) {
    case 'number':
      return {
        read: [`${type} ${local} = 0;`, `if (!${numberReader(p.type, family)}(env, ${arg}, ${what}, &${local})) return nullptr;`],
        pass: local,
      };
    case 'string':
      return { read: [`std::string ${local};`, `if (!StringArg(env, ${arg}, ${what}, &${local})) return nullptr;`], pass: `${local}.c_str()` };
    case 'buffer': {
      const read = [`${type} ${local} = nullptr;`, `if (!TypedArrayArg(env, ${arg}, ${what}, ${minBytesExpr(p.type, family)}, &${local})) return nullptr;`];
      if (!isVoidPointer(p)) return { read, pass: local };
      return { read, pass: `${p.type === 'const void*' ? 'ConstVoidPointer' : 'VoidPointer'}{${local}}` };
    }
    case 'pointer':
      if (p.variadic) throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name}: a variadic parameter cannot be a ptr`);
      return { read: [`void* ${local} = nullptr;`, `if (!PointerArg(env, ${arg}, ${what}, &${local})) return nullptr;`], pass: `VoidPointer{${local}}` };
    case 'void':
      throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name}: parameter ${p.name} cannot be void`);
  }
}

// ---- intrinsics: reading memory C returned by pointer ----------------------------

function peekWrapper(): string[] {
  const m = POINTER_MESSAGES;
  return [
    '// A copy, never a view: the memory belongs to the C library and may change or',
    '// be freed after this call returns.',
    'static napi_value js_peek(napi_env env, napi_callback_info info) {',
    '  napi_value argv[2];',
    '  if (!Args(env, info, 2, argv)) return nullptr;',
    '  void* address = nullptr;',
    '  if (!PointerArg(env, argv[0], "peek: address", &address)) return nullptr;',
    '  if (address == nullptr) {',
    `    Fail(env, false, "peek: address", "${m.isNull}");`,
    '    return nullptr;',
    '  }',
    '  double length = 0;',
    '  if (napi_get_value_double(env, argv[1], &length) != napi_ok) {',
    `    Fail(env, false, "peek: length", "${m.lengthNotNumber}");`,
    '    return nullptr;',
    '  }',
    '  // Written so that NaN fails too.',
    `  if (!(length >= 0 && length <= ${PEEK_MAX_BYTES}) || std::floor(length) != length) {`,
    `    Fail(env, true, "peek: length", "${m.lengthRange}");`,
    '    return nullptr;',
    '  }',
    '  size_t bytes = static_cast<size_t>(length);',
    '  void* data;',
    '  napi_value buffer;',
    '  napi_value copy;',
    '  if (napi_create_arraybuffer(env, bytes, &data, &buffer) != napi_ok) return nullptr;',
    '  if (napi_create_typedarray(env, napi_uint8_array, bytes, buffer, 0, &copy) != napi_ok) return nullptr;',
    '  if (bytes > 0) std::memcpy(data, address, bytes);',
    '  return copy;',
    '}',
  ];
}

function peekCStringWrapper(): string[] {
  return [
    'static napi_value js_peekCString(napi_env env, napi_callback_info info) {',
    '  napi_value argv[1];',
    '  if (!Args(env, info, 1, argv)) return nullptr;',
    '  void* address = nullptr;',
    '  if (!PointerArg(env, argv[0], "peekCString: address", &address)) return nullptr;',
    '  return StringResult(env, static_cast<const char*>(address));',
    '}',
  ];
}

function lastErrorWrapper(): string[] {
  return [
    'static napi_value js_lastError(napi_env env, napi_callback_info /* info */) {',
    '  return Int32Result(env, lastError);',
    '}',
  ];
}

// ---- module init -------------------------------------------------------------

function windowsPlatforms(model: SpecModel): PlatformName[] {
  return model.platforms.filter((p) => p.family === 'windows').map((p) => p.name);
}

function winsockStartup(model: SpecModel): string[] {
  const windows = windowsPlatforms(model);
  if (windows.length === 0) return [];
  return guarded(definedAny(model, windows), [
    '// Winsock must be started before the first socket call. A function-local',
    '// static starts it once per process, however many threads load the addon.',
    'static bool StartWinsock(napi_env env) {',
    '  static const int status = [] {',
    '    WSADATA data;',
    '    return WSAStartup(MAKEWORD(2, 2), &data);',
    '  }();',
    '  if (status == 0) return true;',
    '  napi_throw_error(env, nullptr, ("WSAStartup failed: " + std::to_string(status)).c_str());',
    '  return false;',
    '}',
  ]);
}

/** One entry of the exports: a method, or (value set) a value; writable, enumerable, configurable, like a plain assignment. */
function property(name: string, method: string | null, value: string | null = null): string {
  return `    {"${name}", nullptr, ${method ?? 'nullptr'}, nullptr, nullptr, ${value ?? 'nullptr'}, napi_default_jsproperty, nullptr},`;
}

function moduleInit(model: SpecModel): string[] {
  const windows = windowsPlatforms(model);
  const exportsOf = model.cFunctions.map((fn) => ({
    condition: platformCondition(model, fn.platforms),
    lines: [property(fn.name, wrapperName(fn.name))],
  }));
  return [
    'static napi_value Init(napi_env env, napi_value exports) {',
    ...(windows.length ? guarded(definedAny(model, windows), ['  if (!StartWinsock(env)) return nullptr;']) : []),
    '  napi_value name;',
    '  if (napi_create_string_utf8(env, "napi", NAPI_AUTO_LENGTH, &name) != napi_ok) return nullptr;',
    '  napi_value sourcesHash;',
    '  if (napi_create_string_utf8(env, NATIVESOCKETS_SOURCES_HASH, NAPI_AUTO_LENGTH, &sourcesHash) != napi_ok) return nullptr;',
    '  const napi_property_descriptor properties[] = {',
    property('name', null, 'name'),
    property('sourcesHash', null, 'sourcesHash'),
    ...guardedRuns(mergeAdjacent(exportsOf)),
    property('peek', 'js_peek'),
    property('peekCString', 'js_peekCString'),
    property('lastError', 'js_lastError'),
    '  };',
    '  if (napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) != napi_ok) return nullptr;',
    ...napiEventLoopInitCall(model),
    ...napiThreadpoolInit(model),
    '  return exports;',
    '}',
  ];
}

// ---- preprocessor grouping ---------------------------------------------------

interface Run {
  condition: string | null;
  lines: string[];
}

/** Merges items sharing a condition into one run, in order of first appearance. */
function groupByCondition(items: Run[]): Run[] {
  const runs = new Map<string | null, Run>();
  for (const item of items) {
    const run = runs.get(item.condition);
    if (run) run.lines.push(...item.lines);
    else runs.set(item.condition, { condition: item.condition, lines: [...item.lines] });
  }
  return [...runs.values()];
}

/** Merges neighbouring items that share a condition, keeping their order. */
function mergeAdjacent(items: Run[]): Run[] {
  const runs: Run[] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && last.condition === item.condition) last.lines.push(...item.lines);
    else runs.push({ condition: item.condition, lines: [...item.lines] });
  }
  return runs;
}

function guardedRuns(runs: Run[]): string[] {
  return runs.flatMap((r) => guarded(r.condition, r.lines));
}
