// The reactor's libc calls through Bun's bun:ffi (Linux). Typed arrays go to
// C as arguments of each call: a pointer taken once with ptr() can go stale
// after the JIT moves or reallocates the array.
import { bunFfi } from '../../../generated/bunffi/symbols.js';
import { type EpollSys, epollSysOf, type LibcSymbols } from './sys.js';

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
  const c = openLibc((path) => ffi.dlopen(path, SYMBOLS)).symbols as LibcSymbols;
  const errno = (): number => ffi.read.i32(c.__errno_location() as number, 0);
  return {
    ...epollSysOf(c, errno, (n) => n),
    epollWait(epfd, events, max, timeoutMs) {
      const rc = Number(c.epoll_wait(epfd, events, max, timeoutMs));
      return rc === -1 ? -errno() : rc;
    },
  };
}
