// Each backend on each runtime: a process that loaded it ends by itself with
// status 0 (Deno aborted at exit in the addon's cleanup hook), and a DataView
// is a TypeError where C wants a typed array (Bun's N-API accepted one).
// bunffi loads on Bun only and denoffi on Deno only: elsewhere their entry throws
// an Error naming the runtime each needs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDistFresh, REPO } from '../robustness/support.js';
import { RUNTIME_ONLY_BACKENDS as RUNTIME_ONLY } from '../support/backends.js';
import { RUNTIME, type RuntimeName, runtimeCommand } from '../support/runtimes.js';
import { stderrWithoutBunWineNoise, wineSkipReason } from '../support/wine.js';

const CHILD = join(REPO, 'tests', 'runtimes', 'children', 'exitAfterUse.mjs');
const EXIT_PENDING = join(REPO, 'tests', 'runtimes', 'children', 'exitWithPending.mjs');
const RUNTIMES: RuntimeName[] = ['node', 'bun', 'deno'];

function runChild(runtime: RuntimeName, backend: string, script = CHILD) {
  assertDistFresh();
  const { file, args } = runtimeCommand(runtime);
  const r = spawnSync(file, [...args, script, backend], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.error, String(r.error)).toBeUndefined();
  return r;
}

for (const runtime of RUNTIMES) describeRuntime(runtime);

function describeRuntime(runtime: RuntimeName): void {
  const wine = wineSkipReason(`on ${runtime}`);
  describe.skipIf(wine)(`on ${runtime}${wine ? ` [${wine}]` : ''}`, () => tests(runtime));
}

function tests(runtime: RuntimeName): void {
  // runtimeCommand('node') is the runtime running this file (process.execPath): Deno when vitest runs on Deno.
  const actual = runtime === 'node' ? RUNTIME : runtime;
  const backends = ['napi', 'koffi', ...RUNTIME_ONLY.filter((b) => b.runtime === actual).map((b) => b.backend)];
  it.each(backends)('%s: loads, refuses a DataView, exits 0 by itself', (backend) => {
    const r = runChild(runtime, backend);
    expect({ status: r.status, signal: r.signal, stderr: stderrWithoutBunWineNoise(r.stderr).slice(-2000) }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(JSON.parse(r.stdout.trim())).toEqual({ backend, socket: true, optval: 'TypeError', optlen: 'TypeError' });
  });
  // The waiting thread of Bun's reactor is blocked in epoll_wait or WSAPoll with the call armed: exit wakes and ends it.
  it.each(backends)('%s: process.exit() with a recvfromAsync pending ends the process, status 0', (backend) => {
    const r = runChild(runtime, backend, EXIT_PENDING);
    expect({ status: r.status, signal: r.signal, stderr: stderrWithoutBunWineNoise(r.stderr).slice(-2000) }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(JSON.parse(r.stdout.trim())).toEqual({ backend, pending: 1, kind: expect.any(String) });
  });
  it.each(RUNTIME_ONLY.filter((b) => b.runtime !== actual))(
    '$backend: its entry throws an Error naming $title, the runtime it needs',
    ({ backend, title, ffi }) => {
      const r = runChild(runtime, backend);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(`the ${backend} backend runs on ${title} only \\(it calls C through ${ffi}\\)`),
      );
    },
  );
}
