// The bad-input matrix: for every proc (and every checked type constructor,
// `Port`), every overload and every parameter, calls that pass one wrong value
// in that one position while every other argument is valid, and the outcome
// API.md names for it, derived from the parameter's Nim type alone:
//
// - a wrong JavaScript type, or a string with a NUL byte where C needs a C
//   string (a `string` parameter of a proc that calls C or returns a C struct):
//   TypeError;
// - a number out of the type's range, not an integer, NaN, ±Infinity or 2^53
//   (no JS number at or beyond 2^53 is an exact integer, so it is out of range
//   even for Nim's 64-bit `int`), or a length past the end of its buffer:
//   RangeError;
// - a freed AddrInfo, or a node that is not the head of its list: ValueError;
// - -0 where 0 is valid: exactly what 0 gives (never for a socket handle: fd 0
//   is stdin);
// - valid edge values (an oversize 1 MiB string, the range's ends, other
//   TypedArrays, Buffers, views): a return, or an error class the proc raises.
//
// A handle is always NEVER_OPEN_HANDLE (a descriptor that is never open), so no
// call touches a real socket, file or stdin; strings that reach name lookups are
// numeric addresses or hold a label longer than 63 bytes, which the resolver
// rejects without sending anything. A numeric parameter right after a buffer
// (`Uint8Array` or `ptr SockAddr`), or a `var SockLen` after one, is that
// buffer's length, as every (buffer, length) pair of the spec is.
//
// Every proc with an Async variant gets the same rows for `NAMEAsync` (the
// same arguments, `options` left out): each must reject with what the proc
// throws, never throw synchronously; plus rows for `options` itself: a wrong
// type or a `signal` that is not an AbortSignal is a TypeError, an aborted
// signal an AbortError.
//
// Every call runs in a child process per backend (tests/robustness/badInput/),
// so a crash is caught, attributed to its call, and fails the test instead of
// the run. The generated file is data; the harness turns it into tests.
// `badInputPlan` is also what `make fuzz` (fuzz/runner.mjs) draws wrong values from.
import type { OverloadDef, ParamDef, ProcDef, SpecModel, TypeExpr } from '../model/spec.js';
import { typeExprToString } from '../model/typeExpr.js';
import type { GeneratedFile } from './shared/files.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

/** What the harness checks a call against. */
type Expect = 'TypeError' | 'RangeError' | 'ValueError' | 'AbortError' | 'accepts' | 'sameAsZero';

/** The JavaScript kind of a value, to tell which overload a value belongs to. */
type JsKind = 'number' | 'string' | 'boolean' | 'object' | 'undefined' | 'null' | 'bigint' | 'symbol';

interface Value {
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

type Kind =
  | { k: 'handle' }
  | { k: 'int'; min: number; max: number; minSrc: string; maxSrc: string; extremes: boolean }
  | { k: 'bool' }
  | { k: 'enum'; name: string; members: string[] }
  | { k: 'string'; c: boolean }
  | { k: 'sockaddr' }
  | { k: 'struct'; name: string }
  | { k: 'addrinfo' }
  | { k: 'stringBox' }
  | { k: 'lengthBox' }
  | { k: 'handles' }
  | { k: 'bytes' }
  | { k: 'int32array' }
  | { k: 'object'; name: string; fields: { name: string; kind: Kind }[] };

/** The size of every buffer the cases pass, and so the valid length of each. */
const BUFFER_BYTES = 16;

const INT_RANGES: Record<string, { min: number; max: number; minSrc: string; maxSrc: string; extremes: boolean }> = {
  int32: { min: -2147483648, max: 2147483647, minSrc: '-2147483648', maxSrc: '2147483647', extremes: true },
  uint16: { min: 0, max: 65535, minSrc: '0', maxSrc: '65535', extremes: true },
  uint32: { min: 0, max: 4294967295, minSrc: '0', maxSrc: '4294967295', extremes: true },
  // Nim's int is 64-bit; as a JS number it is exact up to 2^53 - 1. Its ends are
  // not tried as valid: the C calls behind `int` parameters take a C int.
  int64: { min: -(2 ** 53 - 1), max: 2 ** 53 - 1, minSrc: '-(2 ** 53 - 1)', maxSrc: '2 ** 53 - 1', extremes: false },
};

const PRIMITIVE_INTS: Record<string, keyof typeof INT_RANGES> = {
  cint: 'int32',
  int32: 'int32',
  clong: 'int32',
  int: 'int64',
  int64: 'int64',
  uint16: 'uint16',
  uint32: 'uint32',
};

function kindOf(model: SpecModel, t: TypeExpr, where: string): Kind {
  const fail = (): never => {
    throw new Error(`${where}: no bad-input rule for type '${typeExprToString(t)}' (generator/emit/emitBadInputTests.ts kindOf)`);
  };
  if (t.kind === 'ptr' && t.of.kind === 'name') {
    if (t.of.name === 'SockAddr') return { k: 'sockaddr' };
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
  if (def?.kind === 'object') {
    return { k: 'object', name, fields: def.fields.map((f) => ({ name: f.name, kind: kindOf(model, f.type, `${where}.${f.name}`) })) };
  }
  if (model.structs.some((s) => s.nim === name)) return { k: 'struct', name };
  return fail();
}

function jsKindOf(kind: Kind): JsKind {
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

const v = (what: string, src: string, js: JsKind, expect: Expect, extra: Partial<Value> = {}): Value => ({ what, src, js, expect, ...extra });

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
    v(`past the end of ${buffer} (${BUFFER_BYTES} bytes)`, String(BUFFER_BYTES + 1), 'number', 'RangeError', { relative: true }),
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
    v(`below the range (${kind.minSrc} - 1)`, kind.min === -(2 ** 53 - 1) ? '-(2 ** 53)' : String(kind.min - 1), 'number', 'RangeError'),
    v(`above the range (${kind.maxSrc} + 1)`, kind.max === 2 ** 53 - 1 ? '2 ** 53' : String(kind.max + 1), 'number', 'RangeError'),
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
    v(`${real} bytes of a subclass whose byteLength getter claims 1 MiB`, `F.lyingSubclass(${real})`, 'object', 'RangeError'),
    v('a detached buffer (0 bytes)', `F.detached(${BUFFER_BYTES})`, 'object', 'RangeError'),
    v(`a length-tracking view of a resizable buffer shrunk to ${real} bytes`, `F.shrunk(${BUFFER_BYTES}, ${real})`, 'object', 'RangeError'),
  ].map((x) => ({ ...x, relative: true }));
}

const NOT_BUFFERS = [
  v('wrong type: an array of numbers', `new Array(${BUFFER_BYTES}).fill(0)`, 'object', 'TypeError'),
  v('wrong type: an ArrayBuffer', `new ArrayBuffer(${BUFFER_BYTES})`, 'object', 'TypeError'),
  v('wrong type: a DataView', `new DataView(new ArrayBuffer(${BUFFER_BYTES}))`, 'object', 'TypeError'),
  v('wrong type: a Proxy of a Uint8Array', `new Proxy(new Uint8Array(${BUFFER_BYTES}), {})`, 'object', 'TypeError'),
  v('wrong type: an object made from Uint8Array.prototype', 'Object.create(Uint8Array.prototype)', 'object', 'TypeError'),
  v('wrong type: an object with a byteLength', `{ byteLength: ${BUFFER_BYTES} }`, 'object', 'TypeError'),
];

interface ParamContext {
  required: boolean;
  /** The buffer parameter this one is the length of. */
  lengthOf?: string;
  /** Whether a length parameter follows this buffer. */
  hasLength: boolean;
}

function valuesFor(kind: Kind, ctx: ParamContext): Value[] {
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
      if (ctx.lengthOf) return [...wrongTypes(required, 'number'), ...lengthValues(ctx.lengthOf, kind.max === 4294967295)];
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
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
        v('wrong type: a string', "'127.0.0.1'", 'string', 'TypeError'),
        v('wrong type: an Int32Array', `new Int32Array(${BUFFER_BYTES / 4})`, 'object', 'TypeError'),
        ...NOT_BUFFERS,
        v('wrong type: an object made from Sockaddr_in.prototype', 'Object.create(A.Sockaddr_in.prototype)', 'object', 'TypeError'),
        v('wrong type: an AddrInfo', 'F.addrInfo()', 'object', 'TypeError'),
        ...(ctx.hasLength
          ? [...shortBuffers(8), v('a Sockaddr_in whose bytes claim 1 MiB (8 real bytes)', 'F.lyingStruct()', 'object', 'RangeError', { relative: true })]
          : [
              v('1 byte, too short for an address family', 'new Uint8Array(1)', 'object', 'RangeError'),
              v('1 byte with an own byteLength claiming 1 MiB', 'F.lying(1)', 'object', 'RangeError'),
              v('a detached buffer (0 bytes)', `F.detached(${BUFFER_BYTES})`, 'object', 'RangeError'),
            ]),
        v('a Buffer', `Buffer.alloc(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a Sockaddr_storage', 'new A.Sockaddr_storage()', 'object', 'accepts'),
        v('a Sockaddr_in6', 'new A.Sockaddr_in6()', 'object', 'accepts'),
        v('a view at an offset into a larger buffer', `F.view(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a view of a SharedArrayBuffer', `F.shared(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a length-tracking view of a resizable buffer', `F.resizable(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('the ai_addr of a freed AddrInfo (a copy)', 'F.freedAddrInfoAddr()', 'object', 'accepts'),
      ];
    case 'bytes':
      return [
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
        v('wrong type: a string', "'ping'", 'string', 'TypeError'),
        ...NOT_BUFFERS,
        ...(ctx.hasLength ? shortBuffers(8) : []),
        v('a Buffer', `Buffer.alloc(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('an Int32Array (lengths count bytes)', `new Int32Array(${BUFFER_BYTES / 4})`, 'object', 'accepts'),
        v('a Float64Array', `new Float64Array(${BUFFER_BYTES / 8})`, 'object', 'accepts'),
        v('a BigInt64Array', `new BigInt64Array(${BUFFER_BYTES / 8})`, 'object', 'accepts'),
        v('a view at an offset into a larger buffer', `F.view(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a view of a SharedArrayBuffer', `F.shared(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a length-tracking view of a resizable buffer', `F.resizable(${BUFFER_BYTES})`, 'object', 'accepts'),
      ];
    case 'int32array':
      return [
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
        v('wrong type: a Uint8Array', 'new Uint8Array(4)', 'object', 'TypeError'),
        v('an empty Int32Array', 'new Int32Array(0)', 'object', 'RangeError'),
      ];
    case 'struct': {
      const other = kind.name === 'Sockaddr_storage' ? 'Sockaddr_in' : 'Sockaddr_storage';
      const out = [
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
        v('wrong type: a string', "'127.0.0.1'", 'string', 'TypeError'),
        v(`wrong type: a ${other}`, `new A.${other}()`, 'object', 'TypeError'),
        v('wrong type: a Uint8Array', 'new Uint8Array(4)', 'object', 'TypeError'),
        v('wrong type: an object with the fields', '{ s_addr: 16777343 }', 'object', 'TypeError'),
        v(`wrong type: an object made from ${kind.name}.prototype`, `Object.create(A.${kind.name}.prototype)`, 'object', 'TypeError'),
      ];
      if (kind.name === 'InAddr') out.push(v('the sin_addr of a Sockaddr_in', 'F.sockaddrIn().sin_addr', 'object', 'accepts'));
      return out;
    }
    case 'addrinfo':
      return [
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
        v('wrong type: 0', '0', 'number', 'TypeError'),
        v('wrong type: an object with the fields', '{ ai_family: 2 }', 'object', 'TypeError'),
        v('wrong type: an object made from AddrInfo.prototype', 'Object.create(A.AddrInfo.prototype)', 'object', 'TypeError'),
        v('wrong type: a Sockaddr_in', 'F.sockaddrIn()', 'object', 'TypeError'),
        v('a freed AddrInfo', 'F.freedAddrInfo()', 'object', 'ValueError'),
        // glibc answers numeric hints without a socket type with one node per type.
        v('a node that is not the head of its list', 'F.addrInfoTail()', 'object', 'ValueError', { platforms: ['linux'] }),
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
      if (!ctx.lengthOf) throw new Error('emitBadInputTests: a var length that does not follow a buffer');
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
        ...wrongTypes(required, 'object'),
        PLAIN_OBJECT,
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
        const inner = valuesFor(f.kind, { required: false, hasLength: false }).filter((x) => x.expect !== 'accepts' || x.js === 'number');
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

/** The valid argument each kind takes when another parameter is under test. */
function baseline(kind: Kind, param: ParamDef, lengthOf: string | undefined): string {
  switch (kind.k) {
    case 'handle':
      return 'F.handle';
    case 'int':
      return lengthOf ? String(BUFFER_BYTES) : '0';
    case 'bool':
      return 'false';
    case 'enum': {
      const d = param.default;
      return d?.kind === 'ident' && kind.members.includes(d.name) ? `A.${d.name}` : `A.${kind.members[0]!}`;
    }
    case 'string':
      return "'127.0.0.1'";
    case 'sockaddr':
      return 'F.sockaddrIn()';
    case 'struct':
      return `new A.${kind.name}()`;
    case 'addrinfo':
      return 'F.addrInfo()';
    case 'stringBox':
      return "{ value: '' }";
    case 'lengthBox':
      return `{ value: ${BUFFER_BYTES} }`;
    case 'handles':
      return '[]';
    case 'bytes':
      return `F.bytes(${BUFFER_BYTES})`;
    case 'int32array':
      return 'new Int32Array(1)';
    case 'object':
      return '{}';
  }
}

/** Whether another overload takes `value` at `position` (so it is not wrong there). */
function takenByAnotherOverload(model: SpecModel, proc: string, overloads: OverloadDef[], self: number, position: number, value: Value): boolean {
  return overloads.some((o, i) => {
    if (i === self) return false;
    const q = o.params[position];
    if (!q) return value.js === 'undefined';
    // The same type there refuses what this one refuses.
    if (typeExprToString(q.type) === typeExprToString(overloads[self]!.params[position]!.type)) return false;
    if (value.js === 'undefined') return q.default !== undefined;
    const kind = kindOf(model, q.type, `${proc}.${q.name}`);
    if (jsKindOf(kind) !== value.js) return false;
    return kind.k !== 'enum' || (value.member !== undefined && kind.members.includes(value.member));
  });
}

interface CaseRow {
  proc: string;
  param: string;
  type: string;
  what: string;
  args: string;
  expect: Expect;
  zeroArgs?: string;
  platforms?: string[];
}

interface ProcRow {
  raises: string[];
  platforms: string[] | null;
  returnsHandle: boolean;
}

function mentionsHandle(t: TypeExpr | null): boolean {
  if (!t) return false;
  if (t.kind === 'name') return t.name === 'SocketHandle';
  if (t.kind === 'tuple') return t.items.some(mentionsHandle);
  return mentionsHandle(t.of);
}

/** Whether a `string` parameter of `p` reaches C: the proc calls C or makes a C struct. */
function stringsReachC(model: SpecModel, p: ProcDef, o: OverloadDef): boolean {
  const r = o.returns;
  return p.calls.length > 0 || (r?.kind === 'name' && model.structs.some((s) => s.nim === r.name));
}

/** One parameter of one overload: how it is classified, its valid stand-in, and the values tried in its place. */
export interface ParamPlan {
  name: string;
  type: string;
  kind: Kind;
  /** JavaScript source of the valid argument used while another parameter is under test. */
  baseline: string;
  /** The buffer parameter this one is the length of. */
  lengthOf?: string;
  values: Value[];
}

export interface ProcPlan {
  proc: ProcDef;
  overloads: { params: ParamPlan[]; signature: string }[];
}

export type { Kind, Value, Expect };

/** What the matrix (and `make fuzz`) knows of every proc with parameters; parameters of a type no rule covers are listed apart. */
export function badInputPlan(model: SpecModel): { plans: ProcPlan[]; uncovered: string[] } {
  const plans: ProcPlan[] = [];
  const uncovered: string[] = [];
  const procs = [...constructorProcs(model), ...model.procs.filter((p) => p.overloads.some((o) => o.params.length > 0))];
  for (const p of procs) {
    let kindsByOverload: Kind[][];
    try {
      kindsByOverload = p.overloads.map((o) => o.params.map((x) => kindOf(model, x.type, `${p.name}.${x.name}`)));
    } catch (e) {
      uncovered.push((e as Error).message);
      continue;
    }
    const overloads = p.overloads.map((o, oi) => {
      const kinds = kindsByOverload[oi]!;
      const lengthOf = o.params.map((_, i) => {
        const prev = kinds[i - 1];
        const k = kinds[i]!;
        return prev && (prev.k === 'bytes' || prev.k === 'sockaddr') && (k.k === 'int' || k.k === 'lengthBox') ? o.params[i - 1]!.name : undefined;
      });
      const cString = stringsReachC(model, p, o);
      const params = o.params.map((x, i): ParamPlan => {
        let kind = kinds[i]!;
        if (kind.k === 'string') kind = { k: 'string', c: cString };
        const ctx: ParamContext = { required: x.default === undefined, hasLength: lengthOf[i + 1] !== undefined };
        if (lengthOf[i]) ctx.lengthOf = lengthOf[i];
        const values = valuesFor(kind, ctx).filter((value) => !(p.overloads.length > 1 && takenByAnotherOverload(model, p.name, p.overloads, oi, i, value)));
        const plan: ParamPlan = { name: x.name, type: typeExprToString(x.type), kind, baseline: baseline(kind, x, lengthOf[i]), values };
        if (lengthOf[i]) plan.lengthOf = lengthOf[i];
        return plan;
      });
      return { params, signature: `(${o.params.map((x) => `${x.name}: ${typeExprToString(x.type)}`).join(', ')})` };
    });
    plans.push({ proc: p, overloads });
  }
  return { plans, uncovered };
}

/** The values of an Async variant's last parameter, `options?: AsyncOptions`. */
const ASYNC_OPTIONS_VALUES: Value[] = [
  v('an empty object', '{}', 'object', 'accepts'),
  v('signal undefined', '{ signal: undefined }', 'object', 'accepts'),
  v('wrong type: a number', '5', 'number', 'TypeError'),
  v('wrong type: a string', "'x'", 'string', 'TypeError'),
  v('wrong type: a boolean', 'true', 'boolean', 'TypeError'),
  v('wrong type: null', 'null', 'null', 'TypeError'),
  v('wrong type: a bigint', '1n', 'bigint', 'TypeError'),
  v('wrong type: a symbol', "Symbol('x')", 'symbol', 'TypeError'),
  v('signal: a number', '{ signal: 5 }', 'object', 'TypeError'),
  v('signal: null', '{ signal: null }', 'object', 'TypeError'),
  v('signal: a plain object', '{ signal: {} }', 'object', 'TypeError'),
  v('signal: an AbortController, not its signal', '{ signal: new AbortController() }', 'object', 'TypeError'),
  v('signal: already aborted', '{ signal: AbortSignal.abort() }', 'object', 'AbortError'),
];

/** The rows of `plan`'s Async variant: its proc's rows under the Async name, and the `options` rows. */
function asyncCasesOf(plan: ProcPlan, syncRows: CaseRow[], rows: CaseRow[]): void {
  const name = `${plan.proc.name}Async`;
  for (const r of syncRows) rows.push({ ...r, proc: name });
  for (const o of plan.overloads) {
    const base = o.params.map((x) => x.baseline).join(', ');
    for (const value of ASYNC_OPTIONS_VALUES) {
      rows.push({ proc: name, param: 'options', type: 'AsyncOptions', what: value.what, args: `${base}, ${value.src}`, expect: value.expect });
    }
  }
}

function casesOf(model: SpecModel, plan: ProcPlan, rows: CaseRow[]): void {
  const p = plan.proc;
  const seen = new Set<string>();
  const platforms = p.platforms.length === model.platforms.length ? undefined : p.platforms;
  const add = (row: CaseRow): void => {
    const key = row.args;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(platforms && !row.platforms ? { ...row, platforms } : row);
  };
  for (const o of plan.overloads) {
    const base = o.params.map((x) => x.baseline);
    add({ proc: p.name, param: '', type: o.signature, what: 'every argument valid (what the cases below vary)', args: base.join(', '), expect: 'accepts' });
    o.params.forEach((x, i) => {
      for (const value of x.values) {
        if (value.expect === 'accepts' && value.src === base[i]) continue;
        const args = [...base];
        args[i] = value.src;
        const row: CaseRow = { proc: p.name, param: x.name, type: x.type, what: value.what, args: args.join(', '), expect: value.expect };
        if (value.zero !== undefined) {
          const zero = [...base];
          zero[i] = value.zero;
          row.zeroArgs = zero.join(', ');
        }
        if (value.platforms) row.platforms = value.platforms;
        add(row);
      }
    });
  }
}

/** Types with a checked constructor of their own name (`Port(80)`), tried like a one-parameter proc. */
function constructorProcs(model: SpecModel): ProcDef[] {
  const out: ProcDef[] = [];
  for (const t of model.types) {
    if (t.kind !== 'distinct' || !t.impl || t.base.kind !== 'name' || !PRIMITIVE_INTS[t.base.name]) continue;
    out.push({
      name: t.name,
      kind: 'proc',
      doc: t.doc,
      overloads: [{ params: [{ name: 'n', type: t.base, doc: '', loc: t.loc }], returns: { kind: 'name', name: t.name }, doc: '' }],
      raises: [],
      blocking: false,
      netLite: true,
      platforms: model.platforms.map((x) => x.name),
      impl: { kind: 'module', file: t.impl, name: t.name, loc: t.loc },
      calls: [],
      callsLoc: t.loc,
      seeds: [],
      cases: [],
      loc: t.loc,
    });
  }
  return out;
}

export function emitBadInputTests(model: SpecModel): GeneratedFile {
  const path = 'tests/badInput.test.ts';
  const { plans, uncovered } = badInputPlan(model);
  const rows: CaseRow[] = [];
  const asyncRows: CaseRow[] = [];
  const procRows: Record<string, ProcRow> = {};
  for (const plan of plans) {
    const p = plan.proc;
    const own: CaseRow[] = [];
    casesOf(model, plan, own);
    rows.push(...own);
    procRows[p.name] = {
      raises: [...p.raises],
      platforms: p.platforms.length === model.platforms.length ? null : [...p.platforms],
      returnsHandle: p.overloads.some((o) => mentionsHandle(o.returns)),
    };
    if (p.async) {
      asyncCasesOf(plan, own, asyncRows);
      // Where the proc returns -1 and sets osLastError(), its Async variant rejects with that OSError.
      const sync = procRows[p.name]!;
      procRows[`${p.name}Async`] = { ...sync, raises: sync.raises.includes('OSError') ? sync.raises : [...sync.raises, 'OSError'] };
    }
  }
  rows.push(...asyncRows);
  const file = createTsFile(newTsProject(), path);
  file.addImportDeclaration({ moduleSpecifier: '../../tests/robustness/badInput/harness.js', namedImports: ['badInputSuite'] });
  file.addStatements((w) => {
    w.writeLine(`// ${rows.length} calls, each with one wrong (or edge) argument; see generator/emit/emitBadInputTests.ts.`);
    w.writeLine('// In `args`, A is the API of the backend under test and F the fixtures of tests/robustness/children/fixtures.mjs.');
    w.write('badInputSuite(').inlineBlock(() => {
      w.writeLine(`uncovered: ${JSON.stringify(uncovered)},`);
      w.write('procs: ').inlineBlock(() => {
        for (const [name, r] of Object.entries(procRows)) {
          w.writeLine(`${name}: { raises: ${JSON.stringify(r.raises)}, platforms: ${JSON.stringify(r.platforms)}, returnsHandle: ${r.returnsHandle} },`);
        }
      }).write(',').newLine();
      w.writeLine('cases: [');
      for (const r of rows) w.writeLine(`${JSON.stringify(r)},`);
      w.writeLine('],');
    }).write(');').newLine();
  });
  return tsFileOutput(path, file);
}
