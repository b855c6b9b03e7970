// Conformance tests: every case of every proc, as a vitest test against the
// package's main entry, so `NATIVESOCKETS_BACKEND` decides which backend runs
// them. One test file per spec file of procs. A test's title has no spec line
// (inserting a case renames no other test); its failure message names the line.
import { basename } from 'node:path';
import type { CodeBlockWriter } from 'ts-morph';
import { caseTitle } from '../model/caseTitle.js';
import type { CaseDef, ProcDef, SpecModel } from '../model/spec.js';
import { type NameResolver, printCaseExpr } from './shared/caseExprTs.js';
import type { GeneratedFile } from './shared/files.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

function writeCase(w: CodeBlockWriter, c: CaseDef, resolve: NameResolver): void {
  const call = printCaseExpr(c.call, resolve);
  const runner = c.platforms ? `test.runIf(h.onPlatform(${c.platforms.map((p) => `'${p}'`).join(', ')}))` : 'test';
  w.write(`${runner}(${JSON.stringify(caseTitle(c))}, () => `)
    .inlineBlock(() => {
      w.write('h.withFixtures((fx) => ')
        .inlineBlock(() => {
          if (c.expect.kind === 'throws') {
            const code = c.expect.code ? `, C.${c.expect.code}` : '';
            w.writeLine(`h.expectThrows(() => ${call}, '${c.expect.error}'${code});`);
          } else {
            w.writeLine(`const result: unknown = ${call};`);
            // Read the error first: any later call could replace it.
            if (c.lastError) w.writeLine(`const lastError = A.osLastError();`);
            if (c.cleanup === 'close') w.writeLine('fx.closeLater(result);');
            if (c.lastError) w.writeLine(`expect(lastError).toBe(C.${c.lastError});`);
            if (c.expect.kind === 'returns')
              w.writeLine(`expect(result).toEqual(${printCaseExpr(c.expect.value, resolve)});`);
            if (c.expect.kind === 'contains')
              w.writeLine(`expect(result).toContainEqual(${printCaseExpr(c.expect.value, resolve)});`);
            if (c.expect.kind === 'satisfies') w.writeLine(`h.expectSatisfies(result, '${c.expect.predicate}');`);
          }
        })
        .write(`, '${c.loc.file}:${c.loc.line}');`)
        .newLine();
    })
    .write(');')
    .newLine();
}

/**
 * A case runs where both it and its proc exist: a proc limited to some
 * platforms (fcntl on POSIX) limits its cases too.
 */
function onProcPlatforms(c: CaseDef, p: ProcDef, model: SpecModel): CaseDef {
  if (model.platforms.every((pl) => p.platforms.includes(pl.name))) return c;
  const platforms = (c.platforms ?? p.platforms).filter((pl) => p.platforms.includes(pl));
  return { ...c, platforms };
}

/** Names a case uses that are JavaScript's own, not the package's. */
const JS_GLOBALS = new Set(['Uint8Array', 'Int32Array']);

export function emitConformanceTests(model: SpecModel): GeneratedFile[] {
  const project = newTsProject();
  // Every spec name is exported (constants included), so a case reaches it through the package.
  const resolve: NameResolver = (name) => (JS_GLOBALS.has(name) ? name : `A.${name}`);
  const byFile = new Map<string, ProcDef[]>();
  for (const p of model.procs) {
    const list = byFile.get(p.loc.file) ?? [];
    list.push(p);
    byFile.set(p.loc.file, list);
  }
  return [...byFile.entries()].map(([specFile, procs]) => {
    const path = `tests/${basename(specFile, '.yaml')}.conformance.test.ts`;
    const file = createTsFile(project, path);
    file.addImportDeclaration({ moduleSpecifier: 'vitest', namedImports: ['describe', 'expect'] });
    file.addImportDeclaration({ moduleSpecifier: '../entries/index.js', namespaceImport: 'nativesockets' });
    // The harness's `test` is vitest's, with the cases a Wine defect meets skipped by name.
    file.addImportDeclaration({
      moduleSpecifier: '../../tests/support/conformance.js',
      namedImports: ['conformanceHarness', 'test'],
    });
    file.addStatements((w) => {
      w.writeLine(`// The cases of ${specFile}.`);
      w.writeLine('const h = conformanceHarness(nativesockets);');
      w.writeLine('const { A, C } = h;');
      for (const p of procs) {
        w.write(`describe(\`${p.name} [\${A.backend}]\`, () => `)
          .inlineBlock(() => {
            for (const c of p.cases) writeCase(w, onProcPlatforms(c, p, model), resolve);
          })
          .write(');')
          .newLine();
      }
    });
    return tsFileOutput(path, file);
  });
}
