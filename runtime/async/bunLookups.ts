// The threadpool calls of the name lookups on Bun (Linux), for every backend:
// a few Workers (bunLookupWorker.ts), each making one reentrant libc lookup at
// a time through bun:ffi. Not the backends' own threadpool calls: those run as
// napi_async_work (koffi's `.async`, the addon's), and Bun 1.4.5 frees a
// worker thread's VM while such work is in flight when the thread ends
// (worker.terminate(), process.exit() in the worker), then crashes when the
// work completes ("Segmentation fault at address 0x0"; always with koffi in
// tests/robustness/workers.test.ts). A lookup Worker holds no state of the
// calling thread: it writes into SharedArrayBuffer memory it shares, so the
// caller may end while it runs.
//
// The calls take the same arguments as the backends' `threadpool` calls. The
// entry and string buffers of the _r lookups must be views of a
// SharedArrayBuffer (`lookupBytes`): C leaves pointers into them that the
// caller follows. Other typed arrays are copied in and, once the call
// returned, copied back.
import { Worker } from 'node:worker_threads';
import type { RawBackend } from '../../generated/rawBackend.js';
import type { LookupName, LookupRequest } from './bunLookupWorker.js';

export type ThreadpoolCalls = RawBackend['threadpool'];

interface Call {
  readonly request: LookupRequest;
  readonly done: (rc: number) => void;
  readonly fail: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  /** The call it runs now. */
  current: Call | undefined;
}

/** Memory a lookup Worker writes into and the caller reads after: a view of a SharedArrayBuffer. */
export function lookupBytes(size: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(size));
}

const encoder = new TextEncoder();

/** A NUL-terminated copy of `s` (checked by the caller to hold no NUL). */
function cString(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  const out = lookupBytes(bytes.byteLength + 1);
  out.set(bytes);
  return out;
}

/** `a` itself when it is shared; else a shared copy, and how to copy it back. */
function shared(a: NodeJS.TypedArray, after: (() => void)[]): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (a.buffer instanceof SharedArrayBuffer) return bytes;
  const copy = lookupBytes(bytes.byteLength);
  copy.set(bytes);
  after.push(() => bytes.set(copy));
  return copy;
}

/** An entry or string buffer of an _r lookup: C leaves pointers into it, so a copy would not do. */
function sharedOut(a: NodeJS.TypedArray, what: string): NodeJS.TypedArray {
  if (!(a.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(`${what} must be a view of a SharedArrayBuffer (lookupBytes) on Bun`);
  }
  return a;
}

let calls: ThreadpoolCalls | undefined;

/** The Bun threadpool calls of this thread (one set for every backend): `workers` lookups run at once, the rest queue. */
export function bunThreadpool(workers: number): ThreadpoolCalls {
  calls ??= lookupWorkers(workers);
  return calls;
}

function lookupWorkers(workers: number): ThreadpoolCalls {
  // The worker runs from source (.ts) under a TypeScript loader and from dist/ (.js) otherwise.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./bunLookupWorker${ext}`, import.meta.url);
  const slots: Slot[] = [];
  const queue: Call[] = [];

  const start = (slot: Slot, call: Call): void => {
    slot.current = call;
    // A running lookup keeps the process alive, as a threadpool call does on Node.
    slot.worker.ref();
    slot.worker.postMessage(call.request);
  };
  const next = (slot: Slot): void => {
    const call = queue.shift();
    if (call) start(slot, call);
    else {
      slot.current = undefined;
      slot.worker.unref();
    }
  };
  const newSlot = (): Slot => {
    const slot: Slot = { worker: new Worker(url), current: undefined };
    slot.worker.unref();
    slot.worker.on('message', (rc: number) => {
      const call = slot.current;
      next(slot);
      call?.done(rc);
    });
    // A worker that cannot run (it failed to load) fails its call; the queue goes to a new one.
    slot.worker.on('error', (e: Error) => {
      const call = slot.current;
      slots.splice(slots.indexOf(slot), 1);
      call?.fail(new Error(`nativesockets: the lookup thread failed: ${e.message}`, { cause: e }));
      const queued = queue.shift();
      if (queued) start(newSlot(), queued);
    });
    slots.push(slot);
    return slot;
  };
  const call = (fn: LookupName, args: (number | string | NodeJS.TypedArray)[]): Promise<number> => {
    const after: (() => void)[] = [];
    const request: LookupRequest = {
      fn,
      args: args.map((a) => (typeof a === 'number' ? a : typeof a === 'string' ? cString(a) : shared(a, after))),
    };
    return new Promise<number>((resolve, reject) => {
      const c: Call = {
        request,
        done: (rc) => {
          for (const copyBack of after) copyBack();
          resolve(rc);
        },
        fail: reject,
      };
      const idle = slots.find((s) => s.current === undefined) ?? (slots.length < workers ? newSlot() : undefined);
      if (idle) start(idle, c);
      else queue.push(c);
    });
  };

  /** The entry and string buffers of an _r lookup, shared, with C told no more than `buf` holds. */
  const out = (fn: LookupName, entry: NodeJS.TypedArray, buf: NodeJS.TypedArray, buflen: number) => {
    if (buflen > buf.byteLength) throw new RangeError(`${fn}: buflen ${buflen} is more than buf holds`);
    return [sharedOut(entry, `${fn}: the entry buffer`), sharedOut(buf, `${fn}: buf`), buflen] as const;
  };
  const attempt = (body: () => Promise<number>): Promise<number> => {
    try {
      return body();
    } catch (e) {
      return Promise.reject(e);
    }
  };

  return {
    getaddrinfo: (node, service, hints, res) => call('getaddrinfo', [node, service, hints, res]),
    getservbyname_r: (name, proto, resultBuf, buf, buflen, result) =>
      attempt(() => call('getservbyname_r', [name, proto, ...out('getservbyname_r', resultBuf, buf, buflen), result])),
    getservbyport_r: (port, proto, resultBuf, buf, buflen, result) =>
      attempt(() => call('getservbyport_r', [port, proto, ...out('getservbyport_r', resultBuf, buf, buflen), result])),
    gethostbyname_r: (name, ret, buf, buflen, result, herr) =>
      attempt(() => call('gethostbyname_r', [name, ...out('gethostbyname_r', ret, buf, buflen), result, herr])),
    gethostbyaddr_r: (addr, len, type, ret, buf, buflen, result, herr) =>
      attempt(() => {
        if (len > addr.byteLength) throw new RangeError(`gethostbyaddr_r: len ${len} is more than addr holds`);
        return call('gethostbyaddr_r', [addr, len, type, ...out('gethostbyaddr_r', ret, buf, buflen), result, herr]);
      }),
  };
}
