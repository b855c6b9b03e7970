// What every waiter speaks, libuv's own and the epoll or WSAPoll reactor of
// Bun and Deno alike: libuv's poll events (uv.h enum uv_poll_event) and the
// interfaces of a poller and of the event loop over it (types only: the
// modules that pick and build a waiter, eventLoop.ts, runtimeLoops.ts, epoll/
// and wsapoll/, import this one, never each other).
export const UV_READABLE = 1;
export const UV_WRITABLE = 2;
export const UV_DISCONNECT = 4;

/** One descriptor's readiness events: `status` 0 or a (negative) libuv error, `events` a mask of UV_*. */
export type PollCallback = (id: number, status: number, events: number) => void;

export interface FdPoller {
  /** What waits, for messages and measurements. */
  readonly kind: 'napi uv_poll' | 'koffi uv_poll' | 'bun epoll' | 'bun wsapoll' | 'deno epoll';
  /** Opens a poll handle on `fd` (making it non-blocking): its id (> 0), or a negative libuv error (UV_EEXIST, UV_EBADF…). */
  open(fd: number): number;
  /** Watches for `events` (a mask of UV_*); 0, or a negative libuv error. */
  start(id: number, events: number): number;
  stop(id: number): void;
  /** Closes the handle; the id is unknown afterwards. */
  close(id: number): void;
  /** The one function every event of this poller goes to. */
  setCallback(cb: PollCallback): void;
}

/** What the addon adds to its exports (runtime/napi/eventloop.cc). */

/**
 * A backend's poller, shared by every API object built on it: each handle's
 * events go to the function given when it was opened.
 */
export interface EventLoop {
  readonly kind: FdPoller['kind'];
  open(fd: number, onEvent: (status: number, events: number) => void): number;
  start(id: number, events: number): number;
  stop(id: number): void;
  close(id: number): void;
}
