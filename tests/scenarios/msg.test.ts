// sendmsg / recvmsg over real sockets on both backends: several buffers make
// one message, a datagram's sender comes back as [host, Port], and descriptors
// pass over a Unix socket (SCM_RIGHTS), arriving close-on-exec.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, bytes, type Handle, isPosix, type Sockets, text, useSockets } from '../support/scenario.js';

describe.skipIf(!isPosix).each(BACKENDS_UNDER_TEST)(
  'sendmsg / recvmsg [%s] (POSIX: Windows has no sendmsg)',
  (backendName) => {
    let api: Api;
    let sockets: Sockets;

    useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

    /** A connected pair of Unix stream sockets in a temporary directory. */
    const unixPair = (): [Handle, Handle] => {
      const path = join(sockets.tempDir(), 's');
      const listener = sockets.unix();
      const addr = api.makeUnixAddr!(path);
      expect(api.bindAddr(listener, addr, addr.bytes.byteLength)).toBe(0);
      expect(api.listen(listener, 1)).toBe(0);
      const client = sockets.unix();
      expect(api.connect(client, addr, addr.bytes.byteLength)).toBe(0);
      const [conn] = api.accept(listener);
      sockets.track(conn);
      return [client, conn];
    };

    test('buffers are gathered into one datagram and scattered on receipt, with the sender as [host, Port]', () => {
      const a = sockets.udp();
      const b = sockets.udp();
      const any = api.sockAddr('127.0.0.1', api.Port(0));
      expect(api.bindAddr(a, any, any.bytes.byteLength)).toBe(0);
      expect(api.bindAddr(b, any, any.bytes.byteLength)).toBe(0);
      const [, portB] = api.getLocalAddr(b, api.AF_INET);
      const [, portA] = api.getLocalAddr(a, api.AF_INET);
      expect(
        api.sendmsg!(a, { buffers: [bytes('hello, '), bytes('world')], address: api.sockAddr('127.0.0.1', portB) }, 0),
      ).toBe(12);
      const head = new Uint8Array(5);
      const tail = new Uint8Array(32);
      const r = api.recvmsg!(b, { buffers: [head, tail], addressBuffer: new api.Sockaddr_storage() }, 0);
      expect(r).toMatchObject({ bytes: 12, address: ['127.0.0.1', portA], fds: [], flags: 0 });
      expect(text(head, 5) + text(tail, 7)).toBe('hello, world');
    });

    test('a descriptor passed with SCM_RIGHTS arrives as a new handle to the same socket, close-on-exec', () => {
      const [left, right] = unixPair();
      const udp = sockets.udp();
      const any = api.sockAddr('127.0.0.1', api.Port(0));
      expect(api.bindAddr(udp, any, any.bytes.byteLength)).toBe(0);
      const local = api.getLocalAddr(udp, api.AF_INET);
      expect(api.sendmsg!(left, { buffers: [bytes('fd')], fds: [udp] }, 0)).toBe(2);
      const r = api.recvmsg!(right, { buffers: [new Uint8Array(8)], maxFds: 4 }, 0);
      expect(r.bytes).toBe(2);
      expect(r.fds).toHaveLength(1);
      const received = sockets.track(r.fds[0]!);
      expect(received).not.toBe(udp);
      expect(api.getLocalAddr(received, api.AF_INET)).toEqual(local);
      expect(api.fcntl!(received, api.F_GETFD!, 0) & api.FD_CLOEXEC!).toBe(api.FD_CLOEXEC);
    });

    test('descriptors beyond maxFds are refused with MSG_CTRUNC; recvmsgAsync waits for the message', async () => {
      const [left, right] = unixPair();
      const pending = api.recvmsgAsync!(right, { buffers: [new Uint8Array(8)], maxFds: 1 }, 0);
      const extra = [sockets.udp(), sockets.udp(), sockets.udp()];
      await expect(api.sendmsgAsync!(left, { buffers: [bytes('xy')], fds: extra }, 0)).resolves.toBe(2);
      const r = await pending;
      for (const fd of r.fds) sockets.track(fd);
      expect(r.bytes).toBe(2);
      expect(r.fds).toHaveLength(1);
      expect(r.flags & api.MSG_CTRUNC!).toBe(api.MSG_CTRUNC);
    });
  },
);

describe.skipIf(!isPosix).each(BACKENDS_UNDER_TEST)(
  'sendmmsg / recvmmsg [%s], native and by the loop of other platforms',
  (backendName) => {
    let api: Api;
    let sockets: Sockets;

    useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

    const batchApis = async (): Promise<[string, Pick<Api, 'sendmmsg' | 'recvmmsg'>][]> => {
      const { createContext } = await import('../../runtime/context.js');
      const { loadRawBackend } = await import('../../runtime/backends.js');
      const { msgProcs } = await import('../../runtime/procs/msg.js');
      const raw = loadRawBackend(backendName);
      // Without sendmmsg / recvmmsg, as on macOS and FreeBSD: the loop of sendmsg / recvmsg.
      const loop = msgProcs(createContext({ ...raw, sendmmsg: undefined, recvmmsg: undefined }));
      return [
        ['as this platform has it', api],
        ['by the loop', loop as Pick<Api, 'sendmmsg' | 'recvmmsg'>],
      ];
    };

    test('a batch of datagrams goes out in one call and comes back in one, each with its sender', async () => {
      for (const [how, batch] of await batchApis()) {
        const a = sockets.udp();
        const b = sockets.udp();
        const any = api.sockAddr('127.0.0.1', api.Port(0));
        expect(api.bindAddr(a, any, any.bytes.byteLength)).toBe(0);
        expect(api.bindAddr(b, any, any.bytes.byteLength)).toBe(0);
        const [, portA] = api.getLocalAddr(a, api.AF_INET);
        const to = api.sockAddr('127.0.0.1', api.getLocalAddr(b, api.AF_INET)[1]);
        const messages = ['one', 'two', 'three', 'four', 'five'].map((t) => ({ buffers: [bytes(t)], address: to }));
        expect(batch.sendmmsg!(a, messages, 0), how).toBe(5);
        // Datagrams over loopback are queued by the time sendmmsg returns.
        const got = batch.recvmmsg!(b, 8, 64, api.MSG_DONTWAIT!);
        expect(
          got.map((m) => text(m.data, m.data.byteLength)),
          how,
        ).toEqual(['one', 'two', 'three', 'four', 'five']);
        for (const m of got) expect(m.address, how).toEqual(['127.0.0.1', portA]);
        expect(batch.recvmmsg!(b, 8, 64, api.MSG_DONTWAIT!), how).toEqual([]);
        expect(api.osLastError(), how).toBe(api.EAGAIN);
      }
    });

    test('recvmmsgAsync waits for the first datagram; sendmmsgAsync resolves with the count', async () => {
      const a = sockets.udp();
      const b = sockets.udp();
      const any = api.sockAddr('127.0.0.1', api.Port(0));
      expect(api.bindAddr(b, any, any.bytes.byteLength)).toBe(0);
      const to = api.sockAddr('127.0.0.1', api.getLocalAddr(b, api.AF_INET)[1]);
      const pending = api.recvmmsgAsync!(b, 4, 32, api.MSG_DONTWAIT!);
      await expect(
        api.sendmmsgAsync!(
          a,
          [
            { buffers: [bytes('x')], address: to },
            { buffers: [bytes('yz')], address: to },
          ],
          0,
        ),
      ).resolves.toBe(2);
      const got = await pending;
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(text(got[0]!.data, got[0]!.data.byteLength)).toBe('x');
    });
  },
);
