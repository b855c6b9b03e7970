// tools/build-addon.mjs (npm run build:addon, and the install script where no
// prebuild matches) in a copy of the package holding a "working" addon: a failed
// rebuild keeps it, and the message tells a missing toolchain apart from a
// compile error (with the log's path). Without --strict it exits 0.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeTree } from '../support/removeTree.mjs';
import { RUNTIME, skippedHere } from '../support/runtimes.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKING = 'a working addon from an earlier build';
const cxx = process.env['CXX'] ?? 'c++';
const hasToolchain = ['make', 'python3', cxx].every(
  (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0,
);

// POSIX only: on Windows node-gyp finds Visual Studio itself (no toolchain check), and CXX=/bin/false means nothing.
const windows = process.platform === 'win32';

describe.skipIf(windows)(
  `npm run build:addon${windows ? ' (skipped on Windows: the toolchain check and these failures are POSIX ones)' : ''}`,
  () => {
    let copy = '';
    let addon = '';
    beforeAll(() => {
      copy = mkdtempSync(join(tmpdir(), 'nativesockets-build-addon-'));
      for (const f of ['package.json', 'tools', join('generated', 'napi'), join('runtime', 'napi')]) {
        cpSync(join(REPO, f), join(copy, f), {
          recursive: true,
          filter: (src) => !src.includes(`${join('napi', 'build')}`),
        });
      }
      symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
      addon = join(copy, 'build', 'Release', 'nativesockets.node');
      mkdirSync(dirname(addon), { recursive: true });
      writeFileSync(addon, WORKING);
    });
    afterAll(() => removeTree(copy));

    const build = (env: Record<string, string>, strict = false) => {
      const r = spawnSync(process.execPath, [join(copy, 'tools', 'build-addon.mjs'), ...(strict ? ['--strict'] : [])], {
        cwd: copy,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, ...env },
      });
      return { status: r.status, out: r.stdout + r.stderr };
    };

    test('without a working compiler: "no C++ toolchain", exit 0 (1 with --strict), the addon kept', () => {
      for (const strict of [false, true]) {
        const r = build({ CXX: '/bin/false' }, strict);
        expect(r.out).toContain(
          'nativesockets: napi addon not built: no C++ toolchain (missing a working C++ compiler (CXX=/bin/false))',
        );
        expect(r.out).toContain('koffi is the default backend');
        expect(r.status).toBe(strict ? 1 : 0);
        expect(readFileSync(addon, 'utf8')).toBe(WORKING);
      }
    });

    // node-gyp run by Bun or Deno takes their Node version (Bun: 26.3.0) and fetches its headers: no network here. npm runs the build with Node.
    test.skipIf(!hasToolchain || RUNTIME !== 'node')(
      `a compile error: "compile error (log: ...)", the addon kept (skipped without make, python3 and ${cxx})` +
        skippedHere(
          RUNTIME !== 'node',
          "node-gyp would fetch the headers of the runtime's Node version; npm runs build:addon with Node",
        ),
      () => {
        const r = build({ CXXFLAGS: '-include nativesockets-no-such-header.h' });
        const log = join(copy, 'build', 'build-addon.log');
        expect(r.out).toContain(
          `nativesockets: napi addon not built: compile error (log: ${log}); the previous addon is kept (${addon})`,
        );
        expect(r.status).toBe(0);
        expect(readFileSync(log, 'utf8')).toContain('nativesockets-no-such-header.h');
        expect(readFileSync(addon, 'utf8')).toBe(WORKING);
        expect(existsSync(`${addon}.tmp`)).toBe(false);
      },
      120_000,
    );
  },
);
