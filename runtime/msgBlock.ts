// Messages for sendmsg / recvmsg / sendmmsg / recvmmsg, packed into one block
// of C memory the runtime owns. A msghdr holds pointers (to iovecs, data,
// address, control data), and JavaScript buffers have no address the runtime
// could write there; so each call builds an image of the whole block in a
// staging buffer — headers (msghdr, or Linux's mmsghdr), then per message its
// iovecs, address, control data and payload — with the pointers computed from
// the block's address, copies it in with one memcpy, calls the plain C
// function with the block's address, and copies what the call wrote back out
// with one memmove. Layouts come from the spec (spec/structs/msg.yaml).
import { STRUCT_LAYOUTS } from '../generated/structs.js';
import type { RuntimeContext } from './context.js';
import type { FieldLayout } from './struct.js';

/** CMSG_ALIGN's unit: sizeof(size_t) on linux, 4 on macOS (__DARWIN_ALIGN32), sizeof(register_t) on FreeBSD (_ALIGN). */
const CMSG_ALIGN: Readonly<Record<string, number>> = { linux: 8, macosx: 4, freebsd: 8 };

const align = (n: number, unit: number): number => Math.ceil(n / unit) * unit;
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One message's parts: payload buffer lengths, address room, descriptors to send or room for some. */
export interface MessageShape {
  lengths: number[];
  nameLen: number;
  /** Descriptors to send (sendmsg) or the most to receive (recvmsg). */
  fdCount: number;
}

/** Where one message's parts sit in the block image. */
export interface MessagePlace {
  header: number;
  iovAt: number;
  name: number;
  control: number;
  controlLen: number;
  data: number[];
}

export type MsgRaw = Required<Pick<RuntimeContext['raw'], 'malloc' | 'free' | 'memcpy' | 'memmove'>>;

export class MessageBlock {
  /** The block image: what is copied into (and back out of) C memory. */
  image = new Uint8Array(4096);
  view = new DataView(this.image.buffer);
  /** The C block's address (0n until the first call). */
  base = 0n;
  private baseLo = 0;
  private baseHi = 0;
  private size = 0;
  readonly hdr: {
    size: number;
    name: FieldLayout;
    namelen: FieldLayout;
    iov: FieldLayout;
    iovlen: FieldLayout;
    control: FieldLayout;
    controllen: FieldLayout;
    flags: FieldLayout;
  };
  private readonly iov: { size: number; base: FieldLayout; len: FieldLayout };
  readonly cmsg: { size: number; len: FieldLayout; level: FieldLayout; type: FieldLayout; data: number; align: number };
  /** Linux's mmsghdr: a msghdr and the byte count the call writes. */
  readonly mmsg: { size: number; len: FieldLayout } | undefined;

  constructor(
    ctx: RuntimeContext,
    private readonly raw: MsgRaw,
  ) {
    const L = STRUCT_LAYOUTS[ctx.platform];
    const h = L.msghdr!.fields;
    this.hdr = {
      size: L.msghdr!.size,
      name: h['msg_name']!,
      namelen: h['msg_namelen']!,
      iov: h['msg_iov']!,
      iovlen: h['msg_iovlen']!,
      control: h['msg_control']!,
      controllen: h['msg_controllen']!,
      flags: h['msg_flags']!,
    };
    this.iov = { size: L.iovec!.size, base: L.iovec!.fields['iov_base']!, len: L.iovec!.fields['iov_len']! };
    const c = L.cmsghdr!;
    const unit = CMSG_ALIGN[ctx.platform] ?? 8;
    this.cmsg = {
      size: c.size,
      len: c.fields['cmsg_len']!,
      level: c.fields['cmsg_level']!,
      type: c.fields['cmsg_type']!,
      data: align(c.size, unit),
      align: unit,
    };
    this.mmsg = L.mmsghdr ? { size: L.mmsghdr.size, len: L.mmsghdr.fields['msg_len']! } : undefined;
  }

  /** CMSG_SPACE for `count` descriptors (0 for none). */
  controlSpace(count: number): number {
    return count ? this.cmsg.data + align(4 * count, this.cmsg.align) : 0;
  }

  /** A count (size_t or a 32-bit field); counts here stay far below 2^32. */
  put(at: number, f: FieldLayout, value: number): void {
    this.view.setUint32(at + f.offset + (f.size === 8 && !LE ? 4 : 0), value, LE);
  }

  /**
   * The block's address plus `offset` into a pointer field, without a bigint
   * per pointer (the hot path of a batch): the address as two 32-bit halves.
   */
  putPointer(at: number, f: FieldLayout, offset: number): void {
    const lo = this.baseLo + offset;
    const carry = lo >= 0x100000000 ? 1 : 0;
    this.view.setUint32(at + f.offset + (LE ? 0 : 4), lo - carry * 0x100000000, LE);
    this.view.setUint32(at + f.offset + (LE ? 4 : 0), this.baseHi + carry, LE);
  }

  get(at: number, f: FieldLayout): number {
    return this.view.getUint32(at + f.offset + (f.size === 8 && !LE ? 4 : 0), LE);
  }

  int32(at: number): number {
    return this.view.getInt32(at, LE);
  }

  setInt32(at: number, value: number): void {
    this.view.setInt32(at, value, LE);
  }

  /**
   * Lays out `shapes` (headers `stride` bytes apart: a msghdr, or an mmsghdr)
   * in an image of a C block big enough, with every pointer set: the headers,
   * each message's iovecs, address and control data, `tail` bytes for the
   * caller (a timeout), then every payload. Only that first part, up to
   * `fixed`, is zeroed: a receive copies in just it and copies back out only
   * the payload bytes received, not every buffer's whole room.
   */
  layout(
    shapes: MessageShape[],
    stride: number,
    tail = 0,
  ): { places: MessagePlace[]; fixed: number; tailAt: number; length: number } {
    // Plain loops: this runs for every message of a batch.
    let at = align(shapes.length * stride, 8);
    const places: MessagePlace[] = new Array(shapes.length);
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i]!;
      const iovAt = at;
      const name = iovAt + s.lengths.length * this.iov.size;
      const control = align(name + s.nameLen, 8);
      const controlLen = this.controlSpace(s.fdCount);
      at = align(control + controlLen, 8);
      places[i] = { header: i * stride, iovAt, name, control, controlLen, data: [] };
    }
    const tailAt = at;
    const fixed = align(tailAt + tail, 8);
    at = fixed;
    for (let i = 0; i < shapes.length; i++) {
      const lengths = shapes[i]!.lengths;
      const data = places[i]!.data;
      for (let j = 0; j < lengths.length; j++) {
        data.push(at);
        at += lengths[j]!;
      }
      at = align(at, 8);
    }
    const length = Math.max(at, 8);
    this.reserve(length);
    this.image.fill(0, 0, fixed);
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i]!;
      const p = places[i]!;
      if (s.nameLen) this.putPointer(p.header, this.hdr.name, p.name);
      this.put(p.header, this.hdr.namelen, s.nameLen);
      if (s.lengths.length) this.putPointer(p.header, this.hdr.iov, p.iovAt);
      this.put(p.header, this.hdr.iovlen, s.lengths.length);
      if (p.controlLen) this.putPointer(p.header, this.hdr.control, p.control);
      this.put(p.header, this.hdr.controllen, p.controlLen);
      for (let j = 0; j < s.lengths.length; j++) {
        this.putPointer(p.iovAt + j * this.iov.size, this.iov.base, p.data[j]!);
        this.put(p.iovAt + j * this.iov.size, this.iov.len, s.lengths[j]!);
      }
    }
    return { places, fixed, tailAt, length };
  }

  /** The image's first `length` bytes into the C block. */
  copyIn(length: number): void {
    this.raw.memcpy(this.base, this.image, length);
  }

  /** The C block's first `length` bytes back into the image. */
  copyOut(length: number): void {
    this.raw.memmove(this.image, this.base, length);
  }

  /** Room for `length` bytes in the image and in C memory (grown, never shrunk; one block per backend and thread). */
  private reserve(length: number): void {
    if (length > this.image.byteLength) {
      this.image = new Uint8Array(Math.max(length, this.image.byteLength * 2));
      this.view = new DataView(this.image.buffer);
    }
    if (length > this.size) {
      const size = Math.max(length, this.size * 2, 4096);
      const p = this.raw.malloc(size);
      if (p === 0n) throw new Error(`nativesockets: malloc(${size}) failed for a message block`);
      if (this.base !== 0n) this.raw.free(this.base);
      this.base = p;
      this.baseLo = Number(p & 0xffffffffn);
      this.baseHi = Number(p >> 32n);
      this.size = size;
    }
  }
}
