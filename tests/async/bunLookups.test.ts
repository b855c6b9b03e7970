// Bun's lookup Workers (runtime/async/bunLookups.ts) at their own interface:
// what the name lookups' Async variants hand them on Bun. The Async variants
// themselves are tested on every runtime (netdb.test.ts); a worker thread
// ending with lookups in flight, in tests/robustness/workers.test.ts.
import { endianness } from 'node:os';
import { describe, expect, test } from 'vitest';
import { CStruct_servent } from '../../generated/structs.js';
import { bunThreadpool, lookupBytes } from '../../runtime/async/bunLookups.js';
import { LOOKUPS_AT_ONCE } from '../../runtime/async/netdb.js';
import { RUNTIME, skippedHere } from '../support/runtimes.js';

const ERANGE = 34;
const onBunLinux = RUNTIME === 'bun' && process.platform === 'linux';
const only = skippedHere(!onBunLinux, 'the lookup Workers are the name lookups of Bun on Linux only');

describe.skipIf(!onBunLinux)(`Bun's lookup Workers${only}`, () => {
  test('getservbyname_r writes its entry into shared memory, ERANGE when buf is too small', async () => {
    const tp = bunThreadpool(LOOKUPS_AT_ONCE);
    const entry = lookupBytes(CStruct_servent.size);
    const result = new BigUint64Array(1);
    expect(await tp.getservbyname_r!('http', 'tcp', entry, lookupBytes(1), 1, result)).toBe(ERANGE);
    expect(result[0]).toBe(0n);
    const buf = lookupBytes(1024);
    expect(await tp.getservbyname_r!('http', 'tcp', entry, buf, buf.byteLength, result)).toBe(0);
    // The result points at the shared entry itself, and its port is 80 in network byte order.
    const servent = new CStruct_servent(entry);
    expect(servent.s_port).toBe(endianness() === 'LE' ? 0x5000 : 80);
    expect(result[0]).not.toBe(0n);
  });

  test('the entry and string buffers must be shared, and buflen no more than buf holds', async () => {
    const tp = bunThreadpool(LOOKUPS_AT_ONCE);
    const result = new BigUint64Array(1);
    const plain = new Uint8Array(CStruct_servent.size);
    await expect(tp.getservbyname_r!('http', 'tcp', plain, lookupBytes(64), 64, result)).rejects.toThrow(
      /SharedArrayBuffer/,
    );
    const entry = lookupBytes(CStruct_servent.size);
    await expect(tp.getservbyname_r!('http', 'tcp', entry, lookupBytes(64), 65, result)).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(
      tp.gethostbyaddr_r!(Uint8Array.of(127, 0, 0, 1), 16, 2, entry, lookupBytes(64), 64, result, new Int32Array(1)),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
