// The bad-input matrix as a test file: the data of generator/plan/badInputPlan.ts
// (every proc's wrong and edge values, each with the outcome API.md names),
// which tests/robustness/badInput/harness.ts runs, each call in a child
// process per backend.
import type { SpecModel } from '../model/spec.js';
import { badInputMatrix } from '../plan/badInputPlan.js';
import type { GeneratedFile } from './shared/files.js';
import { formattedLiteral } from './shared/tsLiteral.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

export function emitBadInputTests(model: SpecModel): GeneratedFile {
  const path = 'tests/badInput.test.ts';
  const { uncovered, procs, cases } = badInputMatrix(model);
  const file = createTsFile(newTsProject(), path);
  file.addImportDeclaration({
    moduleSpecifier: '../../tests/robustness/badInput/harness.js',
    namedImports: ['badInputSuite'],
  });
  file.addStatements((w) => {
    w.writeLine(
      `// ${cases.length} calls, each with one wrong (or edge) argument; see generator/plan/badInputPlan.ts.`,
    );
    w.writeLine(
      '// In `args`, A is the API of the backend under test and F the fixtures of tests/robustness/children/fixtures.mjs.',
    );
    w.write('badInputSuite(')
      .inlineBlock(() => {
        w.writeLine(`uncovered: ${formattedLiteral(uncovered)},`);
        w.write('procs: ')
          .inlineBlock(() => {
            for (const [name, r] of Object.entries(procs)) {
              w.writeLine(
                `${name}: { raises: ${formattedLiteral(r.raises)}, platforms: ${formattedLiteral(r.platforms)}, returnsHandle: ${r.returnsHandle} },`,
              );
            }
          })
          .write(',')
          .newLine();
        w.writeLine('cases: [');
        for (const r of cases) w.writeLine(`  ${formattedLiteral(r)},`);
        w.writeLine('],');
      })
      .write(');')
      .newLine();
  });
  // Data only, printed as the formatter lays it out: the formatting pass would change nothing.
  return tsFileOutput(path, file);
}
