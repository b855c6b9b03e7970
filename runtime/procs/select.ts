// selectRead / selectWrite (and the older `select`) over poll(), WSAPoll on
// Windows: unlike select()'s fd_set, a pollfd array has no FD_SETSIZE limit, so
// handles of any number work. The array is pruned in place, as in Nim.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { STRUCT_LAYOUTS } from '../../generated/structs.js';
import { checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';

type SelectProcs = Pick<NativeSocketsApi, 'selectRead' | 'selectWrite' | 'select'>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function selectProcs(ctx: RuntimeContext): SelectProcs {
  const { raw, C } = ctx;
  const poll = raw.poll ?? raw.WSAPoll;
  const layout = STRUCT_LAYOUTS[ctx.platform].pollfd;
  const entrySize = layout.size;
  const fdField = layout.fields['fd']!;
  const eventsAt = layout.fields['events']!.offset;
  const reventsAt = layout.fields['revents']!.offset;
  const wideFd = fdField.size === 8; // Windows: a SOCKET in a 64-bit field
  const { POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL, EINTR, SOL_SOCKET, SO_TYPE } = C;
  const probeValue = new Int32Array(1);
  const probeLen = new Uint32Array(1);
  // select() counts a socket with an error or a hang-up as ready either way.
  const READABLE = POLLIN | POLLHUP | POLLERR;
  const WRITABLE = POLLOUT | POLLHUP | POLLERR;

  // The pollfd array, reused and grown as needed: the calls are synchronous.
  let entries = new Uint8Array(entrySize * 64);
  let view = new DataView(entries.buffer);

  const wait = (proc: string, param: string, fds: unknown, timeout: unknown, events: number, ready: number): number => {
    if (!Array.isArray(fds)) throw typeError(proc, param, 'an array of SocketHandle', fds);
    if (typeof timeout !== 'number') throw typeError(proc, 'timeout', 'an integer (milliseconds, -1 for no limit)', timeout);
    if ((timeout | 0) !== timeout || timeout < -1) throw rangeError(proc, 'timeout', 'an integer from -1 (no limit) to 2147483647', timeout);
    const handles = fds as unknown[];
    const count = handles.length;
    for (let i = 0; i < count; i++) checkHandle(handles[i], proc, `${param}[${i}]`);
    if (!poll) throw new Error(`nativesockets: ${proc} needs poll or WSAPoll, which ${ctx.platform} lacks`);
    if (count * entrySize > entries.byteLength) {
      entries = new Uint8Array(Math.max(count, entries.byteLength / entrySize * 2) * entrySize);
      view = new DataView(entries.buffer);
    }
    for (let i = 0; i < count; i++) {
      const at = i * entrySize;
      const fd = handles[i] as number;
      if (wideFd) view.setBigInt64(at + fdField.offset, BigInt(fd), LITTLE_ENDIAN);
      else view.setInt32(at + fdField.offset, fd, LITTLE_ENDIAN);
      view.setInt16(at + eventsAt, events, LITTLE_ENDIAN);
      view.setInt16(at + reventsAt, 0, LITTLE_ENDIAN);
    }
    // A signal may interrupt the wait (EINTR): wait again for the time left.
    const deadline = timeout > 0 ? performance.now() + timeout : 0;
    let left = timeout;
    let result = poll(entries, count, left);
    while (result === -1 && EINTR !== undefined && raw.lastError() === EINTR && left !== 0) {
      if (timeout > 0) left = Math.max(0, Math.ceil(deadline - performance.now()));
      result = poll(entries, count, left);
    }
    if (result === -1) return -1;
    let keep = 0;
    for (let i = 0; i < count; i++) {
      const revents = view.getInt16(i * entrySize + reventsAt, LITTLE_ENDIAN);
      if (revents & POLLNVAL) {
        // A handle that is not open: select() fails (EBADF; WSAENOTSOCK on
        // Windows) and changes no set. A call on the handle records that
        // error, so osLastError() reports it.
        probeLen[0] = 4;
        raw.getsockopt(handles[i] as number, SOL_SOCKET, SO_TYPE!, probeValue, probeLen);
        return -1;
      }
      if (revents & ready) keep++;
    }
    if (keep !== count) {
      let w = 0;
      for (let i = 0; i < count; i++) {
        if (view.getInt16(i * entrySize + reventsAt, LITTLE_ENDIAN) & ready) handles[w++] = handles[i];
      }
      handles.length = w;
    }
    return keep;
  };

  const selectRead = (proc: string) =>
    (readfds: SocketHandle[], timeout: number = 500): number => wait(proc, 'readfds', readfds, timeout, POLLIN, READABLE);

  return {
    selectRead: selectRead('selectRead'),
    selectWrite: (writefds: SocketHandle[], timeout: number = 500): number => wait('selectWrite', 'writefds', writefds, timeout, POLLOUT, WRITABLE),
    select: selectRead('select'),
  };
}
