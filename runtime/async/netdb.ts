// The Async variants of the name lookups (spec: `async: threadpool`): the
// lookup runs on the libuv threadpool through the backend's `threadpool`
// calls (koffi `.async`; napi_create_async_work; on denoffi a `nonblocking`
// Deno.dlopen symbol, on a thread of Deno's own), or on Bun in lookup Workers
// through bun:ffi for every backend (runtime/bun/lookups.ts), with reentrant C functions
// whose results are written into buffers of this one call, then decoded here
// exactly as the synchronous procs decode theirs. At most
// `LOOKUPS_AT_ONCE` run at a time (the rest wait in a queue here), so that
// lookups alone never fill the threadpool that fs and zlib need too.
import type { NativeSocketsApi, Port } from '../../generated/api.js';
import { bunThreadpool } from '../../generated/bunffi/backend.js';
import { CStruct_hostent, CStruct_servent } from '../../generated/structs.js';
import type { AddrInfo } from '../addrinfo.js';
import { lookupBytes } from '../bun/lookups.js';
import { checkCString, checkUint16, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { jsRuntime } from '../jsRuntime.js';
import { currentPlatform } from '../platform.js';
import { FIRST_BUFFER, LAST_BUFFER, type NetdbCore } from '../procs/netdb.js';
import { abortErrorOf, signalOf, whenAborted } from './abort.js';

export type NetdbAsyncProcs = Pick<
  NativeSocketsApi,
  'getAddrInfoAsync' | 'getServByNameAsync' | 'getServByPortAsync' | 'getHostByNameAsync' | 'getHostByAddrAsync'
>;

type SyncProcs = Pick<NativeSocketsApi, 'getServByName' | 'getServByPort' | 'getHostByName' | 'getHostByAddr'>;

/** Half the threadpool (UV_THREADPOOL_SIZE, 4 by default), at least 1. */
export const LOOKUPS_AT_ONCE = Math.max(1, Math.floor((Number(process.env['UV_THREADPOOL_SIZE']) || 4) / 2));

const ENTRY_BYTES = Math.max(CStruct_hostent.size, CStruct_servent.size);

/** Keeps buffers reachable up to this point: C wrote pointers into them that the decoding follows. */
function keepAlive(..._buffers: unknown[]): void {}

interface Job<R> {
  start: () => Promise<R>;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
  /** The caller gave up (its signal aborted) while this job ran: its result is only released. */
  abandoned: boolean;
  discard: (r: R) => void;
}

/** A FIFO of threadpool calls, `limit` running at once; an abort removes a queued call or abandons a running one. */
class Limiter {
  readonly #limit: number;
  readonly #queue: Job<unknown>[] = [];
  #running = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  run<R>(
    proc: string,
    signal: AbortSignal | undefined,
    start: () => Promise<R>,
    discard: (r: R) => void = () => {},
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortErrorOf(proc, signal));
        return;
      }
      const onAbort = (): void => {
        const at = this.#queue.indexOf(job as Job<unknown>);
        if (at !== -1) this.#queue.splice(at, 1);
        else job.abandoned = true;
        reject(abortErrorOf(proc, signal!));
      };
      let unsubscribe: (() => void) | undefined;
      const done = (): void => unsubscribe?.();
      const job: Job<R> = {
        start,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        abandoned: false,
        discard,
      };
      if (signal) unsubscribe = whenAborted(signal, onAbort);
      this.#queue.push(job as Job<unknown>);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#limit && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running++;
      let started: Promise<unknown>;
      try {
        started = job.start();
      } catch (e) {
        started = Promise.reject(e);
      }
      started.then(
        (r) => {
          this.#running--;
          if (job.abandoned) job.discard(r);
          else job.resolve(r);
          this.#pump();
        },
        (e: unknown) => {
          this.#running--;
          if (!job.abandoned) job.reject(e);
          this.#pump();
        },
      );
    }
  }
}

export function netdbAsyncProcs(ctx: RuntimeContext, sync: SyncProcs, core: NetdbCore): NetdbAsyncProcs {
  const { raw, C } = ctx;
  const pool = new Limiter(LOOKUPS_AT_ONCE);
  // Bun: lookup Workers through bun:ffi instead of the backend's napi_async_work (runtime/bun/lookups.ts says why).
  const onBun = jsRuntime() === 'bun';
  const tp = onBun ? bunThreadpool(currentPlatform()) : raw.threadpool;
  const outBytes = onBun ? lookupBytes : (size: number) => new Uint8Array(size);
  const ERANGE = C.ERANGE;

  const promise = <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return body();
    } catch (e) {
      return Promise.reject(e);
    }
  };

  /** Where the platform has no reentrant form: the synchronous lookup, on the event loop's thread, in a later turn. */
  const onLoop = <T>(proc: string, signal: AbortSignal | undefined, lookup: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortErrorOf(proc, signal));
        return;
      }
      setImmediate(() => {
        if (signal?.aborted) {
          reject(abortErrorOf(proc, signal));
          return;
        }
        try {
          resolve(lookup());
        } catch (e) {
          reject(e);
        }
      });
    });

  /**
   * A reentrant lookup: its entry and everything it points to are written into
   * `entry` and `buf`, retried with a bigger `buf` on ERANGE. `decode` gets the
   * C result, the entry's address (0n: nothing found) and the h_errno out-value.
   */
  const reentrant = async <T>(
    proc: string,
    signal: AbortSignal | undefined,
    call: (entry: Uint8Array, buf: Uint8Array, result: BigUint64Array, herr: Int32Array) => Promise<number>,
    decode: (rc: number, entry: bigint, herr: number) => T,
  ): Promise<T> => {
    for (let size = FIRST_BUFFER; ; size *= 2) {
      const entry = outBytes(ENTRY_BYTES);
      const buf = outBytes(size);
      const result = new BigUint64Array(1);
      const herr = new Int32Array(1);
      const rc = await pool.run(proc, signal, () => call(entry, buf, result, herr));
      if (rc === ERANGE && result[0] === 0n && size < LAST_BUFFER) continue;
      const value = decode(rc, result[0]!, herr[0]!);
      keepAlive(entry, buf);
      return value;
    }
  };

  const { hostFailure } = core;

  function getAddrInfoAsync(...args: unknown[]): Promise<AddrInfo> {
    return promise(() => {
      const [address, port, third, sockType, protocol] = args;
      const hintsOverload = typeof third === 'object' && third !== null;
      // (address, port, hints, options) or (address, port, domain?, sockType?, protocol?, options?)
      const options = hintsOverload ? sockType : args[5];
      if (hintsOverload && (protocol !== undefined || args.length > 5)) {
        throw typeError(
          'getAddrInfo',
          'the arguments',
          '(address, port, hints, options?) with hints an object',
          args.slice(2),
        );
      }
      if (hintsOverload && 'signal' in (third as object)) {
        throw typeError(
          'getAddrInfo',
          'hints',
          'an AddrInfoHints (pass { signal } as the argument after hints)',
          third,
        );
      }
      const signal = signalOf(options, 'getAddrInfoAsync');
      const { node, service, hints } = hintsOverload
        ? core.addrInfoArgs(address, port, third)
        : core.addrInfoArgs(address, port, third, sockType, protocol);
      if (!tp)
        return onLoop('getAddrInfoAsync', signal, () =>
          (core.getAddrInfo as (...a: unknown[]) => AddrInfo)(...args.slice(0, hintsOverload ? 3 : 5)),
        );
      const res = new BigUint64Array(1);
      const free = (rc: number): void => {
        if (rc === 0 && res[0] !== 0n) raw.freeaddrinfo(res[0]!);
      };
      return pool
        .run('getAddrInfoAsync', signal, () => tp.getaddrinfo(node, service, hints.bytes, res), free)
        .then((rc) => {
          keepAlive(hints);
          // errno is not read on a worker thread: an EAI_SYSTEM failure has no system message here.
          if (rc !== 0) throw core.gaiError(rc, 0);
          return core.addrInfoResult(res[0]!);
        });
    });
  }

  return {
    getAddrInfoAsync: getAddrInfoAsync as NetdbAsyncProcs['getAddrInfoAsync'],

    getServByNameAsync: (name: string, proto: string, options?: unknown) =>
      promise(() => {
        const signal = signalOf(options, 'getServByNameAsync');
        checkCString(name, 'getServByName', 'name');
        checkCString(proto, 'getServByName', 'proto');
        const fn = tp?.getservbyname_r;
        if (!fn) return onLoop('getServByNameAsync', signal, () => sync.getServByName(name, proto));
        return reentrant(
          'getServByNameAsync',
          signal,
          (entry, buf, result) => fn(name, proto, entry, buf, buf.byteLength, result),
          (rc, p) => {
            if (p === 0n) throw core.notFound('getservbyname_r', `Service not found: ${name}/${proto}`, rc);
            return core.servent(p);
          },
        );
      }),

    getServByPortAsync: (port: Port, proto: string, options?: unknown) =>
      promise(() => {
        const signal = signalOf(options, 'getServByPortAsync');
        const p = checkUint16(port, 'getServByPort', 'port');
        checkCString(proto, 'getServByPort', 'proto');
        const fn = tp?.getservbyport_r;
        if (!fn) return onLoop('getServByPortAsync', signal, () => sync.getServByPort(port, proto));
        return reentrant(
          'getServByPortAsync',
          signal,
          // The C library takes the port in network byte order.
          (entry, buf, result) => fn(core.swap16(p), proto, entry, buf, buf.byteLength, result),
          (rc, at) => {
            if (at === 0n) throw core.notFound('getservbyport_r', `Service not found: ${p}/${proto}`, rc);
            return core.servent(at);
          },
        );
      }),

    getHostByNameAsync: (name: string, options?: unknown) =>
      promise(() => {
        const signal = signalOf(options, 'getHostByNameAsync');
        checkCString(name, 'getHostByName', 'name');
        const fn = tp?.gethostbyname_r;
        if (!fn) return onLoop('getHostByNameAsync', signal, () => sync.getHostByName(name));
        return reentrant(
          'getHostByNameAsync',
          signal,
          (entry, buf, result, herr) => fn(name, entry, buf, buf.byteLength, result, herr),
          (rc, at, herr) => {
            if (at === 0n) throw hostFailure('gethostbyname_r', `host ${JSON.stringify(name)}`, rc, herr);
            return core.hostent(at, 'gethostbyname_r');
          },
        );
      }),

    getHostByAddrAsync: (ip: string, options?: unknown) =>
      promise(() => {
        const signal = signalOf(options, 'getHostByAddrAsync');
        checkCString(ip, 'getHostByAddr', 'ip');
        const { bytes, family } = core.parseIp(ip);
        const fn = tp?.gethostbyaddr_r;
        if (!fn) return onLoop('getHostByAddrAsync', signal, () => sync.getHostByAddr(ip));
        return reentrant(
          'getHostByAddrAsync',
          signal,
          (entry, buf, result, herr) => fn(bytes, bytes.byteLength, family, entry, buf, buf.byteLength, result, herr),
          (rc, at, herr) => {
            keepAlive(bytes);
            if (at === 0n) throw hostFailure('gethostbyaddr_r', `address ${ip}`, rc, herr);
            return core.hostent(at, 'gethostbyaddr_r');
          },
        );
      }),
  };
}
