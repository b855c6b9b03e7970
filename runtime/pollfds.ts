// The C array of struct pollfd (WSAPOLLFD on Windows) that poll() and WSAPoll
// read and write, laid out from the spec, reused and grown as needed: the
// calls that fill it are synchronous. Shared by selectRead/selectWrite and poll.
import { STRUCT_LAYOUTS } from '../generated/structs.js';
import { checkHandle } from './check.js';
import type { RuntimeContext } from './context.js';

/** True where the running machine stores an int32's low half first (every platform the package ships for). */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

export class PollFdArray {
  /** The entries' bytes, as C reads them; `poll(entries, count, timeout)`. */
  entries = new Uint8Array(0);
  // 32-bit words of the entries: the fd (a 32-bit one) and the word that
  // holds events and revents. Filling an entry is two word stores: three
  // stores through 32- and 16-bit views cost selectRead ~2 µs per 1,000
  // handles more (a CPU-time probe, napi and koffi alike).
  private words = new Int32Array(0);
  private fds64 = new BigInt64Array(0);
  private shorts = new Int16Array(0);
  private readonly entrySize: number;
  private readonly wideFd: boolean;
  private readonly fdAt: number;
  private readonly fdStride: number;
  private readonly eventsWordAt: number;
  private readonly wordStride: number;
  /** Where events sits in its word: the shift that puts an events value there, revents (the other half) zero. */
  private readonly eventsShift: number;
  private readonly reventsAt: number;
  private readonly shortStride: number;
  /** The layout of every POSIX platform: an int fd, then events and revents, 8 bytes in all. */
  private readonly compact: boolean;

  constructor(ctx: RuntimeContext) {
    const layout = STRUCT_LAYOUTS[ctx.platform].pollfd;
    const fd = layout.fields['fd']!;
    const events = layout.fields['events']!.offset;
    const revents = layout.fields['revents']!.offset;
    // A C struct aligns each field to its size: fd at a multiple of its size,
    // events and revents (two shorts, one after the other) in one 32-bit word.
    if (Math.floor(events / 4) !== Math.floor(revents / 4) || layout.size % 4 !== 0)
      throw new Error(`nativesockets: struct pollfd on ${ctx.platform} does not hold events and revents in one word`);
    this.entrySize = layout.size;
    this.wideFd = fd.size === 8; // Windows: a SOCKET in a 64-bit field
    // Element indexes of entry 0's fields in the array's views; entry i adds
    // i * the entry's elements.
    this.fdAt = fd.offset / fd.size;
    this.fdStride = layout.size / fd.size;
    this.eventsWordAt = Math.floor(events / 4);
    this.wordStride = layout.size / 4;
    const eventsInLowHalf = (events % 4 === 0) === LITTLE_ENDIAN;
    this.eventsShift = eventsInLowHalf ? 0 : 16;
    this.reventsAt = revents / 2;
    this.shortStride = layout.size / 2;
    this.compact = !this.wideFd && fd.offset === 0 && events === 4 && layout.size === 8;
    this.allocate(64);
  }

  /** Room for `count` entries (their contents are not kept). */
  reserve(count: number): void {
    if (count * this.entrySize > this.entries.byteLength)
      this.allocate(Math.max(count, (this.entries.byteLength / this.entrySize) * 2));
  }

  private allocate(n: number): void {
    // Typed views in the platform's own byte order, as C reads the struct.
    this.entries = new Uint8Array(n * this.entrySize);
    this.words = new Int32Array(this.entries.buffer);
    if (this.wideFd) this.fds64 = new BigInt64Array(this.entries.buffer);
    this.shorts = new Int16Array(this.entries.buffer);
  }

  /** Entry i asks for `events` on `fd`, its revents cleared. */
  set(i: number, fd: number, events: number): void {
    if (this.wideFd) this.fds64[this.fdAt + i * this.fdStride] = BigInt(fd);
    else this.words[this.fdAt + i * this.fdStride] = fd;
    this.words[this.eventsWordAt + i * this.wordStride] = (events & 0xffff) << this.eventsShift;
  }

  /**
   * Entries 0..count-1 ask for `events` on handles[i], each handle checked as a
   * SocketHandle first (`param[i]` in the error).
   */
  setHandles(handles: readonly unknown[], count: number, events: number, proc: string, param: string): void {
    if (this.compact) fillCompact(this.words, handles, count, (events & 0xffff) << this.eventsShift, proc, param);
    else for (let i = 0; i < count; i++) this.set(i, handleAt(handles, i, proc, param), events);
  }

  /**
   * How many of entries 0..count-1 poll() reported with a bit of `ready` in
   * revents, an osInvalidSocket (-1) entry never counted; `-1 - i` when entry
   * i (not -1) reports `invalid` (POLLNVAL).
   */
  countReady(handles: readonly unknown[], count: number, ready: number, invalid: number): number {
    if (this.compact) return countCompact(this.shorts, handles, count, ready, invalid);
    let keep = 0;
    for (let i = 0; i < count; i++) {
      const revents = this.revents(i);
      if (revents & invalid && handles[i] !== -1) return -1 - i;
      if (revents & ready && handles[i] !== -1) keep++;
    }
    return keep;
  }

  /** What poll() reported for entry i. */
  revents(i: number): number {
    return this.shorts[this.reventsAt + i * this.shortStride]!;
  }
}

/** handles[i], checked as a SocketHandle; the parameter's name is only built for the error. */
function handleAt(handles: readonly unknown[], i: number, proc: string, param: string): number {
  const fd = handles[i];
  if (typeof fd !== 'number' || (fd | 0) !== fd || fd < -1) return checkHandle(fd, proc, `${param}[${i}]`);
  return fd;
}

/**
 * setHandles on the compact layout: entry i is words 2i (fd) and 2i + 1
 * (events and revents). Constant indexes, in a plain function over the view:
 * the loop through set() cost selectRead ~3 µs per 1,000 handles, this ~1.7 µs
 * (CPU time, node 20).
 */
function fillCompact(
  words: Int32Array,
  handles: readonly unknown[],
  count: number,
  eventsWord: number,
  proc: string,
  param: string,
): void {
  for (let i = 0; i < count; i++) {
    words[2 * i] = handleAt(handles, i, proc, param);
    words[2 * i + 1] = eventsWord;
  }
}

/** countReady on the compact layout (revents: short 4i + 3), as fillCompact; -1 - i for an invalid entry i. */
function countCompact(
  shorts: Int16Array,
  handles: readonly unknown[],
  count: number,
  ready: number,
  invalid: number,
): number {
  let keep = 0;
  for (let i = 0; i < count; i++) {
    const revents = shorts[4 * i + 3]!;
    if (revents & invalid && handles[i] !== -1) return -1 - i;
    if (revents & ready && handles[i] !== -1) keep++;
  }
  return keep;
}
