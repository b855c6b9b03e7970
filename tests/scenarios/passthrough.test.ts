// The passthrough procs (`impl: passthrough`: no runtime code, generated/wiring.ts)
// doing real work on the backend the run picks: shutdown's TCP half-close over
// loopback, socketpair's connected pair (POSIX) and its flags going to C as
// they are. Their error paths are conformance cases (spec/procs/*.yaml).
import { afterEach, describe, expect, test } from 'vitest';
import * as api from '../../generated/entries/index.js';
import { bytes, C, type Handle, isPosix, Sockets, text } from '../support/scenario.js';

const sockets = new Sockets(api);
afterEach(() => sockets.closeAll());

/** recv after waiting (bounded) for `s` to become readable. */
function recvText(s: Handle, size = 16): { n: number; text: string } {
  expect(api.selectRead([s], 5000), 'readable within 5 s').toBe(1);
  const buf = new Uint8Array(size);
  const n = api.recv(s, buf, size, 0);
  return { n, text: n > 0 ? text(buf, n) : '' };
}

describe(`passthrough procs [${api.backend}]`, () => {
  test('shutdown(SHUT_WR) half-closes: the peer reads the data, then end-of-stream, and can still answer', () => {
    const { client, conn } = sockets.pair();
    expect(api.send(client, bytes('ping'), 4, 0)).toBe(4);
    expect(api.shutdown(client, api.SHUT_WR!)).toBe(0);
    expect(recvText(conn)).toEqual({ n: 4, text: 'ping' });
    expect(recvText(conn).n, 'end-of-stream after the half-close').toBe(0);
    expect(api.send(conn, bytes('pong'), 4, 0)).toBe(4);
    expect(recvText(client)).toEqual({ n: 4, text: 'pong' });
  });

  test.runIf(isPosix)('socketpair: two connected Unix sockets, data both ways (POSIX)', () => {
    const [a, b] = api.socketpair!(api.toInt(api.AF_UNIX), api.toInt(api.SOCK_STREAM), 0);
    sockets.track(a);
    sockets.track(b);
    expect(api.send(a, bytes('to b'), 4, 0)).toBe(4);
    expect(recvText(b)).toEqual({ n: 4, text: 'to b' });
    expect(api.send(b, bytes('to a'), 4, 0)).toBe(4);
    expect(recvText(a)).toEqual({ n: 4, text: 'to a' });
  });

  test.runIf(isPosix && C.SOCK_CLOEXEC !== undefined)(
    'socketpair passes sockType to C as it is: SOCK_CLOEXEC or-ed in sets close-on-exec (Linux, FreeBSD)',
    () => {
      const stream = api.toInt(api.SOCK_STREAM);
      const plain = api.socketpair!(api.toInt(api.AF_UNIX), stream, 0);
      const cloexec = api.socketpair!(api.toInt(api.AF_UNIX), stream | C.SOCK_CLOEXEC!, 0);
      for (const h of [...plain, ...cloexec]) sockets.track(h);
      const closeOnExec = (h: Handle): number => api.fcntl!(h, C.F_GETFD!) & C.FD_CLOEXEC!;
      expect(plain.map(closeOnExec)).toEqual([0, 0]);
      expect(cloexec.map(closeOnExec)).toEqual([C.FD_CLOEXEC, C.FD_CLOEXEC]);
    },
  );

  test.runIf(!isPosix)('socketpair is undefined on Windows, which has no socketpair()', () => {
    expect(api.socketpair).toBeUndefined();
  });
});
