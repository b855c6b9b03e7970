// Every backend prints IPv6 addresses the same (RFC 5952, v4-mapped dotted).
import { describe, expect, test } from 'vitest';
import { IPV6_TEXT, v6Bytes } from '../support/addresses.js';
import { TESTABLE_BACKENDS } from '../support/backends.js';
import { loadBackend, Sockets } from '../support/scenario.js';

describe('both backends print addresses the same', () => {
  test('every vector, on every backend under test', async () => {
    const seen = new Map<string, string[]>();
    for (const name of TESTABLE_BACKENDS) {
      const api = await loadBackend(name);
      const sockets = new Sockets(api);
      seen.set(
        name,
        IPV6_TEXT.map(([input]) => api.getAddrString(sockets.inet6(0, v6Bytes(input)))),
      );
    }
    const [first, ...rest] = [...seen.values()];
    for (const other of rest) expect(other).toEqual(first);
  });
});
