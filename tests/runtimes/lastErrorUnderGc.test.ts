// errno and h_errno are read inside the backend right after the C call that set
// them, never later: failing calls with different errno values alternate
// thousands of times while the heap churns and the collector runs (Bun.gc on
// Bun, gc() elsewhere), and every call's lastError() must be its own errno. A
// backend that read errno late, after the JIT or the collector made another
// failing call on this thread, or that read it through a stale location, would
// report another call's value. The same for h_errno after a failed lookup.
import { afterAll, describe, expect, test } from 'vitest';
import { CONSTANTS, ENUM_OS_VALUES } from '../../generated/platformTables.js';
import type { RawBackend } from '../../generated/rawBackend.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { currentPlatform } from '../../runtime/platform.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { UNRESOLVABLE } from '../support/netdb.js';
import { forceGc, skippedHere } from '../support/runtimes.js';

const C = CONSTANTS[currentPlatform()];
const E = ENUM_OS_VALUES[currentPlatform()];
const ROUNDS = 20_000;
const LOOKUPS = 200;
const posix = process.platform !== 'win32';
const gc = forceGc();
/** The collector started without waiting for it, where the runtime can (Bun): it runs beside the calls. */
const gcInBackground = (globalThis as { Bun?: { gc(sync: boolean): void } }).Bun?.gc.bind(null, false);

/** Allocation that makes the collector busy: short-lived objects, strings and typed arrays. */
function churn(keep: unknown[], i: number): void {
  keep.push({ i, s: `round ${i}`.repeat(4), a: new Uint8Array(64 + (i % 256)), l: [i, i + 1, i + 2] });
  if (keep.length > 512) keep.splice(0, 256);
}

describe.each(BACKENDS_UNDER_TEST)('lastError under GC pressure [%s]', (backend) => {
  const raw: RawBackend = loadRawBackend(backend);
  const udp = raw.socket(E.Domain.AF_INET!, E.SockType.SOCK_DGRAM!, 0);
  const close = (fd: number): number => (raw.close ? raw.close(fd) : raw.closesocket!(fd));
  afterAll(() => {
    close(udp);
  });

  test.skipIf(!posix)(
    `${ROUNDS} failing calls, three errno values in turn, each reads its own errno${skippedHere(!posix, 'the errno values here are POSIX ones')}`,
    () => {
      expect(udp).toBeGreaterThanOrEqual(0);
      const keep: unknown[] = [];
      // Three calls that fail with three different errno values, without side effects.
      const calls: [string, () => number, number][] = [
        ['close(a descriptor never opened)', () => close(0x3fffffff), C.EBADF!],
        ['socket(an unknown family)', () => raw.socket(12345, E.SockType.SOCK_STREAM!, 0), C.EAFNOSUPPORT!],
        ['listen(a UDP socket)', () => raw.listen(udp, 1), C.EOPNOTSUPP!],
      ];
      const wrong: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const [what, call, expected] = calls[i % calls.length]!;
        churn(keep, i);
        const r = call();
        const got = raw.lastError();
        if (r !== -1 || got !== expected)
          wrong.push(`round ${i}: ${what} returned ${r}, errno ${got} (want ${expected})`);
        if (i % 500 === 0) gc();
        else if (i % 50 === 0) gcInBackground?.();
      }
      expect(wrong.slice(0, 5), `${wrong.length} of ${ROUNDS} calls read another errno`).toEqual([]);
    },
    120_000,
  );

  test.skipIf(!posix)(
    `${LOOKUPS} failed lookups between failing socket calls each read h_errno, not errno${skippedHere(!posix, 'h_errno is WSAGetLastError() on Windows')}`,
    () => {
      const keep: unknown[] = [];
      const wrong: string[] = [];
      let first: number | undefined;
      for (let i = 0; i < LOOKUPS; i++) {
        churn(keep, i);
        // errno becomes EBADF just before, so a read of errno instead of h_errno shows.
        close(0x3fffffff);
        const hostent = raw.gethostbyname(UNRESOLVABLE);
        const herr = raw.lastError();
        first ??= herr;
        if (hostent !== 0n || herr !== first || herr === C.EBADF)
          wrong.push(`round ${i}: gethostbyname returned ${hostent}, h_errno ${herr} (first ${first})`);
        if (i % 20 === 0) gc();
      }
      expect([C.HOST_NOT_FOUND, C.TRY_AGAIN, C.NO_DATA]).toContain(first);
      expect(wrong.slice(0, 5), `${wrong.length} of ${LOOKUPS} lookups`).toEqual([]);
    },
    120_000,
  );
});
