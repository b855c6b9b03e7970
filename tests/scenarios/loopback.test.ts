// Real traffic over loopback and Unix sockets, on both backends: TCP on
// 127.0.0.1 and ::1, UDP, a Unix stream socket in a temporary directory,
// non-blocking receive, and what getLocalAddr / getPeerAddr / getSockName say
// after bind. Nothing here can wait forever: connects complete through the
// listener's backlog before accept is called, and every read is either
// non-blocking or preceded by a bounded selectRead.
import { describe, expect, test } from 'vitest';
import { createApi } from '../../runtime/api.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, bytes, C, type Handle, isPosix, type Sockets, text, useSockets } from '../support/scenario.js';
import { nameWithWineReason, wineSkipReason } from '../support/wine.js';

/** Reads exactly `want` bytes into `buf`, waiting (bounded) for each chunk. */
function recvAll(api: Api, s: Handle, buf: Uint8Array, want: number): number {
  let got = 0;
  while (got < want) {
    expect(api.selectRead([s], 5000), 'data arrives within 5 s').toBe(1);
    const n = api.recv(s, buf.subarray(got), want - got, 0);
    expect(n, `recv failed: errno ${api.osLastError()}`).toBeGreaterThan(0);
    got += n;
  }
  return got;
}

function cloexec(api: Api, h: Handle): boolean {
  const flags = api.fcntl!(h, C.F_GETFD!);
  expect(flags).toBeGreaterThanOrEqual(0);
  return (flags & C.FD_CLOEXEC!) !== 0;
}

describe.each(BACKENDS_UNDER_TEST)('loopback scenarios [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  test('TCP round trip on 127.0.0.1: accept names the peer, addresses agree on both ends', () => {
    const { client, conn, peer, listener, port } = sockets.pair();
    expect(peer).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect(api.getLocalAddr(listener, api.AF_INET)).toEqual(['127.0.0.1', port]);
    const clientPort = api.getSockName(client);
    expect(clientPort).toBeGreaterThan(0);
    expect(api.getLocalAddr(client, api.AF_INET)).toEqual(['127.0.0.1', clientPort]);
    expect(api.getPeerAddr(client, api.AF_INET)).toEqual(['127.0.0.1', port]);
    expect(api.getLocalAddr(conn, api.AF_INET)).toEqual(['127.0.0.1', port]);
    expect(api.getPeerAddr(conn, api.AF_INET)).toEqual(['127.0.0.1', clientPort]);
    expect(api.getSockDomain(conn)).toBe(api.AF_INET);

    const hello = bytes('hello, nativesockets');
    expect(api.send(client, hello, hello.length, 0)).toBe(hello.length);
    const inbox = new Uint8Array(64);
    expect(recvAll(api, conn, inbox, hello.length)).toBe(hello.length);
    expect(text(inbox, hello.length)).toBe('hello, nativesockets');

    // Views with a byte offset: only the viewed bytes are sent and written.
    const outer = bytes('xxxECHOyyy');
    expect(api.send(conn, outer.subarray(3, 7), 4, 0)).toBe(4);
    const target = new Uint8Array(10).fill(0x2e);
    expect(recvAll(api, client, target.subarray(2, 6), 4)).toBe(4);
    expect(text(target, 10)).toBe('..ECHO....');

    // The peer closes: readable, and recv reads end of stream.
    api.close(client);
    expect(api.selectRead([conn], 5000)).toBe(1);
    expect(api.recv(conn, inbox, inbox.length, 0)).toBe(0);
  });

  test('TCP round trip on ::1: accept gives "::1", IPv6 addresses throughout', () => {
    const { client, conn, peer, listener, port } = sockets.pair(true);
    expect(peer).toBe('::1');
    expect(api.getSockDomain(listener)).toBe(api.AF_INET6);
    expect(api.getLocalAddr(listener, api.AF_INET6)).toEqual(['::1', port]);
    expect(api.getPeerAddr(client, api.AF_INET6)).toEqual(['::1', port]);
    expect(api.getPeerAddr(conn, api.AF_INET6)).toEqual(['::1', api.getSockName(client)]);
    const data = bytes('over ipv6');
    expect(api.send(client, data, data.length, 0)).toBe(data.length);
    const inbox = new Uint8Array(32);
    expect(recvAll(api, conn, inbox, data.length)).toBe(data.length);
    expect(text(inbox, data.length)).toBe('over ipv6');
    // The fixed rows: the wrong family is EAFNOSUPPORT, not bytes of the wrong struct.
    for (const fn of [() => api.getLocalAddr(listener, api.AF_INET), () => api.getPeerAddr(conn, api.AF_INET)]) {
      expect(fn).toThrow(api.OSError);
      try {
        fn();
      } catch (e) {
        expect((e as InstanceType<Api['OSError']>).code).toBe('EAFNOSUPPORT');
        expect((e as InstanceType<Api['OSError']>).errorCode).toBe(isPosix ? C.EAFNOSUPPORT : C.WSAEAFNOSUPPORT);
      }
    }
  });

  test.runIf(process.platform === 'linux')(
    'a v4-mapped peer: accept shows it dotted, getPeerAddr as ::ffff:a.b.c.d',
    () => {
      // An IPv6 socket bound to ::ffff:127.0.0.1 (loopback only) takes IPv4 clients.
      const s = sockets.tcp(true);
      api.setSockOptInt(s, api.toInt(api.IPPROTO_IPV6), C.IPV6_V6ONLY!, 0);
      const mapped = sockets.inet6(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
      expect(api.bindAddr(s, mapped, mapped.bytes.byteLength)).toBe(0);
      expect(api.listen(s)).toBe(0);
      const port = api.getSockName(s);
      expect(api.getLocalAddr(s, api.AF_INET6)).toEqual(['::ffff:127.0.0.1', port]);
      const client = sockets.tcp();
      expect(api.connect(client, sockets.inet4(port), 16)).toBe(0);
      const [conn, peer] = api.accept(s);
      sockets.track(conn);
      expect(peer).toBe('127.0.0.1');
      expect(api.getPeerAddr(conn, api.AF_INET6)).toEqual(['::ffff:127.0.0.1', api.getSockName(client)]);
    },
  );

  test.runIf(isPosix)(
    `accept: close-on-exec unless inheritable${isPosix ? '' : ' [skipped on Windows: close-on-exec is read with fcntl F_GETFD; Windows has the inherit flag, which the API cannot read]'}`,
    () => {
      const { s, port } = sockets.listener();
      for (const inheritable of [false, true]) {
        const client = sockets.tcp();
        expect(api.connect(client, sockets.inet4(port), 16)).toBe(0);
        const [conn, peer] = inheritable ? api.accept(s, true) : api.accept(s);
        sockets.track(conn);
        expect(peer).toBe('127.0.0.1');
        expect(cloexec(api, conn)).toBe(!inheritable);
      }
    },
  );

  test.runIf(isPosix)(
    `accept without accept4 (as on macOS): plain accept, then close-on-exec by fcntl${isPosix ? '' : ' [skipped on Windows: the fcntl path is POSIX only]'}`,
    () => {
      const raw = loadRawBackend(backendName);
      let plainAccepts = 0;
      const withoutAccept4 = createApi({
        ...raw,
        accept4: undefined,
        accept: (fd, addr, addrlen) => {
          plainAccepts++;
          return raw.accept(fd, addr, addrlen);
        },
      });
      const { s, port } = sockets.listener(true);
      for (const inheritable of [false, true]) {
        const client = sockets.tcp(true);
        expect(api.connect(client, sockets.inet6(port), 28)).toBe(0);
        const [conn, peer] = withoutAccept4.accept(s, inheritable);
        sockets.track(conn);
        expect(peer).toBe('::1');
        expect(cloexec(api, conn)).toBe(!inheritable);
      }
      expect(plainAccepts).toBe(2);
      expect(withoutAccept4.accept(0x3fffffff as Handle)).toEqual([-1, '']);
      expect(withoutAccept4.osLastError()).toBe(api.EBADF);
    },
  );

  test('UDP sendto / recvfrom on 127.0.0.1: the sender address comes back', () => {
    const receiver = sockets.udp();
    expect(api.bindAddr(receiver, sockets.inet4(), 16)).toBe(0);
    const receiverPort = api.getSockName(receiver);
    expect(api.getLocalAddr(receiver, api.AF_INET)).toEqual(['127.0.0.1', receiverPort]);
    const sender = sockets.udp();
    expect(api.bindAddr(sender, sockets.inet4(), 16)).toBe(0);
    const senderPort = api.getSockName(sender);

    const datagram = bytes('a datagram');
    expect(api.sendto(sender, datagram, datagram.length, 0, sockets.inet4(receiverPort), 16)).toBe(datagram.length);
    expect(api.selectRead([receiver], 5000)).toBe(1);
    const inbox = new Uint8Array(64);
    const from = new api.Sockaddr_storage();
    const fromlen = { value: api.Sockaddr_storage.size };
    expect(api.recvfrom(receiver, inbox, inbox.length, 0, from, fromlen)).toBe(datagram.length);
    expect(text(inbox, datagram.length)).toBe('a datagram');
    expect(fromlen.value).toBe(api.Sockaddr_in.size);
    expect(api.getAddrString(from)).toBe('127.0.0.1');
    const asIn = new api.Sockaddr_in(from.bytes);
    expect(api.ntohs(asIn.sin_port)).toBe(senderPort);
    expect(api.inet_ntoa(asIn.sin_addr)).toBe('127.0.0.1');
  });

  const shortFrom =
    'UDP recvfrom with room for part of the sender address: POSIX writes what fits and reports the full length; Windows fails with WSAEFAULT';
  test.skipIf(wineSkipReason(shortFrom))(nameWithWineReason(shortFrom), () => {
    const receiver = sockets.udp();
    expect(api.bindAddr(receiver, sockets.inet4(), 16)).toBe(0);
    const receiverPort = api.getSockName(receiver);
    const sender = sockets.udp();
    expect(api.bindAddr(sender, sockets.inet4(), 16)).toBe(0);
    const senderPort = api.getSockName(sender);
    const inbox = new Uint8Array(64);
    expect(api.sendto(sender, bytes('four'), 4, 0, sockets.inet4(receiverPort), 16)).toBe(4);
    expect(api.selectRead([receiver], 5000)).toBe(1);
    const small = new api.Sockaddr_in();
    const smallLen = { value: 4 };
    if (isPosix) {
      expect(api.recvfrom(receiver, inbox, inbox.length, 0, small, smallLen)).toBe(4);
      expect(smallLen.value).toBe(api.Sockaddr_in.size);
      expect(small.sin_port).toBe(api.htons(senderPort));
      expect(small.sin_addr.s_addr).toBe(0);
    } else {
      // recvfrom (winsock2.h docs): WSAEFAULT when fromlen is too small for the source address.
      expect(api.recvfrom(receiver, inbox, inbox.length, 0, small, smallLen)).toBe(-1);
      expect(api.osLastError()).toBe(C.WSAEFAULT);
    }
  });

  test('UDP over ::1', () => {
    const receiver = sockets.udp(true);
    expect(api.bindAddr(receiver, sockets.inet6(), 28)).toBe(0);
    const port = api.getSockName(receiver);
    const sender = sockets.udp(true);
    expect(api.sendto(sender, bytes('six'), 3, 0, sockets.inet6(port), 28)).toBe(3);
    expect(api.selectRead([receiver], 5000)).toBe(1);
    const from = new api.Sockaddr_in6();
    const fromlen = { value: api.Sockaddr_in6.size };
    const inbox = new Uint8Array(8);
    expect(api.recvfrom(receiver, inbox, 8, 0, from, fromlen)).toBe(3);
    expect(fromlen.value).toBe(api.Sockaddr_in6.size);
    expect(api.getAddrString(from)).toBe('::1');
    expect(api.ntohs(from.sin6_port)).toBe(api.getSockName(sender));
  });

  test.runIf(isPosix)(
    `a Unix stream socket in a temporary directory: paths, Port(0), round trip${isPosix ? '' : ' [skipped on Windows: no Unix sockets (makeUnixAddr) on Windows, as in Nim]'}`,
    () => {
      const dir = sockets.tempDir();
      const serverPath = `${dir}/server.sock`;
      const clientPath = `${dir}/client.sock`;
      const server = sockets.unix();
      expect(api.bindAddr(server, api.makeUnixAddr!(serverPath), api.Sockaddr_un.size)).toBe(0);
      expect(api.listen(server)).toBe(0);
      expect(api.getSockDomain(server)).toBe(api.AF_UNIX);
      expect(api.getLocalAddr(server, api.AF_UNIX)).toEqual([serverPath, 0]);
      expect(api.getSockName(server)).toBe(0);
      expect(() => api.getLocalAddr(server, api.AF_INET)).toThrow(api.OSError);

      // A named client: accept gives its path.
      const named = sockets.unix();
      expect(api.bindAddr(named, api.makeUnixAddr!(clientPath), api.Sockaddr_un.size)).toBe(0);
      expect(api.connect(named, api.makeUnixAddr!(serverPath), api.Sockaddr_un.size)).toBe(0);
      const [conn, peer] = api.accept(server);
      sockets.track(conn);
      expect(peer).toBe(clientPath);
      expect(api.getPeerAddr(named, api.AF_UNIX)).toEqual([serverPath, 0]);
      expect(api.getPeerAddr(conn, api.AF_UNIX)).toEqual([clientPath, 0]);
      expect(api.getLocalAddr(conn, api.AF_UNIX)).toEqual([serverPath, 0]);

      // An unnamed client: accept gives ''.
      const unnamed = sockets.unix();
      expect(api.connect(unnamed, api.makeUnixAddr!(serverPath), api.Sockaddr_un.size)).toBe(0);
      const [conn2, peer2] = api.accept(server);
      sockets.track(conn2);
      expect(peer2).toBe('');
      expect(api.getLocalAddr(unnamed, api.AF_UNIX)).toEqual(['', 0]);

      const msg = bytes('local');
      expect(api.send(named, msg, msg.length, 0)).toBe(msg.length);
      const inbox = new Uint8Array(16);
      expect(recvAll(api, conn, inbox, msg.length)).toBe(msg.length);
      expect(text(inbox, msg.length)).toBe('local');
    },
  );

  test('setBlocking(false), then recv on an empty socket: -1 and EAGAIN (WSAEWOULDBLOCK on Windows)', () => {
    const wouldBlock = isPosix ? api.EAGAIN : api.WSAEWOULDBLOCK;
    const { client, conn } = sockets.pair();
    api.setBlocking(conn, false);
    const inbox = new Uint8Array(16);
    expect(api.recv(conn, inbox, inbox.length, 0)).toBe(-1);
    expect(api.osLastError()).toBe(wouldBlock);
    // Still -1 / EAGAIN (WSAEWOULDBLOCK) through recvfrom, and fine again once data is there.
    const from = new api.Sockaddr_storage();
    expect(api.recvfrom(conn, inbox, 16, 0, from, { value: 128 })).toBe(-1);
    expect(api.osLastError()).toBe(wouldBlock);
    expect(api.send(client, bytes('now'), 3, 0)).toBe(3);
    expect(api.selectRead([conn], 5000)).toBe(1);
    expect(api.recv(conn, inbox, inbox.length, 0)).toBe(3);
    // A non-blocking listener with nothing pending: accept fails with EAGAIN (WSAEWOULDBLOCK).
    const { s } = sockets.listener();
    api.setBlocking(s, false);
    expect(api.accept(s)).toEqual([api.osInvalidSocket, '']);
    expect(api.osLastError()).toBe(wouldBlock);
  });

  test('failed calls return -1 and set osLastError; bad lengths never reach C', () => {
    const s = sockets.tcp();
    const address = sockets.inet4();
    expect(api.bindAddr(0x3fffffff as Handle, address, 16)).toBe(-1);
    expect(api.osLastError()).toBe(isPosix ? api.EBADF : C.WSAENOTSOCK);
    // A view shorter than its ArrayBuffer: the bound is the view, not the buffer.
    const view = new Uint8Array(64).subarray(8, 12);
    expect(() => api.send(s, view, 5, 0)).toThrow(RangeError);
    expect(() => api.recv(s, view, 5, 0)).toThrow(RangeError);
    expect(() => api.bindAddr(s, address.bytes.subarray(0, 8), 16)).toThrow(RangeError);
    expect(() => api.connect(s, address, -1)).toThrow(RangeError);
    expect(() => api.sendto(s, view, 4, 0, address, 17)).toThrow(RangeError);
    expect(() => api.recvfrom(s, view, 4, 0, address, { value: 17 })).toThrow(RangeError);
    expect(() => api.send(s, 'text' as never, 4, 0)).toThrow(TypeError);
    expect(() => api.send(s, new DataView(new ArrayBuffer(4)) as never, 4, 0)).toThrow(TypeError);
  });
});
