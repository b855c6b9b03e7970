// Shared by the generator tests: paths of the fixture spec and a loader that
// turns a SpecError into its list of `file:line: message` lines.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../../generator/load/loadSpec.js';
import { SpecError } from '../../generator/load/problems.js';

export const MINI_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mini');
export const MINI_SPEC = join(MINI_ROOT, 'spec');

/** A fresh copy of the fixture project whose spec file a test may edit. */
export function miniCopy(edit: (yaml: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'nativesockets-spec-'));
  cpSync(MINI_ROOT, root, { recursive: true });
  const file = join(root, 'spec', 'all.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error('the edit changed nothing: the test would prove nothing');
  writeFileSync(file, after);
  return root;
}

export function specProblems(root: string): string[] {
  try {
    loadSpec(join(root, 'spec'), { rootDir: root });
  } catch (e) {
    if (e instanceof SpecError) return e.message.split('\n');
    throw e;
  }
  return [];
}
