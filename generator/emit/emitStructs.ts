// Struct classes: one class per spec struct over a Uint8Array, with field
// accessors named as in C, laid out for the running platform from the
// per-platform tables emitted beside them.
import { type CodeBlockWriter, VariableDeclarationKind } from 'ts-morph';
import { fieldTypeSize, type ParsedFieldType, parseFieldType, structMap } from '../model/layout.js';
import type { SpecModel, StructDef, StructField } from '../model/spec.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform, platformsWith, valueOn } from './shared/platformValues.js';
import type { ClassBuilder, TsFileBuilder } from './shared/tsBuilder.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const STRUCTS_PATH = 'structs.ts';

/** The class name: the Nim name of public structs, `CStruct_<c name>` for internal ones. */
export function structClassName(s: StructDef): string {
  return s.nim ?? `CStruct_${s.name}`;
}

function fieldKind(t: ParsedFieldType): string {
  switch (t.kind) {
    case 'scalar':
      return ['ptr', 'cstring', 'cstringArray'].includes(t.name) ? 'pointer' : t.name;
    case 'pointer':
      return 'pointer';
    case 'array':
      return 'bytes';
    case 'struct':
      return 'struct';
  }
}

function writeLayouts(w: CodeBlockWriter, model: SpecModel): void {
  const structs = structMap(model);
  w.inlineBlock(() => {
    for (const p of model.platforms) {
      w.write(`${p.name}: `)
        .inlineBlock(() => {
          for (const s of model.structs) {
            const size = valueOn(s.size, p.name);
            if (size === undefined) continue;
            w.write(`${s.name}: `)
              .inlineBlock(() => {
                w.writeLine(`size: ${size},`);
                w.write('fields: ')
                  .inlineBlock(() => {
                    for (const f of s.fields) {
                      const type = valueOn(f.type, p.name);
                      const offset = valueOn(f.offset, p.name);
                      if (type === undefined || offset === undefined) continue;
                      const parsed = parseFieldType(type);
                      w.writeLine(
                        `${f.name}: { offset: ${offset}, kind: '${fieldKind(parsed)}', size: ${fieldTypeSize(parsed, p.name, structs)} },`,
                      );
                    }
                  })
                  .write(',')
                  .newLine();
              })
              .write(',')
              .newLine();
          }
        })
        .write(',')
        .newLine();
    }
  });
}

/** The field's type on the platforms that have it; emitters need one TS shape for all. */
function fieldShape(f: StructField, model: SpecModel): { kind: string; struct?: StructDef } {
  const shapes = new Set<string>();
  let struct: StructDef | undefined;
  for (const p of platformsWith(f.type, model)) {
    const parsed = parseFieldType(valueOn(f.type, p)!);
    const kind = fieldKind(parsed);
    shapes.add(
      ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64'].includes(kind) ? 'int' : kind,
    );
    if (parsed.kind === 'struct') struct = model.structs.find((s) => s.name === parsed.name);
  }
  if (shapes.size !== 1)
    throw new Error(`struct field ${f.name}: its kind differs between platforms (${[...shapes].join(', ')})`);
  return { kind: [...shapes][0]!, ...(struct ? { struct } : {}) };
}

function addFieldAccessors(cls: ClassBuilder, s: StructDef, f: StructField, model: SpecModel): void {
  const everywhere = onEveryPlatform(f.offset, model);
  const bang = everywhere ? '!' : '';
  const maybe = everywhere ? '' : ' | undefined';
  const field = `L.${s.name}${onEveryPlatform(s.size, model) ? '' : '?'}.fields.${f.name}`;
  const platforms = platformsWith(f.offset, model);
  const docs = [
    docText(
      `${f.doc || `\`${f.name}\`.`}${everywhere ? '' : `\n\nPlatforms: ${platforms.join(', ')}; \`undefined\` elsewhere.`}`,
    ),
  ];
  const shape = fieldShape(f, model);
  // A plain field: read with `getX`, and where it is writable written with `setX`, which checks the value.
  const plain = (type: string, accessor: string, writable: boolean) => {
    cls.addGetAccessor({
      name: f.name,
      returnType: `${type}${maybe}`,
      docs,
      statements: `return this.get${accessor}(${field})${bang};`,
    });
    if (writable) {
      cls.addSetAccessor({
        name: f.name,
        parameters: [{ name: 'value', type: `${type}${maybe}` }],
        statements: `this.set${accessor}(${field}, '${f.name}', value);`,
      });
    }
  };
  if (shape.kind === 'int') plain('number', 'Int', true);
  else if (shape.kind === 'pointer') plain('bigint', 'Pointer', false);
  else if (shape.kind === 'bytes') plain('Uint8Array', 'Bytes', true);
  else {
    const inner = structClassName(shape.struct!);
    const body = everywhere
      ? `return new ${inner}(this.getBytes(${field})!);`
      : `const bytes = this.getBytes(${field});\nreturn bytes && new ${inner}(bytes);`;
    cls.addGetAccessor({ name: f.name, returnType: `${inner}${maybe}`, docs, statements: body });
    cls.addSetAccessor({
      name: f.name,
      parameters: [{ name: 'value', type: `${inner}${maybe}` }],
      statements: `this.setBytes(${field}, '${f.name}', value);`,
    });
  }
}

function addStructClass(file: TsFileBuilder, s: StructDef, model: SpecModel): void {
  const name = structClassName(s);
  const everywhere = onEveryPlatform(s.size, model);
  const cls = file.addClass({
    name,
    isExported: true,
    extends: 'CStruct',
    docs: [
      docText(
        `${s.doc}\n\nC: \`${valueOn(s.cName, model.platforms[0]!.name) ?? s.name}\`. \`new ${name}()\` is zero-filled; \`new ${name}(bytes)\` is a view over existing bytes.`,
      ),
    ],
  });
  cls.addProperty({
    name: 'size',
    isStatic: true,
    isReadonly: true,
    type: 'number',
    initializer: everywhere ? `L.${s.name}.size` : `L.${s.name}?.size ?? 0`,
    docs: [`sizeof(${s.name}) on the running platform.`],
  });
  cls.addConstructor({
    docs: [
      `A zero-filled ${name}, or (\`bytes\`) a view over existing bytes: at least \`${name}.size\` of them, which the fields read and write in place.`,
    ],
    parameters: [{ name: 'bytes', type: 'Uint8Array', hasQuestionToken: true }],
    statements: everywhere
      ? `super(L.${s.name}, '${name}', bytes);`
      : `const layout = L.${s.name};\nif (!layout) throw new TypeError('${name} does not exist on this platform');\nsuper(layout, '${name}', bytes);`,
  });
  for (const f of s.fields) addFieldAccessors(cls, s, f, model);
}

export function emitStructs(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, STRUCTS_PATH);
  file.addImportDeclaration({
    moduleSpecifier: '../runtime/struct.js',
    namedImports: ['CStruct', 'type StructLayout'],
  });
  file.addImportDeclaration({ moduleSpecifier: '../runtime/platform.js', namedImports: ['currentPlatform'] });
  file.addImportDeclaration({
    moduleSpecifier: './platformTables.js',
    namedImports: ['PlatformName'],
    isTypeOnly: true,
  });
  file.addInterface({
    name: 'StructLayouts',
    isExported: true,
    docs: ['The layout of every struct of the spec on one platform.'],
    properties: model.structs.map((s) => ({
      name: s.name,
      isReadonly: true,
      hasQuestionToken: !onEveryPlatform(s.size, model),
      type: 'StructLayout',
    })),
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: ['Struct layouts per platform (64-bit targets).'],
    declarations: [
      {
        name: 'STRUCT_LAYOUTS',
        type: 'Readonly<Record<PlatformName, StructLayouts>>',
        initializer: (w) => writeLayouts(w, model),
      },
    ],
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'L', initializer: 'STRUCT_LAYOUTS[currentPlatform()]' }],
  });
  for (const s of model.structs) addStructClass(file, s, model);
  return tsFileOutput(STRUCTS_PATH, file);
}
