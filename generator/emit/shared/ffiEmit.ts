// Pieces every FFI backend emitter writes alike (koffi, bun:ffi, and any other
// runtime's FFI): the key a C type has in its per-family tables, those tables,
// and the argument checks that stand before a C call where the FFI would
// otherwise convert a JavaScript value on its own.
import type { CodeBlockWriter } from 'ts-morph';
import type { CType, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './cTypes.js';
import type { TsFileBuilder } from './tsBuilder.js';

export type Family = 'posix' | 'windows';

/** A C type as an identifier: `const char*` is `const_charPtr`. */
export function cTypeKey(t: CType): string {
  return t.replace(/[^A-Za-z0-9_]/g, (c) => (c === '*' ? 'Ptr' : '')).replace(/^const/, 'const_');
}

/** Every C type a C function of the spec takes or returns, sorted. */
export function usedTypes(model: SpecModel): CType[] {
  const used = new Set<CType>();
  for (const fn of model.cFunctions) {
    used.add(fn.returns);
    for (const p of fn.params) used.add(p.type);
  }
  return [...used].sort();
}

export function families(model: SpecModel): Family[] {
  return [...new Set(model.platforms.map((p) => p.family))];
}

/** Parameter types whose typed array must hold one pointee (an `int*`). */
export function sizedTypes(model: SpecModel): CType[] {
  return usedTypes(model).filter(
    (t) =>
      C_TYPE_INFO[t].pointeeBytes !== undefined && model.cFunctions.some((fn) => fn.params.some((p) => p.type === t)),
  );
}

/** `{ posix: { key: value, … }, windows: { … } }` over `types`, one entry per family of the spec. */
export function writePerFamilyTable(
  w: CodeBlockWriter,
  model: SpecModel,
  types: CType[],
  value: (t: CType, fam: Family) => string,
): void {
  w.inlineBlock(() => {
    for (const fam of families(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of types) w.writeLine(`${cTypeKey(t)}: ${value(t, fam)},`);
        })
        .write(',')
        .newLine();
    }
  });
}

/** The bytes a typed array passed for each sized type must hold, per family. */
export function writePointeeTable(w: CodeBlockWriter, model: SpecModel): void {
  writePerFamilyTable(w, model, sizedTypes(model), (t, fam) => String(C_TYPE_INFO[t].pointeeBytes![fam]));
}

/** `pointerArg(value, what)`: a pointer by value is a bigint of 64 bits, with the N-API backend's messages. */
export function addPointerArg(file: TsFileBuilder, doc: string): void {
  const m = POINTER_MESSAGES;
  file.addFunction({
    name: 'pointerArg',
    parameters: [
      { name: 'value', type: 'bigint' },
      { name: 'what', type: 'string' },
    ],
    returnType: 'bigint',
    docs: [doc],
    statements: [
      `if (typeof value !== 'bigint') throw new TypeError(\`\${what} ${m.notBigint}\`);`,
      `if (BigInt.asUintN(64, value) !== value) throw new RangeError(\`\${what} ${m.outOfRange}\`);`,
      'return value;',
    ],
  });
}

/** `typedArrayArg(value, what, minBytes)`: memory C uses in place is a typed array (no DataView), as on N-API. */
export function addTypedArrayArg(file: TsFileBuilder, doc: string): void {
  file.addFunction({
    name: 'typedArrayArg',
    typeParameters: ['T'],
    parameters: [
      { name: 'value', type: 'T' },
      { name: 'what', type: 'string' },
      { name: 'minBytes', type: 'number' },
    ],
    returnType: 'T',
    docs: [doc],
    statements: [
      `if (!ArrayBuffer.isView(value) || value instanceof DataView) throw new TypeError(\`\${what} ${POINTER_MESSAGES.notTypedArray}\`);`,
      'if (value.byteLength < minBytes) throw new RangeError(`${what} must hold at least ${minBytes} bytes`);',
      'return value;',
    ],
  });
}

/** The checks `peek(address, length)` makes before it copies: never NULL, a bounded length. */
export function writePeekChecks(w: CodeBlockWriter): void {
  const m = POINTER_MESSAGES;
  w.writeLine("pointerArg(address, 'peek: address');");
  w.writeLine(`if (address === 0n) throw new TypeError('peek: address ${m.isNull}');`);
  w.writeLine(`if (typeof length !== 'number') throw new TypeError('peek: length ${m.lengthNotNumber}');`);
  w.writeLine(
    `if (!(Number.isInteger(length) && length >= 0 && length <= PEEK_MAX_BYTES)) throw new RangeError('peek: length ${m.lengthRange}');`,
  );
}
