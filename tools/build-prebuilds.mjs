// `make prebuilds`: the prebuilt addons the package ships, in prebuildify's
// layout (prebuilds/<platform>-<arch>/), found at run time by node-gyp-build:
//   linux-x64  prebuildify (node-gyp, --napi --strip), tagged glibc so that a
//              musl system builds from source instead of loading it
//   win32-x64  tools/build-win32-addon.mjs (mingw-w64 cross build)
// Both embed generated/napi/sources_hash.h; tests/package/prebuilds.test.ts
// fails when they no longer match the sources. Run through npm (npm exec) so
// node-gyp sees npm's config (nodedir), as tools/build-addon.mjs is.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { relocatedBindingGyp, ROOT } from './addon-gyp.mjs';

const PREBUILDS = join(ROOT, 'prebuilds');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error || r.status !== 0) {
    process.stderr.write(`build-prebuilds: ${cmd} ${args.join(' ')} failed\n`);
    process.exit(1);
  }
}

/** Replaces prebuilds/<tuple>/ with the .node files of `from`. */
function install(tuple, from) {
  const dir = join(PREBUILDS, tuple);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(from).filter((n) => n.endsWith('.node'))) {
    cpSync(join(from, f), join(dir, f));
    process.stdout.write(`build-prebuilds: prebuilds/${tuple}/${f}\n`);
  }
}

if (platform() !== 'linux' || arch() !== 'x64') {
  process.stderr.write(`build-prebuilds: the prebuilds are made on linux-x64 (this is ${platform()}-${arch()})\n`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'nativesockets-prebuilds-'));
try {
  // prebuildify builds binding.gyp in its --cwd and names the file after package.json's name.
  writeFileSync(join(work, 'binding.gyp'), relocatedBindingGyp(work));
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'nativesockets' }));
  const prebuildify = join(ROOT, 'node_modules', 'prebuildify', 'bin.js');
  // The running node as the target: its headers are the ones npm's nodedir has (no download);
  // a Node-API addon loads on every later version.
  run(process.execPath, [prebuildify, '--napi', '--strip', '--tag-libc', '--target', process.versions.node, '--cwd', work], { cwd: work });
  install('linux-x64', join(work, 'prebuilds', 'linux-x64'));

  const win = join(work, 'win32-x64');
  run(process.execPath, [join(ROOT, 'tools', 'build-win32-addon.mjs'), join(win, 'nativesockets.node')]);
  install('win32-x64', win);
} finally {
  rmSync(work, { recursive: true, force: true });
}
