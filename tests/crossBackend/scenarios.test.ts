// The same calls on both backends give the same results: values, thrown error
// classes and codes, and osLastError() after a failed call. Handles differ
// between processes' descriptor tables, so they are compared by validity only.
import { describe, expect, test } from 'vitest';
import { TESTABLE_BACKENDS } from '../support/backends.js';
import { type Api, loadBackend } from '../support/scenario.js';

/** One scenario: a sequence of calls whose observable results are recorded. */
type Scenario = (api: Api, record: (label: string, value: unknown) => void) => void;

function outcome(fn: () => unknown): unknown {
  try {
    const v = fn();
    return { value: v };
  } catch (e) {
    const err = e as { name: string; code?: string; errorCode?: number; syscall?: string };
    return { threw: err.name, code: err.code, errorCode: err.errorCode, syscall: err.syscall };
  }
}

const scenarios: Record<string, Scenario> = {
  'socket options round trip'(api, record) {
    const s = api.createNativeSocket();
    record('valid handle', s >= 0);
    api.setSockOptInt(s, api.SOL_SOCKET, api.SO_REUSEADDR, 1);
    record('SO_REUSEADDR', api.getSockOptInt(s, api.SOL_SOCKET, api.SO_REUSEADDR));
    api.setSockOptInt(s, api.SOL_SOCKET, api.SO_KEEPALIVE, 1);
    record('SO_KEEPALIVE', api.getSockOptInt(s, api.SOL_SOCKET, api.SO_KEEPALIVE));
    record('SO_ERROR', api.getSockOptInt(s, api.SOL_SOCKET, api.SO_ERROR));
    api.setBlocking(s, false);
    api.setBlocking(s, true);
    record('setInheritable', [api.setInheritable(s, true), api.setInheritable(s, false)]);
    api.close(s);
  },
  'failures and osLastError'(api, record) {
    record('bad family', api.createNativeSocket(12345, 1, 0));
    record('errno after bad family', api.osLastError());
    record(
      'getsockopt on a bad handle',
      outcome(() => api.getSockOptInt(0x3fffffff as never, api.SOL_SOCKET, api.SO_ERROR)),
    );
    record('errno after EBADF', api.osLastError());
    record(
      'setBlocking on a bad handle',
      outcome(() => api.setBlocking(0x3fffffff as never, false)),
    );
    record('message', api.osErrorMsg(api.osLastError()));
    record(
      'raiseOSError',
      outcome(() => api.raiseOSError(api.EBADF!, 'info')),
    );
  },
  'argument checks'(api, record) {
    const bad: [string, () => unknown][] = [
      ['Port string', () => api.Port('80' as never)],
      ['Port fraction', () => api.Port(1.5)],
      ['ntohs range', () => api.ntohs(70000)],
      ['toInt number', () => api.toInt(2 as never)],
      ['create mixed', () => api.createNativeSocket(2 as never, api.SOCK_STREAM as never, 0 as never)],
      ['handle string', () => api.close('3' as never)],
      ['handle NaN', () => api.close(NaN as never)],
      ['optval bool', () => api.setSockOptInt(0 as never, 1, 2, true as never)],
    ];
    for (const [label, fn] of bad) record(label, outcome(fn));
  },
  'pure values'(api, record) {
    record('enums', [
      api.toInt(api.AF_INET6),
      api.toInt(api.SOCK_RAW),
      api.toInt(api.IPPROTO_ICMP),
      api.toSockType(api.IPPROTO_UDP),
    ]);
    record('byte order', [api.htons(80), api.ntohl(0x7f000001), api.htonl(1)]);
    record('known domain', [api.toKnownDomain(2), api.toKnownDomain(999)]);
    record('constants', [
      api.SOL_SOCKET,
      api.SOMAXCONN,
      api.SO_REUSEPORT,
      api.SO_NOSIGPIPE,
      api.MSG_PEEK,
      api.IPPROTO_NONE,
      api.osInvalidSocket,
    ]);
  },
};

describe('both backends behave the same', () => {
  test('the run covers both backends', () => {
    expect(
      TESTABLE_BACKENDS.length,
      'set NATIVESOCKETS_TEST_BACKENDS only on a machine without a C++ toolchain',
    ).toBeGreaterThan(0);
  });

  for (const [name, scenario] of Object.entries(scenarios)) {
    test(name, async () => {
      const results: Record<string, unknown[]> = {};
      for (const backendName of TESTABLE_BACKENDS) {
        const api = await loadBackend(backendName);
        expect(api.backend).toBe(backendName);
        const log: unknown[] = [];
        scenario(api, (label, value) => log.push([label, value]));
        results[backendName] = log;
      }
      const [first, ...rest] = Object.values(results);
      for (const other of rest) expect(other).toEqual(first);
      expect(first!.length).toBeGreaterThan(0);
    });
  }
});
