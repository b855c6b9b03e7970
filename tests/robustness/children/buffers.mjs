// Buffers that lie about their length, on live sockets with data waiting, so
// that a missing check would let the kernel write past the buffer:
//   node buffers.mjs <napi|koffi>
// Prints one JSON line: each attempt's outcome. Before the fix of
// runtime/check.ts byteLengthOf (the checks read `byteLength` off the object,
// which an own property or a subclass getter can fake), recv wrote a 60000-byte
// datagram into a 16-byte buffer and the process died with SIGSEGV.
import { loadApi, loopback } from './api.mjs';

const A = await loadApi(process.argv[2]);
const MiB = 1 << 20;
const DATAGRAM = 60_000;

/** A bound UDP socket with a 60000-byte datagram waiting (confirmed readable). */
const receiver = A.createNativeSocket(A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP);
if (A.bindAddr(receiver, loopback(A, 0), 16) !== 0) throw new Error('bind');
const address = loopback(A, A.getSockName(receiver));
const sender = A.createNativeSocket(A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP);
const payload = new Uint8Array(DATAGRAM).fill(0x41);
function refill() {
  if (A.selectRead([receiver], 0) === 1) return;
  if (A.sendto(sender, payload, DATAGRAM, 0, address, 16) !== DATAGRAM) throw new Error('sendto');
  if (A.selectRead([receiver], 5000) !== 1) throw new Error('the datagram did not arrive');
}

const lying = (n) => {
  const b = new Uint8Array(n);
  Object.defineProperty(b, 'byteLength', { value: MiB });
  return b;
};
class LyingUint8Array extends Uint8Array {
  /** @override */
  get byteLength() {
    return MiB;
  }
}
/** A length-tracking view of a resizable buffer, and a way to shrink it later. */
function shrinkable(n) {
  const buffer = new ArrayBuffer(n, { maxByteLength: n });
  return { view: new Uint8Array(buffer), shrink: (to) => buffer.resize(to) };
}

function attempt(fn) {
  refill();
  try {
    return { returned: fn() };
  } catch (e) {
    return { threw: e.constructor.name, message: e.message.slice(0, 120) };
  }
}

const results = {
  recvOwnByteLength: attempt(() => A.recv(receiver, lying(16), MiB, 0)),
  recvSubclassByteLength: attempt(() => A.recv(receiver, new LyingUint8Array(16), MiB, 0)),
  recvfromOwnByteLength: attempt(() =>
    A.recvfrom(receiver, lying(16), MiB, 0, new A.Sockaddr_storage(), { value: 128 }),
  ),
  recvfromAddressOwnByteLength: attempt(() =>
    A.recvfrom(receiver, new Uint8Array(16), 16, 0, lying(2), { value: MiB }),
  ),
  // fromlen.value is a getter that shrinks `buf` after buf's length was looked at.
  recvfromShrinkDuringArguments: attempt(() => {
    const { view, shrink } = shrinkable(DATAGRAM);
    return A.recvfrom(receiver, view, DATAGRAM, 0, new A.Sockaddr_storage(), {
      get value() {
        shrink(16);
        return 128;
      },
    });
  }),
  // `to` is a struct whose bytes getter detaches `buf` after buf's length was looked at
  // (once: Deno's structuredClone throws on a buffer already detached, Node's does not).
  sendtoDetachDuringArguments: attempt(() => {
    const buf = new Uint8Array(DATAGRAM);
    const to = loopback(A, A.getSockName(receiver));
    const bytes = to.bytes;
    Object.defineProperty(to, 'bytes', {
      get() {
        if (buf.byteLength > 0) structuredClone(buf.buffer, { transfer: [buf.buffer] });
        return bytes;
      },
    });
    return A.sendto(sender, buf, DATAGRAM, 0, to, 16);
  }),
  // A detached buffer with length 0 reaches C as (NULL, 0): harmless.
  recvDetachedZero: attempt(() => {
    const b = new Uint8Array(16);
    structuredClone(b.buffer, { transfer: [b.buffer] });
    return A.recv(receiver, b, 0, A.MSG_PEEK);
  }),
};
// The datagram is still there, whole: nothing was consumed or corrupted by the refusals.
refill();
const whole = new Uint8Array(DATAGRAM + 16);
const got = A.recv(receiver, whole, whole.byteLength, 0);
// Allocate and collect a while: corruption of the heap would surface here.
/** @type {Uint8Array[] | null} */
let junk = [];
for (let i = 0; i < 200_000; i++) junk.push(new Uint8Array(16 + (i & 63)));
junk = null;
console.log(
  JSON.stringify({
    backend: A.backend,
    results,
    finalRecv: got,
    finalBytesOk: whole.subarray(0, got).every((x) => x === 0x41),
  }),
);
