// ntohl / ntohs / htonl / htons: pure arithmetic, so no backend is involved.
import { endianness } from 'node:os';
import type { NativeSocketsApi } from '../../generated/api.js';
import { checkUint16, checkUint32 } from '../check.js';

const bigEndianHost = endianness() === 'BE';

function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/**
 * ntohs without the argument check, on the low 16 bits of `v` (a C field such as
 * servent's s_port holds the port there). Its own inverse, so htons too.
 */
export function netToHost16(v: number): number {
  const x = v & 0xffff;
  return bigEndianHost ? x : ((x & 0xff) << 8) | (x >>> 8);
}

export function byteOrderProcs(): Pick<NativeSocketsApi, 'ntohl' | 'ntohs' | 'htonl' | 'htons'> {
  const convert32 =
    (proc: string) =>
    (x: number): number => {
      checkUint32(x, proc, 'x');
      return bigEndianHost ? x : swap32(x);
    };
  const convert16 =
    (proc: string) =>
    (x: number): number => {
      return netToHost16(checkUint16(x, proc, 'x'));
    };
  return { ntohl: convert32('ntohl'), htonl: convert32('htonl'), ntohs: convert16('ntohs'), htons: convert16('htons') };
}
