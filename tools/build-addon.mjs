// Builds the N-API addon with node-gyp. Run from an npm script so node-gyp sees
// npm's config (it finds Node's headers only through it on some machines).
// Without a C++ toolchain the install still succeeds: koffi becomes the default
// backend, and one line says how to build the addon later.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const result = spawnSync(process.execPath, [gyp, 'rebuild', '--directory=generated/napi'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (result.status === 0) {
  process.stdout.write('nativesockets: napi addon built (generated/napi/build/Release/nativesockets.node)\n');
} else {
  const logDir = join(root, 'generated', 'napi', 'build');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, 'build-addon.log');
  writeFileSync(log, `${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error ?? ''}`);
  process.stderr.write(
    `nativesockets: napi addon not built (no working C++ toolchain? see ${log}); koffi is the default backend. Build it later with: npm run build:addon\n`,
  );
  if (strict) process.exit(1);
}
