// The bad-input plan, part 2: the values tried in place of a parameter of
// each Kind (wrong types, out-of-range numbers, short or lying buffers, valid
// edge values), each with the outcome API.md names for it.
import { BUFFER_BYTES, type Expect, type JsKind, type Kind, type Value } from './badInputKinds.js';

export const v = (what: string, src: string, js: JsKind, expect: Expect, extra: Partial<Value> = {}): Value => ({
  what,
  src,
  js,
  expect,
  ...extra,
});

const PLAIN_OBJECT = v('wrong type: a plain object', '{}', 'object', 'TypeError');

/**
 * Wrong JavaScript types: the primitives other than the parameter's own kind,
 * and (for a primitive parameter) an array and a plain object. An object
 * parameter adds the objects it refuses itself.
 */
function wrongTypes(required: boolean, own: JsKind): Value[] {
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

const NOT_INTEGERS = [
  v('not an integer: 1.5', '1.5', 'number', 'RangeError'),
  v('NaN', 'NaN', 'number', 'RangeError'),
  v('Infinity', 'Infinity', 'number', 'RangeError'),
  v('-Infinity', '-Infinity', 'number', 'RangeError'),
  v('2^53, not an exact integer', '2 ** 53', 'number', 'RangeError'),
];

/** A length: the buffer before it holds BUFFER_BYTES bytes. */
function lengthValues(buffer: string, sockLen: boolean): Value[] {
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

function intValues(kind: Extract<Kind, { k: 'int' }>): Value[] {
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
function shortBuffers(real: number): Value[] {
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

const NOT_BUFFERS = [
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
function wrongObjects(required: boolean): Value[] {
  return [...wrongTypes(required, 'object'), PLAIN_OBJECT];
}

/** Views a buffer parameter takes like a plain Uint8Array of BUFFER_BYTES bytes. */
const VIEWS = [
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

export function valuesFor(kind: Kind, ctx: ParamContext): Value[] {
  const { required } = ctx;
  switch (kind.k) {
    case 'handle':
      return [
        ...wrongTypes(required, 'number'),
        v('below the range (-2)', '-2', 'number', 'RangeError'),
        v('above the range (2^31)', '2147483648', 'number', 'RangeError'),
        ...NOT_INTEGERS,
        v('osInvalidSocket (-1)', '-1', 'number', 'accepts'),
      ];
    case 'int':
      if (ctx.lengthOf)
        return [...wrongTypes(required, 'number'), ...lengthValues(ctx.lengthOf, kind.max === 4294967295)];
      return [...wrongTypes(required, 'number'), ...intValues(kind)];
    case 'bool':
      return [
        ...wrongTypes(required, 'boolean'),
        v('wrong type: 0', '0', 'number', 'TypeError'),
        v('wrong type: a string', "'true'", 'string', 'TypeError'),
        v('wrong type: a Boolean object', 'new Boolean(false)', 'object', 'TypeError'),
      ];
    case 'enum': {
      const first = kind.members[0]!;
      return [
        ...wrongTypes(required, 'string'),
        v('wrong type: a number', '2', 'number', 'TypeError'),
        v(`not a member of ${kind.name}`, `'NOT_A_${kind.name}'`, 'string', 'TypeError'),
        v('a member in lower case', `'${first.toLowerCase()}'`, 'string', 'TypeError'),
        v('a prototype key (__proto__)', "'__proto__'", 'string', 'TypeError'),
        v('a prototype key (constructor)', "'constructor'", 'string', 'TypeError'),
        v('a prototype key (toString)', "'toString'", 'string', 'TypeError'),
        v('a String object', `new String(${JSON.stringify(first).replace(/"/g, "'")})`, 'object', 'TypeError'),
        ...kind.members.map((m) => v(`the member ${m}`, `A.${m}`, 'string', 'accepts', { member: m })),
      ];
    }
    case 'string':
      return [
        ...wrongTypes(required, 'string'),
        v('wrong type: an array of a string', "['127.0.0.1']", 'object', 'TypeError'),
        v('wrong type: a String object', "new String('127.0.0.1')", 'object', 'TypeError'),
        // A missing check would hand C '127.0.0.1' (numeric: no lookup leaves the machine).
        v('a string with a NUL byte', "'127.0.0.1\\0x'", 'string', kind.c ? 'TypeError' : 'accepts'),
        v('an oversize string (1 MiB, one 1 MiB label)', 'F.oversize', 'string', 'accepts'),
        v('a lone surrogate (in a label over 63 bytes)', "'a'.repeat(64) + '\\uD800.example'", 'string', 'accepts'),
      ];
    case 'sockaddr':
      return [
        ...wrongObjects(required),
        v('wrong type: a string', "'127.0.0.1'", 'string', 'TypeError'),
        v('wrong type: an Int32Array', `new Int32Array(${BUFFER_BYTES / 4})`, 'object', 'TypeError'),
        ...NOT_BUFFERS,
        v(
          'wrong type: an object made from Sockaddr_in.prototype',
          'Object.create(A.Sockaddr_in.prototype)',
          'object',
          'TypeError',
        ),
        v('wrong type: an AddrInfo', 'F.addrInfo()', 'object', 'TypeError'),
        ...(ctx.hasLength
          ? [
              ...shortBuffers(8),
              v('a Sockaddr_in whose bytes claim 1 MiB (8 real bytes)', 'F.lyingStruct()', 'object', 'RangeError', {
                relative: true,
              }),
            ]
          : [
              v('1 byte, too short for an address family', 'new Uint8Array(1)', 'object', 'RangeError'),
              v('1 byte with an own byteLength claiming 1 MiB', 'F.lying(1)', 'object', 'RangeError'),
              v('a detached buffer (0 bytes)', `F.detached(${BUFFER_BYTES})`, 'object', 'RangeError'),
            ]),
        v('a Buffer', `Buffer.alloc(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a Sockaddr_storage', 'new A.Sockaddr_storage()', 'object', 'accepts'),
        v('a Sockaddr_in6', 'new A.Sockaddr_in6()', 'object', 'accepts'),
        ...VIEWS,
        v('the ai_addr of a freed AddrInfo (a copy)', 'F.freedAddrInfoAddr()', 'object', 'accepts'),
      ];
    case 'bytes':
      return [
        ...wrongObjects(required),
        v('wrong type: a string', "'ping'", 'string', 'TypeError'),
        ...NOT_BUFFERS,
        ...(ctx.hasLength ? shortBuffers(8) : []),
        v('a Buffer', `Buffer.alloc(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('an Int32Array (lengths count bytes)', `new Int32Array(${BUFFER_BYTES / 4})`, 'object', 'accepts'),
        v('a Float64Array', `new Float64Array(${BUFFER_BYTES / 8})`, 'object', 'accepts'),
        v('a BigInt64Array', `new BigInt64Array(${BUFFER_BYTES / 8})`, 'object', 'accepts'),
        ...VIEWS,
      ];
    case 'int32array':
      return [
        ...wrongObjects(required),
        v('wrong type: a Uint8Array', 'new Uint8Array(4)', 'object', 'TypeError'),
        v('an empty Int32Array', 'new Int32Array(0)', 'object', 'RangeError'),
      ];
    case 'struct': {
      const other = kind.name === 'Sockaddr_storage' ? 'Sockaddr_in' : 'Sockaddr_storage';
      const out = [
        ...wrongObjects(required),
        v('wrong type: a string', "'127.0.0.1'", 'string', 'TypeError'),
        v(`wrong type: a ${other}`, `new A.${other}()`, 'object', 'TypeError'),
        v('wrong type: a Uint8Array', 'new Uint8Array(4)', 'object', 'TypeError'),
        v('wrong type: an object with the fields', '{ s_addr: 16777343 }', 'object', 'TypeError'),
        v(
          `wrong type: an object made from ${kind.name}.prototype`,
          `Object.create(A.${kind.name}.prototype)`,
          'object',
          'TypeError',
        ),
      ];
      if (kind.name === 'InAddr')
        out.push(v('the sin_addr of a Sockaddr_in', 'F.sockaddrIn().sin_addr', 'object', 'accepts'));
      return out;
    }
    case 'addrinfo':
      return [
        ...wrongObjects(required),
        v('wrong type: 0', '0', 'number', 'TypeError'),
        v('wrong type: an object with the fields', '{ ai_family: 2 }', 'object', 'TypeError'),
        v(
          'wrong type: an object made from AddrInfo.prototype',
          'Object.create(A.AddrInfo.prototype)',
          'object',
          'TypeError',
        ),
        v('wrong type: a Sockaddr_in', 'F.sockaddrIn()', 'object', 'TypeError'),
        v('a freed AddrInfo', 'F.freedAddrInfo()', 'object', 'ValueError'),
        // glibc answers numeric hints without a socket type with one node per type.
        v('a node that is not the head of its list', 'F.addrInfoTail()', 'object', 'ValueError', {
          platforms: ['linux'],
        }),
      ];
    case 'stringBox':
      return [
        ...wrongTypes(required, 'object'),
        v('wrong type: a string', "'text'", 'string', 'TypeError'),
        // Refused when the text is stored: after a valid address, that is.
        v('a frozen box', "Object.freeze({ value: '' })", 'object', 'TypeError', { relative: true }),
        v('a box without a value', '{}', 'object', 'accepts'),
        v('a box holding a number', '{ value: 5 }', 'object', 'accepts'),
        v('a box without a prototype', 'Object.create(null)', 'object', 'accepts'),
      ];
    case 'lengthBox':
      if (!ctx.lengthOf) throw new Error('badInputValues: a var length that does not follow a buffer');
      return [
        ...wrongTypes(required, 'object'),
        v('wrong type: a bare number', String(BUFFER_BYTES), 'number', 'TypeError'),
        v('wrong type: a box holding a string', `{ value: '${BUFFER_BYTES}' }`, 'object', 'TypeError'),
        v('wrong type: a box holding a bigint', `{ value: ${BUFFER_BYTES}n }`, 'object', 'TypeError'),
        v('wrong type: a box holding null', '{ value: null }', 'object', 'TypeError'),
        v('wrong type: a box without a value', '{}', 'object', 'TypeError'),
        ...lengthValues(ctx.lengthOf, true).map((x) => ({
          ...x,
          src: `{ value: ${x.src} }`,
          js: 'object' as const,
          ...(x.zero !== undefined ? { zero: `{ value: ${x.zero} }` } : {}),
        })),
      ];
    case 'handles':
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
    case 'object': {
      const out: Value[] = [
        ...wrongTypes(required, 'object'),
        v(`a freed AddrInfo (AddrInfo works as ${kind.name})`, 'F.freedAddrInfo()', 'object', 'ValueError'),
        v(`an AddrInfo (AddrInfo works as ${kind.name})`, 'F.addrInfo()', 'object', 'accepts'),
      ];
      for (const f of kind.fields) {
        const inner = valuesFor(f.kind, { required: false, hasLength: false }).filter(
          (x) => x.expect !== 'accepts' || x.js === 'number',
        );
        for (const x of inner) {
          if (x.js === 'undefined') continue;
          out.push({
            ...x,
            what: `${f.name}: ${x.what}`,
            src: `{ ${f.name}: ${x.src} }`,
            js: 'object',
            ...(x.zero !== undefined ? { zero: `{ ${f.name}: ${x.zero} }` } : {}),
          });
        }
      }
      return out;
    }
  }
}
