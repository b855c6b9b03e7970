// Name-service lookups on both backends: the owned AddrInfo list (its chain,
// iteration, use after free, double free, `using` and Symbol.dispose, the
// FinalizationRegistry freeing a forgotten list exactly once), the OSError of
// failed lookups (EAI_* and h_errno names), services both ways in host byte
// order, hosts, protocols, and the same results on both backends.
//
// NETWORK RULE: only names in /etc/hosts ('localhost') and numeric addresses are
// resolved. A failing lookup uses a DNS label longer than 63 bytes, which the
// resolver rejects without sending a query; a failing reverse lookup uses '::'
// (glibc answers HOST_NOT_FOUND locally). Anything else could query DNS.
import { hostname } from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RawBackend } from '../../generated/rawBackend.js';
import { createApi } from '../../runtime/api.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, C, loadBackend } from '../support/scenario.js';
import { forceGc } from '../support/runtimes.js';
import { nameWithWineReason, wineSkipReason } from '../support/wine.js';

const linux = process.platform === 'linux';
/** Rejected by the resolver before any query: its first label is longer than 63 bytes. */
const UNRESOLVABLE = `${'a'.repeat(64)}.example`;

type AddrInfo = ReturnType<Api['getAddrInfo']>;
type Hints = Parameters<Api['getAddrInfo']>[2] & object;

/** getAddrInfo hints; the fields left out are 0, as in a zero-filled C struct. */
function hints(h: Partial<Hints>): Hints {
  return { ai_flags: 0, ai_family: 0, ai_socktype: 0, ai_protocol: 0, ...h };
}

/** What a call threw, as plain data. */
function thrown(fn: () => unknown): { name: string; code?: unknown; errorCode?: unknown; errno?: unknown; syscall?: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    const err = e as Error & { code?: unknown; errorCode?: unknown; errno?: unknown; syscall?: unknown };
    return { name: err.name, code: err.code, errorCode: err.errorCode, errno: err.errno, syscall: err.syscall, message: err.message };
  }
  throw new Error('the call did not throw');
}

/** Every field of every node of a list, with its address as text. */
function describeList(api: Api, ai: AddrInfo): unknown[] {
  return [...ai].map((n) => ({
    ai_flags: n.ai_flags,
    ai_family: n.ai_family,
    ai_socktype: n.ai_socktype,
    ai_protocol: n.ai_protocol,
    ai_addrlen: n.ai_addrlen,
    ai_canonname: n.ai_canonname,
    addr: api.getAddrString(n.ai_addr),
    addrBytes: [...n.ai_addr.bytes],
    hasNext: n.ai_next !== null,
  }));
}

const windows = process.platform === 'win32';
/**
 * Tests that need a list of two nodes or more get one from a numeric host and no
 * socket type: one node per type on POSIX. Windows gives one node there, and a
 * longer list would need names that only DNS resolves (spec/procs/netdb.yaml,
 * getAddrInfo): they are skipped on Windows, saying so.
 */
const needsChain = (name: string): [boolean, string] =>
  windows ? [true, `${name} [skipped on Windows: getaddrinfo gives one node for a numeric host without a socket type, and a longer list needs DNS]`] : [false, name];

describe.each(BACKENDS_UNDER_TEST)('name service [%s]', (backendName) => {
  let api: Api;

  beforeAll(async () => {
    api = await loadBackend(backendName);
    expect(api.backend).toBe(backendName);
  });

  describe('AddrInfo', () => {
    test('iterating yields the ai_next chain, each node with a copy of its address', () => {
      // No socket type asked for: one node per type (stream, datagram, raw on glibc).
      const ai = api.getAddrInfo('127.0.0.1', api.Port(8080), hints({ ai_family: api.toInt(api.AF_INET) }));
      try {
        expect(ai).toBeInstanceOf(api.AddrInfo);
        const nodes = [...ai];
        const chain: AddrInfo[] = [];
        for (let n: AddrInfo | null = ai; n !== null; n = n.ai_next) chain.push(n);
        expect(nodes).toEqual(chain);
        expect(nodes[0]).toBe(ai);
        // One node per socket type on POSIX; one node on Windows (spec/procs/netdb.yaml, getAddrInfo).
        expect(nodes.length).toBeGreaterThanOrEqual(windows ? 1 : 2);
        if (linux) expect(nodes.map((n) => n.ai_socktype)).toEqual([api.toInt(api.SOCK_STREAM), api.toInt(api.SOCK_DGRAM), api.toInt(api.SOCK_RAW)]);
        for (const n of nodes) {
          expect(n).toBeInstanceOf(api.AddrInfo);
          expect(n.ai_family).toBe(api.toInt(api.AF_INET));
          expect(n.ai_addrlen).toBe(api.Sockaddr_in.size);
          expect(n.ai_addr).toBeInstanceOf(api.Sockaddr_in);
          expect(api.getAddrString(n.ai_addr)).toBe('127.0.0.1');
          // A view over its own copy: the same object on every read.
          expect(n.ai_addr).toBe(n.ai_addr);
          expect(n.ai_canonname).toBeNull();
          // A node is iterable too: from itself to the end of the chain.
          expect([...n]).toEqual(nodes.slice(nodes.indexOf(n)));
        }
        expect(nodes.at(-1)!.ai_next).toBeNull();
        // Windows' one node has socket type 0.
        const stream = nodes.find((n) => n.ai_socktype === api.toInt(api.SOCK_STREAM)) ?? nodes[0]!;
        expect((stream.ai_addr as InstanceType<Api['Sockaddr_in']>).sin_port).toBe(api.htons(8080));
      } finally {
        api.freeAddrInfo(ai);
      }
    });

    test("'localhost' with AF_UNSPEC resolves to loopback addresses only", () => {
      const ai = api.getAddrInfo('localhost', api.Port(80), api.AF_UNSPEC);
      try {
        const texts = [...ai].map((n) => api.getAddrString(n.ai_addr));
        expect(texts.length).toBeGreaterThan(0);
        for (const t of texts) expect(['127.0.0.1', '::1']).toContain(t);
        expect(texts).toContain('127.0.0.1');
      } finally {
        api.freeAddrInfo(ai);
      }
    });

    test('::1 gives a Sockaddr_in6; AF_INET6 asks for v4-mapped addresses (AI_V4MAPPED)', () => {
      const ai = api.getAddrInfo('::1', api.Port(443), api.AF_INET6);
      try {
        expect(ai.ai_addr).toBeInstanceOf(api.Sockaddr_in6);
        const sa = ai.ai_addr as InstanceType<Api['Sockaddr_in6']>;
        expect(sa.sin6_family).toBe(api.toInt(api.AF_INET6));
        expect(sa.sin6_port).toBe(api.htons(443));
        expect(api.getAddrString(sa)).toBe('::1');
      } finally {
        api.freeAddrInfo(ai);
      }
      if (linux) {
        const mapped = api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET6);
        try {
          expect(mapped.ai_family).toBe(api.toInt(api.AF_INET6));
          expect([...(mapped.ai_addr as InstanceType<Api['Sockaddr_in6']>).sin6_addr.s6_addr]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1]);
          expect(api.getAddrString(mapped.ai_addr)).toBe('127.0.0.1');
        } finally {
          api.freeAddrInfo(mapped);
        }
      }
    });

    test('SOCK_RAW leaves the port out, as Nim does', () => {
      if (!linux) return;
      const ai = api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_RAW, api.IPPROTO_TCP);
      try {
        expect(ai.ai_socktype).toBe(api.toInt(api.SOCK_RAW));
        expect((ai.ai_addr as InstanceType<Api['Sockaddr_in']>).sin_port).toBe(0);
      } finally {
        api.freeAddrInfo(ai);
      }
    });

    test('AddrInfoHints fields are optional: a field left out is 0, as in a zero-filled C struct', () => {
      const zeroFilled: Hints = { ai_flags: 0, ai_family: 0, ai_socktype: 0, ai_protocol: 0 };
      const empty: Hints = {};
      const lookup = (h: Hints): unknown[] => {
        const ai = api.getAddrInfo('127.0.0.1', api.Port(80), h);
        try {
          return describeList(api, ai);
        } finally {
          api.freeAddrInfo(ai);
        }
      };
      expect(lookup(empty)).toEqual(lookup(zeroFilled));
      const datagram: Hints = { ai_family: api.toInt(api.AF_INET), ai_socktype: api.toInt(api.SOCK_DGRAM) };
      const nodes = lookup(datagram) as { ai_socktype: number; ai_family: number; ai_flags: number }[];
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) expect(n).toMatchObject({ ai_socktype: api.toInt(api.SOCK_DGRAM), ai_family: api.toInt(api.AF_INET) });
      expect(lookup({ ...datagram, ai_protocol: undefined })).toEqual(nodes);
    });

    test('a node of a list makes hints for another lookup', () => {
      const first = api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
      try {
        const second = api.getAddrInfo('127.0.0.1', api.Port(81), first);
        expect(second.ai_socktype).toBe(api.toInt(api.SOCK_DGRAM));
        expect(second.ai_protocol).toBe(api.toInt(api.IPPROTO_UDP));
        api.freeAddrInfo(second);
      } finally {
        api.freeAddrInfo(first);
      }
      expect(() => api.getAddrInfo('127.0.0.1', api.Port(80), first)).toThrow(api.ValueError);
    });

    test.skipIf(needsChain('after freeAddrInfo every node throws ValueError; the address copies stay valid')[0])(needsChain('after freeAddrInfo every node throws ValueError; the address copies stay valid')[1], () => {
      const ai = api.getAddrInfo('127.0.0.1', api.Port(8080), hints({ ai_family: api.toInt(api.AF_INET) }));
      const second = ai.ai_next!;
      const addr = ai.ai_addr as InstanceType<Api['Sockaddr_in']>;
      const keptAddr = second.ai_addr;
      api.freeAddrInfo(ai);
      for (const node of [ai, second]) {
        for (const field of ['ai_flags', 'ai_family', 'ai_socktype', 'ai_protocol', 'ai_addrlen', 'ai_addr', 'ai_canonname', 'ai_next'] as const) {
          const e = thrown(() => node[field]);
          expect(e.name, field).toBe('ValueError');
          expect(e.message).toMatch(/freed/);
        }
        expect(() => [...node]).toThrow(api.ValueError);
      }
      expect(addr.sin_port).toBe(api.htons(8080));
      expect(api.getAddrString(addr)).toBe('127.0.0.1');
      expect(api.getAddrString(keptAddr)).toBe('127.0.0.1');
    });

    test.skipIf(needsChain('freeing twice, or freeing a node that is not the head, throws ValueError')[0])(needsChain('freeing twice, or freeing a node that is not the head, throws ValueError')[1], () => {
      const ai = api.getAddrInfo('127.0.0.1', api.Port(80), hints({ ai_family: api.toInt(api.AF_INET) }));
      const second = ai.ai_next!;
      const notHead = thrown(() => api.freeAddrInfo(second));
      expect(notHead.name).toBe('ValueError');
      expect(notHead.message).toMatch(/not its head/);
      expect(() => api.dealloc(second)).toThrow(api.ValueError);
      // The list is still whole.
      expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
      expect(second.ai_next).not.toBe(undefined);
      api.freeAddrInfo(ai);
      const twice = thrown(() => api.freeAddrInfo(ai));
      expect(twice.name).toBe('ValueError');
      expect(twice.message).toMatch(/already freed/);
      expect(() => api.dealloc(ai)).toThrow(api.ValueError);
      expect(() => api.freeAddrInfo(second)).toThrow(api.ValueError);
      // Disposal after a free does nothing (`using` plus an explicit free is fine).
      expect(() => ai[Symbol.dispose]()).not.toThrow();
    });

    test('dealloc is freeAddrInfo under its older name', () => {
      const ai = api.getAddrInfo('127.0.0.1', api.Port(80));
      api.dealloc(ai);
      expect(() => ai.ai_family).toThrow(api.ValueError);
      expect(() => api.freeAddrInfo(ai)).toThrow(api.ValueError);
    });

    test('`using` frees the list at the end of the block', () => {
      let kept: AddrInfo;
      {
        using ai = api.getAddrInfo('127.0.0.1', api.Port(80));
        kept = ai;
        expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
      }
      expect(() => kept.ai_family).toThrow(api.ValueError);
      expect(() => api.freeAddrInfo(kept)).toThrow(api.ValueError);
    });

    test.skipIf(needsChain('Symbol.dispose frees the list; disposing a node that is not the head throws')[0])(needsChain('Symbol.dispose frees the list; disposing a node that is not the head throws')[1], () => {
      const ai = api.getAddrInfo('127.0.0.1', api.Port(80), hints({ ai_family: api.toInt(api.AF_INET) }));
      expect(() => ai.ai_next![Symbol.dispose]()).toThrow(api.ValueError);
      ai[Symbol.dispose]();
      expect(() => ai.ai_protocol).toThrow(api.ValueError);
      expect(() => ai[Symbol.dispose]()).not.toThrow();
      expect(() => api.freeAddrInfo(ai)).toThrow(api.ValueError);
    });

    test('only getAddrInfo makes AddrInfo objects', () => {
      expect(() => new (api.AddrInfo as unknown as new () => unknown)()).toThrow(TypeError);
      expect(() => api.freeAddrInfo({ ai_family: 2 } as never)).toThrow(TypeError);
      expect(() => api.freeAddrInfo(undefined as never)).toThrow(TypeError);
    });
  });

  describe('failed lookups', () => {
    test("getAddrInfo's OSError: the gai_strerror text, code the EAI_* name, errorCode its value", () => {
      const e = thrown(() => api.getAddrInfo(UNRESOLVABLE, api.Port(80)));
      expect(e).toMatchObject({ name: 'OSError', code: 'EAI_NONAME', errorCode: C.EAI_NONAME, errno: C.EAI_NONAME, syscall: 'getaddrinfo' });
      if (linux) expect(e.message).toBe('Name or service not known');
      if (linux) {
        expect(thrown(() => api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_TCP)))
          .toMatchObject({ name: 'OSError', code: 'EAI_SOCKTYPE', errorCode: C.EAI_SOCKTYPE, message: 'ai_socktype not supported' });
        expect(thrown(() => api.getAddrInfo('::1', api.Port(80), api.AF_INET)))
          .toMatchObject({ name: 'OSError', code: 'EAI_ADDRFAMILY', errorCode: C.EAI_ADDRFAMILY });
        expect(thrown(() => api.getAddrInfo('127.0.0.1', api.Port(80), hints({ ai_flags: -1 }))))
          .toMatchObject({ name: 'OSError', code: 'EAI_BADFLAGS', errorCode: C.EAI_BADFLAGS });
      }
    });

    test("getHostByName's and getHostByAddr's OSError carry h_errno", () => {
      const e = thrown(() => api.getHostByName(UNRESOLVABLE));
      expect(e).toMatchObject({ name: 'OSError', code: 'HOST_NOT_FOUND', errorCode: C.HOST_NOT_FOUND, syscall: expect.stringMatching(/^gethostbyname(_r)?$/) });
      if (linux) expect(e.message).toMatch(/^Unknown host\n/);
      if (linux) {
        expect(thrown(() => api.getHostByAddr('::')))
          .toMatchObject({ name: 'OSError', code: 'HOST_NOT_FOUND', errorCode: C.HOST_NOT_FOUND, syscall: expect.stringMatching(/^gethostbyaddr(_r)?$/) });
      }
    });

    test('getHostByAddr refuses text that is not an address, before any lookup', () => {
      for (const bad of ['', 'localhost', '127.0.0.1.2', '127.1', '::g', '1.2.3.4 ', '[::1]']) {
        expect(thrown(() => api.getHostByAddr(bad)).name, bad).toBe('ValueError');
      }
    });

    test('services and protocols that do not exist', () => {
      expect(thrown(() => api.getServByName('nonexistent-service', 'tcp'))).toMatchObject({ name: 'OSError', syscall: expect.stringMatching(/^getservbyname(_r)?$/) });
      expect(thrown(() => api.getServByPort(api.Port(80), 'nonexistent-proto'))).toMatchObject({ name: 'OSError', syscall: expect.stringMatching(/^getservbyport(_r)?$/) });
      const e = thrown(() => api.getProtoByName('nonexistent-proto'));
      expect(e).toMatchObject({ name: 'OSError', syscall: expect.stringMatching(/^getprotobyname(_r)?$/) });
      expect(e.message).toContain('nonexistent-proto');
    });
  });

  describe('services, hosts, protocols', () => {
    test('services in host byte order both ways', () => {
      const names = ['http', 'ssh', 'smtp', 'domain', ...(linux ? ['dircproxy'] : [])];
      for (const name of names) {
        const byName = api.getServByName(name, 'tcp');
        expect(byName.name).toBe(name);
        expect(byName.proto).toBe('tcp');
        const byPort = api.getServByPort(byName.port, 'tcp');
        expect(byPort).toEqual(byName);
      }
      expect(api.getServByName('http', 'tcp').port).toBe(80);
      // Above 32767, where Nim's conversion fails.
      if (linux) expect(api.getServByName('dircproxy', 'tcp').port).toBe(57000);
    });

    // A port whose network-order high byte is 0x80 or more (443 is 0xbb01 there).
    const https = 'https (443) in host byte order both ways';
    test.skipIf(wineSkipReason(https))(nameWithWineReason(https), () => {
      const byName = api.getServByName('https', 'tcp');
      expect(byName.port).toBe(443);
      expect(api.getServByPort(byName.port, 'tcp')).toEqual(byName);
    });

    test('Servent and Hostent are plain objects with the Nim field names', () => {
      const s = api.getServByName('http', 'tcp');
      expect(Object.keys(s).sort()).toEqual(['aliases', 'name', 'port', 'proto']);
      expect(Array.isArray(s.aliases)).toBe(true);
      const h = api.getHostByName('localhost');
      expect(Object.keys(h).sort()).toEqual(['addrList', 'addrtype', 'aliases', 'length', 'name']);
      expect(h).toMatchObject({ name: 'localhost', addrtype: api.AF_INET, length: 4 });
      expect(h.addrList).toContain('127.0.0.1');
      for (const a of h.addrList) expect(typeof a).toBe('string');
    });

    test('getHostByAddr reads IPv4 text; the entry round trips through getHostByName', () => {
      const h = api.getHostByAddr('127.0.0.1');
      expect(h.name).toBe('localhost');
      expect(h.addrList).toEqual(['127.0.0.1']);
      expect(api.getHostByName(h.name).addrList).toContain('127.0.0.1');
    });

    test('getHostname is the local host name; getProtoByName the protocol numbers', () => {
      expect(api.getHostname()).toBe(hostname());
      expect(api.getProtoByName('tcp')).toBe(api.toInt(api.IPPROTO_TCP));
      expect(api.getProtoByName('udp')).toBe(17);
      expect(api.getProtoByName('ipv6')).toBe(api.toInt(api.IPPROTO_IPV6));
    });
  });
});

describe('the same results on both backends', () => {
  test('lookups, lists and errors', async () => {
    const results: Record<string, unknown> = {};
    for (const name of BACKENDS_UNDER_TEST) {
      const api = await loadBackend(name);
      const log: [string, unknown][] = [];
      const record = (label: string, fn: () => unknown): void => {
        try {
          log.push([label, { value: fn() }]);
        } catch (e) {
          const err = e as Error & { code?: unknown; errorCode?: unknown; syscall?: unknown };
          log.push([label, { threw: err.name, code: err.code, errorCode: err.errorCode, syscall: err.syscall, message: err.message }]);
        }
      };
      const list = (fn: () => AddrInfo) => () => {
        const ai = fn();
        try {
          return describeList(api, ai);
        } finally {
          api.freeAddrInfo(ai);
        }
      };
      record('127.0.0.1 any type', list(() => api.getAddrInfo('127.0.0.1', api.Port(80), hints({ ai_family: api.toInt(api.AF_INET) }))));
      record('localhost', list(() => api.getAddrInfo('localhost', api.Port(80), api.AF_UNSPEC)));
      record('localhost canonname', list(() => api.getAddrInfo('localhost', api.Port(80), hints({ ai_flags: C.AI_CANONNAME }))));
      record('::1', list(() => api.getAddrInfo('::1', api.Port(443), api.AF_INET6, api.SOCK_DGRAM, api.IPPROTO_UDP)));
      record('mapped', list(() => api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET6)));
      record('unresolvable', () => api.getAddrInfo(UNRESOLVABLE, api.Port(80)));
      record('bad socktype', () => api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_TCP));
      record('services', () => ['http', 'https', 'domain'].map((s) => [api.getServByName(s, 'tcp'), api.getServByPort(api.getServByName(s, 'tcp').port, 'tcp')]));
      record('no service', () => api.getServByName('nonexistent-service', 'tcp'));
      record('hosts', () => [api.getHostByName('localhost'), api.getHostByName('127.0.0.1'), api.getHostByAddr('127.0.0.1')]);
      record('no host', () => api.getHostByName(UNRESOLVABLE));
      record('no address', () => api.getHostByAddr('::'));
      record('bad address', () => api.getHostByAddr('300.1.1.1'));
      record('hostname', () => api.getHostname());
      record('protocols', () => ['tcp', 'udp', 'icmp', 'ipv6'].map((p) => api.getProtoByName(p)));
      record('no protocol', () => api.getProtoByName('nonexistent-proto'));
      results[name] = log;
    }
    const [first, ...rest] = Object.values(results);
    for (const other of rest) expect(other).toEqual(first);
  });
});

// ---- the FinalizationRegistry ----------------------------------------------

/** A full gc(), reachable without starting node with --expose-gc (Bun.gc on Bun). */
const exposeGc = forceGc;

/** One list getaddrinfo made, and how many times it was freed. */
interface ListRecord {
  readonly address: bigint;
  frees: number;
}

/**
 * An API over a raw backend that records every list getaddrinfo makes and every
 * freeaddrinfo call. Addresses are reused once freed, so a free is matched to
 * the live list at its address; a free of no live list is a double free.
 */
function countingApi(name: 'napi' | 'koffi') {
  const raw = loadRawBackend(name);
  const lists: ListRecord[] = [];
  const live = new Map<bigint, ListRecord>();
  const doubleFrees: bigint[] = [];
  const counting: RawBackend = Object.assign(Object.create(raw) as RawBackend, {
    getaddrinfo(node: string, service: string, hints: NodeJS.TypedArray, res: NodeJS.TypedArray): number {
      const rc = raw.getaddrinfo(node, service, hints, res);
      if (rc === 0) {
        const list = { address: (res as BigUint64Array)[0]!, frees: 0 };
        lists.push(list);
        live.set(list.address, list);
      }
      return rc;
    },
    freeaddrinfo(address: bigint): void {
      const list = live.get(address);
      if (list) {
        list.frees++;
        live.delete(address);
      } else doubleFrees.push(address);
      raw.freeaddrinfo(address);
    },
  });
  return { api: createApi(counting), lists, doubleFrees };
}

describe.each(BACKENDS_UNDER_TEST)('a list never freed is freed once it is unreachable [%s]', (backendName) => {
  const gc = exposeGc();

  /** Collects garbage until `done()` or about a second has passed; finalizers run between turns. */
  async function collectUntil(done: () => boolean, rounds = 100): Promise<void> {
    for (let i = 0; i < rounds && !done(); i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  test('exactly once, and never after an explicit free; a reachable node keeps its list', async () => {
    const { api, lists, doubleFrees } = countingApi(backendName);
    const A = await loadBackend(backendName); // for Port and the enums

    // Forgotten: freed by the registry, once.
    (() => {
      const ai = api.getAddrInfo('127.0.0.1', A.Port(80));
      expect(ai.ai_family).toBe(A.toInt(A.AF_INET));
    })();
    const forgotten = lists.at(-1)!;
    await collectUntil(() => forgotten.frees > 0);
    expect(forgotten.frees).toBe(1);

    // Freed explicitly, then forgotten: the registry does not free it again.
    (() => {
      const ai = api.getAddrInfo('127.0.0.1', A.Port(80));
      api.freeAddrInfo(ai);
    })();
    const explicit = lists.at(-1)!;
    expect(explicit.frees).toBe(1);

    // Only a later node kept (the head where the list has one node, as on
    // Windows): the list stays allocated while it is reachable.
    let kept: AddrInfo | null = (() => {
      const list = api.getAddrInfo('127.0.0.1', A.Port(80), hints({ ai_family: A.toInt(A.AF_INET) }));
      return list.ai_next ?? list;
    })();
    const partly = lists.at(-1)!;
    await collectUntil(() => false, 10);
    expect(partly.frees).toBe(0);
    expect(kept!.ai_family).toBe(A.toInt(A.AF_INET));
    kept = null;
    await collectUntil(() => partly.frees > 0);
    expect(partly.frees).toBe(1);

    // More collections change nothing: every list was freed exactly once, none twice.
    await collectUntil(() => false, 10);
    expect(lists.map((l) => l.frees)).toEqual([1, 1, 1]);
    expect(doubleFrees).toEqual([]);
  });
});
