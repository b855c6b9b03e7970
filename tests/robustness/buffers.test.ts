// Lengths checked against buffers that lie about their size, on a live socket
// with a 60000-byte datagram waiting, in a child process: without the checks
// the kernel writes past the buffer (before the fix the child died of heap
// corruption). Also lengths re-checked after argument reading that runs
// JavaScript (a getter shrinking or detaching the buffer). The matrix in
// generated/tests/badInput.test.ts covers every parameter on a handle that is
// never open; this is the same with real data.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { assertDistFresh, backendOfRun, describeExit, lastJson, REPO, runNode } from './support.js';

const backend = backendOfRun();

test(`buffers claiming more bytes than they have are refused before C writes into them [${backend}]`, async () => {
  assertDistFresh();
  const r = await runNode(join(REPO, 'tests', 'robustness', 'children', 'buffers.mjs'), [backend], {
    timeoutMs: 60_000,
  });
  expect(r.signal, describeExit(r)).toBeNull();
  expect(r.code, describeExit(r)).toBe(0);
  const report = lastJson<{
    results: Record<string, { threw?: string; returned?: number }>;
    finalRecv: number;
    finalBytesOk: boolean;
  }>(r);
  const { recvDetachedZero, ...refused } = report.results;
  for (const [name, outcome] of Object.entries(refused)) expect(outcome.threw, name).toBe('RangeError');
  // Windows fails a datagram recv whose buffer is too small with WSAEMSGSIZE (-1),
  // where POSIX returns the 0 bytes asked for; either way nothing is written.
  expect(recvDetachedZero).toEqual({ returned: process.platform === 'win32' ? -1 : 0 });
  expect(report.finalRecv).toBe(60_000);
  expect(report.finalBytesOk).toBe(true);
}, 90_000);
