// AbortError and the checks of `AsyncOptions`, shared by every Async variant.
import { typeError } from '../check.js';

/**
 * What an Async variant rejects with when its `options.signal` aborts: `name`
 * `'AbortError'` and `code` `'ABORT_ERR'`, as Node's own promise APIs
 * (`fs.promises`, `timers/promises`) reject, with the signal's reason as
 * `cause`. Nothing was received, sent, accepted or connected by the call.
 */
export class AbortError extends Error {
  /** `'ABORT_ERR'`, as Node's AbortError has. */
  readonly code = 'ABORT_ERR';

  /** @param message What was aborted. @param options `cause`: the signal's reason. */
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/** The AbortError of `proc` for an aborted `signal`. */
export function abortErrorOf(proc: string, signal: AbortSignal): AbortError {
  return new AbortError(`${proc}: the operation was aborted`, { cause: signal.reason });
}

/** `options` of an Async variant: undefined, or an object whose `signal` is undefined or an AbortSignal. */
export function signalOf(options: unknown, proc: string): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null)
    throw typeError(proc, 'options', 'an object ({ signal?: AbortSignal }) or undefined', options);
  const signal = (options as { signal?: unknown }).signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw typeError(proc, 'options.signal', 'an AbortSignal', signal);
  return signal;
}

/**
 * One 'abort' listener per signal, shared by every call pending on it: a
 * signal shared by many concurrent calls (10,000 recvAsync) would otherwise
 * carry one listener per call and print MaxListenersExceededWarning past 10.
 * The listener is removed when the last call on the signal settles.
 */
interface Subscribers {
  readonly calls: Set<() => void>;
  readonly listener: () => void;
}

const subscribers = new WeakMap<AbortSignal, Subscribers>();

/**
 * Runs `onAbort` when `signal` aborts (it must not have yet); returns the
 * function that unsubscribes, to call when the call settles.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let subs = subscribers.get(signal);
  if (!subs) {
    const calls = new Set<() => void>();
    const listener = (): void => {
      subscribers.delete(signal);
      for (const call of [...calls]) call();
      calls.clear();
    };
    subs = { calls, listener };
    subscribers.set(signal, subs);
    signal.addEventListener('abort', listener, { once: true });
  }
  const mine = subs;
  mine.calls.add(onAbort);
  return () => {
    if (!mine.calls.delete(onAbort) || mine.calls.size > 0) return;
    if (subscribers.get(signal) === mine) subscribers.delete(signal);
    signal.removeEventListener('abort', mine.listener);
  };
}
