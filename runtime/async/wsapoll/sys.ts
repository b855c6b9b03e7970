// WSAPoll (Windows) as Bun's reactor sees it: the values and the struct
// layout of <winsock2.h>, and the interest set the JS thread shares with the
// waiting thread. WSAPoll, unlike epoll, keeps no set in the kernel: the set
// lives in a SharedArrayBuffer, one slot per handle, and the waiting thread
// builds its WSAPOLLFD array from it before each call.
import { CONSTANTS } from '../../../generated/platformTables.js';
import { UV_READABLE, UV_WRITABLE } from '../pollEvents.js';

/** The Windows values of the spec, checked against <winsock2.h> by `make check-windows`. */
export const WINDOWS = CONSTANTS.windows;
export const { POLLERR, POLLHUP, POLLNVAL } = WINDOWS as Required<typeof WINDOWS>;
/**
 * The normal-data bits alone: the spec's POLLIN is POLLRDNORM | POLLRDBAND
 * (0x0300) and its POLLOUT is POLLWRNORM; the reactor asks for normal data only.
 */
export const POLLRDNORM = 0x0100;
export const POLLWRNORM = WINDOWS.POLLOUT!;

/** struct pollfd (WSAPOLLFD) on 64-bit Windows: SOCKET fd at 0, SHORT events at 8, SHORT revents at 10; 16 bytes. */
export const WSAPOLLFD_SIZE = 16;

/**
 * The longest one WSAPoll of the waiting thread lasts. A Worker ends only
 * between calls, and Bun's worker.terminate() of the JS thread that owns the
 * reactor waits for the reactor's Worker to end (the owner's 'exit' handler,
 * which stops it at process exit, does not run there): an endless WSAPoll
 * would hang that terminate() for good. This bounds it, for a few empty
 * wake-ups a second while the reactor exists.
 */
export const WSAPOLL_TIMEOUT_MS = 100;

/** The handles one reactor watches at most (WSAPoll itself has no limit). */
export const WSAPOLL_MAX_SLOTS = 4096;

/** The events WSAPoll is asked for, for the UV_* mask `uv` (it takes no other bits: POLLPRI is an error). */
export function toWsaPoll(uv: number): number {
  return (uv & UV_READABLE ? POLLRDNORM : 0) | (uv & UV_WRITABLE ? POLLWRNORM : 0);
}

/**
 * The interest set in shared memory. Per slot: the socket, the handle's id,
 * and an arm word, 0 when disarmed, else (arming count << 3) | UV_* events.
 * The waiting thread disarms a slot that reported with a compare-and-swap on
 * the word it polled with: a slot armed again, stopped or reused meanwhile
 * has another word, and its stale event is dropped, not reported.
 */
export class InterestSet {
  readonly buffer: SharedArrayBuffer;
  /** [0] stop flag, [1] slots in use (the high-water mark). */
  readonly control: Int32Array;
  readonly words: Int32Array;
  readonly ids: Int32Array;
  readonly sockets: Float64Array;

  constructor(buffer = new SharedArrayBuffer(8 + WSAPOLL_MAX_SLOTS * 16)) {
    this.buffer = buffer;
    this.control = new Int32Array(buffer, 0, 2);
    this.words = new Int32Array(buffer, 8, WSAPOLL_MAX_SLOTS);
    this.ids = new Int32Array(buffer, 8 + WSAPOLL_MAX_SLOTS * 4, WSAPOLL_MAX_SLOTS);
    this.sockets = new Float64Array(buffer, 8 + WSAPOLL_MAX_SLOTS * 8, WSAPOLL_MAX_SLOTS);
  }

  get stopped(): boolean {
    return Atomics.load(this.control, 0) !== 0;
  }

  stop(): void {
    Atomics.store(this.control, 0, 1);
  }

  get used(): number {
    return Atomics.load(this.control, 1);
  }

  set used(n: number) {
    Atomics.store(this.control, 1, n);
  }
}
