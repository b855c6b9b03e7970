// The generator's layering, checked on its import graph: no import cycle (in
// generator/ or runtime/), no emitter importing another emitter or the loader,
// and the shared modules neutral (they import only each other and the model).
// Emitters share code through generator/emit/shared/; an emitter's own parts
// live in a folder of their own (generator/emit/napi/).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every .ts file under `dir`, as a repo-relative path with '/'. */
function tsFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return tsFiles(rel);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * The relative imports of a file (static, re-exports and dynamic), as
 * repo-relative .ts paths; `values` leaves out `import type` (erased at build).
 */
function importsOf(file: string, text: string, values = false): string[] {
  const matches = [
    ...text.matchAll(
      /(?:^|\n)\s*((?:import|export)\b[^'";]*?)from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g,
    ),
  ];
  const specs = matches
    .filter((m) => !(values && m[1] !== undefined && /^(import|export)\s+type\b/.test(m[1])))
    .map((m) => m[2] ?? m[3] ?? m[4]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => posix.normalize(posix.join(posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

type Graph = Map<string, string[]>;

function graphOf(dirs: string[], values = false): Graph {
  const graph: Graph = new Map();
  for (const file of dirs.flatMap(tsFiles))
    graph.set(file, importsOf(file, readFileSync(join(REPO, file), 'utf8'), values));
  return graph;
}

/** The import cycles of a graph, each as the list of files around it (depth-first search). */
function cyclesOf(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

const isEmitter = (f: string): boolean => /^generator\/emit\/emit[A-Z][^/]*\.ts$/.test(f);
const isShared = (f: string): boolean => f.startsWith('generator/emit/shared/');
const isModel = (f: string): boolean => f.startsWith('generator/model/');

describe('the import graph', () => {
  test('the cycle finder finds a cycle (so the checks below can fail)', () => {
    const g: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cyclesOf(g)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    const text =
      "import { a } from './shared/a.js';\nimport type { B } from '../model/spec.js';\nexport { c } from './shared/c.js';\n";
    expect(importsOf('generator/emit/emitX.ts', text)).toEqual([
      'generator/emit/shared/a.ts',
      'generator/model/spec.ts',
      'generator/emit/shared/c.ts',
    ]);
    expect(importsOf('generator/emit/emitX.ts', text, true)).toEqual([
      'generator/emit/shared/a.ts',
      'generator/emit/shared/c.ts',
    ]);
  });

  const generator = graphOf(['generator']);

  test('the walk sees the generator (every emitter, the shared modules, the loader)', () => {
    const files = [...generator.keys()];
    expect(files.filter(isEmitter).length).toBeGreaterThan(10);
    expect(files.filter(isShared).length).toBeGreaterThan(5);
    expect(files).toContain('generator/load/loadSpec.ts');
  });

  test('no import cycle in generator/ or runtime/ (type-only imports count too)', () => {
    const show = (c: string[]) => c.join(' -> ');
    expect(cyclesOf(generator).map(show)).toEqual([]);
    expect(cyclesOf(graphOf(['runtime'])).map(show)).toEqual([]);
  });

  test('no emitter imports another emitter or the loader', () => {
    const wrong = [...generator].flatMap(([file, deps]) =>
      isEmitter(file)
        ? deps.filter((d) => isEmitter(d) || d.startsWith('generator/load/')).map((d) => `${file} imports ${d}`)
        : [],
    );
    expect(wrong).toEqual([]);
  });

  test('shared modules import only each other and the model; the model imports only itself', () => {
    const wrong = [...generator].flatMap(([file, deps]) => {
      if (isShared(file)) return deps.filter((d) => !isShared(d) && !isModel(d)).map((d) => `${file} imports ${d}`);
      if (isModel(file)) return deps.filter((d) => !isModel(d)).map((d) => `${file} imports ${d}`);
      return [];
    });
    expect(wrong).toEqual([]);
  });

  test("an emitter's own parts (generator/emit/<name>/) import no emitter, no loader, and no other emitter's parts", () => {
    const partDir = (f: string): string | undefined => /^generator\/emit\/([^/]+)\//.exec(f)?.[1];
    const wrong = [...generator].flatMap(([file, deps]) => {
      const dir = partDir(file);
      if (dir === undefined || dir === 'shared') return [];
      return deps
        .filter(
          (d) =>
            isEmitter(d) ||
            d.startsWith('generator/load/') ||
            (partDir(d) !== undefined && partDir(d) !== 'shared' && partDir(d) !== dir),
        )
        .map((d) => `${file} imports ${d}`);
    });
    expect(wrong).toEqual([]);
  });

  test('relative paths resolve to files that exist', () => {
    const missing = [...generator].flatMap(([file, deps]) =>
      deps.filter((d) => !generator.has(d)).map((d) => `${file} imports ${d}`),
    );
    expect(missing).toEqual([]);
  });
});
