// The reactor's libc calls through Bun's bun:ffi (Linux). Typed arrays go to
// C as arguments of each call: a pointer taken once with ptr() can go stale
// after the JIT moves or reallocates the array.
import { createRequire } from 'node:module';
import { EPOLL_EVENT_SIZE, type EpollSys, O_CLOEXEC, O_NONBLOCK, writeEpollEvent } from './sys.js';

/** The part of bun:ffi used here. */
export interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: string[]; returns: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => unknown> };
  read: { i32(pointer: unknown, offset: number): number };
}

export function bunFfi(): BunFfi {
  return createRequire(import.meta.url)('bun:ffi') as BunFfi;
}

const SYMBOLS = {
  epoll_create1: { args: ['i32'], returns: 'i32' },
  epoll_ctl: { args: ['i32', 'i32', 'i32', 'ptr'], returns: 'i32' },
  epoll_wait: { args: ['i32', 'ptr', 'i32', 'i32'], returns: 'i32' },
  eventfd: { args: ['u32', 'i32'], returns: 'i32' },
  read: { args: ['i32', 'ptr', 'u64'], returns: 'i64' },
  write: { args: ['i32', 'ptr', 'u64'], returns: 'i64' },
  close: { args: ['i32'], returns: 'i32' },
  __errno_location: { args: [], returns: 'ptr' },
};

export type BunLibc = EpollSys & {
  /** epoll_wait, blocking this thread: the count, or -errno. */
  epollWait(epfd: number, events: Uint8Array, max: number, timeoutMs: number): number;
};

/** libc.so.6 (glibc), else libc.so (musl). */
export function openLibc<T>(open: (path: string) => T): T {
  try {
    return open('libc.so.6');
  } catch {
    return open('libc.so');
  }
}

export function bunLibc(): BunLibc {
  const ffi = bunFfi();
  const c = openLibc((path) => ffi.dlopen(path, SYMBOLS)).symbols as Record<
    keyof typeof SYMBOLS,
    (...args: unknown[]) => unknown
  >;
  // errno of this thread, read right after the call that set it (nothing runs in between).
  const errno = (): number => ffi.read.i32(c.__errno_location(), 0);
  const result = (rc: unknown): number => (Number(rc) === -1 ? -errno() : Number(rc));
  const event = new Uint8Array(EPOLL_EVENT_SIZE);
  const eventView = new DataView(event.buffer);
  const counter = new BigUint64Array(1);
  return {
    epollCreate: () => result(c.epoll_create1(O_CLOEXEC)),
    epollCtl(epfd, op, fd, events, id) {
      writeEpollEvent(eventView, events, id);
      return result(c.epoll_ctl(epfd, op, fd, event));
    },
    eventfd: () => result(c.eventfd(0, O_CLOEXEC | O_NONBLOCK)),
    wake(efd) {
      counter[0] = 1n;
      c.write(efd, counter, 8);
    },
    drain: (efd) => void c.read(efd, counter, 8),
    close: (fd) => void c.close(fd),
    epollWait: (epfd, events, max, timeoutMs) => result(c.epoll_wait(epfd, events, max, timeoutMs)),
  };
}
