// Collects a TypeScript file as ts-morph structures and prints it once. Adding
// nodes to a ts-morph SourceFile one by one re-parses the file after every
// addition, which made the generator several seconds slow; emitters call the
// same add* methods here, and ts-morph prints the whole structure tree in one go.
import {
  type ClassDeclarationStructure,
  CodeBlockWriter,
  type ConstructorDeclarationStructure,
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type GetAccessorDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type JSDocStructure,
  type MethodDeclarationStructure,
  type MethodSignatureStructure,
  type OptionalKind,
  type PropertyDeclarationStructure,
  type PropertySignatureStructure,
  type SetAccessorDeclarationStructure,
  type StatementStructures,
  StructureKind,
  type TypeAliasDeclarationStructure,
  VariableDeclarationKind,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';

type Statement = StatementStructures | WriterFunction | string;

/**
 * ts-morph prints a declaration's type and initializer with a hanging indent,
 * so every line of a block written there (a table, an object type) lands one
 * level too deep, which only a formatting pass over the file would undo. Such a
 * type goes out with the declaration's name instead, which ts-morph writes at
 * the declaration's own indentation, so the file is printed as TypeScript's
 * formatter lays it out (tests/generator/formatted.test.ts).
 */
function inPlace(name: string, type: string | WriterFunction | undefined): string {
  if (type === undefined) return name;
  if (typeof type === 'string') return `${name}: ${type}`;
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, newLine: '\n', useSingleQuote: true });
  type(w);
  return `${name}: ${w.toString()}`;
}

/** A doc comment laid out as ts-morph prints a statement's `docs` entry. */
function writeDoc(w: CodeBlockWriter, doc: string | OptionalKind<JSDocStructure>): void {
  if (typeof doc !== 'string') throw new Error('generator: a block-initialized variable takes its docs as text');
  const lines = doc.split('\n');
  if (lines.length === 1) w.writeLine(`/** ${doc} */`);
  else w.writeLine(['/**', ...lines.map((line) => (line ? ` * ${line}` : ' *')), ' */'].join('\n'));
}

export class InterfaceBuilder {
  constructor(private readonly s: InterfaceDeclarationStructure) {}
  addProperty(p: OptionalKind<PropertySignatureStructure>): void {
    const { type, hasQuestionToken } = p;
    const printed =
      typeof type === 'function'
        ? {
            ...p,
            name: inPlace(`${p.name}${hasQuestionToken ? '?' : ''}`, type),
            type: undefined,
            hasQuestionToken: false,
          }
        : p;
    (this.s.properties as OptionalKind<PropertySignatureStructure>[]).push(printed);
  }
  addMethod(m: OptionalKind<MethodSignatureStructure>): void {
    (this.s.methods as OptionalKind<MethodSignatureStructure>[]).push(m);
  }
}

export class ClassBuilder {
  constructor(private readonly s: ClassDeclarationStructure) {}
  addProperty(p: OptionalKind<PropertyDeclarationStructure>): void {
    (this.s.properties as OptionalKind<PropertyDeclarationStructure>[]).push(p);
  }
  addConstructor(c: OptionalKind<ConstructorDeclarationStructure>): void {
    (this.s.ctors as OptionalKind<ConstructorDeclarationStructure>[]).push(c);
  }
  addMethod(m: OptionalKind<MethodDeclarationStructure>): void {
    (this.s.methods as OptionalKind<MethodDeclarationStructure>[]).push(m);
  }
  addGetAccessor(g: OptionalKind<GetAccessorDeclarationStructure>): void {
    (this.s.getAccessors as OptionalKind<GetAccessorDeclarationStructure>[]).push(g);
  }
  addSetAccessor(g: OptionalKind<SetAccessorDeclarationStructure>): void {
    (this.s.setAccessors as OptionalKind<SetAccessorDeclarationStructure>[]).push(g);
  }
}

export class TsFileBuilder {
  readonly statements: Statement[] = [];

  constructor(readonly path: string) {}

  addImportDeclaration(s: OptionalKind<ImportDeclarationStructure>): void {
    this.statements.push({ kind: StructureKind.ImportDeclaration, ...s });
  }
  addExportDeclaration(s: OptionalKind<ExportDeclarationStructure>): void {
    this.statements.push({ kind: StructureKind.ExportDeclaration, ...s });
  }
  addTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): void {
    this.statements.push({ kind: StructureKind.TypeAlias, ...s });
  }
  addVariableStatement(s: OptionalKind<VariableStatementStructure>): void {
    const [only, ...more] = s.declarations;
    if (only === undefined || more.length > 0 || typeof only.initializer !== 'function') {
      this.statements.push({ kind: StructureKind.VariableStatement, ...s });
      return;
    }
    // ts-morph writes a whole variable statement with a hanging indent: one
    // whose initializer is a block is written here, as the formatter lays it out.
    const initializer = only.initializer;
    this.statements.push((w) => {
      for (const doc of s.docs ?? []) writeDoc(w, doc);
      const keyword = s.declarationKind ?? VariableDeclarationKind.Let;
      w.write(`${s.isExported ? 'export ' : ''}${keyword} ${inPlace(only.name, only.type)} = `);
      initializer(w);
      w.write(';');
    });
  }
  addFunction(s: OptionalKind<FunctionDeclarationStructure>): void {
    this.statements.push({ kind: StructureKind.Function, ...s });
  }
  addStatements(s: WriterFunction | string): void {
    this.statements.push(s);
  }
  addInterface(s: OptionalKind<InterfaceDeclarationStructure>): InterfaceBuilder {
    const structure: InterfaceDeclarationStructure = {
      kind: StructureKind.Interface,
      properties: [],
      methods: [],
      ...s,
    };
    this.statements.push(structure);
    return new InterfaceBuilder(structure);
  }
  addClass(s: OptionalKind<ClassDeclarationStructure>): ClassBuilder {
    const structure: ClassDeclarationStructure = {
      kind: StructureKind.Class,
      properties: [],
      ctors: [],
      methods: [],
      getAccessors: [],
      setAccessors: [],
      ...s,
    };
    this.statements.push(structure);
    return new ClassBuilder(structure);
  }
}
