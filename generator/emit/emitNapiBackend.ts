// The N-API backend: a node-addon-api addon exposing the raw interface
// (rawBackend.ts), one thin wrapper per C function of the spec, plus its
// binding.gyp.
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
  platformCondition,
  platformsOfFamily,
  readNumberExpr,
  resultToJs,
} from './cxx.js';
import { type GeneratedFile, generatedHeader } from './files.js';

export const NAPI_SOURCE_PATH = 'napi/nativesockets.cc';
export const NAPI_GYP_PATH = 'napi/binding.gyp';
const ADDON_NAME = 'nativesockets';

export function emitNapiBackend(model: SpecModel): GeneratedFile[] {
  return [
    { path: NAPI_GYP_PATH, content: bindingGyp() },
    { path: NAPI_SOURCE_PATH, content: addonSource(model) },
  ];
}

// ---- binding.gyp -----------------------------------------------------------

function bindingGyp(): string {
  const target = {
    target_name: ADDON_NAME,
    sources: ['nativesockets.cc'],
    include_dirs: ['<!(node -p "require(\'node-addon-api\').include_dir")'],
    // Exceptions on: a wrong argument type from JavaScript becomes a thrown
    // JS error instead of a crash.
    defines: ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions'],
    cflags_cc: ['-fexceptions'],
    xcode_settings: { GCC_ENABLE_CPP_EXCEPTIONS: 'YES', CLANG_CXX_LIBRARY: 'libc++' },
    msvs_settings: { VCCLCompilerTool: { ExceptionHandling: 1 } },
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
    peekWrapper(),
    peekCStringWrapper(),
    lastErrorWrapper(),
    winsockStartup(model),
    moduleInit(model),
    [`NODE_API_MODULE(${ADDON_NAME}, Init)`],
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
    '// The socket headers come before napi.h so that winsock2.h precedes any windows.h.',
    ...guardedRuns(groupByCondition(runs)),
    '',
    '#include <napi.h>',
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
  const helpers: string[][] = [];
  if (used.has('number')) helpers.push(numberArgHelper());
  if (used.has('string')) helpers.push(stringArgHelper());
  if (used.has('buffer')) helpers.push(elementSizeHelper(), typedArrayDataHelper());
  // The intrinsics (peek, peekCString) take pointers whatever the spec's functions do.
  helpers.push(pointerArgHelper());
  if (usesVoidPointers(model)) helpers.push(voidPointerHelpers());
  return [
    '// Every argument is checked before the C call: JavaScript can pass anything,',
    '// and a wrong type must become a thrown TypeError, never undefined behaviour.',
    '// `what` is a literal, so the checks cost nothing until one fails.',
    ...helpers.flatMap((h, i) => (i === 0 ? h : ['', ...h])),
  ];
}

function numberArgHelper(): string[] {
  return [
    'static inline Napi::Number NumberArg(const Napi::CallbackInfo& info, size_t index, const char* what) {',
    '  Napi::Value value = info[index];',
    '  if (!value.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");',
    '  return value.As<Napi::Number>();',
    '}',
  ];
}

function stringArgHelper(): string[] {
  return [
    'static inline std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* what) {',
    '  Napi::Value value = info[index];',
    '  if (!value.IsString()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");',
    '  return value.As<Napi::String>().Utf8Value();',
    '}',
  ];
}

function elementSizeHelper(): string[] {
  return [
    'static inline size_t ElementSize(napi_typedarray_type type) {',
    '  switch (type) {',
    '    case napi_int16_array:',
    '    case napi_uint16_array:',
    '      return 2;',
    '    case napi_int32_array:',
    '    case napi_uint32_array:',
    '    case napi_float32_array:',
    '      return 4;',
    '    case napi_float64_array:',
    '    case napi_bigint64_array:',
    '    case napi_biguint64_array:',
    '      return 8;',
    '    default:',
    '      // Byte arrays, and kinds newer than these headers: 1 under-counts, so the size check stays safe.',
    '      return 1;',
    '  }',
    '}',
  ];
}

function typedArrayDataHelper(): string[] {
  return [
    '// The C call writes through a typed pointer (an int*, a socklen_t*) without',
    '// knowing the array, so an array too short for one element is refused here.',
    'static inline void* TypedArrayData(const Napi::CallbackInfo& info, size_t index, const char* what, size_t minBytes) {',
    '  napi_typedarray_type type;',
    '  size_t length;',
    '  void* data;',
    '  // The data pointer napi_get_typedarray_info returns already includes byte_offset.',
    '  if (napi_get_typedarray_info(info.Env(), info[index], &type, &length, &data, nullptr, nullptr) != napi_ok) {',
    `    throw Napi::TypeError::New(info.Env(), std::string(what) + " ${POINTER_MESSAGES.notTypedArray}");`,
    '  }',
    '  if (length * ElementSize(type) < minBytes) {',
    '    throw Napi::RangeError::New(info.Env(), std::string(what) + " must hold at least " + std::to_string(minBytes) + " bytes");',
    '  }',
    '  return data;',
    '}',
  ];
}

function pointerArgHelper(): string[] {
  return [
    '// A pointer crosses by value as a BigInt (0n is NULL). A number or a string is',
    '// refused: it would be a guess at an address.',
    'static inline void* PointerArg(const Napi::CallbackInfo& info, size_t index, const char* what) {',
    '  Napi::Value value = info[index];',
    `  if (!value.IsBigInt()) throw Napi::TypeError::New(info.Env(), std::string(what) + " ${POINTER_MESSAGES.notBigint}");`,
    '  bool lossless = false;',
    '  uint64_t address = value.As<Napi::BigInt>().Uint64Value(&lossless);',
    '  if (!lossless || static_cast<uint64_t>(static_cast<uintptr_t>(address)) != address) {',
    `    throw Napi::RangeError::New(info.Env(), std::string(what) + " ${POINTER_MESSAGES.outOfRange}");`,
    '  }',
    '  return reinterpret_cast<void*>(static_cast<uintptr_t>(address));',
    '}',
  ];
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
  return new Set([...model.cFunctions.map((f) => f.name), 'info', 'result', 'lastError', 'errno', 'h_errno']);
}

function wrapper(model: SpecModel, fn: CFunctionDef): string[] {
  const bodies = familiesOf(model, fn.platforms).map((family) => ({ family, lines: wrapperBody(model, fn, family) }));
  const allSame = bodies.every((b) => b.lines.join('\n') === bodies[0]!.lines.join('\n'));
  return guarded(platformCondition(model, fn.platforms), [
    `static Napi::Value ${wrapperName(fn.name)}(const Napi::CallbackInfo& info) {`,
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
  read: string;
  /** The expression passed to the C function. */
  pass: string;
}

function wrapperBody(model: SpecModel, fn: CFunctionDef, family: Family): string[] {
  const reserved = reservedNames(model);
  const args = fn.params.map((p, i) => argCode(fn, p, i, family, localName(p.name, reserved)));
  const call = `${fn.name}(${args.map((a) => a.pass).join(', ')})`;
  const lines = args.map((a) => a.read);
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

function argCode(fn: CFunctionDef, p: CParam, index: number, family: Family, local: string): ArgCode {
  const what = `"${fn.name}: ${p.name}"`;
  const type = cxxType(p.type, family);
  // A variadic argument (fcntl's) is passed as its declared C type: the local has that type.
  switch (C_TYPE_INFO[p.type].passing) {
    case 'number':
      return { read: `${type} ${local} = ${readNumberExpr(p.type, family, `NumberArg(info, ${index}, ${what})`)};`, pass: local };
    case 'string':
      return { read: `std::string ${local} = StringArg(info, ${index}, ${what});`, pass: `${local}.c_str()` };
    case 'buffer': {
      const data = `TypedArrayData(info, ${index}, ${what}, ${minBytesExpr(p.type, family)})`;
      const read = `${type} ${local} = ${type === 'void*' || type === 'const void*' ? data : `static_cast<${type}>(${data})`};`;
      if (!isVoidPointer(p)) return { read, pass: local };
      return { read, pass: `${p.type === 'const void*' ? 'ConstVoidPointer' : 'VoidPointer'}{${local}}` };
    }
    case 'pointer':
      if (p.variadic) throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name}: a variadic parameter cannot be a ptr`);
      return { read: `void* ${local} = PointerArg(info, ${index}, ${what});`, pass: `VoidPointer{${local}}` };
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
    'static Napi::Value js_peek(const Napi::CallbackInfo& info) {',
    '  const void* address = PointerArg(info, 0, "peek: address");',
    `  if (address == nullptr) throw Napi::TypeError::New(info.Env(), "peek: address ${m.isNull}");`,
    '  Napi::Value lengthValue = info[1];',
    `  if (!lengthValue.IsNumber()) throw Napi::TypeError::New(info.Env(), "peek: length ${m.lengthNotNumber}");`,
    '  double length = lengthValue.As<Napi::Number>().DoubleValue();',
    '  // Written so that NaN fails too.',
    `  if (!(length >= 0 && length <= ${PEEK_MAX_BYTES}) || std::floor(length) != length) {`,
    `    throw Napi::RangeError::New(info.Env(), "peek: length ${m.lengthRange}");`,
    '  }',
    '  size_t bytes = static_cast<size_t>(length);',
    '  Napi::Uint8Array copy = Napi::Uint8Array::New(info.Env(), bytes);',
    '  if (bytes > 0) std::memcpy(copy.Data(), address, bytes);',
    '  return copy;',
    '}',
  ];
}

function peekCStringWrapper(): string[] {
  return [
    'static Napi::Value js_peekCString(const Napi::CallbackInfo& info) {',
    '  const char* address = static_cast<const char*>(PointerArg(info, 0, "peekCString: address"));',
    '  return Napi::String::New(info.Env(), address != nullptr ? address : "");',
    '}',
  ];
}

function lastErrorWrapper(): string[] {
  return [
    'static Napi::Value js_lastError(const Napi::CallbackInfo& info) {',
    '  return Napi::Number::New(info.Env(), lastError);',
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
    'static void StartWinsock(Napi::Env env) {',
    '  static const int status = [] {',
    '    WSADATA data;',
    '    return WSAStartup(MAKEWORD(2, 2), &data);',
    '  }();',
    '  if (status != 0) throw Napi::Error::New(env, "WSAStartup failed: " + std::to_string(status));',
    '}',
  ]);
}

function moduleInit(model: SpecModel): string[] {
  const windows = windowsPlatforms(model);
  const exportsOf = model.cFunctions.map((fn) => ({
    condition: platformCondition(model, fn.platforms),
    lines: [`  exports.Set("${fn.name}", Napi::Function::New(env, ${wrapperName(fn.name)}, "${fn.name}"));`],
  }));
  return [
    'static Napi::Object Init(Napi::Env env, Napi::Object exports) {',
    ...(windows.length ? guarded(definedAny(model, windows), ['  StartWinsock(env);']) : []),
    '  exports.Set("name", Napi::String::New(env, "napi"));',
    ...guardedRuns(mergeAdjacent(exportsOf)),
    '  exports.Set("peek", Napi::Function::New(env, js_peek, "peek"));',
    '  exports.Set("peekCString", Napi::Function::New(env, js_peekCString, "peekCString"));',
    '  exports.Set("lastError", Napi::Function::New(env, js_lastError, "lastError"));',
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
