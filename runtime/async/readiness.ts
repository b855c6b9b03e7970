// The wait under every Async socket call: attempt the call, and while it
// would block, attempt it again each time the Reactor reports a handle ready
// (or, for what readiness does not announce, on a backing-off timer), until it
// settles, the caller's signal aborts it, or select's/poll's timeout fires.
import { abortErrorOf, whenAborted } from './abort.js';
import type { Reactor, Waiter } from './reactor.js';

/**
 * The retries of a call that no readiness event announces (connect on a Unix
 * socket whose listener's backlog is full: the socket reports writable all
 * along): first after 1 ms, then twice as long each time, at most 100 ms
 * apart. A wait must not burn CPU; the price is up to 100 ms of latency once
 * the listener accepts.
 */
const BACKOFF_FIRST_MS = 1;
const BACKOFF_LAST_MS = 100;

/** What an attempt returns when the call would block: wait, then attempt again. */
export const AGAIN = Symbol('again');
export type Attempt<T> = () => T | typeof AGAIN;

/**
 * Settles with the first attempt that does not return AGAIN: attempted now,
 * then each time one of `fds` is ready for `events`, or (`events` 0, when
 * readiness does not mean the call can progress) on a timer backing off
 * from BACKOFF_FIRST_MS to BACKOFF_LAST_MS. `timeout` (select's) settles
 * with its value when it fires first.
 */
export function waitForReadiness<T>(
  reactors: { get(): Reactor },
  proc: string,
  fds: readonly number[],
  events: number,
  signal: AbortSignal | undefined,
  attempt: Attempt<T>,
  timeout?: { ms: number; value: () => T },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortErrorOf(proc, signal));
      return;
    }
    const first = attempt();
    if (first !== AGAIN) {
      resolve(first);
      return;
    }
    const reactor = reactors.get();
    const added: [number, Waiter][] = [];
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let backoff: NodeJS.Timeout | undefined;
    let unsubscribe: (() => void) | undefined;
    const finish = (): void => {
      settled = true;
      for (const [fd, w] of added) reactor.remove(fd, w);
      if (timer) clearTimeout(timer);
      if (backoff) clearTimeout(backoff);
      unsubscribe?.();
    };
    const settle = (get: () => T | typeof AGAIN): boolean => {
      if (settled) return true;
      let r: T | typeof AGAIN;
      try {
        r = get();
      } catch (e) {
        finish();
        reject(e);
        return true;
      }
      if (r === AGAIN) return false;
      finish();
      resolve(r);
      return true;
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      reject(abortErrorOf(proc, signal!));
    };
    const fail = (e: Error): void => {
      if (settled) return;
      finish();
      reject(e);
    };
    for (const fd of new Set(fds)) {
      const waiter: Waiter = { events, ready: () => settle(attempt), fail };
      try {
        reactor.add(fd, waiter);
      } catch (e) {
        finish();
        reject(e);
        return;
      }
      added.push([fd, waiter]);
    }
    if (timeout) timer = setTimeout(() => settle(timeout.value), timeout.ms);
    if (events === 0) {
      const retry = (ms: number): void => {
        backoff = setTimeout(() => {
          if (!settle(attempt)) retry(Math.min(ms * 2, BACKOFF_LAST_MS));
        }, ms);
      };
      retry(BACKOFF_FIRST_MS);
    }
    if (signal) unsubscribe = whenAborted(signal, onAbort);
  });
}
