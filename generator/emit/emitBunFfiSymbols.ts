// The symbol table of the bunffi backend, generated/bunffi/symbols.ts: the
// bun:ffi type of each C type per platform family, and each C function of the
// spec with its library, platforms and C types. The backend
// (emitBunFfiBackend.ts) and Bun's lookup Worker (runtime/bun/lookupWorker.ts)
// both open their functions through it, so a function is declared once.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { SpecModel } from '../model/spec.js';
import { cTypeKey, usedCTypes, writePerFamilyTable } from './shared/ffiTables.js';
import type { GeneratedFile } from './shared/files.js';
import { MACHINE_TYPES, type MachineType } from './shared/machineTypes.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const BUNFFI_SYMBOLS_PATH = 'bunffi/symbols.ts';

/**
 * bun:ffi's name for each machine type. Signed 64-bit integers come back as
 * numbers (`i64_fast`: a BigInt only past 2^53, which a byte count never
 * reaches); a pointer by value crosses as u64, so that a bigint passes exactly;
 * a C string goes as a pointer to bytes the backend encodes.
 */
const BUN_TYPE: Record<MachineType, string> = {
  void: 'void',
  i32: 'i32',
  u32: 'u32',
  i64: 'i64_fast',
  isize: 'i64_fast',
  usize: 'u64',
  pointer: 'u64',
  buffer: 'ptr',
  cstring: 'ptr',
};

function writeTypeTable(w: CodeBlockWriter, model: SpecModel): void {
  writePerFamilyTable(w, model, usedCTypes(model), (t, fam) => `'${BUN_TYPE[MACHINE_TYPES[t][fam]]}'`);
}

function writeFunctionRows(w: CodeBlockWriter, model: SpecModel): void {
  w.inlineBlock(() => {
    for (const fn of model.cFunctions) {
      const variadic = fn.params.findIndex((p) => p.variadic);
      const fields = [
        `library: ${fn.library ? `'${fn.library}'` : 'null'}`,
        `platforms: [${fn.platforms.map((p) => `'${p}'`).join(', ')}]`,
        `args: [${fn.params.map((p) => `'${cTypeKey(p.type)}'`).join(', ')}]`,
        `returns: '${cTypeKey(fn.returns)}'`,
      ];
      if (variadic !== -1) fields.push(`variadicFrom: ${variadic}`);
      if (fn.threadpool) fields.push('threadpool: true');
      w.writeLine(`${fn.name}: { ${fields.join(', ')} },`);
    }
  });
}

export function emitBunFfiSymbols(model: SpecModel): GeneratedFile {
  const file = createTsFile(newTsProject(), BUNFFI_SYMBOLS_PATH);
  file.addImportDeclaration({ moduleSpecifier: 'node:module', namedImports: ['createRequire'] });
  file.addImportDeclaration({
    moduleSpecifier: '../platformTables.js',
    namedImports: ['PLATFORMS', 'type PlatformName'],
  });
  file.addInterface({
    name: 'BunFfi',
    isExported: true,
    docs: ['The part of bun:ffi the backend uses.'],
    properties: [
      {
        name: 'dlopen',
        type: '(path: string, symbols: Record<string, { args: string[]; returns: string; }>) => { symbols: Record<string, (...args: unknown[]) => unknown>; }',
      },
      { name: 'read', type: '{ i32(pointer: number, offset: number): number; }' },
    ],
  });
  file.addFunction({
    name: 'bunFfi',
    isExported: true,
    returnType: 'BunFfi',
    docs: ['bun:ffi, required when first asked for: Node loads this module without it.'],
    statements: ["return createRequire(import.meta.url)('bun:ffi') as BunFfi;"],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['bun:ffi type names for each C type of the spec, per platform family.'],
    declarations: [{ name: 'BUN_FFI_TYPES', initializer: (w) => writeTypeTable(w, model) }],
  });
  file.addTypeAlias({
    name: 'CTypeKey',
    isExported: true,
    type: 'keyof (typeof BUN_FFI_TYPES)[keyof typeof BUN_FFI_TYPES]',
  });
  file.addInterface({
    name: 'CFunctionRow',
    isExported: true,
    docs: ["One C function of the spec: its library (null: the platform's C library), where it exists, its C types."],
    properties: [
      { name: 'library', type: 'string | null' },
      { name: 'platforms', type: 'readonly PlatformName[]' },
      { name: 'args', type: 'readonly CTypeKey[]' },
      { name: 'returns', type: 'CTypeKey' },
      {
        name: 'variadicFrom',
        hasQuestionToken: true,
        type: 'number',
        docs: ['The first variadic argument, declared as a fixed one (see openCFunctions).'],
      },
      {
        name: 'threadpool',
        hasQuestionToken: true,
        type: 'true',
        docs: ["Run by the lookup Worker too (the backend's `threadpool` calls)."],
      },
    ],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The C functions of the spec.'],
    declarations: [
      { name: 'C_FUNCTIONS', type: 'Record<string, CFunctionRow>', initializer: (w) => writeFunctionRows(w, model) },
    ],
  });
  file.addFunction({
    name: 'variadicAsFixed',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'boolean',
    docs: [
      'bun:ffi has no variadic call. Where the ABI passes a variadic int exactly as a\n' +
        'fixed one (x86-64 System V and Windows, AAPCS64 on Linux and FreeBSD), a\n' +
        "fixed declaration is the same call; Apple's arm64 ABI puts variadic arguments\n" +
        'on the stack instead, so there such a function is not bound.',
    ],
    statements: ["return !(platform === 'macosx' && process.arch === 'arm64');"],
  });
  file.addFunction({
    name: 'openCFunctions',
    isExported: true,
    parameters: [
      { name: 'ffi', type: 'BunFfi' },
      { name: 'platform', type: 'PlatformName' },
      { name: 'wanted', type: '(row: CFunctionRow) => boolean' },
    ],
    returnType: 'Record<string, ((...args: unknown[]) => unknown) | undefined>',
    docs: ['Opens the wanted C functions that exist on `platform`, one dlopen per library.'],
    statements: (w) => {
      w.writeLine('const info = PLATFORMS[platform];');
      w.writeLine('const T = BUN_FFI_TYPES[info.family];');
      w.writeLine('const byLibrary = new Map<string, Record<string, { args: string[]; returns: string; }>>();');
      w.write('for (const [name, row] of Object.entries(C_FUNCTIONS)) ').inlineBlock(() => {
        w.writeLine('if (!row.platforms.includes(platform) || !wanted(row)) continue;');
        w.writeLine('if (row.variadicFrom !== undefined && !variadicAsFixed(platform)) continue;');
        w.writeLine('const library = row.library ?? info.cLibrary;');
        w.writeLine('const symbols = byLibrary.get(library) ?? {};');
        w.writeLine('symbols[name] = { args: row.args.map((t) => T[t]), returns: T[row.returns] };');
        w.writeLine('byLibrary.set(library, symbols);');
      });
      w.writeLine('const opened: Record<string, ((...args: unknown[]) => unknown) | undefined> = {};');
      w.writeLine(
        'for (const [library, symbols] of byLibrary) Object.assign(opened, ffi.dlopen(library, symbols).symbols);',
      );
      w.writeLine('return opened;');
    },
  });
  return tsFileOutput(BUNFFI_SYMBOLS_PATH, file);
}
