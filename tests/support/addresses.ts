// Socket addresses for tests: the loopback builders every test, child, bench
// and fuzz run shares (tests/support/common.mjs), and IPv6 text vectors.
export { IPV4_MAPPED_LOOPBACK, IPV6_LOOPBACK, loopback4, loopback6 } from './common.mjs';

/** IPv6 text (any form Node accepts) → its 16 bytes, via Node's own parser. */
export function v6Bytes(text: string): number[] {
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
export const IPV6_TEXT: [string, string][] = [
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
