// Bun's name lookups: the spec's `threadpool` C functions (getaddrinfo and the
// reentrant _r lookups) run on lookup Workers (lookupWorker.ts), each making
// one bun:ffi call at a time, since a bun:ffi call blocks its thread and a
// lookup may take seconds. One pool and one queue per JS thread, used by the
// bunffi backend's `threadpool` calls and, on Bun, by every backend's Async
// lookups (runtime/async/netdb.ts through generated/bunffi/backend.ts's
// bunThreadpool): koffi's `.async` and the addon's calls are napi_async_work,
// and Bun 1.4.5 frees a worker thread's VM while such work is in flight when
// the thread ends (worker.terminate(), process.exit() in it), then crashes
// when the work completes (tests/robustness/workers.test.ts). A lookup Worker
// holds nothing of the calling thread, so that thread may end while it runs.
//
// Memory: C writes into memory both threads share. A typed array over a
// SharedArrayBuffer crosses as the same memory; any other is copied into a
// shared twin before the call and back after it. C leaves pointers into the
// twin (a hostent's into its buffer, the result pointer at the entry), so the
// twin lives as long as the caller's ArrayBuffer does: one twin per buffer and
// byte range, reused by the next call on that range, as the same memory would
// be on the libuv threadpool.
import { Worker } from 'node:worker_threads';
import type { PlatformName } from '../../generated/platformTables.js';

/** As many lookups as run at once, as on the libuv threadpool (UV_THREADPOOL_SIZE, 4 by default); the rest queue. */
export const LOOKUP_WORKERS = Math.max(1, Number(process.env['UV_THREADPOOL_SIZE']) || 4);

/** What a lookup Worker is sent: the C function and its arguments (strings as strings, memory as shared views). */
export interface LookupRequest {
  readonly name: string;
  readonly args: readonly unknown[];
}

/** What it answers: the C result, or why the call could not be made. */
export type LookupReply = { readonly r: unknown } | { readonly error: string };

interface Call {
  readonly request: LookupRequest;
  readonly settle: (reply: LookupReply) => void;
}

interface Slot {
  readonly worker: Worker;
  /** The call it runs now; undefined while idle. */
  current: Call | undefined;
}

/** Memory a lookup Worker writes in place, without the copies: a view of a SharedArrayBuffer. */
export function lookupBytes(size: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(size));
}

/** Per ArrayBuffer the caller passed, its shared twins by byte range: alive as long as that buffer is. */
const twins = new WeakMap<ArrayBufferLike, Map<string, Uint8Array>>();

/** The shared twin of `view`'s bytes, filled with them, and how to copy C's writes back. */
function sharedTwin(view: ArrayBufferView): { twin: Uint8Array; copyBack: () => void } {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const ranges = twins.get(view.buffer) ?? new Map<string, Uint8Array>();
  twins.set(view.buffer, ranges);
  const range = `${view.byteOffset}:${view.byteLength}`;
  let twin = ranges.get(range);
  if (!twin) {
    twin = lookupBytes(view.byteLength);
    ranges.set(range, twin);
  }
  twin.set(bytes);
  const shared = twin;
  return { twin: shared, copyBack: () => bytes.set(shared) };
}

/** This thread's lookup Workers: `call` runs a C function of the spec's `threadpool` set on one of them. */
export class LookupWorkers {
  readonly #platform: PlatformName;
  readonly #slots: Slot[] = [];
  readonly #queue: Call[] = [];

  constructor(platform: PlatformName) {
    this.#platform = platform;
  }

  /** Runs the C function `name`; typed arrays are written in place (see the memory rule above). */
  call(name: string, args: readonly unknown[]): Promise<unknown> {
    const copies: (() => void)[] = [];
    const sent = args.map((a) => {
      if (!ArrayBuffer.isView(a) || a.buffer instanceof SharedArrayBuffer) return a;
      const { twin, copyBack } = sharedTwin(a);
      copies.push(copyBack);
      return twin;
    });
    return new Promise((resolve, reject) => {
      const call: Call = {
        request: { name, args: sent },
        settle: (reply) => {
          if ('error' in reply) {
            reject(new Error(`nativesockets: ${name} failed on its lookup Worker: ${reply.error}`));
            return;
          }
          for (const copyBack of copies) copyBack();
          resolve(reply.r);
        },
      };
      const idle = this.#slots.find((s) => s.current === undefined);
      if (idle) this.#start(idle, call);
      else if (this.#slots.length < LOOKUP_WORKERS) this.#start(this.#newSlot(), call);
      else this.#queue.push(call);
    });
  }

  #start(slot: Slot, call: Call): void {
    slot.current = call;
    // A running lookup keeps the process alive, as a threadpool call does on Node.
    slot.worker.ref();
    slot.worker.postMessage(call.request);
  }

  #next(slot: Slot): void {
    const call = this.#queue.shift();
    if (call) this.#start(slot, call);
    else {
      slot.current = undefined;
      slot.worker.unref();
    }
  }

  #newSlot(): Slot {
    // The worker runs from source (.ts) under a TypeScript loader and from dist/ (.js) otherwise.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const worker = new Worker(new URL(`./lookupWorker${ext}`, import.meta.url), {
      workerData: { platform: this.#platform },
    });
    const slot: Slot = { worker, current: undefined };
    worker.unref();
    worker.on('message', (reply: LookupReply) => {
      const call = slot.current;
      this.#next(slot);
      call?.settle(reply);
    });
    // A Worker that dies (it failed to load, or ended) fails its call; the queue goes on on a new one.
    let ended = false;
    const fail = (why: string): void => {
      if (ended) return;
      ended = true;
      const at = this.#slots.indexOf(slot);
      if (at !== -1) this.#slots.splice(at, 1);
      const call = slot.current;
      slot.current = undefined;
      call?.settle({ error: `the lookup Worker ended (${why})` });
      const queued = this.#queue.shift();
      if (queued) this.#start(this.#newSlot(), queued);
    };
    worker.on('error', (e: Error) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.#slots.push(slot);
    return slot;
  }
}

let workers: LookupWorkers | undefined;

/** This thread's one set of lookup Workers, shared by every backend. */
export function bunLookups(platform: PlatformName): LookupWorkers {
  workers ??= new LookupWorkers(platform);
  return workers;
}
