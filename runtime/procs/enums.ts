// Enum conversions (toInt, toSockType, toKnownDomain) and the enum-valued
// constants IPPROTO_NONE and osInvalidSocket.
import { Domain, type NativeSocketsApi, Protocol, type SocketHandle, SockType } from '../../generated/api.js';
import { checkCint, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';

type EnumProcs = Pick<NativeSocketsApi, 'toInt' | 'toSockType' | 'toKnownDomain' | 'IPPROTO_NONE' | 'osInvalidSocket'>;

/** The OS value of a member of any of the three enums, or undefined for anything else. */
export function osValueOf(ctx: RuntimeContext, member: unknown): number | undefined {
  if (typeof member !== 'string') return undefined;
  const { enums } = ctx;
  if (Object.hasOwn(Domain, member)) return enums.Domain[member as Domain];
  if (Object.hasOwn(SockType, member)) return enums.SockType[member as SockType];
  if (Object.hasOwn(Protocol, member)) return enums.Protocol[member as Protocol];
  return undefined;
}

export function enumProcs(ctx: RuntimeContext): EnumProcs {
  const domainByValue = new Map<number, Domain>();
  for (const [name, value] of Object.entries(ctx.enums.Domain)) domainByValue.set(value, name as Domain);
  return {
    toInt(member: unknown): number {
      const v = osValueOf(ctx, member);
      if (v === undefined)
        throw typeError(
          'toInt',
          'the argument',
          `a Domain, SockType or Protocol member available on ${ctx.platform}`,
          member,
        );
      return v;
    },
    toSockType(protocol: unknown): SockType {
      if (typeof protocol !== 'string' || !Object.hasOwn(Protocol, protocol)) {
        throw typeError('toSockType', 'protocol', 'a Protocol member', protocol);
      }
      return protocol === Protocol.IPPROTO_TCP
        ? SockType.SOCK_STREAM
        : protocol === Protocol.IPPROTO_UDP
          ? SockType.SOCK_DGRAM
          : SockType.SOCK_RAW;
    },
    toKnownDomain: (family: number) => domainByValue.get(checkCint(family, 'toKnownDomain', 'family')),
    IPPROTO_NONE: Protocol.IPPROTO_IP,
    osInvalidSocket: -1 as SocketHandle,
  };
}
