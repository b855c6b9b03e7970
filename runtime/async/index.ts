// The Async variants of every blocking proc, over one backend: the socket
// procs wait in the event loop (sockets.ts, through a Reactor over the
// backend's uv_poll waiter), the name lookups run on the threadpool
// (netdb.ts). `close` comes from here too: it fails the Async calls pending on
// the socket before closing it.
import type { NativeSocketsApi } from '../../generated/api.js';
import type { RuntimeContext } from '../context.js';
import type { NetdbCore } from '../procs/netdb.js';
import { eventLoopFor } from './eventLoop.js';
import { type NetdbAsyncProcs, netdbAsyncProcs } from './netdb.js';
import { Reactor } from './reactor.js';
import { type SocketAsyncProcs, socketAsyncProcs, uvError } from './sockets.js';

export type AsyncProcs = SocketAsyncProcs & NetdbAsyncProcs;
export type AsyncProcName = keyof AsyncProcs;
export type SyncApi = Omit<NativeSocketsApi, AsyncProcName>;

/** What a test can see of a backend's waits: pending waiters and open poll handles. */
export interface AsyncState {
  /** The waiter in use ('napi uv_poll', 'koffi uv_poll', 'koffi.node.poll'), once a call has waited. */
  readonly kind: string | undefined;
  readonly pending: number;
  readonly handles: number;
}

/** Keyed by each API object's recvAsync function, which the entries export as they are. */
const states = new WeakMap<object, () => AsyncState>();

export function asyncProcs(
  ctx: RuntimeContext,
  sync: SyncApi,
  core: NetdbCore,
): AsyncProcs & Pick<NativeSocketsApi, 'close'> {
  let reactor: Reactor | undefined;
  const reactors = {
    get: (): Reactor =>
      (reactor ??= new Reactor(eventLoopFor(ctx.raw), (code, fd) => uvError(ctx, code, 'uv_poll', fd))),
    peek: (): Reactor | undefined => reactor,
  };
  const procs = { ...socketAsyncProcs(ctx, sync, reactors), ...netdbAsyncProcs(ctx, sync, core) };
  states.set(procs.recvAsync, () => ({
    kind: reactor?.kind,
    pending: reactor?.pending ?? 0,
    handles: reactor?.handles ?? 0,
  }));
  return procs;
}

/** The wait state of an API object's Async variants (its `recvAsync` identifies it). */
export function asyncState(api: Pick<NativeSocketsApi, 'recvAsync'>): AsyncState {
  const state = states.get(api.recvAsync);
  if (!state) throw new Error('nativesockets: not an API object of this runtime');
  return state();
}
