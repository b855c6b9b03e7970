// Sizes of struct field types on a platform, derived from the spec's struct
// list. Every platform of the spec is a 64-bit target.
import { ABSENT, type FieldType, type SpecModel, type StructDef } from './spec.js';

export const POINTER_SIZE = 8;

const SCALARS: Record<string, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  uint64: 8,
  int64: 8,
  ptr: POINTER_SIZE,
  cstring: POINTER_SIZE,
  cstringArray: POINTER_SIZE,
};

export type ParsedFieldType =
  | { kind: 'scalar'; name: string }
  | { kind: 'struct'; name: string }
  | { kind: 'pointer'; to: string }
  | { kind: 'array'; of: ParsedFieldType; length: number };

export function parseFieldType(t: FieldType): ParsedFieldType {
  const arr = /^(.+)\[(\d+)\]$/.exec(t);
  if (arr) return { kind: 'array', of: parseFieldType(arr[1]!), length: Number(arr[2]) };
  if (t.endsWith('*')) return { kind: 'pointer', to: t.slice(0, -1) };
  if (t in SCALARS) return { kind: 'scalar', name: t };
  return { kind: 'struct', name: t };
}

/** The byte size of a field type on a platform, or an error message. */
export function fieldTypeSize(t: ParsedFieldType, platform: string, structs: Map<string, StructDef>): number | string {
  switch (t.kind) {
    case 'scalar':
      return SCALARS[t.name]!;
    case 'pointer':
      return structs.has(t.to) ? POINTER_SIZE : `'${t.to}*' points to no struct of the spec`;
    case 'array': {
      const one = fieldTypeSize(t.of, platform, structs);
      return typeof one === 'number' ? one * t.length : one;
    }
    case 'struct': {
      const s = structs.get(t.name);
      if (!s)
        return `'${t.name}' is neither a scalar type (${Object.keys(SCALARS).join(', ')}) nor a struct of the spec`;
      const size = s.size[platform];
      return typeof size === 'number' ? size : `struct ${t.name} has no size on ${platform}`;
    }
  }
}

export function structMap(model: SpecModel): Map<string, StructDef> {
  return new Map(model.structs.map((s) => [s.name, s]));
}

export { ABSENT };
