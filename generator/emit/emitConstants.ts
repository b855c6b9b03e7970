// The exported C constants, each bound to the running platform's value
// (`undefined` where the platform lacks it), with the platforms in its docs.
import { VariableDeclarationKind } from 'ts-morph';
import type { SpecModel } from '../model/spec.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform, platformsWith } from './shared/platformValues.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const CONSTANTS_PATH = 'constants.ts';

export function emitConstants(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, CONSTANTS_PATH);
  file.addImportDeclaration({ moduleSpecifier: './platformTables.js', namedImports: ['CONSTANTS'] });
  file.addImportDeclaration({ moduleSpecifier: '../runtime/platform.js', namedImports: ['currentPlatform'] });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'C', initializer: 'CONSTANTS[currentPlatform()]' }],
  });
  for (const c of model.constants) {
    const everywhere = onEveryPlatform(c.values, model);
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [
        docText(
          `${c.doc}\n\nPlatforms: ${platformsWith(c.values, model).join(', ')}.${everywhere ? '' : ' `undefined` elsewhere.'}`,
        ),
      ],
      declarations: [{ name: c.name, type: everywhere ? 'number' : 'number | undefined', initializer: `C.${c.name}` }],
    });
  }
  return tsFileOutput(CONSTANTS_PATH, file);
}
