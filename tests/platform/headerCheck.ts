// Shared by the header-check tests (linux in npm test, windows in `make
// check-windows`): compile the generated check program with `-S`, read its
// ns_checks table back from the assembly, and compare it with the spec.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import {
  emitHeaderChecks,
  type HeaderCheckEntry,
  headerCheckEntries,
  headerCheckPath,
} from '../../generator/emit/emitHeaderChecks.js';
import { valueOn } from '../../generator/emit/shared/platformValues.js';
import { loadSpec } from '../../generator/load/loadSpec.js';
import type { SpecModel } from '../../generator/model/spec.js';
import { removeTree } from '../support/removeTree.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** NATIVESOCKETS_SPEC_DIR checks another spec (a deliberately altered copy, by hand). */
export const SPEC_DIR = process.env['NATIVESOCKETS_SPEC_DIR'] ?? join(REPO, 'spec');

export function loadRepoSpec(): SpecModel {
  return loadSpec(SPEC_DIR, { rootDir: REPO });
}

/** The check program for a platform, exactly as `make generate` writes it. */
export function checkSource(model: SpecModel, platform: string): string {
  const file = emitHeaderChecks(model).find((f) => f.path === headerCheckPath(platform));
  if (!file) throw new Error(`no header check is generated for ${platform}`);
  return file.content;
}

/** What the compiler made of the program: each entry's value, or why its line did not compile. */
export interface HeaderValues {
  values: Map<string, number>;
  failed: Map<string, string>;
}

const ENTRY_LINE = /^\s*\{\s*"([^"]+)",/;

/**
 * Compiles with `-S` and reads ns_checks. A check line that does not compile
 * (a symbol or member the headers lack) is recorded and left out, and the rest
 * compiled again, so one run reports every problem.
 */
export function compileHeaderCheck(
  compiler: string,
  source: string,
  platform: string,
  extraArgs: string[] = [],
): HeaderValues {
  const dir = mkdtempSync(join(tmpdir(), 'nativesockets-hcheck-'));
  const failed = new Map<string, string>();
  try {
    const file = join(dir, `headers.${platform}.c`);
    let lines = source.split('\n');
    for (let attempt = 0; attempt < 4; attempt++) {
      writeFileSync(file, lines.join('\n'));
      const r = spawnSync(compiler, ['-S', '-O0', '-w', ...extraArgs, '-o', '-', file], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      if (r.error)
        throw new Error(`cannot run ${compiler} (${r.error.message}); the ${platform} header check needs it`);
      if (r.status === 0) return { values: readChecksFromAssembly(r.stdout), failed };
      const errors = [...r.stderr.matchAll(/^[^\n]*headers\.\w+\.c:(\d+):\d+: (?:fatal )?error: ([^\n]*)$/gm)];
      const bad = new Map<number, string>();
      for (const [, line, message] of errors) {
        const entry = ENTRY_LINE.exec(lines[Number(line) - 1] ?? '');
        if (!entry) throw new Error(`${compiler} failed on a line that is not a check entry:\n${r.stderr}`);
        if (!failed.has(entry[1]!)) failed.set(entry[1]!, message!);
        bad.set(Number(line) - 1, entry[1]!);
      }
      if (bad.size === 0) throw new Error(`${compiler} failed:\n${r.stderr}`);
      lines = lines.map((l, i) => (bad.has(i) ? `  /* left out: ${bad.get(i)} */` : l));
    }
    throw new Error(
      `${compiler}: the ${platform} check still fails after leaving out ${[...failed.keys()].join(', ')}`,
    );
  } finally {
    removeTree(dir);
  }
}

/**
 * ns_checks in GNU assembly: pairs of `.quad <label of the name>` and
 * `.quad <value>` (or `.zero 8` for a zero), the names as `.string`/`.ascii`.
 */
export function readChecksFromAssembly(asm: string): Map<string, number> {
  const strings = new Map<string, string>();
  let label: string | undefined;
  const items: string[] = [];
  let inTable = false;
  for (const raw of asm.split('\n')) {
    const line = raw.trim();
    const l = /^([.\w$]+):$/.exec(line);
    if (l) {
      label = l[1];
      inTable = label === 'ns_checks';
      continue;
    }
    const s = /^\.(?:string|asciz)\s+"(.*)"$/.exec(line) ?? /^\.ascii\s+"(.*)\\0"$/.exec(line);
    if (s && label !== undefined && !strings.has(label)) strings.set(label, s[1]!);
    if (!inTable) continue;
    const q = /^\.quad\s+(\S+)$/.exec(line);
    const z = /^\.zero\s+(\d+)$/.exec(line);
    if (q) items.push(q[1]!);
    else if (z) for (let i = 0; i < Number(z[1]) / 8; i++) items.push('0');
    else if (line.startsWith('.') && !line.startsWith('.align') && !line.startsWith('.p2align')) inTable = false;
  }
  if (items.length === 0 || items.length % 2 !== 0)
    throw new Error(`ns_checks not found in the assembly (${items.length} items)`);
  const out = new Map<string, number>();
  for (let i = 0; i < items.length; i += 2) {
    const name = strings.get(items[i]!);
    if (name === undefined) throw new Error(`ns_checks entry ${i / 2}: '${items[i]}' is not a string label`);
    out.set(name, Number(BigInt(items[i + 1]!)));
  }
  return out;
}

/** One line per disagreement, naming the symbol, the platform, the spec's value and the header's. */
export function compareWithSpec(entries: HeaderCheckEntry[], found: HeaderValues, platform: string): string[] {
  const out: string[] = [];
  const names = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    const failure = found.failed.get(e.name);
    const v = found.values.get(e.name);
    if (failure !== undefined)
      out.push(`${e.name} on ${platform}: spec ${e.spec}, header does not define it (${e.header}: ${failure})`);
    else if (v === undefined)
      out.push(`${e.name} on ${platform}: spec ${e.spec}, header value missing from the check program`);
    else if (v !== e.spec) out.push(`${e.name} on ${platform}: spec ${e.spec}, header ${v} (${e.header})`);
  }
  for (const [name, v] of found.values)
    if (!names.has(name)) out.push(`${name} on ${platform}: spec absent, header ${v}`);
  return out;
}

/** How many values the spec gives for a platform, counted straight from the model. */
export function specValueCount(model: SpecModel, platform: string): number {
  let n = model.constants.filter((c) => valueOn(c.values, platform) !== undefined).length;
  for (const t of model.types)
    if (t.kind === 'enum') n += t.members.filter((m) => valueOn(m.values, platform) !== undefined).length;
  for (const s of model.structs) {
    if (valueOn(s.size, platform) === undefined) continue;
    n += 1 + 2 * s.fields.filter((f) => valueOn(f.offset, platform) !== undefined).length;
  }
  return n;
}

/** A copy of the model with one constant's value on one platform changed (to prove the failure path). */
export function withConstant(model: SpecModel, name: string, platform: string, value: number): SpecModel {
  if (!model.constants.some((c) => c.name === name)) throw new Error(`no constant ${name} in the spec`);
  return {
    ...model,
    constants: model.constants.map((c) => (c.name === name ? { ...c, values: { ...c.values, [platform]: value } } : c)),
  };
}

/** A copy of the model with one struct field's offset on one platform changed. */
export function withFieldOffset(
  model: SpecModel,
  struct: string,
  field: string,
  platform: string,
  offset: number,
): SpecModel {
  return {
    ...model,
    structs: model.structs.map((s) =>
      s.name !== struct
        ? s
        : {
            ...s,
            fields: s.fields.map((f) => (f.name === field ? { ...f, offset: { ...f.offset, [platform]: offset } } : f)),
          },
    ),
  };
}

/** The whole comparison of a platform: compile, compare, and the message a failing test shows. */
export function checkPlatform(
  model: SpecModel,
  platform: string,
  compiler: string,
): { found: HeaderValues; mismatches: string[] } {
  const found = compileHeaderCheck(compiler, checkSource(model, platform), platform);
  return { found, mismatches: compareWithSpec(headerCheckEntries(model, platform), found, platform) };
}

export function mismatchReport(platform: string, mismatches: string[]): string {
  return `${mismatches.length} value(s) of the spec disagree with the ${platform} headers:\n  ${mismatches.join('\n  ')}`;
}

/** What a platform's header check found: the spec it read, the values compiled, the disagreements. */
export interface HeaderCheckRun {
  model: SpecModel;
  found: HeaderValues;
  mismatches: string[];
}

/**
 * Inside a platform's describe: compiles the spec's values for `platform` with
 * `compiler()` before the tests, and the two tests every platform has (every
 * value matches `headers`; the check covers every value). The run is filled in
 * by the time the describe's own tests start.
 */
export function headerAgreementTests(platform: string, headers: string, compiler: () => string): HeaderCheckRun {
  const run = {} as HeaderCheckRun;
  beforeAll(() => {
    run.model = loadRepoSpec();
    Object.assign(run, checkPlatform(run.model, platform, compiler()));
  }, 60_000);

  test(`every constant, enum OS value and struct layout the spec gives for ${platform} matches ${headers}`, () => {
    expect(run.mismatches, mismatchReport(platform, run.mismatches)).toEqual([]);
  });

  test(`the check covers every value the spec gives for ${platform}`, () => {
    const expected = specValueCount(run.model, platform);
    expect(expected).toBeGreaterThan(50);
    expect(run.found.values.size + run.found.failed.size).toBe(expected);
  });
  return run;
}
