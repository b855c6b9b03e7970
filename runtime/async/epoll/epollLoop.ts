// The EventLoop of the Reactor on Bun and Deno on Linux (oneShotLoop.ts), over
// epoll: one epoll set per JS thread, every descriptor in it EPOLLONESHOT, and
// one thread blocked in epoll_wait for all of them (a Worker on Bun, Deno's
// nonblocking FFI thread on Deno). An eventfd (id WAKE_ID) in the same set
// wakes the waiting thread when nothing is armed any more, so that it stops
// holding the process open.
import { OneShotEventLoop, type OneShotHandle, WAKE_ID } from '../oneShotLoop.js';
import type { EventLoop } from '../pollEvents.js';
import { UV_DISCONNECT, UV_READABLE, UV_WRITABLE } from '../pollEvents.js';
import {
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLL_CTL_MOD,
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLONESHOT,
  EPOLLOUT,
  EPOLLRDHUP,
  type EpollSys,
} from './sys.js';

function toEpoll(uv: number): number {
  return (uv & UV_READABLE ? EPOLLIN : 0) | (uv & UV_WRITABLE ? EPOLLOUT : 0) | (uv & UV_DISCONNECT ? EPOLLRDHUP : 0);
}

export class EpollEventLoop extends OneShotEventLoop {
  readonly epfd: number;
  readonly wakeFd: number;
  readonly #sys: EpollSys;

  constructor(kind: EventLoop['kind'], sys: EpollSys) {
    super(kind);
    this.#sys = sys;
    const epfd = sys.epollCreate();
    if (epfd < 0) throw new Error(`nativesockets: epoll_create1 failed (errno ${-epfd})`);
    const wakeFd = sys.eventfd();
    if (wakeFd < 0 || sys.epollCtl(epfd, EPOLL_CTL_ADD, wakeFd, EPOLLIN, WAKE_ID) !== 0) {
      sys.close(epfd);
      if (wakeFd >= 0) sys.close(wakeFd);
      throw new Error("nativesockets: cannot make the reactor's wake-up eventfd");
    }
    this.epfd = epfd;
    this.wakeFd = wakeFd;
  }

  // Registered disarmed (no events, one-shot: an error or hangup fires once at most before start).
  protected register(fd: number, id: number): number {
    return this.#sys.epollCtl(this.epfd, EPOLL_CTL_ADD, fd, EPOLLONESHOT, id);
  }

  protected arm(h: OneShotHandle, id: number, events: number): number {
    return this.#sys.epollCtl(this.epfd, EPOLL_CTL_MOD, h.fd, toEpoll(events) | EPOLLONESHOT, id);
  }

  protected disarm(h: OneShotHandle, id: number): void {
    this.#sys.epollCtl(this.epfd, EPOLL_CTL_MOD, h.fd, EPOLLONESHOT, id);
  }

  // Fails harmlessly (EBADF, ENOENT) when the descriptor was closed already: closing removes it from the set.
  protected unregister(h: OneShotHandle, id: number): void {
    this.#sys.epollCtl(this.epfd, EPOLL_CTL_DEL, h.fd, 0, id);
  }

  /** epoll's events as libuv reports them: an error or hangup makes every asked-for event fire, so the call finds out. */
  protected toUv(epoll: number, asked: number): number {
    let uv =
      (epoll & EPOLLIN ? UV_READABLE : 0) |
      (epoll & EPOLLOUT ? UV_WRITABLE : 0) |
      (epoll & EPOLLRDHUP ? UV_DISCONNECT : 0);
    if (epoll & (EPOLLERR | EPOLLHUP)) uv |= asked & (UV_READABLE | UV_WRITABLE);
    return uv & asked;
  }

  protected override onWake(): void {
    this.#sys.drain(this.wakeFd);
  }
}
