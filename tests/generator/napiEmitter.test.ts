// The N-API emitter on the real spec: structural facts about the addon source
// and binding.gyp that must hold whatever the spec grows into.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { emitNapiBackend, NAPI_GYP_PATH, NAPI_SOURCE_PATH } from '../../generator/emit/emitNapiBackend.js';
import { generatedHeader } from '../../generator/emit/files.js';
import { loadSpec } from '../../generator/load/loadSpec.js';
import type { CFunctionDef, SpecModel } from '../../generator/model/spec.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
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
  const start = lines.indexOf(`static Napi::Value js_${name}(const Napi::CallbackInfo& info) {`);
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

  test('has one wrapper and one export per C function, plus name and lastError', () => {
    for (const fn of model.cFunctions) {
      wrapperOf(source, fn.name);
      expect(source).toContain(`exports.Set("${fn.name}", Napi::Function::New(env, js_${fn.name}, "${fn.name}"));`);
    }
    expect(source).toContain('exports.Set("name", Napi::String::New(env, "napi"));');
    expect(source).toContain('exports.Set("lastError", Napi::Function::New(env, js_lastError, "lastError"));');
    expect(source).toContain('NODE_API_MODULE(nativesockets, Init)');
  });

  test('guards each wrapper and export by its platforms, and not at all when it is everywhere', () => {
    expect(lineBefore(source, 'static Napi::Value js_close(')).toBe(POSIX_GUARD);
    expect(lineBefore(source, '  exports.Set("close"')).toBe(POSIX_GUARD);
    expect(lineBefore(source, 'static Napi::Value js_closesocket(')).toBe(WINDOWS_GUARD);
    expect(lineBefore(source, '  exports.Set("closesocket"')).toBe(WINDOWS_GUARD);
    expect(lineBefore(source, 'static Napi::Value js_socket(')).toBe('');
  });

  test('captures the last error on the line right after a failing call, before any N-API call', () => {
    const failing = model.cFunctions.filter((fn: CFunctionDef) => fn.failure === 'minus1');
    for (const fn of failing) {
      const body = wrapperOf(source, fn.name);
      const calls = body.flatMap((l, i) => (l.includes(` result = ${fn.name}(`) ? [i] : []));
      expect(calls.length, fn.name).toBeGreaterThan(0);
      for (const i of calls) expect(body[i + 1], fn.name).toMatch(/^ {2}if \(result == .*\) lastError = (errno|WSAGetLastError\(\));$/);
    }
  });

  test('reads a Windows SOCKET 64 bits wide and returns INVALID_SOCKET as -1', () => {
    const socket = wrapperOf(source, 'socket').join('\n');
    expect(socket).toContain('if (result == INVALID_SOCKET) lastError = WSAGetLastError();');
    expect(socket).toContain('result == INVALID_SOCKET ? -1.0 : static_cast<double>(result)');
    expect(wrapperOf(source, 'closesocket').join('\n')).toContain('SOCKET s = static_cast<SOCKET>(NumberArg(info, 0, "closesocket: s").Int64Value());');
  });

  test('binding.gyp builds target nativesockets with N-API 8, C++ exceptions and ws2_32 on Windows', () => {
    const parsed = JSON.parse(gyp.split('\n').slice(1).join('\n'));
    const target = parsed.targets[0];
    expect(target.target_name).toBe('nativesockets');
    expect(target.sources).toEqual(['nativesockets.cc']);
    expect(target.defines).toContain('NAPI_VERSION=8');
    expect(target.defines).toContain('NAPI_CPP_EXCEPTIONS');
    expect(target['cflags_cc!']).toContain('-fno-exceptions');
    expect(target.xcode_settings.GCC_ENABLE_CPP_EXCEPTIONS).toBe('YES');
    expect(target.conditions).toEqual([["OS=='win'", { libraries: ['ws2_32.lib'] }]]);
  });

  test('refuses a platform it has no preprocessor macro for', () => {
    const openbsd = { ...model.platforms[0]!, name: 'openbsd' };
    const fn = { ...model.cFunctions[0]!, platforms: ['openbsd'], header: { openbsd: 'sys/socket.h' } };
    expect(() => emitNapiBackend({ ...model, platforms: [...model.platforms, openbsd], cFunctions: [fn] })).toThrow(/openbsd/);
  });
});
