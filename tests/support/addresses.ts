// Loopback socket addresses for tests, built through the public struct classes.
type PublicModule = typeof import('../../generated/entries/index.js');

export const IPV6_LOOPBACK: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const IPV4_MAPPED_LOOPBACK: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];

/** 127.0.0.1 at a host-order port. */
export function loopback4(api: PublicModule, port = 0): InstanceType<PublicModule['Sockaddr_in']> {
  const sa = new api.Sockaddr_in();
  if (sa.sin_len !== undefined) sa.sin_len = api.Sockaddr_in.size;
  sa.sin_family = api.toInt(api.AF_INET);
  sa.sin_port = api.htons(port);
  sa.sin_addr.s_addr = api.htonl(0x7f000001);
  return sa;
}

/** An IPv6 address (::1 by default) at a host-order port. */
export function loopback6(api: PublicModule, port = 0, address: readonly number[] = IPV6_LOOPBACK): InstanceType<PublicModule['Sockaddr_in6']> {
  const sa = new api.Sockaddr_in6();
  if (sa.sin6_len !== undefined) sa.sin6_len = api.Sockaddr_in6.size;
  sa.sin6_family = api.toInt(api.AF_INET6);
  sa.sin6_port = api.htons(port);
  sa.sin6_addr.s6_addr.set(address);
  return sa;
}
