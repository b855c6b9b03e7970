// selectRead / selectWrite / select on both backends: ready and not-ready
// handles, in-place pruning of the very array passed, timeouts, failure, and a
// handle numbered above FD_SETSIZE (1024), where Nim's FD_SET overflows.
import { describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, bytes, C, type Handle, isPosix, type Sockets, useSockets } from '../support/scenario.js';

/** The descriptor a high-numbered duplicate lands on: well past FD_SETSIZE. */
const HIGH_FD = 1100;

describe.each(BACKENDS_UNDER_TEST)('select scenarios [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  /** A connected pair whose client end has `data` waiting, confirmed readable. */
  const withData = (data = 'ready'): { client: Handle; conn: Handle } => {
    const pair = sockets.pair();
    expect(api.send(pair.conn, bytes(data), data.length, 0)).toBe(data.length);
    expect(api.selectRead([pair.client], 5000)).toBe(1);
    return pair;
  };

  test('selectRead with nothing ready: 0 after the timeout, every handle removed', () => {
    const a = sockets.pair().client;
    const b = sockets.pair().client;
    const { s: listener } = sockets.listener();
    const fds = [a, b, listener];
    expect(api.selectRead(fds, 0)).toBe(0);
    expect(fds).toEqual([]);
    const fds2 = [a, listener];
    const started = performance.now();
    expect(api.selectRead(fds2, 60)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(fds2).toEqual([]);
  });

  test('selectRead keeps exactly the readable handles, in order, in the same array', () => {
    const idle = sockets.pair().client;
    const ready = withData().client;
    const idle2 = sockets.pair().client;
    const { s: pending, port } = sockets.listener();
    expect(api.connect(sockets.tcp(), sockets.inet4(port), 16)).toBe(0);
    const fds = [idle, ready, idle2, pending];
    const same = fds;
    expect(api.selectRead(fds, 1000)).toBe(2);
    expect(fds).toBe(same);
    expect(fds).toEqual([ready, pending]);
    // -1 waits without limit, but returns at once when something is ready.
    const again = [idle, ready];
    expect(api.selectRead(again, -1)).toBe(1);
    expect(again).toEqual([ready]);
    // The default timeout (500 ms) with a ready handle returns at once too.
    expect(api.selectRead([ready])).toBe(1);
  });

  test('select is selectRead under its older name', () => {
    const idle = sockets.pair().client;
    const ready = withData().client;
    const fds = [idle, ready];
    expect(api.select(fds, 0)).toBe(1);
    expect(fds).toEqual([ready]);
    expect(api.select([idle], 0)).toBe(0);
  });

  test('selectWrite: connected sockets are writable, a listener is not', () => {
    const { client, conn } = sockets.pair();
    const { s: listener } = sockets.listener();
    const fds = [listener, client, conn];
    expect(api.selectWrite(fds, 1000)).toBe(2);
    expect(fds).toEqual([client, conn]);
    const none = [listener];
    expect(api.selectWrite(none, 0)).toBe(0);
    expect(none).toEqual([]);
    expect(api.selectWrite([client])).toBe(1);
  });

  test('a peer that closed counts as readable (end of stream), like select()', () => {
    const { client, conn } = sockets.pair();
    api.close(client);
    const fds = [conn];
    expect(api.selectRead(fds, 5000)).toBe(1);
    expect(api.recv(conn, new Uint8Array(4), 4, 0)).toBe(0);
  });

  test('a handle that is not open: -1, EBADF (WSAENOTSOCK on Windows), and the array left as it was', () => {
    const notOpen = isPosix ? api.EBADF : C.WSAENOTSOCK;
    const ready = withData().client;
    const fds = [ready, 0x3fffffff as Handle];
    expect(api.selectRead(fds, 0)).toBe(-1);
    expect(api.osLastError()).toBe(notOpen);
    expect(fds).toEqual([ready, 0x3fffffff]);
    expect(api.selectWrite([0x3fffffff as Handle], 0)).toBe(-1);
    expect(api.osLastError()).toBe(notOpen);
  });

  test('osInvalidSocket in the array is never ready', () => {
    const ready = withData().client;
    const fds = [api.osInvalidSocket, ready];
    expect(api.selectRead(fds, 0)).toBe(1);
    expect(fds).toEqual([ready]);
  });

  test('bad arguments are TypeError / RangeError, before any wait', () => {
    const s = sockets.tcp();
    expect(() => api.selectRead(s as never, 0)).toThrow(TypeError);
    expect(() => api.selectRead(['3' as never], 0)).toThrow(TypeError);
    expect(() => api.selectRead([s], -2)).toThrow(RangeError);
    expect(() => api.selectWrite([s], 1.5)).toThrow(RangeError);
    expect(() => api.selectWrite([s], '10' as never)).toThrow(TypeError);
    expect(() => api.select([(2 ** 31) as Handle], 0)).toThrow(RangeError);
  });

  test('many handles at once: 100 connections, every other one ready', () => {
    const { s: listener, port } = sockets.listener();
    const all: Handle[] = [];
    const ready: Handle[] = [];
    for (let i = 0; i < 100; i++) {
      const client = sockets.tcp();
      expect(api.connect(client, sockets.inet4(port), 16)).toBe(0);
      const [conn] = api.accept(listener);
      sockets.track(conn);
      all.push(client);
      if (i % 2 === 0) {
        expect(api.send(conn, bytes('x'), 1, 0)).toBe(1);
        ready.push(client);
      }
    }
    // Wait (bounded) until every byte sent is visible.
    for (const r of ready) expect(api.selectRead([r], 5000)).toBe(1);
    expect(api.selectRead(all, 1000)).toBe(ready.length);
    expect(all).toEqual(ready);
  });

  test.runIf(isPosix)(
    `a handle numbered ${HIGH_FD}, past FD_SETSIZE, works in selectRead and selectWrite${isPosix ? '' : ' [skipped on Windows: the handle is made with fcntl F_DUPFD, which Windows lacks]'}`,
    () => {
      const { client, conn } = sockets.pair();
      const high = api.fcntl!(client, C.F_DUPFD!, HIGH_FD) as Handle;
      if (high === -1) {
        // The descriptor limit is below HIGH_FD and is not ours to raise.
        expect([C.EINVAL, C.EMFILE]).toContain(api.osLastError());
        console.warn(`skipped: cannot dup to fd ${HIGH_FD} (errno ${api.osLastError()})`);
        return;
      }
      sockets.track(high);
      expect(high).toBeGreaterThanOrEqual(HIGH_FD);
      const idleHigh = api.fcntl!(sockets.pair().client, C.F_DUPFD!, HIGH_FD) as Handle;
      expect(idleHigh).toBeGreaterThan(HIGH_FD);
      sockets.track(idleHigh);

      const nothing = [high, idleHigh];
      expect(api.selectRead(nothing, 0)).toBe(0);
      expect(nothing).toEqual([]);
      expect(api.send(conn, bytes('high'), 4, 0)).toBe(4);
      const fds = [idleHigh, high];
      expect(api.selectRead(fds, 5000)).toBe(1);
      expect(fds).toEqual([high]);
      const inbox = new Uint8Array(8);
      expect(api.recv(high, inbox, 8, 0)).toBe(4);
      const writable = [high, idleHigh];
      expect(api.selectWrite(writable, 1000)).toBe(2);
      expect(writable).toEqual([high, idleHigh]);
    },
  );
});
