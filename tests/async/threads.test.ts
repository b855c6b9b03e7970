// Waiting holds no thread per socket: 200 pending recvAsync on 200 sockets add
// at most one thread to the process on every runtime (Node: none, libuv's
// loop polls; Bun: the reactor's one Worker; Deno: the one thread that runs
// its nonblocking epoll_wait). Deno's own uv_poll emulation started a thread
// per handle (207 threads for 200 waits). A resource property, read from
// /proc/self/status (Linux).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { asyncState } from '../../runtime/async/index.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { RUNTIME } from '../support/runtimes.js';
import { type Handle, loadBackend, Sockets } from '../support/scenario.js';

const WAITS = 200;
const isLinux = process.platform === 'linux';

const threads = (): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const turn = () => new Promise<void>((r) => setImmediate(r));

describe.each(BACKENDS_UNDER_TEST)('threads while Async calls wait [%s]', (backendName) => {
  test.skipIf(!isLinux)(
    `${WAITS} pending recvAsync add at most one thread (${RUNTIME})` +
      (isLinux ? '' : ` [skipped on ${process.platform}: threads are read from /proc/self/status]`),
    async () => {
      const api = await loadBackend(backendName);
      const sockets = new Sockets(api);
      try {
        const conns: Handle[] = [];
        const clients: Handle[] = [];
        for (let i = 0; i < WAITS; i++) {
          const { client, conn } = sockets.pair();
          clients.push(client);
          conns.push(conn);
        }
        // One wait settled first: the reactor exists and its thread (if any) has started.
        const first = api.recvAsync(conns[0]!, new Uint8Array(1), 1, 0);
        api.send(clients[0]!, new Uint8Array([1]), 1, 0);
        await first;
        const before = threads();
        const recvs = conns.map((c) => api.recvAsync(c, new Uint8Array(1), 1, 0));
        for (const r of recvs) r.catch(() => {});
        await turn();
        expect(asyncState(api).pending).toBe(WAITS);
        const during = threads();
        console.log(
          `[${backendName}] ${asyncState(api).kind}: ${before} threads before, ${during} with ${WAITS} waits`,
        );
        expect(during - before, `${during} threads with ${WAITS} waits, ${before} before`).toBeLessThanOrEqual(1);
        for (const c of clients) api.send(c, new Uint8Array([2]), 1, 0);
        expect(await Promise.all(recvs)).toEqual(conns.map(() => 1));
      } finally {
        sockets.closeAll();
      }
    },
  );
});
