#!/usr/bin/env node
// Cross-builds the win32-x64 N-API addon from Linux with mingw-w64:
//   node tools/build-win32-addon.mjs OUT.node
// The addon imports Node-API (and the four libuv functions runtime/napi/eventloop.cc
// uses) from node.exe through a delay-import library that dlltool makes from the .def
// files node-api-headers ships, so no Windows SDK or node.lib download is needed;
// tools/windows/delayLoadHook.cc binds them to the host executable, so that Bun
// (bun.exe) loads the addon too.
// Works in a temporary directory; writes only OUT (the Linux addon is untouched).
// mingw-w64 comes from tools/install-mingw.sh.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { addonTarget, ROOT as root } from './addon-gyp.mjs';

const MINGW = 'x86_64-w64-mingw32';
// libuv functions of node.exe that eventloop.cc calls; node_api.def lists only Node-API.
const UV_IMPORTS = ['uv_close', 'uv_poll_init_socket', 'uv_poll_start', 'uv_poll_stop'];

/** @returns {never} */
function fail(message) {
  process.stderr.write(`build-win32-addon: ${message}\n`);
  process.exit(1);
}

function onPath(cmd) {
  return !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
}

/** Runs `cmd`; `env` adds variables. */
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error || r.status !== 0) fail(`${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}`);
}

/** uv.h is not in node-api-headers: take Node's own include dir (npm's nodedir, beside node, or node-gyp's cache). */
function nodeIncludeDir() {
  const candidates = [
    process.env.NODE_INCLUDE_DIR,
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
    join(dirname(dirname(process.execPath)), 'include', 'node'),
    join(homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].flatMap((d) => (d ? [d] : []));
  const found = candidates.find((d) => existsSync(join(d, 'uv.h')));
  if (!found) fail(`libuv's uv.h not found in: ${candidates.join(', ')}; set NODE_INCLUDE_DIR`);
  return found;
}

/** One .def for node.exe: every Node-API export plus the libuv imports. */
function nodeExeDef(headersDir) {
  const exports = new Set();
  for (const name of ['node_api.def', 'js_native_api.def']) {
    for (const line of readFileSync(join(headersDir, 'def', name), 'utf8').split(/\r?\n/)) {
      const symbol = line.trim();
      if (symbol && symbol !== 'EXPORTS' && !symbol.startsWith('NAME') && !symbol.startsWith(';')) exports.add(symbol);
    }
  }
  for (const symbol of UV_IMPORTS) exports.add(symbol);
  return `NAME NODE.EXE\nEXPORTS\n${[...exports].join('\n')}\n`;
}

const out = process.argv[2];
if (!out) fail('usage: node tools/build-win32-addon.mjs OUT.node');
const gxx = [`${MINGW}-g++-posix`, `${MINGW}-g++`].find(onPath);
const dlltool = `${MINGW}-dlltool`;
if (!gxx || !onPath(dlltool)) fail(`mingw-w64 (${MINGW}-g++, ${dlltool}) is not on PATH: run tools/install-mingw.sh`);

const headersDir = dirname(createRequire(join(root, 'package.json')).resolve('node-api-headers/package.json'));
const { sources, defines } = addonTarget();
const work = mkdtempSync(join(tmpdir(), 'nativesockets-win32-'));
try {
  const def = join(work, 'node.def');
  const importLib = join(work, 'libnode.a');
  writeFileSync(def, nodeExeDef(headersDir));
  // dlltool leaves two empty ccXXXXXX files in TMPDIR each run: they go with `work`.
  run(dlltool, ['-d', def, '-y', importLib, '-D', 'node.exe'], { TMPDIR: work });
  const built = join(work, 'nativesockets.node');
  run(gxx, [
    '-std=gnu++17',
    '-O2',
    '-shared',
    '-s',
    '-D_WIN32_WINNT=0x0601',
    ...defines.map((d) => `-D${d}`),
    // node-api-headers first: the Node-API headers that match the .def files.
    `-I${join(headersDir, 'include')}`,
    `-I${nodeIncludeDir()}`,
    ...sources,
    join(root, 'tools', 'windows', 'delayLoadHook.cc'),
    '-o',
    built,
    // -static: winpthread too, so the addon needs no DLL beside it.
    importLib,
    '-ldelayimp',
    '-lws2_32',
    '-static-libgcc',
    '-static-libstdc++',
    '-static',
    // Reproducible: no link time stamp, and an image base that does not depend on the
    // output path (Windows relocates the DLL anyway); the same sources give the same bytes.
    '-Wl,--no-insert-timestamp',
    '-Wl,--disable-auto-image-base',
  ]);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  copyFileSync(built, out);
  process.stdout.write(`build-win32-addon: ${out}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
