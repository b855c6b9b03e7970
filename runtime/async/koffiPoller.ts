// The koffi backend's event-loop waiter: libuv's uv_poll functions called
// through koffi from the node binary itself (`koffi.load(null)`: Node exports
// libuv and Node-API for addons), with one `koffi.register`ed callback for
// every handle. The loop is the calling thread's: napi_get_uv_event_loop on
// koffi's own napi_env (`koffi.node.env`), so worker threads work too;
// uv_default_loop() (the main thread's) where koffi does not expose its env.
// (koffi 3 also has an undocumented `koffi.node.poll`; it is not used: it
// aborts the process when libuv refuses a descriptor, e.g. EBADF or EEXIST,
// and when a worker ends with a handle open.)
//
// A thread that ends (worker.terminate(), process.exit() in a worker) runs no
// more JS, yet Node closes its loop, which aborts the process if a handle is
// still open, and runs the loop once more after the environment is gone. So
// everything the teardown needs is native code, set up while JS runs:
// - the handles are C heap (malloc) and uv_close's callback is the C
//   library's `free`, never a JS callback;
// - each open handle has an env cleanup hook that is `uv_poll_stop` itself
//   (one pointer argument, as a hook has), so no event reaches the dead
//   environment's callback; the hook is removed when JS closes the handle;
// - each handle is marked internal to libuv (UV_HANDLE_INTERNAL, as libuv
//   marks its own): uv_loop_close then does not count it as open. Its memory
//   (one uv_poll_t per descriptor waited on) is left to the ended thread.
//   The flag's place is checked on every handle before it is written.
// Memory: the handles are C heap, freed by uv_close through `free`.

import { isMainThread } from 'node:worker_threads';
import type { FdPoller, PollCallback } from './pollEvents.js';

type Koffi = typeof import('koffi').default;

/** uv_handle_type UV_POLL (uv.h UV_HANDLE_TYPE_MAP: ASYNC = 1 … POLL = 8), stable across libuv 1.x. */
const UV_POLL = 8;
/** libuv's private handle flags (src/uv-common.h), unchanged across libuv 1.x. */
const UV_HANDLE_REF = 0x08;
const UV_HANDLE_INTERNAL = 0x10;

/** One koffi poller per JS thread (module state is per thread): libuv's handles outlive any one API object. */
let koffiUv: FdPoller | null | undefined;

/** The C library's heap: malloc, free, and `free`'s address (a uv_close callback that runs no JS). */
function cHeap(
  koffi: Koffi,
  self: ReturnType<Koffi['load']>,
): { malloc: (n: number) => bigint; free: (p: bigint) => void; freeAddress: bigint } {
  const crt = process.platform === 'win32' ? koffi.load('ucrtbase.dll') : self;
  const malloc = crt.func('malloc', 'void *', ['size_t']);
  const free = crt.func('free', 'void', ['void *']);
  return {
    malloc: (n) => malloc(n) as bigint,
    free: (p) => void free(p),
    freeAddress: crt.symbol('free') as unknown as bigint,
  };
}

export function koffiUvPoller(koffi: Koffi): FdPoller | null {
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
      const rc = self.func('napi_get_uv_event_loop', 'int', ['void *', koffi.out(koffi.pointer('void *'))])(
        env,
        out,
      ) as number;
      if (rc !== 0 || !out[0]) return null;
      loop = out[0];
    } else if (isMainThread) {
      loop = self.func('uv_default_loop', 'void *', [])() as bigint;
    } else return null;
    const handleSize = Number(self.func('uv_handle_size', 'size_t', ['int'])(UV_POLL));
    const heap = cHeap(koffi, self);
    const pollCbType = koffi.pointer(koffi.proto('void', ['void *', 'int', 'int']));
    const sock = process.platform === 'win32' ? 'uintptr_t' : 'int';
    const init = self.func('uv_poll_init_socket', 'int', ['void *', 'void *', sock]);
    const start = self.func('uv_poll_start', 'int', ['void *', 'int', pollCbType]);
    const stop = self.func('uv_poll_stop', 'int', ['void *']);
    const close = self.func('uv_close', 'void', ['void *', 'void *']);
    const pollStopAddress = self.symbol('uv_poll_stop') as unknown as bigint;
    const hooks =
      typeof env === 'bigint'
        ? {
            add: self.func('napi_add_env_cleanup_hook', 'int', ['void *', 'void *', 'void *']),
            remove: self.func('napi_remove_env_cleanup_hook', 'int', ['void *', 'void *', 'void *']),
          }
        : undefined;
    // uv_handle_t: data, loop, type, close_cb, handle_queue (2), u (4 pointers),
    // next_closing (endgame_next on Windows), then flags: 11 pointer-sized fields in.
    const ptr = koffi.sizeof('void *');
    const flagsAt = 11 * ptr;
    /** Whether `handle`, just initialised, has libuv's layout: loop, type and flags where uv.h puts them. */
    const flagsOf = (handle: bigint): number => koffi.decode(handle, flagsAt, 'uint32_t') as number;
    const layoutKnown = (handle: bigint): boolean =>
      koffi.decode(handle, ptr, 'void *') === loop &&
      koffi.decode(handle, 2 * ptr, 'int') === UV_POLL &&
      // Referenced; not active, closing, closed or internal (the low flags); others are per platform.
      (flagsOf(handle) & 0x1f) === UV_HANDLE_REF;
    /** The handles with a cleanup hook (all of them where the layout is known). */
    const hooked = new Set<bigint>();
    const handles = new Map<number, bigint>();
    const ids = new Map<bigint, number>();
    let nextId = 1;
    let callback: PollCallback = () => {};
    // Registered once per thread, never unregistered: 1 of koffi's 8192 slots.
    const onPoll = koffi.register((handle: bigint, status: number, events: number) => {
      const id = ids.get(handle);
      if (id !== undefined) callback(id, status, events);
    }, pollCbType);
    koffiUv = {
      kind: 'koffi uv_poll',
      open(fd) {
        const handle = heap.malloc(handleSize);
        if (!handle) return -12; // UV_ENOMEM
        const rc = init(loop, handle, fd) as number;
        if (rc !== 0) {
          // Never initialised: nothing for libuv to close.
          heap.free(handle);
          return rc;
        }
        // (Where the layout is not libuv's as known here, the handle works as well, but a
        // thread that ends while it is open takes the process with it, as before this fix.)
        if (hooks && layoutKnown(handle)) {
          koffi.encode(handle, flagsAt, 'uint32_t', flagsOf(handle) | UV_HANDLE_INTERNAL);
          hooks.add(env, pollStopAddress, handle);
          hooked.add(handle);
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
        if (hooked.delete(handle)) hooks!.remove(env, pollStopAddress, handle);
        close(handle, heap.freeAddress);
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
