// Each backend on each runtime: a process that loaded it ends by itself with
// status 0 (Deno aborted at exit in the addon's cleanup hook), and a DataView
// is a TypeError where C wants a typed array (Bun's N-API accepted one).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDistFresh, REPO } from '../robustness/support.js';
import { type RuntimeName, runtimeCommand } from '../support/runtimes.js';

const CHILD = join(REPO, 'tests', 'runtimes', 'children', 'exitAfterUse.mjs');
const RUNTIMES: RuntimeName[] = ['node', 'bun', 'deno'];

describe.each(RUNTIMES)('on %s', (runtime) => {
  it.each(['napi', 'koffi'])('%s: loads, refuses a DataView, exits 0 by itself', (backend) => {
    assertDistFresh();
    const { file, args } = runtimeCommand(runtime);
    const r = spawnSync(file, [...args, CHILD, backend], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.error, String(r.error)).toBeUndefined();
    expect({ status: r.status, signal: r.signal, stderr: r.stderr.slice(-2000) }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(JSON.parse(r.stdout.trim())).toEqual({ backend, socket: true, optval: 'TypeError', optlen: 'TypeError' });
  });
});
