// The reactor's Winsock calls through Bun's bun:ffi (Windows), and its wake-up:
// a UDP socket on 127.0.0.1 connected to itself, which the waiting thread
// polls with the rest; one datagram sent to it ends a WSAPoll at once (WSAPoll
// has no other way to be woken).
import { bunFfi } from '../../../generated/bunffi/symbols.js';
import { ENUM_OS_VALUES } from '../../../generated/platformTables.js';
import { WINDOWS } from './sys.js';

const SYMBOLS = {
  WSAStartup: { args: ['u16', 'ptr'], returns: 'i32' },
  WSAPoll: { args: ['ptr', 'u32', 'i32'], returns: 'i32' },
  WSAGetLastError: { args: [], returns: 'i32' },
  socket: { args: ['i32', 'i32', 'i32'], returns: 'i64_fast' },
  bind: { args: ['i64_fast', 'ptr', 'i32'], returns: 'i32' },
  getsockname: { args: ['i64_fast', 'ptr', 'ptr'], returns: 'i32' },
  connect: { args: ['i64_fast', 'ptr', 'i32'], returns: 'i32' },
  send: { args: ['i64_fast', 'ptr', 'i32', 'i32'], returns: 'i32' },
  recv: { args: ['i64_fast', 'ptr', 'i32', 'i32'], returns: 'i32' },
  ioctlsocket: { args: ['i64_fast', 'i32', 'ptr'], returns: 'i32' },
  closesocket: { args: ['i64_fast'], returns: 'i32' },
};
const AF_INET = ENUM_OS_VALUES.windows.Domain.AF_INET!;
const SOCK_DGRAM = ENUM_OS_VALUES.windows.SockType.SOCK_DGRAM!;
/** FIONBIO as the signed 32-bit value ioctlsocket's `long` takes (the spec's is already). */
const { FIONBIO, INVALID_SOCKET } = WINDOWS as Required<typeof WINDOWS>;

export interface BunWs2 {
  /** WSAPoll, blocking this thread: the count, or -WSAGetLastError(). */
  poll(fds: Uint8Array, count: number, timeoutMs: number): number;
  /** A non-blocking UDP socket on 127.0.0.1 connected to itself; throws when it cannot be made. */
  wakeSocket(): number;
  /** Sends one datagram to the wake socket. */
  wake(socket: number): void;
  /** Reads every datagram queued on the wake socket. */
  drain(socket: number): void;
  close(socket: number): void;
}

export function bunWs2(): BunWs2 {
  const c = bunFfi().dlopen('ws2_32.dll', SYMBOLS).symbols as Record<keyof typeof SYMBOLS, (...a: unknown[]) => number>;
  // Counted by Winsock: harmless when the runtime or a backend started it already.
  c.WSAStartup(0x0202, new Uint8Array(512));
  const byte = new Uint8Array(1);
  const scratch = new Uint8Array(64);
  return {
    poll(fds, count, timeoutMs) {
      const rc = c.WSAPoll(fds, count, timeoutMs);
      return rc === -1 ? -c.WSAGetLastError() : rc;
    },
    wakeSocket() {
      const s = c.socket(AF_INET, SOCK_DGRAM, 0);
      if (s === INVALID_SOCKET)
        throw new Error(`nativesockets: cannot make the reactor's wake-up socket (WSA error ${c.WSAGetLastError()})`);
      const address = new Uint8Array(16);
      new DataView(address.buffer).setUint16(0, AF_INET, true);
      address.set([127, 0, 0, 1], 4);
      const length = new Int32Array([16]);
      const on = new Int32Array([1]);
      const ok =
        c.bind(s, address, 16) === 0 &&
        c.getsockname(s, address, length) === 0 &&
        c.connect(s, address, 16) === 0 &&
        c.ioctlsocket(s, FIONBIO, on) === 0;
      if (!ok) {
        const error = c.WSAGetLastError();
        c.closesocket(s);
        throw new Error(`nativesockets: cannot make the reactor's wake-up socket (WSA error ${error})`);
      }
      return s;
    },
    wake(socket) {
      c.send(socket, byte, 1, 0);
    },
    drain(socket) {
      while (c.recv(socket, scratch, scratch.length, 0) > 0);
    },
    close(socket) {
      c.closesocket(socket);
    },
  };
}
