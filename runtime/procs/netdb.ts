// Name-service lookups: getAddrInfo / freeAddrInfo / dealloc, services, hosts,
// protocols and the local host name. The C library's structs are copied out
// with `peek` and read through the spec's per-platform layouts (generated/structs.ts).
import { endianness } from 'node:os';
import {
  type AddrInfoHints,
  Domain,
  type Hostent,
  type NativeSocketsApi,
  type Port,
  Protocol,
  type Servent,
  SockType,
} from '../../generated/api.js';
import { CONSTANT_GROUPS } from '../../generated/platformTables.js';
import { CStruct_addrinfo, CStruct_hostent, CStruct_protoent, CStruct_servent } from '../../generated/structs.js';
import { ipv4Text, ipv6Text } from '../addressText.js';
import { type AddrInfo, freeAddrInfoList, takeAddrInfoList } from '../addrinfo.js';
import { checkCint, checkCString, checkMember, checkUint16, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { errorName, newOSError, OSError, systemMessage, ValueError } from '../errors.js';
import { netToHost16 as swap16 } from './byteorder.js';

type NetdbProcs = Pick<
  NativeSocketsApi,
  | 'getAddrInfo'
  | 'freeAddrInfo'
  | 'dealloc'
  | 'getServByName'
  | 'getServByPort'
  | 'getHostByName'
  | 'getHostByAddr'
  | 'getHostname'
  | 'getProtoByName'
>;

const LE = endianness() === 'LE';
const utf8 = new TextDecoder('utf-8');

/** The longest NULL-terminated pointer array (aliases, addresses) read before it is taken for corrupt. */
const MAX_ARRAY = 4096;

/** The first buffer a reentrant lookup gets; ERANGE doubles it up to the last. */
export const FIRST_BUFFER = 1024;
export const LAST_BUFFER = 1024 * 1024;
/** The `code` of a lookup that found nothing and set no OS error. */
export const NOT_FOUND = 'ENOTFOUND';
/** glibc's NETDB_INTERNAL: h_errno says to look at errno (the _r result) instead. */
const NETDB_INTERNAL = -1;

/** The name of `value` in a constant group of the spec (`prefix` filters it), or undefined. */
function nameInGroup(ctx: RuntimeContext, group: string, prefix: string, value: number): string | undefined {
  const C = ctx.C as unknown as Record<string, number | undefined>;
  return (CONSTANT_GROUPS[group] ?? []).find((name) => name.startsWith(prefix) && C[name] === value);
}

/**
 * The pieces of the lookups that their Async variants (runtime/async/netdb.ts)
 * share with them: argument handling, error building and struct decoding.
 */
export type NetdbCore = ReturnType<typeof makeNetdbCore>;

const cores = new WeakMap<RuntimeContext, NetdbCore>();

/** One core per context: the lookups and their Async variants share its buffers. */
export function netdbCore(ctx: RuntimeContext): NetdbCore {
  let core = cores.get(ctx);
  if (!core) {
    core = makeNetdbCore(ctx);
    cores.set(ctx, core);
  }
  return core;
}

function makeNetdbCore(ctx: RuntimeContext) {
  const { raw, C } = ctx;
  const families = { AF_INET: ctx.enums.Domain.AF_INET ?? -1, AF_INET6: ctx.enums.Domain.AF_INET6 ?? -1 };
  const domainByValue = new Map<number, Domain>();
  for (const [name, value] of Object.entries(ctx.enums.Domain)) domainByValue.set(value, name as Domain);
  // Nim asks for v4-mapped addresses with AF_INET6, except where the C library
  // does not support AI_V4MAPPED (FreeBSD, OpenBSD, NetBSD, Android, Haiku).
  const v4MappedForInet6 = ctx.platform !== 'freebsd';
  const result = new BigUint64Array(1);

  /** getaddrinfo's OSError: the gai_strerror text, code the EAI_* name, errorCode its value. */
  const gaiError = (rc: number, errno = raw.lastError()): OSError => {
    let message = raw.gai_strerror ? raw.gai_strerror(rc) : systemMessage(ctx, rc);
    if (!message) message = `getaddrinfo error ${rc}`;
    if (C.EAI_SYSTEM !== undefined && rc === C.EAI_SYSTEM && errno !== 0) message += `: ${systemMessage(ctx, errno)}`;
    return new OSError(
      message,
      rc,
      nameInGroup(ctx, 'addrinfo', 'EAI_', rc) ?? errorName(ctx.platform, rc),
      'getaddrinfo',
    );
  };

  /** A failed gethostbyname / gethostbyaddr: the resolver's error (h_errno) with its name and message. */
  const hostError = (syscall: string, what: string, code = raw.lastError()): OSError => {
    const text = (raw.hstrerror ? raw.hstrerror(code) : systemMessage(ctx, code)) || `resolver error ${code}`;
    const name = nameInGroup(ctx, 'netdb', '', code) ?? errorName(ctx.platform, code);
    return new OSError(`${text}\nAdditional info: ${what}`, code, name, syscall);
  };

  /** A failed gethostbyname_r / gethostbyaddr_r: the resolver's error, or the C result when h_errno says errno. */
  const hostFailure = (syscall: string, what: string, rc: number, herr: number): Error =>
    herr === NETDB_INTERNAL || herr === 0
      ? rc !== 0
        ? newOSError(ctx, rc, syscall, what)
        : hostError(syscall, what, herr)
      : hostError(syscall, what, herr);

  // The reentrant lookups write their entry into buffers of the caller's: the
  // plain ones return one static entry per process (glibc), which a lookup on
  // another thread overwrites while this one decodes it — wrong data or a crash.
  const entry = new Uint8Array(Math.max(CStruct_hostent.size, CStruct_servent.size, CStruct_protoent.size));
  let scratch = new Uint8Array(FIRST_BUFFER);
  const found = new BigUint64Array(1);
  const herrno = new Int32Array(1);
  /** Runs a reentrant lookup into this context's buffers, growing `buf` on ERANGE; decodes before returning. */
  const reentrant = <T>(
    call: (entry: Uint8Array, buf: Uint8Array, result: BigUint64Array, herr: Int32Array) => number,
    decode: (rc: number, at: bigint, herr: number) => T,
  ): T => {
    for (;;) {
      found[0] = 0n;
      herrno[0] = 0;
      const rc = call(entry, scratch, found, herrno);
      if (rc === C.ERANGE && found[0] === 0n && scratch.byteLength < LAST_BUFFER) {
        scratch = new Uint8Array(scratch.byteLength * 2);
        continue;
      }
      return decode(rc, found[0]!, herrno[0]!);
    }
  };

  /**
   * A database lookup that found nothing: the OS error if the C library set
   * one, else errorCode 0 with code `ENOTFOUND`, as Node's dns names a name
   * that does not resolve (no OS error number means "not found").
   */
  const notFound = (syscall: string, what: string, code = raw.lastError()): OSError => {
    return code !== 0 ? newOSError(ctx, code, syscall, what) : new OSError(what, 0, NOT_FOUND, syscall);
  };

  /** A NULL-terminated array of pointers at `p`, each mapped by `each`. */
  const pointerArray = <T>(p: bigint, each: (item: bigint) => T): T[] => {
    const out: T[] = [];
    if (p === 0n) return out;
    for (let i = 0; i < MAX_ARRAY; i++) {
      const bytes = raw.peek(p + BigInt(8 * i), 8);
      const item = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, LE);
      if (item === 0n) return out;
      out.push(each(item));
    }
    throw new Error(`nativesockets: a C array of pointers has more than ${MAX_ARRAY} entries`);
  };
  const cStrings = (p: bigint): string[] => pointerArray(p, (s) => raw.peekCString(s));

  const servent = (p: bigint): Servent => {
    const s = new CStruct_servent(raw.peek(p, CStruct_servent.size));
    return {
      name: raw.peekCString(s.s_name),
      aliases: cStrings(s.s_aliases),
      port: swap16(s.s_port) as Port,
      proto: raw.peekCString(s.s_proto),
    };
  };

  const hostent = (p: bigint, syscall: string): Hostent => {
    const h = new CStruct_hostent(raw.peek(p, CStruct_hostent.size));
    const family = h.h_addrtype;
    const length = h.h_length;
    const addrtype = domainByValue.get(family);
    const v4 = addrtype === Domain.AF_INET && length === 4;
    const v6 = addrtype === Domain.AF_INET6 && length === 16;
    if (!v4 && !v6) {
      throw new OSError(
        `${syscall}: unknown h_addrtype ${family} (address length ${length})`,
        0,
        errorName(ctx.platform, 0),
        syscall,
      );
    }
    return {
      name: raw.peekCString(h.h_name),
      aliases: cStrings(h.h_aliases),
      addrtype: addrtype!,
      length,
      addrList: pointerArray(h.h_addr_list, (a) => (v4 ? ipv4Text(raw.peek(a, 4), 0) : ipv6Text(raw.peek(a, 16), 0))),
    };
  };

  /** The OS value of an enum member on this platform; TypeError for a member it lacks. */
  const osValue = (table: Readonly<Partial<Record<string, number>>>, member: string, param: string): number => {
    const v = table[member];
    if (v === undefined) throw typeError('getAddrInfo', param, `a member available on ${ctx.platform}`, member);
    return v;
  };

  /** getAddrInfo's arguments, checked, as getaddrinfo takes them. */
  const addrInfoArgs = (
    address: unknown,
    port: unknown,
    third?: unknown,
    sockType?: unknown,
    protocol?: unknown,
  ): { node: string; service: string; hints: CStruct_addrinfo } => {
    const node = checkCString(address, 'getAddrInfo', 'address');
    const p = checkUint16(port, 'getAddrInfo', 'port');
    const hints = new CStruct_addrinfo();
    if (typeof third === 'object' && third !== null) {
      if (sockType !== undefined || protocol !== undefined) {
        throw typeError('getAddrInfo', 'the arguments', '(address, port, hints) with hints an object', [
          third,
          sockType,
          protocol,
        ]);
      }
      const h = third as Record<string, unknown>;
      for (const field of ['ai_flags', 'ai_family', 'ai_socktype', 'ai_protocol'] as const) {
        const v = h[field];
        hints[field] = v === undefined ? 0 : checkCint(v, 'getAddrInfo', `hints.${field}`);
      }
    } else {
      const d = third === undefined ? Domain.AF_INET : checkMember(third, Domain, 'Domain', 'getAddrInfo', 'domain');
      const t =
        sockType === undefined
          ? SockType.SOCK_STREAM
          : checkMember(sockType, SockType, 'SockType', 'getAddrInfo', 'sockType');
      const pr =
        protocol === undefined
          ? Protocol.IPPROTO_TCP
          : checkMember(protocol, Protocol, 'Protocol', 'getAddrInfo', 'protocol');
      hints.ai_family = osValue(ctx.enums.Domain, d, 'domain');
      hints.ai_socktype = osValue(ctx.enums.SockType, t, 'sockType');
      hints.ai_protocol = osValue(ctx.enums.Protocol, pr, 'protocol');
      if (d === Domain.AF_INET6 && v4MappedForInet6) hints.ai_flags = C.AI_V4MAPPED;
    }
    // Nim leaves the service out for raw sockets, which have no ports.
    const service = hints.ai_socktype === ctx.enums.SockType.SOCK_RAW ? '' : String(p);
    return { node, service, hints };
  };

  /** The AddrInfo owning the list getaddrinfo wrote at `head` (a successful call). */
  const addrInfoResult = (head: bigint): AddrInfo => {
    if (head === 0n)
      throw new OSError('getaddrinfo succeeded but returned no list', 0, errorName(ctx.platform, 0), 'getaddrinfo');
    return takeAddrInfoList(raw, head, families);
  };

  function getAddrInfo(
    address: string,
    port: Port,
    domain?: Domain,
    sockType?: SockType,
    protocol?: Protocol,
  ): AddrInfo;
  function getAddrInfo(address: string, port: Port, hints: AddrInfoHints): AddrInfo;
  function getAddrInfo(
    address: unknown,
    port: unknown,
    third?: unknown,
    sockType?: unknown,
    protocol?: unknown,
  ): AddrInfo {
    const { node, service, hints } = addrInfoArgs(address, port, third, sockType, protocol);
    result[0] = 0n;
    const rc = raw.getaddrinfo(node, service, hints.bytes, result);
    if (rc !== 0) throw gaiError(rc);
    return addrInfoResult(result[0]!);
  }

  /** Binary form of IPv4 or IPv6 text, with its family; ValueError for anything else. */
  const parseIp = (ip: string): { bytes: Uint8Array; family: number } => {
    const v4 = new Uint8Array(4);
    if (families.AF_INET !== -1 && raw.inet_pton(families.AF_INET, ip, v4) === 1)
      return { bytes: v4, family: families.AF_INET };
    const v6 = new Uint8Array(16);
    if (families.AF_INET6 !== -1 && raw.inet_pton(families.AF_INET6, ip, v6) === 1)
      return { bytes: v6, family: families.AF_INET6 };
    throw new ValueError(`getHostByAddr: ${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
  };

  return {
    getAddrInfo,
    addrInfoArgs,
    addrInfoResult,
    gaiError,
    hostError,
    hostFailure,
    notFound,
    reentrant,
    servent,
    hostent,
    parseIp,
    swap16,
  };
}

export function netdbProcs(ctx: RuntimeContext, core: NetdbCore = netdbCore(ctx)): NetdbProcs {
  const { raw } = ctx;
  const { getAddrInfo, hostError, hostFailure, notFound, reentrant, servent, hostent, parseIp } = core;
  const hostBuffer = new Uint8Array(256);

  return {
    getAddrInfo,
    freeAddrInfo: (ai: AddrInfo) => freeAddrInfoList(ai, 'freeAddrInfo'),
    dealloc: (ai: AddrInfo) => freeAddrInfoList(ai, 'dealloc'),

    getServByName(name: string, proto: string): Servent {
      checkCString(name, 'getServByName', 'name');
      checkCString(proto, 'getServByName', 'proto');
      const r = raw.getservbyname_r;
      if (r) {
        return reentrant(
          (e, b, res) => r(name, proto, e, b, b.byteLength, res),
          (rc, at) => {
            if (at === 0n) throw notFound('getservbyname_r', `Service not found: ${name}/${proto}`, rc);
            return servent(at);
          },
        );
      }
      const s = raw.getservbyname(name, proto);
      if (s === 0n) throw notFound('getservbyname', `Service not found: ${name}/${proto}`);
      return servent(s);
    },

    getServByPort(port: Port, proto: string): Servent {
      const p = checkUint16(port, 'getServByPort', 'port');
      checkCString(proto, 'getServByPort', 'proto');
      // The C library takes the port in network byte order.
      const r = raw.getservbyport_r;
      if (r) {
        return reentrant(
          (e, b, res) => r(swap16(p), proto, e, b, b.byteLength, res),
          (rc, at) => {
            if (at === 0n) throw notFound('getservbyport_r', `Service not found: ${p}/${proto}`, rc);
            return servent(at);
          },
        );
      }
      const s = raw.getservbyport(swap16(p), proto);
      if (s === 0n) throw notFound('getservbyport', `Service not found: ${p}/${proto}`);
      return servent(s);
    },

    getHostByName(name: string): Hostent {
      checkCString(name, 'getHostByName', 'name');
      const r = raw.gethostbyname_r;
      if (r) {
        return reentrant(
          (e, b, res, herr) => r(name, e, b, b.byteLength, res, herr),
          (rc, at, herr) => {
            if (at === 0n) throw hostFailure('gethostbyname_r', `host ${JSON.stringify(name)}`, rc, herr);
            return hostent(at, 'gethostbyname_r');
          },
        );
      }
      const h = raw.gethostbyname(name);
      if (h === 0n) throw hostError('gethostbyname', `host ${JSON.stringify(name)}`);
      return hostent(h, 'gethostbyname');
    },

    getHostByAddr(ip: string): Hostent {
      checkCString(ip, 'getHostByAddr', 'ip');
      const { bytes, family } = parseIp(ip);
      const r = raw.gethostbyaddr_r;
      if (r) {
        return reentrant(
          (e, b, res, herr) => r(bytes, bytes.byteLength, family, e, b, b.byteLength, res, herr),
          (rc, at, herr) => {
            if (at === 0n) throw hostFailure('gethostbyaddr_r', `address ${ip}`, rc, herr);
            return hostent(at, 'gethostbyaddr_r');
          },
        );
      }
      const h = raw.gethostbyaddr(bytes, bytes.byteLength, family);
      if (h === 0n) throw hostError('gethostbyaddr', `address ${ip}`);
      return hostent(h, 'gethostbyaddr');
    },

    getHostname(...args: unknown[]): string {
      if (args.length !== 0) throw new TypeError(`getHostname: takes no arguments, got ${args.length}`);
      hostBuffer.fill(0);
      if (raw.gethostname(hostBuffer, hostBuffer.byteLength) === -1)
        throw newOSError(ctx, raw.lastError(), 'gethostname');
      const end = hostBuffer.indexOf(0);
      return utf8.decode(hostBuffer.subarray(0, end === -1 ? hostBuffer.byteLength : end));
    },

    getProtoByName(name: string): number {
      checkCString(name, 'getProtoByName', 'name');
      const protocol = (at: bigint): number => new CStruct_protoent(raw.peek(at, CStruct_protoent.size)).p_proto;
      const r = raw.getprotobyname_r;
      if (r) {
        return reentrant(
          (e, b, res) => r(name, e, b, b.byteLength, res),
          (rc, at) => {
            if (at === 0n) throw notFound('getprotobyname_r', `protocol not found: ${name}`, rc);
            return protocol(at);
          },
        );
      }
      const p = raw.getprotobyname(name);
      if (p === 0n) throw notFound('getprotobyname', `protocol not found: ${name}`);
      return protocol(p);
    },
  };
}
