// Socket addresses as text on the backend of this pass: getAddrString's two
// overloads (RFC 5952 IPv6 text, v4-mapped shown dotted, Unix paths), inet_ntoa,
// makeUnixAddr's limits, and the bytes bounds of every address read.
import { describe, expect, test } from 'vitest';
import { IPV6_TEXT, v6Bytes } from '../support/addresses.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, C, isPosix, type Sockets, useSockets } from '../support/scenario.js';

describe.each(BACKENDS_UNDER_TEST)('address text [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  test.each(IPV6_TEXT)('getAddrString of %s is %s', (input, expected) => {
    const sa = sockets.inet6(443, v6Bytes(input));
    expect(api.getAddrString(sa)).toBe(expected);
    const box = { value: 'stale text that must go' };
    expect(api.getAddrString(sa, box)).toBeUndefined();
    expect(box.value).toBe(expected);
  });

  test('IPv4: getAddrString, inet_ntoa, any struct or raw bytes', () => {
    const sa = new api.Sockaddr_in();
    sa.sin_family = api.toInt(api.AF_INET);
    sa.sin_addr.s_addr = api.htonl(0xc0000280);
    expect(api.getAddrString(sa)).toBe('192.0.2.128');
    expect(api.inet_ntoa(sa.sin_addr)).toBe('192.0.2.128');
    expect(api.getAddrString(sa.bytes)).toBe('192.0.2.128');
    // A Sockaddr_storage or SockAddr view over the same bytes reads the same.
    const storage = new api.Sockaddr_storage();
    storage.bytes.set(sa.bytes);
    expect(api.getAddrString(storage)).toBe('192.0.2.128');
    expect(api.getAddrString(new api.SockAddr(sa.bytes))).toBe('192.0.2.128');
    const any = new api.InAddr();
    expect(api.inet_ntoa(any)).toBe('0.0.0.0');
    any.s_addr = 0xffffffff;
    expect(api.inet_ntoa(any)).toBe('255.255.255.255');
  });

  test('bytes too short for the family are a RangeError; unknown families an IOError', () => {
    const v6 = sockets.inet6();
    // SockAddr is 16 bytes: too few for an IPv6 address, and nothing is read past them.
    expect(() => api.getAddrString(new api.SockAddr(v6.bytes))).toThrow(RangeError);
    expect(() => api.getAddrString(v6.bytes.subarray(0, 23))).toThrow(RangeError);
    expect(api.getAddrString(v6.bytes.subarray(0, 24))).toBe('::1');
    expect(() => api.getAddrString(new Uint8Array(1))).toThrow(RangeError);
    expect(() => api.getAddrString(new api.Sockaddr_storage())).toThrow(api.IOError);
    const odd = new api.Sockaddr_storage();
    odd.ss_family = 99;
    expect(() => api.getAddrString(odd, { value: '' })).toThrow(api.IOError);
    expect(() => api.getAddrString(sockets.inet4(), null as never)).toThrow(TypeError);
    expect(() => api.getAddrString({ bytes: v6.bytes } as never)).toThrow(TypeError);
    expect(() => api.inet_ntoa(sockets.inet4().bytes as never)).toThrow(TypeError);
  });

  test.runIf(isPosix)(
    `makeUnixAddr: family, NUL-terminated path, the length limit in bytes${isPosix ? '' : ' [skipped on Windows: makeUnixAddr is POSIX-only, as in Nim]'}`,
    () => {
      const limit = api.Sockaddr_un_path_length!;
      expect(limit).toBe(process.platform === 'linux' ? 108 : 104);
      const longest = '/'.padEnd(limit - 1, 'p');
      const sa = api.makeUnixAddr!(longest);
      expect(sa.sun_family).toBe(api.toInt(api.AF_UNIX));
      expect(sa.sun_path[limit - 1]).toBe(0);
      expect(api.getAddrString(sa)).toBe(longest);
      expect(() => api.makeUnixAddr!(`${longest}p`)).toThrow(api.ValueError);
      // Bytes, not characters: 'é' is two bytes in UTF-8.
      const accented = '/'.padEnd(Math.floor(limit / 2) + 1, 'é'); // limit + 1 bytes, about half as many characters
      expect(() => api.makeUnixAddr!(accented)).toThrow(api.ValueError);
      expect(api.getAddrString(api.makeUnixAddr!('/tmp/é.sock'))).toBe('/tmp/é.sock');
      expect(api.getAddrString(api.makeUnixAddr!(''))).toBe('');
      expect(() => api.makeUnixAddr!('/tmp/a\0b')).toThrow(TypeError);
    },
  );

  test('getSockName / getLocalAddr / getSockDomain after bind, IPv4 and IPv6', () => {
    const s4 = sockets.udp();
    // Unbound: port 0 and the wildcard on POSIX; no name at all on Windows (WSAEINVAL, spec/procs/address.yaml).
    if (isPosix) {
      expect(api.getSockName(s4)).toBe(0);
      expect(api.getLocalAddr(s4, api.AF_INET)).toEqual(['0.0.0.0', 0]);
    } else {
      expect(() => api.getSockName(s4)).toThrow(expect.objectContaining({ errorCode: C.WSAEINVAL, code: 'EINVAL' }));
    }
    expect(api.bindAddr(s4, sockets.inet4(), 16)).toBe(0);
    const p4 = api.getSockName(s4);
    expect(p4).toBeGreaterThan(0);
    expect(api.getLocalAddr(s4, api.AF_INET)).toEqual(['127.0.0.1', p4]);
    expect(api.getSockDomain(s4)).toBe(api.AF_INET);
    expect(() => api.getPeerAddr(s4, api.AF_INET)).toThrow(api.OSError);

    const s6 = sockets.tcp(true);
    if (isPosix) expect(api.getLocalAddr(s6, api.AF_INET6)).toEqual(['::', 0]);
    expect(api.bindAddr(s6, sockets.inet6(), 28)).toBe(0);
    const p6 = api.getSockName(s6);
    expect(p6).toBeGreaterThan(0);
    expect(api.getLocalAddr(s6, api.AF_INET6)).toEqual(['::1', p6]);
    expect(api.getSockDomain(s6)).toBe(api.AF_INET6);
    try {
      api.getLocalAddr(s6, api.AF_INET);
      expect.unreachable('getLocalAddr must throw for the wrong family');
    } catch (e) {
      const err = e as InstanceType<Api['OSError']>;
      expect(err).toBeInstanceOf(api.OSError);
      expect(err.errorCode).toBe(isPosix ? C.EAFNOSUPPORT : C.WSAEAFNOSUPPORT);
      expect(err.syscall).toBe('getsockname');
    }
  });
});
