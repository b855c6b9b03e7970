// The N-API backend: an addon exposing the raw interface (rawBackend.ts), one
// thin wrapper per C function of the spec, plus its binding.gyp. The wrappers
// use Node-API's C interface directly (napi_get_cb_info into a stack array, one
// napi_get_value_* per argument, no C++ exceptions): node-addon-api's
// CallbackInfo / Napi::Value layers cost more per call than the checks they make.
import { ABSENT, type CFunctionDef, type CParam, type PlatformName, type SpecModel } from '../model/spec.js';
import {
  type NapiEmitterHooks,
  napiEventLoopDeclaration,
  napiEventLoopInitCall,
  napiThreadpoolInit,
  napiThreadpoolWrappers,
} from './napi/asyncWrappers.js';
import { NAPI_GYP_PATH, NAPI_HELPERS_INCLUDE, NAPI_SOURCE_PATH, napiSources } from './shared/addonSources.js';
import { C_TYPE_INFO, PEEK_MAX_BYTES, POINTER_MESSAGES } from './shared/cTypes.js';
import {
  cxxResultType,
  cxxType,
  definedAny,
  type Family,
  failedCondition,
  familiesOf,
  guarded,
  lastErrorExpr,
  localName,
  minBytesExpr,
  numberReader,
  platformCondition,
  platformsOfFamily,
  resultToJs,
} from './shared/cxx.js';
import { type GeneratedFile, generatedHeader } from './shared/files.js';

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
  return `${generatedHeader('hash') + JSON.stringify({ targets: [target] }, null, 2)}\n`;
}

// ---- nativesockets.cc ------------------------------------------------------

function addonSource(model: SpecModel): string {
  const sections: string[][] = [
    knownPlatformCheck(model),
    includes(model),
    ...model.cFunctions.map((fn) => wrapper(model, fn)),
    napiThreadpoolWrappers(model, napiHooks(model)),
    napiEventLoopDeclaration(model),
    winsockStartup(model),
    moduleInit(model),
    [`NAPI_MODULE(${ADDON_NAME}, Init)`],
  ];
  return (
    generatedHeader('slash') +
    '\n' +
    sections
      .filter((s) => s.length > 0)
      .map((s) => s.join('\n'))
      .join('\n\n') +
    '\n'
  );
}

function knownPlatformCheck(model: SpecModel): string[] {
  return [
    '// Wrappers choose between platform families with #else, so a platform the',
    '// spec does not list must stop here rather than get the wrong family.',
    `#if !(${definedAny(
      model,
      model.platforms.map((p) => p.name),
    )})`,
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
      for (const p of model.platforms.filter((pl) => pl.family === 'posix' && fn.platforms.includes(pl.name)))
        need('netdb.h', p.name);
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
    ...helpersInclude(),
  ];
}

function headerOf(fn: CFunctionDef, platform: PlatformName): string {
  const header = fn.header[platform];
  if (header === undefined || header === ABSENT) {
    throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name} has no header for platform ${platform}`);
  }
  return header;
}

/**
 * The hand-written helpers (argument readers, result makers, the intrinsics),
 * after the limits and messages they share with the koffi backend.
 */
function helpersInclude(): string[] {
  const m = POINTER_MESSAGES;
  const messages: [string, string][] = [
    ['NOT_BIGINT', m.notBigint],
    ['OUT_OF_RANGE', m.outOfRange],
    ['IS_NULL', m.isNull],
    ['LENGTH_NOT_NUMBER', m.lengthNotNumber],
    ['LENGTH_RANGE', m.lengthRange],
    ['NOT_TYPED_ARRAY', m.notTypedArray],
  ];
  return [
    '// What runtime/napi/helpers.h says and allows, as the koffi backend does (generator/emit/shared/cTypes.ts).',
    `#define NATIVESOCKETS_PEEK_MAX_BYTES ${PEEK_MAX_BYTES}`,
    ...messages.map(([name, text]) => `#define NATIVESOCKETS_MSG_${name} ${JSON.stringify(text)}`),
    '',
    '// Argument readers, result makers and the intrinsics peek, peekCString, lastError and getsockoptInt.',
    `#include "${NAPI_HELPERS_INCLUDE}"`,
  ];
}

// ---- wrappers ----------------------------------------------------------------

function isVoidPointer(p: CParam): boolean {
  return !p.variadic && (p.type === 'void*' || p.type === 'const void*' || p.type === 'ptr');
}

function wrapperName(fnName: string): string {
  return `js_${fnName}`;
}

/** Names a parameter local must not take: they would hide what the wrapper uses. */
function reservedNames(model: SpecModel): Set<string> {
  return new Set([
    ...model.cFunctions.map((f) => f.name),
    'env',
    'info',
    'argv',
    'result',
    'lastError',
    'errno',
    'h_errno',
  ]);
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
  const tail = Math.min(
    shared((lines, i) => lines[lines.length - 1 - i]),
    Math.min(...bodies.map((b) => b.lines.length)) - head,
  );
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
    lines.push(
      `if (${failedCondition(fn.returns, family, fn.failure)}) lastError = ${lastErrorExpr(model, family, fn.failure)};`,
    );
  }
  lines.push(`return ${resultToJs(fn.returns, family)};`);
  return lines.map((l) => `  ${l}`);
}

/** What the threadpool wrappers (napi/asyncWrappers.ts) reuse from this emitter. */
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
        read: [
          `${type} ${local} = 0;`,
          `if (!${numberReader(p.type, family)}(env, ${arg}, ${what}, &${local})) return nullptr;`,
        ],
        pass: local,
      };
    case 'string':
      return {
        read: [`std::string ${local};`, `if (!StringArg(env, ${arg}, ${what}, &${local})) return nullptr;`],
        pass: `${local}.c_str()`,
      };
    case 'buffer': {
      const read = [
        `${type} ${local} = nullptr;`,
        `if (!TypedArrayArg(env, ${arg}, ${what}, ${minBytesExpr(p.type, family)}, &${local})) return nullptr;`,
      ];
      if (!isVoidPointer(p)) return { read, pass: local };
      return { read, pass: `${p.type === 'const void*' ? 'ConstVoidPointer' : 'VoidPointer'}{${local}}` };
    }
    case 'pointer':
      if (p.variadic)
        throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name}: a variadic parameter cannot be a ptr`);
      return {
        read: [`void* ${local} = nullptr;`, `if (!PointerArg(env, ${arg}, ${what}, &${local})) return nullptr;`],
        pass: `VoidPointer{${local}}`,
      };
    case 'void':
      throw new Error(`${fn.loc.file}:${fn.loc.line}: C function ${fn.name}: parameter ${p.name} cannot be void`);
  }
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
    property('getsockoptInt', 'js_getsockoptInt'),
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
