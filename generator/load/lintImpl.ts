// What makes `impl:` authoritative: the named runtime file exists and exports
// the named factory, a passthrough proc can be derived from the spec alone,
// and every case calls its proc with a number of arguments the proc takes.
// Each problem is reported at its own line (the impl, the parameter, the case).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { passthroughPlan } from '../model/passthrough.js';
import type { ProcDef, SpecModel } from '../model/spec.js';
import type { ProblemLog } from './problems.js';

/** The names a TypeScript file exports by declaration (`export function f`, `export const f`, `export class f`). */
function exportedNames(path: string): Set<string> {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  for (const st of source.statements) {
    const exported =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.add(st.name.text);
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
  }
  return names;
}

export function lintImpl(model: SpecModel, rootDir: string, log: ProblemLog): void {
  const exportsOf = new Map<string, Set<string> | null>();
  for (const p of model.procs) {
    const impl = p.impl;
    if (impl.kind === 'passthrough') {
      for (const problem of passthroughPlan(model, p).problems) log.add(problem.loc, problem.message);
    } else {
      const path = join(rootDir, impl.file);
      if (!exportsOf.has(impl.file)) exportsOf.set(impl.file, existsSync(path) ? exportedNames(path) : null);
      const names = exportsOf.get(impl.file);
      if (names === null) log.add(impl.loc, `proc ${p.name}: impl file '${impl.file}' does not exist`);
      else if (!names?.has(impl.name))
        log.add(impl.loc, `proc ${p.name}: impl file '${impl.file}' exports no '${impl.name}'`);
    }
    lintCaseArity(p, log);
  }
}

/**
 * A case passes at least the required arguments of some overload and no more
 * than the longest takes, unless it expects the TypeError a wrong count gets.
 */
function lintCaseArity(p: ProcDef, log: ProblemLog): void {
  if (p.kind !== 'proc' && p.kind !== 'template') return;
  const least = Math.min(...p.overloads.map((o) => o.params.filter((prm) => prm.default === undefined).length));
  const most = Math.max(...p.overloads.map((o) => o.params.length));
  p.cases.forEach((c, i) => {
    if (c.call.kind !== 'call' || c.call.callee.kind !== 'ident' || c.call.callee.name !== p.name) return;
    if (c.expect.kind === 'throws' && c.expect.error === 'TypeError') return;
    const n = c.call.args.length;
    if (n < least || n > most) {
      const takes = least === most ? `${least}` : `${least} to ${most}`;
      log.add(
        c.loc,
        `proc ${p.name} case ${i + 1}: passes ${n} argument${n === 1 ? '' : 's'}, but ${p.name} takes ${takes}`,
      );
    }
  });
}
