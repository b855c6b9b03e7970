// The reactor's libc calls through Deno.dlopen (Linux). epoll_wait is a
// `nonblocking` symbol: Deno runs it on a thread of its own and settles a
// Promise on the JS thread, so the JS thread never blocks.
import { denoFfi } from '../../denoFfi.js';
import { openLibc } from './bunLibc.js';
import { type EpollSys, epollSysOf, type LibcSymbols } from './sys.js';

const SYMBOLS = {
  epoll_create1: { parameters: ['i32'], result: 'i32' },
  epoll_ctl: { parameters: ['i32', 'i32', 'i32', 'buffer'], result: 'i32' },
  epoll_wait: { parameters: ['i32', 'buffer', 'i32', 'i32'], result: 'i32', nonblocking: true },
  eventfd: { parameters: ['u32', 'i32'], result: 'i32' },
  read: { parameters: ['i32', 'buffer', 'usize'], result: 'isize' },
  write: { parameters: ['i32', 'buffer', 'usize'], result: 'isize' },
  close: { parameters: ['i32'], result: 'i32' },
  __errno_location: { parameters: [], result: 'pointer' },
};

export type DenoLibc = EpollSys & {
  /** epoll_wait on Deno's blocking-call thread: the count, or -1 (errno is that thread's, so not read). */
  epollWaitAsync(epfd: number, events: Uint8Array, max: number, timeoutMs: number): Promise<number>;
};

export function denoLibc(): DenoLibc {
  const Deno = denoFfi();
  const c = openLibc((path) => Deno.dlopen(path, SYMBOLS)).symbols as LibcSymbols;
  const errno = (): number => new Deno.UnsafePointerView(c.__errno_location() as object).getInt32(0);
  return {
    ...epollSysOf(c, errno, BigInt),
    epollWaitAsync: (epfd, events, max, timeoutMs) => c.epoll_wait(epfd, events, max, timeoutMs) as Promise<number>,
  };
}
