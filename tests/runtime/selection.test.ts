// Backend selection as API.md states it, checked in child processes through the
// package's own exports (`nativesockets`, `nativesockets/napi`, `nativesockets/koffi`,
// `nativesockets/bunffi`, `nativesockets/denoffi`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { backendChoiceFromEnv, resolveChoice } from '../../runtime/backendChoice.js';
import { isNapiBuilt, napiRequired, RUNTIME_ONLY_BACKENDS } from '../support/backends.js';
import { removeTree } from '../support/removeTree.mjs';
import { evalCommand, RUNTIME, skippedHere } from '../support/runtimes.js';
import { stderrWithoutBunWineNoise } from '../support/wine.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function importIn(
  cwd: string,
  specifier: string,
  env: Record<string, string | undefined>,
): { out: string; err: string; status: number | null } {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(m.backend), (e) => { console.error(e.message); process.exit(3); });`;
  const childEnv: Record<string, string | undefined> = { ...process.env };
  delete childEnv['NATIVESOCKETS_BACKEND'];
  // Deno's spawnSync keeps a variable of its own environment that `env` leaves out: unset it by emptying it ('' is auto).
  if (RUNTIME === 'deno') for (const [k, v] of Object.entries(env)) if (v === undefined) env = { ...env, [k]: '' };
  if (RUNTIME === 'deno' && !('NATIVESOCKETS_BACKEND' in env)) env = { ...env, NATIVESOCKETS_BACKEND: '' };
  const command = evalCommand(script);
  const r = spawnSync(command.file, command.args, {
    cwd,
    env: { ...childEnv, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { out: r.stdout.trim(), err: stderrWithoutBunWineNoise(r.stderr).trim(), status: r.status };
}

/** Importing `specifier` in a child with `env` binds the backend `expected`, with nothing on stderr. */
function bindsBackend(specifier: string, env: Record<string, string | undefined>, expected: string): void {
  const r = importIn(REPO, specifier, env);
  expect(r.err).toBe('');
  expect(r.out).toBe(expected);
}

describe('NATIVESOCKETS_BACKEND parsing', () => {
  test.each([
    ['napi', 'napi'],
    ['native', 'napi'],
    ['koffi', 'koffi'],
    ['ffi', 'koffi'],
    ['auto', 'auto'],
    ['', 'auto'],
    [undefined, 'auto'],
    [' KOFFI ', 'koffi'],
    ['bunffi', 'bunffi'],
    ['denoffi', 'denoffi'],
  ])('%j selects %s', (value, expected) => {
    expect(backendChoiceFromEnv(value)).toBe(expected);
  });

  test('an unknown value throws an Error naming the valid values', () => {
    expect(() => backendChoiceFromEnv('wasm')).toThrow(
      /"wasm" is not valid; use napi \(or native\), koffi \(or ffi\), bunffi \(Bun only\), denoffi \(Deno only\), or auto/,
    );
  });

  test('auto means, on Node, napi when built, else koffi; bunffi on Bun; denoffi on Deno', () => {
    expect(resolveChoice('auto', true, 'node')).toBe('napi');
    expect(resolveChoice('auto', false, 'node')).toBe('koffi');
    expect(resolveChoice('koffi', true, 'node')).toBe('koffi');
    for (const built of [true, false]) {
      expect(resolveChoice('auto', built, 'bun')).toBe('bunffi');
      expect(resolveChoice('auto', built, 'deno')).toBe('denoffi');
    }
    for (const runtime of ['bun', 'deno'] as const) {
      expect(resolveChoice('napi', true, runtime)).toBe('napi');
      expect(resolveChoice('koffi', true, runtime)).toBe('koffi');
    }
  });
});

describe('package entry points', () => {
  test.runIf(napiRequired())('the napi addon is there (a prebuild for this platform, or npm run build:addon)', () => {
    expect(isNapiBuilt()).toBe(true);
  });

  test.each([
    ['nativesockets', { NATIVESOCKETS_BACKEND: 'koffi' }, 'koffi'],
    ['nativesockets', { NATIVESOCKETS_BACKEND: 'ffi' }, 'koffi'],
    ['nativesockets/koffi', { NATIVESOCKETS_BACKEND: 'napi' }, 'koffi'],
  ])('%s with %j binds %s', bindsBackend);

  test.runIf(napiRequired()).each([
    ['nativesockets', { NATIVESOCKETS_BACKEND: 'napi' }, 'napi'],
    ['nativesockets', { NATIVESOCKETS_BACKEND: 'native' }, 'napi'],
    ['nativesockets', { NATIVESOCKETS_BACKEND: undefined }, resolveChoice('auto', true)],
    ['nativesockets', { NATIVESOCKETS_BACKEND: 'auto' }, resolveChoice('auto', true)],
    ['nativesockets/napi', { NATIVESOCKETS_BACKEND: 'koffi' }, 'napi'],
  ])('%s with %j binds %s', bindsBackend);

  // The backends that call C through one runtime's own FFI: they load there, and elsewhere the
  // import throws an Error that names the runtime they need.
  describe.each(RUNTIME_ONLY_BACKENDS)('$backend, on $title only', ({ backend, runtime, title, ffi }) => {
    test.runIf(RUNTIME === runtime).each([
      ['nativesockets', { NATIVESOCKETS_BACKEND: backend }, backend],
      [`nativesockets/${backend}`, { NATIVESOCKETS_BACKEND: 'koffi' }, backend],
    ])(
      `%s with %j binds %s${skippedHere(RUNTIME !== runtime, `${backend} loads on ${title} only; the next test checks the error here`)}`,
      bindsBackend,
    );

    test.runIf(RUNTIME !== runtime)(
      `asked for off ${title}, the import throws an Error naming ${title}${skippedHere(RUNTIME === runtime, `this is ${title}, where ${backend} loads`)}`,
      () => {
        for (const [specifier, env] of [
          ['nativesockets', { NATIVESOCKETS_BACKEND: backend }],
          [`nativesockets/${backend}`, {}],
        ] as const) {
          const r = importIn(REPO, specifier, env);
          expect(r.status).toBe(3);
          expect(r.err).toMatch(
            new RegExp(
              `the ${backend} backend runs on ${title} only \\(it calls C through ${ffi}\\); this is (Node\\.js|Bun|Deno)`,
            ),
          );
        }
      },
    );
  });

  test('an unknown NATIVESOCKETS_BACKEND makes the import throw', () => {
    const r = importIn(REPO, 'nativesockets', { NATIVESOCKETS_BACKEND: 'bogus' });
    expect(r.status).toBe(3);
    expect(r.err).toMatch(/NATIVESOCKETS_BACKEND="bogus" is not valid/);
  });

  describe('in a copy of the package without the addon', () => {
    const copy = mkdtempSync(join(tmpdir(), 'nativesockets-noaddon-'));
    afterAll(() => removeTree(copy));
    const pkg = join(copy, 'node_modules', 'nativesockets');
    // A project that depends on the package: Deno resolves a bare name only from a declared dependency.
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ private: true, dependencies: { nativesockets: '*' } }));
    cpSync(join(REPO, 'package.json'), join(pkg, 'package.json'));
    cpSync(join(REPO, 'dist'), join(pkg, 'dist'), { recursive: true });
    for (const dep of ['koffi', '@koromix', 'node-gyp-build']) {
      const from = join(REPO, 'node_modules', dep);
      // '@koromix' holds koffi's binaries in newer koffi releases only.
      if (!existsSync(from)) continue;
      // A symlink needs a privilege on Windows, and under Wine the one made did not resolve: copy there.
      if (process.platform === 'win32') cpSync(from, join(copy, 'node_modules', dep), { recursive: true });
      else symlinkSync(from, join(copy, 'node_modules', dep), 'dir');
    }

    test(`auto falls back to ${resolveChoice('auto', false)} on ${RUNTIME}`, () => {
      const r = importIn(copy, 'nativesockets', {});
      expect(r.err).toBe('');
      expect(r.out).toBe(resolveChoice('auto', false));
    });

    test('asking for napi throws, saying how to build it', () => {
      for (const [specifier, env] of [
        ['nativesockets', { NATIVESOCKETS_BACKEND: 'napi' }],
        ['nativesockets/napi', {}],
      ] as const) {
        const r = importIn(copy, specifier, env);
        expect(r.status).toBe(3);
        expect(r.err).toMatch(/napi backend is not built .*npm run build:addon/);
      }
    });
  });

  test('every export of package.json has its code and its typings', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string } | string>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(REPO, target.default)), `${subpath} code`).toBe(true);
      expect(existsSync(join(REPO, target.types)), `${subpath} types`).toBe(true);
    }
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './napi', './koffi', './denoffi']));
  });
});
