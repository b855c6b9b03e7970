// The base of every generated struct class: a C struct's bytes in a Uint8Array,
// read and written through the running platform's layout from the spec.
import { endianness } from 'node:os';

/** How one field is stored on the running platform (from generated/structs.ts). */
export interface FieldLayout {
  readonly offset: number;
  readonly kind:
    | 'uint8'
    | 'int8'
    | 'uint16'
    | 'int16'
    | 'uint32'
    | 'int32'
    | 'uint64'
    | 'int64'
    | 'pointer'
    | 'bytes'
    | 'struct';
  /** Byte length of the field (arrays and embedded structs). */
  readonly size: number;
}

export interface StructLayout {
  readonly size: number;
  /** Fields present on this platform; a field the platform lacks has no entry. */
  readonly fields: Readonly<Record<string, FieldLayout>>;
}

const LE = endianness() === 'LE';

const INT_RANGES: Record<string, [number, number]> = {
  uint8: [0, 0xff],
  int8: [-0x80, 0x7f],
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export abstract class CStruct {
  /** The struct's bytes: exactly `size` bytes, possibly a view into a larger buffer. */
  readonly bytes: Uint8Array;
  protected readonly view: DataView;

  protected constructor(layout: StructLayout, name: string, bytes?: Uint8Array) {
    if (bytes === undefined) {
      this.bytes = new Uint8Array(layout.size);
    } else {
      if (!(bytes instanceof Uint8Array)) throw new TypeError(`new ${name}(bytes): bytes must be a Uint8Array`);
      if (bytes.byteLength < layout.size) {
        throw new RangeError(`new ${name}(bytes): needs ${layout.size} bytes, got ${bytes.byteLength}`);
      }
      this.bytes = bytes.subarray(0, layout.size);
    }
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  protected getInt(f: FieldLayout | undefined): number | undefined {
    if (!f) return undefined;
    const v = this.view;
    switch (f.kind) {
      case 'uint8':
        return v.getUint8(f.offset);
      case 'int8':
        return v.getInt8(f.offset);
      case 'uint16':
        return v.getUint16(f.offset, LE);
      case 'int16':
        return v.getInt16(f.offset, LE);
      case 'uint32':
        return v.getUint32(f.offset, LE);
      case 'int32':
        return v.getInt32(f.offset, LE);
      case 'uint64':
        return Number(v.getBigUint64(f.offset, LE));
      case 'int64':
        return Number(v.getBigInt64(f.offset, LE));
      default:
        throw new Error(`field of kind ${f.kind} is not an integer`);
    }
  }

  protected setInt(f: FieldLayout | undefined, name: string, value: unknown): void {
    if (!f) throw new TypeError(`${this.constructor.name}.${name} does not exist on this platform`);
    if (typeof value !== 'number')
      throw new TypeError(`${this.constructor.name}.${name} must be a number, got ${typeof value}`);
    const [min, max] = INT_RANGES[f.kind]!;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${this.constructor.name}.${name} must be an integer in ${min}..${max}, got ${value}`);
    }
    const v = this.view;
    switch (f.kind) {
      case 'uint8':
        v.setUint8(f.offset, value);
        return;
      case 'int8':
        v.setInt8(f.offset, value);
        return;
      case 'uint16':
        v.setUint16(f.offset, value, LE);
        return;
      case 'int16':
        v.setInt16(f.offset, value, LE);
        return;
      case 'uint32':
        v.setUint32(f.offset, value, LE);
        return;
      case 'int32':
        v.setInt32(f.offset, value, LE);
        return;
      case 'uint64':
        v.setBigUint64(f.offset, BigInt(value), LE);
        return;
      case 'int64':
        v.setBigInt64(f.offset, BigInt(value), LE);
        return;
    }
  }

  /** A pointer field, as the bigint the backends use for addresses (0n for NULL). */
  protected getPointer(f: FieldLayout | undefined): bigint | undefined {
    return f ? this.view.getBigUint64(f.offset, LE) : undefined;
  }

  /** An array or embedded-struct field: a live view of its bytes. */
  protected getBytes(f: FieldLayout | undefined): Uint8Array | undefined {
    return f ? this.bytes.subarray(f.offset, f.offset + f.size) : undefined;
  }

  protected setBytes(f: FieldLayout | undefined, name: string, value: unknown): void {
    if (!f) throw new TypeError(`${this.constructor.name}.${name} does not exist on this platform`);
    const src = value instanceof CStruct ? value.bytes : value;
    if (!(src instanceof Uint8Array))
      throw new TypeError(`${this.constructor.name}.${name} takes a Uint8Array or a struct`);
    if (src.byteLength > f.size)
      throw new RangeError(`${this.constructor.name}.${name} holds ${f.size} bytes, got ${src.byteLength}`);
    this.bytes.fill(0, f.offset, f.offset + f.size);
    this.bytes.set(src, f.offset);
  }
}

/** What a `ptr SockAddr` parameter accepts: any struct instance or raw bytes. */
export type SockAddrLike = CStruct | Uint8Array;

/** The bytes behind a `ptr SockAddr` argument. */
export function bytesOf(v: unknown, proc: string, param: string): Uint8Array {
  // An object made from a struct's prototype is an instance without bytes: refused like any non-struct.
  // `bytes` is read once: an own getter (user code) must not run twice in one call.
  const bytes: unknown = v instanceof CStruct ? v.bytes : v;
  if (bytes instanceof Uint8Array) return bytes;
  throw new TypeError(
    `${proc}: ${param} must be a struct (Sockaddr_in, …) or a Uint8Array, got ${v === null ? 'null' : typeof v}`,
  );
}
