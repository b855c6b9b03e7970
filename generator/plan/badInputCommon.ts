// The bad-input plan, shared pieces: the value constructor and the value lists
// more than one Kind tries (wrong primitives, non-integers, non-buffers, views).
import { BUFFER_BYTES, type Expect, type JsKind, type Kind, type Value } from './badInputKinds.js';

export const v = (what: string, src: string, js: JsKind, expect: Expect, extra: Partial<Value> = {}): Value => ({
  what,
  src,
  js,
  expect,
  ...extra,
});

export const PLAIN_OBJECT = v('wrong type: a plain object', '{}', 'object', 'TypeError');

/**
 * Wrong JavaScript types: the primitives other than the parameter's own kind,
 * and (for a primitive parameter) an array and a plain object. An object
 * parameter adds the objects it refuses itself.
 */
export function wrongTypes(required: boolean, own: JsKind): Value[] {
  const all = [
    v('wrong type: a numeric string', "'1'", 'string', 'TypeError'),
    v('wrong type: a number', '5', 'number', 'TypeError'),
    v('wrong type: a boolean', 'true', 'boolean', 'TypeError'),
    v('wrong type: null', 'null', 'null', 'TypeError'),
    v('wrong type: a bigint', '1n', 'bigint', 'TypeError'),
    v('wrong type: a symbol', "Symbol('x')", 'symbol', 'TypeError'),
    v('wrong type: an array', '[1]', 'object', 'TypeError'),
    PLAIN_OBJECT,
  ];
  const out = all.filter((x) => x.js !== own);
  if (required) out.push(v('missing (undefined)', 'undefined', 'undefined', 'TypeError'));
  return out;
}

export const NOT_INTEGERS = [
  v('not an integer: 1.5', '1.5', 'number', 'RangeError'),
  v('NaN', 'NaN', 'number', 'RangeError'),
  v('Infinity', 'Infinity', 'number', 'RangeError'),
  v('-Infinity', '-Infinity', 'number', 'RangeError'),
  v('2^53, not an exact integer', '2 ** 53', 'number', 'RangeError'),
];

/** A length: the buffer before it holds BUFFER_BYTES bytes. */
export function lengthValues(buffer: string, sockLen: boolean): Value[] {
  const out = [
    v(`past the end of ${buffer} (${BUFFER_BYTES} bytes)`, String(BUFFER_BYTES + 1), 'number', 'RangeError', {
      relative: true,
    }),
    v('negative', '-1', 'number', 'RangeError'),
    ...NOT_INTEGERS,
    v('-0 (a valid 0)', '-0', 'number', 'sameAsZero', { zero: '0' }),
    v('0', '0', 'number', 'accepts'),
  ];
  if (sockLen) out.push(v('2^32, 0 as a C socklen_t', '4294967296', 'number', 'RangeError'));
  return out;
}

export function intValues(kind: Extract<Kind, { k: 'int' }>): Value[] {
  const out: Value[] = [
    v(
      `below the range (${kind.minSrc} - 1)`,
      kind.min === -(2 ** 53 - 1) ? '-(2 ** 53)' : String(kind.min - 1),
      'number',
      'RangeError',
    ),
    v(
      `above the range (${kind.maxSrc} + 1)`,
      kind.max === 2 ** 53 - 1 ? '2 ** 53' : String(kind.max + 1),
      'number',
      'RangeError',
    ),
    ...NOT_INTEGERS,
  ];
  if (kind.min <= 0 && kind.max >= 0) out.push(v('-0 (a valid 0)', '-0', 'number', 'sameAsZero', { zero: '0' }));
  if (kind.extremes) {
    out.push(v('the lowest valid value', kind.minSrc, 'number', 'accepts'));
    out.push(v('the highest valid value', kind.maxSrc, 'number', 'accepts'));
  }
  return out;
}

/** Buffers that are too short, however they try to look longer, for a length of BUFFER_BYTES. */
export function shortBuffers(real: number): Value[] {
  return [
    v(`${real} bytes, shorter than its length`, `new Uint8Array(${real})`, 'object', 'RangeError'),
    v(`${real} bytes with an own byteLength claiming 1 MiB`, `F.lying(${real})`, 'object', 'RangeError'),
    v(
      `${real} bytes of a subclass whose byteLength getter claims 1 MiB`,
      `F.lyingSubclass(${real})`,
      'object',
      'RangeError',
    ),
    v('a detached buffer (0 bytes)', `F.detached(${BUFFER_BYTES})`, 'object', 'RangeError'),
    v(
      `a length-tracking view of a resizable buffer shrunk to ${real} bytes`,
      `F.shrunk(${BUFFER_BYTES}, ${real})`,
      'object',
      'RangeError',
    ),
  ].map((x) => ({ ...x, relative: true }));
}

export const NOT_BUFFERS = [
  v('wrong type: an array of numbers', `new Array(${BUFFER_BYTES}).fill(0)`, 'object', 'TypeError'),
  v('wrong type: an ArrayBuffer', `new ArrayBuffer(${BUFFER_BYTES})`, 'object', 'TypeError'),
  v('wrong type: a DataView', `new DataView(new ArrayBuffer(${BUFFER_BYTES}))`, 'object', 'TypeError'),
  v('wrong type: a Proxy of a Uint8Array', `new Proxy(new Uint8Array(${BUFFER_BYTES}), {})`, 'object', 'TypeError'),
  v(
    'wrong type: an object made from Uint8Array.prototype',
    'Object.create(Uint8Array.prototype)',
    'object',
    'TypeError',
  ),
  v('wrong type: an object with a byteLength', `{ byteLength: ${BUFFER_BYTES} }`, 'object', 'TypeError'),
];

/** For an object parameter: the wrong primitives, an array, and a plain object. */
export function wrongObjects(required: boolean): Value[] {
  return [...wrongTypes(required, 'object'), PLAIN_OBJECT];
}

/** Views a buffer parameter takes like a plain Uint8Array of BUFFER_BYTES bytes. */
export const VIEWS = [
  v('a view at an offset into a larger buffer', `F.view(${BUFFER_BYTES})`, 'object', 'accepts'),
  v('a view of a SharedArrayBuffer', `F.shared(${BUFFER_BYTES})`, 'object', 'accepts'),
  v('a length-tracking view of a resizable buffer', `F.resizable(${BUFFER_BYTES})`, 'object', 'accepts'),
];

export interface ParamContext {
  required: boolean;
  /** The buffer parameter this one is the length of. */
  lengthOf?: string;
  /** Whether a length parameter follows this buffer. */
  hasLength: boolean;
}
