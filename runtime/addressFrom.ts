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

/** A sockaddr_in for a 4-byte address, a sockaddr_in6 for a 16-byte one. */
function ipSockaddr(addr: Uint8Array, port: number): Sockaddr_in | Sockaddr_in6 {
  let sa: Sockaddr_in | Sockaddr_in6;
  if (addr.length === 4) {
    const v4 = new Sockaddr_in();
    if (v4.sin_len !== undefined) v4.sin_len = Sockaddr_in.size;
    v4.sin_family = family('AF_INET');
    v4.sin_addr = new InAddr(addr);
    sa = v4;
  } else {
    const v6 = new Sockaddr_in6();
    if (v6.sin6_len !== undefined) v6.sin6_len = Sockaddr_in6.size;
    v6.sin6_family = family('AF_INET6');
    v6.sin6_addr = new In6Addr(addr);
    sa = v6;
  }
  // sin_port and sin6_port are bytes 2-3 of both, in network order.
  sa.bytes[2] = port >> 8;
  sa.bytes[3] = port & 0xff;
  return sa;
}

/** An IPv4 or IPv6 socket address from numeric text, whichever the text is; `ValueError` when it is neither. */
export function sockAddrFrom(host: unknown, port: unknown, proc: string): Sockaddr_in | Sockaddr_in6 {
  const text = checkCString(host, proc, 'host');
  const p = checkUint16(port, proc, 'port');
  const v4 = parseIPv4(text);
  if (v4) return ipSockaddr(v4, p);
  const v6 = parseIPv6(text);
  if (v6) return ipSockaddr(v6, p);
  throw notAnAddress(proc, 'a numeric IPv4 or IPv6 address (names need getAddrInfo)', text);
}

/** Adds `from` to a struct class, as a plain writable method (as a class's static would be). */
function defineFrom(cls: object, from: (...args: never[]) => unknown): void {
  Object.defineProperty(cls, 'from', { value: from, writable: true, configurable: true });
}

defineFrom(InAddr, (text: string) => inAddrFrom(text));
defineFrom(In6Addr, (text: string) => in6AddrFrom(text));
defineFrom(Sockaddr_in, (host: string, port: number) =>
  ipSockaddr(inAddrFrom(host, 'Sockaddr_in.from', 'host').bytes, checkUint16(port, 'Sockaddr_in.from', 'port')),
);
defineFrom(Sockaddr_in6, (host: string, port: number) =>
  ipSockaddr(in6AddrFrom(host, 'Sockaddr_in6.from', 'host').bytes, checkUint16(port, 'Sockaddr_in6.from', 'port')),
);
