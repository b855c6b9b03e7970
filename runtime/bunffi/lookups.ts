// The bunffi backend's `threadpool` calls: bun:ffi calls are synchronous, so a
// name lookup that may block for seconds runs on a Worker (lookupWorker.ts),
// never on the JS thread. Up to LOOKUP_WORKERS Workers start on demand and stay
// for the next lookup, unref'd while idle so they never hold the process open.
//
// The memory C writes must be the caller's: a typed array over a
// SharedArrayBuffer crosses to the Worker as the same memory; any other is
// copied into a shared twin and copied back after the call. The twin lives as
// long as the caller's array (pointers C wrote, such as a hostent's into its
// buffer, point into the twin), so decoding after the call reads live memory.
import { Worker } from 'node:worker_threads';
import type { PlatformName } from '../../generated/platformTables.js';

/** As many Workers as lookups may run at once (runtime/async/netdb.ts queues the rest). */
export const LOOKUP_WORKERS = 4;

interface Pending {
  owner: LookupThread;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  copyBack: () => void;
}

interface LookupThread {
  worker: Worker;
  /** Calls sent and not answered: the Worker is ref'd while there are any. */
  busy: number;
}

/** Keeps each shared twin alive as long as the caller's array it stands for. */
const twins = new WeakMap<ArrayBufferView, ArrayBufferView>();

function sharedTwin(view: ArrayBufferView): { twin: Uint8Array; copyBack: () => void } {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const twin = new Uint8Array(new SharedArrayBuffer(Math.max(1, view.byteLength))).subarray(0, view.byteLength);
  twin.set(bytes);
  twins.set(view, twin);
  return { twin, copyBack: () => bytes.set(twin) };
}

export class WorkerLookups {
  readonly #platform: PlatformName;
  readonly #threads: LookupThread[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(platform: PlatformName) {
    this.#platform = platform;
  }

  /** Runs the C function `name` on a Worker; typed arrays are written in place, strings become C strings there. */
  call(name: string, args: unknown[]): Promise<unknown> {
    const copies: (() => void)[] = [];
    const sent = args.map((a) => {
      if (!ArrayBuffer.isView(a) || a.buffer instanceof SharedArrayBuffer) return a;
      const { twin, copyBack } = sharedTwin(a);
      copies.push(copyBack);
      return twin;
    });
    const thread = this.#thread();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        owner: thread,
        resolve,
        reject,
        copyBack: () => {
          for (const c of copies) c();
        },
      });
      if (thread.busy++ === 0) thread.worker.ref();
      thread.worker.postMessage({ id, name, args: sent });
    });
  }

  /** The least busy Worker, or a new one while there are fewer than LOOKUP_WORKERS. */
  #thread(): LookupThread {
    const idle = this.#threads.find((t) => t.busy === 0);
    if (idle) return idle;
    if (this.#threads.length < LOOKUP_WORKERS) return this.#start();
    return this.#threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #start(): LookupThread {
    // The worker runs from source (.ts) under a TypeScript loader and from dist/ (.js) otherwise.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const worker = new Worker(new URL(`./lookupWorker${ext}`, import.meta.url), {
      workerData: { platform: this.#platform },
    });
    const thread: LookupThread = { worker, busy: 0 };
    worker.unref();
    worker.on('message', ({ id, r, error }: { id: number; r?: unknown; error?: string }) => {
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      if (--thread.busy === 0) worker.unref();
      if (error !== undefined) p.reject(new Error(`nativesockets (bunffi): lookup failed on its Worker: ${error}`));
      else {
        p.copyBack();
        p.resolve(r);
      }
    });
    // A Worker that dies fails what it was running; the next lookup starts another.
    const fail = (why: string): void => {
      const at = this.#threads.indexOf(thread);
      if (at !== -1) this.#threads.splice(at, 1);
      for (const [id, p] of this.#pending) {
        if (p.owner !== thread) continue;
        this.#pending.delete(id);
        p.reject(new Error(`nativesockets (bunffi): the lookup Worker ended (${why})`));
      }
    };
    worker.on('error', (e: Error) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.#threads.push(thread);
    return thread;
  }
}
