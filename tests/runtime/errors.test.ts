// OSError carries Node's SystemError fields; Port is checked.
import { describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';

const windows = process.platform === 'win32';
/** A handle that is not open: EBADF on POSIX; WSAENOTSOCK on Windows, which Node names ENOTSOCK. */
const notOpen = windows ? { errorCode: ns.WSAENOTSOCK!, code: 'ENOTSOCK' } : { errorCode: ns.EBADF!, code: 'EBADF' };

describe('OSError', () => {
  test('a failed getsockopt throws OSError with errorCode, errno, code, syscall and the system message', () => {
    let err: unknown;
    try {
      ns.getSockOptInt(0x3fffffff as ns.SocketHandle, ns.SOL_SOCKET, ns.SO_ERROR);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ns.OSError);
    expect(err).toBeInstanceOf(Error);
    const e = err as ns.OSError;
    expect(e.name).toBe('OSError');
    expect(e.errorCode).toBe(notOpen.errorCode);
    expect(e.errno).toBe(notOpen.errorCode);
    expect(e.code).toBe(notOpen.code);
    expect(e.syscall).toBe('getsockopt');
    expect(e.message).toBe(ns.osErrorMsg(notOpen.errorCode));
    expect(e.message.length).toBeGreaterThan(0);
  });

  test('raiseOSError adds the additional info as Nim does', () => {
    expect(() => ns.raiseOSError((windows ? ns.WSAEINTR : ns.EINTR)!, 'while waiting')).toThrow(
      /\nAdditional info: while waiting$/,
    );
  });

  test.runIf(windows)(
    'on Windows a WinSock error keeps its number and takes the code Node gives it (WSAEWOULDBLOCK is EAGAIN; the rest lose the WSA prefix)',
    () => {
      expect(() => ns.raiseOSError(ns.WSAEWOULDBLOCK!)).toThrow(
        expect.objectContaining({ errorCode: ns.WSAEWOULDBLOCK, errno: ns.WSAEWOULDBLOCK, code: 'EAGAIN' }),
      );
      expect(() => ns.raiseOSError(ns.WSAECONNRESET!)).toThrow(
        expect.objectContaining({ errorCode: 10054, code: 'ECONNRESET' }),
      );
      expect(ns.osErrorMsg(ns.WSAECONNRESET!)).not.toMatch(/^Unknown error/);
    },
  );

  // POSIX only: Node's getSystemErrorName takes libuv numbers, which are -errno on POSIX and its own numbers on Windows.
  test.runIf(!windows)(
    'an errno the spec does not list still gets its symbolic name (POSIX: libuv numbers errors as -errno)',
    () => {
      try {
        ns.raiseOSError(2);
      } catch (e) {
        expect((e as ns.OSError).code).toBe('ENOENT');
      }
      expect.assertions(1);
    },
  );
});

describe('Port', () => {
  test('makes a branded number that prints like Nim $', () => {
    const p = ns.Port(8080);
    expect(p).toBe(8080);
    expect(String(p)).toBe('8080');
    expect(ns.Port(0)).toBe(ns.Port(0));
  });
  test.each([[-1], [65536], [1.5], [NaN], [Infinity], [2 ** 53]])('Port(%s) is a RangeError', (n) => {
    expect(() => ns.Port(n)).toThrow(RangeError);
  });
  test.each([['80'], [null], [undefined], [{}], [80n]])('Port(%s) is a TypeError', (v) => {
    expect(() => ns.Port(v as never)).toThrow(TypeError);
  });
});

describe('lookup errors carry a symbolic code and the documented errno', () => {
  const caught = async (f: () => unknown): Promise<ns.OSError> => {
    try {
      await f();
    } catch (e) {
      expect(e).toBeInstanceOf(ns.OSError);
      return e as ns.OSError;
    }
    throw new Error('expected an OSError');
  };

  test('a service that is not in the database: code ENOTFOUND, errno 0, the lookup as syscall', async () => {
    for (const e of [
      await caught(() => ns.getServByName('nonexistent-service', 'tcp')),
      await caught(() => ns.getServByNameAsync('nonexistent-service', 'tcp')),
    ]) {
      // Windows' getservbyname sets WSANO_DATA itself; POSIX sets no error, so the code is ENOTFOUND with errno 0.
      if (process.platform === 'win32') expect([e.code, e.errno]).toEqual(['WSANO_DATA', 11004]);
      else {
        expect(e.code).toBe('ENOTFOUND');
        expect([e.errno, e.errorCode]).toEqual([0, 0]);
      }
      expect(e.syscall).toMatch(/^getservbyname/);
    }
  });

  test('getAddrInfo: code is the EAI_* name, errno and errorCode its value as the platform defines it', async () => {
    // A numeric-host lookup of text that is not numeric: refused without asking any server.
    const hints = { ai_flags: ns.AI_NUMERICHOST!, ai_family: ns.toInt(ns.AF_INET) };
    const e = await caught(() => ns.getAddrInfo('not-numeric', ns.Port(80), hints));
    expect(e.code).toBe('EAI_NONAME');
    expect(e.errno).toBe(ns.EAI_NONAME);
    expect(e.errorCode).toBe(ns.EAI_NONAME);
    expect(e.syscall).toBe('getaddrinfo');
  });

  test('recvAsync on a closed handle names recv, not the fcntl that made it non-blocking', async () => {
    const s = ns.createNativeSocket(ns.AF_INET, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
    ns.close(s);
    const e = await caught(() => ns.recvAsync(s, new Uint8Array(4), 4, 0));
    expect(e).toMatchObject({ code: notOpen.code, errno: notOpen.errorCode, syscall: 'recv' });
  });
});
