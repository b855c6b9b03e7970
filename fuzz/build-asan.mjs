// Builds the N-API addon with AddressSanitizer into dist/napi-asan/ (a build
// directory of its own: the regular generated/napi/build is not touched), from
// the generated sources. Run through npm (`npm exec -- node fuzz/build-asan.mjs`)
// so node-gyp sees npm's config, as tools/build-addon.mjs is.
// Prints the addon's path and the AddressSanitizer runtime to preload.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'napi-asan');
const addon = join(out, 'build', 'Release', 'nativesockets.node');
mkdirSync(out, { recursive: true });

let changed = !existsSync(addon);
// binding.gyp compiles runtime/napi/eventloop.cc from its own place (and
// nativesockets.cc includes runtime/napi/helpers.h from there); a copy here
// only tells whether it changed since the last build.
const sources = [
  [join(root, 'generated', 'napi', 'binding.gyp'), 'binding.gyp'],
  [join(root, 'generated', 'napi', 'nativesockets.cc'), 'nativesockets.cc'],
  [join(root, 'generated', 'napi', 'sources_hash.h'), 'sources_hash.h'],
  [join(root, 'runtime', 'napi', 'eventloop.cc'), 'eventloop.cc.built'],
  [join(root, 'runtime', 'napi', 'helpers.h'), 'helpers.h.built'],
];
for (const [from, name] of sources) {
  const to = join(out, name);
  if (!existsSync(to) || !readFileSync(from).equals(readFileSync(to))) {
    copyFileSync(from, to);
    changed = true;
  }
}

const cc = process.env.CC ?? 'cc';
const runtime = spawnSync(cc, ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout?.trim();
if (!runtime || !existsSync(runtime)) {
  process.stderr.write(
    `fuzz: no AddressSanitizer runtime (${cc} -print-file-name=libasan.so gave ${JSON.stringify(runtime)}); install libasan (gcc) first\n`,
  );
  process.exit(1);
}

if (changed) {
  const flags = '-fsanitize=address -fno-omit-frame-pointer -g -O1';
  const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const r = spawnSync(process.execPath, [gyp, 'rebuild', `--directory=${out}`], {
    cwd: root,
    encoding: 'utf8',
    // gyp's Makefiles append these to every compile and link.
    env: { ...process.env, CFLAGS: flags, CXXFLAGS: flags, LDFLAGS: '-fsanitize=address' },
  });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\nfuzz: the AddressSanitizer build of the addon failed\n`);
    process.exit(1);
  }
}
const symbols = spawnSync('nm', ['-D', addon], { encoding: 'utf8' }).stdout ?? '';
if (!symbols.includes('__asan_')) {
  process.stderr.write(`fuzz: ${addon} has no AddressSanitizer instrumentation\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ addon, runtime })}\n`);
