// How each backend waits for a socket to be ready inside Node's event loop:
// a uv_poll handle per descriptor, on the loop of the JS thread, so that no
// thread is held while a socket call waits.
//
// - napi: the addon's hand-written runtime/napi/eventloop.cc (uv_poll on the
//   loop napi_get_uv_event_loop gives: any JS thread, workers included).
// - koffi: the same libuv functions, called through koffi from the node
//   binary itself (runtime/async/koffiPoller.ts).
// Both release their handles when a worker thread ends with calls pending.
// Neither runs the socket call on another thread, and neither uses koffi's
// `.async` (which holds a threadpool thread for the whole call).
// On Bun and Deno (no libuv: Bun's uv_* exports are stubs that abort, Deno's
// uv_poll fires once and holds a thread per handle) every backend waits with
// the runtime's own reactor instead (runtimeLoops.ts: epoll on Linux, WSAPoll
// on Windows).
import { createRequire } from 'node:module';
import type { RawBackend } from '../../generated/rawBackend.js';
import { jsRuntime } from '../jsRuntime.js';
import { koffiUvPoller } from './koffiPoller.js';
import type { EventLoop, FdPoller, PollCallback } from './pollEvents.js';
import { reactorLoopFor } from './runtimeLoops.js';

export type { EventLoop, FdPoller, PollCallback } from './pollEvents.js';
export { UV_DISCONNECT, UV_READABLE, UV_WRITABLE } from './pollEvents.js';

interface NapiPollExports {
  pollCallback(cb: PollCallback): void;
  pollOpen(fd: number): number;
  pollStart(id: number, events: number): number;
  pollStop(id: number): number;
  pollClose(id: number): void;
}

function napiPoller(raw: RawBackend): FdPoller {
  const addon = raw as RawBackend & Partial<NapiPollExports>;
  if (typeof addon.pollOpen !== 'function') {
    throw new Error(
      'nativesockets: this napi addon has no event-loop waiter (pollOpen); rebuild it with `npm run build:addon`',
    );
  }
  const a = addon as RawBackend & NapiPollExports;
  return {
    kind: 'napi uv_poll',
    open: (fd) => a.pollOpen(fd),
    start: (id, events) => a.pollStart(id, events),
    stop: (id) => void a.pollStop(id),
    close: (id) => a.pollClose(id),
    setCallback: (cb) => a.pollCallback(cb),
  };
}

// ---- koffi: runtime/async/koffiPoller.ts -------------------------------------------

type Koffi = typeof import('koffi').default;

function koffiModule(): Koffi {
  return createRequire(import.meta.url)('koffi') as Koffi;
}

function eventLoopOver(poller: FdPoller): EventLoop {
  const listeners = new Map<number, (status: number, events: number) => void>();
  poller.setCallback((id, status, events) => listeners.get(id)?.(status, events));
  return {
    kind: poller.kind,
    open(fd, onEvent) {
      const id = poller.open(fd);
      if (id > 0) listeners.set(id, onEvent);
      return id;
    },
    start: (id, events) => poller.start(id, events),
    stop: (id) => poller.stop(id),
    close(id) {
      listeners.delete(id);
      poller.close(id);
    },
  };
}

const loops = new WeakMap<object, EventLoop>();

/** The event loop waiter of a backend (one per backend per JS thread). */
export function eventLoopFor(raw: RawBackend): EventLoop {
  const runtime = jsRuntime();
  if (runtime !== 'node') return reactorLoopFor(runtime);
  let key: object = raw;
  let make: () => FdPoller = () => napiPoller(raw);
  if (raw.name === 'koffi') {
    const koffi = koffiModule();
    // One waiter per JS thread for every koffi backend object: the handles are libuv's, not one object's.
    key = koffi;
    make = () => {
      const poller = koffiUvPoller(koffi);
      if (!poller) {
        throw new Error(
          "nativesockets (koffi): cannot reach libuv through koffi.load(null) (uv_poll_*, napi_get_uv_event_loop) to wait in this thread's event loop; use the napi backend",
        );
      }
      return poller;
    };
  }
  let loop = loops.get(key);
  if (!loop) {
    loop = eventLoopOver(make());
    loops.set(key, loop);
  }
  return loop;
}
