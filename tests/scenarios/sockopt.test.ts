// Struct socket options round trip through the struct classes: what
// setSockOpt writes, getSockOpt reads back into a fresh struct.
import { afterEach, describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';

const open: ns.SocketHandle[] = [];
const socket = (domain: ns.Domain, type: ns.SockType, protocol: ns.Protocol): ns.SocketHandle => {
  const s = ns.createNativeSocket(domain, type, protocol);
  expect(s).not.toBe(ns.osInvalidSocket);
  open.push(s);
  return s;
};
afterEach(() => {
  for (const s of open.splice(0)) ns.close(s);
});

/** Sets the SOL_SOCKET option from a struct `fill` writes, and reads it back into a fresh one of the same class. */
function roundTrip<T extends ns.Linger | ns.Timeval>(
  s: ns.SocketHandle,
  option: number,
  Struct: { new (): T; readonly size: number },
  fill: (set: T) => void,
): T {
  const set = new Struct();
  fill(set);
  expect(ns.setSockOpt(s, ns.SOL_SOCKET, option, set)).toBe(0);
  const got = new Struct();
  expect(ns.getSockOpt(s, ns.SOL_SOCKET, option, got)).toBe(Struct.size);
  return got;
}

describe(`struct socket options [${ns.backend}]`, () => {
  test('SO_LINGER: a Linger set is the Linger read back', () => {
    const s = socket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
    const got = roundTrip(s, ns.SO_LINGER!, ns.Linger, (set) => {
      set.l_onoff = 1;
      set.l_linger = 7;
    });
    expect(got.l_onoff).not.toBe(0);
    expect(got.l_linger).toBe(7);
  });

  test.skipIf(process.platform === 'win32')(
    'SO_RCVTIMEO: a Timeval set is read back (POSIX; Windows takes a DWORD of milliseconds)',
    () => {
      const s = socket(ns.AF_INET, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
      const got = roundTrip(s, ns.SO_RCVTIMEO!, ns.Timeval, (set) => {
        set.tv_sec = 2;
        set.tv_usec = 500000;
      });
      // The kernel keeps the timeout in its own ticks: read back within one tick.
      expect(got.tv_sec).toBe(2);
      expect(Math.abs(got.tv_usec - 500000)).toBeLessThan(20000);
    },
  );

  test('an int option read into bytes is getSockOptInt', () => {
    const s = socket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
    const bytes = new Uint8Array(4);
    expect(ns.getSockOpt(s, ns.SOL_SOCKET, ns.SO_TYPE!, bytes)).toBe(4);
    expect(new DataView(bytes.buffer).getInt32(0, true)).toBe(ns.getSockOptInt(s, ns.SOL_SOCKET, ns.SO_TYPE!));
  });

  test('IP_ADD_MEMBERSHIP with an IpMreq, then IP_DROP_MEMBERSHIP (no datagram is sent)', (ctx) => {
    const s = socket(ns.AF_INET, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
    const mreq = new ns.IpMreq();
    mreq.imr_multiaddr = ns.InAddr.from('239.255.0.1');
    mreq.imr_interface = ns.InAddr.from('127.0.0.1');
    const level = ns.toInt(ns.IPPROTO_IP);
    if (ns.setSockOpt(s, level, ns.IP_ADD_MEMBERSHIP!, mreq) === -1) {
      // Loopback without IFF_MULTICAST (some containers) cannot join a group.
      ctx.skip(`the loopback interface takes no multicast membership here: ${ns.osErrorMsg(ns.osLastError())}`);
    }
    expect(ns.setSockOpt(s, level, ns.IP_DROP_MEMBERSHIP!, mreq)).toBe(0);
  });

  test('IPV6_JOIN_GROUP with an Ipv6Mreq, then IPV6_LEAVE_GROUP (no datagram is sent)', (ctx) => {
    const s = socket(ns.AF_INET6, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
    const mreq = new ns.Ipv6Mreq();
    mreq.ipv6mr_multiaddr = ns.In6Addr.from('ff02::1:3');
    mreq.ipv6mr_interface = 0;
    const level = ns.toInt(ns.IPPROTO_IPV6);
    if (ns.setSockOpt(s, level, ns.IPV6_JOIN_GROUP!, mreq) === -1) {
      ctx.skip(`no interface takes an IPv6 multicast membership here: ${ns.osErrorMsg(ns.osLastError())}`);
    }
    expect(ns.setSockOpt(s, level, ns.IPV6_LEAVE_GROUP!, mreq)).toBe(0);
    // Leaving a group not joined is an error C reports.
    expect(ns.setSockOpt(s, level, ns.IPV6_LEAVE_GROUP!, mreq)).toBe(-1);
  });
});
