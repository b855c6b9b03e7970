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
  if (typeof options !== 'object' || options === null) throw typeError(proc, 'options', 'an object ({ signal?: AbortSignal }) or undefined', options);
  const signal = (options as { signal?: unknown }).signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw typeError(proc, 'options.signal', 'an AbortSignal', signal);
  return signal;
}
