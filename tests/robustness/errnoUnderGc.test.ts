// errno (and h_errno) is read in the same synchronous wrapper as the call that
// set it, before anything else can run: proven here under GC pressure, on the
// backend of this run and the runtime running the test (the deno-denoffi pass
// of `npm test` runs it on Deno). Thousands of failing calls, each with an
// errno other than the call before it, with garbage made and the GC forced
// between them: one stale or overwritten value fails the test.
import { describe, expect, test } from 'vitest';
import { CONSTANTS } from '../../generated/platformTables.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { currentPlatform } from '../../runtime/platform.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { forceGc, RUNTIME, skippedHere } from '../support/runtimes.js';
import { loadBackend } from '../support/scenario.js';

const C = CONSTANTS[currentPlatform()];
const posix = process.platform !== 'win32';
const ROUNDS = 5_000;
/** A name the resolver rejects locally (a label over 63 bytes): no DNS query. */
const UNRESOLVABLE = `${'a'.repeat(64)}.example`;
const HOST_NOT_FOUND = 1;

/** Short-lived garbage: enough that the young generation fills every few rounds. */
function makeGarbage(): number {
  let n = 0;
  for (let i = 0; i < 200; i++) n += [{ i }, new Uint8Array(64), `s${i}`].length;
  return n;
}

describe.each(BACKENDS_UNDER_TEST)(`errno under GC pressure [%s on ${RUNTIME}]`, (backend) => {
  test.runIf(posix)(
    `${ROUNDS} rounds of failing calls, each errno exact, the GC forced every 50 rounds${skippedHere(!posix, 'the errno values are POSIX ones (Windows reads WSAGetLastError)')}`,
    async () => {
      const api = await loadBackend(backend);
      const [AF_INET, SOCK_STREAM] = [api.toInt(api.AF_INET), api.toInt(api.SOCK_STREAM)];
      const raw = loadRawBackend(backend);
      const gc = forceGc();
      const s = raw.socket(AF_INET, SOCK_STREAM, 0);
      expect(s).toBeGreaterThanOrEqual(0);
      const intBuf = new Int32Array(1);
      const len = new Uint32Array([4]);
      // Each call fails with its own errno, so a value left from the call before shows.
      const calls: [string, () => number, number][] = [
        ['close(-1)', () => raw.close!(-1), C.EBADF!],
        ['socket(bad family)', () => raw.socket(0x3ff, SOCK_STREAM, 0), C.EAFNOSUPPORT!],
        ['getsockopt(bad option)', () => raw.getsockopt(s, C.SOL_SOCKET, 0x7fff, intBuf, len), C.ENOPROTOOPT!],
        ['bind(1-byte address)', () => raw.bind(s, new Uint8Array(1), 1), C.EINVAL!],
      ];
      const wrong: string[] = [];
      let garbage = 0;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const [what, call, errno] = calls[round % calls.length]!;
          garbage += makeGarbage();
          if (round % 50 === 0) gc();
          const r = call();
          const got = raw.lastError();
          if (r !== -1 || got !== errno)
            wrong.push(`round ${round}: ${what} returned ${r}, lastError ${got}, want ${errno}`);
          if (round % 500 === 0) {
            // h_errno too: a failed gethostbyname between errno calls.
            const h = raw.gethostbyname(UNRESOLVABLE);
            if (h !== 0n || raw.lastError() !== HOST_NOT_FOUND)
              wrong.push(
                `round ${round}: gethostbyname gave ${h}, lastError ${raw.lastError()}, want ${HOST_NOT_FOUND}`,
              );
          }
        }
      } finally {
        raw.close!(s);
      }
      expect(garbage).toBeGreaterThan(0);
      expect(wrong.slice(0, 10), `${wrong.length} wrong of ${ROUNDS}`).toEqual([]);
    },
    60_000,
  );
});
