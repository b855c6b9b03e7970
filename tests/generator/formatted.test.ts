// An emitter that prints its file as TypeScript's formatter lays it out skips
// the formatting pass (tsFileOutput's `formatted`): the pass must change nothing
// in what it prints, on the real spec.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { emitBadInputTests } from '../../generator/emit/emitBadInputTests.js';
import { formattedLiteral } from '../../generator/emit/shared/tsLiteral.js';
import { formatTs } from '../../generator/emit/shared/tsProject.js';
import { loadSpec } from '../../generator/load/loadSpec.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('files printed already formatted', () => {
  test('the bad-input matrix: the formatting pass changes nothing', () => {
    const model = loadSpec(join(REPO, 'spec'), { rootDir: REPO });
    const file = emitBadInputTests(model);
    expect(file.content.length).toBeGreaterThan(10_000);
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
