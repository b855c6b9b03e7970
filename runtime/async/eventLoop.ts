// How each backend waits for a socket to be ready inside Node's event loop:
// a uv_poll handle per descriptor, on the loop of the JS thread, so that no
// thread is held while a socket call waits.
//
// - napi: the addon's hand-written runtime/napi/eventloop.cc (uv_poll on the
//   loop napi_get_uv_event_loop gives: any JS thread, workers included).
// - koffi: the same libuv functions, called through koffi from the node
//   binary itself (`koffi.load(null)`: Node exports libuv and Node-API for
//   addons), with one `koffi.register`ed callback for every handle. The loop
//   is the calling thread's: napi_get_uv_event_loop on koffi's own napi_env
//   (`koffi.node.env`), so worker threads work too; uv_default_loop() (the
//   main thread's) where koffi does not expose its env.
//   (koffi 3 also has an undocumented `koffi.node.poll`; it is not used: it
//   aborts the process when libuv refuses a descriptor, e.g. EBADF or EEXIST.)
// Neither runs the socket call on another thread, and neither uses koffi's
// `.async` (which holds a threadpool thread for the whole call).
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import type { RawBackend } from '../../generated/rawBackend.js';

/** libuv's poll events (uv.h enum uv_poll_event). */
export const UV_READABLE = 1;
export const UV_WRITABLE = 2;
export const UV_DISCONNECT = 4;

/** One descriptor's readiness events: `status` 0 or a (negative) libuv error, `events` a mask of UV_*. */
export type PollCallback = (id: number, status: number, events: number) => void;

export interface FdPoller {
  /** What waits, for messages and measurements. */
  readonly kind: 'napi uv_poll' | 'koffi uv_poll';
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
    throw new Error('nativesockets: this napi addon has no event-loop waiter (pollOpen); rebuild it with `npm run build:addon`');
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

// ---- koffi ------------------------------------------------------------------------

type Koffi = typeof import('koffi').default;

/** uv_handle_type UV_POLL (uv.h UV_HANDLE_TYPE_MAP: ASYNC = 1 … POLL = 8), stable across libuv 1.x. */
const UV_POLL = 8;

function koffiModule(): Koffi {
  return createRequire(import.meta.url)('koffi') as Koffi;
}

/** One koffi poller per JS thread (module state is per thread): libuv's handles outlive any one API object. */
let koffiUv: FdPoller | null | undefined;

function koffiUvPoller(koffi: Koffi): FdPoller | null {
  if (koffiUv !== undefined) return koffiUv;
  koffiUv = null;
  let self: ReturnType<Koffi['load']>;
  try {
    self = koffi.load(null);
  } catch {
    return null;
  }
  try {
    // The loop of this JS thread: Node-API knows it from koffi's env; without that env, the main thread's.
    const env = (koffi as unknown as { node?: { env?: unknown } }).node?.env;
    let loop: bigint;
    if (typeof env === 'bigint') {
      const out: [bigint | null] = [null];
      const rc = self.func('napi_get_uv_event_loop', 'int', ['void *', koffi.out(koffi.pointer('void *'))])(env, out) as number;
      if (rc !== 0 || !out[0]) return null;
      loop = out[0];
    } else if (isMainThread) {
      loop = self.func('uv_default_loop', 'void *', [])() as bigint;
    } else return null;
    const handleSize = Number(self.func('uv_handle_size', 'size_t', ['int'])(UV_POLL));
    const pollCbType = koffi.pointer(koffi.proto('void', ['void *', 'int', 'int']));
    const closeCbType = koffi.pointer(koffi.proto('void', ['void *']));
    const sock = process.platform === 'win32' ? 'uintptr_t' : 'int';
    const init = self.func('uv_poll_init_socket', 'int', ['void *', 'void *', sock]);
    const start = self.func('uv_poll_start', 'int', ['void *', 'int', pollCbType]);
    const stop = self.func('uv_poll_stop', 'int', ['void *']);
    const close = self.func('uv_close', 'void', ['void *', closeCbType]);
    const handles = new Map<number, bigint>();
    const ids = new Map<bigint, number>();
    let nextId = 1;
    let callback: PollCallback = () => {};
    // Registered once for the process, never unregistered: 2 of koffi's 8192 slots.
    const onPoll = koffi.register((handle: bigint, status: number, events: number) => {
      const id = ids.get(handle);
      if (id !== undefined) callback(id, status, events);
    }, pollCbType);
    const onClose = koffi.register((handle: bigint) => koffi.free(handle), closeCbType);
    koffiUv = {
      kind: 'koffi uv_poll',
      open(fd) {
        const handle = koffi.alloc('uint8_t', handleSize) as bigint;
        const rc = init(loop, handle, fd) as number;
        if (rc !== 0) {
          // Never initialised: nothing for libuv to close.
          koffi.free(handle);
          return rc;
        }
        while (handles.has(nextId)) nextId = nextId >= 0x7fffffff ? 1 : nextId + 1;
        const id = nextId;
        nextId = nextId >= 0x7fffffff ? 1 : nextId + 1;
        handles.set(id, handle);
        ids.set(handle, id);
        return id;
      },
      start: (id, events) => start(handles.get(id)!, events, onPoll) as number,
      stop: (id) => void stop(handles.get(id)!),
      close(id) {
        const handle = handles.get(id)!;
        handles.delete(id);
        ids.delete(handle);
        stop(handle);
        close(handle, onClose);
      },
      setCallback(cb) {
        callback = cb;
      },
    };
  } catch {
    koffiUv = null;
  }
  return koffiUv;
}

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
