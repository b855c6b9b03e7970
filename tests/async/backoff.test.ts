// A wait that no readiness event ends must not burn CPU. connect on a Unix
// socket whose listener's backlog is full fails with EAGAIN, yet the socket
// reports writable all along: retrying on each readiness event spins the loop
// (about half a core before the fix). This checks a resource property, not
// speed: the CPU the process used over a window of waiting must stay well
// under the wall time of that window (20%; an idle wait uses well under 1%).
// The window is a measurement, not a synchronisation: the test then makes room
// in the backlog and waits (bounded by the test timeout) for the connect.
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, C, expectNoWaitLeft, type Handle, isPosix, type Sockets, useSockets } from '../support/scenario.js';

const WINDOW_MS = 400;
const MAX_CPU_SHARE = 0.2;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(BACKENDS_UNDER_TEST)('waits that readiness does not end [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(
    backendName,
    (loaded) => ({ api, sockets } = loaded),
    (api) => expectNoWaitLeft(api),
  );
  beforeAll(async () => {
    // One wait that readiness ends, before any window: on Bun the reactor's
    // first use starts its worker thread, a one-time cost that is not the wait's.
    const { client, conn } = sockets.pair();
    const got = api.recvAsync(conn, new Uint8Array(1), 1, 0);
    api.send(client, new Uint8Array([1]), 1, 0);
    await got;
    sockets.closeAll();
  });

  /** A Unix listener at a temporary path whose backlog is full: the next connect gets EAGAIN. */
  function fullUnixListener(): { listener: Handle; addr: ReturnType<NonNullable<Api['makeUnixAddr']>> } {
    const addr = api.makeUnixAddr!(join(sockets.tempDir(), 's'));
    const listener = sockets.unix();
    expect(api.bindAddr(listener, addr, addr.bytes.byteLength)).toBe(0);
    expect(api.listen(listener, 0)).toBe(0);
    for (let i = 0; ; i++) {
      expect(i, 'the backlog fills within 64 connections').toBeLessThan(64);
      const c = sockets.unix();
      api.setBlocking(c, false);
      if (api.connect(c, addr, addr.bytes.byteLength) === 0) continue;
      expect(api.osLastError()).toBe(C.EAGAIN);
      return { listener, addr };
    }
  }

  test.skipIf(!isPosix)(
    `connectAsync to a Unix listener with a full backlog uses < ${MAX_CPU_SHARE * 100}% CPU while it waits, then connects`,
    async () => {
      const { listener, addr } = fullUnixListener();
      const client = sockets.unix();
      let settled = false;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const connected = api.connectAsync(client, addr, addr.bytes.byteLength).finally(() => (settled = true));
      await sleep(WINDOW_MS);
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      expect(settled, 'no room in the backlog yet: still waiting').toBe(false);
      expect(cpuMs / wallMs, `${cpuMs.toFixed(1)} ms of CPU over ${wallMs.toFixed(0)} ms of waiting`).toBeLessThan(
        MAX_CPU_SHARE,
      );
      // Room in the backlog: the connect goes through.
      const [conn] = api.accept(listener);
      sockets.track(conn);
      await expect(connected).resolves.toBe(0);
    },
  );

  test.skipIf(!isPosix)(
    'close() fails a connectAsync waiting on a full backlog; an abort rejects another',
    async () => {
      const { addr } = fullUnixListener();
      // Not tracked: the test closes it.
      const closed = api.createNativeSocket(api.AF_UNIX, api.SOCK_STREAM, api.IPPROTO_NONE);
      const pending = api.connectAsync(closed, addr, addr.bytes.byteLength);
      const aborted = sockets.unix();
      const controller = new AbortController();
      const abortable = api.connectAsync(aborted, addr, addr.bytes.byteLength, { signal: controller.signal });
      api.close(closed);
      await expect(pending).rejects.toMatchObject({ name: 'OSError', syscall: 'close' });
      controller.abort();
      await expect(abortable).rejects.toMatchObject({ name: 'AbortError' });
    },
  );
});
