// The `threadpool` calls write the caller's own memory, whatever backs it: a
// plain typed array or one over a SharedArrayBuffer. napi and koffi hand the
// memory to a libuv thread; bunffi runs the call on a Worker, where shared
// memory is the caller's and any other is copied there and back
// (runtime/bun/lookups.ts). Either way the entry must be in the caller's
// array after the call, its pointers readable until the array is dropped, and
// two calls into the same memory are two calls into one C address.
import { describe, expect, test } from 'vitest';
import { CStruct_servent } from '../../generated/structs.js';
import { loadRawBackend } from '../../runtime/backends.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { forceGc, skippedHere } from '../support/runtimes.js';

const pointerAt = (bytes: Uint8Array, offset: number): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true);

const bytesOf = (n: number, shared: boolean): Uint8Array =>
  new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));

describe.each(BACKENDS_UNDER_TEST)('threadpool calls write the caller memory [%s]', (backend) => {
  const raw = loadRawBackend(backend);
  const lookup = raw.threadpool.getservbyname_r;
  const gc = forceGc();

  test.skipIf(!lookup).each([
    { kind: 'plain ArrayBuffer', shared: false },
    { kind: 'SharedArrayBuffer', shared: true },
  ])(
    `getservbyname_r into $kind memory${skippedHere(!lookup, 'no getservbyname_r on this platform')}`,
    async ({ shared }) => {
      const entry = bytesOf(CStruct_servent.size, shared);
      // A view at an offset, so that a copy that ignored byteOffset would show.
      const buf = bytesOf(4096 + 8, shared).subarray(8);
      const result = new BigUint64Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
      const rc = await lookup!('http', 'tcp', entry, buf, buf.byteLength, result);
      expect(rc).toBe(0);
      expect(result[0]).not.toBe(0n);
      gc();
      // The entry C wrote is in the caller's array, and its name pointer reads 'http'.
      expect(raw.peek(result[0]!, entry.byteLength)).toEqual(entry);
      expect(raw.peekCString(pointerAt(entry, 0))).toBe('http');
      expect(buf.some((b) => b !== 0)).toBe(true);
    },
  );

  test.skipIf(!lookup).each([
    { kind: 'plain ArrayBuffer', shared: false },
    { kind: 'SharedArrayBuffer', shared: true },
  ])(
    `two calls into the same $kind memory write one C address${skippedHere(!lookup, 'no getservbyname_r on this platform')}`,
    async ({ shared }) => {
      const entryMemory = bytesOf(CStruct_servent.size + 8, shared);
      const buf = bytesOf(4096, shared);
      const result = new BigUint64Array(1);
      // Two views of one range, both kept: the memory, not the view, is what C writes.
      const first = entryMemory.subarray(8);
      const second = entryMemory.subarray(8);
      expect(await lookup!('http', 'tcp', first, buf, buf.byteLength, result)).toBe(0);
      const firstAt = result[0];
      expect(await lookup!('ssh', 'tcp', second, buf, buf.byteLength, result)).toBe(0);
      expect(result[0]).toBe(firstAt);
      expect(raw.peekCString(pointerAt(first, 0))).toBe('ssh');
    },
  );
});
