// One fuzz run on one backend: `node fuzz/runner.mjs <napi|koffi> <seed> <calls> [traceFrom]`.
// Random call sequences drawn from the spec's signatures (the typed model, and
// the per-type value table of generator/emit/emitBadInputTests.ts), with a
// seeded generator: most calls take valid arguments from a pool of live
// loopback sockets, addresses, buffers and AddrInfo lists the run builds and
// keeps changing; some take one wrong or edge value from the table.
//
// Findings: a thrown value that is not one of the package's error classes; a
// TypeError or RangeError for valid arguments, or an error class a proc does
// not raise; a wrong value not refused with the class the table names; a
// result that breaks the proc's contract (a -1 without osLastError(), a pruned
// array that is not a subset of the handles given, ...). The parent (fuzz.mjs)
// adds crashes, AddressSanitizer reports and hangs.
//
// Safety: handles are only the run's own sockets, never-open numbers and -1
// (never 0-2 nor Node's own descriptors); sockets are non-blocking (a
// setBlocking(h, true) or an F_SETFL without O_NONBLOCK is never issued on a
// live one; no O_ASYNC, F_SETOWN or F_SETSIG); no raw, packet or netlink
// sockets; every address a call can send to is 127.0.0.1, ::1 or a Unix path
// in the run's temporary directory (also its working directory); names that
// reach the resolver are numeric, 'localhost' with AF_INET, or hold a label
// over 63 bytes, which the resolver refuses without sending anything.
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi } from '../tests/robustness/children/api.mjs';
import { makeFixtures, NEVER_OPEN_HANDLE } from '../tests/robustness/children/fixtures.mjs';
import { asyncFuzzer } from './asyncCalls.mjs';

const [backend, seedText, callsText, traceFromText] = process.argv.slice(2);
const seed = Number(seedText) >>> 0;
const CALLS = Number(callsText);
const TRACE_FROM = traceFromText === undefined ? Infinity : Number(traceFromText);
if (!Number.isInteger(CALLS) || CALLS <= 0) throw new Error('usage: runner.mjs <napi|koffi> <seed> <calls> [traceFrom]');

const root = new URL('../', import.meta.url);
const { loadSpec } = await import(new URL('dist/generator/load/loadSpec.js', root));
const { badInputPlan } = await import(new URL('dist/generator/emit/emitBadInputTests.js', root));
const A = await loadApi(backend);
const F = makeFixtures(A);
const model = loadSpec(new URL('spec', root).pathname, { rootDir: new URL('.', root).pathname });
const { plans } = badInputPlan(model);
const platform = { linux: 'linux', darwin: 'macosx', win32: 'windows', freebsd: 'freebsd' }[process.platform];

// ---- seeded randomness -------------------------------------------------------
let state = seed || 1;
function rnd() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => rnd() < p;
const int32 = () => (rnd() * 4294967296) | 0;

// ---- the pool ----------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'nativesockets-fuzz-'));
process.chdir(dir); // a relative Unix path lands here
const C = {
  AF_INET: A.toInt(A.AF_INET),
  AF_INET6: A.toInt(A.AF_INET6),
  AF_UNIX: A.toInt(A.AF_UNIX),
  F_GETFD: 1, F_SETFD: 2, F_GETFL: A.F_GETFL, F_SETFL: A.F_SETFL, O_NONBLOCK: A.O_NONBLOCK,
  O_ASYNC: 0o20000,
};
/** The run's sockets: { h, kind }. Only these handles reach a call, besides never-open ones and -1. */
const sockets = [];
/** Addresses calls may bind, connect or send to: loopback and the run's Unix paths. */
const endpoints = [];
const addrInfos = [];
const unixPaths = Array.from({ length: 6 }, (_, i) => join(dir, `s${i}.sock`));
const MAX_SOCKETS = 48;

function loopback4(port) {
  const sa = new A.Sockaddr_in();
  if (sa.sin_len !== undefined) sa.sin_len = A.Sockaddr_in.size;
  sa.sin_family = C.AF_INET;
  sa.sin_port = A.htons(port);
  sa.sin_addr.s_addr = A.htonl(0x7f000001);
  return sa;
}
function loopback6(port, mapped = false) {
  const sa = new A.Sockaddr_in6();
  if (sa.sin6_len !== undefined) sa.sin6_len = A.Sockaddr_in6.size;
  sa.sin6_family = C.AF_INET6;
  sa.sin6_port = A.htons(port);
  sa.sin6_addr.s6_addr.set(mapped ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1] : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  return sa;
}
function track(h, kind, bound = false) {
  if (h < 0) return;
  if (h <= 2) throw new Error(`a call returned handle ${h}: the harness would now use a standard stream`);
  A.setBlocking(h, false);
  sockets.push({ h, kind, bound });
  while (sockets.length > MAX_SOCKETS) {
    // Close one of the others (not the new one, nor the endpoints replenish made).
    const others = sockets.slice(0, -1).filter((x) => !x.bound || x.kind === 'created' || x.kind === 'conn' || x.kind === 'accepted');
    const victim = others.length > 0 ? pick(others) : sockets[0];
    untrack(victim.h);
    A.close(victim.h);
  }
}
/** The intrinsic TypedArray byteLength: what C would really get (a TypeError for anything else). */
const realByteLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength').get;

/**
 * Whether the address `name` (with `len`) may reach bind / connect / sendto:
 * loopback or one of the run's Unix paths; for connect and sendto also the
 * unspecified address (Linux takes it for loopback) and AF_UNSPEC. A value the
 * call refuses before C passes. bind() to INADDR_ANY or :: would listen beyond
 * loopback, and to any other path would create a file outside the run's directory.
 */
function safeAddress(name, len, forBind) {
  if (ArrayBuffer.isView(name) && !(name instanceof Uint8Array)) return true; // refused: only structs and Uint8Arrays are addresses
  const bytes = name instanceof Object && !ArrayBuffer.isView(name) ? name.bytes : name;
  let real;
  try {
    real = realByteLength.call(bytes);
  } catch {
    return true;
  }
  if (typeof len !== 'number' || !Number.isInteger(len) || len < 2 || len > real) return true;
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, real);
  const family = b[0] | (b[1] << 8);
  const zeros = (from, to) => b.subarray(from, to).every((x) => x === 0);
  if (family === C.AF_INET) return len < 8 || b[4] === 127 || (!forBind && zeros(4, 8));
  if (family === C.AF_INET6) {
    if (len < 24) return true;
    const loop = zeros(8, 23) && b[23] === 1;
    const mapped = zeros(8, 18) && b[18] === 255 && b[19] === 255 && b[20] === 127;
    return loop || mapped || (!forBind && zeros(8, 24));
  }
  if (family === C.AF_UNIX) {
    if (!forBind || len <= 2 || b[2] === 0) return true; // autobind or an abstract name: no file
    let end = 2;
    while (end < len && b[end] !== 0) end++;
    return unixPaths.includes(new TextDecoder().decode(b.subarray(2, end)));
  }
  return family !== 0 || !forBind;
}

/** Keeps a call within the run's safety rules (see the file's head); returns whether it changed an argument. */
function sanitize(proc, args) {
  const was = args.slice();
  sanitizeInPlace(proc, args);
  return args.some((a, k) => !Object.is(a, was[k]));
}

function sanitizeInPlace(proc, args) {
  const handle = typeof args[0] === 'number' ? sockets.find((x) => x.h === args[0]) : undefined;
  const swapAddress = (at, forBind) => {
    if (!safeAddress(args[at], args[at + 1], forBind)) {
      args[at] = loopback4(0);
      args[at + 1] = 16;
    }
  };
  if (proc === 'bindAddr') swapAddress(1, true);
  else if (proc === 'connect') swapAddress(1, false);
  else if (proc === 'sendto') swapAddress(4, false);
  else if (proc === 'listen' && handle && !handle.bound) args[0] = NEVER_OPEN_HANDLE; // listen() would bind an unbound socket to INADDR_ANY
  else if (proc === 'setBlocking' && handle && args[1] === true) args[1] = false;
  else if (proc === 'fcntl' && handle) {
    if (![C.F_GETFD, C.F_SETFD, C.F_GETFL, C.F_SETFL].includes(args[1]) && Number.isInteger(args[1]) && Math.abs(args[1]) < 1 << 16) args[1] = C.F_GETFL;
    if (args[1] === C.F_SETFL && Number.isInteger(args[2])) args[2] = (args[2] | C.O_NONBLOCK) & ~C.O_ASYNC;
  } else if (proc === 'createNativeSocket' || proc === 'newNativeSocket') {
    if (args[1] === A.SOCK_RAW) args[1] = A.SOCK_STREAM;
    if (typeof args[1] === 'number' && Number.isInteger(args[1]) && [3, 10].includes(args[1] & 0xf)) args[1] = 1;
    if (typeof args[0] === 'number' && Number.isInteger(args[0]) && args[0] > 2 && args[0] < 46 && args[0] !== C.AF_INET6) args[0] = C.AF_INET;
  }
}

function untrack(h) {
  const i = sockets.findIndex((s) => s.h === h);
  if (i !== -1) sockets.splice(i, 1);
}
function replenish() {
  const has = (kind) => sockets.some((s) => s.kind === kind);
  if (!has('listener')) {
    const s = A.createNativeSocket();
    A.bindAddr(s, loopback4(0), 16);
    A.listen(s);
    track(s, 'listener', true);
    endpoints.push(loopback4(A.getSockName(s)));
  }
  if (!has('listener6')) {
    const s = A.createNativeSocket(A.AF_INET6);
    A.bindAddr(s, loopback6(0), A.Sockaddr_in6.size);
    A.listen(s);
    track(s, 'listener6', true);
    endpoints.push(loopback6(A.getSockName(s)));
  }
  if (!has('udp')) {
    const s = A.createNativeSocket(A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP);
    A.bindAddr(s, loopback4(0), 16);
    track(s, 'udp', true);
    endpoints.push(loopback4(A.getSockName(s)));
  }
  if (!has('unix')) {
    const s = A.createNativeSocket(A.AF_UNIX, A.SOCK_STREAM, A.IPPROTO_NONE);
    const path = pick(unixPaths);
    rmSync(path, { force: true });
    const sa = A.makeUnixAddr(path);
    A.bindAddr(s, sa, A.Sockaddr_un.size);
    A.listen(s);
    track(s, 'unix', true);
    endpoints.push(sa);
  }
  while (endpoints.length > 24) endpoints.splice(int(endpoints.length), 1);
}

// ---- valid values, by kind and by (proc, parameter) --------------------------
const MSG_FLAGS = [0, 0, 0, A.MSG_PEEK, 0x40 /* MSG_DONTWAIT */, A.MSG_NOSIGNAL ?? 0, 0x1 /* MSG_OOB */, 0x20 /* MSG_TRUNC */, 0x100 /* MSG_WAITALL */, 0x8000 /* MSG_MORE */];
const SOCKOPTS = [
  [A.SOL_SOCKET, A.SO_REUSEADDR], [A.SOL_SOCKET, A.SO_KEEPALIVE], [A.SOL_SOCKET, A.SO_BROADCAST], [A.SOL_SOCKET, A.SO_ERROR],
  [A.SOL_SOCKET, 3 /* SO_TYPE */], [A.SOL_SOCKET, A.SO_ACCEPTCONN], [A.SOL_SOCKET, A.SO_OOBINLINE], [A.SOL_SOCKET, A.SO_REUSEPORT ?? 15],
  [A.SOL_SOCKET, 7 /* SO_SNDBUF */], [A.SOL_SOCKET, 8 /* SO_RCVBUF */], [A.SOL_SOCKET, 18 /* SO_RCVLOWAT */], [A.SOL_SOCKET, 13 /* SO_LINGER: needs a struct */],
  [A.SOL_SOCKET, 20 /* SO_RCVTIMEO: needs a struct */], [6, 1 /* TCP_NODELAY */], [6, 2 /* TCP_MAXSEG */], [0, 2 /* IP_TTL */], [41, 26 /* IPV6_V6ONLY */],
];
const INT_EDGES = [0, 1, -1, 2, 255, 256, 65535, 65536, 2147483647, -2147483648];
/** Names the resolver answers without sending anything (see the file's head). */
const LONG_LABEL = 'a'.repeat(64);
const SAFE_HOSTS = ['127.0.0.1', '::1', '0.0.0.0', '::', '::ffff:127.0.0.1', '1.2.3.4', '', `${LONG_LABEL}.example`, `x.${LONG_LABEL}`, `${LONG_LABEL}\u00e9.example`];
const FREE_STRINGS = ['http', 'https', 'tcp', 'udp', 'domain', 'ssh', 'icmp', 'ipv6', '', 'x', 'nonexistent', 'é', '\u{1F600}', 'ht tp', 'a'.repeat(300)];
const BYTE_SIZES = [0, 1, 2, 4, 8, 16, 28, 64, 110, 128, 1500, 65536];

function bufferOf(size) {
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
const byteLength = (v) => (ArrayBuffer.isView(v) ? v.byteLength : v?.bytes?.byteLength ?? 0);

function liveHandle() {
  if (sockets.length === 0 || chance(0.12)) return pick([NEVER_OPEN_HANDLE, -1, 1_000_000 + int(1 << 30)]);
  return pick(sockets).h;
}
const isLive = (h) => sockets.some((s) => s.h === h);

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
  if (chance(0.6)) h.ai_socktype = pick([0, 1, 2, 3, 5, 99]);
  if (chance(0.4)) h.ai_protocol = pick([0, 6, 17, 255, int(300)]);
  if (chance(0.5)) h.ai_flags = [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x400].filter(() => chance(0.3)).reduce((a, b) => a | b, 0);
  return h;
}

/** A valid argument for `param` of `proc`; `args` holds the ones before it. */
function validValue(proc, param, args, plan) {
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
        return proc === 'bindAddr' || proc === 'connect' || proc === 'sendto' && name === 'tolen' ? addressLength(buffer) : chance(0.6) ? byteLength(buffer) : int(byteLength(buffer) + 1);
      }
      if (name === 'timeout') return pick([0, 0, 0, 1]);
      if (name === 'flags') return chance(0.95) ? MSG_FLAGS.filter(() => chance(0.2)).reduce((a, b) => a | b, 0) : int32();
      if (name === 'backlog') return pick([0, 1, 5, 128, A.SOMAXCONN, -1, 2147483647, int32()]);
      if (proc === 'fcntl') {
        if (name === 'cmd') return isLive(args[0]) ? pick([C.F_GETFD, C.F_SETFD, C.F_GETFL, C.F_SETFL]) : pick([...INT_EDGES, int32()]);
        const cmd = args[1];
        if (isLive(args[0]) && cmd === C.F_SETFL) return ((chance(0.5) ? int32() : 0) | C.O_NONBLOCK) & ~C.O_ASYNC;
        return pick([0, 1, int32()]);
      }
      if (proc === 'getSockOptInt' || proc === 'setSockOptInt') {
        if (name === 'level') return chance(0.9) ? (args.pair = pick(SOCKOPTS))[0] : pick([0, 1, 6, 17, 41, int(300), int32()]);
        if (name === 'optname') return args.pair ? args.pair[1] : pick([0, 1, 2, int(100), int32()]);
        return pick([0, 1, 2, -1, 4096, 65536, 2147483647, -2147483648, int32()]);
      }
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'domain') return pick([0, C.AF_INET, C.AF_INET6, C.AF_UNIX, 46 + int(1000), -1, 2147483647]);
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'sockType') return pick([1, 2, 5, 1 | 2048, 2 | 524288, 6, 99, -1]);
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && name === 'protocol') return pick([0, 0, 6, 17, 1, 58, int(40) + 200, -1]);
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
      if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && (member === 'SOCK_RAW' || member === 'IPPROTO_RAW')) return A[kind.members[0] === 'SOCK_STREAM' ? 'SOCK_STREAM' : 'IPPROTO_TCP'] ?? A[kind.members[0]];
      return A[member];
    }
    case 'string':
      if (proc === 'getAddrInfo') return chance(0.1) ? 'localhost' : pick(SAFE_HOSTS);
      if (proc === 'getHostByName') return pick(['localhost', '127.0.0.1', '1.2.3.4', '0.0.0.0', `${LONG_LABEL}.example`, `x.${LONG_LABEL}`]);
      if (proc === 'getHostByAddr') return pick(['127.0.0.1', '::', 'not an address', '127.0.0.256', '::1::2', '', '1.2.3']);
      if (proc === 'makeUnixAddr') return chance(0.7) ? pick(unixPaths) : pick(FREE_STRINGS) + (chance(0.3) ? 'x'.repeat(int(120)) : '');
      if (proc === 'getServByName' || proc === 'getServByPort' || proc === 'getProtoByName' || proc === 'raiseOSError') return pick(FREE_STRINGS);
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
      for (let i = 0; i < n; i++) out.push(n > 100 ? NEVER_OPEN_HANDLE : chance(0.9) && sockets.length > 0 ? readableHandle() : pick([NEVER_OPEN_HANDLE, -1]));
      return out;
    }
    case 'bytes':
      return bufferOf(pick(BYTE_SIZES));
    case 'int32array':
      return new Int32Array(1);
    case 'object':
      return hints();
    default:
      throw new Error(`no valid value for kind ${kind.k}`);
  }
}

// ---- the calls -----------------------------------------------------------------
const ERROR_CLASSES = ['OSError', 'ValueError', 'IOError', 'TypeError', 'RangeError'];
function errorClass(e) {
  if (e instanceof A.OSError) return 'OSError';
  if (e instanceof A.ValueError) return 'ValueError';
  if (e instanceof A.IOError) return 'IOError';
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  return `not a package error: ${e?.constructor?.name ?? typeof e}`;
}

function describe(v, depth = 0) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 20)}…'(${v.length})` : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object') return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(() => { try { return v.byteLength; } catch { return '?'; } })()})`;
  if (Array.isArray(v)) return depth > 0 ? `[${v.length}]` : `[${v.slice(0, 6).map((x) => describe(x, 1)).join(', ')}${v.length > 6 ? `, …${v.length}` : ''}]`;
  if (v instanceof A.AddrInfo) return 'AddrInfo';
  return v.constructor?.name && v.constructor.name !== 'Object' ? v.constructor.name : `{${Object.keys(v).join(',')}}`;
}

// Every (proc, overload) with its compiled table values.
const targets = [];
for (const plan of plans) {
  const p = plan.proc;
  if (!p.platforms.includes(platform) || typeof A[p.name] !== 'function') continue;
  for (const o of plan.overloads) {
    const params = o.params.map((param) => ({
      ...param,
      compiled: param.values
        .filter((value) => !value.platforms || value.platforms.includes(platform))
        .map((value) => ({ ...value, make: new Function('A', 'F', `return (${value.src});`) })),
    }));
    targets.push({ proc: p.name, raises: p.raises, params });
  }
}

const findings = [];
const counts = { calls: 0, returned: 0, threw: {}, byProc: {}, badValues: 0, edgeValues: 0, extras: 0, trafficMoves: 0, maxSockets: 0, bytesReceived: 0, bytesSent: 0, accepted: 0, connected: 0 };
/** A running hash of every call's outcome (class and code): the same seed must give the same on both backends. */
let trail = 0x811c9dc5;
function mix(text) {
  for (let k = 0; k < text.length; k++) trail = Math.imul(trail ^ text.charCodeAt(k), 16777619) >>> 0;
}
function finding(i, what, detail) {
  if (findings.length < 100) findings.push({ i, seed, what, ...detail });
}

/** Checks a proc's result against its contract; returns what is wrong, or undefined. */
function contract(proc, args, r, before) {
  const lastErrorSet = () => A.osLastError() !== 0;
  const isInt = Number.isInteger;
  switch (proc) {
    case 'selectRead':
    case 'selectWrite':
    case 'select': {
      const fds = args[0];
      if (!isInt(r) || r < -1) return `returned ${r}`;
      if (r === -1) return !lastErrorSet() ? '-1 without osLastError()' : fds.length !== before.length ? '-1 but the array was changed' : undefined;
      if (fds.length !== r) return `returned ${r} but kept ${fds.length} handles`;
      let j = 0;
      for (const h of fds) {
        while (j < before.length && before[j] !== h) j++;
        if (j++ >= before.length) return 'kept a handle it was not given (or out of order)';
      }
      return undefined;
    }
    case 'send':
    case 'recv':
    case 'sendto':
    case 'recvfrom':
      // MSG_TRUNC asks for the real length; MSG_OOB on a Unix stream socket reports its one byte even for len 0 (Linux).
      if (!isInt(r) || r < -1 || (r > args[2] && !(args[3] & 0x21))) return `returned ${r} for len ${args[2]}`;
      if (r === -1 && !lastErrorSet()) return '-1 without osLastError()';
      if (proc === 'recvfrom' && r >= 0 && !(isInt(args[5].value) && args[5].value >= 0)) return `fromlen.value ${args[5].value}`;
      return undefined;
    case 'accept':
      if (!Array.isArray(r) || r.length !== 2 || !isInt(r[0]) || typeof r[1] !== 'string') return `returned ${describe(r)}`;
      if (r[0] === -1) return r[1] !== '' ? 'failed with an address' : !lastErrorSet() ? '-1 without osLastError()' : undefined;
      return r[0] < 0 ? `handle ${r[0]}` : undefined;
    case 'createNativeSocket':
    case 'newNativeSocket':
      if (!isInt(r) || r < -1) return `returned ${r}`;
      return r === -1 && !lastErrorSet() ? 'osInvalidSocket without osLastError()' : undefined;
    case 'bindAddr':
    case 'connect':
    case 'listen':
      if (r !== 0 && r !== -1) return `returned ${r}`;
      return r === -1 && !lastErrorSet() ? '-1 without osLastError()' : undefined;
    case 'fcntl':
      return !isInt(r) || r < -1 ? `returned ${r}` : r === -1 && !lastErrorSet() ? '-1 without osLastError()' : undefined;
    case 'setInheritable':
      return typeof r !== 'boolean' ? `returned ${r}` : !r && !lastErrorSet() ? 'false without osLastError()' : undefined;
    case 'getSockOptInt':
    case 'toInt':
    case 'getProtoByName':
      return isInt(r) ? undefined : `returned ${describe(r)}`;
    case 'ntohl':
    case 'htonl':
      return isInt(r) && r >= 0 && r <= 4294967295 && A.ntohl(r) === args[0] ? undefined : `returned ${r}`;
    case 'ntohs':
    case 'htons':
    case 'getSockName':
    case 'Port':
      return isInt(r) && r >= 0 && r <= 65535 ? undefined : `returned ${r}`;
    case 'getLocalAddr':
    case 'getPeerAddr':
      return Array.isArray(r) && typeof r[0] === 'string' && isInt(r[1]) && r[1] >= 0 && r[1] <= 65535 ? undefined : `returned ${describe(r)}`;
    case 'getAddrString':
    case 'inet_ntoa':
    case 'osErrorMsg':
    case 'getHostname':
      return args.length > 1 && proc === 'getAddrString' ? (typeof args[1].value === 'string' ? undefined : 'strAddress.value not a string') : typeof r === 'string' ? undefined : `returned ${describe(r)}`;
    case 'getAddrInfo':
      for (const node of r) if (![node.ai_flags, node.ai_family, node.ai_socktype, node.ai_protocol, node.ai_addrlen].every(isInt)) return 'a node with a non-integer field';
      return undefined;
    case 'getServByName':
    case 'getServByPort':
      return typeof r?.name === 'string' && Array.isArray(r.aliases) && isInt(r.port) && r.port >= 0 && r.port <= 65535 && typeof r.proto === 'string' ? undefined : `returned ${describe(r)}`;
    case 'getHostByName':
    case 'getHostByAddr':
      return typeof r?.name === 'string' && Array.isArray(r.addrList) && r.addrList.every((a) => typeof a === 'string') ? undefined : `returned ${describe(r)}`;
    default:
      return undefined;
  }
}

/** What a call's result adds to the pool. */
function absorb(proc, args, r) {
  if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && Number.isInteger(r) && r >= 0) track(r, 'created');
  else if (proc === 'accept' && Array.isArray(r) && r[0] >= 0) track(r[0], 'accepted');
  else if (proc === 'socketpair' && Array.isArray(r)) for (const h of r) track(h, 'socketpair');
  else if (proc === 'getAddrInfo' && r instanceof A.AddrInfo) {
    addrInfos.push(r);
    if (addrInfos.length > 32) addrInfos.splice(int(addrInfos.length), 1); // dropped: the GC frees it
  } else if (proc === 'makeUnixAddr' && unixPaths.includes(args[0])) endpoints.push(r);
  else if (proc === 'close' && typeof args[0] === 'number') untrack(args[0]);
  else if (proc === 'bindAddr' && r === 0) {
    const s = sockets.find((x) => x.h === args[0]);
    if (s) s.bound = true;
  }
}

/**
 * Moves that make traffic, so that random recv / recvfrom / select calls often
 * find data (where a missing bound would write past a buffer): a connected
 * loopback pair (connect, then accept), bytes sent on a connection, a datagram
 * sent to a bound UDP socket. Ordinary API calls, counted as calls.
 */
function traffic() {
  counts.trafficMoves++;
  const r = int(3);
  if (r === 0) {
    const listener = sockets.find((x) => x.kind === 'listener');
    const address = endpoints.find((e) => e instanceof A.Sockaddr_in && listener && A.getSockName(listener.h) === A.ntohs(e.sin_port));
    if (!listener || !address) return;
    const c = A.createNativeSocket();
    if (c < 0) return;
    track(c, 'conn');
    A.connect(c, address, 16);
    const [h] = A.accept(listener.h);
    if (h >= 0) {
      track(h, 'conn');
      counts.accepted++;
    }
  } else if (r === 1) {
    const conns = sockets.filter((x) => x.kind === 'conn');
    if (conns.length === 0) return;
    const n = pick([1, 16, 100, 1500, 4000]);
    const sent = A.send(pick(conns).h, bufferOf(n), n, A.MSG_NOSIGNAL ?? 0);
    if (sent > 0) counts.bytesSent += sent;
  } else {
    const udp = endpoints.filter((e) => e instanceof A.Sockaddr_in);
    const to = pick(udp);
    const from = sockets.find((x) => x.kind === 'udp');
    if (!to || !from) return;
    const n = pick([0, 1, 64, 1500, 9000]);
    A.sendto(from.h, bufferOf(n), n, 0, to, 16);
  }
}

/** A handle for a call that reads: often a socket with something to read. */
function readableHandle() {
  const busy = sockets.filter((x) => x.kind === 'conn' || x.kind === 'udp');
  return busy.length > 0 && chance(0.6) ? pick(busy).h : liveHandle();
}

/** Calls outside the procs: AddrInfo's own API, struct fields, Port. */
function extra(i) {
  counts.extras++;
  try {
    switch (int(6)) {
      case 0: {
        const ai = pick(addrInfos);
        if (ai) [...ai].forEach((n) => n.ai_addr && n.ai_canonname);
        break;
      }
      case 1: {
        const ai = pick(addrInfos);
        if (ai) ai[Symbol.dispose]();
        break;
      }
      case 2: {
        const sa = pick([new A.Sockaddr_in(), new A.Sockaddr_in6(), new A.Sockaddr_storage(), ...(A.Sockaddr_un ? [new A.Sockaddr_un()] : [])]);
        const fields = Object.getOwnPropertyNames(Object.getPrototypeOf(sa)).filter((f) => f !== 'constructor');
        const f = pick(fields);
        const value = pick([0, 1, -1, 255, 65536, 2 ** 32, 1.5, NaN, 'x', null, new Uint8Array(int(200))]);
        try {
          sa[f] = value;
        } catch (e) {
          const c = errorClass(e);
          if (c !== 'TypeError' && c !== 'RangeError') finding(i, `struct field ${sa.constructor.name}.${f} = ${describe(value)} threw ${c}`, {});
        }
        break;
      }
      case 3: {
        const bytes = new Uint8Array(int(200));
        try {
          new (pick([A.Sockaddr_in, A.Sockaddr_in6, A.Sockaddr_storage, A.InAddr]))(bytes);
        } catch (e) {
          if (!(e instanceof RangeError)) finding(i, `struct over ${bytes.length} bytes threw ${errorClass(e)}`, {});
        }
        break;
      }
      default: {
        const ai = pick(addrInfos);
        if (ai) {
          try {
            void ai.ai_next?.ai_family;
          } catch (e) {
            if (!(e instanceof A.ValueError)) finding(i, `reading a freed AddrInfo threw ${errorClass(e)}`, {});
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof A.ValueError)) finding(i, `AddrInfo use threw ${errorClass(e)}: ${e?.message}`, {});
  }
}

/** The Async variants (fuzz/asyncCalls.mjs): a share of the calls, and worker threads that end with calls pending. */
const ASYNC_SHARE = 0.5;
const WORKER_EVERY = 10_000;
const fuzzAsync = asyncFuzzer({ A, backend, int, pick, chance, finding, errorClass, errorClasses: ERROR_CLASSES, absorb, counts });

replenish();
const started = performance.now();
for (let i = 0; i < CALLS; i++) {
  if (i % 5000 === 0) writeSync(1, `P ${i} ${trail.toString(16)}\n`);
  if (i % 1000 === 0) replenish();
  // Let the loop turn: pending Async calls settle, abort, or see their socket closed.
  if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  if (i % WORKER_EVERY === WORKER_EVERY / 2) await fuzzAsync.workerRound(i, (seed + i) >>> 0);
  fuzzAsync.tick();
  counts.maxSockets = Math.max(counts.maxSockets, sockets.length);
  counts.calls++;
  if (chance(0.05)) {
    extra(i);
    continue;
  }
  if (chance(0.04)) {
    traffic();
    continue;
  }
  const target = pick(targets);
  const { proc } = target;
  const args = [];
  args.pair = undefined;
  let intent = 'valid';
  let expected;
  let varied = -1;
  if (chance(0.2)) varied = int(target.params.length);
  try {
    for (let k = 0; k < target.params.length; k++) {
      const param = target.params[k];
      if (k === varied && param.compiled.length > 0) {
        const value = pick(param.compiled);
        args.push(value.make(A, F));
        if ((value.expect === 'TypeError' || value.expect === 'RangeError' || value.expect === 'ValueError') && !value.relative) {
          intent = 'bad';
          expected = value.expect;
          counts.badValues++;
        } else {
          intent = intent === 'bad' ? 'bad' : 'edge';
          counts.edgeValues++;
        }
      } else args.push(validValue(proc, param, args, target));
    }
  } catch (e) {
    finding(i, `the fuzzer could not make arguments for ${proc}: ${e?.stack ?? e}`, {});
    continue;
  }
  try {
    if (sanitize(proc, args) && intent === 'bad') intent = 'edge';
  } catch (e) {
    finding(i, `the fuzzer could not check the arguments of ${proc}: ${e?.stack ?? e}`, {});
    continue;
  }
  // 'localhost' only with AF_INET: other families could fall through /etc/hosts to DNS.
  if (proc === 'getAddrInfo' && args[0] === 'localhost') {
    const third = args[2];
    const inet = third === undefined || third === A.AF_INET || (typeof third === 'object' && third !== null && !(third instanceof A.AddrInfo) && third.ai_family === C.AF_INET);
    if (!inet) args[0] = '127.0.0.1';
  }
  if (typeof A[`${proc}Async`] === 'function' && chance(ASYNC_SHARE)) {
    if (i >= TRACE_FROM) writeSync(1, `C ${i} ${proc}Async(${args.map((a) => describe(a)).join(', ')}) ${intent}\n`);
    fuzzAsync.call(i, proc, args, intent, expected);
    mix(`${proc}Async;`);
    continue;
  }
  if (i >= TRACE_FROM) writeSync(1, `C ${i} ${proc}(${args.map((a) => describe(a)).join(', ')}) ${intent}\n`);
  const before = proc.startsWith('select') && Array.isArray(args[0]) ? args[0].slice() : undefined;
  let outcome;
  let r;
  let code = '';
  try {
    r = A[proc](...args);
    outcome = 'returned';
  } catch (e) {
    outcome = errorClass(e);
    if (outcome === 'OSError') code = e.code;
    if (!ERROR_CLASSES.includes(outcome)) finding(i, `threw ${outcome}: ${String(e?.message ?? e).slice(0, 200)}`, { proc, args: args.map((a) => describe(a)) });
  }
  mix(`${proc}:${outcome}:${code}:${typeof r === 'number' ? Math.sign(r) : ''};`);
  if (i >= TRACE_FROM) writeSync(1, `O ${i} ${outcome} ${code} ${outcome === 'returned' ? describe(r) : ''}\n`);
  counts.byProc[proc] = (counts.byProc[proc] ?? 0) + 1;
  if (outcome === 'returned') {
    if ((proc === 'recv' || proc === 'recvfrom') && r > 0) counts.bytesReceived += r;
    else if ((proc === 'send' || proc === 'sendto') && r > 0) counts.bytesSent += r;
    else if (proc === 'accept' && r[0] >= 0) counts.accepted++;
    else if (proc === 'connect' && r === 0) counts.connected++;
  }
  if (outcome === 'returned') counts.returned++;
  else counts.threw[outcome] = (counts.threw[outcome] ?? 0) + 1;
  const call = () => ({ proc, args: args.map((a) => describe(a)), intent, outcome });
  if (intent === 'bad' && outcome !== expected) finding(i, `a wrong value was not refused with ${expected}`, call());
  if (intent === 'valid' && outcome !== 'returned' && !target.raises.includes(outcome) && !(proc === 'getAddrString' && outcome === 'RangeError')) {
    finding(i, `valid arguments, but ${outcome}`, call());
  }
  if (outcome === 'returned') {
    const wrong = contract(proc, args, r, before);
    if (wrong) finding(i, `contract: ${wrong}`, call());
    absorb(proc, args, r);
  } else if (proc === 'close' && typeof args[0] === 'number') untrack(args[0]);
}
const ms = performance.now() - started;
for (const s of sockets) A.close(s.h);
const stillPending = await fuzzAsync.drain(10_000);
if (stillPending > 0) finding(CALLS, `${stillPending} Async calls still pending 10 s after every socket was closed`, {});
rmSync(dir, { recursive: true, force: true });
writeSync(1, `${JSON.stringify({ backend: A.backend, seed, trail: trail.toString(16), ms: Math.round(ms), callsPerSecond: Math.round((counts.calls / ms) * 1000), ...counts, findings })}\n`);
