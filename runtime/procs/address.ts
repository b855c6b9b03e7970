// What a socket is bound or connected to (getsockname, getpeername), socket
// addresses as text, Unix socket addresses, and inet_ntoa.
import { Domain, type NativeSocketsApi, type Port, type SocketHandle } from '../../generated/api.js';
import { InAddr, Sockaddr_un } from '../../generated/structs.js';
import { addressLayout, addressText, familyOf, ipv4Text, ipv6Text, portAt, unixPathText } from '../addressText.js';
import { byteLengthOf, checkCString, checkHandle, checkMember, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { IOError, newOSError, throwLastError, ValueError } from '../errors.js';
import { bytesOf } from '../struct.js';

type AddressProcs = Pick<
  NativeSocketsApi,
  'getSockDomain' | 'getSockName' | 'getLocalAddr' | 'getPeerAddr' | 'getAddrString' | 'makeUnixAddr' | 'inet_ntoa'
>;

const utf8 = new TextEncoder();

/** EAFNOSUPPORT as the platform's last-error numbering has it (WSAEAFNOSUPPORT on Windows). */
export function afNoSupport(ctx: RuntimeContext): number {
  const C = ctx.C as unknown as Record<string, number | undefined>;
  const code = ctx.info.lastError === 'wsa' ? (C['WSAEAFNOSUPPORT'] ?? C['EAFNOSUPPORT']) : C['EAFNOSUPPORT'];
  if (code === undefined) throw new Error(`nativesockets: the spec gives no EAFNOSUPPORT for ${ctx.platform}`);
  return code;
}

export function addressProcs(ctx: RuntimeContext): AddressProcs {
  const { raw } = ctx;
  const al = addressLayout(ctx);
  const domainByValue = new Map<number, Domain>();
  for (const [name, value] of Object.entries(ctx.enums.Domain)) domainByValue.set(value, name as Domain);
  const nameOf = (family: number): string => domainByValue.get(family) ?? `family ${family}`;
  // One address buffer per backend, reused: the calls are synchronous.
  const storage = new Uint8Array(al.storageSize);
  const storageLen = new Uint32Array(1);

  /** getsockname or getpeername into `storage`; returns the address length. */
  const sockName = (fd: number, which: 'getsockname' | 'getpeername'): number => {
    storage.fill(0);
    storageLen[0] = storage.byteLength;
    if (raw[which](fd, storage, storageLen) === -1) throwLastError(ctx, which);
    return Math.min(storageLen[0]!, storage.byteLength);
  };

  const wrongFamily = (syscall: string, family: number, wanted: string): never => {
    throw newOSError(ctx, afNoSupport(ctx), syscall, `the socket's family is ${nameOf(family)}, not ${wanted}`);
  };

  /** getLocalAddr and getPeerAddr: [text, port] of the asked family, or EAFNOSUPPORT. */
  const addrOf = (
    proc: string,
    which: 'getsockname' | 'getpeername',
    socket: unknown,
    domain: unknown,
  ): [string, Port] => {
    const fd = checkHandle(socket, proc, 'socket');
    const wanted = checkMember(domain, Domain, 'Domain', proc, 'domain');
    const length = sockName(fd, which);
    const family = familyOf(al, storage, length);
    if (family !== ctx.enums.Domain[wanted]) return wrongFamily(which, family, wanted);
    if (family === al.AF_INET) return [ipv4Text(storage, al.in4.addr), portAt(storage, al.in4.port) as Port];
    if (family === al.AF_INET6) return [ipv6Text(storage, al.in6.addr), portAt(storage, al.in6.port) as Port];
    if (family === al.AF_UNIX) return [unixPathText(al, storage, length, true), 0 as Port];
    return wrongFamily(which, family, 'AF_INET, AF_INET6 or AF_UNIX');
  };

  function getAddrString(sockAddr: unknown): string;
  function getAddrString(sockAddr: unknown, strAddress: { value: string }): void;
  function getAddrString(sockAddr: unknown, strAddress?: unknown): string | undefined {
    const bytes = bytesOf(sockAddr, 'getAddrString', 'sockAddr');
    const box = strAddress;
    if (box !== undefined && (typeof box !== 'object' || box === null)) {
      throw typeError('getAddrString', 'strAddress', 'a { value: string } box', box);
    }
    const text = addressText(al, bytes, byteLengthOf(bytes), false, true, 'getAddrString');
    if (text === undefined) throw new IOError(`Unknown socket family in getAddrString: ${nameOf(familyOf(al, bytes))}`);
    if (box === undefined) return text;
    (box as { value: string }).value = text;
  }

  return {
    getSockDomain(socket: SocketHandle): Domain {
      const fd = checkHandle(socket, 'getSockDomain', 'socket');
      const length = sockName(fd, 'getsockname');
      const domain = domainByValue.get(familyOf(al, storage, length));
      if (domain === undefined)
        throw new IOError(`Unknown socket family in getSockDomain: ${nameOf(familyOf(al, storage, length))}`);
      return domain;
    },
    getSockName(socket: SocketHandle): Port {
      const fd = checkHandle(socket, 'getSockName', 'socket');
      const length = sockName(fd, 'getsockname');
      const family = familyOf(al, storage, length);
      if (family === al.AF_INET) return portAt(storage, al.in4.port) as Port;
      if (family === al.AF_INET6) return portAt(storage, al.in6.port) as Port;
      if (family === al.AF_UNIX) return 0 as Port;
      return wrongFamily('getsockname', family, 'AF_INET, AF_INET6 or AF_UNIX');
    },
    getLocalAddr: (socket: SocketHandle, domain: Domain) => addrOf('getLocalAddr', 'getsockname', socket, domain),
    getPeerAddr: (socket: SocketHandle, domain: Domain) => addrOf('getPeerAddr', 'getpeername', socket, domain),
    getAddrString,
    makeUnixAddr:
      ctx.info.family === 'posix'
        ? (path: string): Sockaddr_un => {
            const encoded = utf8.encode(checkCString(path, 'makeUnixAddr', 'path'));
            if (encoded.byteLength >= al.un.pathSize) {
              throw new ValueError(
                `socket path too long: ${encoded.byteLength} bytes, the limit is ${al.un.pathSize - 1} (Sockaddr_un_path_length - 1)`,
              );
            }
            const address = new Sockaddr_un();
            address.sun_family = al.AF_UNIX;
            address.bytes.set(encoded, al.un.path);
            return address;
          }
        : undefined,
    inet_ntoa(inAddr: InAddr): string {
      if (!(inAddr instanceof InAddr)) throw typeError('inet_ntoa', 'inAddr', 'an InAddr', inAddr);
      return ipv4Text(inAddr.bytes, 0);
    },
  };
}
