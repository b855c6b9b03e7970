// Integer socket options and blocking mode.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { checkBool, checkCint, checkHandle } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { throwLastError } from '../errors.js';

export function optionProcs(
  ctx: RuntimeContext,
): Pick<NativeSocketsApi, 'getSockOptInt' | 'setSockOptInt' | 'setBlocking'> {
  const { raw } = ctx;
  // One set of out-parameters per backend, reused: the calls are synchronous.
  const optval = new Int32Array(1);
  const optlen = new Uint32Array(1);
  const nonBlocking = new Int32Array(1);
  // The backend's int-only getsockopt where it has one: no typed arrays to hand over.
  const getsockoptInt = raw.getsockoptInt;
  return {
    getSockOptInt(socket: SocketHandle, level: number, optname: number): number {
      const fd = checkHandle(socket, 'getSockOptInt', 'socket');
      checkCint(level, 'getSockOptInt', 'level');
      checkCint(optname, 'getSockOptInt', 'optname');
      if (getsockoptInt) {
        const value = getsockoptInt(fd, level, optname);
        if (value === undefined) throwLastError(ctx, 'getsockopt');
        return value;
      }
      optval[0] = 0;
      optlen[0] = 4;
      if (raw.getsockopt(fd, level, optname, optval, optlen) === -1) throwLastError(ctx, 'getsockopt');
      return optval[0]!;
    },
    setSockOptInt(socket: SocketHandle, level: number, optname: number, value: number): void {
      const fd = checkHandle(socket, 'setSockOptInt', 'socket');
      checkCint(level, 'setSockOptInt', 'level');
      checkCint(optname, 'setSockOptInt', 'optname');
      optval[0] = checkCint(value, 'setSockOptInt', 'optval');
      if (raw.setsockopt(fd, level, optname, optval, 4) === -1) throwLastError(ctx, 'setsockopt');
    },
    setBlocking(s: SocketHandle, blocking: boolean): void {
      const fd = checkHandle(s, 'setBlocking', 's');
      checkBool(blocking, 'setBlocking', 'blocking');
      if (raw.ioctlsocket) {
        // Windows: FIONBIO with a non-zero argument turns non-blocking mode on.
        nonBlocking[0] = blocking ? 0 : 1;
        if (raw.ioctlsocket(fd, ctx.C.FIONBIO!, nonBlocking) === -1) throwLastError(ctx, 'ioctlsocket');
        return;
      }
      const fcntl = raw.fcntl;
      if (!fcntl) throw new Error(`nativesockets: setBlocking needs fcntl or ioctlsocket, which ${ctx.platform} lacks`);
      const { F_GETFL, F_SETFL, O_NONBLOCK } = ctx.C;
      const flags = fcntl(fd, F_GETFL!, 0);
      if (flags === -1) throwLastError(ctx, 'fcntl');
      const wanted = blocking ? flags & ~O_NONBLOCK! : flags | O_NONBLOCK!;
      if (wanted !== flags && fcntl(fd, F_SETFL!, wanted) === -1) throwLastError(ctx, 'fcntl');
    },
  };
}
