// Creating and closing sockets, and close-on-exec (Nim's "inheritable").
import { Domain, type NativeSocketsApi, Protocol, type SocketHandle, SockType } from '../../generated/api.js';
import { checkBool, checkCint, checkHandle, checkMember, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';

type LifecycleProcs = Pick<NativeSocketsApi, 'createNativeSocket' | 'newNativeSocket' | 'close' | 'setInheritable'>;

/**
 * Sets or clears close-on-exec (POSIX: fcntl FD_CLOEXEC) or the handle's
 * inherit flag (Windows: SetHandleInformation, as Nim does; a SOCKET is a
 * handle). False on failure, with the backend's last error set.
 */
export function setInheritableRaw(ctx: RuntimeContext, fd: number, inheritable: boolean): boolean {
  const { fcntl, SetHandleInformation } = ctx.raw;
  if (SetHandleInformation) {
    const flag = ctx.C.HANDLE_FLAG_INHERIT!;
    // (HANDLE)socket, as C casts it: SOCKET is unsigned, so -1 is INVALID_SOCKET's all-ones.
    return SetHandleInformation(BigInt.asUintN(64, BigInt(fd)), flag, inheritable ? flag : 0) !== 0;
  }
  if (!fcntl) throw new Error(`nativesockets: neither fcntl nor SetHandleInformation is available on ${ctx.platform}`);
  const { F_GETFD, F_SETFD, FD_CLOEXEC } = ctx.C;
  const flags = fcntl(fd, F_GETFD!, 0);
  if (flags === -1) return false;
  const wanted = inheritable ? flags & ~FD_CLOEXEC! : flags | FD_CLOEXEC!;
  return wanted === flags || fcntl(fd, F_SETFD!, wanted) !== -1;
}

/** close on POSIX, closesocket on Windows; the result is ignored, as Nim's close does. */
export function closeRaw(ctx: RuntimeContext, fd: number): void {
  const { close, closesocket } = ctx.raw;
  (close ?? closesocket)!(fd);
}

/** A missing argument (undefined, not null) takes Nim's default. */
const orDefault = (v: unknown, fallback: string): unknown => (v === undefined ? fallback : v);

export function lifecycleProcs(ctx: RuntimeContext): LifecycleProcs {
  const { SOCK_CLOEXEC } = ctx.C;
  const { enums } = ctx;

  const openSocket = (domain: number, sockType: number, protocol: number, inheritable: boolean): SocketHandle => {
    // Where the platform has SOCK_CLOEXEC the flag is set atomically with the socket.
    if (!inheritable && SOCK_CLOEXEC !== undefined) {
      return ctx.raw.socket(domain, sockType | SOCK_CLOEXEC, protocol) as SocketHandle;
    }
    const fd = ctx.raw.socket(domain, sockType, protocol);
    if (fd === -1 || inheritable) return fd as SocketHandle;
    if (!setInheritableRaw(ctx, fd, false)) {
      // close succeeds here, so osLastError() still reports the fcntl (SetHandleInformation) failure.
      closeRaw(ctx, fd);
      return -1 as SocketHandle;
    }
    return fd as SocketHandle;
  };

  const create = (proc: string) =>
    function createNativeSocket(
      domain?: unknown,
      sockType?: unknown,
      protocol?: unknown,
      inheritable: unknown = false,
    ): SocketHandle {
      const inherit = checkBool(inheritable, proc, 'inheritable');
      if (typeof domain === 'number') {
        if (typeof sockType !== 'number' || typeof protocol !== 'number') {
          throw typeError(
            proc,
            'sockType and protocol',
            'numbers too when domain is a number (the cint overload)',
            typeof sockType !== 'number' ? sockType : protocol,
          );
        }
        return openSocket(
          checkCint(domain, proc, 'domain'),
          checkCint(sockType, proc, 'sockType'),
          checkCint(protocol, proc, 'protocol'),
          inherit,
        );
      }
      const d = checkMember(orDefault(domain, Domain.AF_INET), Domain, 'Domain', proc, 'domain');
      const t = checkMember(orDefault(sockType, SockType.SOCK_STREAM), SockType, 'SockType', proc, 'sockType');
      const p = checkMember(orDefault(protocol, Protocol.IPPROTO_TCP), Protocol, 'Protocol', proc, 'protocol');
      return openSocket(enums.Domain[d]!, enums.SockType[t]!, enums.Protocol[p]!, inherit);
    };

  return {
    createNativeSocket: create('createNativeSocket'),
    newNativeSocket: create('newNativeSocket'),
    close(socket: SocketHandle): void {
      closeRaw(ctx, checkHandle(socket, 'close', 'socket'));
    },
    setInheritable(s: SocketHandle, inheritable: boolean): boolean {
      return setInheritableRaw(
        ctx,
        checkHandle(s, 'setInheritable', 's'),
        checkBool(inheritable, 'setInheritable', 'inheritable'),
      );
    },
  };
}
