// Every name the three seed documents of shared/seeds give std/nativesockets,
// taken from them by hand (000: the complete reference, 001: the official
// reference with its export list, 002: the older module with older names).
// Operators (`$`, `==`) are left out: TypeScript spells them String(p) and ===.

/** Names that are values at run time, each with the platforms where it exists (all when omitted). */
export const SEED_VALUE_NAMES: Record<string, readonly string[] | 'all'> = {
  // procs and templates (000, 001, 002)
  createNativeSocket: 'all', newNativeSocket: 'all', close: 'all', setInheritable: 'all', bindAddr: 'all',
  listen: 'all', accept: 'all', getAddrInfo: 'all', freeAddrInfo: 'all', dealloc: 'all', toKnownDomain: 'all',
  getServByName: 'all', getServByPort: 'all', getHostByName: 'all', getHostByAddr: 'all', getHostname: 'all',
  getProtoByName: 'all', makeUnixAddr: ['linux', 'macosx', 'freebsd'], ntohl: 'all', ntohs: 'all', htonl: 'all', htons: 'all',
  getSockOptInt: 'all', setSockOptInt: 'all', setBlocking: 'all', getSockDomain: 'all', getSockName: 'all',
  getLocalAddr: 'all', getPeerAddr: 'all', getAddrString: 'all', selectRead: 'all', selectWrite: 'all',
  select: 'all', toInt: 'all', toSockType: 'all',
  // re-exported C calls (001)
  recv: 'all', send: 'all', connect: 'all', recvfrom: 'all', sendto: 'all', inet_ntoa: 'all',
  // Windows-only procs (001, 002) and POSIX-only ones (000)
  ioctlsocket: ['windows'], fcntl: ['linux', 'macosx', 'freebsd'],
  // enums and their members (000, 001, 002)
  Domain: 'all', SockType: 'all', Protocol: 'all', Port: 'all',
  AF_UNSPEC: 'all', AF_UNIX: 'all', AF_INET: 'all', AF_INET6: 'all',
  SOCK_STREAM: 'all', SOCK_DGRAM: 'all', SOCK_RAW: 'all', SOCK_SEQPACKET: 'all',
  IPPROTO_TCP: 'all', IPPROTO_UDP: 'all', IPPROTO_IP: 'all', IPPROTO_IPV6: 'all', IPPROTO_RAW: 'all',
  IPPROTO_ICMP: 'all', IPPROTO_ICMPV6: 'all',
  // constants and lets (000, 001, 002)
  IPPROTO_NONE: 'all', osInvalidSocket: 'all', INADDR_ANY: 'all',
  SO_ERROR: 'all', SOL_SOCKET: 'all', SOMAXCONN: 'all', SO_ACCEPTCONN: 'all', SO_BROADCAST: 'all',
  SO_DEBUG: 'all', SO_DONTROUTE: 'all', SO_KEEPALIVE: 'all', SO_OOBINLINE: 'all', SO_REUSEADDR: 'all',
  SO_REUSEPORT: ['linux', 'macosx', 'freebsd'], MSG_PEEK: 'all', SO_NOSIGPIPE: ['macosx'],
  WSAEWOULDBLOCK: ['windows'], WSAECONNRESET: ['windows'], WSAECONNABORTED: ['windows'], WSAENETRESET: ['windows'],
  WSANOTINITIALISED: ['windows'], WSAENOTSOCK: ['windows'], WSAEINPROGRESS: ['windows'], WSAEINTR: ['windows'],
  WSAEDISCON: ['windows'], ERROR_NETNAME_DELETED: ['windows'], IOCPARM_MASK: ['windows'], IOC_IN: ['windows'],
  FIONBIO: ['windows'],
  F_GETFL: ['linux', 'macosx', 'freebsd'], F_SETFL: ['linux', 'macosx', 'freebsd'], O_NONBLOCK: ['linux', 'macosx', 'freebsd'],
  EAGAIN: ['linux', 'macosx', 'freebsd'], EWOULDBLOCK: ['linux', 'macosx', 'freebsd'], MSG_NOSIGNAL: ['linux', 'macosx', 'freebsd'],
  EINTR: ['linux', 'macosx', 'freebsd'], EINPROGRESS: ['linux', 'macosx', 'freebsd'], ECONNRESET: ['linux', 'macosx', 'freebsd'],
  EPIPE: ['linux', 'macosx', 'freebsd'], ENETRESET: ['linux', 'macosx', 'freebsd'], EBADF: ['linux', 'macosx', 'freebsd'],
  Sockaddr_un_path_length: ['linux', 'macosx', 'freebsd'],
  // struct types, which are classes here (000, 001)
  SockAddr: 'all', Sockaddr_in: 'all', Sockaddr_in6: 'all', Sockaddr_storage: 'all', Sockaddr_un: 'all',
};
