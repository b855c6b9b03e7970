// What the reactors of the runtimes without libuv (Bun, Deno) share, whatever
// the OS call they wait in (epoll on Linux, WSAPoll on Windows): the contract
// of a uv_poll handle per descriptor (ids, start/stop/close, level-triggered
// readiness events on the JS thread), over one waiting thread per JS thread
// for all of its descriptors, never one per descriptor. The socket calls stay
// on the JS thread: the waiting thread only reports which ids are ready.
//
// Every descriptor is armed one-shot: after it reports, it stays silent until
// the JS thread has run its waiters and armed it again, so a ready socket that
// JS has not served yet does not spin the waiting thread. When nothing is armed
// any more the waiter is told, so that it stops holding the process open.
import type { EventLoop } from './pollEvents.js';

/** How a runtime keeps a thread waiting off the JS thread while something is armed. */
export interface ReactorWaiter {
  /** Something is armed: keep a thread waiting and keep the process alive. */
  active(): void;
  /** Nothing is armed: let the process end. */
  idle(): void;
}

export interface OneShotHandle {
  readonly fd: number;
  readonly onEvent: (status: number, events: number) => void;
  /** UV_* mask asked for; 0 when stopped. */
  events: number;
}

/** The id of the wake-up's events; handles count from 1. */
export const WAKE_ID = 0;

/** The OS side of a one-shot loop: each call returns 0 or a negative error code. */
export abstract class OneShotEventLoop implements EventLoop {
  readonly kind: EventLoop['kind'];
  readonly #handles = new Map<number, OneShotHandle>();
  #waiter: ReactorWaiter | undefined;
  #armed = 0;
  #nextId = 1;

  constructor(kind: EventLoop['kind']) {
    this.kind = kind;
  }

  /** Adds `fd` to the OS set under `id`, disarmed. */
  protected abstract register(fd: number, id: number): number;
  /** Arms `h` for the UV_* `events`, once. */
  protected abstract arm(h: OneShotHandle, id: number, events: number): number;
  /** Keeps `h` in the set, silent. */
  protected abstract disarm(h: OneShotHandle, id: number): void;
  /** Takes `h` out of the set (its descriptor may be closed already). */
  protected abstract unregister(h: OneShotHandle, id: number): void;
  /** The OS's events as libuv reports them, restricted to the UV_* `asked`. */
  protected abstract toUv(native: number, asked: number): number;
  /** The wake-up reported its events to the JS thread (the waiting thread drains it itself, or not). */
  protected onWake(): void {}

  /** Set once, by the runtime's waiter, before any handle opens. */
  attach(waiter: ReactorWaiter): void {
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
    const rc = this.register(fd, id);
    if (rc !== 0) return rc;
    this.#handles.set(id, { fd, onEvent, events: 0 });
    return id;
  }

  start(id: number, events: number): number {
    const h = this.#handle(id);
    const rc = this.arm(h, id, events);
    if (rc === 0) this.#setEvents(h, events);
    return rc;
  }

  stop(id: number): void {
    const h = this.#handle(id);
    if (h.events === 0) return;
    this.disarm(h, id);
    this.#setEvents(h, 0);
  }

  close(id: number): void {
    const h = this.#handle(id);
    this.#handles.delete(id);
    this.unregister(h, id);
    this.#setEvents(h, 0);
  }

  /** Called on the JS thread with what the waiting thread reported: (id, OS events) pairs. */
  deliver(pairs: readonly number[]): void {
    for (let i = 0; i < pairs.length; i += 2) {
      const id = pairs[i]!;
      if (id === WAKE_ID) {
        this.onWake();
        continue;
      }
      const h = this.#handles.get(id);
      // Closed or stopped since the waiting thread saw it: a stale event.
      if (!h || h.events === 0) continue;
      const asked = h.events;
      const uv = this.toUv(pairs[i + 1]!, asked);
      if (uv !== 0) h.onEvent(0, uv);
      // Armed again for the next event, unless the callback stopped or closed it.
      if (this.#handles.get(id) === h && h.events !== 0) {
        const rc = this.arm(h, id, h.events);
        if (rc !== 0) {
          this.#setEvents(h, 0);
          h.onEvent(rc, 0);
        }
      }
    }
  }

  #handle(id: number): OneShotHandle {
    const h = this.#handles.get(id);
    if (!h) throw new RangeError(`nativesockets: no open reactor handle has id ${id}`);
    return h;
  }

  #setEvents(h: OneShotHandle, events: number): void {
    const before = this.#armed;
    if (h.events === 0 && events !== 0) this.#armed++;
    else if (h.events !== 0 && events === 0) this.#armed--;
    h.events = events;
    if (before === 0 && this.#armed > 0) this.#waiter?.active();
    else if (before > 0 && this.#armed === 0) this.#waiter?.idle();
  }
}
