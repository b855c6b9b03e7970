// The emitters print TypeScript as its formatter lays it out, so the generator
// runs no formatting pass (most of its time when it did): on the real spec, the
// pass must change nothing in any generated .ts file.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { emitAll } from '../../generator/emit/index.js';
import { formattedLiteral } from '../../generator/emit/shared/tsLiteral.js';
import { newTsProject } from '../../generator/emit/shared/tsProject.js';
import { loadSpec } from '../../generator/load/loadSpec.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `text` after the formatting pass the generator used to run over every file. */
function formatTs(path: string, text: string): string {
  const file = newTsProject().createSourceFile(`/${path}`, text, { overwrite: true });
  return file.getProject().getLanguageService().getFormattedDocumentText(file.getFilePath(), {
    indentSize: 2,
    convertTabsToSpaces: true,
    semicolons: ts.SemicolonPreference.Insert,
  });
}

const files = emitAll(loadSpec(join(REPO, 'spec'), { rootDir: REPO }), REPO).filter((f) => f.path.endsWith('.ts'));

describe('generated TypeScript printed already formatted', () => {
  test('every emitter prints .ts files', () => {
    for (const name of ['api.ts', 'structs.ts', 'platformTables.ts', 'koffi/backend.ts', 'tests/badInput.test.ts'])
      expect(files.map((f) => f.path)).toContain(name);
  });

  test.each(files.map((f) => [f.path, f] as const))('%s: the formatting pass changes nothing', (_path, file) => {
    expect(formatTs(file.path, file.content)).toBe(file.content);
  });

  test('formattedLiteral lays data out as the formatter does', () => {
    const value = {
      s: 'a "quoted", \\ string',
      n: -1.5,
      b: true,
      z: null,
      list: ['x', 2, [], {}],
      nested: { deeper: [{ k: 'v' }] },
      skipped: undefined,
    };
    const text = `const v = ${formattedLiteral(value)};\n`;
    expect(text).toBe(
      'const v = { "s": "a \\"quoted\\", \\\\ string", "n": -1.5, "b": true, "z": null, "list": ["x", 2, [], {}], "nested": { "deeper": [{ "k": "v" }] } };\n',
    );
    expect(formatTs('value.ts', text)).toBe(text);
  });
});
