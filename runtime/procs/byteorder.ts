// ntohl / ntohs / htonl / htons: pure arithmetic, so no backend is involved.
import { endianness } from 'node:os';
import type { NativeSocketsApi } from '../../generated/api.js';
import { checkUint16, checkUint32 } from '../check.js';

const bigEndianHost = endianness() === 'BE';

function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

function swap16(x: number): number {
  return ((x & 0xff) << 8) | (x >>> 8);
}

export function byteOrderProcs(): Pick<NativeSocketsApi, 'ntohl' | 'ntohs' | 'htonl' | 'htons'> {
  const convert32 = (proc: string) => (x: number): number => {
    checkUint32(x, proc, 'x');
    return bigEndianHost ? x : swap32(x);
  };
  const convert16 = (proc: string) => (x: number): number => {
    checkUint16(x, proc, 'x');
    return bigEndianHost ? x : swap16(x);
  };
  return { ntohl: convert32('ntohl'), htonl: convert32('htonl'), ntohs: convert16('ntohs'), htons: convert16('htons') };
}
