// Per-platform data tables: constants, enum OS values and platform facts. The
// runtime picks the running platform's row at load; tests read every row.
import { type CodeBlockWriter, VariableDeclarationKind } from 'ts-morph';
import type { PlatformName, SpecModel } from '../model/spec.js';
import type { GeneratedFile } from './shared/files.js';
import { numberLiteral, onEveryPlatform, platformsWith, valueOn } from './shared/platformValues.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const PLATFORM_TABLES_PATH = 'platformTables.ts';

export function emitPlatformTables(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, PLATFORM_TABLES_PATH);
  const names = model.platforms.map((p) => `'${p.name}'`);
  file.addTypeAlias({ name: 'PlatformName', isExported: true, type: names.join(' | ') });
  file.addInterface({
    name: 'PlatformInfo',
    isExported: true,
    properties: [
      { name: 'family', isReadonly: true, type: "'posix' | 'windows'" },
      { name: 'cLibrary', isReadonly: true, type: 'string', docs: ['The C library the koffi backend loads.'] },
      { name: 'lastError', isReadonly: true, type: "'errno' | 'wsa'" },
      {
        name: 'nodePlatform',
        isReadonly: true,
        type: 'string',
        docs: ['The `process.platform` value of this platform.'],
      },
    ],
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    declarations: [
      {
        name: 'PLATFORMS',
        type: 'Readonly<Record<PlatformName, PlatformInfo>>',
        initializer: (w) => {
          w.inlineBlock(() => {
            for (const p of model.platforms) {
              w.writeLine(
                `${p.name}: { family: '${p.family}', cLibrary: '${p.cLibrary}', lastError: '${p.lastError}', nodePlatform: '${p.nodePlatform}' },`,
              );
            }
          });
        },
      },
    ],
  });

  file.addInterface({
    name: 'CConstants',
    isExported: true,
    docs: ['Every constant of the spec; optional where some platform lacks it.'],
    properties: model.constants.map((c) => ({
      name: c.name,
      isReadonly: true,
      hasQuestionToken: !onEveryPlatform(c.values, model),
      type: 'number',
      docs: [docText(`${c.doc}\n\nPlatforms: ${platformsWith(c.values, model).join(', ') || 'none'}.`)],
    })),
  });
  perPlatformTable(
    file,
    model,
    'CONSTANTS',
    'CConstants',
    ['Constant values per platform; a platform lacking a constant has no key for it.'],
    (w, platform) => {
      for (const c of model.constants) {
        const v = valueOn(c.values, platform);
        if (v !== undefined) w.writeLine(`${c.name}: ${numberLiteral(v)},`);
      }
    },
  );
  const groups = [...new Set(model.constants.map((c) => c.group))];
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: ['Constant names by spec group, in spec order (the errno group names error codes).'],
    declarations: [
      {
        name: 'CONSTANT_GROUPS',
        type: 'Readonly<Record<string, readonly (keyof CConstants)[]>>',
        initializer: (w) => {
          w.inlineBlock(() => {
            for (const g of groups) {
              const members = model.constants.filter((c) => c.group === g).map((c) => `'${c.name}'`);
              w.writeLine(`${g}: [${members.join(', ')}],`);
            }
          });
        },
      },
    ],
  });

  const enums = model.types.filter((t) => t.kind === 'enum');
  file.addInterface({
    name: 'EnumOsValues',
    isExported: true,
    docs: ['The OS value of every enum member (what `toInt` returns); absent members have no key.'],
    properties: enums.map((e) => ({
      name: e.name,
      isReadonly: true,
      type: `Readonly<Partial<Record<${e.members.map((m) => `'${m.name}'`).join(' | ')}, number>>>`,
    })),
  });
  perPlatformTable(file, model, 'ENUM_OS_VALUES', 'EnumOsValues', [], (w, platform) => {
    for (const e of enums) {
      const pairs = e.members
        .map((m) => [m.name, valueOn(m.values, platform)] as const)
        .filter(([, v]) => v !== undefined)
        .map(([n, v]) => `${n}: ${v}`);
      w.writeLine(`${e.name}: { ${pairs.join(', ')} },`);
    }
  });
  return tsFileOutput(PLATFORM_TABLES_PATH, file);
}

/** `export const NAME: Readonly<Record<PlatformName, ROW>> = { linux: { ... }, ... }`, one row a platform. */
function perPlatformTable(
  file: ReturnType<typeof createTsFile>,
  model: SpecModel,
  name: string,
  row: string,
  docs: string[],
  writeRow: (w: CodeBlockWriter, platform: PlatformName) => void,
): void {
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs,
    declarations: [
      {
        name,
        type: `Readonly<Record<PlatformName, ${row}>>`,
        initializer: (w) => {
          w.inlineBlock(() => {
            for (const p of model.platforms) {
              w.write(`${p.name}: `)
                .inlineBlock(() => writeRow(w, p.name))
                .write(',')
                .newLine();
            }
          });
        },
      },
    ],
  });
}
