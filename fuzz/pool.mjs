// The pool of one fuzz run: the run's own sockets (only these handles, never-open
// numbers and -1 reach a call), the addresses calls may bind, connect or send
// to (loopback and the run's Unix paths), AddrInfo lists; what keeps a call
// within the safety rules of fuzz/runner.mjs (sanitize); and what a call's
// result adds to the pool (absorb).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NEVER_OPEN_HANDLE } from '../tests/robustness/children/fixtures.mjs';
import {
  IPV4_MAPPED_LOOPBACK,
  IPV6_LOOPBACK,
  loopback4 as sharedLoopback4,
  loopback6 as sharedLoopback6,
} from '../tests/support/common.mjs';
import { A, C, chance, dir, int, pick } from './setup.mjs';

/** The run's sockets: { h, kind }. Only these handles reach a call, besides never-open ones and -1. */
export const sockets = [];
/** Addresses calls may bind, connect or send to: loopback and the run's Unix paths. */
export const endpoints = [];
export const addrInfos = [];
export const unixPaths = Array.from({ length: 6 }, (_, i) => join(dir, `s${i}.sock`));
const MAX_SOCKETS = 48;

/** 127.0.0.1 at a host-order port. */
export const loopback4 = (port) => sharedLoopback4(A, port);
/** ::1 (or ::ffff:127.0.0.1) at a host-order port. */
export const loopback6 = (port, mapped = false) =>
  sharedLoopback6(A, port, mapped ? IPV4_MAPPED_LOOPBACK : IPV6_LOOPBACK);
export function track(h, kind, bound = false) {
  if (h < 0) return;
  if (h <= 2) throw new Error(`a call returned handle ${h}: the harness would now use a standard stream`);
  A.setBlocking(h, false);
  sockets.push({ h, kind, bound });
  while (sockets.length > MAX_SOCKETS) {
    // Close one of the others (not the new one, nor the endpoints replenish made).
    const others = sockets
      .slice(0, -1)
      .filter((x) => !x.bound || x.kind === 'created' || x.kind === 'conn' || x.kind === 'accepted');
    const victim = others.length > 0 ? pick(others) : sockets[0];
    untrack(victim.h);
    A.close(victim.h);
  }
}
/** The intrinsic TypedArray byteLength: what C would really get (a TypeError for anything else). */
const realByteLength = /** @type {(this: unknown) => number} */ (
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength')?.get
);

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
export function sanitize(proc, args, target) {
  const was = args.slice();
  // An address a proc binds, connects or sends to (its spec calls bind, connect or sendto).
  const forBind = target.calls.includes('bind');
  if (forBind || target.calls.includes('connect') || target.calls.includes('sendto')) {
    for (const [k, param] of target.params.entries()) {
      if (param.kind.k !== 'sockaddr') continue;
      const length = target.params.findIndex((p) => p.lengthOf === param.name);
      if (length >= 0 && !safeAddress(args[k], args[length], forBind)) {
        args[k] = loopback4(0);
        args[length] = 16;
      }
    }
  }
  sanitizeInPlace(proc, args);
  // Names (string parameters; enum members are strings too, but never names) of a proc that asks the resolver.
  if (target.calls.some((c) => RESOLVERS.includes(c))) {
    for (const [k, param] of target.params.entries()) {
      if (param.kind.k === 'string' && typeof args[k] === 'string' && !localName(args[k])) args[k] = '127.0.0.1';
    }
  }
  return args.some((a, k) => !Object.is(a, was[k]));
}

/** The C functions (the spec's `calls` of a proc) that may ask a name server. */
const RESOLVERS = [
  'getaddrinfo',
  'gethostbyname',
  'gethostbyname_r',
  'gethostbyaddr',
  'gethostbyaddr_r',
  'getnameinfo',
];
const LOCAL_ADDRESSES = ['', '127.0.0.1', '0.0.0.0', '::1', '::', '::ffff:127.0.0.1'];
/**
 * A name the resolver answers without sending anything: loopback or
 * unspecified numeric text, or a name with a label over 63 bytes (refused).
 * Anything else, 'localhost' included (other families than AF_INET could fall
 * through /etc/hosts to DNS), becomes 127.0.0.1.
 */
function localName(text) {
  return LOCAL_ADDRESSES.includes(text) || text.split('.').some((label) => Buffer.byteLength(label) > 63);
}

function sanitizeInPlace(proc, args) {
  const handle = typeof args[0] === 'number' ? sockets.find((x) => x.h === args[0]) : undefined;
  if (proc === 'listen' && handle && !handle.bound)
    args[0] = NEVER_OPEN_HANDLE; // listen() would bind an unbound socket to INADDR_ANY
  else if (proc === 'setBlocking' && handle && args[1] === true) args[1] = false;
  else if (proc === 'fcntl' && handle) {
    if (
      ![C.F_GETFD, C.F_SETFD, C.F_GETFL, C.F_SETFL].includes(args[1]) &&
      Number.isInteger(args[1]) &&
      Math.abs(args[1]) < 1 << 16
    )
      args[1] = C.F_GETFL;
    // The one status flag set on a live socket: O_NONBLOCK (never O_ASYNC, or blocking).
    if (args[1] === C.F_SETFL && Number.isInteger(args[2])) args[2] = C.O_NONBLOCK;
  } else if (proc === 'createNativeSocket' || proc === 'newNativeSocket') {
    if (args[1] === A.SOCK_RAW) args[1] = A.SOCK_STREAM; // the enum member
    // A numeric type whose low bits (the high bits are flags) are not stream, datagram or seqpacket
    // (raw, packet, ...): a stream socket instead.
    const sockType = args[1];
    if (
      typeof sockType === 'number' &&
      Number.isInteger(sockType) &&
      ![C.SOCK_STREAM, C.SOCK_DGRAM, C.SOCK_SEQPACKET].includes(sockType & 0xf)
    ) {
      args[1] = C.SOCK_STREAM;
    }
    // Families other than AF_UNIX, AF_INET and AF_INET6 below Linux's AF_MAX (46), e.g. AF_PACKET and
    // AF_NETLINK, could reach beyond loopback: AF_INET instead (46 and over is refused by the kernel).
    const family = args[0];
    if (
      typeof family === 'number' &&
      Number.isInteger(family) &&
      family > C.AF_INET &&
      family < 46 &&
      family !== C.AF_INET6
    ) {
      args[0] = C.AF_INET;
    }
  }
}

export function untrack(h) {
  const i = sockets.findIndex((s) => s.h === h);
  if (i !== -1) sockets.splice(i, 1);
}
export function replenish() {
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

export function liveHandle() {
  if (sockets.length === 0 || chance(0.12)) return pick([NEVER_OPEN_HANDLE, -1, 1_000_000 + int(1 << 30)]);
  return pick(sockets).h;
}
export const isLive = (h) => sockets.some((s) => s.h === h);

/** A handle for a call that reads: often a socket with something to read. */
export function readableHandle() {
  const busy = sockets.filter((x) => x.kind === 'conn' || x.kind === 'udp');
  return busy.length > 0 && chance(0.6) ? pick(busy).h : liveHandle();
}

/** What a call's result adds to the pool. */
export function absorb(proc, args, r) {
  if ((proc === 'createNativeSocket' || proc === 'newNativeSocket') && Number.isInteger(r) && r >= 0)
    track(r, 'created');
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
