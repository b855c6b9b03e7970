// Nim type expressions of the spec, written as TypeScript types (API.md's table).
import type { SpecModel, TypeExpr } from '../../model/spec.js';

const PRIMITIVES: Record<string, string> = {
  cint: 'number',
  int: 'number',
  uint16: 'number',
  uint32: 'number',
  int16: 'number',
  int32: 'number',
  clong: 'number',
  bool: 'boolean',
  string: 'string',
  Uint8Array: 'Uint8Array',
  Int32Array: 'Int32Array',
};

/**
 * `code`: as TypeScript's formatter lays out a source file (an object type's
 * member ends with `;`), so generated .ts files need no formatting pass;
 * `prose`: as the API reference writes a signature.
 */
export type TypeStyle = 'code' | 'prose';

export function tsTypeOf(t: TypeExpr, model: SpecModel, style: TypeStyle = 'code'): string {
  const of = (inner: TypeExpr): string => tsTypeOf(inner, model, style);
  switch (t.kind) {
    case 'name': {
      const prim = PRIMITIVES[t.name];
      if (prim) return prim;
      if (model.structs.some((s) => s.nim === t.name)) return t.name;
      if (!model.types.some((d) => d.name === t.name)) throw new Error(`type ${t.name} is not in the spec`);
      return t.name;
    }
    case 'option':
      return `${of(t.of)} | undefined`;
    case 'seq':
      return `${wrap(of(t.of))}[]`;
    case 'tuple':
      return `[${t.items.map((i) => of(i)).join(', ')}]`;
    case 'union':
      return t.items.map((i) => of(i)).join(' | ');
    case 'var':
      // `var seq[T]` is an array the call changes in place; any other `var T` is a box.
      return t.of.kind === 'seq' ? of(t.of) : `{ value: ${of(t.of)}${style === 'code' ? ';' : ''} }`;
    case 'ptr':
      // `ptr SockAddr` and friends take any struct instance or raw bytes.
      // `ptr CStruct` (a socket option's value) too.
      return t.of.kind === 'name' &&
        (t.of.name === 'CStruct' || model.structs.some((s) => s.nim === (t.of as { name: string }).name))
        ? 'SockAddrLike'
        : of(t.of);
  }
}

function wrap(ts: string): string {
  return /[|&]/.test(ts) ? `(${ts})` : ts;
}
