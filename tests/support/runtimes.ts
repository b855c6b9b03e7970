// The JavaScript runtimes the suite covers besides the one running vitest: Bun
// and Deno, installed from npm as devDependencies (their binaries come from
// the per-platform optional packages @oven/bun-* and @deno/*).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { jsRuntime } from '../../runtime/jsRuntime.js';
import { REPO } from '../robustness/support.js';

export type RuntimeName = 'node' | 'bun' | 'deno';

/** What runs a script on each runtime: the executable and the arguments before the script. */
export function runtimeCommand(runtime: RuntimeName): { file: string; args: string[] } {
  if (runtime === 'node') return { file: process.execPath, args: [] };
  const file = join(
    REPO,
    'node_modules',
    runtime,
    runtime === 'bun' ? 'bin/bun.exe' : process.platform === 'win32' ? 'deno.exe' : 'deno',
  );
  // Deno: every permission (sockets, FFI, env, files); node_modules of the repo (package.json) resolves the imports.
  return { file, args: runtime === 'deno' ? ['run', '-A', '--quiet'] : [] };
}

/** Whether the runtime's binary is installed (npm ci installs both; a missing one is a failed test, not a skip). */
export function runtimeInstalled(runtime: RuntimeName): boolean {
  return runtime === 'node' || existsSync(runtimeCommand(runtime).file);
}

/** The runtime running this test file (vitest runs on Node, Bun or Deno). */
export const RUNTIME = jsRuntime();

/** The title suffix of a test skipped on this runtime, saying why; '' where it runs. */
export function skippedHere(skip: boolean, why: string): string {
  return skip ? ` [skipped on ${RUNTIME}: ${why}]` : '';
}

/** The waiter the Async socket calls of `backend` use on this runtime. */
export function waiterKind(backend: string): string {
  if (RUNTIME === 'node') return `${backend} uv_poll`;
  return `${RUNTIME} ${process.platform === 'win32' ? 'wsapoll' : 'epoll'}`;
}

/** How to run `script` on the runtime running this test: its executable, then the arguments (Deno needs `run` and permissions). */
export function scriptCommand(script: string, args: string[] = []): { file: string; args: string[] } {
  const prefix = RUNTIME === 'deno' ? runtimeCommand('deno').args : [];
  return { file: process.execPath, args: [...prefix, script, ...args] };
}

/** V8's or JavaScriptCore's full garbage collection, without starting the runtime with a flag where it can. */
export function forceGc(): () => void {
  const g = globalThis as { Bun?: { gc(sync: boolean): void }; gc?: () => void };
  if (g.Bun) return () => g.Bun!.gc(true);
  if (typeof g.gc === 'function') return g.gc;
  // Node: the flag can be set at run time, and a new context then has gc().
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** How to evaluate ES module source text on the runtime running this test (node --input-type=module -e, bun -e, deno eval). */
export function evalCommand(code: string): { file: string; args: string[] } {
  const args =
    RUNTIME === 'node'
      ? ['--input-type=module', '-e', code]
      : RUNTIME === 'bun'
        ? ['-e', code]
        : ['eval', '--quiet', code];
  return { file: process.execPath, args };
}
