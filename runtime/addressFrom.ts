// Socket addresses built from numeric text: the address helpers' core, and the
// static `from(...)` of the struct classes that hold an address
// (`Sockaddr_in.from('127.0.0.1', port)`). They need only the running
// platform's layouts and family numbers, not a backend.
import type { Port } from '../generated/api.js';
import { ENUM_OS_VALUES } from '../generated/platformTables.js';
import { In6Addr, InAddr, Sockaddr_in, Sockaddr_in6 } from '../generated/structs.js';
import { checkCString, checkUint16 } from './check.js';
import { ValueError } from './errors.js';
import { parseIPv4, parseIPv6 } from './inetText.js';
import { currentPlatform } from './platform.js';

declare module '../generated/structs.js' {
  /** The static `from` of InAddr. */
  namespace InAddr {
    /** The IPv4 address of dotted-decimal text (`'127.0.0.1'`); `ValueError` for any other text. */
    function from(text: string): InAddr;
  }
  /** The static `from` of In6Addr. */
  namespace In6Addr {
    /** The IPv6 address of its text (`'::1'`, `'::ffff:127.0.0.1'`); `ValueError` for any other text (a zone `%eth0` included). */
    function from(text: string): In6Addr;
  }
  /** The static `from` of Sockaddr_in. */
  namespace Sockaddr_in {
    /** The IPv4 socket address of dotted-decimal text and a port (`sin_port` is set to `htons(port)`); `ValueError` for any other text. */
    function from(host: string, port: Port | number): Sockaddr_in;
  }
  /** The static `from` of Sockaddr_in6. */
  namespace Sockaddr_in6 {
    /** The IPv6 socket address of IPv6 text and a port (`sin6_port` is set to `htons(port)`); `ValueError` for any other text. */
    function from(host: string, port: Port | number): Sockaddr_in6;
  }
}

const family = (name: 'AF_INET' | 'AF_INET6'): number => ENUM_OS_VALUES[currentPlatform()].Domain[name]!;

function notAnAddress(proc: string, what: string, text: string): ValueError {
  return new ValueError(`${proc}: ${JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)} is not ${what}`);
}

export function inAddrFrom(text: unknown, proc = 'InAddr.from', param = 'text'): InAddr {
  const bytes = parseIPv4(checkCString(text, proc, param));
  if (!bytes) throw notAnAddress(proc, 'an IPv4 address (dotted decimal)', text as string);
  return new InAddr(bytes);
}

export function in6AddrFrom(text: unknown, proc = 'In6Addr.from', param = 'text'): In6Addr {
  const bytes = parseIPv6(checkCString(text, proc, param));
  if (!bytes) throw notAnAddress(proc, 'an IPv6 address', text as string);
  return new In6Addr(bytes);
}

function sockaddrIn(addr: Uint8Array, port: number): Sockaddr_in {
  const sa = new Sockaddr_in();
  if (sa.sin_len !== undefined) sa.sin_len = Sockaddr_in.size;
  sa.sin_family = family('AF_INET');
  sa.bytes[2] = port >> 8; // sin_port, in network order
  sa.bytes[3] = port & 0xff;
  sa.sin_addr = new InAddr(addr);
  return sa;
}

function sockaddrIn6(addr: Uint8Array, port: number): Sockaddr_in6 {
  const sa = new Sockaddr_in6();
  if (sa.sin6_len !== undefined) sa.sin6_len = Sockaddr_in6.size;
  sa.sin6_family = family('AF_INET6');
  sa.bytes[2] = port >> 8; // sin6_port, in network order
  sa.bytes[3] = port & 0xff;
  sa.sin6_addr = new In6Addr(addr);
  return sa;
}

/** An IPv4 or IPv6 socket address from numeric text, whichever the text is; `ValueError` when it is neither. */
export function sockAddrFrom(host: unknown, port: unknown, proc: string): Sockaddr_in | Sockaddr_in6 {
  const text = checkCString(host, proc, 'host');
  const p = checkUint16(port, proc, 'port');
  const v4 = parseIPv4(text);
  if (v4) return sockaddrIn(v4, p);
  const v6 = parseIPv6(text);
  if (v6) return sockaddrIn6(v6, p);
  throw notAnAddress(proc, 'a numeric IPv4 or IPv6 address (names need getAddrInfo)', text);
}

Object.defineProperty(InAddr, 'from', {
  value: (text: string) => inAddrFrom(text),
  writable: true,
  configurable: true,
});
Object.defineProperty(In6Addr, 'from', {
  value: (text: string) => in6AddrFrom(text),
  writable: true,
  configurable: true,
});
Object.defineProperty(Sockaddr_in, 'from', {
  value: (host: string, port: number) =>
    sockaddrIn(inAddrFrom(host, 'Sockaddr_in.from', 'host').bytes, checkUint16(port, 'Sockaddr_in.from', 'port')),
  writable: true,
  configurable: true,
});
Object.defineProperty(Sockaddr_in6, 'from', {
  value: (host: string, port: number) =>
    sockaddrIn6(in6AddrFrom(host, 'Sockaddr_in6.from', 'host').bytes, checkUint16(port, 'Sockaddr_in6.from', 'port')),
  writable: true,
  configurable: true,
});
