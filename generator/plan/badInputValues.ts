// The bad-input plan, part 2: the values tried in place of a parameter of
// each Kind (wrong types, out-of-range numbers, short or lying buffers, valid
// edge values), each with the outcome API.md names for it.

import {
  intValues,
  lengthValues,
  NOT_BUFFERS,
  NOT_INTEGERS,
  type ParamContext,
  shortBuffers,
  VIEWS,
  v,
  wrongObjects,
  wrongTypes,
} from './badInputCommon.js';
import { BUFFER_BYTES, type Kind, type Value } from './badInputKinds.js';
import { byteListValues, handlesValues, objectListValues, objectValues } from './badInputObjectValues.js';

export type { ParamContext } from './badInputCommon.js';
export { v } from './badInputCommon.js';

/** An object that inherits a class's methods but is no instance of it (no bytes behind it). */
const fromPrototype = (cls: string): Value =>
  v(`wrong type: an object made from ${cls}.prototype`, `Object.create(A.${cls}.prototype)`, 'object', 'TypeError');

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
        fromPrototype('Sockaddr_in'),
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
    case 'structBytes':
      // Any struct or Uint8Array of at least one byte (a socket option's value: its length is its own).
      return [
        ...wrongObjects(required),
        v('wrong type: a string', "'1'", 'string', 'TypeError'),
        v('wrong type: an Int32Array', 'new Int32Array(4)', 'object', 'TypeError'),
        ...NOT_BUFFERS,
        fromPrototype('Linger'),
        v('wrong type: an AddrInfo', 'F.addrInfo()', 'object', 'TypeError'),
        v('an empty Uint8Array', 'new Uint8Array(0)', 'object', 'RangeError'),
        v('a detached buffer (0 bytes)', `F.detached(${BUFFER_BYTES})`, 'object', 'RangeError'),
        v('1 byte', 'new Uint8Array(1)', 'object', 'accepts'),
        v('1 byte with an own byteLength claiming 1 MiB', 'F.lying(1)', 'object', 'accepts'),
        v('a Buffer', `Buffer.alloc(${BUFFER_BYTES})`, 'object', 'accepts'),
        v('a Linger', 'new A.Linger()', 'object', 'accepts'),
        v('a Timeval', 'new A.Timeval()', 'object', 'accepts'),
        ...VIEWS,
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
        fromPrototype(kind.name),
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
        fromPrototype('AddrInfo'),
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
      return handlesValues(required);
    case 'byteList':
      return byteListValues(required);
    case 'objectList':
      return objectListValues(kind, required, valuesFor);
    case 'object':
      return objectValues(kind, required, valuesFor);
  }
}
