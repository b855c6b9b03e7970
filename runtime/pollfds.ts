// The C array of struct pollfd (WSAPOLLFD on Windows) that poll() and WSAPoll
// read and write, laid out from the spec, reused and grown as needed: the
// calls that fill it are synchronous. Shared by selectRead/selectWrite and poll.
import { STRUCT_LAYOUTS } from '../generated/structs.js';
import type { RuntimeContext } from './context.js';

export class PollFdArray {
  /** The entries' bytes, as C reads them; `poll(entries, count, timeout)`. */
  entries = new Uint8Array(0);
  private fds32 = new Int32Array(0);
  private fds64 = new BigInt64Array(0);
  private shorts = new Int16Array(0);
  private readonly entrySize: number;
  private readonly wideFd: boolean;
  private readonly fdAt: number;
  private readonly fdStride: number;
  private readonly eventsAt: number;
  private readonly reventsAt: number;
  private readonly shortStride: number;

  constructor(ctx: RuntimeContext) {
    const layout = STRUCT_LAYOUTS[ctx.platform].pollfd;
    const fd = layout.fields['fd']!;
    this.entrySize = layout.size;
    this.wideFd = fd.size === 8; // Windows: a SOCKET in a 64-bit field
    // Element indexes of entry 0's fields in 32-, 64- and 16-bit views of the
    // array (a C struct aligns each field to its size); entry i adds i * the
    // entry's elements.
    this.fdAt = fd.offset / fd.size;
    this.fdStride = layout.size / fd.size;
    this.eventsAt = layout.fields['events']!.offset / 2;
    this.reventsAt = layout.fields['revents']!.offset / 2;
    this.shortStride = layout.size / 2;
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
    if (this.wideFd) this.fds64 = new BigInt64Array(this.entries.buffer);
    else this.fds32 = new Int32Array(this.entries.buffer);
    this.shorts = new Int16Array(this.entries.buffer);
  }

  /** Entry i asks for `events` on `fd`, its revents cleared. */
  set(i: number, fd: number, events: number): void {
    if (this.wideFd) this.fds64[this.fdAt + i * this.fdStride] = BigInt(fd);
    else this.fds32[this.fdAt + i * this.fdStride] = fd;
    this.shorts[this.eventsAt + i * this.shortStride] = events;
    this.shorts[this.reventsAt + i * this.shortStride] = 0;
  }

  /** What poll() reported for entry i. */
  revents(i: number): number {
    return this.shorts[this.reventsAt + i * this.shortStride]!;
  }
}
