// The N-API emitter on the real spec: structural facts about the addon source
// and binding.gyp that must hold whatever the spec grows into.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { emitNapiBackend } from '../../generator/emit/emitNapiBackend.js';
import { NAPI_GYP_PATH, NAPI_SOURCE_PATH } from '../../generator/emit/shared/addonSources.js';
import { PEEK_MAX_BYTES } from '../../generator/emit/shared/cTypes.js';
import { generatedHeader } from '../../generator/emit/shared/files.js';
import { INTRINSICS } from '../../generator/emit/shared/rawInterface.js';
import { loadSpec } from '../../generator/load/loadSpec.js';
import type { CFunctionDef, FailureKind, SpecModel } from '../../generator/model/spec.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The hand-written fixed C++ the generated source includes. */
const HELPERS = readFileSync(join(REPO, 'runtime', 'napi', 'helpers.h'), 'utf8');
const POSIX_GUARD = '#if defined(__linux__) || defined(__APPLE__) || defined(__FreeBSD__)';
const WINDOWS_GUARD = '#if defined(_WIN32)';

function emit(model: SpecModel): { source: string; gyp: string } {
  const files = emitNapiBackend(model);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  return { source: byPath.get(NAPI_SOURCE_PATH)!, gyp: byPath.get(NAPI_GYP_PATH)! };
}

/** The lines of a wrapper, from its signature to its closing brace. */
function wrapperOf(source: string, name: string): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`static napi_value js_${name}(napi_env env, napi_callback_info `));
  expect(start, `wrapper for ${name}`).toBeGreaterThanOrEqual(0);
  return lines.slice(start, lines.indexOf('}', start) + 1);
}

/** The line just before a wrapper's signature: its platform guard, if any. */
function lineBefore(source: string, text: string): string | undefined {
  const lines = source.split('\n');
  return lines[lines.findIndex((l) => l.startsWith(text)) - 1];
}

describe('N-API emitter on the real spec', () => {
  const model = loadSpec(join(REPO, 'spec'), { rootDir: REPO });
  const { source, gyp } = emit(model);

  test('emits the addon source and its binding.gyp, each starting with the generated header', () => {
    expect(emitNapiBackend(model).map((f) => f.path)).toEqual([NAPI_GYP_PATH, NAPI_SOURCE_PATH]);
    expect(source.startsWith(generatedHeader('slash'))).toBe(true);
    expect(gyp.startsWith(generatedHeader('hash'))).toBe(true);
  });

  test('is deterministic', () => {
    expect(emit(model)).toEqual({ source, gyp });
  });

  test('has one wrapper and one export per C function, plus name, the intrinsics and lastError', () => {
    for (const name of [...model.cFunctions.map((fn) => fn.name), ...INTRINSICS]) {
      wrapperOf((INTRINSICS as readonly string[]).includes(name) ? HELPERS : source, name);
      expect(source).toContain(
        `    {"${name}", nullptr, js_${name}, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},`,
      );
    }
    expect(source).toContain(
      '    {"name", nullptr, nullptr, nullptr, nullptr, name, napi_default_jsproperty, nullptr},',
    );
    expect(source).toContain(
      '    {"lastError", nullptr, js_lastError, nullptr, nullptr, nullptr, napi_default_jsproperty, nullptr},',
    );
    expect(source).toContain('NAPI_MODULE(nativesockets, Init)');
  });

  test('guards each wrapper and export by its platforms, and not at all when it is everywhere', () => {
    expect(lineBefore(source, 'static napi_value js_close(')).toBe(POSIX_GUARD);
    expect(lineBefore(source, '    {"close",')).toBe(POSIX_GUARD);
    expect(lineBefore(source, 'static napi_value js_closesocket(')).toBe(WINDOWS_GUARD);
    expect(lineBefore(source, '    {"closesocket",')).toBe(WINDOWS_GUARD);
    expect(lineBefore(source, 'static napi_value js_socket(')).toBe('');
  });

  test('captures the last error on the line right after a failing call, before any N-API call', () => {
    const failing = model.cFunctions.filter((fn: CFunctionDef) => fn.failure !== 'never');
    expect(new Set(failing.map((fn) => fn.failure))).toEqual(
      new Set(['minus1', 'null', 'nullHErrno', 'returnsCode', 'zero']),
    );
    for (const fn of failing) {
      const body = wrapperOf(source, fn.name);
      const calls = body.flatMap((l, i) => (l.includes(` result = ${fn.name}(`) ? [i] : []));
      expect(calls.length, fn.name).toBeGreaterThan(0);
      const conditions: Record<FailureKind, string> = {
        minus1: 'result == .*',
        null: 'result == nullptr',
        nullHErrno: 'result == nullptr',
        returnsCode: 'result != 0',
        zero: 'result == 0',
        never: '',
      };
      const condition = conditions[fn.failure];
      const posixError = fn.failure === 'nullHErrno' ? 'h_errno' : 'errno';
      for (const i of calls) {
        // Only preprocessor lines (a family switch) may stand between the call and the capture.
        let j = i + 1;
        while (body[j]?.startsWith('#')) j++;
        expect(body[j], fn.name).toMatch(
          new RegExp(
            `^ {2}if \\(${condition}\\) lastError = (${posixError}|WSAGetLastError\\(\\)|GetLastError\\(\\));$`,
          ),
        );
      }
    }
  });

  test('reads h_errno after a NULL from gethostbyname on POSIX and WSAGetLastError() on Windows, with netdb.h included', () => {
    const body = wrapperOf(source, 'gethostbyname');
    expect(body).toContain('  const void* result = gethostbyname(name.c_str());');
    expect(body).toContain('  if (result == nullptr) lastError = h_errno;');
    expect(body).toContain('  if (result == nullptr) lastError = WSAGetLastError();');
    const posixIncludes = source.slice(
      source.indexOf(POSIX_GUARD),
      source.indexOf('#endif', source.indexOf(POSIX_GUARD)),
    );
    expect(posixIncludes).toContain('#include <netdb.h>');
  });

  test('getaddrinfo: a non-zero result is the error code, and errno is kept for EAI_SYSTEM', () => {
    const body = wrapperOf(source, 'getaddrinfo').join('\n');
    expect(body).toContain('if (result != 0) lastError = errno;');
    expect(body).toContain('return Int32Result(env, result);');
  });

  test('a ptr argument is read as a BigInt and converted to the pointer type C declares', () => {
    expect(HELPERS).toContain(
      'static inline bool PointerArg(napi_env env, napi_value value, const char* what, void** out) {',
    );
    expect(HELPERS).toContain(
      'if (napi_get_value_bigint_uint64(env, value, &address, &lossless) != napi_ok) return Fail(env, false, what, NATIVESOCKETS_MSG_NOT_BIGINT);',
    );
    expect(source).toContain('#define NATIVESOCKETS_MSG_NOT_BIGINT "must be a bigint"');
    const body = wrapperOf(source, 'freeaddrinfo');
    expect(body).toContain('  if (!PointerArg(env, argv[0], "freeaddrinfo: res", &res)) return nullptr;');
    expect(body).toContain('  freeaddrinfo(VoidPointer{res});');
    expect(body).toContain('  return UndefinedResult(env);');
  });

  test('a void* buffer goes through VoidPointer / ConstVoidPointer, so struct addrinfo** and char* parameters compile', () => {
    expect(HELPERS).toContain('struct VoidPointer {');
    expect(HELPERS).toContain('struct ConstVoidPointer {');
    const body = wrapperOf(source, 'getaddrinfo');
    expect(body).toContain('  if (!TypedArrayArg(env, argv[3], "getaddrinfo: res", 0, &res)) return nullptr;');
    expect(body).toContain(
      '  int result = getaddrinfo(node.c_str(), service.c_str(), ConstVoidPointer{hints}, VoidPointer{res});',
    );
  });

  test('a ptr result is kept as const void* and returned as a BigInt (0n for NULL)', () => {
    for (const fn of model.cFunctions.filter((f) => f.returns === 'ptr')) {
      const body = wrapperOf(source, fn.name);
      expect(
        body.some((l) => l.startsWith(`  const void* result = ${fn.name}(`)),
        fn.name,
      ).toBe(true);
      expect(body, fn.name).toContain('  return PointerResult(env, result);');
    }
  });

  test('peek refuses NULL and bad lengths before it copies, into a new Uint8Array', () => {
    const body = wrapperOf(HELPERS, 'peek');
    const at = (text: string): number => body.findIndex((l) => l.includes(text));
    const memcpy = at('std::memcpy(data, address, bytes);');
    expect(memcpy).toBeGreaterThan(0);
    expect(at('Fail(env, false, "peek: address", NATIVESOCKETS_MSG_IS_NULL);')).toBe(
      at('if (address == nullptr) {') + 1,
    );
    expect(at('if (address == nullptr)')).toBeLessThan(memcpy);
    expect(at('if (napi_get_value_double(env, argv[1], &length) != napi_ok) {')).toBeLessThan(memcpy);
    expect(
      at('if (!(length >= 0 && length <= NATIVESOCKETS_PEEK_MAX_BYTES) || std::floor(length) != length) {'),
    ).toBeLessThan(memcpy);
    expect(source).toContain(`#define NATIVESOCKETS_PEEK_MAX_BYTES ${PEEK_MAX_BYTES}`);
    expect(
      at('if (napi_create_typedarray(env, napi_uint8_array, bytes, buffer, 0, &copy) != napi_ok) return nullptr;'),
    ).toBeLessThan(memcpy);
    const cstring = wrapperOf(HELPERS, 'peekCString').join('\n');
    expect(cstring).toContain('return StringResult(env, static_cast<const char*>(address));');
    expect(HELPERS).toContain('napi_create_string_utf8(env, value != nullptr ? value : "", NAPI_AUTO_LENGTH, &out)');
  });

  test('includes runtime/napi/helpers.h after node_api.h, with every limit and message the header requires defined first', () => {
    const include = source.indexOf('#include "../../runtime/napi/helpers.h"');
    expect(include).toBeGreaterThan(source.indexOf('#include <node_api.h>'));
    const required = [...HELPERS.matchAll(/defined\((NATIVESOCKETS_[A-Z_]+)\)/g)].map((m) => m[1]!);
    expect(required.length).toBe(7);
    for (const name of required) {
      const at = source.indexOf(`#define ${name} `);
      expect(at, name).toBeGreaterThan(0);
      expect(at, name).toBeLessThan(include);
    }
  });

  test('refuses a failure kind its return type cannot report', () => {
    const fn = model.cFunctions.find((f) => f.name === 'getservbyname')!;
    expect(() => emitNapiBackend({ ...model, cFunctions: [{ ...fn, returns: 'int' }] })).toThrow(
      /failure 'null' needs a ptr return type/,
    );
    expect(() => emitNapiBackend({ ...model, cFunctions: [{ ...fn, failure: 'returnsCode' }] })).toThrow(/returnsCode/);
  });

  test('reads a Windows SOCKET 64 bits wide and returns INVALID_SOCKET as -1', () => {
    const socket = wrapperOf(source, 'socket').join('\n');
    expect(socket).toContain('if (result == INVALID_SOCKET) lastError = WSAGetLastError();');
    expect(socket).toContain('result == INVALID_SOCKET ? -1.0 : static_cast<double>(result)');
    const closesocket = wrapperOf(source, 'closesocket').join('\n');
    expect(closesocket).toContain('SOCKET s = 0;');
    expect(closesocket).toContain('if (!Int64Arg(env, argv[0], "closesocket: s", &s)) return nullptr;');
  });

  test('binding.gyp builds target nativesockets with N-API 8 and ws2_32 on Windows', () => {
    const parsed = JSON.parse(gyp.split('\n').slice(1).join('\n'));
    const target = parsed.targets[0];
    expect(target.target_name).toBe('nativesockets');
    expect(target.sources[0]).toBe('nativesockets.cc');
    expect(target.defines).toContain('NAPI_VERSION=8');
    expect(target.defines).not.toContain('NAPI_CPP_EXCEPTIONS');
    expect(target.conditions).toEqual([["OS=='win'", { libraries: ['ws2_32.lib'] }]]);
  });

  test("uses Node-API's C interface only: one napi_get_cb_info per call into a stack array, no C++ exceptions", () => {
    expect(source).toContain('#include <node_api.h>');
    expect(source).not.toMatch(/napi\.h>|Napi::|\bthrow\b/);
    const body = wrapperOf(source, 'getsockopt');
    expect(body.slice(1, 3)).toEqual(['  napi_value argv[5];', '  if (!Args(env, info, 5, argv)) return nullptr;']);
    expect(body).toContain('  if (!Int32Arg(env, argv[1], "getsockopt: level", &level)) return nullptr;');
    expect(body).toContain(
      '  if (!TypedArrayArg(env, argv[4], "getsockopt: optlen", sizeof(socklen_t), &optlen)) return nullptr;',
    );
  });

  test('refuses a platform it has no preprocessor macro for', () => {
    const openbsd = { ...model.platforms[0]!, name: 'openbsd' };
    const fn = { ...model.cFunctions[0]!, platforms: ['openbsd'], header: { openbsd: 'sys/socket.h' } };
    expect(() => emitNapiBackend({ ...model, platforms: [...model.platforms, openbsd], cFunctions: [fn] })).toThrow(
      /openbsd/,
    );
  });
});
