// Binding, accepting, connecting, and the C calls that move bytes (listen is a
// passthrough: generated/wiring.ts).
// Every (buffer, length) pair is checked here, before the C call: the backends
// pass the buffer's memory as it is and the C call trusts the length.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { addressLayout, addressText } from '../addressText.js';
import { byteLengthOf, checkBool, checkCint, checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { bytesOf } from '../struct.js';
import { closeRaw, setInheritableRaw } from './lifecycle.js';

type IoProcs = Pick<NativeSocketsApi, 'bindAddr' | 'accept' | 'connect' | 'send' | 'recv' | 'sendto' | 'recvfrom'>;

/** A buffer C may read or write: any TypedArray (a Uint8Array, a Buffer, …); lengths count bytes. */
export function checkBuffer(v: unknown, proc: string, param: string): NodeJS.TypedArray {
  bufferByteLength(v, proc, param);
  return v as NodeJS.TypedArray;
}

/**
 * A buffer's byteLength, read by the intrinsic getter, which throws for anything
 * but a TypedArray (a DataView, a Proxy and a plain object included): that throw
 * is the type check, one call where ArrayBuffer.isView plus instanceof DataView
 * took two (~13 ns against ~6 ns a call, hot; ~100 ns a call on koffi once).
 */
function bufferByteLength(v: unknown, proc: string, param: string): number {
  try {
    return byteLengthOf(v as ArrayBufferView);
  } catch {
    throw typeError(proc, param, 'a Uint8Array (or another TypedArray)', v);
  }
}

/**
 * A byte count within a buffer: an integer from 0 to the buffer's byteLength.
 * The accepting test is one expression and the errors are built elsewhere, so
 * V8 inlines it into send/recv: the previous shape cost ~200 ns a call on koffi.
 */
export function checkByteLength(v: unknown, limit: number, proc: string, param: string, of: string): number {
  // NaN and ±Infinity fail the range test; a fraction fails `% 1`.
  if (typeof v === 'number' && v >= 0 && v <= limit && v % 1 === 0) return v;
  throw byteLengthError(v, limit, proc, param, of);
}

function byteLengthError(v: unknown, limit: number, proc: string, param: string, of: string): Error {
  if (typeof v !== 'number') return typeError(proc, param, 'an integer', v);
  return rangeError(proc, param, `an integer from 0 to ${limit} (the bytes of ${of})`, v);
}

export function ioProcs(ctx: RuntimeContext): IoProcs {
  const { raw } = ctx;
  const { SOCK_CLOEXEC } = ctx.C;
  const al = addressLayout(ctx);
  // Out-parameters reused by every call of this backend: the calls are synchronous.
  const peer = new Uint8Array(al.storageSize);
  const peerLen = new Uint32Array(1);
  const fromLen = new Uint32Array(1);
  const accept4 = SOCK_CLOEXEC !== undefined ? raw.accept4 : undefined;

  /** The (address, length) pair of bind, connect and sendto. */
  const address = (
    name: unknown,
    namelen: unknown,
    proc: string,
    nameParam: string,
    lenParam: string,
  ): [Uint8Array, number] => {
    const bytes = bytesOf(name, proc, nameParam);
    return [bytes, checkByteLength(namelen, byteLengthOf(bytes), proc, lenParam, nameParam)];
  };

  return {
    bindAddr(socket: SocketHandle, name: unknown, namelen: number): number {
      const fd = checkHandle(socket, 'bindAddr', 'socket');
      const [bytes, len] = address(name, namelen, 'bindAddr', 'name', 'namelen');
      return raw.bind(fd, bytes, len);
    },
    accept(fd: SocketHandle, inheritable: boolean = false): [SocketHandle, string] {
      const s = checkHandle(fd, 'accept', 'fd');
      const inherit = checkBool(inheritable, 'accept', 'inheritable');
      peerLen[0] = peer.byteLength;
      let client: number;
      if (!inherit && accept4) {
        // close-on-exec set atomically with the new socket.
        client = accept4(s, peer, peerLen, SOCK_CLOEXEC!);
      } else {
        client = raw.accept(s, peer, peerLen);
        if (client !== -1 && !inherit && !setInheritableRaw(ctx, client, false)) {
          // close succeeds here, so osLastError() still reports the fcntl failure.
          closeRaw(ctx, client);
          client = -1;
        }
      }
      if (client === -1) return [-1 as SocketHandle, ''];
      return [client as SocketHandle, addressText(al, peer, peerLen[0]!, true, true, 'accept') ?? ''];
    },
    connect(socket: SocketHandle, name: unknown, namelen: number): number {
      const fd = checkHandle(socket, 'connect', 'socket');
      const [bytes, len] = address(name, namelen, 'connect', 'name', 'namelen');
      return raw.connect(fd, bytes, len);
    },
    send(s: SocketHandle, buf: Uint8Array, len: number, flags: number): number {
      const fd = checkHandle(s, 'send', 's');
      const n = checkByteLength(len, bufferByteLength(buf, 'send', 'buf'), 'send', 'len', 'buf');
      return raw.send(fd, buf, n, checkCint(flags, 'send', 'flags'));
    },
    recv(s: SocketHandle, buf: Uint8Array, len: number, flags: number): number {
      const fd = checkHandle(s, 'recv', 's');
      const n = checkByteLength(len, bufferByteLength(buf, 'recv', 'buf'), 'recv', 'len', 'buf');
      return raw.recv(fd, buf, n, checkCint(flags, 'recv', 'flags'));
    },
    sendto(s: SocketHandle, buf: Uint8Array, len: number, flags: number, to: unknown, tolen: number): number {
      const fd = checkHandle(s, 'sendto', 's');
      const b = checkBuffer(buf, 'sendto', 'buf');
      const f = checkCint(flags, 'sendto', 'flags');
      // address()'s two checks inline: no [bytes, length] pair allocated per datagram.
      const bytes = bytesOf(to, 'sendto', 'to');
      const addrLen = checkByteLength(tolen, byteLengthOf(bytes), 'sendto', 'tolen', 'to');
      // Checked last: reading `to` may run JavaScript (a Proxy trap) that shrinks `buf`.
      const n = checkByteLength(len, byteLengthOf(b), 'sendto', 'len', 'buf');
      return raw.sendto(fd, b, n, f, bytes, addrLen);
    },
    recvfrom(
      s: SocketHandle,
      buf: Uint8Array,
      len: number,
      flags: number,
      from: unknown,
      fromlen: { value: number },
    ): number {
      const fd = checkHandle(s, 'recvfrom', 's');
      const b = checkBuffer(buf, 'recvfrom', 'buf');
      const f = checkCint(flags, 'recvfrom', 'flags');
      const bytes = bytesOf(from, 'recvfrom', 'from');
      if (typeof fromlen !== 'object' || fromlen === null)
        throw typeError('recvfrom', 'fromlen', 'a { value: number } box', fromlen);
      const wanted = fromlen.value;
      // Lengths checked last: `from` and a `fromlen.value` getter may run JavaScript that shrinks a buffer.
      fromLen[0] = checkByteLength(wanted, byteLengthOf(bytes), 'recvfrom', 'fromlen.value', 'from');
      const n = checkByteLength(len, byteLengthOf(b), 'recvfrom', 'len', 'buf');
      const r = raw.recvfrom(fd, b, n, f, bytes, fromLen);
      // As in C: the sender's address length, which may exceed what fitted.
      if (r !== -1) fromlen.value = fromLen[0]!;
      return r;
    },
  };
}
