// Builds the N-API addon from source with node-gyp into build/Release/ (where
// node-gyp-build looks first, ahead of the prebuilds). The compile runs in a
// temporary directory; the working addon is replaced only when it succeeds, so a
// failed rebuild keeps it. Tells "no C++ toolchain" (compiler, make or python3
// missing) apart from "compile error" (with the log's path). Without --strict it
// never fails: koffi stays the default backend.
// Run it from an npm script (npm run build:addon, the install script): node-gyp
// then sees npm's config (nodedir) and, in a user's install, npm's own node-gyp.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { relocatedBindingGyp, ROOT as root } from './addon-gyp.mjs';

const strict = process.argv.includes('--strict');
const target = join(root, 'build', 'Release', 'nativesockets.node');
const log = join(root, 'build', 'build-addon.log');
const KOFFI = 'koffi is the default backend';

function finish(ok, message) {
  (ok ? process.stdout : process.stderr).write(`nativesockets: ${message}\n`);
  if (!ok && strict) process.exit(1);
}

function onPath(cmd) {
  if (cmd.includes('/') || cmd.includes('\\')) return existsSync(cmd);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && exts.some((e) => existsSync(join(d, cmd + e))));
}

/** What a POSIX node-gyp build needs and is missing. On Windows node-gyp finds Visual Studio itself. */
function missingTools() {
  if (process.platform === 'win32') return [];
  const missing = [];
  const cxx = process.env.CXX ? process.env.CXX.split(' ')[0] : undefined;
  if (cxx ? !compilerWorks(cxx) : !['c++', 'g++', 'clang++'].some(onPath))
    missing.push(cxx ? `a working C++ compiler (CXX=${process.env.CXX})` : 'a C++ compiler (c++, g++ or clang++)');
  if (!onPath('make')) missing.push('make');
  if (!['python3', 'python'].some(onPath) && !process.env.PYTHON) missing.push('python3');
  return missing;
}

function compilerWorks(cxx) {
  const r = spawnSync(cxx, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** node-gyp: this checkout's (devDependency), else the one npm gives install scripts, else PATH's. */
function nodeGyp() {
  const local = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(local)) return [process.execPath, local];
  const npmGyp = process.env.npm_config_node_gyp;
  if (npmGyp && existsSync(npmGyp)) return npmGyp.endsWith('.js') ? [process.execPath, npmGyp] : [npmGyp];
  return onPath('node-gyp') ? ['node-gyp'] : null;
}

const missing = missingTools();
const gyp = nodeGyp();
if (missing.length > 0 || !gyp) {
  const what = [...missing, ...(gyp ? [] : ['node-gyp'])].join(', ');
  finish(
    false,
    `napi addon not built: no C++ toolchain (missing ${what}); ${KOFFI}. With the tools installed: npm run build:addon`,
  );
} else {
  const work = mkdtempSync(join(tmpdir(), 'nativesockets-addon-'));
  try {
    writeFileSync(join(work, 'binding.gyp'), relocatedBindingGyp(work));
    const r = spawnSync(gyp[0], [...gyp.slice(1), 'rebuild', `--directory=${work}`], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const built = join(work, 'build', 'Release', 'nativesockets.node');
    mkdirSync(dirname(target), { recursive: true });
    if (r.status === 0 && existsSync(built)) {
      // Copy beside the target, then rename: a running process never sees half a file.
      copyFileSync(built, `${target}.tmp`);
      renameSync(`${target}.tmp`, target);
      rmSync(log, { force: true });
      finish(true, `napi addon built (${target})`);
    } else {
      writeFileSync(log, `${gyp.join(' ')} rebuild\n${r.stdout ?? ''}\n${r.stderr ?? ''}\n${r.error ?? ''}\n`);
      const kept = existsSync(target) ? `the previous addon is kept (${target})` : KOFFI;
      finish(false, `napi addon not built: compile error (log: ${log}); ${kept}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
