// Loads every spec/*.yaml file once into the typed model, then lints it.
// Any problem stops the load with `file:line: what is wrong`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Node } from 'yaml';
import type { SourceLoc, SpecModel } from '../model/spec.js';
import { lintSpec } from './lint.js';
import type { PlatformSet } from './perPlatform.js';
import { ProblemLog } from './problems.js';
import { readCFunction, readConstant, readPlatform, readProc, readStruct, readType } from './readEntries.js';
import { entries, object, SpecFile, str } from './schema.js';

const SECTIONS = ['platforms', 'constants', 'types', 'structs', 'cFunctions', 'procs', 'fixtures'] as const;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (name.endsWith('.yaml')) out.push(path);
  }
  return out;
}

export interface LoadOptions {
  /** Folder against which `impl` paths are checked (the repository root). */
  rootDir: string;
}

/**
 * A spec file's name as the generated files and messages give it: relative to
 * the root, with `/` on every OS, so that Windows generates the same bytes.
 */
function specPath(rootDir: string, path: string): string {
  return relative(rootDir, path).split(sep).join('/');
}

export function loadSpec(specDir: string, opts: LoadOptions): SpecModel {
  const log = new ProblemLog();
  const files = yamlFiles(specDir).map(
    (path) => new SpecFile(specPath(opts.rootDir, path), readFileSync(path, 'utf8'), log),
  );
  // Each file is a map of sections; read the section maps first.
  const sections = new Map<string, { f: SpecFile; node: Node | null; group: string }[]>();
  for (const f of files) {
    if (f.root === null) continue;
    log.guard(() => {
      for (const e of entries(f, f.root, f.file)) {
        const [section, group] = e.key.split(':') as [string, string | undefined];
        if (!(SECTIONS as readonly string[]).includes(section)) {
          f.fail(
            e.keyNode,
            `unknown section '${e.key}' (known: ${SECTIONS.join(', ')}; constants may be 'constants:GROUP')`,
          );
        }
        const list = sections.get(section) ?? [];
        list.push({ f, node: e.value, group: group ?? 'general' });
        sections.set(section, list);
      }
    });
  }
  // An entry is reported at its name's line; problems inside it at their own lines.
  const each = (
    section: string,
    fn: (f: SpecFile, name: string, node: Node | null, group: string, at: SourceLoc) => void,
  ): void => {
    for (const s of sections.get(section) ?? []) {
      log.guard(() => {
        for (const e of entries(s.f, s.node, section))
          log.guard(() => fn(s.f, e.key, e.value, s.group, s.f.loc(e.keyNode)));
      });
    }
  };

  const model: SpecModel = {
    platforms: [],
    constants: [],
    types: [],
    structs: [],
    cFunctions: [],
    procs: [],
    fixtures: [],
  };
  each('platforms', (f, name, node, _g, at) => model.platforms.push({ ...readPlatform(f, name, node), loc: at }));
  if (model.platforms.length === 0 && log.problems.length === 0) {
    log.add(
      { file: specPath(opts.rootDir, specDir), line: 1 },
      'no platforms section: the spec must list its platforms',
    );
  }
  const platforms: PlatformSet = { all: model.platforms, byName: new Map(model.platforms.map((p) => [p.name, p])) };
  each('constants', (f, name, node, group, at) =>
    model.constants.push({ ...readConstant(f, platforms, name, node, group), loc: at }),
  );
  each('types', (f, name, node, _g, at) => model.types.push({ ...readType(f, platforms, name, node), loc: at }));
  each('structs', (f, name, node, _g, at) => model.structs.push({ ...readStruct(f, platforms, name, node), loc: at }));
  each('cFunctions', (f, name, node, _g, at) =>
    model.cFunctions.push({ ...readCFunction(f, platforms, name, node), loc: at }),
  );
  each('procs', (f, name, node, _g, at) => model.procs.push({ ...readProc(f, platforms, name, node), loc: at }));
  each('fixtures', (f, name, node) => {
    const v = object({ doc: str }, {})(f, node, `fixture ${name}`);
    model.fixtures.push({ name, doc: v.doc });
  });
  log.throwIfAny();
  lintSpec(model, opts.rootDir, log);
  log.throwIfAny();
  return model;
}
