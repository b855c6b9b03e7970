// Every constant of the spec is exported by the package (issue 13), bound to
// the running platform's value or `undefined` where it lacks it; and the
// constants README and API.md use work in real calls over loopback, on each
// backend by its own entry.
import { describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';
import { CONSTANTS } from '../../generated/platformTables.js';
import { currentPlatform } from '../../runtime/platform.js';
import { loadRepoSpec } from '../platform/headerCheck.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, isPosix, type Sockets, useSockets } from '../support/scenario.js';

const model = loadRepoSpec();
const row = CONSTANTS[currentPlatform()] as unknown as Record<string, number | undefined>;

describe('the export list holds every spec constant', () => {
  test("the spec has constants, and each is an export with the running platform's value", () => {
    expect(model.constants.length).toBeGreaterThan(100);
    const exported = new Set(Object.keys(ns));
    const missing = model.constants.filter((c) => !exported.has(c.name)).map((c) => c.name);
    expect(missing, `not exported: ${missing.join(', ')}`).toEqual([]);
    const wrong = model.constants
      .filter((c) => (ns as Record<string, unknown>)[c.name] !== row[c.name])
      .map((c) => `${c.name}: export ${String((ns as Record<string, unknown>)[c.name])}, table ${String(row[c.name])}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test.each([
    'SO_TYPE',
    'SO_RCVBUF',
    'SO_SNDBUF',
    'SO_RCVTIMEO',
    'SO_LINGER',
    'TCP_NODELAY',
    'IPV6_V6ONLY',
    'IP_TTL',
    'AI_PASSIVE',
    'AI_CANONNAME',
    'AI_NUMERICHOST',
    'MSG_OOB',
    'MSG_WAITALL',
    'INADDR_LOOPBACK',
    'SHUT_RD',
    'SHUT_WR',
    'SHUT_RDWR',
    'IP_ADD_MEMBERSHIP',
    'IP_DROP_MEMBERSHIP',
    'IP_MULTICAST_TTL',
    'IP_MULTICAST_LOOP',
    'IPV6_JOIN_GROUP',
    'IPV6_LEAVE_GROUP',
    'SO_ERROR',
  ])('%s, named by issue 13, is a number on every platform', (name) => {
    expect(typeof (ns as Record<string, unknown>)[name], name).toBe('number');
    for (const p of model.platforms) {
      expect(
        typeof (CONSTANTS as unknown as Record<string, Record<string, unknown>>)[p.name]![name],
        `${name} on ${p.name}`,
      ).toBe('number');
    }
  });
});

describe.each(BACKENDS_UNDER_TEST)('exported constants in real calls [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  test('TCP_NODELAY at level toInt(IPPROTO_TCP): set reads back on, cleared reads back 0', () => {
    const s = sockets.tcp();
    const level = api.toInt(api.IPPROTO_TCP);
    expect(api.getSockOptInt(s, level, api.TCP_NODELAY)).toBe(0);
    api.setSockOptInt(s, level, api.TCP_NODELAY, 1);
    // Linux and Windows read back 1; the BSDs read back the flag bit, so "on" is non-zero.
    expect(api.getSockOptInt(s, level, api.TCP_NODELAY)).not.toBe(0);
    api.setSockOptInt(s, level, api.TCP_NODELAY, 0);
    expect(api.getSockOptInt(s, level, api.TCP_NODELAY)).toBe(0);
  });

  test('SO_TYPE reads the socket type of a TCP and a UDP socket', () => {
    expect(api.getSockOptInt(sockets.tcp(), api.SOL_SOCKET, api.SO_TYPE)).toBe(api.toInt(api.SOCK_STREAM));
    expect(api.getSockOptInt(sockets.udp(), api.SOL_SOCKET, api.SO_TYPE)).toBe(api.toInt(api.SOCK_DGRAM));
  });

  test('IP_TTL at level toInt(IPPROTO_IP) and SO_RCVBUF read back what was set', () => {
    const s = sockets.udp();
    api.setSockOptInt(s, api.toInt(api.IPPROTO_IP), api.IP_TTL, 42);
    expect(api.getSockOptInt(s, api.toInt(api.IPPROTO_IP), api.IP_TTL)).toBe(42);
    api.setSockOptInt(s, api.SOL_SOCKET, api.SO_RCVBUF, 65536);
    // Linux doubles the size it is given (for its bookkeeping); others keep it.
    expect(api.getSockOptInt(s, api.SOL_SOCKET, api.SO_RCVBUF)).toBeGreaterThanOrEqual(65536);
  });

  test('IPV6_V6ONLY at level toInt(IPPROTO_IPV6) turns on for an IPv6 socket', () => {
    const s = sockets.tcp(true);
    const level = api.toInt(api.IPPROTO_IPV6);
    api.setSockOptInt(s, level, api.IPV6_V6ONLY, 1);
    expect(api.getSockOptInt(s, level, api.IPV6_V6ONLY)).not.toBe(0);
    api.setSockOptInt(s, level, api.IPV6_V6ONLY, 0);
    expect(api.getSockOptInt(s, level, api.IPV6_V6ONLY)).toBe(0);
  });

  test('INADDR_LOOPBACK binds a UDP socket to 127.0.0.1', () => {
    const s = sockets.udp();
    const sa = new api.Sockaddr_in();
    if (sa.sin_len !== undefined) sa.sin_len = api.Sockaddr_in.size;
    sa.sin_family = api.toInt(api.AF_INET);
    sa.sin_addr.s_addr = api.htonl(api.INADDR_LOOPBACK);
    expect(api.bindAddr(s, sa, api.Sockaddr_in.size), `bind: errno ${api.osLastError()}`).toBe(0);
    expect(api.getLocalAddr(s, api.AF_INET)[0]).toBe('127.0.0.1');
  });

  test('AI_NUMERICHOST reaches getaddrinfo: numeric text resolves, a name is refused without a lookup', () => {
    const hints = {
      ai_flags: api.AI_NUMERICHOST,
      ai_family: api.toInt(api.AF_INET),
      ai_socktype: api.toInt(api.SOCK_STREAM),
    };
    const info = api.getAddrInfo('127.0.0.1', api.Port(7), hints);
    try {
      expect(info.ai_family).toBe(api.toInt(api.AF_INET));
    } finally {
      api.freeAddrInfo(info);
    }
    expect(() => api.getAddrInfo('localhost', api.Port(7), hints)).toThrow(api.OSError);
  });

  test.skipIf(!isPosix)(
    'MSG_DONTWAIT on an empty UDP socket fails at once with EAGAIN (MSG_DONTWAIT does not exist on Windows)',
    () => {
      const s = sockets.udp();
      expect(api.bindAddr(s, sockets.inet4(), ns.Sockaddr_in.size)).toBe(0);
      const buf = new Uint8Array(16);
      expect(api.recv(s, buf, buf.length, api.MSG_DONTWAIT!)).toBe(-1);
      expect(api.osLastError()).toBe(api.EAGAIN);
    },
  );
});
