// The acceptance test of the Async variants, on each backend: 2,000 recvAsync
// calls pending at once hold no thread, so fs calls (which need the libuv
// threadpool) keep completing within 50 ms; then one byte to each socket
// settles every call with its byte, and no wait or poll handle is left.
// (koffi's own `.async` would hold one threadpool thread per pending call:
// four of them stall fs.readFile until they return, see tests/async/measure.mjs.)
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { asyncState } from '../../runtime/async/index.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Handle, loadBackend, Sockets } from '../support/scenario.js';

const PENDING = 2000;
const FS_BUDGET_MS = 50;
const WINDOWS = 3;
const self = fileURLToPath(import.meta.url);

/** The 99th percentile of sorted latencies. */
function p99Of(sorted: number[]): number {
  return sorted[Math.floor(sorted.length * 0.99)]!;
}

/** readFile + stat of this file in a loop for `ms`: each round's latency. */
async function fsRounds(ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await readFile(self);
    await stat(self);
    times.push(performance.now() - t0);
  }
  return times;
}

describe.each(BACKENDS_UNDER_TEST)('2,000 pending recvAsync [%s]', (backendName) => {
  test(`fs.readFile / fs.stat keep completing within ${FS_BUDGET_MS} ms (or 4x their idle p99, if slower) while ${PENDING} recvAsync wait`, async () => {
    const api = await loadBackend(backendName);
    const sockets = new Sockets(api);
    // Where fs is slower than the budget with nothing pending (Wine's file I/O on
    // a busy machine: ~90 ms), the budget is four times that idle p99 instead;
    // a held threadpool would still stall fs for as long as the calls wait.
    const idleP99 = p99Of((await fsRounds(500)).sort((a, b) => a - b));
    const budget = Math.max(FS_BUDGET_MS, 4 * idleP99);
    try {
      const { s: listener, port } = sockets.listener();
      const to = sockets.inet4(port);
      const pairs: { client: Handle; conn: Handle }[] = [];
      for (let i = 0; i < PENDING; i++) {
        const client = sockets.tcp();
        expect(api.connect(client, to, to.bytes.byteLength)).toBe(0);
        pairs.push({ client, conn: sockets.track(api.accept(listener)[0]) });
      }
      const bufs = pairs.map(() => new Uint8Array(4));
      const recvs = pairs.map((p, i) => api.recvAsync(p.conn, bufs[i]!, 4, 0));
      // If an assertion fails, closeAll rejects these (EBADF): handled, not reported twice.
      for (const r of recvs) r.catch(() => {});
      await new Promise((r) => setImmediate(r));
      expect(asyncState(api)).toMatchObject({ pending: PENDING, handles: PENDING });

      // A window whose slowest round is over budget is measured again (at most
      // WINDOWS times, the calls still pending): other test files share the
      // CPUs and can deschedule this process for tens of ms; a blocked
      // threadpool or event loop would fail every window.
      const windows: string[] = [];
      let best = Infinity;
      for (let w = 0; w < WINDOWS && best >= budget; w++) {
        const times = (await fsRounds(500)).sort((a, b) => a - b);
        const max = times[times.length - 1]!;
        const p99 = p99Of(times);
        windows.push(`${times.length} rounds, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms`);
        expect(times.length).toBeGreaterThan(10);
        expect(p99, `p99 of readFile + stat (idle p99 ${idleP99.toFixed(2)} ms)`).toBeLessThan(budget);
        best = Math.min(best, max);
      }
      console.log(`[${backendName}] ${asyncState(api).kind}, ${PENDING} recvAsync pending; fs readFile + stat: ${windows.join('; ')}`);
      expect(best, `slowest readFile + stat while ${PENDING} recvAsync were pending`).toBeLessThan(budget);

      pairs.forEach((p, i) => expect(api.send(p.client, Uint8Array.of(i & 0xff), 1, 0)).toBe(1));
      const got = await Promise.all(recvs);
      expect(got.every((n) => n === 1)).toBe(true);
      expect(bufs.every((b, i) => b[0] === (i & 0xff))).toBe(true);
      expect(asyncState(api).pending).toBe(0);
    } finally {
      sockets.closeAll();
    }
    await new Promise((r) => setImmediate(r));
    expect(asyncState(api).handles, 'every poll handle closed').toBe(0);
  }, 60_000);
});
