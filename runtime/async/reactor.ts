// The waits of the socket procs' Async variants: for each descriptor one
// uv_poll handle (libuv allows one per descriptor), watching for the union of
// what its pending calls wait for. When the descriptor is ready, each waiter
// retries its non-blocking C call right there, in the poll callback and in the
// order the calls were made; a waiter that still gets EAGAIN keeps waiting.
// Since the retry and the settling of the Promise happen in one synchronous
// step, an abort can never fall between a successful C call and its result.
//
// A descriptor with no waiter left closes its handle at once, except when its
// last waiter finished inside this reactor's poll callback (the common case:
// the data came): then the handle is only stopped and closes in the check
// phase of the same loop iteration, unless a new call wants it again first (a
// receive loop reuses one handle). Either way the close comes before the next
// poll phase, where libuv would register a new watcher of the same descriptor
// (a `net.Socket({ fd })` made meanwhile): closing a poll handle removes its
// descriptor from epoll, so it must never come after. `closeFd` (used by
// `close(s)`) fails the waiters and closes the handle before the descriptor is
// closed, so libuv never watches a number the OS may hand out again.
import type { EventLoop } from './eventLoop.js';
import { UV_DISCONNECT } from './eventLoop.js';

export interface Waiter {
  /** UV_READABLE or UV_WRITABLE; 0 for a waiter that retries on a timer and only needs closeFd. */
  readonly events: number;
  /** Called when the descriptor is ready: true when the waiter is done (it then leaves the set). */
  ready(): boolean;
  /** The wait failed (the poll reported an error, or the socket was closed): settle with this error. */
  fail(error: Error): void;
}

interface Watch {
  readonly fd: number;
  readonly id: number;
  readonly waiters: Set<Waiter>;
  /** The events the handle watches now (0: stopped). */
  started: number;
}

export class Reactor {
  readonly #loop: EventLoop;
  readonly #errorOf: (uvCode: number, fd: number) => Error;
  readonly #watches = new Map<number, Watch>();
  readonly #idle = new Set<Watch>();
  #sweep: NodeJS.Immediate | undefined;
  /** Inside #onEvent: an idle handle may wait for the check phase instead of closing now. */
  #dispatching = false;

  /** `errorOf` turns a libuv error of the poll (negative) into the error the waiters get. */
  constructor(loop: EventLoop, errorOf: (uvCode: number, fd: number) => Error) {
    this.#loop = loop;
    this.#errorOf = errorOf;
  }

  get kind(): EventLoop['kind'] {
    return this.#loop.kind;
  }

  /** Pending waiters over every descriptor (for tests and leak checks). */
  get pending(): number {
    let n = 0;
    for (const w of this.#watches.values()) n += w.waiters.size;
    return n;
  }

  /** Poll handles open now, idle ones included (for tests and leak checks). */
  get handles(): number {
    return this.#watches.size;
  }

  /** Adds a waiter on `fd`; throws the poll's error when libuv cannot watch it (EBADF, EEXIST…). */
  add(fd: number, waiter: Waiter): void {
    let watch = this.#watches.get(fd);
    if (!watch) {
      const id = this.#loop.open(fd, (status, events) => this.#onEvent(watch!, status, events));
      if (id <= 0) throw this.#errorOf(id, fd);
      watch = { fd, id, waiters: new Set(), started: 0 };
      this.#watches.set(fd, watch);
    }
    this.#idle.delete(watch);
    watch.waiters.add(waiter);
    const failed = this.#update(watch);
    if (failed !== 0) {
      watch.waiters.delete(waiter);
      if (watch.waiters.size === 0) {
        this.#watches.delete(fd);
        this.#idle.delete(watch);
        this.#loop.close(watch.id);
      } else this.#update(watch);
      throw this.#errorOf(failed, fd);
    }
  }

  /** Removes a waiter (an abort); nothing happens if it is gone already. */
  remove(fd: number, waiter: Waiter): void {
    const watch = this.#watches.get(fd);
    if (watch?.waiters.delete(waiter)) this.#update(watch);
  }

  /** Fails every waiter on `fd` with `error(waiter)` and closes its handle at once. */
  closeFd(fd: number, error: () => Error): void {
    const watch = this.#watches.get(fd);
    if (!watch) return;
    this.#watches.delete(fd);
    this.#idle.delete(watch);
    this.#loop.close(watch.id);
    const waiters = [...watch.waiters];
    watch.waiters.clear();
    for (const w of waiters) w.fail(error());
  }

  #onEvent(watch: Watch, status: number, events: number): void {
    if (this.#watches.get(watch.fd) !== watch) return;
    this.#dispatching = true;
    try {
      this.#dispatch(watch, status, events);
    } finally {
      this.#dispatching = false;
    }
    // A waiter may have closed the socket (and so this watch) meanwhile.
    if (this.#watches.get(watch.fd) === watch) this.#update(watch, true);
  }

  #dispatch(watch: Watch, status: number, events: number): void {
    if (status < 0) {
      // The poll itself failed: no call can be retried on this descriptor.
      const waiters = [...watch.waiters];
      watch.waiters.clear();
      for (const w of waiters) w.fail(this.#errorOf(status, watch.fd));
    } else {
      for (const w of [...watch.waiters]) {
        if (!watch.waiters.has(w)) continue;
        if ((w.events & events) === 0 && (events & UV_DISCONNECT) === 0) continue;
        let done: boolean;
        try {
          done = w.ready();
        } catch (e) {
          watch.waiters.delete(w);
          w.fail(e as Error);
          continue;
        }
        if (done) watch.waiters.delete(w);
      }
    }
  }

  /**
   * Makes the handle watch exactly what its waiters wait for; a libuv error of
   * uv_poll_start, or 0. An idle handle closes now, or (`fromPoll`) in the
   * check phase of this iteration.
   */
  #update(watch: Watch, fromPoll = false): number {
    let events = 0;
    for (const w of watch.waiters) events |= w.events;
    if (events === 0 && watch.waiters.size > 0) {
      // Only waiters that retry on a timer (events 0): no readiness to watch,
      // but the handle stays, so that closeFd still reaches them.
      if (watch.started !== 0) this.#loop.stop(watch.id);
      watch.started = 0;
      return 0;
    }
    if (events === 0) {
      if (fromPoll || this.#dispatching) {
        if (watch.started !== 0) this.#loop.stop(watch.id);
        watch.started = 0;
        this.#idle.add(watch);
        this.#sweep ??= setImmediate(() => this.#closeIdle());
      } else {
        this.#watches.delete(watch.fd);
        this.#idle.delete(watch);
        this.#loop.close(watch.id);
      }
      return 0;
    }
    if (events === watch.started) return 0;
    const rc = this.#loop.start(watch.id, events);
    if (rc === 0) watch.started = events;
    return rc;
  }

  #closeIdle(): void {
    this.#sweep = undefined;
    for (const watch of this.#idle) {
      if (watch.waiters.size === 0 && this.#watches.get(watch.fd) === watch) {
        this.#watches.delete(watch.fd);
        this.#loop.close(watch.id);
      }
    }
    this.#idle.clear();
  }
}
