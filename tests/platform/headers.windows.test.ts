// Windows, checked from this machine with mingw-w64 (`make check-windows`, which
// installs it when missing and sets NATIVESOCKETS_CHECK_WINDOWS=1; skipped in a
// plain `npm test`): generated/check/headers.windows.c against mingw-w64's
// winsock2.h / ws2tcpip.h / afunix.h, compared with the spec as on linux, and
// the generated N-API C++ addon compiled for windows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { headerCheckEntries } from '../../generator/emit/emitHeaderChecks.js';
import { removeTree } from '../support/removeTree.mjs';
import { compareWithSpec, headerAgreementTests, mismatchReport, REPO, withConstant } from './headerCheck.js';

const PLATFORM = 'windows';
const MINGW = 'x86_64-w64-mingw32';
const enabled = process.env['NATIVESOCKETS_CHECK_WINDOWS'] === '1';

function onPath(cmd: string): boolean {
  return !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
}

/** Node's C headers (node_api.h): beside the running node, in npm's nodedir, or in node-gyp's cache. */
function nodeIncludeDir(): string {
  const candidates = [
    process.env['NODE_INCLUDE_DIR'],
    join(dirname(dirname(process.execPath)), 'include', 'node'),
    process.env['npm_config_nodedir'] && join(process.env['npm_config_nodedir'], 'include', 'node'),
    join(homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
    join(homedir(), '.node-gyp', process.versions.node, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
  const found = candidates.find((d) => existsSync(join(d, 'node_api.h')));
  if (!found)
    throw new Error(`Node's headers (node_api.h) not found in: ${candidates.join(', ')}; set NODE_INCLUDE_DIR`);
  return found;
}

/** mingw-w64 g++ arguments that compile one addon source for Windows (N-API 8, Windows 7 API level). */
function compileArgs(source: string, out: string): string[] {
  return [
    '-std=gnu++17',
    '-c',
    '-O0',
    '-DNAPI_VERSION=8',
    '-D_WIN32_WINNT=0x0601',
    `-I${nodeIncludeDir()}`,
    source,
    '-o',
    out,
  ];
}
describe.skipIf(!enabled)('windows (mingw-w64) headers agree with the spec', () => {
  const run = headerAgreementTests(PLATFORM, 'mingw-w64', () => {
    const gcc = [`${MINGW}-gcc`, `${MINGW}-gcc-posix`].find(onPath);
    if (!gcc) throw new Error(`no ${MINGW}-gcc on PATH: run tools/install-mingw.sh`);
    return gcc;
  });

  test('a wrong value in the spec fails, naming the symbol, the platform, the spec value and the header value', () => {
    const sol = run.found.values.get('SOL_SOCKET')!;
    const wrong = withConstant(run.model, 'SOL_SOCKET', PLATFORM, sol + 1);
    const report = mismatchReport(PLATFORM, compareWithSpec(headerCheckEntries(wrong, PLATFORM), run.found, PLATFORM));
    expect(report).toContain(`SOL_SOCKET on windows: spec ${sol + 1}, header ${sol} (winsock2.h)`);
  });

  test('the generated N-API addon compiles for windows, starts WinSock and reads WSAGetLastError', () => {
    const gxx = [`${MINGW}-g++-posix`, `${MINGW}-g++`].find(onPath);
    if (!gxx) throw new Error(`no ${MINGW}-g++ on PATH: run tools/install-mingw.sh`);
    const dir = mkdtempSync(join(tmpdir(), 'nativesockets-win-'));
    try {
      const obj = join(dir, 'nativesockets.o');
      const args = compileArgs(join(REPO, 'generated', 'napi', 'nativesockets.cc'), obj);
      const r = spawnSync(gxx, args, { encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      expect(r.status, `${gxx} ${args.join(' ')}\n${r.stderr}`).toBe(0);
      // What the object imports from ws2_32: every C function the spec binds on windows, plus WSAStartup and WSAGetLastError.
      const nm = spawnSync(`${MINGW}-nm`, ['-u', obj], { encoding: 'utf8' });
      expect(nm.status, nm.stderr).toBe(0);
      // A function declared dllimport is referenced as __imp_NAME; mingw declares some (WSAPoll) without it.
      const imported = new Set([...nm.stdout.matchAll(/^\s+U (?:__imp_)?(\w+)$/gm)].map((m) => m[1]));
      const wanted = [
        'WSAStartup',
        'WSAGetLastError',
        ...run.model.cFunctions.filter((f) => f.platforms.includes(PLATFORM)).map((f) => f.name),
      ];
      expect(
        wanted.filter((n) => !imported.has(n)),
        `imports: ${[...imported].sort().join(' ')}`,
      ).toEqual([]);
    } finally {
      removeTree(dir);
    }
  }, 120_000);

  test("the addon's hand-written event-loop waiter (runtime/napi/eventloop.cc) compiles for windows", () => {
    const gxx = [`${MINGW}-g++-posix`, `${MINGW}-g++`].find(onPath);
    if (!gxx) throw new Error(`no ${MINGW}-g++ on PATH: run tools/install-mingw.sh`);
    const dir = mkdtempSync(join(tmpdir(), 'nativesockets-win-'));
    try {
      const args = compileArgs(join(REPO, 'runtime', 'napi', 'eventloop.cc'), join(dir, 'eventloop.o'));
      const r = spawnSync(gxx, args, { encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      expect(r.status, `${gxx} ${args.join(' ')}\n${r.stderr}`).toBe(0);
    } finally {
      removeTree(dir);
    }
  }, 120_000);
});
