// The Async variants of the socket procs (spec: `async: eventLoop`): each one
// makes the socket non-blocking, tries its synchronous proc once, and while
// that reports EAGAIN (EINPROGRESS for connect) waits for readiness through
// the Reactor, retrying the same synchronous proc when the socket is ready.
// Argument checks, bounds checks and results are the synchronous procs' own.
import { getSystemErrorName } from 'node:util';
import type { NativeSocketsApi, PollFd, RecvMsg, SendMsg, SocketHandle } from '../../generated/api.js';
import { checkHandle } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { newOSError, OSError } from '../errors.js';
import { checkPollTimeout } from '../procs/poll.js';
import { abortErrorOf, signalOf } from './abort.js';
import { UV_READABLE, UV_WRITABLE } from './eventLoop.js';
import type { Reactor } from './reactor.js';
import { AGAIN, type Attempt, waitForReadiness } from './readiness.js';

export type SocketAsyncProcs = Pick<
  NativeSocketsApi,
  | 'acceptAsync'
  | 'connectAsync'
  | 'sendAsync'
  | 'recvAsync'
  | 'sendtoAsync'
  | 'recvfromAsync'
  | 'selectReadAsync'
  | 'selectWriteAsync'
  | 'pollAsync'
  | 'sendmsgAsync'
  | 'recvmsgAsync'
  | 'sendmmsgAsync'
  | 'recvmmsgAsync'
>;

type SyncProcs = Pick<
  NativeSocketsApi,
  | 'accept'
  | 'connect'
  | 'send'
  | 'recv'
  | 'sendto'
  | 'recvfrom'
  | 'selectRead'
  | 'selectWrite'
  | 'poll'
  | 'sendmsg'
  | 'recvmsg'
  | 'sendmmsg'
  | 'recvmmsg'
  | 'setBlocking'
  | 'getSockOptInt'
  | 'close'
>;

function defined(...values: (number | undefined)[]): Set<number> {
  return new Set(values.filter((v): v is number => v !== undefined));
}

/** A libuv error (negative) as an OSError: errno on POSIX, the WSA code of the same name on Windows. */
export function uvError(ctx: RuntimeContext, uvCode: number, syscall: string, fd: number): OSError {
  let name = 'UNKNOWN';
  try {
    name = getSystemErrorName(uvCode);
  } catch {
    // not a libuv error number
  }
  const C = ctx.C as unknown as Record<string, number | undefined>;
  const errno = ctx.info.family === 'posix' ? -uvCode : (C[`WSA${name}`] ?? -uvCode);
  const info =
    name === 'EEXIST'
      ? `handle ${fd} is already watched by Node's event loop (a net.Socket or another poll handle owns it); use that object, or the blocking procs`
      : `waiting for handle ${fd} in the event loop (uv_poll)`;
  return newOSError(ctx, errno, syscall, info);
}

/** The Reactor of a backend, made on first use (loading a backend opens no handle); `peek` does not make it. */
export interface Reactors {
  get(): Reactor;
  peek(): Reactor | undefined;
}

export function socketAsyncProcs(
  ctx: RuntimeContext,
  sync: SyncProcs,
  reactors: Reactors,
): SocketAsyncProcs & Pick<NativeSocketsApi, 'close'> {
  const { raw, C } = ctx;
  const wouldBlock = defined(C.EAGAIN, C.EWOULDBLOCK, C.WSAEWOULDBLOCK, C.EINTR, C.WSAEINTR);
  // A non-blocking connect that has started: wait until writable, then read SO_ERROR.
  const connecting = defined(
    C.EINPROGRESS,
    C.EALREADY,
    C.WSAEWOULDBLOCK,
    C.WSAEINPROGRESS,
    C.WSAEALREADY,
    C.EINTR,
    C.WSAEINTR,
  );
  // accept: the connection went away before accept took it; wait for the next one.
  const acceptAgain = defined(...wouldBlock, C.ECONNABORTED, C.WSAECONNRESET);
  const closedError = C.EBADF ?? C.WSAENOTSOCK ?? 9;
  const fionbio = new Int32Array([1]);

  /** The error of the call just made, or AGAIN when it would block. */
  const againOr = (syscall: string, again: Set<number>): typeof AGAIN => {
    const err = raw.lastError();
    if (again.has(err)) return AGAIN;
    throw newOSError(ctx, err, syscall);
  };

  /**
   * O_NONBLOCK (FIONBIO on Windows), left set: what every Async call does to
   * its socket. When that fails (a handle that is not open), `checks` runs
   * first: the proc's own argument checks come before any error of the
   * handle, as in the synchronous call (a TypeError, not EBADF).
   */
  const nonBlockingAfter = (fd: number, checks: () => unknown): void => {
    try {
      nonBlocking(fd);
    } catch (e) {
      checks();
      throw e;
    }
  };

  const nonBlocking = (fd: number): void => {
    if (ctx.info.family === 'posix') sync.setBlocking(fd as SocketHandle, false);
    else if (raw.ioctlsocket && C.FIONBIO !== undefined) {
      fionbio[0] = 1;
      if (raw.ioctlsocket(fd, C.FIONBIO, fionbio) === -1) throw newOSError(ctx, raw.lastError(), 'ioctlsocket');
    }
  };

  /** Runs `body`, turning what it throws into a rejected Promise: an Async variant never throws. */
  const promise = <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return body();
    } catch (e) {
      return Promise.reject(e);
    }
  };

  /** A socket proc's Async variant over one handle. */
  const socketCall = <T>(
    proc: string,
    handle: unknown,
    param: string,
    options: unknown,
    events: number,
    attempt: Attempt<T>,
  ): Promise<T> =>
    promise(() => {
      const signal = signalOf(options, `${proc}Async`);
      const fd = checkHandle(handle, proc, param);
      if (signal?.aborted) throw abortErrorOf(`${proc}Async`, signal);
      // On a handle that is not open, the attempt fails at once: it does not block.
      nonBlockingAfter(fd, attempt);
      return waitForReadiness(reactors, `${proc}Async`, [fd], events, signal, attempt);
    });

  /** A proc that returns a count, -1 on failure: EAGAIN waits for readiness and tries again. */
  const countCall = (proc: string, s: SocketHandle, options: unknown, events: number, call: () => number) =>
    socketCall(proc, s, 's', options, events, () => {
      const n = call();
      return n !== -1 ? n : againOr(proc, wouldBlock);
    });

  /** selectRead / selectWrite: the synchronous proc with timeout 0, again on each readiness, until one is ready or the timeout. */
  const selectCall = (
    proc: 'selectRead' | 'selectWrite',
    fds: unknown,
    timeout: unknown,
    options: unknown,
    events: number,
  ): Promise<number> =>
    promise(() => {
      const select = sync[proc];
      const signal = signalOf(options, `${proc}Async`);
      // The synchronous proc's own checks and messages for the list and its handles.
      if (!Array.isArray(fds)) select(fds as SocketHandle[], 0);
      const ms = checkPollTimeout(timeout, proc);
      const list = fds as SocketHandle[];
      // The handles as they were at the call; the caller's array is pruned when the call settles.
      const handles = list.slice();
      const check = (final: boolean): number | typeof AGAIN => {
        const ready = handles.slice();
        const r = select(ready, 0);
        if (r === -1) throw newOSError(ctx, raw.lastError(), proc);
        if (r === 0 && !final) return AGAIN;
        list.splice(0, list.length, ...ready);
        return r;
      };
      if (signal?.aborted) throw abortErrorOf(`${proc}Async`, signal);
      if (ms === 0) return Promise.resolve(check(true) as number);
      const expire = ms > 0 ? { ms, value: () => check(true) } : undefined;
      return waitForReadiness<number>(
        reactors,
        `${proc}Async`,
        handles as number[],
        events,
        signal,
        () => check(false),
        expire as { ms: number; value: () => number } | undefined,
      );
    });

  /**
   * poll: the synchronous proc with timeout 0 (its checks, and each entry's
   * revents), again each time one of the handles is ready for what its entry
   * asks, until one entry reports or the timeout.
   */
  const pollCall = (fds: unknown, timeout: unknown, options: unknown): Promise<number> =>
    promise(() => {
      const signal = signalOf(options, 'pollAsync');
      const ms = checkPollTimeout(timeout, 'poll');
      const attempt = (final: boolean): number | typeof AGAIN => {
        const r = sync.poll(fds as PollFd[], 0);
        if (r === -1) throw newOSError(ctx, raw.lastError(), 'poll');
        return r === 0 && !final ? AGAIN : r;
      };
      // The first attempt checks every entry, before any wait or abort; an aborted
      // signal still comes before what the C call reports (WSAPoll's WSAEINVAL for no entries).
      let first: number | typeof AGAIN;
      try {
        first = attempt(ms === 0);
      } catch (e) {
        if (signal?.aborted && e instanceof OSError) throw abortErrorOf('pollAsync', signal);
        throw e;
      }
      if (signal?.aborted) throw abortErrorOf('pollAsync', signal);
      if (first !== AGAIN) return Promise.resolve(first);
      const entries = fds as PollFd[];
      const handles = entries.filter((e) => e.fd >= 0).map((e) => e.fd as number);
      let events = 0;
      for (const e of entries) {
        if (e.events & (C.POLLIN | C.POLLPRI)) events |= UV_READABLE;
        if (e.events & C.POLLOUT) events |= UV_WRITABLE;
      }
      // Only errors and hang-ups asked for: a hang-up makes the handle readable.
      if (events === 0) events = UV_READABLE;
      const expire = ms > 0 ? { ms, value: () => attempt(true) as number } : undefined;
      return waitForReadiness<number>(reactors, 'pollAsync', handles, events, signal, () => attempt(false), expire);
    });

  return {
    pollAsync: (fds: PollFd[], timeout: number = -1, options?: unknown) => pollCall(fds, timeout, options),

    acceptAsync: (fd: SocketHandle, inheritable: boolean = false, options?: unknown) =>
      socketCall('accept', fd, 'fd', options, UV_READABLE, () => {
        const r = sync.accept(fd, inheritable);
        return r[0] !== -1 ? r : againOr('accept', acceptAgain);
      }),

    connectAsync: (socket: SocketHandle, name: unknown, namelen: number, options?: unknown) =>
      promise(() => {
        const signal = signalOf(options, 'connectAsync');
        const fd = checkHandle(socket, 'connect', 'socket');
        if (signal?.aborted) throw abortErrorOf('connectAsync', signal);
        nonBlockingAfter(fd, () => sync.connect(socket, name as never, namelen));
        const r = sync.connect(socket, name as never, namelen);
        if (r === 0) return Promise.resolve(0);
        const err = raw.lastError();
        // EAGAIN (a Unix socket's full backlog): nothing started, and no event
        // says when the backlog has room (the socket is writable all along):
        // connect again on a backoff timer.
        let retry = wouldBlock.has(err) && !connecting.has(err);
        const onTimer = retry;
        if (!retry && !connecting.has(err)) throw newOSError(ctx, err, 'connect');
        return waitForReadiness(reactors, 'connectAsync', [fd], retry ? 0 : UV_WRITABLE, signal, () => {
          if (retry) {
            if (sync.connect(socket, name as never, namelen) === 0) return 0;
            const again = raw.lastError();
            if (wouldBlock.has(again) && !connecting.has(again)) return AGAIN;
            if (!connecting.has(again)) throw newOSError(ctx, again, 'connect');
            // Started (EINPROGRESS, not seen on Unix sockets): done once writable, polled on the timer.
            retry = false;
          }
          if (onTimer && sync.selectWrite([socket], 0) === 0) return AGAIN;
          // Writable: the connection is made or has failed; SO_ERROR says which.
          const soError = sync.getSockOptInt(socket, C.SOL_SOCKET, C.SO_ERROR!);
          if (soError === 0) return 0;
          if (connecting.has(soError)) return AGAIN;
          throw newOSError(ctx, soError, 'connect');
        });
      }),

    sendAsync: (s: SocketHandle, buf: Uint8Array, len: number, flags: number, options?: unknown) =>
      countCall('send', s, options, UV_WRITABLE, () => sync.send(s, buf, len, flags)),

    recvAsync: (s: SocketHandle, buf: Uint8Array, len: number, flags: number, options?: unknown) =>
      countCall('recv', s, options, UV_READABLE, () => sync.recv(s, buf, len, flags)),

    sendtoAsync: (
      ...[s, buf, len, flags, to, tolen, options]: [...Parameters<SyncProcs['sendto']>, options?: unknown]
    ) => countCall('sendto', s, options, UV_WRITABLE, () => sync.sendto(s, buf, len, flags, to, tolen)),

    recvfromAsync: (
      ...[s, buf, len, flags, from, fromlen, options]: [...Parameters<SyncProcs['recvfrom']>, options?: unknown]
    ) => countCall('recvfrom', s, options, UV_READABLE, () => sync.recvfrom(s, buf, len, flags, from, fromlen)),

    sendmsgAsync:
      sync.sendmsg &&
      ((s: SocketHandle, msg: SendMsg, flags: number, options?: unknown) =>
        countCall('sendmsg', s, options, UV_WRITABLE, () => sync.sendmsg!(s, msg, flags))),

    recvmsgAsync:
      sync.recvmsg &&
      ((s: SocketHandle, msg: RecvMsg, flags: number, options?: unknown) =>
        socketCall('recvmsg', s, 's', options, UV_READABLE, () => {
          const r = sync.recvmsg!(s, msg, flags);
          return r.bytes !== -1 ? r : againOr('recvmsg', wouldBlock);
        })),

    sendmmsgAsync:
      sync.sendmmsg &&
      ((s: SocketHandle, messages: SendMsg[], flags: number, options?: unknown) =>
        countCall('sendmmsg', s, options, UV_WRITABLE, () => sync.sendmmsg!(s, messages, flags))),

    recvmmsgAsync:
      sync.recvmmsg &&
      ((s: SocketHandle, count: number, bufferSize: number, flags: number, timeout?: number, options?: unknown) =>
        socketCall('recvmmsg', s, 's', options, UV_READABLE, () => {
          const got = sync.recvmmsg!(s, count, bufferSize, flags, timeout);
          return got.length > 0 || count === 0 ? got : againOr('recvmmsg', wouldBlock);
        })),

    selectReadAsync: (readfds: SocketHandle[], timeout: number = 500, options?: unknown) =>
      selectCall('selectRead', readfds, timeout, options, UV_READABLE),

    selectWriteAsync: (writefds: SocketHandle[], timeout: number = 500, options?: unknown) =>
      selectCall('selectWrite', writefds, timeout, options, UV_WRITABLE),

    /** `close`, which first fails the Async calls pending on the socket and releases its poll handle. */
    close(socket: SocketHandle): void {
      if (typeof socket === 'number') {
        reactors
          .peek()
          ?.closeFd(socket, () =>
            newOSError(ctx, closedError, 'close', `handle ${socket} was closed while an Async call waited on it`),
          );
      }
      sync.close(socket);
    },
  };
}
