// Helpers of the name-service tests (tests/scenarios/netdb*.test.ts, tests/crossBackend/netdb.test.ts).
//
// NETWORK RULE: only names in /etc/hosts ('localhost') and numeric addresses are
// resolved. A failing lookup uses a DNS label longer than 63 bytes, which the
// resolver rejects without sending a query; a failing reverse lookup uses '::'
// (glibc answers HOST_NOT_FOUND locally). Anything else could query DNS.
import type { Api } from './scenario.js';

export const linux = process.platform === 'linux';
/** Rejected by the resolver before any query: its first label is longer than 63 bytes. */
export const UNRESOLVABLE = `${'a'.repeat(64)}.example`;

export type AddrInfo = ReturnType<Api['getAddrInfo']>;
export type Hints = Parameters<Api['getAddrInfo']>[2] & object;

/** getAddrInfo hints; the fields left out are 0, as in a zero-filled C struct. */
export function hints(h: Partial<Hints>): Hints {
  return { ai_flags: 0, ai_family: 0, ai_socktype: 0, ai_protocol: 0, ...h };
}

/** What a call threw, as plain data. */
export function thrown(fn: () => unknown): {
  name: string;
  code?: unknown;
  errorCode?: unknown;
  errno?: unknown;
  syscall?: unknown;
  message: string;
} {
  try {
    fn();
  } catch (e) {
    const err = e as Error & { code?: unknown; errorCode?: unknown; errno?: unknown; syscall?: unknown };
    return {
      name: err.name,
      code: err.code,
      errorCode: err.errorCode,
      errno: err.errno,
      syscall: err.syscall,
      message: err.message,
    };
  }
  throw new Error('the call did not throw');
}

/** Every field of every node of a list, with its address as text. */
export function describeList(api: Api, ai: AddrInfo): unknown[] {
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

export const windows = process.platform === 'win32';
/**
 * Tests that need a list of two nodes or more get one from a numeric host and no
 * socket type: one node per type on POSIX. Windows gives one node there, and a
 * longer list would need names that only DNS resolves (spec/procs/netdb.yaml,
 * getAddrInfo): they are skipped on Windows, saying so.
 */
export const needsChain = (name: string): [boolean, string] =>
  windows
    ? [
        true,
        `${name} [skipped on Windows: getaddrinfo gives one node for a numeric host without a socket type, and a longer list needs DNS]`,
      ]
    : [false, name];
