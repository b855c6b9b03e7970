// The koffi backend: binds every C function of the spec from the platform's C
// library at load, and captures errno (WSAGetLastError on Windows) in the same
// synchronous wrapper, right after the call, before any other code can run.
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CType, SpecModel } from '../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';
import type { GeneratedFile } from './files.js';
import { rawSignature } from './emitRawInterface.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './tsProject.js';
import type { CodeBlockWriter } from 'ts-morph';

export const KOFFI_BACKEND_PATH = 'koffi/backend.ts';

function cTypeKey(t: CType): string {
  return t.replace(/[^A-Za-z0-9_]/g, (c) => (c === '*' ? 'Ptr' : '')).replace(/^const/, 'const_');
}

function writeTypeTable(w: CodeBlockWriter, model: SpecModel): void {
  const used = new Set<CType>();
  for (const fn of model.cFunctions) {
    used.add(fn.returns);
    for (const p of fn.params) used.add(p.type);
  }
  const families = [...new Set(model.platforms.map((p) => p.family))];
  w.inlineBlock(() => {
    for (const fam of families) {
      w.write(`${fam}: `).inlineBlock(() => {
        for (const t of [...used].sort()) w.writeLine(`${cTypeKey(t)}: '${C_TYPE_INFO[t].koffi[fam]}',`);
      }).write(',').newLine();
    }
  });
}

function onEveryPlatform(fn: CFunctionDef, model: SpecModel): boolean {
  return model.platforms.every((p) => fn.platforms.includes(p.name));
}

/** The binding: `lib.func(name, result, [params])`, variadic tail as '...'. */
function writeBinding(w: CodeBlockWriter, fn: CFunctionDef): void {
  const fixed = fn.params.filter((p) => !p.variadic).map((p) => `T.${cTypeKey(p.type)}`);
  if (fn.params.some((p) => p.variadic)) fixed.push("'...'");
  w.write(`lib.func('${fn.name}', T.${cTypeKey(fn.returns)}, [${fixed.join(', ')}])`);
}

/** The wrapper the raw interface exposes: call, then capture the error on failure. */
function writeWrapper(w: CodeBlockWriter, fn: CFunctionDef): void {
  const sig = rawSignature(fn);
  const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const args = fn.params.map((p) => (p.variadic ? `T.${cTypeKey(p.type)}, ${p.name}` : p.name)).join(', ');
  w.write(`(${params}): ${sig.returns} => `).inlineBlock(() => {
    if (fn.failure === 'minus1') {
      w.writeLine(`const r = c_${fn.name}(${args}) as number;`);
      w.writeLine('if (r === -1) lastError = readLastError();');
      w.writeLine('return r;');
    } else if (C_TYPE_INFO[fn.returns].passing === 'string') {
      w.writeLine(`return (c_${fn.name}(${args}) as string | null) ?? '';`);
    } else {
      w.writeLine(`return c_${fn.name}(${args}) as ${sig.returns};`);
    }
  });
}

export function emitKoffiBackend(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, KOFFI_BACKEND_PATH);
  file.addImportDeclaration({ moduleSpecifier: 'koffi', defaultImport: 'koffi' });
  file.addImportDeclaration({ moduleSpecifier: '../rawBackend.js', namedImports: ['RawBackend'], isTypeOnly: true });
  file.addImportDeclaration({ moduleSpecifier: '../platformTables.js', namedImports: ['PLATFORMS', 'type PlatformName'] });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ['koffi type names for each C type of the spec, per platform family.'],
    declarations: [{ name: 'KOFFI_TYPES', initializer: (w) => writeTypeTable(w, model) }],
  });
  file.addFunction({
    name: 'loadKoffiBackend',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'RawBackend',
    docs: ["Loads the platform's C library and binds the spec's C functions that exist there."],
    statements: (w) => {
      w.writeLine('const info = PLATFORMS[platform];');
      w.writeLine('const T = KOFFI_TYPES[info.family];');
      w.writeLine('const lib = koffi.load(info.cLibrary);');
      w.writeLine('const on = (...platforms: PlatformName[]): boolean => platforms.includes(platform);');
      w.writeLine('// errno is per thread and any later call may overwrite it: read it first thing.');
      w.writeLine("const wsaGetLastError = info.lastError === 'wsa' ? lib.func('WSAGetLastError', 'int', []) : undefined;");
      w.writeLine('const readLastError = (): number => (wsaGetLastError ? (wsaGetLastError() as number) : koffi.errno());');
      w.writeLine('let lastError = 0;');
      for (const fn of model.cFunctions) {
        w.write(`const c_${fn.name} = `);
        if (onEveryPlatform(fn, model)) writeBinding(w, fn);
        else {
          w.write(`on(${fn.platforms.map((p) => `'${p}'`).join(', ')}) ? `);
          writeBinding(w, fn);
          w.write(' : undefined');
        }
        w.write(';').newLine();
      }
      w.write('return ').inlineBlock(() => {
        w.writeLine("name: 'koffi',");
        for (const fn of model.cFunctions) {
          w.writeLine(`/** ${docText(fn.doc)} */`);
          w.write(`${fn.name}: `);
          if (!onEveryPlatform(fn, model)) w.write(`c_${fn.name} && (`);
          writeWrapper(w, fn);
          w.write(onEveryPlatform(fn, model) ? ',' : '),').newLine();
        }
        w.writeLine('lastError: () => lastError,');
      }).write(';');
    },
  });
  return tsFileOutput(KOFFI_BACKEND_PATH, file);
}
