// The per-type tables an FFI backend (koffi, bun:ffi, Deno.dlopen) emits, one
// row per platform family: the FFI's type name of each C type, the bytes a
// typed pointer's array must hold. The key a C type has in them, and which C
// types and families the spec has.
import { type CodeBlockWriter, VariableDeclarationKind } from 'ts-morph';
import type { CType, Platform, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';
import type { TsFileBuilder } from './tsBuilder.js';

export type Family = Platform['family'];

/** A C type as an identifier (`socklen_t*` → `socklen_tPtr`, `const char*` → `const_charPtr`). */
export function cTypeKey(t: CType): string {
  return t.replace(/[^A-Za-z0-9_]/g, (c) => (c === '*' ? 'Ptr' : '')).replace(/^const/, 'const_');
}

/** The C types the spec's functions take or return, sorted. */
export function usedCTypes(model: SpecModel): CType[] {
  const used = new Set<CType>();
  for (const fn of model.cFunctions) {
    used.add(fn.returns);
    for (const p of fn.params) used.add(p.type);
  }
  return [...used].sort();
}

/** The platform families of the spec, in the order of its platforms. */
export function platformFamilies(model: SpecModel): Family[] {
  return [...new Set(model.platforms.map((p) => p.family))];
}

/** Parameter types whose typed array must hold one pointee (an `int*`), sorted. */
export function pointeeTypes(model: SpecModel): CType[] {
  return usedCTypes(model).filter(
    (t) =>
      C_TYPE_INFO[t].pointeeBytes !== undefined && model.cFunctions.some((fn) => fn.params.some((p) => p.type === t)),
  );
}

/**
 * `{ posix: { key: value, … }, windows: { … } }` over `types`, one entry per
 * family of the spec; a type whose value is undefined has no row there.
 */
export function writePerFamilyTable(
  w: CodeBlockWriter,
  model: SpecModel,
  types: CType[],
  value: (t: CType, fam: Family) => string | undefined,
): void {
  w.inlineBlock(() => {
    for (const fam of platformFamilies(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of types) {
            const v = value(t, fam);
            if (v !== undefined) w.writeLine(`${cTypeKey(t)}: ${v},`);
          }
        })
        .write(',')
        .newLine();
    }
  });
}

/** `POINTEE_BYTES`: the bytes a typed array passed for each typed pointer must hold, per family. */
export function addPointeeTable(file: TsFileBuilder, model: SpecModel): void {
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The bytes a typed array passed for a typed pointer must hold, per platform family.'],
    declarations: [
      {
        name: 'POINTEE_BYTES',
        initializer: (w) =>
          writePerFamilyTable(w, model, pointeeTypes(model), (t, fam) => String(C_TYPE_INFO[t].pointeeBytes![fam])),
      },
    ],
  });
}
