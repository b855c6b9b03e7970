// Collects a TypeScript file as ts-morph structures and prints it once. Adding
// nodes to a ts-morph SourceFile one by one re-parses the file after every
// addition, which made the generator several seconds slow; emitters call the
// same add* methods here, and ts-morph prints the whole structure tree in one go.
import {
  type ClassDeclarationStructure,
  type ConstructorDeclarationStructure,
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type GetAccessorDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type MethodDeclarationStructure,
  type MethodSignatureStructure,
  type OptionalKind,
  type PropertyDeclarationStructure,
  type PropertySignatureStructure,
  type SetAccessorDeclarationStructure,
  type StatementStructures,
  StructureKind,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';

type Statement = StatementStructures | WriterFunction | string;

export class InterfaceBuilder {
  constructor(private readonly s: InterfaceDeclarationStructure) {}
  addProperty(p: OptionalKind<PropertySignatureStructure>): void {
    (this.s.properties as OptionalKind<PropertySignatureStructure>[]).push(p);
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
    this.statements.push({ kind: StructureKind.VariableStatement, ...s });
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
