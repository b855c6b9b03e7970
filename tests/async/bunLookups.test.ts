// Bun's lookup Workers (runtime/bun/lookups.ts) at their own interface: the
// `threadpool` calls the bunffi backend exposes and every backend's Async name
// lookups use on Bun. The Async variants themselves are tested on every
// runtime and backend (netdb.test.ts), the raw calls on plain and shared memory
// for every backend (threadpoolMemory.test.ts), a worker thread
// ending with lookups in flight in tests/robustness/workers.test.ts. It runs
// once per Bun run (tests/support/passes.mjs), with make test-bun-napi.
import { endianness } from 'node:os';
import { describe, expect, test } from 'vitest';
import { bunThreadpool } from '../../generated/bunffi/backend.js';
import { CStruct_servent } from '../../generated/structs.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { bunLookups, LOOKUP_WORKERS, lookupBytes } from '../../runtime/bun/lookups.js';
import { currentPlatform } from '../../runtime/platform.js';
import { forceGc, RUNTIME, skippedHere } from '../support/runtimes.js';

const onBun = RUNTIME === 'bun';
const only = skippedHere(!onBun, 'the lookup Workers run on Bun only (bun:ffi)');
const ERANGE = 34;
/** The port of http/tcp as a servent holds it: in network byte order. */
const HTTP_PORT = endianness() === 'LE' ? 0x5000 : 80;

const pointerAt = (bytes: Uint8Array, offset: number): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true);

describe.skipIf(!onBun)(`Bun's lookup Workers${only}`, () => {
  const tp = onBun ? bunThreadpool(currentPlatform()) : undefined;
  const lookup = tp?.getservbyname_r;
  const noR = skippedHere(onBun && !lookup, 'no getservbyname_r on this platform');

  test.skipIf(!lookup)(
    `getservbyname_r answers ERANGE when buf is too small, then fills the shared entry in place${noR}`,
    async () => {
      const entry = lookupBytes(CStruct_servent.size);
      const result = new BigUint64Array(1);
      expect(await lookup!('http', 'tcp', entry, new Uint8Array(1), 1, result)).toBe(ERANGE);
      expect(result[0]).toBe(0n);
      const buf = lookupBytes(1024);
      expect(await lookup!('http', 'tcp', entry, buf, buf.byteLength, result)).toBe(0);
      expect(new CStruct_servent(entry).s_port).toBe(HTTP_PORT);
      expect(result[0]).not.toBe(0n);
    },
  );

  test.skipIf(!lookup)(
    `unshared memory is copied back, and the pointers C left stay readable while the caller's buffer lives${noR}`,
    async () => {
      const raw = loadRawBackend('bunffi');
      const gc = forceGc();
      const entry = new Uint8Array(CStruct_servent.size);
      // buf is passed as a view made for the call and dropped: the caller keeps only its ArrayBuffer.
      const bufMemory = new ArrayBuffer(4096 + 16);
      const result = new BigUint64Array(1);
      expect(await lookup!('http', 'tcp', entry, new Uint8Array(bufMemory, 16), 4096, result)).toBe(0);
      for (let i = 0; i < 3; i++) gc();
      expect(new CStruct_servent(entry).s_port).toBe(HTTP_PORT);
      // s_name points into the shared twin of buf's bytes: still there, and the same bytes as the caller's copy.
      const name = pointerAt(entry, 0);
      expect(raw.peekCString(name)).toBe('http');
      expect(new Uint8Array(bufMemory).some((b) => b !== 0)).toBe(true);
      expect(raw.peek(result[0]!, entry.byteLength)).toEqual(entry);
    },
  );

  test.skipIf(!lookup)(`more lookups than Workers at once queue, and each gets its own answer${noR}`, async () => {
    const calls = Array.from({ length: 2 * LOOKUP_WORKERS + 1 }, async (_, i) => {
      const entry = new Uint8Array(CStruct_servent.size);
      const buf = new Uint8Array(1024);
      const result = new BigUint64Array(1);
      // Every other call fails (unknown service): the answers must not cross.
      const name = i % 2 === 0 ? 'http' : `nativesockets-no-such-service-${i}`;
      const rc = await lookup!(name, 'tcp', entry, buf, buf.byteLength, result);
      return { i, rc, found: result[0] !== 0n, port: new CStruct_servent(entry).s_port };
    });
    for (const { i, rc, found, port } of await Promise.all(calls)) {
      expect(rc).toBe(0);
      expect(found).toBe(i % 2 === 0);
      if (found) expect(port).toBe(HTTP_PORT);
    }
  });

  test('a function that is not a threadpool one rejects with its name, and the Workers go on', async () => {
    await expect(bunLookups(currentPlatform()).call('socket', [2, 1, 0])).rejects.toThrow(
      /socket is not a threadpool function/,
    );
    const res = new BigUint64Array(1);
    const hints = new Uint8Array(64);
    const raw = loadRawBackend('bunffi');
    expect(await tp!.getaddrinfo('127.0.0.1', '80', hints, res)).toBe(0);
    expect(res[0]).not.toBe(0n);
    raw.freeaddrinfo(res[0]!);
  });
});
