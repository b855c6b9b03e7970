// The raw interface's pointer surface on both backends: `ptr` results and
// arguments (bigint, 0n for NULL), a BigUint64Array(1) as a `struct addrinfo **`
// out-parameter, the peek / peekCString intrinsics, and the failure kinds
// returnsCode, null and nullHErrno. Each check runs on every backend under test
// and both must record exactly the same results.
import koffi from 'koffi';
import { describe, expect, test } from 'vitest';
import { CONSTANTS, ENUM_OS_VALUES } from '../../generated/platformTables.js';
import { PEEK_MAX_BYTES, type RawBackend } from '../../generated/rawBackend.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { currentPlatform } from '../../runtime/platform.js';
import { TESTABLE_BACKENDS } from '../support/backends.js';
import { RUNTIME } from '../support/runtimes.js';

const AF_INET = 2;
const AI_NUMERICHOST = 4;
/** h_errno values from netdb.h (the same on every POSIX platform). */
const HOST_NOT_FOUND = 1;
const TRY_AGAIN = 2;
const linux = process.platform === 'linux';
/**
 * A name the resolver rejects locally, sending no DNS query: its first label is
 * longer than DNS allows (63 bytes). Tests must never resolve names outside
 * /etc/hosts, which would query the network's name server.
 */
const UNRESOLVABLE = `${'a'.repeat(64)}.example`;

function hintsFor(family: number, flags: number): Uint8Array {
  const hints = new Uint8Array(48); // sizeof(struct addrinfo) on every 64-bit platform of the spec
  const view = new DataView(hints.buffer);
  view.setInt32(0, flags, true); // ai_flags
  view.setInt32(4, family, true); // ai_family
  return hints;
}

/** A little-endian field of a peeked struct. */
const int32At = (bytes: Uint8Array, offset: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset).getInt32(offset, true);
const pointerAt = (bytes: Uint8Array, offset: number): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(offset, true);

/** What a call did: its value, or the class and message of what it threw. */
function outcome(fn: () => unknown): { value: unknown } | { threw: string; message: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { threw: (e as Error).constructor.name, message: (e as Error).message };
  }
}

type Check = (raw: RawBackend, record: (label: string, value: unknown) => void) => void;

const checks: Record<string, Check> = {
  'getaddrinfo fills a BigUint64Array(1) with the list, peek reads its first node, freeaddrinfo frees it'(raw, record) {
    const res = new BigUint64Array(1);
    const rc = raw.getaddrinfo('127.0.0.1', '80', hintsFor(AF_INET, AI_NUMERICHOST), res);
    expect(rc).toBe(0);
    const list = res[0]!;
    expect(typeof list).toBe('bigint');
    expect(list).not.toBe(0n);
    const node = raw.peek(list, 48);
    expect(node).toBeInstanceOf(Uint8Array);
    expect(node.length).toBe(48);
    expect(int32At(node, 4)).toBe(AF_INET); // ai_family
    // peek copies: reading twice gives equal bytes in distinct arrays.
    const again = raw.peek(list, 48);
    expect(again).toEqual(node);
    expect(again.buffer).not.toBe(node.buffer);
    expect(raw.freeaddrinfo(list)).toBeUndefined();
    record('rc', rc);
    record('ai_flags, ai_family', [int32At(node, 0), int32At(node, 4)]);
  },
  'getaddrinfo returns its error code for a name that does not exist, and gai_strerror gives text'(raw, record) {
    const res = new BigUint64Array(1);
    const rc = raw.getaddrinfo(UNRESOLVABLE, '80', hintsFor(0, 0), res);
    expect(rc).not.toBe(0);
    record('rc', rc);
    if (raw.gai_strerror) {
      const text = raw.gai_strerror(rc);
      expect(typeof text).toBe('string');
      expect(text.length).toBeGreaterThan(0);
      record('message', text);
    }
  },
  'getservbyname returns the servent, whose s_name peekCString reads'(raw, record) {
    const servent = raw.getservbyname('http', 'tcp');
    expect(typeof servent).toBe('bigint');
    expect(servent).not.toBe(0n);
    const sName = pointerAt(raw.peek(servent, 32), 0);
    const name = raw.peekCString(sName);
    expect(name).toBe('http');
    record('s_name', name);
  },
  'getservbyname returns 0n for an unknown service'(raw, record) {
    const servent = raw.getservbyname('nope-nope', 'tcp');
    expect(servent).toBe(0n);
    record('result', servent);
  },
  'gethostbyname returns 0n and lastError() holds h_errno for a name that does not exist'(raw, record) {
    const hostent = raw.gethostbyname(UNRESOLVABLE);
    expect(hostent).toBe(0n);
    const herr = raw.lastError();
    if (linux) expect([HOST_NOT_FOUND, TRY_AGAIN]).toContain(herr);
    record('result', hostent);
    record('h_errno', herr);
  },
  'gethostbyaddr, getprotobyname, inet_pton and gethostname round trip'(raw, record) {
    const proto = raw.getprotobyname('tcp');
    expect(proto).not.toBe(0n);
    record('p_name', raw.peekCString(pointerAt(raw.peek(proto, 24), 0)));
    const addr = new Uint8Array(4);
    record('inet_pton', [
      raw.inet_pton(AF_INET, '10.1.2.3', addr),
      [...addr],
      raw.inet_pton(AF_INET, 'not an address', addr),
    ]);
    const host = new Uint8Array(256);
    record('gethostname', raw.gethostname(host, host.length));
    const hostent = raw.gethostbyaddr(new Uint8Array([127, 0, 0, 1]), 4, AF_INET);
    record('gethostbyaddr found', hostent !== 0n);
  },
  'peek copies exactly the bytes at an address, and peekCString decodes UTF-8 with U+FFFD for bad bytes'(raw, record) {
    // Memory at a known address: a JS array's, as koffi reports it (valid for the array's lifetime).
    const bytes = new Uint8Array([0x68, 0xc3, 0xa9, 0xff, 0x41, 0xe2, 0x82, 0x00, 0x7a, 0x00]);
    const address = koffi.address(bytes) as bigint;
    const copy = raw.peek(address + 1n, 4);
    expect([...copy]).toEqual([0xc3, 0xa9, 0xff, 0x41]);
    copy[0] = 0;
    expect(bytes[1]).toBe(0xc3); // a copy, not a view
    const text = raw.peekCString(address);
    expect(text).toBe('h\u00e9\ufffdA\ufffd');
    expect(raw.peekCString(address + 8n)).toBe('z');
    record('peek', [...raw.peek(address, bytes.length)]);
    record('peekCString', text);
  },
  'peek and peekCString refuse NULL, non-pointers and bad lengths without reading'(raw, record) {
    const servent = raw.getservbyname('http', 'tcp');
    const cases: [string, () => unknown][] = [
      ['peek(0n, 4)', () => raw.peek(0n, 4)],
      ['peekCString(0n)', () => raw.peekCString(0n)],
      ['peek(number)', () => raw.peek(4096 as never, 4)],
      ['peek(string)', () => raw.peek('0x1000' as never, 4)],
      ['peek(undefined)', () => raw.peek(undefined as never, 4)],
      ['peekCString(number)', () => raw.peekCString(4096 as never)],
      ['peek(-1n)', () => raw.peek(-1n, 4)],
      ['peek(2n ** 64n)', () => raw.peek(2n ** 64n, 4)],
      ['length -1', () => raw.peek(servent, -1)],
      ['length 1.5', () => raw.peek(servent, 1.5)],
      ['length NaN', () => raw.peek(servent, NaN)],
      ['length Infinity', () => raw.peek(servent, Infinity)],
      ['length over 1 MiB', () => raw.peek(servent, PEEK_MAX_BYTES + 1)],
      ['length string', () => raw.peek(servent, '4' as never)],
      ['length 0', () => raw.peek(servent, 0)],
    ];
    for (const [label, fn] of cases) record(label, outcome(fn));
    expect(outcome(() => raw.peek(0n, 4))).toMatchObject({ threw: 'TypeError' });
    expect(raw.peekCString(0n)).toBe('');
    expect(outcome(() => raw.peek(servent, -1))).toMatchObject({ threw: 'RangeError' });
    expect(outcome(() => raw.peek(servent, 1.5))).toMatchObject({ threw: 'RangeError' });
    expect(outcome(() => raw.peek(servent, PEEK_MAX_BYTES + 1))).toMatchObject({ threw: 'RangeError' });
    expect(raw.peek(servent, 0)).toEqual(new Uint8Array(0));
  },
  'a string or number where a ptr or a buffer goes is a TypeError, never a call'(raw, record) {
    const cases: [string, () => unknown][] = [
      ['freeaddrinfo(string)', () => raw.freeaddrinfo('abc' as never)],
      ['freeaddrinfo(number)', () => raw.freeaddrinfo(4096 as never)],
      ['freeaddrinfo(null)', () => raw.freeaddrinfo(null as never)],
      [
        'getaddrinfo res string',
        () => raw.getaddrinfo('127.0.0.1', '80', hintsFor(AF_INET, AI_NUMERICHOST), 'x' as never),
      ],
      ['getaddrinfo hints array', () => raw.getaddrinfo('127.0.0.1', '80', [0] as never, new BigUint64Array(1))],
      ['inet_pton dst DataView', () => raw.inet_pton(AF_INET, '127.0.0.1', new DataView(new ArrayBuffer(16)) as never)],
    ];
    for (const [label, fn] of cases) {
      const o = outcome(fn);
      expect(o, label).toMatchObject({ threw: 'TypeError' });
      record(label, o);
    }
  },
  "a typed array's own byteLength is what counts: a subclass's getter claiming more bytes is a RangeError, never a call"(
    raw,
    record,
  ) {
    const C = CONSTANTS[currentPlatform()];
    // One byte claiming four: C would write a socklen_t's four bytes past its end.
    class ClaimsFourBytes extends Uint8Array {
      override get byteLength(): number {
        return 4;
      }
    }
    const optlen = new ClaimsFourBytes(1);
    expect(optlen.byteLength).toBe(4);
    const o = outcome(() => raw.getsockopt(-1, C.SOL_SOCKET, C.SO_TYPE, new Int32Array(1), optlen as never));
    expect(o).toMatchObject({ threw: 'RangeError' });
    record('getsockopt optlen claiming 4 bytes', o);
  },
  'getsockoptInt reads what getsockopt reads; on a closed handle it is undefined and lastError() holds the error'(
    raw,
    record,
  ) {
    const C = CONSTANTS[currentPlatform()];
    const stream = ENUM_OS_VALUES[currentPlatform()].SockType.SOCK_STREAM!;
    const s = raw.socket(AF_INET, stream, 0);
    expect(s).not.toBe(-1);
    const optval = new Int32Array(1);
    const optlen = new Uint32Array([4]);
    expect(raw.getsockopt(s, C.SOL_SOCKET, C.SO_TYPE, optval, optlen)).toBe(0);
    // Optional in RawBackend: napi and koffi have it, and the runtime's getSockOptInt calls it
    // instead of getsockopt; bunffi and denoffi do not (the runtime calls their getsockopt).
    const withIntrinsic = raw.name === 'napi' || raw.name === 'koffi';
    expect(typeof raw.getsockoptInt).toBe(withIntrinsic ? 'function' : 'undefined');
    const getsockoptInt = raw.getsockoptInt ?? (() => undefined);
    if (withIntrinsic) expect(getsockoptInt(s, C.SOL_SOCKET, C.SO_TYPE)).toBe(optval[0]);
    record('SO_TYPE', optval[0]);
    record('SO_TYPE is SOCK_STREAM', optval[0] === stream);
    expect((raw.close ?? raw.closesocket)!(s)).toBe(0);
    if (!withIntrinsic) return;
    expect(getsockoptInt(s, C.SOL_SOCKET, C.SO_TYPE)).toBeUndefined();
    expect(raw.lastError()).toBe(C.EBADF ?? C.WSAENOTSOCK);
    // Each backend words its own TypeError (the runtime checks before calling): the class is what matches.
    // napi and koffi read a number argument through the runtime's Node-API (napi_get_value_int32),
    // and Deno's converts the string '3' to 3 where Node's and Bun's refuse it: on Deno only the
    // public procs' own checks, which come first, refuse it.
    if (RUNTIME === 'deno') return;
    const threw = outcome(() => getsockoptInt('3' as unknown as number, C.SOL_SOCKET, C.SO_TYPE));
    expect(threw).toMatchObject({ threw: 'TypeError' });
  },
};

describe('raw backends: pointers, peek and the netdb failure kinds', () => {
  test('the run covers at least one backend', () => {
    expect(TESTABLE_BACKENDS.length).toBeGreaterThan(0);
  });

  for (const [name, check] of Object.entries(checks)) {
    test(name, () => {
      const results: Record<string, unknown[]> = {};
      for (const backend of TESTABLE_BACKENDS) {
        const raw = loadRawBackend(backend);
        expect(raw.name).toBe(backend);
        const log: unknown[] = [];
        check(raw, (label, value) => log.push([label, value]));
        results[backend] = log;
      }
      const [first, ...rest] = Object.values(results);
      expect(first!.length).toBeGreaterThan(0);
      for (const other of rest) expect(other).toEqual(first);
    });
  }
});
