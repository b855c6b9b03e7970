// The fixtures `F` that the bad-input matrix's arguments name
// (generator/plan/badInputPlan.ts plans `F.lying(8)`, `F.freedAddrInfo()`,
// …), for the matrix's child (badInput/child.mjs) and for `make fuzz`.

/** A handle above any descriptor limit, so calls on it fail with EBADF (tests/support/conformance.ts). */
export const NEVER_OPEN_HANDLE = 0x3fffffff;
const MiB = 1 << 20;

/** A Uint8Array whose byteLength getter claims 1 MiB. */
export class LyingUint8Array extends Uint8Array {
  /** @override */
  get byteLength() {
    return MiB;
  }
}

let oversize;

/** The fixtures over the API `A`. */
export function makeFixtures(A) {
  const F = {
    handle: NEVER_OPEN_HANDLE,
    /** 1 MiB of 'a': one DNS label far over 63 bytes, so no lookup leaves the machine. */
    get oversize() {
      oversize ??= 'a'.repeat(MiB);
      return oversize;
    },
    bytes: (n) => new Uint8Array(n),
    /** `n` real bytes with an own byteLength property claiming 1 MiB. */
    lying(n) {
      const b = new Uint8Array(n);
      Object.defineProperty(b, 'byteLength', { value: MiB });
      return b;
    },
    lyingSubclass: (n) => new LyingUint8Array(n),
    /** A Uint8Array whose buffer was transferred away (0 bytes left). */
    detached(n) {
      const b = new Uint8Array(n);
      structuredClone(b.buffer, { transfer: [b.buffer] });
      return b;
    },
    /** A length-tracking view of a resizable buffer of `n` bytes, shrunk to `to`. */
    shrunk(n, to) {
      const buffer = new ArrayBuffer(n, { maxByteLength: n });
      const b = new Uint8Array(buffer);
      buffer.resize(to);
      return b;
    },
    resizable: (n) => new Uint8Array(new ArrayBuffer(n, { maxByteLength: 4 * n })),
    /** `n` bytes at offset 8 of a larger buffer. */
    view: (n) => new Uint8Array(n + 16).subarray(8, 8 + n),
    shared: (n) => new Uint8Array(new SharedArrayBuffer(n)),
    /** 127.0.0.1, port 0. */
    sockaddrIn() {
      const sa = new A.Sockaddr_in();
      if (sa.sin_len !== undefined) sa.sin_len = A.Sockaddr_in.size;
      sa.sin_family = A.toInt(A.AF_INET);
      sa.sin_addr.s_addr = A.htonl(0x7f000001);
      return sa;
    },
    /** A Sockaddr_in whose `bytes` is 8 real bytes claiming 1 MiB. */
    lyingStruct() {
      const sa = F.sockaddrIn();
      Object.defineProperty(sa, 'bytes', { value: F.lying(8) });
      return sa;
    },
    addrInfo: () => A.getAddrInfo('127.0.0.1', A.Port(0)),
    freedAddrInfo() {
      const ai = F.addrInfo();
      A.freeAddrInfo(ai);
      return ai;
    },
    /** The ai_addr of a list read before the list was freed (a copy: still valid). */
    freedAddrInfoAddr() {
      const ai = F.addrInfo();
      const address = ai.ai_addr;
      A.freeAddrInfo(ai);
      return address;
    },
    /** The second node of a list (glibc: one node per socket type for these hints). */
    addrInfoTail() {
      const ai = A.getAddrInfo('127.0.0.1', A.Port(0), { ai_family: A.toInt(A.AF_INET) });
      if (ai.ai_next === null) throw new Error('getaddrinfo returned a list of one node');
      return ai.ai_next;
    },
  };
  return F;
}
