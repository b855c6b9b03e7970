// Linux epoll as the reactors of Bun and Deno see it: the few libc calls they
// make through their own FFI (bunLibc.ts, denoLibc.ts), with the values and
// the struct layout of <sys/epoll.h>. The WSAPoll reactor of Bun on Windows
// (../wsapoll/) implements the same OneShotEventLoop over its own calls; a
// kqueue one (macOS, FreeBSD) would too.
import { arch } from 'node:os';

export const EPOLLIN = 0x001;
export const EPOLLOUT = 0x004;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
export const EPOLLRDHUP = 0x2000;
/** Armed for one event, then disarmed until EPOLL_CTL_MOD arms it again (no busy loop while JS has not run). */
export const EPOLLONESHOT = 1 << 30;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
/** EPOLL_CLOEXEC, EFD_CLOEXEC (O_CLOEXEC) and EFD_NONBLOCK (O_NONBLOCK) on every Linux architecture but alpha, sparc, parisc. */
export const O_CLOEXEC = 0o2000000;
export const O_NONBLOCK = 0o4000;

/** struct epoll_event: packed on x86-64 (12 bytes, data at 4), naturally aligned elsewhere (16, data at 8). */
export const EPOLL_EVENT_SIZE = arch() === 'x64' ? 12 : 16;
export const EPOLL_DATA_AT = arch() === 'x64' ? 4 : 8;

/** The events one epoll_wait returns at most. */
export const EPOLL_MAX_EVENTS = 64;

/** The libc calls of a reactor; each returns what C returns, and `-errno` where C returns -1. */
export interface EpollSys {
  epollCreate(): number;
  /** epoll_ctl with one event whose data is `id` (32 bits). */
  epollCtl(epfd: number, op: number, fd: number, events: number, id: number): number;
  /** eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK). */
  eventfd(): number;
  /** Adds 1 to an eventfd (wakes an epoll_wait watching it). */
  wake(efd: number): void;
  /** Reads an eventfd back to 0. */
  drain(efd: number): void;
  close(fd: number): void;
}

/** The libc symbols a reactor calls, as either FFI returns them. */
export type LibcSymbols = Record<
  'epoll_create1' | 'epoll_ctl' | 'epoll_wait' | 'eventfd' | 'read' | 'write' | 'close' | '__errno_location',
  (...args: unknown[]) => unknown
>;

/**
 * The EpollSys calls over one FFI's libc symbols: `errno` reads the calling
 * thread's errno right after the call that set it (nothing runs in between);
 * `size` is a byte count as that FFI takes a size_t (a number on Bun, a bigint
 * on Deno).
 */
export function epollSysOf(c: LibcSymbols, errno: () => number, size: (n: number) => number | bigint): EpollSys {
  const result = (rc: unknown): number => (Number(rc) === -1 ? -errno() : Number(rc));
  const event = new Uint8Array(EPOLL_EVENT_SIZE);
  const eventView = new DataView(event.buffer);
  const counter = new BigUint64Array(1);
  const eight = size(8);
  return {
    epollCreate: () => result(c.epoll_create1(O_CLOEXEC)),
    epollCtl(epfd, op, fd, events, id) {
      writeEpollEvent(eventView, events, id);
      return result(c.epoll_ctl(epfd, op, fd, event));
    },
    eventfd: () => result(c.eventfd(0, O_CLOEXEC | O_NONBLOCK)),
    wake(efd) {
      counter[0] = 1n;
      c.write(efd, counter, eight);
    },
    drain: (efd) => void c.read(efd, counter, eight),
    close: (fd) => void c.close(fd),
  };
}

/** Encodes one struct epoll_event into `into`. */
export function writeEpollEvent(into: DataView, events: number, id: number): void {
  into.setUint32(0, events >>> 0, true);
  into.setUint32(EPOLL_DATA_AT, id >>> 0, true);
  into.setUint32(EPOLL_DATA_AT + 4, 0, true);
}

/** The (id, events) pairs of the first `n` events epoll_wait wrote into `from`. */
export function readEpollEvents(from: DataView, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * EPOLL_EVENT_SIZE;
    out.push(from.getUint32(at + EPOLL_DATA_AT, true), from.getUint32(at, true));
  }
  return out;
}
