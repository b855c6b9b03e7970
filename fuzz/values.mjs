// Valid arguments for one fuzz call (fuzz/runner.mjs), by the parameter's kind
// (generator/plan/badInputKinds.ts) and, where a proc needs it, by (proc,
// parameter): flags, socket options, addresses and lengths that keep the call
// within the run's safety rules, with the spec's constants (C).
import { NEVER_OPEN_HANDLE } from '../tests/robustness/children/fixtures.mjs';
import {
  addrInfos,
  endpoints,
  isLive,
  liveHandle,
  loopback4,
  loopback6,
  readableHandle,
  sockets,
  unixPaths,
  untrack,
} from './pool.mjs';
import { A, C, chance, F, int, int32, pick, rnd } from './setup.mjs';

// ---- valid values, by kind and by (proc, parameter) --------------------------
const MSG_FLAGS = [
  0,
  0,
  0,
  C.MSG_PEEK,
  C.MSG_DONTWAIT,
  C.MSG_NOSIGNAL ?? 0,
  C.MSG_OOB,
  C.MSG_TRUNC,
  C.MSG_WAITALL,
  C.MSG_MORE,
];
/** [level, option] pairs; SO_LINGER and SO_RCVTIMEO take a struct, so an int is a wrong size for them. */
const SOCKOPTS = [
  ...[
    'SO_REUSEADDR',
    'SO_KEEPALIVE',
    'SO_BROADCAST',
    'SO_ERROR',
    'SO_TYPE',
    'SO_ACCEPTCONN',
    'SO_OOBINLINE',
    'SO_REUSEPORT',
    'SO_SNDBUF',
    'SO_RCVBUF',
    'SO_RCVLOWAT',
    'SO_LINGER',
    'SO_RCVTIMEO',
  ].map((name) => [C.SOL_SOCKET, C[name]]),
  [C.IPPROTO_TCP, C.TCP_NODELAY],
  [C.IPPROTO_TCP, C.TCP_MAXSEG],
  [C.IPPROTO_IP, C.IP_TTL],
  [C.IPPROTO_IPV6, C.IPV6_V6ONLY],
].filter(([, option]) => option !== undefined);
/** getaddrinfo's hint flags. */
const AI_FLAGS = [
  C.AI_PASSIVE,
  C.AI_CANONNAME,
  C.AI_NUMERICHOST,
  C.AI_V4MAPPED,
  C.AI_ALL,
  C.AI_ADDRCONFIG,
  C.AI_NUMERICSERV,
].filter((flag) => flag !== undefined);
const INT_EDGES = [0, 1, -1, 2, 255, 256, 65535, 65536, 2147483647, -2147483648];
/** Names the resolver answers without sending anything (see the file's head). */
const LONG_LABEL = 'a'.repeat(64);
const SAFE_HOSTS = [
  '127.0.0.1',
  '::1',
  '0.0.0.0',
  '::',
  '::ffff:127.0.0.1',
  '1.2.3.4',
  '',
  `${LONG_LABEL}.example`,
  `x.${LONG_LABEL}`,
  `${LONG_LABEL}\u00e9.example`,
];
const FREE_STRINGS = [
  'http',
  'https',
  'tcp',
  'udp',
  'domain',
  'ssh',
  'icmp',
  'ipv6',
  '',
  'x',
  'nonexistent',
  'é',
  '\u{1F600}',
  'ht tp',
  'a'.repeat(300),
];
const BYTE_SIZES = [0, 1, 2, 4, 8, 16, 28, 64, 110, 128, 1500, 65536];

export function bufferOf(size) {
  switch (int(8)) {
    case 0:
      return Buffer.alloc(size, int(256));
    case 1:
      return F.view(size);
    case 2:
      return size % 4 === 0 ? new Int32Array(size / 4) : new Uint8Array(size);
    case 3:
      return new Uint8Array(new SharedArrayBuffer(size));
    case 4:
      return new Uint8Array(new ArrayBuffer(size, { maxByteLength: 2 * size + 1 }));
    default:
      return new Uint8Array(size).fill(int(256));
  }
}
export const byteLength = (v) => (ArrayBuffer.isView(v) ? v.byteLength : (v?.bytes?.byteLength ?? 0));

function sockaddr(reachesC) {
  const r = int(10);
  if (r < 5 && endpoints.length > 0) return pick(endpoints);
  if (r === 5) return loopback4(chance(0.5) ? 0 : 1024 + int(60000));
  if (r === 6) return loopback6(chance(0.5) ? 0 : 1024 + int(60000), chance(0.3));
  if (r === 7) return A.makeUnixAddr(pick(unixPaths));
  if (r === 8) return new A.Sockaddr_storage();
  // Raw bytes: a copy of a safe address, cut or not; pure garbage only where nothing reaches C.
  if (!reachesC && chance(0.5)) {
    const b = new Uint8Array(pick(BYTE_SIZES));
    for (let i = 0; i < b.length; i++) b[i] = int(256);
    return b;
  }
  const from = endpoints.length > 0 ? pick(endpoints) : loopback4(0);
  const copy = Uint8Array.from(from.bytes);
  return chance(0.7) ? copy : copy.subarray(0, int(copy.length + 1));
}

/** The natural length of an address for bind / connect / sendto: its struct's size, or (sometimes) any prefix. */
function addressLength(address) {
  const n = byteLength(address);
  if (chance(0.8)) {
    if (address instanceof A.Sockaddr_in) return A.Sockaddr_in.size;
    if (address instanceof A.Sockaddr_in6) return A.Sockaddr_in6.size;
    if (A.Sockaddr_un && address instanceof A.Sockaddr_un) return A.Sockaddr_un.size;
  }
  return int(n + 1);
}

/** Whether an AddrInfo's list is still allocated. */
function live(ai) {
  try {
    return Number.isInteger(ai.ai_family);
  } catch {
    return false;
  }
}

function hints() {
  if (chance(0.1)) {
    const ai = pick(addrInfos);
    if (ai && live(ai)) return ai;
  }
  const h = {};
  if (chance(0.7)) h.ai_family = pick([0, C.AF_INET, C.AF_INET6, C.AF_UNIX, 12345, int32()]);
  if (chance(0.6)) h.ai_socktype = pick([0, C.SOCK_STREAM, C.SOCK_DGRAM, C.SOCK_RAW, C.SOCK_SEQPACKET, 99]);
  if (chance(0.4)) h.ai_protocol = pick([0, C.IPPROTO_TCP, C.IPPROTO_UDP, 255, int(300)]);
  if (chance(0.5)) h.ai_flags = AI_FLAGS.filter(() => chance(0.3)).reduce((a, b) => a | b, 0);
  return h;
}

/**
 * Descriptor passing is not fuzzed: descriptors a fuzzed recvmsg received
 * would be open handles the pool does not track (and a leak to the run).
 */
const UNFUZZED_FIELDS = new Set(['fds', 'maxFds']);

/** An object parameter (or list element): its required fields, and now and then its optional ones. */
function objectOf(proc, kind, args, plan) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const f of kind.fields) {
    if (f.optional && (UNFUZZED_FIELDS.has(f.name) || chance(0.5))) continue;
    out[f.name] = validValue(proc, { name: f.name, kind: f.kind }, args, plan);
  }
  return out;
}

/** A valid argument for `param` of `proc`; `args` holds the ones before it. */
export function validValue(proc, param, args, plan) {
  const { kind } = param;
  const name = param.name;
  switch (kind.k) {
    case 'handle':
      if (proc === 'close') {
        const h = liveHandle();
        untrack(h);
        return h;
      }
      return proc === 'recv' || proc === 'recvfrom' || proc === 'send' ? readableHandle() : liveHandle();
    case 'int': {
      if (param.lengthOf) {
        const buffer = args[plan.params.findIndex((p) => p.name === param.lengthOf)];
        return proc === 'bindAddr' || proc === 'connect' || (proc === 'sendto' && name === 'tolen')
          ? addressLength(buffer)
          : chance(0.6)
            ? byteLength(buffer)
            : int(byteLength(buffer) + 1);
      }
      if (name === 'timeout') return pick([0, 0, 0, 1]);
      // recvmmsg's batch: up to its limit, in buffers of a datagram's size.
      if (name === 'count') return pick([0, 1, 2, 32, int(40)]);
      if (name === 'bufferSize') return pick([0, 1, 64, 1500, int(2048)]);
      if (name === 'flags')
        return chance(0.95) ? MSG_FLAGS.filter(() => chance(0.2)).reduce((a, b) => a | b, 0) : int32();
      if (name === 'backlog') return pick([0, 1, 5, 128, A.SOMAXCONN, -1, 2147483647, int32()]);
      if (proc === 'fcntl') {
        if (name === 'cmd')
          return isLive(args[0]) ? pick([C.F_GETFD, C.F_SETFD, C.F_GETFL, C.F_SETFL]) : pick([...INT_EDGES, int32()]);
        const cmd = args[1];
        if (isLive(args[0]) && cmd === C.F_SETFL) return ((chance(0.5) ? int32() : 0) | C.O_NONBLOCK) & ~C.O_ASYNC;
        return pick([0, 1, int32()]);
      }
      if (proc === 'getSockOptInt' || proc === 'setSockOptInt') {
        if (name === 'level') {
          if (!chance(0.9))
            return pick([0, C.SOL_SOCKET, C.IPPROTO_TCP, C.IPPROTO_UDP, C.IPPROTO_IPV6, int(300), int32()]);
          args.pair = pick(SOCKOPTS);
          return args.pair[0];
        }
        if (name === 'optname') return args.pair ? args.pair[1] : pick([0, 1, 2, int(100), int32()]);
        return pick([0, 1, 2, -1, 4096, 65536, 2147483647, -2147483648, int32()]);
      }
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'domain')
        return pick([0, C.AF_INET, C.AF_INET6, C.AF_UNIX, 46 + int(1000), -1, 2147483647]); // 46 and over: past Linux's AF_MAX
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'sockType')
        return pick([
          C.SOCK_STREAM,
          C.SOCK_DGRAM,
          C.SOCK_SEQPACKET,
          C.SOCK_STREAM | (C.SOCK_NONBLOCK ?? 0),
          C.SOCK_DGRAM | (C.SOCK_CLOEXEC ?? 0),
          6,
          99,
          -1,
        ]);
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'protocol')
        return pick([0, 0, C.IPPROTO_TCP, C.IPPROTO_UDP, C.IPPROTO_ICMP, C.IPPROTO_ICMPV6, int(40) + 200, -1]);
      const { min, max } = kind;
      if (chance(0.3)) return Math.min(max, Math.max(min, pick(INT_EDGES)));
      if (max - min <= 4294967295) return min + Math.floor(rnd() * (max - min + 1));
      return pick([0, 1, -1, int32()]);
    }
    case 'bool':
      if (proc === 'setBlocking') return isLive(args[0]) ? false : chance(0.5);
      return chance(0.5);
    case 'enum': {
      const member = pick(kind.members);
      // No raw sockets: a raw socket's own headers could address more than loopback.
      if (
        (proc === 'createNativeSocket' || proc === 'newNativeSocket') &&
        (member === 'SOCK_RAW' || member === 'IPPROTO_RAW')
      )
        return A[kind.members[0] === 'SOCK_STREAM' ? 'SOCK_STREAM' : 'IPPROTO_TCP'] ?? A[kind.members[0]];
      return A[member];
    }
    case 'string':
      if (proc === 'getAddrInfo') return chance(0.1) ? 'localhost' : pick(SAFE_HOSTS);
      if (proc === 'getHostByName')
        return pick(['localhost', '127.0.0.1', '1.2.3.4', '0.0.0.0', `${LONG_LABEL}.example`, `x.${LONG_LABEL}`]);
      if (proc === 'getHostByAddr')
        return pick(['127.0.0.1', '::', 'not an address', '127.0.0.256', '::1::2', '', '1.2.3']);
      if (proc === 'makeUnixAddr')
        return chance(0.7) ? pick(unixPaths) : pick(FREE_STRINGS) + (chance(0.3) ? 'x'.repeat(int(120)) : '');
      if (proc === 'getServByName' || proc === 'getServByPort' || proc === 'getProtoByName' || proc === 'raiseOSError')
        return pick(FREE_STRINGS);
      return '127.0.0.1';
    case 'sockaddr':
      return sockaddr(proc !== 'getAddrString');
    case 'struct':
      if (kind.name === 'InAddr') {
        if (chance(0.5) && endpoints.length > 0 && endpoints[0] instanceof A.Sockaddr_in) return endpoints[0].sin_addr;
        const a = new A.InAddr();
        a.s_addr = int32() >>> 0;
        return a;
      }
      return new A[kind.name]();
    case 'addrinfo':
      return addrInfos.length > 0 && chance(0.8) ? pick(addrInfos) : F.addrInfo();
    case 'stringBox':
      return { value: pick(['', 'previous', 5]) };
    case 'lengthBox': {
      const from = args[plan.params.findIndex((p) => p.name === param.lengthOf)];
      return { value: chance(0.7) ? byteLength(from) : int(byteLength(from) + 1) };
    }
    case 'handles': {
      const n = chance(0.02) ? 2000 : int(7);
      const out = [];
      for (let i = 0; i < n; i++)
        out.push(
          n > 100
            ? NEVER_OPEN_HANDLE
            : chance(0.9) && sockets.length > 0
              ? readableHandle()
              : pick([NEVER_OPEN_HANDLE, -1]),
        );
      return out;
    }
    case 'bytes':
      return bufferOf(pick(BYTE_SIZES));
    case 'int32array':
      return new Int32Array(1);
    case 'structBytes':
      return pick([() => new A.Linger(), () => new A.Timeval(), () => bufferOf(pick([1, 4, 8, 16, 64]))])();
    case 'byteList':
      return Array.from({ length: int(4) }, () => bufferOf(pick(BYTE_SIZES)));
    case 'objectList':
      return Array.from({ length: int(4) }, () => objectOf(proc, kind, args, plan));
    case 'object':
      return kind.fields.some((f) => !f.optional) ? objectOf(proc, kind, args, plan) : hints();
    default:
      throw new Error(`no valid value for kind ${kind.k}`);
  }
}
