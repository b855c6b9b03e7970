// Valid arguments for one fuzz call (fuzz/runner.mjs): plain values (numbers,
// flags, options, names) from the spec's conformance cases
// (generator/plan/caseArguments.ts), the rest by the parameter's kind
// (generator/plan/badInputKinds.ts) from the run's pool, with the spec's
// constants (C). No proc has a case of its own here: the safety rules that
// keep a call on loopback and in the run's directory are fuzz/pool.mjs's.
import { NEVER_OPEN_HANDLE } from '../tests/robustness/children/fixtures.mjs';
import { addrInfos, endpoints, liveHandle, loopback4, loopback6, readableHandle, sockets, unixPaths } from './pool.mjs';
import { A, C, chance, F, int, int32, pick, rnd } from './setup.mjs';

// ---- valid values, by kind ---------------------------------------------------
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
/** The same, but always a Uint8Array (a Buffer among them): for the parameters that take bytes only (struct values, message buffers). */
export function bytesOf(size) {
  const b = bufferOf(size);
  return b instanceof Uint8Array ? b : new Uint8Array(size);
}
export const byteLength = (v) => (ArrayBuffer.isView(v) ? v.byteLength : (v?.bytes?.byteLength ?? 0));

/** An address: one of the pool's, a loopback one, a Unix one, an empty storage, or the bytes of one (cut or garbage bytes are the plan's edge values). */
function sockaddr() {
  const r = int(10);
  if (r < 5 && endpoints.length > 0) return pick(endpoints);
  if (r === 5) return loopback4(chance(0.5) ? 0 : 1024 + int(60000));
  if (r === 6) return loopback6(chance(0.5) ? 0 : 1024 + int(60000), chance(0.3));
  if (r === 7) return A.makeUnixAddr(pick(unixPaths));
  if (r === 8) return new A.Sockaddr_storage();
  return Uint8Array.from((endpoints.length > 0 ? pick(endpoints) : loopback4(0)).bytes);
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
function objectOf(kind, args, target) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const f of kind.fields) {
    if (f.optional && (UNFUZZED_FIELDS.has(f.name) || chance(0.5))) continue;
    out[f.name] = validValue({ name: f.name, kind: f.kind }, args, target, undefined);
  }
  return out;
}

/** Whether `value` is a valid argument of `kind` (a spec case's value, checked against the overload at hand). */
function fits(kind, value) {
  switch (kind.k) {
    case 'int':
      return Number.isInteger(value) && value >= kind.min && value <= kind.max;
    case 'bool':
      return typeof value === 'boolean';
    case 'enum':
      return kind.members.some((m) => A[m] === value);
    case 'string':
      return typeof value === 'string';
    default:
      return false;
  }
}

/**
 * A valid argument for `param` of `target` (an overload of a proc; `args`
 * holds the arguments before it). Plain values (numbers, flags, options,
 * names) come from `fromCase`, the value a conformance case of the spec passes
 * at this position, when it has one that fits; the rest by the parameter's
 * kind, from the pool. The safety rules (fuzz/pool.mjs, sanitize) apply after.
 */
export function validValue(param, args, target, fromCase) {
  const { kind, name } = param;
  // Never a long wait: a blocking call on a socket that is not ready would stall the run.
  if (name === 'timeout') return pick([0, 0, 0, 1]);
  // A length belongs to the buffer at hand (the pool's), not to the case's.
  if (!param.lengthOf) {
    if (fromCase !== undefined && fits(kind, fromCase)) return fromCase;
    const fromCases = (param.fromCases ?? []).filter((value) => fits(kind, value));
    if (fromCases.length > 0) return pick(fromCases);
  }
  switch (kind.k) {
    case 'handle':
      return chance(0.5) ? readableHandle() : liveHandle();
    case 'int': {
      if (param.lengthOf) {
        const buffer = args[target.params.findIndex((p) => p.name === param.lengthOf)];
        const ofAddress = target.params.find((p) => p.name === param.lengthOf)?.kind.k === 'sockaddr';
        return ofAddress ? addressLength(buffer) : chance(0.6) ? byteLength(buffer) : int(byteLength(buffer) + 1);
      }
      const { min, max } = kind;
      if (chance(0.3)) return Math.min(max, Math.max(min, pick(INT_EDGES)));
      if (max - min <= 4294967295) return min + Math.floor(rnd() * (max - min + 1));
      return pick([0, 1, -1, int32()]);
    }
    case 'bool':
      return chance(0.5);
    case 'enum':
      return A[pick(kind.members)];
    case 'string':
      return chance(0.5) ? pick(unixPaths) : pick(FREE_STRINGS) + (chance(0.2) ? 'x'.repeat(int(120)) : '');
    case 'sockaddr':
      return sockaddr();
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
      const from = args[target.params.findIndex((p) => p.name === param.lengthOf)];
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
      return pick([() => new A.Linger(), () => new A.Timeval(), () => bytesOf(pick([1, 4, 8, 16, 64]))])();
    case 'byteList':
      return Array.from({ length: int(4) }, () => bytesOf(pick(BYTE_SIZES)));
    case 'objectList':
      return Array.from({ length: int(4) }, () => objectOf(kind, args, target));
    case 'object':
      return kind.fields.some((f) => !f.optional) ? objectOf(kind, args, target) : hints();
    default:
      throw new Error(`no valid value for kind ${kind.k}`);
  }
}
