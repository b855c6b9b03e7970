// The package's install script. Never fails (exit code 0 whatever happens):
//   a prebuild (or an earlier source build) for this platform loads and matches
//   the sources  -> nothing to do, nothing compiled;
//   else a C++ toolchain exists -> build from source (tools/build-addon.mjs);
//   else one line: koffi is the default backend.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './addon-gyp.mjs';

const require = createRequire(import.meta.url);

/** Why the addon node-gyp-build would pick is unusable, or null when it is fine. */
function addonProblem() {
  let path;
  try {
    path = require('node-gyp-build').resolve(ROOT);
  } catch {
    return 'no prebuild for this platform';
  }
  const header = readFileSync(join(ROOT, 'generated', 'napi', 'sources_hash.h'), 'utf8');
  const expected = /NATIVESOCKETS_SOURCES_HASH "(\w+)"/.exec(header)?.[1];
  try {
    const hash = require(path).sourcesHash;
    return hash === expected ? null : `${path} is built from other sources`;
  } catch (e) {
    return `${path} does not load (${e instanceof Error ? e.message.split('\n')[0] : e})`;
  }
}

try {
  const problem = addonProblem();
  if (problem !== null) {
    process.stdout.write(`nativesockets: ${problem}; building the napi addon from source\n`);
    const build = join(ROOT, 'tools', 'build-addon.mjs');
    if (existsSync(build)) spawnSync(process.execPath, [build], { stdio: 'inherit' });
  }
} catch (e) {
  process.stderr.write(
    `nativesockets: install step skipped (${e instanceof Error ? e.message : e}); koffi is the default backend\n`,
  );
}
