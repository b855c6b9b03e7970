// Name-service lookups, lists and their errors give the same results on every
// backend. The network rule: tests/support/netdb.ts.
import { describe, expect, test } from 'vitest';
import { TESTABLE_BACKENDS } from '../support/backends.js';
import { type AddrInfo, describeList, hints, UNRESOLVABLE } from '../support/netdb.js';
import { C, loadBackend } from '../support/scenario.js';

describe('the same results on both backends', () => {
  test('lookups, lists and errors', async () => {
    const results: Record<string, unknown> = {};
    for (const name of TESTABLE_BACKENDS) {
      const api = await loadBackend(name);
      const log: [string, unknown][] = [];
      const record = (label: string, fn: () => unknown): void => {
        try {
          log.push([label, { value: fn() }]);
        } catch (e) {
          const err = e as Error & { code?: unknown; errorCode?: unknown; syscall?: unknown };
          log.push([
            label,
            { threw: err.name, code: err.code, errorCode: err.errorCode, syscall: err.syscall, message: err.message },
          ]);
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
      record(
        '127.0.0.1 any type',
        list(() => api.getAddrInfo('127.0.0.1', api.Port(80), hints({ ai_family: api.toInt(api.AF_INET) }))),
      );
      record(
        'localhost',
        list(() => api.getAddrInfo('localhost', api.Port(80), api.AF_UNSPEC)),
      );
      record(
        'localhost canonname',
        list(() => api.getAddrInfo('localhost', api.Port(80), hints({ ai_flags: C.AI_CANONNAME }))),
      );
      record(
        '::1',
        list(() => api.getAddrInfo('::1', api.Port(443), api.AF_INET6, api.SOCK_DGRAM, api.IPPROTO_UDP)),
      );
      record(
        'mapped',
        list(() => api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET6)),
      );
      record('unresolvable', () => api.getAddrInfo(UNRESOLVABLE, api.Port(80)));
      record('bad socktype', () =>
        api.getAddrInfo('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_TCP),
      );
      record('services', () =>
        ['http', 'https', 'domain'].map((s) => [
          api.getServByName(s, 'tcp'),
          api.getServByPort(api.getServByName(s, 'tcp').port, 'tcp'),
        ]),
      );
      record('no service', () => api.getServByName('nonexistent-service', 'tcp'));
      record('hosts', () => [
        api.getHostByName('localhost'),
        api.getHostByName('127.0.0.1'),
        api.getHostByAddr('127.0.0.1'),
      ]);
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
