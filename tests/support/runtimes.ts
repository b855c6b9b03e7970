// The JavaScript runtimes the suite covers besides the one running vitest: Bun
// and Deno, installed from npm as devDependencies (their binaries come from
// the per-platform optional packages @oven/bun-* and @deno/*).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../robustness/support.js';

export type RuntimeName = 'node' | 'bun' | 'deno';

/** What runs a script on each runtime: the executable and the arguments before the script. */
export function runtimeCommand(runtime: RuntimeName): { file: string; args: string[] } {
  if (runtime === 'node') return { file: process.execPath, args: [] };
  const file = join(REPO, 'node_modules', runtime, runtime === 'bun' ? 'bin/bun.exe' : process.platform === 'win32' ? 'deno.exe' : 'deno');
  // Deno: every permission (sockets, FFI, env, files); node_modules of the repo (package.json) resolves the imports.
  return { file, args: runtime === 'deno' ? ['run', '-A', '--quiet'] : [] };
}

/** Whether the runtime's binary is installed (npm ci installs both; a missing one is a failed test, not a skip). */
export function runtimeInstalled(runtime: RuntimeName): boolean {
  return runtime === 'node' || existsSync(runtimeCommand(runtime).file);
}

