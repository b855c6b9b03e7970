// Beyond Nim: poll() itself (WSAPoll on Windows), over plain objects
// `{ fd, events, revents? }`: each entry's `revents` is written by the call.
// C-shaped: the number of entries with a non-zero revents, 0 on timeout, -1
// with osLastError() on failure.
import type { NativeSocketsApi, PollFd } from '../../generated/api.js';
import { checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { PollFdArray } from '../pollfds.js';

/** `timeout`: milliseconds, -1 for no limit; anything else is refused before any C call. */
export function checkPollTimeout(timeout: unknown, proc: string): number {
  if (typeof timeout !== 'number')
    throw typeError(proc, 'timeout', 'an integer (milliseconds, -1 for no limit)', timeout);
  if ((timeout | 0) !== timeout || timeout < -1)
    throw rangeError(proc, 'timeout', 'an integer from -1 (no limit) to 2147483647', timeout);
  return timeout;
}

export function pollProcs(ctx: RuntimeContext): Pick<NativeSocketsApi, 'poll'> {
  const poll = ctx.raw.poll ?? ctx.raw.WSAPoll;
  const pollfds = new PollFdArray(ctx);
  return {
    poll(fds: PollFd[], timeout: number = -1): number {
      if (!Array.isArray(fds)) throw typeError('poll', 'fds', 'an array of { fd, events } objects', fds);
      checkPollTimeout(timeout, 'poll');
      const entries = fds as unknown[];
      const count = entries.length;
      pollfds.reserve(count);
      // Every entry is checked before the call, so a bad one leaves every revents as it was.
      for (let i = 0; i < count; i++) {
        const e = entries[i];
        if (typeof e !== 'object' || e === null) throw typeError('poll', `fds[${i}]`, 'a { fd, events } object', e);
        const { fd, events } = e as { fd: unknown; events: unknown };
        const handle = checkHandle(fd, 'poll', `fds[${i}].fd`);
        if (typeof events !== 'number')
          throw typeError('poll', `fds[${i}].events`, 'an integer (POLLIN | POLLOUT …)', events);
        if ((events << 16) >> 16 !== events)
          throw rangeError('poll', `fds[${i}].events`, 'a C short: an integer in -32768..32767', events);
        pollfds.set(i, handle, events);
      }
      if (!poll) throw new Error(`nativesockets: poll needs poll or WSAPoll, which ${ctx.platform} lacks`);
      const result = poll(pollfds.entries, count, timeout);
      if (result === -1) return -1;
      for (let i = 0; i < count; i++) (entries[i] as PollFd).revents = pollfds.revents(i);
      return result;
    },
  };
}
