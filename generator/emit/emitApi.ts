// The public TypeScript types: distinct types, enums (string members), objects,
// and the NativeSocketsApi interface every backend-bound API object satisfies.
import { VariableDeclarationKind } from 'ts-morph';
import type { DistinctDef, EnumDef, ObjectDef, SpecModel } from '../model/spec.js';
import { addAsyncTypings } from './shared/asyncVariants.js';
import type { GeneratedFile } from './shared/files.js';
import { procDocLines } from './shared/procDocs.js';
import type { TsFileBuilder } from './shared/tsBuilder.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';
import { tsTypeOf } from './shared/tsTypes.js';

export const TYPINGS_PATH = 'api.ts';

function addDistinct(file: TsFileBuilder, t: DistinctDef, model: SpecModel): void {
  const base = tsTypeOf(t.base, model);
  file.addTypeAlias({
    name: t.name,
    isExported: true,
    type: t.brand ? `${base} & { readonly __brand: '${t.name}'; }` : base,
    docs: [docText(t.doc)],
  });
}

function addEnum(file: TsFileBuilder, e: EnumDef): void {
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: [docText(e.doc)],
    declarations: [
      {
        name: e.name,
        initializer: (w) => {
          w.write('Object.freeze(')
            .inlineBlock(() => {
              for (const m of e.members) w.writeLine(`${m.name}: '${m.name}',`);
            })
            .write(' as const)');
        },
      },
    ],
  });
  file.addTypeAlias({
    name: e.name,
    isExported: true,
    type: `(typeof ${e.name})[keyof typeof ${e.name}]`,
    docs: [docText(e.doc)],
  });
  for (const m of e.members) {
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [docText(`${m.doc}\n\nA member of \`${e.name}\`.`)],
      declarations: [{ name: m.name, initializer: `${e.name}.${m.name}` }],
    });
  }
}

function addObject(file: TsFileBuilder, o: ObjectDef, model: SpecModel): void {
  file.addInterface({
    name: o.name,
    isExported: true,
    docs: [docText(o.doc)],
    properties: o.fields.map((f) => ({
      name: f.name,
      hasQuestionToken: f.optional,
      type: tsTypeOf(f.type, model),
      docs: [docText(f.doc)],
    })),
  });
}

export function emitApi(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, TYPINGS_PATH);
  const structClasses = model.structs.flatMap((s) => (s.nim ? [s.nim] : []));
  if (structClasses.length) {
    file.addImportDeclaration({ moduleSpecifier: './structs.js', namedImports: structClasses, isTypeOnly: true });
    file.addImportDeclaration({
      moduleSpecifier: '../runtime/struct.js',
      namedImports: ['SockAddrLike'],
      isTypeOnly: true,
    });
  }
  for (const t of model.types) {
    if (t.kind === 'distinct') addDistinct(file, t, model);
    else if (t.kind === 'enum') addEnum(file, t);
    else addObject(file, t, model);
  }
  const platforms = model.platforms.map((p) => p.name);
  const api = file.addInterface({
    name: 'NativeSocketsApi',
    isExported: true,
    docs: ['Every proc and value of std/nativesockets that needs a backend; the runtime builds one per backend.'],
  });
  for (const p of model.procs) {
    if (p.kind === 'let' || p.kind === 'const') {
      const o = p.overloads[0]!;
      api.addProperty({
        name: p.name,
        isReadonly: true,
        type: o.returns ? tsTypeOf(o.returns, model) : 'undefined',
        docs: [docText(procDocLines(p, undefined, platforms))],
      });
      continue;
    }
    const onSome = p.platforms.length !== platforms.length;
    for (const o of p.overloads) {
      api.addMethod({
        name: p.name,
        hasQuestionToken: onSome,
        parameters: o.params.map((prm) => ({
          name: prm.name,
          type: tsTypeOf(prm.type, model),
          hasQuestionToken: prm.default !== undefined,
        })),
        returnType: o.returns ? tsTypeOf(o.returns, model) : 'void',
        docs: [docText(procDocLines(p, o, platforms))],
      });
    }
  }
  addAsyncTypings(file, api, model);
  return tsFileOutput(TYPINGS_PATH, file);
}
