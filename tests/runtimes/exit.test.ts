// Each backend on each runtime: a process that loaded it ends by itself with
// status 0 (Deno aborted at exit in the addon's cleanup hook), and a DataView
// is a TypeError where C wants a typed array (Bun's N-API accepted one).
// denoffi loads on Deno only: elsewhere its entry throws an Error naming Deno.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDistFresh, REPO } from '../robustness/support.js';
import { RUNTIME, type RuntimeName, runtimeCommand } from '../support/runtimes.js';

const CHILD = join(REPO, 'tests', 'runtimes', 'children', 'exitAfterUse.mjs');
const RUNTIMES: RuntimeName[] = ['node', 'bun', 'deno'];

function runChild(runtime: RuntimeName, backend: string) {
  assertDistFresh();
  const { file, args } = runtimeCommand(runtime);
  const r = spawnSync(file, [...args, CHILD, backend], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.error, String(r.error)).toBeUndefined();
  return r;
}

describe.each(RUNTIMES)('on %s', (runtime) => {
  // runtimeCommand('node') is the runtime running this file (process.execPath): Deno when vitest runs on Deno.
  const actual = runtime === 'node' ? RUNTIME : runtime;
  const backends = actual === 'deno' ? ['napi', 'koffi', 'denoffi'] : ['napi', 'koffi'];
  it.each(backends)('%s: loads, refuses a DataView, exits 0 by itself', (backend) => {
    const r = runChild(runtime, backend);
    expect({ status: r.status, signal: r.signal, stderr: r.stderr.slice(-2000) }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(JSON.parse(r.stdout.trim())).toEqual({ backend, socket: true, optval: 'TypeError', optlen: 'TypeError' });
  });
  it.runIf(actual !== 'deno')(
    `denoffi: its entry throws an Error naming Deno, the runtime it needs${actual === 'deno' ? ' [skipped on deno: denoffi loads there, as the test above shows]' : ''}`,
    () => {
      const r = runChild(runtime, 'denoffi');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/the denoffi backend calls C through Deno\.dlopen and needs the Deno runtime/);
    },
  );
});
