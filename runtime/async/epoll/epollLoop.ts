// The EventLoop of the Reactor on runtimes without libuv (Bun, Deno), over
// Linux epoll: the same contract as a uv_poll handle per descriptor (ids,
// start/stop/close, level-triggered readiness events on the JS thread), with
// one epoll set per JS thread and one thread blocked in epoll_wait for all of
// its descriptors (a Worker on Bun, Deno's nonblocking FFI thread on Deno),
// never one per descriptor. The socket calls stay on the JS thread: the
// waiting thread only reports which ids are ready.
//
// Every descriptor is armed EPOLLONESHOT: after it reports, it stays silent
// until the JS thread has run its waiters and armed it again, so a ready
// socket that JS has not served yet does not spin the waiting thread.
// An eventfd (id 0) in the same set wakes the waiting thread when nothing is
// armed any more, so that it stops holding the process open.
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

/** The id of the wake-up eventfd's events; handles count from 1. */
export const WAKE_ID = 0;

/** How a runtime waits in epoll_wait off the JS thread, reporting (id, events) pairs to `deliver` on the JS thread. */
export interface EpollWaiter {
  /** Something is armed: keep a thread in epoll_wait and keep the process alive. */
  active(): void;
  /** Nothing is armed: let the process end (the wake eventfd was written). */
  idle(): void;
}

interface Handle {
  readonly fd: number;
  readonly onEvent: (status: number, events: number) => void;
  /** UV_* mask asked for; 0 when stopped. */
  events: number;
}

function toEpoll(uv: number): number {
  return (uv & UV_READABLE ? EPOLLIN : 0) | (uv & UV_WRITABLE ? EPOLLOUT : 0) | (uv & UV_DISCONNECT ? EPOLLRDHUP : 0);
}

/** epoll's events as libuv reports them: an error or hangup makes every asked-for event fire, so the call finds out. */
function toUv(epoll: number, asked: number): number {
  let uv =
    (epoll & EPOLLIN ? UV_READABLE : 0) |
    (epoll & EPOLLOUT ? UV_WRITABLE : 0) |
    (epoll & EPOLLRDHUP ? UV_DISCONNECT : 0);
  if (epoll & (EPOLLERR | EPOLLHUP)) uv |= asked & (UV_READABLE | UV_WRITABLE);
  return uv & asked;
}

export class EpollEventLoop implements EventLoop {
  readonly kind: EventLoop['kind'];
  readonly epfd: number;
  readonly wakeFd: number;
  readonly #sys: EpollSys;
  readonly #handles = new Map<number, Handle>();
  #waiter: EpollWaiter | undefined;
  #armed = 0;
  #nextId = 1;

  constructor(kind: EventLoop['kind'], sys: EpollSys) {
    this.kind = kind;
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

  /** Set once, by the runtime's waiter, before any handle opens. */
  attach(waiter: EpollWaiter): void {
    this.#waiter = waiter;
  }

  /** Open handles (for tests). */
  get handles(): number {
    return this.#handles.size;
  }

  open(fd: number, onEvent: (status: number, events: number) => void): number {
    if (fd < 0) return -9; // EBADF, as uv_poll_init_socket
    while (this.#handles.has(this.#nextId)) this.#nextId = this.#nextId >= 0x7fffffff ? 1 : this.#nextId + 1;
    const id = this.#nextId;
    this.#nextId = id >= 0x7fffffff ? 1 : id + 1;
    // Registered disarmed (no events, one-shot: an error or hangup fires once at most before start).
    const rc = this.#sys.epollCtl(this.epfd, EPOLL_CTL_ADD, fd, EPOLLONESHOT, id);
    if (rc !== 0) return rc;
    this.#handles.set(id, { fd, onEvent, events: 0 });
    return id;
  }

  start(id: number, events: number): number {
    const h = this.#handle(id);
    const rc = this.#arm(h, id, events);
    if (rc === 0) this.#setEvents(h, events);
    return rc;
  }

  stop(id: number): void {
    const h = this.#handle(id);
    if (h.events === 0) return;
    this.#sys.epollCtl(this.epfd, EPOLL_CTL_MOD, h.fd, EPOLLONESHOT, id);
    this.#setEvents(h, 0);
  }

  close(id: number): void {
    const h = this.#handle(id);
    this.#handles.delete(id);
    // Fails harmlessly (EBADF, ENOENT) when the descriptor was closed already: closing removes it from the set.
    this.#sys.epollCtl(this.epfd, EPOLL_CTL_DEL, h.fd, 0, id);
    this.#setEvents(h, 0);
  }

  /** Called on the JS thread with what epoll_wait reported: (id, epoll events) pairs. */
  deliver(pairs: readonly number[]): void {
    for (let i = 0; i < pairs.length; i += 2) {
      const id = pairs[i]!;
      if (id === WAKE_ID) {
        this.#sys.drain(this.wakeFd);
        continue;
      }
      const h = this.#handles.get(id);
      // Closed or stopped since the waiting thread saw it: a stale event.
      if (!h || h.events === 0) continue;
      const asked = h.events;
      const uv = toUv(pairs[i + 1]!, asked);
      if (uv !== 0) h.onEvent(0, uv);
      // Armed again for the next event, unless the callback stopped or closed it.
      if (this.#handles.get(id) === h && h.events !== 0) {
        const rc = this.#arm(h, id, h.events);
        if (rc !== 0) {
          this.#setEvents(h, 0);
          h.onEvent(rc, 0);
        }
      }
    }
  }

  #handle(id: number): Handle {
    const h = this.#handles.get(id);
    if (!h) throw new RangeError(`nativesockets: no open reactor handle has id ${id}`);
    return h;
  }

  #arm(h: Handle, id: number, events: number): number {
    return this.#sys.epollCtl(this.epfd, EPOLL_CTL_MOD, h.fd, toEpoll(events) | EPOLLONESHOT, id);
  }

  #setEvents(h: Handle, events: number): void {
    const before = this.#armed;
    if (h.events === 0 && events !== 0) this.#armed++;
    else if (h.events !== 0 && events === 0) this.#armed--;
    h.events = events;
    if (before === 0 && this.#armed > 0) this.#waiter?.active();
    else if (before > 0 && this.#armed === 0) this.#waiter?.idle();
  }
}
