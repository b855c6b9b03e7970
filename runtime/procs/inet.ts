// Beyond Nim: numeric address text to bytes and back (inetPton, inetNtop), and
// socket addresses from text and back (sockAddr, sockAddrText). Text is read
// and written by the runtime (inetText.ts, addressText.ts), so every backend
// and platform accepts and prints the same.
import { Domain, type NativeSocketsApi, type Port } from '../../generated/api.js';
import type { In6Addr, InAddr, Sockaddr_in, Sockaddr_in6 } from '../../generated/structs.js';
import { in6AddrFrom, inAddrFrom, sockAddrFrom } from '../addressFrom.js';
import { addressLayout, addressText, familyOf, ipv4Text, ipv6Text, portAt } from '../addressText.js';
import { byteLengthOf, checkCString, checkMember } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { newOSError, ValueError } from '../errors.js';
import { bytesOf } from '../struct.js';
import { afNoSupport } from './address.js';

type InetProcs = Pick<NativeSocketsApi, 'inetPton' | 'inetNtop' | 'sockAddr' | 'sockAddrText'>;

export function inetProcs(ctx: RuntimeContext): InetProcs {
  const al = addressLayout(ctx);
  const noFamily = (syscall: string, domain: string): never => {
    throw newOSError(ctx, afNoSupport(ctx), syscall, `${domain} has no numeric address text; use AF_INET or AF_INET6`);
  };
  return {
    inetPton(domain: Domain, text: string): InAddr | In6Addr {
      const d = checkMember(domain, Domain, 'Domain', 'inetPton', 'domain');
      checkCString(text, 'inetPton', 'text');
      if (d === 'AF_INET') return inAddrFrom(text, 'inetPton', 'text');
      if (d === 'AF_INET6') return in6AddrFrom(text, 'inetPton', 'text');
      return noFamily('inet_pton', d);
    },
    inetNtop(domain: Domain, addr: unknown): string {
      const d = checkMember(domain, Domain, 'Domain', 'inetNtop', 'domain');
      const bytes = bytesOf(addr, 'inetNtop', 'addr');
      const n = byteLengthOf(bytes);
      // The argument's own check first: fewer bytes than the shortest address is a RangeError whatever the domain.
      const need = d === 'AF_INET6' ? 16 : 4;
      if (n < need)
        throw new RangeError(
          `inetNtop: an ${d === 'AF_INET6' ? d : 'AF_INET'} address is ${need} bytes, addr holds ${n}`,
        );
      if (d === 'AF_INET') return ipv4Text(bytes, 0);
      if (d === 'AF_INET6') return ipv6Text(bytes, 0);
      return noFamily('inet_ntop', d);
    },
    sockAddr: (host: string, port: Port): Sockaddr_in | Sockaddr_in6 => sockAddrFrom(host, port, 'sockAddr'),
    sockAddrText(addr: unknown): [string, Port] {
      const bytes = bytesOf(addr, 'sockAddrText', 'addr');
      const n = byteLengthOf(bytes);
      const text = addressText(al, bytes, n, false, false, 'sockAddrText');
      if (text === undefined)
        throw new ValueError(
          `sockAddrText: the address's family (${familyOf(al, bytes, n)}) is not AF_INET, AF_INET6 or AF_UNIX`,
        );
      const family = familyOf(al, bytes, n);
      if (family === al.AF_INET) return [text, portAt(bytes, al.in4.port) as Port];
      if (family === al.AF_INET6) return [text, portAt(bytes, al.in6.port) as Port];
      return [text, 0 as Port];
    },
  };
}
