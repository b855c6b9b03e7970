// The package entry points: `nativesockets` (backend from NATIVESOCKETS_BACKEND),
// `nativesockets/napi`, `nativesockets/koffi`, `nativesockets/bunffi` (Bun
// only) and `nativesockets/denoffi` (Deno only). They differ only in the
// backend they bind; everything else they export is the same spec-derived list.
import { VariableDeclarationKind } from 'ts-morph';
import type { SpecModel } from '../model/spec.js';
import { addAsyncEntries } from './shared/asyncVariants.js';
import type { GeneratedFile } from './shared/files.js';
import { procDocLines } from './shared/procDocs.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const ENTRY_CHOICES = {
  index: 'auto',
  napi: 'napi',
  koffi: 'koffi',
  bunffi: 'bunffi',
  denoffi: 'denoffi',
} as const;

export function emitEntries(model: SpecModel): GeneratedFile[] {
  const project = newTsProject();
  const platforms = model.platforms.map((p) => p.name);
  return Object.entries(ENTRY_CHOICES).map(([fileName, choice]) => {
    const path = `entries/${fileName}.ts`;
    const file = createTsFile(project, path);
    file.addImportDeclaration({ moduleSpecifier: '../../runtime/loadApi.js', namedImports: ['loadApi'] });
    file.addExportDeclaration({ moduleSpecifier: '../api.js' });
    file.addExportDeclaration({ moduleSpecifier: '../constants.js' });
    file.addExportDeclaration({
      moduleSpecifier: '../../runtime/errors.js',
      namedExports: ['OSError', 'ValueError', 'IOError'],
    });
    const structClasses = model.structs.flatMap((s) => (s.nim ? [s.nim] : []));
    if (structClasses.length)
      file.addExportDeclaration({ moduleSpecifier: '../../runtime/structClasses.js', namedExports: structClasses });
    for (const t of model.types) {
      if (t.kind === 'distinct' && t.impl) {
        file.addExportDeclaration({
          moduleSpecifier: `../../${t.impl.replace(/\.ts$/, '.js')}`,
          namedExports: [t.name],
        });
      }
    }
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'api', initializer: `loadApi('${choice}')` }],
    });
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: ["Which backend this import is bound to: `'napi'`, `'koffi'`, `'bunffi'` or `'denoffi'`."],
      declarations: [{ name: 'backend', initializer: 'api.backend' }],
    });
    for (const p of model.procs) {
      file.addVariableStatement({
        declarationKind: VariableDeclarationKind.Const,
        isExported: true,
        docs: [docText(procDocLines(p, p.overloads.length === 1 ? p.overloads[0] : undefined, platforms))],
        declarations: [{ name: p.name, initializer: `api.${p.name}` }],
      });
    }
    addAsyncEntries(file, model);
    return tsFileOutput(path, file);
  });
}
