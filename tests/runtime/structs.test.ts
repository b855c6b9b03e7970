// Struct classes lay fields out as the running platform's C headers do.
import { describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';
import { STRUCT_LAYOUTS } from '../../generated/structs.js';
import { currentPlatform } from '../../runtime/platform.js';
import { bytesOf } from '../../runtime/struct.js';

const layouts = STRUCT_LAYOUTS[currentPlatform()];

describe('struct classes', () => {
  test('static size is sizeof on the running platform', () => {
    expect(ns.Sockaddr_in.size).toBe(layouts.sockaddr_in.size);
    expect(ns.Sockaddr_in6.size).toBe(layouts.sockaddr_in6.size);
    expect(ns.Sockaddr_storage.size).toBe(128);
    expect(ns.InAddr.size).toBe(4);
    expect(new ns.Sockaddr_un().bytes.byteLength).toBe(layouts.sockaddr_un.size);
  });

  test('fields write where C reads them', () => {
    const sa = new ns.Sockaddr_in();
    sa.sin_family = ns.toInt(ns.AF_INET);
    sa.sin_port = ns.htons(8080);
    sa.sin_addr.s_addr = ns.htonl(0x7f000001);
    const b = sa.bytes;
    expect([...b.subarray(2, 8)]).toEqual([0x1f, 0x90, 127, 0, 0, 1]);
    expect(sa.sin_port).toBe(ns.htons(8080));
    expect(sa.sin_addr.s_addr).toBe(ns.htonl(0x7f000001));
    const family = layouts.sockaddr_in.fields['sin_family']!;
    expect(family.size === 2 ? b[family.offset]! | (b[family.offset + 1]! << 8) : b[family.offset]).toBe(
      ns.toInt(ns.AF_INET),
    );
  });

  test('a view shares the bytes it was given', () => {
    const storage = new ns.Sockaddr_storage();
    const in6 = new ns.Sockaddr_in6(storage.bytes);
    in6.sin6_port = ns.htons(443);
    in6.sin6_addr.s6_addr = Uint8Array.from([...Array(15).fill(0), 1]);
    expect(storage.ss_family).toBe(0);
    expect(new ns.Sockaddr_in6(storage.bytes).sin6_port).toBe(ns.htons(443));
    expect(storage.bytes[layouts.sockaddr_in6.fields['sin6_addr']!.offset + 15]).toBe(1);
  });

  test('fields the platform lacks read as undefined and refuse writes', () => {
    const sa = new ns.Sockaddr_in();
    if (layouts.sockaddr_in.fields['sin_len']) expect(sa.sin_len).toBe(0);
    else {
      expect(sa.sin_len).toBeUndefined();
      expect(() => (sa.sin_len = 16)).toThrow(TypeError);
    }
  });

  test('bad values are TypeError or RangeError, and nothing is written', () => {
    const sa = new ns.Sockaddr_in();
    expect(() => (sa.sin_port = 70000)).toThrow(RangeError);
    expect(() => (sa.sin_port = -1)).toThrow(RangeError);
    expect(() => (sa.sin_port = 1.5)).toThrow(RangeError);
    expect(() => (sa.sin_port = '80' as never)).toThrow(TypeError);
    expect(() => (sa.sin_zero = new Uint8Array(9))).toThrow(RangeError);
    expect([...sa.bytes]).toEqual(Array(16).fill(0));
    expect(() => new ns.Sockaddr_in(new Uint8Array(4))).toThrow(RangeError);
    expect(() => new ns.Sockaddr_in([1, 2] as never)).toThrow(TypeError);
  });

  test('a struct argument reads its bytes once (an own getter runs user code)', () => {
    const sa = new ns.Sockaddr_in();
    const bytes = sa.bytes;
    let reads = 0;
    Object.defineProperty(sa, 'bytes', {
      get() {
        reads++;
        return bytes;
      },
    });
    expect(bytesOf(sa, 'sendto', 'to')).toBe(bytes);
    expect(reads).toBe(1);
  });
});
