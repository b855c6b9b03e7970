// Address text: the runtime's parser accepts what Node (libuv's inet_pton)
// accepts, without zones; the struct classes' `from` and sockAddr build
// addresses a real socket binds to and reads back.
import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';
import { parseIPv4, parseIPv6 } from '../../runtime/inetText.js';

const SAMPLES = [
  '0.0.0.0',
  '127.0.0.1',
  '255.255.255.255',
  '1.2.3',
  '1.2.3.4.5',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3.04',
  '1..2.3',
  ' 1.2.3.4',
  '1.2.3.4 ',
  '0x7f.0.0.1',
  '1e1.0.0.1',
  '+1.2.3.4',
  '-1.2.3.4',
  '',
  '.',
  '::',
  '::1',
  '1::',
  '1::1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7::',
  '::1:2:3:4:5:6:7',
  '1::2::3',
  ':::',
  ':1::',
  '1::1:',
  '12345::',
  'g::1',
  'FFFF::fffF',
  '::ffff:127.0.0.1',
  '::127.0.0.1',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '::1.2.3',
  '::1.2.3.4.5',
  '1.2.3.4::',
  '::ffff:01.2.3.4',
  '2001:db8::7',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '0:0:0:0:0:0:0:0',
];

describe('address text', () => {
  test.each(SAMPLES)('%j: parsed exactly where Node accepts it', (text) => {
    expect(parseIPv4(text) !== undefined, 'IPv4').toBe(isIPv4(text));
    expect(parseIPv6(text) !== undefined, 'IPv6').toBe(isIPv6(text));
  });

  test('IPv6 bytes, with the :: run and an IPv4 tail in place', () => {
    expect([...parseIPv6('2001:db8::7')!]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect([...parseIPv6('::ffff:1.2.3.4')!]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect([...parseIPv6('1::')!.subarray(0, 2)]).toEqual([0, 1]);
  });

  test('a round trip through inetPton and inetNtop gives RFC 5952 text', () => {
    for (const [text, canonical] of [
      ['2001:0DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ]) {
      expect(ns.inetNtop(ns.AF_INET6, ns.inetPton(ns.AF_INET6, text!))).toBe(canonical);
    }
  });
});

describe('static from', () => {
  test('InAddr.from and In6Addr.from', () => {
    expect(ns.InAddr.from('127.0.0.1').s_addr).toBe(ns.htonl(ns.INADDR_LOOPBACK!));
    expect(ns.In6Addr.from('::1').s6_addr[15]).toBe(1);
    expect(() => ns.InAddr.from('::1')).toThrow(ns.ValueError);
    expect(() => ns.In6Addr.from('1.2.3.4')).toThrow(ns.ValueError);
    expect(() => ns.InAddr.from(5 as unknown as string)).toThrow(TypeError);
  });

  test('Sockaddr_in.from and Sockaddr_in6.from set the family, the port in network order and the address', () => {
    const a = ns.Sockaddr_in.from('10.0.0.1', ns.Port(8080));
    expect([a.sin_family, a.sin_port, ns.inet_ntoa(a.sin_addr)]).toEqual([
      ns.toInt(ns.AF_INET),
      ns.htons(8080),
      '10.0.0.1',
    ]);
    const b = ns.Sockaddr_in6.from('::1', 443);
    expect(ns.sockAddrText(b)).toEqual(['::1', 443]);
    expect(() => ns.Sockaddr_in.from('::1', 80)).toThrow(ns.ValueError);
    expect(() => ns.Sockaddr_in6.from('127.0.0.1', 80)).toThrow(ns.ValueError);
    expect(() => ns.Sockaddr_in.from('127.0.0.1', 65536)).toThrow(RangeError);
  });

  test.each([
    ['127.0.0.1', ns.AF_INET],
    ['::1', ns.AF_INET6],
  ] as const)('sockAddr(%j) binds a real socket, and sockAddrText reads its port back', (host, domain) => {
    const s = ns.createNativeSocket(domain, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
    try {
      const addr = ns.sockAddr(host, ns.Port(0));
      expect(ns.bindAddr(s, addr, addr.bytes.byteLength)).toBe(0);
      const [text, port] = ns.getLocalAddr(s, domain);
      expect(text).toBe(host);
      const bound = ns.sockAddr(host, port);
      expect(ns.sockAddrText(bound)).toEqual([host, port]);
    } finally {
      ns.close(s);
    }
  });
});
