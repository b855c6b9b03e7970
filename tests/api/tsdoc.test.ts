// Every export of the built typings (dist/generated/entries/*.d.ts, what a
// user's editor shows) carries TSDoc: procs and their Async variants,
// constants, enums and their members, types, struct classes and error
// classes, and the public members of every exported class and interface.
// Needs the package built (`npm run build`; `make test` builds it first).
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRIES = ['index', 'napi', 'koffi'].map((n) => join(REPO, 'dist', 'generated', 'entries', `${n}.d.ts`));
const built = ENTRIES.every((f) => existsSync(f));

function hasDoc(node: ts.Node): boolean {
  return ts
    .getJSDocCommentsAndTags(node)
    .some(
      (j) =>
        ts.isJSDoc(j) && ((typeof j.comment === 'string' ? j.comment.trim() : j.comment?.length) || j.tags?.length),
    );
}

function memberName(m: ts.ClassElement | ts.TypeElement): string {
  if (ts.isConstructorDeclaration(m)) return 'constructor';
  if (ts.isConstructSignatureDeclaration(m)) return 'new';
  if (ts.isCallSignatureDeclaration(m)) return '()';
  if (ts.isIndexSignatureDeclaration(m)) return '[index]';
  return m.name?.getText() ?? ts.SyntaxKind[m.kind];
}

function isPrivate(m: ts.ClassElement | ts.TypeElement): boolean {
  if (m.name && ts.isPrivateIdentifier(m.name)) return true;
  const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) : undefined;
  return (
    mods?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword) ?? false
  );
}

/** `name (kind, file)` of every export of `entry`, and of every public member of an exported class or interface, that has no TSDoc. */
function undocumented(entry: string): { exports: string[]; missing: string[] } {
  const program = ts.createProgram([entry], {
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = checker.getExportsOfModule(module);
  const missing: string[] = [];
  for (const exp of exports) {
    const symbol = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    for (const d of symbol.declarations ?? []) {
      const where = `${ts.SyntaxKind[d.kind]} in ${relative(REPO, d.getSourceFile().fileName)}`;
      if (!hasDoc(d)) missing.push(`${exp.name} (${where})`);
      if (!ts.isClassDeclaration(d) && !ts.isInterfaceDeclaration(d)) continue;
      // A get/set pair is one member: documented when either half is.
      const members = new Map<string, boolean>();
      for (const m of d.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
        if (isPrivate(m)) continue;
        const name = memberName(m);
        members.set(name, (members.get(name) ?? false) || hasDoc(m));
      }
      for (const [name, documented] of members) if (!documented) missing.push(`${exp.name}.${name} (${where})`);
    }
  }
  return { exports: exports.map((e) => e.name), missing };
}

describe.skipIf(!built)('TSDoc on every export of the built typings', () => {
  for (const entry of ENTRIES) {
    test(relative(REPO, entry), () => {
      const { exports, missing } = undocumented(entry);
      expect(exports.length).toBeGreaterThan(100);
      for (const name of [
        'recvAsync',
        'getAddrInfoAsync',
        'selectReadAsync',
        'AsyncOptions',
        'AbortError',
        'Sockaddr_in',
        'Domain',
        'AF_INET',
        'Port',
        'OSError',
      ]) {
        expect(exports, `${name} is exported`).toContain(name);
      }
      expect(missing, 'exports or members without TSDoc').toEqual([]);
    }, 60_000);
  }
});

test('the package is built, so the typings can be checked (`npm run build`)', () => {
  expect(built).toBe(true);
});
