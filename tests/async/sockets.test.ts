// The Async variants of the socket procs on both backends: each one waits in
// the event loop and settles with what its synchronous proc returns; failures
// reject with OSError; an AbortSignal cancels a pending call without losing
// data or leaving a wait registered; close() fails pending calls; the socket
// is left non-blocking. Loopback and temporary Unix paths only, every wait
// bounded by the test timeout.
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { asyncState } from '../../runtime/async/index.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { RUNTIME, skippedHere } from '../support/runtimes.js';
import {
  type Api,
  bytes,
  C,
  expectNoWaitLeft,
  type Handle,
  isPosix,
  type Sockets,
  text,
  useSockets,
} from '../support/scenario.js';

/** Resolves after `ms`. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether a promise is still pending after the loop has turned a few times. */
async function isPending(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(20);
  return !settled;
}

describe.each(BACKENDS_UNDER_TEST)('socket Async variants [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(
    backendName,
    (loaded) => ({ api, sockets } = loaded),
    (api) => expectNoWaitLeft(api, true),
  );

  test('acceptAsync waits for a connection, connectAsync connects: both settle with what accept / connect return', async () => {
    const { s, port } = sockets.listener();
    const accepted = api.acceptAsync(s);
    expect(await isPending(accepted), 'nothing to accept yet').toBe(true);
    const client = sockets.tcp();
    const to = sockets.inet4(port);
    await expect(api.connectAsync(client, to, to.bytes.byteLength)).resolves.toBe(0);
    const [conn, peer] = await accepted;
    sockets.track(conn);
    expect(peer).toBe('127.0.0.1');
    expect(api.getPeerAddr(client, api.AF_INET)).toEqual(['127.0.0.1', port]);
  });

  test('recvAsync waits for data and resolves with the count; sendAsync resolves with the bytes sent', async () => {
    const { client, conn } = sockets.pair();
    const inbox = new Uint8Array(32);
    const got = api.recvAsync(conn, inbox, 32, 0);
    expect(await isPending(got)).toBe(true);
    const hello = bytes('hello, async');
    await expect(api.sendAsync(client, hello, hello.length, 0)).resolves.toBe(hello.length);
    const n = await got;
    expect(text(inbox, n)).toBe('hello, async');
    api.close(client);
    await expect(api.recvAsync(conn, inbox, 32, 0), 'end of stream').resolves.toBe(0);
  });

  test('two recvAsync on one socket settle in call order, each with its own bytes', async () => {
    const { client, conn } = sockets.pair();
    const a = new Uint8Array(3);
    const b = new Uint8Array(3);
    const first = api.recvAsync(conn, a, 3, 0);
    const second = api.recvAsync(conn, b, 3, 0);
    api.send(client, bytes('abc'), 3, 0);
    await expect(first).resolves.toBe(3);
    expect(await isPending(second)).toBe(true);
    api.send(client, bytes('def'), 3, 0);
    await expect(second).resolves.toBe(3);
    expect([text(a, 3), text(b, 3)]).toEqual(['abc', 'def']);
  });

  test('sendAsync waits while the send buffer is full and completes once the peer reads', async () => {
    const { client, conn } = sockets.pair();
    api.setBlocking(client, false);
    const chunk = new Uint8Array(65536);
    while (api.send(client, chunk, chunk.length, 0) !== -1);
    expect(api.osLastError()).toBe(C.EAGAIN ?? C.WSAEWOULDBLOCK);
    const sent = api.sendAsync(client, chunk, 1024, 0);
    expect(await isPending(sent), 'the buffers are full').toBe(true);
    const sink = new Uint8Array(65536);
    api.setBlocking(conn, false);
    let done = false;
    void sent.then(() => (done = true));
    while (!done) {
      api.recv(conn, sink, sink.length, 0);
      await sleep(1);
    }
    await expect(sent).resolves.toBeGreaterThan(0);
  });

  test('sendtoAsync / recvfromAsync over UDP: the sender address is written to from / fromlen', async () => {
    const server = sockets.udp();
    const here = sockets.inet4();
    expect(api.bindAddr(server, here, here.bytes.byteLength)).toBe(0);
    const port = api.getSockName(server);
    const client = sockets.udp();
    const from = new api.Sockaddr_storage();
    const fromlen = { value: api.Sockaddr_storage.size };
    const inbox = new Uint8Array(16);
    const got = api.recvfromAsync(server, inbox, 16, 0, from, fromlen);
    expect(await isPending(got)).toBe(true);
    const to = sockets.inet4(port);
    await expect(api.sendtoAsync(client, bytes('ping'), 4, 0, to, to.bytes.byteLength)).resolves.toBe(4);
    await expect(got).resolves.toBe(4);
    expect(text(inbox, 4)).toBe('ping');
    expect(fromlen.value).toBe(api.Sockaddr_in.size);
    expect(api.getAddrString(from)).toBe('127.0.0.1');
  });

  test.skipIf(!isPosix)(
    `a Unix stream socket: acceptAsync, connectAsync and recvAsync over a temporary path${isPosix ? '' : ' [skipped on Windows: no Unix sockets (makeUnixAddr) on Windows, as in Nim]'}`,
    async () => {
      const path = join(sockets.tempDir(), 's');
      const listener = sockets.unix();
      const addr = api.makeUnixAddr!(path);
      expect(api.bindAddr(listener, addr, addr.bytes.byteLength)).toBe(0);
      expect(api.listen(listener)).toBe(0);
      const accepted = api.acceptAsync(listener);
      const client = sockets.unix();
      await expect(api.connectAsync(client, addr, addr.bytes.byteLength)).resolves.toBe(0);
      const [conn, peer] = await accepted;
      sockets.track(conn);
      expect(peer).toBe('');
      const inbox = new Uint8Array(8);
      const got = api.recvAsync(conn, inbox, 8, 0);
      api.send(client, bytes('unix'), 4, 0);
      await expect(got).resolves.toBe(4);
    },
  );

  test('selectReadAsync waits until one handle is readable and prunes the array in place', async () => {
    const a = sockets.pair();
    const b = sockets.pair();
    const fds = [a.conn, b.conn];
    const ready = api.selectReadAsync(fds, -1);
    expect(await isPending(ready)).toBe(true);
    api.send(b.client, bytes('x'), 1, 0);
    await expect(ready).resolves.toBe(1);
    expect(fds).toEqual([b.conn]);
  });

  test('selectReadAsync: timeout 0 answers at once, a timeout expires with 0 and an empty array', async () => {
    const { conn } = sockets.pair();
    const now = [conn];
    await expect(api.selectReadAsync(now, 0)).resolves.toBe(0);
    expect(now).toEqual([]);
    const later = [conn];
    const t0 = performance.now();
    await expect(api.selectReadAsync(later, 60)).resolves.toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(later).toEqual([]);
  });

  test('selectWriteAsync resolves at once for a writable socket and waits for a connecting one', async () => {
    const { client } = sockets.pair();
    const fds = [client];
    await expect(api.selectWriteAsync(fds, 1000)).resolves.toBe(1);
    expect(fds).toEqual([client]);
    const { s } = sockets.listener();
    await expect(api.selectWriteAsync([s], 30), 'a listener never becomes writable').resolves.toBe(0);
  });

  test('failures reject with OSError where the blocking proc returns -1', async () => {
    const { port } = sockets.listener();
    const closed = sockets.listener();
    const closedPort = closed.port;
    api.close(closed.s);
    const client = sockets.tcp();
    const to = sockets.inet4(closedPort);
    await expect(api.connectAsync(client, to, to.bytes.byteLength)).rejects.toMatchObject({
      name: 'OSError',
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(port).toBeGreaterThan(0);
    const buf = new Uint8Array(4);
    await expect(api.recvAsync(sockets.tcp(), buf, 4, 0)).rejects.toMatchObject({ name: 'OSError', code: 'ENOTCONN' });
    await expect(api.acceptAsync(sockets.tcp())).rejects.toMatchObject({
      name: 'OSError',
      code: 'EINVAL',
      syscall: 'accept',
    });
    await expect(api.selectReadAsync([1_000_000 as Handle], 10)).rejects.toMatchObject({ name: 'OSError' });
  });

  test('bad arguments reject (never throw) with the TypeError / RangeError of the blocking proc', async () => {
    const { conn } = sockets.pair();
    const buf = new Uint8Array(4);
    const bad = [
      () => api.recvAsync('3' as unknown as Handle, buf, 4, 0),
      () => api.recvAsync(conn, buf, 5, 0),
      () => api.sendAsync(conn, 'ping' as unknown as Uint8Array, 4, 0),
      () => api.recvAsync(conn, buf, 4, 0, { signal: 'no' as unknown as AbortSignal }),
      () => api.recvAsync(conn, buf, 4, 0, 5 as never),
      () => api.selectReadAsync(conn as unknown as Handle[], 0),
      () => api.selectReadAsync([conn], -2),
      () => api.connectAsync(conn, null as never, 16),
    ];
    for (const call of bad) {
      let p: Promise<unknown> | undefined;
      expect(() => (p = call())).not.toThrow();
      await expect(p).rejects.toSatisfy((e: unknown) => e instanceof TypeError || e instanceof RangeError);
    }
  });

  test('an aborted signal rejects with AbortError before any C call: the data stays for the next call', async () => {
    const { client, conn } = sockets.pair();
    api.send(client, bytes('kept'), 4, 0);
    const ac = new AbortController();
    ac.abort(new Error('not now'));
    const buf = new Uint8Array(8);
    await expect(api.recvAsync(conn, buf, 8, 0, { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
      cause: ac.signal.reason,
    });
    expect(buf[0], 'nothing was read').toBe(0);
    await expect(api.recvAsync(conn, buf, 8, 0)).resolves.toBe(4);
    expect(text(buf, 4)).toBe('kept');
  });

  test('aborting pending calls rejects them, unregisters their waits, and loses nothing sent later', async () => {
    const { client, conn, listener } = sockets.pair();
    const ac = new AbortController();
    const buf = new Uint8Array(8);
    const pending = [
      api.recvAsync(conn, buf, 8, 0, { signal: ac.signal }),
      api.acceptAsync(listener, false, { signal: ac.signal }),
      api.selectReadAsync([conn], -1, { signal: ac.signal }),
    ];
    expect(await isPending(Promise.race(pending))).toBe(true);
    expect(asyncState(api).pending).toBe(3);
    ac.abort();
    for (const p of pending) await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(asyncState(api).pending).toBe(0);
    api.send(client, bytes('after'), 5, 0);
    await expect(api.recvAsync(conn, buf, 8, 0)).resolves.toBe(5);
    expect(text(buf, 5)).toBe('after');
    const other = sockets.tcp();
    const to = sockets.inet4(api.getSockName(listener));
    await expect(api.connectAsync(other, to, to.bytes.byteLength)).resolves.toBe(0);
    const [conn2] = await api.acceptAsync(listener);
    sockets.track(conn2);
  });

  test('close(s) rejects the calls pending on s with OSError EBADF (WSAENOTSOCK, code ENOTSOCK, on Windows) and frees their poll handle', async () => {
    const { conn } = sockets.pair();
    const buf = new Uint8Array(4);
    const p = api.recvAsync(conn, buf, 4, 0);
    expect(await isPending(p)).toBe(true);
    expect(asyncState(api).handles).toBe(1);
    api.close(conn);
    await expect(p).rejects.toMatchObject({ name: 'OSError', code: isPosix ? 'EBADF' : 'ENOTSOCK', syscall: 'close' });
    expect(asyncState(api).handles).toBe(0);
  });

  test.skipIf(!isPosix)(
    `an Async call leaves its socket non-blocking; setBlocking(s, true) undoes it${isPosix ? '' : ' [skipped on Windows: the mode is read with fcntl O_NONBLOCK; WinSock cannot read it back]'}`,
    async () => {
      const { client, conn } = sockets.pair();
      const nonBlocking = (h: Handle) => (api.fcntl!(h, C.F_GETFL!) & C.O_NONBLOCK!) !== 0;
      expect(nonBlocking(conn)).toBe(false);
      api.send(client, bytes('x'), 1, 0);
      await api.recvAsync(conn, new Uint8Array(1), 1, 0);
      expect(nonBlocking(conn)).toBe(true);
      expect(api.recv(conn, new Uint8Array(1), 1, 0), 'a plain recv no longer waits').toBe(-1);
      expect(api.osLastError()).toBe(C.EAGAIN);
      api.setBlocking(conn, true);
      expect(nonBlocking(conn)).toBe(false);
    },
  );

  // Bun and Deno: the reactor is an epoll or WSAPoll set of its own, so a descriptor the runtime watches is not refused; Deno has no _handle.fd either.
  test.skipIf(!isPosix || RUNTIME !== 'node')(
    'a handle Node already watches (a net.Server) is refused with EEXIST, and nothing is taken from it' +
      (isPosix ? '' : ' [skipped on Windows: needs server._handle.fd, which is -1 on Windows]') +
      skippedHere(
        RUNTIME !== 'node',
        "the reactor is an epoll or WSAPoll set of its own, not the runtime's loop: nothing there says the runtime watches the descriptor",
      ),
    async () => {
      const server = net.createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
        expect(fd).toBeGreaterThan(2);
        await expect(api.acceptAsync(fd as Handle)).rejects.toMatchObject({ name: 'OSError', code: 'EEXIST' });
        const port = (server.address() as net.AddressInfo).port;
        const seen = new Promise<void>((r) =>
          server.once('connection', (c) => {
            c.destroy();
            r();
          }),
        );
        const c = net.connect(port, '127.0.0.1');
        c.on('error', () => {});
        await seen;
        c.destroy();
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
  );
});
