// The bad-input plan, part 1: how a parameter's Nim type is classified for
// the bad-input matrix and `make fuzz` (a Kind), and the JavaScript kind of a
// value. The plan as a whole: generator/plan/badInputPlan.ts.
import type { SpecModel, TypeExpr } from '../model/spec.js';
import { typeExprToString } from '../model/typeExpr.js';

/** What the harness checks a call against. */
export type Expect = 'TypeError' | 'RangeError' | 'ValueError' | 'AbortError' | 'accepts' | 'sameAsZero';

/** The JavaScript kind of a value, to tell which overload a value belongs to. */
export type JsKind = 'number' | 'string' | 'boolean' | 'object' | 'undefined' | 'null' | 'bigint' | 'symbol';

export interface Value {
  what: string;
  /** JavaScript source of the argument; `A` is the API, `F` the harness's fixtures. */
  src: string;
  js: JsKind;
  expect: Expect;
  /** For an enum member string: which member. */
  member?: string;
  /** For sameAsZero: the source of the valid 0 it must behave like. */
  zero?: string;
  platforms?: string[];
  /**
   * The outcome holds only next to the other arguments' baselines (a length
   * against a 16-byte buffer, a buffer against a length of 16): `make fuzz`,
   * which varies those too, takes such a value as an edge, not as a promise.
   */
  relative?: boolean;
}

export type Kind =
  | { k: 'handle' }
  | { k: 'int'; min: number; max: number; minSrc: string; maxSrc: string; extremes: boolean }
  | { k: 'bool' }
  | { k: 'enum'; name: string; members: string[] }
  | { k: 'string'; c: boolean }
  | { k: 'sockaddr' }
  /** `ptr CStruct`: any struct instance or Uint8Array (a socket option's value; its length is its own). */
  | { k: 'structBytes' }
  | { k: 'struct'; name: string }
  | { k: 'addrinfo' }
  | { k: 'stringBox' }
  | { k: 'lengthBox' }
  | { k: 'handles' }
  | { k: 'bytes' }
  | { k: 'int32array' }
  | { k: 'object'; name: string; fields: FieldKind[] }
  /** `seq[Uint8Array]`: buffers of a message (sendmsg, recvmsg). */
  | { k: 'byteList' }
  /** `seq[Object]`: a list of plain objects (poll's `{ fd, events, revents? }`); optional fields are outputs. */
  | { k: 'objectList'; name: string; fields: FieldKind[] };

/** A field of an object parameter; an optional field may be left out. */
export interface FieldKind {
  name: string;
  kind: Kind;
  optional: boolean;
}

/** The size of every buffer the cases pass, and so the valid length of each. */
export const BUFFER_BYTES = 16;

export const INT_RANGES: Record<
  string,
  { min: number; max: number; minSrc: string; maxSrc: string; extremes: boolean }
> = {
  int32: { min: -2147483648, max: 2147483647, minSrc: '-2147483648', maxSrc: '2147483647', extremes: true },
  uint16: { min: 0, max: 65535, minSrc: '0', maxSrc: '65535', extremes: true },
  int16: { min: -32768, max: 32767, minSrc: '-32768', maxSrc: '32767', extremes: true },
  uint32: { min: 0, max: 4294967295, minSrc: '0', maxSrc: '4294967295', extremes: true },
  // Nim's int is 64-bit; as a JS number it is exact up to 2^53 - 1. Its ends are
  // not tried as valid: the C calls behind `int` parameters take a C int.
  int64: { min: -(2 ** 53 - 1), max: 2 ** 53 - 1, minSrc: '-(2 ** 53 - 1)', maxSrc: '2 ** 53 - 1', extremes: false },
};

export const PRIMITIVE_INTS: Record<string, keyof typeof INT_RANGES> = {
  cint: 'int32',
  int32: 'int32',
  clong: 'int32',
  int: 'int64',
  int64: 'int64',
  uint16: 'uint16',
  int16: 'int16',
  uint32: 'uint32',
};

export function kindOf(model: SpecModel, t: TypeExpr, where: string): Kind {
  const fail = (): never => {
    throw new Error(
      `${where}: no bad-input rule for type '${typeExprToString(t)}' (generator/plan/badInputKinds.ts kindOf)`,
    );
  };
  if (t.kind === 'ptr' && t.of.kind === 'name') {
    if (t.of.name === 'SockAddr') return { k: 'sockaddr' };
    if (t.of.name === 'CStruct') return { k: 'structBytes' };
    if (t.of.name === 'AddrInfo') return { k: 'addrinfo' };
    return fail();
  }
  if (t.kind === 'var') {
    if (t.of.kind === 'name' && t.of.name === 'string') return { k: 'stringBox' };
    if (t.of.kind === 'seq' && t.of.of.kind === 'name' && t.of.of.name === 'SocketHandle') return { k: 'handles' };
    const inner = kindOf(model, t.of, where);
    if (inner.k === 'int') return { k: 'lengthBox' };
    return fail();
  }
  if (t.kind === 'seq' && t.of.kind === 'name') {
    if (t.of.name === 'Uint8Array') return { k: 'byteList' };
    if (t.of.name === 'SocketHandle') return { k: 'handles' };
    const listed = t.of.name;
    const def = model.types.find((d) => d.name === listed);
    if (def?.kind === 'object') return { k: 'objectList', name: listed, fields: fieldKinds(model, def.fields, where) };
  }
  if (t.kind !== 'name') return fail();
  const name = t.name;
  if (name === 'SocketHandle') return { k: 'handle' };
  if (name === 'bool') return { k: 'bool' };
  if (name === 'string') return { k: 'string', c: true };
  if (name === 'Uint8Array') return { k: 'bytes' };
  if (name === 'Int32Array') return { k: 'int32array' };
  const primitive = PRIMITIVE_INTS[name];
  if (primitive) return { k: 'int', ...INT_RANGES[primitive]! };
  const def = model.types.find((d) => d.name === name);
  if (def?.kind === 'enum') return { k: 'enum', name, members: def.members.map((m) => m.name) };
  if (def?.kind === 'distinct') return kindOf(model, def.base, where);
  if (def?.kind === 'object') return { k: 'object', name, fields: fieldKinds(model, def.fields, where) };
  if (model.structs.some((s) => s.nim === name)) return { k: 'struct', name };
  return fail();
}

function fieldKinds(
  model: SpecModel,
  fields: { name: string; type: TypeExpr; optional: boolean }[],
  where: string,
): FieldKind[] {
  return fields.map((f) => ({ name: f.name, kind: kindOf(model, f.type, `${where}.${f.name}`), optional: f.optional }));
}

export function jsKindOf(kind: Kind): JsKind {
  switch (kind.k) {
    case 'handle':
    case 'int':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'enum':
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}
