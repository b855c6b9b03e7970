// Beyond Nim: socket options of any shape (getSockOpt, setSockOpt), over the
// bytes of a struct class (Linger, Timeval, IpMreq, Ipv6Mreq, …) or a
// Uint8Array. C-shaped: -1 and osLastError() on failure, as the C calls.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { byteLengthOf, checkCint, checkHandle } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { bytesOf } from '../struct.js';

type SockOptProcs = Pick<NativeSocketsApi, 'getSockOpt' | 'setSockOpt'>;

/** The option's bytes and their length; an empty buffer is a RangeError (no option is 0 bytes). */
function optionBytes(value: unknown, proc: string): [Uint8Array, number] {
  const bytes = bytesOf(value, proc, 'value');
  const length = byteLengthOf(bytes);
  if (length === 0)
    throw new RangeError(`${proc}: value holds no bytes; pass the option's struct or a Uint8Array of its size`);
  return [bytes, length];
}

export function sockOptProcs(ctx: RuntimeContext): SockOptProcs {
  const { raw } = ctx;
  // The length in and out of getsockopt, reused: the calls are synchronous.
  const optlen = new Uint32Array(1);
  return {
    getSockOpt(socket: SocketHandle, level: number, optname: number, value: unknown): number {
      const fd = checkHandle(socket, 'getSockOpt', 'socket');
      checkCint(level, 'getSockOpt', 'level');
      checkCint(optname, 'getSockOpt', 'optname');
      const [bytes, length] = optionBytes(value, 'getSockOpt');
      optlen[0] = length;
      if (raw.getsockopt(fd, level, optname, bytes, optlen) === -1) return -1;
      return Math.min(optlen[0]!, length);
    },
    setSockOpt(socket: SocketHandle, level: number, optname: number, value: unknown): number {
      const fd = checkHandle(socket, 'setSockOpt', 'socket');
      checkCint(level, 'setSockOpt', 'level');
      checkCint(optname, 'setSockOpt', 'optname');
      const [bytes, length] = optionBytes(value, 'setSockOpt');
      return raw.setsockopt(fd, level, optname, bytes, length) === -1 ? -1 : 0;
    },
  };
}
