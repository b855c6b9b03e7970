// Semantic checks that a schema cannot express: names resolve, cases call
// their own proc with known identifiers, and every proc is covered.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caseTitle } from '../model/caseTitle.js';
import { fieldTypeSize, parseFieldType, structMap } from '../model/layout.js';
import { ABSENT, type CaseExpr, type SourceLoc, type SpecModel, type TypeExpr } from '../model/spec.js';
import { typeExprToString, typeNames } from '../model/typeExpr.js';
import { fixturesOf, identifiersOf, subjectOf } from './caseExpr.js';
import { lintImpl } from './lintImpl.js';
import type { ProblemLog } from './problems.js';

/** Nim types the spec may use without defining them. */
/** `ptr CStruct`: any struct instance or a Uint8Array, of any length (a socket option's value). */
export const BUILTIN_TYPES = new Set([
  'CStruct',
  'cint',
  'int',
  'bool',
  'string',
  'uint16',
  'uint32',
  'int16',
  'int32',
  'clong',
  'Uint8Array',
  'Int32Array',
]);

/** Names cases may use that the spec does not define. */
const CASE_GLOBALS = new Set(['OSError', 'ValueError', 'IOError', 'Uint8Array', 'Int32Array', 'backend']);

export function publicNames(model: SpecModel): Set<string> {
  const names = new Set<string>();
  for (const c of model.constants) names.add(c.name);
  for (const t of model.types) {
    names.add(t.name);
    if (t.kind === 'enum') for (const m of t.members) names.add(m.name);
  }
  for (const p of model.procs) names.add(p.name);
  for (const s of model.structs) if (s.nim) names.add(s.nim);
  return names;
}

export function lintSpec(model: SpecModel, rootDir: string, log: ProblemLog): void {
  const owner = new Map<string, SourceLoc>();
  const claim = (name: string, loc: SourceLoc, what: string): void => {
    const prev = owner.get(name);
    if (prev) log.add(loc, `${what} '${name}' is already defined at ${prev.file}:${prev.line}`);
    else owner.set(name, loc);
  };
  for (const c of model.constants) claim(c.name, c.loc, 'constant');
  for (const t of model.types) {
    claim(t.name, t.loc, 'type');
    if (t.kind === 'enum') {
      const ordinals = new Map<number, string>();
      for (const m of t.members) {
        claim(m.name, m.loc, `enum member of ${t.name}`);
        const clash = ordinals.get(m.ordinal);
        if (clash) log.add(m.loc, `${t.name}.${m.name} has ordinal ${m.ordinal}, already used by ${clash}`);
        ordinals.set(m.ordinal, m.name);
      }
    }
  }
  for (const p of model.procs) claim(p.name, p.loc, 'proc');

  const typeNamesKnown = new Set([
    ...BUILTIN_TYPES,
    ...model.types.map((t) => t.name),
    ...model.structs.flatMap((s) => (s.nim ? [s.nim] : [])),
  ]);
  const checkType = (t: TypeExpr, loc: SourceLoc, where: string): void => {
    for (const n of typeNames(t)) {
      if (!typeNamesKnown.has(n))
        log.add(loc, `${where}: type '${n}' (in '${typeExprToString(t)}') is not defined in the spec`);
    }
  };
  for (const t of model.types) {
    if (t.kind === 'object') for (const f of t.fields) checkType(f.type, t.loc, `${t.name}.${f.name}`);
    if (t.kind === 'distinct') {
      checkType(t.base, t.loc, t.name);
      if (t.impl && !existsSync(join(rootDir, t.impl)))
        log.add(t.loc, `type ${t.name}: impl file '${t.impl}' does not exist`);
    }
  }

  const values = new Set([...publicNames(model), ...CASE_GLOBALS]);
  const fixtures = new Set(model.fixtures.map((f) => f.name));
  // What osLastError() can report: errno values, and on Windows WSAE* and Win32 ERROR_* numbers.
  const errnoNames = new Set(
    model.constants
      .filter(
        (c) => c.group === 'errno' || c.group === 'wsaerror' || (c.group === 'windows' && c.name.startsWith('ERROR_')),
      )
      .map((c) => c.name),
  );
  const cFunctions = new Set(model.cFunctions.map((c) => c.name));
  const procNames = new Set(model.procs.map((p) => p.name));
  const checkExpr = (e: CaseExpr, loc: SourceLoc, where: string): void => {
    for (const id of identifiersOf(e)) if (!values.has(id)) log.add(loc, `${where}: '${id}' is not a name of the API`);
    for (const fx of fixturesOf(e)) if (!fixtures.has(fx)) log.add(loc, `${where}: fixture '$${fx}' is not defined`);
  };

  for (const p of model.procs) {
    if (p.aliasOf !== undefined && !procNames.has(p.aliasOf))
      log.add(p.loc, `proc ${p.name}: aliasOf '${p.aliasOf}' is not a proc`);
    for (const c of p.calls)
      if (!cFunctions.has(c))
        log.add(p.callsLoc, `proc ${p.name}: calls '${c}', which is not a C function of the spec`);
    p.overloads.forEach((o, i) => {
      const where = `proc ${p.name} overload ${i + 1}`;
      for (const prm of o.params) {
        checkType(prm.type, prm.loc, `${where} param ${prm.name}`);
        if (prm.default) checkExpr(prm.default, prm.loc, `${where} default of ${prm.name}`);
      }
      if (o.returns) checkType(o.returns, p.loc, `${where} result`);
    });
    if (p.cases.length === 0) log.add(p.loc, `proc ${p.name}: has no conformance cases`);
    // Every blocking proc but an older name gets a generated NAMEAsync variant: the spec says how it waits.
    if (p.blocking && p.aliasOf === undefined && p.async === undefined) {
      log.add(
        p.loc,
        `proc ${p.name}: a blocking proc needs 'async: eventLoop' or 'async: threadpool' (how its ${p.name}Async variant waits)`,
      );
    }
    if (p.async !== undefined && (!p.blocking || p.aliasOf !== undefined)) {
      log.add(
        p.loc,
        `proc ${p.name}: only a blocking proc that is not an older name has an Async variant ('async' needs 'blocking: true' and no 'aliasOf')`,
      );
    }
    if (p.async !== undefined) claim(`${p.name}Async`, p.loc, 'Async variant of a proc');
    const titles = new Map<string, SourceLoc>();
    p.cases.forEach((c, i) => {
      const where = `proc ${p.name} case ${i + 1}`;
      // The title names the case's test: two alike would be one test to vitest and to a reader.
      const title = caseTitle(c);
      const twin = titles.get(title);
      if (twin)
        log.add(
          c.loc,
          `${where}: the same call, expectation and platforms as the case at line ${twin.line} ('${title}')`,
        );
      titles.set(title, c.loc);
      const subject = subjectOf(c.call);
      const mustCall = p.kind === 'proc' || p.kind === 'template';
      if (subject?.name !== p.name || subject.called !== mustCall) {
        const wanted = mustCall ? `call ${p.name}(...)` : `name ${p.name}`;
        log.add(c.loc, `${where}: the case must ${wanted}, but it is '${c.callText}'`);
      }
      checkExpr(c.call, c.loc, where);
      if (c.expect.kind === 'returns' || c.expect.kind === 'contains') checkExpr(c.expect.value, c.loc, where);
      if (c.lastError !== undefined && !errnoNames.has(c.lastError)) {
        log.add(c.loc, `${where}: lastError '${c.lastError}' is not an errno, WSAE* or Win32 ERROR_* constant`);
      }
      // An OSError's code may be an errno, WSAE*, EAI_* or h_errno name: any constant of the spec.
      const code = c.expect.kind === 'throws' ? c.expect.code : undefined;
      if (code !== undefined && !model.constants.some((k) => k.name === code)) {
        log.add(c.loc, `${where}: code '${code}' is not a constant of the spec`);
      }
      for (const pl of c.platforms ?? []) {
        if (!model.platforms.some((x) => x.name === pl)) log.add(c.loc, `${where}: '${pl}' is not a known platform`);
      }
    });
  }
  lintImpl(model, rootDir, log);
  lintStructs(model, log, claim);
  lintCitations(model, log);
  for (const fn of model.cFunctions) {
    for (const prm of fn.params) {
      if (prm.variadic && prm !== fn.params[fn.params.length - 1]) {
        log.add(fn.loc, `C function ${fn.name}: only the last parameter may be variadic`);
      }
    }
    if (fn.threadpool && (fn.failure !== 'returnsCode' || fn.params.some((prm) => prm.variadic))) {
      log.add(
        fn.loc,
        `C function ${fn.name}: 'threadpool' needs failure 'returnsCode' (the result is the error: errno is not read on a worker thread) and no variadic parameter`,
      );
    }
  }
}

/** Field types resolve, fields sit inside the struct, and a field is absent exactly where its offset is. */
function lintStructs(
  model: SpecModel,
  log: ProblemLog,
  claim: (name: string, loc: SourceLoc, what: string) => void,
): void {
  const structs = structMap(model);
  for (const s of model.structs) {
    if (s.nim) claim(s.nim, s.loc, `struct class of ${s.name}`);
    for (const p of model.platforms) {
      const size = s.size[p.name];
      for (const f of s.fields) {
        const type = f.type[p.name];
        const offset = f.offset[p.name];
        if ((type === ABSENT) !== (offset === ABSENT)) {
          log.add(s.loc, `struct ${s.name}.${f.name}: type and offset disagree on whether it exists on ${p.name}`);
          continue;
        }
        if (typeof type !== 'string' || typeof offset !== 'number' || typeof size !== 'number') continue;
        const fieldSize = fieldTypeSize(parseFieldType(type), p.name, structs);
        if (typeof fieldSize === 'string') log.add(s.loc, `struct ${s.name}.${f.name} on ${p.name}: ${fieldSize}`);
        else if (offset + fieldSize > size) {
          log.add(
            s.loc,
            `struct ${s.name}.${f.name} on ${p.name}: bytes ${offset}..${offset + fieldSize - 1} fall outside the struct's ${size} bytes`,
          );
        }
      }
    }
  }
}

/** On a platform no check here can compile for, every value must cite its public header. */
function lintCitations(model: SpecModel, log: ProblemLog): void {
  const cited = model.platforms.filter((p) => p.proof === 'cite');
  const has = (values: Record<string, unknown>, p: string): boolean => values[p] !== undefined && values[p] !== ABSENT;
  for (const p of cited) {
    for (const c of model.constants) {
      if (has(c.values, p.name) && !c.cite[p.name])
        log.add(
          c.loc,
          `constant ${c.name}: its ${p.name} value cites no public header (cite: { ${p.name}: 'owner/repo path' })`,
        );
    }
    for (const t of model.types) {
      if (t.kind === 'enum' && t.members.some((m) => has(m.values, p.name)) && !t.cite[p.name]) {
        log.add(t.loc, `enum ${t.name}: its ${p.name} values cite no public header`);
      }
    }
    for (const s of model.structs) {
      if (has(s.size, p.name) && !s.cite[p.name])
        log.add(s.loc, `struct ${s.name}: its ${p.name} layout cites no public header`);
    }
  }
}
