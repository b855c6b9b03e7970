// fcntl (POSIX) and ioctlsocket (Windows), re-exported as Nim does; each is
// undefined on the platforms that lack it.
import type { NativeSocketsApi, SocketHandle } from '../../generated/api.js';
import { checkCint, checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';

export function platformCallProcs(ctx: RuntimeContext): Pick<NativeSocketsApi, 'fcntl' | 'ioctlsocket'> {
  const { fcntl, ioctlsocket } = ctx.raw;
  return {
    fcntl: fcntl && ((fd: SocketHandle, cmd: number, arg: number = 0): number =>
      fcntl(checkHandle(fd, 'fcntl', 'fd'), checkCint(cmd, 'fcntl', 'cmd'), checkCint(arg, 'fcntl', 'arg'))),
    ioctlsocket: ioctlsocket && ((s: SocketHandle, cmd: number, argp: Int32Array): number => {
      const fd = checkHandle(s, 'ioctlsocket', 's');
      checkCint(cmd, 'ioctlsocket', 'cmd');
      if (!(argp instanceof Int32Array)) throw typeError('ioctlsocket', 'argp', 'an Int32Array', argp);
      if (argp.length < 1) throw rangeError('ioctlsocket', 'argp', 'at least one element long', argp.length);
      return ioctlsocket(fd, cmd, argp);
    }),
  };
}
