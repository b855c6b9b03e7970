// Signals and races, on the backend of this run, each in a child process
// (tests/robustness/children/signals.mjs), asserting it exited normally.
//
// Node installs its handlers (process.on('SIGUSR2'), libuv's SIGCHLD) with
// SA_RESTART, so the kernel restarts a blocking recv or accept they interrupt:
// the call goes on and returns the data. Nim installs no handler; a Nim caller
// sees EINTR when its own handler lacks SA_RESTART. siginterrupt(SIGUSR2, 1)
// (libc, through koffi) clears SA_RESTART on Node's handler: then recv and
// accept return -1 with osLastError() = EINTR as Nim's do, and the retry gets
// the data. poll() is never restarted by the kernel: selectRead then returns -1
// with osLastError() = EINTR and the array unchanged, as Nim's select() does. Closing a handle while a worker thread sleeps in recv, selectRead
// or accept on it does not crash: Linux keeps the socket alive until that call
// returns (with the data or connection that wakes it, or EBADF from poll's next
// scan), and the next call on the handle fails with EBADF.
import { arch } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assertDistFresh, backendOfRun, describeExit, lastJson, REPO, runNode } from './support.js';

const SIGNALS = join(REPO, 'tests', 'robustness', 'children', 'signals.mjs');
const backend = backendOfRun();
const EINTR = 4;
const EBADF = 9;
/** x86-64 system call numbers, to show the thread slept in the call under test. */
const SYSCALLS: Record<string, number> = arch() === 'x64' ? { recvfrom: 45, poll: 7, accept4: 288 } : {};

/** A child's JSON report, read field by field as the child wrote it. */
// biome-ignore lint/suspicious/noExplicitAny: the report's shape is the child's (tests/robustness/children/signals.mjs), checked by the expectations.
type Report = Record<string, any>;

async function scenario(name: string): Promise<Report> {
  assertDistFresh();
  const r = await runNode(SIGNALS, [backend, name], { timeoutMs: 30_000 });
  expect(r.signal, describeExit(r)).toBeNull();
  expect(r.code, describeExit(r)).toBe(0);
  const report = lastJson<Report>(r);
  expect(report['helper']?.error, report['helper']?.error).toBeUndefined();
  return report;
}

const sleptIn = (report: Report, syscall: string, where: unknown = report['helper']?.blockedIn): void => {
  expect(typeof where, 'the thread slept in a system call').toBe('number');
  if (SYSCALLS[syscall] !== undefined) expect(where, `the thread slept in ${syscall}`).toBe(SYSCALLS[syscall]);
};

// The child interrupts calls with SIGUSR2 handlers (SA_RESTART or not): POSIX signals only.
const windows = process.platform === 'win32';
const notOnWindows = windows
  ? ' [skipped on Windows: POSIX signals (SIGUSR2, sigaction SA_RESTART) do not exist there]'
  : '';

describe.skipIf(windows)(`signals [${backend}]${notOnWindows}`, () => {
  test('recv interrupted by a Node handler (SA_RESTART): restarted, returns the data sent after the signal', async () => {
    const r = await scenario('recv-restart');
    sleptIn(r, 'recvfrom');
    expect(r['calls']).toEqual([[4, 0]]);
    expect(r['data']).toBe('ping');
    expect(r['signals']).toBe(1);
  });

  test('recv interrupted by a handler without SA_RESTART: -1 and osLastError() = EINTR, as in Nim; the retry gets the data', async () => {
    const r = await scenario('recv-eintr');
    sleptIn(r, 'recvfrom');
    expect(r['calls']).toEqual([
      [-1, EINTR],
      [4, 0],
    ]);
    expect(r['data']).toBe('ping');
    expect(r['signals']).toBe(1);
  });

  test("accept interrupted without SA_RESTART: [osInvalidSocket, ''] and EINTR; the retry takes the connection", async () => {
    const r = await scenario('accept-eintr');
    expect(r['calls']).toEqual([
      [-1, EINTR, ''],
      ['handle', 0, '127.0.0.1'],
    ]);
    expect(r['signals']).toBe(1);
  });

  test('selectRead interrupted (poll is never restarted): -1 and osLastError() = EINTR as in Nim, the array unchanged', async () => {
    const r = await scenario('select-eintr');
    sleptIn(r, 'poll');
    expect(r).toMatchObject({ selectRead: -1, lastError: EINTR, kept: true, signals: 1 });
  });

  test('closing a handle while a worker thread sleeps in recv on it: no crash; the recv returns the data, then EBADF', async () => {
    const r = await scenario('close-while-recv');
    sleptIn(r, 'recvfrom', r['blockedIn']);
    expect(r['woke']).toBe(4);
    expect(r['helper']).toMatchObject({ first: 4, second: -1, secondError: EBADF });
  });

  test('closing a handle while a worker thread sleeps in selectRead on it: no crash; -1 (EBADF) or the ready handle', async () => {
    const r = await scenario('close-while-select');
    sleptIn(r, 'poll', r['blockedIn']);
    expect([1, -1]).toContain(r['helper'].first);
    if (r['helper'].first === -1) expect(r['helper'].firstError).toBe(EBADF);
    expect(r['helper']).toMatchObject({ second: -1, secondError: EBADF });
  });

  test('closing a listener while a worker thread sleeps in accept on it: no crash; the accept takes the connection, then EBADF', async () => {
    const r = await scenario('close-while-accept');
    sleptIn(r, 'accept4', r['blockedIn']);
    expect(r['woke']).toBe(0);
    expect(r['helper'].first).toBeGreaterThanOrEqual(0);
    expect(r['helper']).toMatchObject({ second: -1, secondError: EBADF });
  });
});
