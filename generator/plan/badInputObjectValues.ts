// The bad-input plan, part 3: the values tried in place of the list and object
// parameters (handle lists, message buffers, poll entries, hints-like objects).
// Their fields are tried with the values of the fields' own Kinds, which
// badInputValues.ts passes in as `valuesOf` (so the two modules do not import
// each other).

import { type ParamContext, PLAIN_OBJECT, v, wrongObjects, wrongTypes } from './badInputCommon.js';
import { BUFFER_BYTES, type Kind, type Value } from './badInputKinds.js';

type ValuesOf = (kind: Kind, ctx: ParamContext) => Value[];
type ObjectKind = Extract<Kind, { k: 'object' | 'objectList' }>;

export function handlesValues(required: boolean): Value[] {
  return [
    ...wrongObjects(required),
    v('wrong type: a bare handle', 'F.handle', 'number', 'TypeError'),
    v('wrong type: an array-like object', '{ length: 1, 0: F.handle }', 'object', 'TypeError'),
    v('wrong type: an Int32Array', 'Int32Array.of(F.handle)', 'object', 'TypeError'),
    v('an element of the wrong type: a string', "['3']", 'object', 'TypeError'),
    v('an element of the wrong type: null', '[null]', 'object', 'TypeError'),
    v('a hole', 'new Array(1)', 'object', 'TypeError'),
    v('an element of the wrong type: a bigint', '[3n]', 'object', 'TypeError'),
    v('a wrong element after a valid one', "[F.handle, '3']", 'object', 'TypeError'),
    v('an element out of range (-2)', '[-2]', 'object', 'RangeError'),
    v('an element out of range (2^31)', '[2147483648]', 'object', 'RangeError'),
    v('an element that is not an integer', '[1.5]', 'object', 'RangeError'),
    v('an element NaN', '[NaN]', 'object', 'RangeError'),
    v('an element Infinity', '[Infinity]', 'object', 'RangeError'),
    v('an element 2^53', '[2 ** 53]', 'object', 'RangeError'),
    v('osInvalidSocket (-1)', '[-1]', 'object', 'accepts'),
    v('a handle that is not open', '[F.handle]', 'object', 'accepts'),
    v('a frozen array', 'Object.freeze([F.handle])', 'object', 'accepts'),
    v('100000 handles', 'new Array(100000).fill(F.handle)', 'object', 'accepts'),
  ];
}

export function byteListValues(required: boolean): Value[] {
  return [
    ...wrongObjects(required),
    v('wrong type: a bare Uint8Array', `F.bytes(${BUFFER_BYTES})`, 'object', 'TypeError'),
    v('an element of the wrong type: a number', '[1]', 'object', 'TypeError'),
    v('an element of the wrong type: a string', "['ping']", 'object', 'TypeError'),
    v('an element of the wrong type: null', '[null]', 'object', 'TypeError'),
    v('a hole', 'new Array(1)', 'object', 'TypeError'),
    v('an element of the wrong type: an ArrayBuffer', `[new ArrayBuffer(${BUFFER_BYTES})]`, 'object', 'TypeError'),
    v('an element of the wrong type: an Int32Array', '[new Int32Array(4)]', 'object', 'TypeError'),
    v(
      'an element of the wrong type: a Proxy of a Uint8Array',
      `[new Proxy(new Uint8Array(${BUFFER_BYTES}), {})]`,
      'object',
      'TypeError',
    ),
    v('no buffers', '[]', 'object', 'accepts'),
    v('one buffer', `[F.bytes(${BUFFER_BYTES})]`, 'object', 'accepts'),
    v('a Buffer and a view at an offset', `[Buffer.alloc(4), F.view(${BUFFER_BYTES})]`, 'object', 'accepts'),
    v('a view of a SharedArrayBuffer', `[F.shared(${BUFFER_BYTES})]`, 'object', 'accepts'),
    v('a length-tracking view of a resizable buffer', `[F.resizable(${BUFFER_BYTES})]`, 'object', 'accepts'),
    v('a detached buffer (0 bytes)', `[F.detached(${BUFFER_BYTES})]`, 'object', 'accepts'),
  ];
}

/** The valid value of a field of an object (or of a listed object). */
export function fieldBaseline(kind: Kind): string {
  if (kind.k === 'handle') return 'F.handle';
  if (kind.k === 'int') return '0';
  if (kind.k === 'byteList') return `[F.bytes(${BUFFER_BYTES})]`;
  if (kind.k === 'handles') return '[]';
  if (kind.k === 'sockaddr') return 'F.sockaddrIn()';
  throw new Error(`badInputObjectValues: no baseline for a field of kind ${kind.k}`);
}

/** An object's source with every required field valid, `name` left out or (with `src`) set to `src`. */
function objectSource(kind: ObjectKind, name: string | undefined, src?: string): string {
  const given = kind.fields.filter((f) => !f.optional);
  const fields = given
    .filter((f) => f.name !== name || src !== undefined)
    .map((f) => `${f.name}: ${f.name === name ? src : fieldBaseline(f.kind)}`);
  if (name !== undefined && src !== undefined && !given.some((f) => f.name === name)) fields.push(`${name}: ${src}`);
  return `{ ${fields.join(', ')} }`;
}

/** A list of objects: each row spoils one field of one valid element. */
export function objectListValues(
  kind: Extract<Kind, { k: 'objectList' }>,
  required: boolean,
  valuesOf: ValuesOf,
): Value[] {
  const out: Value[] = [
    ...wrongTypes(required, 'object'),
    PLAIN_OBJECT,
    v(`wrong type: a bare ${kind.name}`, objectSource(kind, undefined), 'object', 'TypeError'),
    v('an element of the wrong type: null', '[null]', 'object', 'TypeError'),
    v('an element of the wrong type: a number', '[5]', 'object', 'TypeError'),
    v('a hole', 'new Array(1)', 'object', 'TypeError'),
    v('no elements', '[]', 'object', 'accepts'),
    v('one valid element', `[${objectSource(kind, undefined)}]`, 'object', 'accepts'),
    v('a frozen array', `Object.freeze([${objectSource(kind, undefined)}])`, 'object', 'accepts'),
  ];
  for (const f of kind.fields.filter((x) => !x.optional)) {
    out.push(v(`an element without ${f.name}`, `[${objectSource(kind, f.name)}]`, 'object', 'TypeError'));
    for (const x of valuesOf(f.kind, { required: false, hasLength: false })) {
      if (x.expect !== 'TypeError' && x.expect !== 'RangeError') continue;
      out.push(v(`an element's ${f.name}: ${x.what}`, `[${objectSource(kind, f.name, x.src)}]`, 'object', x.expect));
    }
  }
  return out;
}

/** An options-like object: required fields stay valid while another field is spoiled. */
export function objectValues(kind: Extract<Kind, { k: 'object' }>, required: boolean, valuesOf: ValuesOf): Value[] {
  const given = kind.fields.filter((f) => !f.optional);
  const out: Value[] = [...wrongTypes(required, 'object')];
  if (given.length === 0) {
    // Hints-like objects, all fields optional: getAddrInfo takes an AddrInfo as its hints.
    out.push(
      v(`a freed AddrInfo (AddrInfo works as ${kind.name})`, 'F.freedAddrInfo()', 'object', 'ValueError'),
      v(`an AddrInfo (AddrInfo works as ${kind.name})`, 'F.addrInfo()', 'object', 'accepts'),
    );
  }
  for (const f of given) out.push(v(`an object without ${f.name}`, objectSource(kind, f.name), 'object', 'TypeError'));
  for (const f of kind.fields) {
    const inner = valuesOf(f.kind, { required: false, hasLength: false }).filter(
      (x) => x.expect !== 'accepts' || x.js === 'number',
    );
    for (const x of inner) {
      if (x.js === 'undefined') continue;
      out.push({
        ...x,
        what: `${f.name}: ${x.what}`,
        src: objectSource(kind, f.name, x.src),
        js: 'object',
        ...(x.zero !== undefined ? { zero: objectSource(kind, f.name, x.zero) } : {}),
      });
    }
  }
  return out;
}
