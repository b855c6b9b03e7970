// selectRead / selectWrite (and the older `select`) over poll(), WSAPoll on
// Windows: unlike select()'s fd_set, a pollfd array has no FD_SETSIZE limit, so
// handles of any number work. The array is pruned in place, as in Nim.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { PollFdArray } from '../pollfds.js';
import { checkPollTimeout } from './poll.js';

type SelectProcs = Pick<NativeSocketsApi, 'selectRead' | 'selectWrite' | 'select'>;

export function selectProcs(ctx: RuntimeContext): SelectProcs {
  const { raw, C } = ctx;
  const poll = raw.poll ?? raw.WSAPoll;
  const { POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL, SOL_SOCKET, SO_TYPE } = C;
  const probeValue = new Int32Array(1);
  const probeLen = new Uint32Array(1);
  // select() counts a socket with an error or a hang-up as ready either way.
  const READABLE = POLLIN | POLLHUP | POLLERR;
  const WRITABLE = POLLOUT | POLLHUP | POLLERR;

  const pollfds = new PollFdArray(ctx);

  const wait = (proc: string, param: string, fds: unknown, timeout: unknown, events: number, ready: number): number => {
    if (!Array.isArray(fds)) throw typeError(proc, param, 'an array of SocketHandle', fds);
    const ms = checkPollTimeout(timeout, proc);
    const handles = fds as unknown[];
    const count = handles.length;
    pollfds.reserve(count);
    // One pass checks each handle and fills its pollfd (scratch memory, so a
    // handle refused half-way leaves nothing behind).
    pollfds.setHandles(handles, count, events, proc, param);
    if (!poll) throw new Error(`nativesockets: ${proc} needs poll or WSAPoll, which ${ctx.platform} lacks`);
    // As Nim's select(): a signal that interrupts the wait ends it with -1 and
    // osLastError() = EINTR, the array unchanged; the caller decides to retry.
    const result = poll(pollfds.entries, count, ms);
    if (result === -1) return -1;
    // osInvalidSocket (-1) is never ready: poll() ignores a negative fd, and
    // WSAPoll's docs say so too, but Wine's reports it POLLNVAL.
    const keep = pollfds.countReady(handles, count, ready, POLLNVAL);
    if (keep < 0) {
      // A handle that is not open: select() fails (EBADF; WSAENOTSOCK on
      // Windows) and changes no set. A call on the handle records that
      // error, so osLastError() reports it.
      probeLen[0] = 4;
      raw.getsockopt(handles[-1 - keep] as number, SOL_SOCKET, SO_TYPE!, probeValue, probeLen);
      return -1;
    }
    if (keep !== count) {
      let w = 0;
      for (let i = 0; i < count; i++) {
        if (pollfds.revents(i) & ready && handles[i] !== -1) handles[w++] = handles[i];
      }
      handles.length = w;
    }
    return keep;
  };

  const selectRead =
    (proc: string) =>
    (readfds: SocketHandle[], timeout: number = 500): number =>
      wait(proc, 'readfds', readfds, timeout, POLLIN, READABLE);

  return {
    selectRead: selectRead('selectRead'),
    selectWrite: (writefds: SocketHandle[], timeout: number = 500): number =>
      wait('selectWrite', 'writefds', writefds, timeout, POLLOUT, WRITABLE),
    select: selectRead('select'),
  };
}
