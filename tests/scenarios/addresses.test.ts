// Socket addresses as text on both backends: getAddrString's two overloads
// (RFC 5952 IPv6 text, v4-mapped shown dotted, Unix paths), inet_ntoa,
// makeUnixAddr's limits, and the bytes bounds of every address read.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, C, isPosix, loadBackend, Sockets } from '../support/scenario.js';

/** IPv6 text (any form Node accepts) → its 16 bytes, via Node's own parser. */
function v6Bytes(text: string): number[] {
  const url = new URL(`http://[${text}]/`);
  const host = url.hostname.slice(1, -1);
  const [head, tail] = host.includes('::') ? host.split('::') : [host, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

// RFC 5952 section 4, and Nim's dotted v4-mapped form.
const IPV6_TEXT: [string, string][] = [
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['1:0:0:0:0:0:0:0', '1::'],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // equal runs: the first one
  ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'], // the longer run wins
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group stays
  ['fe80:0:0:0:200:f8ff:fe21:67cf', 'fe80::200:f8ff:fe21:67cf'],
  ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ['::ffff:127.0.0.1', '127.0.0.1'],
  ['::ffff:192.0.2.128', '192.0.2.128'],
  ['::127.0.0.1', '::7f00:1'], // the deprecated IPv4-compatible form is plain hex
  ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
];

describe.each(BACKENDS_UNDER_TEST)('address text [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;

  beforeAll(async () => {
    api = await loadBackend(backendName);
    expect(api.backend).toBe(backendName);
    sockets = new Sockets(api);
  });

  afterEach(() => sockets.closeAll());

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

  test.runIf(isPosix)('makeUnixAddr: family, NUL-terminated path, the length limit in bytes' + (isPosix ? '' : ' [skipped on Windows: makeUnixAddr is POSIX-only, as in Nim]'), () => {
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
  });

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

describe('both backends print addresses the same', () => {
  test('every vector, on every backend under test', async () => {
    const seen = new Map<string, string[]>();
    for (const name of BACKENDS_UNDER_TEST) {
      const api = await loadBackend(name);
      const sockets = new Sockets(api);
      seen.set(name, IPV6_TEXT.map(([input]) => api.getAddrString(sockets.inet6(0, v6Bytes(input)))));
    }
    const [first, ...rest] = [...seen.values()];
    for (const other of rest) expect(other).toEqual(first);
  });
});
