// Socket addresses as text, formatted here rather than by the C library so
// that both backends (and every platform) print the same: IPv4 dotted, IPv6 as
// RFC 5952 text, a Unix socket's path. Reads go through the running platform's
// struct layouts from the spec, and never past the end of the bytes given.
import { STRUCT_LAYOUTS } from '../generated/structs.js';
import type { RuntimeContext } from './context.js';
import type { FieldLayout } from './struct.js';

const utf8 = new TextDecoder('utf-8');

/** `a.b.c.d` from the four bytes at `offset` (network order). */
export function ipv4Text(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Whether the 16 bytes at `offset` are an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isV4Mapped(bytes: Uint8Array, offset: number): boolean {
  for (let i = 0; i < 10; i++) if (bytes[offset + i] !== 0) return false;
  return bytes[offset + 10] === 0xff && bytes[offset + 11] === 0xff;
}

/**
 * RFC 5952 text of the 16 bytes at `offset`: lowercase hex without leading
 * zeros, the longest run of two or more zero groups (the first of equal runs)
 * written `::`. A v4-mapped address is `::ffff:a.b.c.d` (RFC 5952 section 5),
 * or just `a.b.c.d` when `mappedAsV4` (as Nim's getAddrString shows it).
 */
export function ipv6Text(bytes: Uint8Array, offset: number, mappedAsV4 = false): string {
  if (isV4Mapped(bytes, offset)) {
    const v4 = ipv4Text(bytes, offset + 12);
    return mappedAsV4 ? v4 : `::ffff:${v4}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestLen < 2) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** How the running platform lays out the socket addresses, and its family numbers. */
export interface AddressLayout {
  readonly family: FieldLayout;
  readonly AF_INET: number;
  readonly AF_INET6: number;
  readonly AF_UNIX: number;
  readonly in4: { readonly size: number; readonly port: number; readonly addr: number };
  readonly in6: { readonly size: number; readonly port: number; readonly addr: number };
  readonly un: { readonly size: number; readonly path: number; readonly pathSize: number };
  readonly storageSize: number;
  /** Linux has abstract Unix socket names (a leading NUL byte). */
  readonly abstractUnixNames: boolean;
}

function field(layout: { fields: Readonly<Record<string, FieldLayout>> }, name: string, struct: string): FieldLayout {
  const f = layout.fields[name];
  if (!f) throw new Error(`nativesockets: the spec gives ${struct} no field ${name} on this platform`);
  return f;
}

export function addressLayout(ctx: RuntimeContext): AddressLayout {
  const L = STRUCT_LAYOUTS[ctx.platform];
  const path = field(L.sockaddr_un, 'sun_path', 'sockaddr_un');
  return {
    family: field(L.sockaddr, 'sa_family', 'sockaddr'),
    AF_INET: ctx.enums.Domain.AF_INET ?? -1,
    AF_INET6: ctx.enums.Domain.AF_INET6 ?? -1,
    AF_UNIX: ctx.enums.Domain.AF_UNIX ?? -1,
    in4: {
      size: L.sockaddr_in.size,
      port: field(L.sockaddr_in, 'sin_port', 'sockaddr_in').offset,
      addr: field(L.sockaddr_in, 'sin_addr', 'sockaddr_in').offset,
    },
    in6: {
      size: L.sockaddr_in6.size,
      port: field(L.sockaddr_in6, 'sin6_port', 'sockaddr_in6').offset,
      addr: field(L.sockaddr_in6, 'sin6_addr', 'sockaddr_in6').offset,
    },
    un: { size: L.sockaddr_un.size, path: path.offset, pathSize: path.size },
    storageSize: L.sockaddr_storage.size,
    abstractUnixNames: ctx.platform === 'linux',
  };
}

/** The address family in the first `length` bytes of `bytes`, or -1 when they are too short to hold one. */
export function familyOf(al: AddressLayout, bytes: Uint8Array, length: number = bytes.byteLength): number {
  const f = al.family;
  if (Math.min(length, bytes.byteLength) < f.offset + f.size) return -1;
  return f.size === 1 ? bytes[f.offset]! : readFamily16(bytes, f.offset);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readFamily16(bytes: Uint8Array, offset: number): number {
  return LITTLE_ENDIAN ? bytes[offset]! | (bytes[offset + 1]! << 8) : (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/** A network-order 16-bit port at `offset`. */
export function portAt(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/**
 * A Unix socket's path from the first `length` bytes of a sockaddr_un: up to the
 * first NUL, `''` for an unnamed socket. When the kernel gave the length
 * (`fromKernel`), a Linux abstract name (a leading NUL, then more bytes) keeps
 * its leading NUL, as Node shows it; without it, a leading NUL means unnamed.
 */
export function unixPathText(al: AddressLayout, bytes: Uint8Array, length: number, fromKernel: boolean): string {
  const start = al.un.path;
  const end = Math.min(length, bytes.byteLength, start + al.un.pathSize);
  if (end <= start) return '';
  if (bytes[start] === 0) {
    return fromKernel && al.abstractUnixNames && end > start + 1
      ? `\0${utf8.decode(bytes.subarray(start + 1, end))}`
      : '';
  }
  let nul = start;
  while (nul < end && bytes[nul] !== 0) nul++;
  return utf8.decode(bytes.subarray(start, nul));
}

/**
 * The text of the address in the first `length` bytes of `bytes`, or undefined
 * when its family is not IPv4, IPv6 or Unix. `mappedAsV4` shows a v4-mapped
 * IPv6 address dotted, as Nim's getAddrString does. Bytes too short for the
 * family's address are a RangeError: nothing is read past them.
 */
export function addressText(
  al: AddressLayout,
  bytes: Uint8Array,
  length: number,
  fromKernel: boolean,
  mappedAsV4: boolean,
  proc: string,
): string | undefined {
  const n = Math.min(length, bytes.byteLength);
  const family = familyOf(al, bytes, n);
  if (family === -1) {
    // The kernel reports no address at all for some unnamed peers.
    if (fromKernel) return undefined;
    throw new RangeError(`${proc}: the address holds ${n} bytes, too few for an address family`);
  }
  if (family === al.AF_INET) {
    if (n < al.in4.addr + 4)
      throw new RangeError(
        `${proc}: the address holds ${n} bytes, too few for an AF_INET address (${al.in4.addr + 4})`,
      );
    return ipv4Text(bytes, al.in4.addr);
  }
  if (family === al.AF_INET6) {
    if (n < al.in6.addr + 16)
      throw new RangeError(
        `${proc}: the address holds ${n} bytes, too few for an AF_INET6 address (${al.in6.addr + 16})`,
      );
    return ipv6Text(bytes, al.in6.addr, mappedAsV4);
  }
  if (family === al.AF_UNIX) return unixPathText(al, bytes, n, fromKernel);
  return undefined;
}
