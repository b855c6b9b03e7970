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

export function tsTypeOf(t: TypeExpr, model: SpecModel): string {
  switch (t.kind) {
    case 'name': {
      const prim = PRIMITIVES[t.name];
      if (prim) return prim;
      if (model.structs.some((s) => s.nim === t.name)) return t.name;
      if (!model.types.some((d) => d.name === t.name)) throw new Error(`type ${t.name} is not in the spec`);
      return t.name;
    }
    case 'option':
      return `${tsTypeOf(t.of, model)} | undefined`;
    case 'seq':
      return `${wrap(tsTypeOf(t.of, model))}[]`;
    case 'tuple':
      return `[${t.items.map((i) => tsTypeOf(i, model)).join(', ')}]`;
    case 'union':
      return t.items.map((i) => tsTypeOf(i, model)).join(' | ');
    case 'var':
      // `var seq[T]` is an array the call changes in place; any other `var T` is a box.
      return t.of.kind === 'seq' ? tsTypeOf(t.of, model) : `{ value: ${tsTypeOf(t.of, model)} }`;
    case 'ptr':
      // `ptr SockAddr` and friends take any struct instance or raw bytes.
      // `ptr CStruct` (a socket option's value) too.
      return t.of.kind === 'name' &&
        (t.of.name === 'CStruct' || model.structs.some((s) => s.nim === (t.of as { name: string }).name))
        ? 'SockAddrLike'
        : tsTypeOf(t.of, model);
  }
}

function wrap(ts: string): string {
  return /[|&]/.test(ts) ? `(${ts})` : ts;
}
