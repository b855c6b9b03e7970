// Every platform's rows of generated/platformTables.ts, read without calling C,
// against the spec model; and the typings of generated/constants.ts, which must
// say on which platforms each constant exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import {
  CONSTANT_GROUPS,
  CONSTANTS,
  ENUM_OS_VALUES,
  PLATFORMS,
  type PlatformName,
} from '../../generated/platformTables.js';
import { headerCheckEntries } from '../../generator/emit/emitHeaderChecks.js';
import { platformsWith, valueOn } from '../../generator/emit/shared/platformValues.js';
import { platformFor } from '../../runtime/platform.js';
import { loadRepoSpec, REPO } from './headerCheck.js';

const model = loadRepoSpec();
const platformNames = model.platforms.map((p) => p.name as PlatformName);
const enums = model.types.filter((t) => t.kind === 'enum');

describe('per-platform tables', () => {
  test('the tables have exactly the spec platforms', () => {
    expect(Object.keys(PLATFORMS)).toEqual(platformNames);
    expect(Object.keys(CONSTANTS)).toEqual(platformNames);
    expect(Object.keys(ENUM_OS_VALUES)).toEqual(platformNames);
  });

  for (const p of platformNames) {
    test(`${p}: every constant is present exactly where the spec gives a value, with that value`, () => {
      const row = CONSTANTS[p] as unknown as Record<string, number>;
      const expected = Object.fromEntries(
        model.constants.flatMap((c) => {
          const v = valueOn(c.values, p);
          return v === undefined ? [] : [[c.name, v]];
        }),
      );
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(row).toEqual(expected);
    });

    test(`${p}: every enum member's OS value is the spec's, absent members have no key`, () => {
      const row = ENUM_OS_VALUES[p] as unknown as Record<string, Record<string, number>>;
      expect(Object.keys(row)).toEqual(enums.map((e) => e.name));
      for (const e of enums) {
        const expected = Object.fromEntries(
          e.members.flatMap((m) => {
            const v = valueOn(m.values, p);
            return v === undefined ? [] : [[m.name, v]];
          }),
        );
        expect(row[e.name], `${e.name} on ${p}`).toEqual(expected);
      }
    });

    test(`${p}: platform facts (C library, last error, node platform) are the spec's`, () => {
      const spec = model.platforms.find((q) => q.name === p)!;
      expect(PLATFORMS[p]).toEqual({
        family: spec.family,
        cLibrary: spec.cLibrary,
        lastError: spec.lastError,
        nodePlatform: spec.nodePlatform,
      });
      expect(platformFor(spec.nodePlatform)).toBe(p);
    });
  }

  test('AF_INET6 is 10 / 30 / 23 / 28 on linux / macosx / windows / freebsd', () => {
    expect(ENUM_OS_VALUES.linux.Domain.AF_INET6).toBe(10);
    expect(ENUM_OS_VALUES.macosx.Domain.AF_INET6).toBe(30);
    expect(ENUM_OS_VALUES.windows.Domain.AF_INET6).toBe(23);
    expect(ENUM_OS_VALUES.freebsd.Domain.AF_INET6).toBe(28);
  });

  test('windows has no SO_REUSEPORT and none of the fcntl constants', () => {
    expect('SO_REUSEPORT' in CONSTANTS.windows).toBe(false);
    expect('SO_REUSEPORT' in CONSTANTS.linux).toBe(true);
    const fcntl = CONSTANT_GROUPS['fcntl'] ?? [];
    expect(fcntl).toContain('F_GETFL');
    for (const name of fcntl) expect(name in CONSTANTS.windows, name).toBe(false);
  });

  test('koffi loads libc.so.6 / libSystem / ws2_32.dll / libc.so.7; windows reads WSAGetLastError, the others errno', () => {
    expect(PLATFORMS.linux.cLibrary).toBe('libc.so.6');
    expect(PLATFORMS.macosx.cLibrary).toMatch(/^\/usr\/lib\/libSystem(\.B)?\.dylib$/);
    expect(PLATFORMS.windows.cLibrary).toBe('ws2_32.dll');
    expect(PLATFORMS.freebsd.cLibrary).toBe('libc.so.7');
    expect(PLATFORMS.windows.lastError).toBe('wsa');
    for (const p of ['linux', 'macosx', 'freebsd'] as const) expect(PLATFORMS[p].lastError, p).toBe('errno');
    // The koffi backend takes both from the table rather than deciding on its own.
    const koffi = readFileSync(join(REPO, 'generated', 'koffi', 'backend.ts'), 'utf8');
    expect(koffi).toContain('koffi.load(info.cLibrary)');
    expect(koffi).toMatch(/info\.lastError === 'wsa' \? lib\.func\('WSAGetLastError'/);
  });
});

describe('the typings say where each constant exists', () => {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const file = project.addSourceFileAtPath(join(REPO, 'generated', 'constants.ts'));
  const exported = new Map(
    file
      .getVariableStatements()
      .filter((s) => s.isExported())
      .flatMap((s) => s.getDeclarations().map((d) => [d.getName(), { statement: s, decl: d }] as const)),
  );
  const publicConstants = model.constants;

  test('generated/constants.ts exports exactly the constants of the spec', () => {
    expect(publicConstants.length).toBeGreaterThan(0);
    expect([...exported.keys()].sort()).toEqual(model.constants.map((c) => c.name).sort());
  });

  test('each one has a `Platforms: …` doc line listing exactly the spec platforms that have it', () => {
    const wrong: string[] = [];
    for (const c of publicConstants) {
      const e = exported.get(c.name);
      if (!e) continue;
      const doc = e.statement
        .getJsDocs()
        .map((d) => d.getInnerText())
        .join('\n');
      const line = /^Platforms: ([^.]*)\./m.exec(doc);
      const listed = line
        ? line[1]!
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : null;
      const spec = platformsWith(c.values, model);
      if (JSON.stringify(listed) !== JSON.stringify(spec))
        wrong.push(
          `${c.name}: doc says ${listed ? listed.join(', ') : '(no Platforms line)'}, spec has ${spec.join(', ')}`,
        );
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test('each one is typed `number | undefined` exactly when some platform lacks it', () => {
    const wrong: string[] = [];
    for (const c of publicConstants) {
      const e = exported.get(c.name);
      if (!e) continue;
      const type = e.decl.getTypeNode()?.getText() ?? e.decl.getType().getText();
      const everywhere = platformsWith(c.values, model).length === model.platforms.length;
      const want = everywhere ? 'number' : 'number | undefined';
      if (type !== want)
        wrong.push(`${c.name}: typed ${type}, want ${want} (spec: ${platformsWith(c.values, model).join(', ')})`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  test("the exports read the running platform's row", () => {
    expect(file.getVariableDeclaration('C')?.getInitializerIfKind(SyntaxKind.ElementAccessExpression)?.getText()).toBe(
      'CONSTANTS[currentPlatform()]',
    );
  });
});

describe('a constant may have another C name on one platform', () => {
  test('the header checks read SHUT_RD as SD_RECEIVE on windows and as SHUT_RD on linux', () => {
    const expr = (platform: string, name: string): string | undefined =>
      headerCheckEntries(model, platform).find((e) => e.name === name)?.expr;
    expect(expr('windows', 'SHUT_RD')).toBe('SD_RECEIVE');
    expect(expr('windows', 'SHUT_RDWR')).toBe('SD_BOTH');
    expect(expr('linux', 'SHUT_RD')).toBe('SHUT_RD');
    // A cName given as one string applies everywhere (an expression, as for FIONBIO).
    expect(expr('windows', 'FIONBIO')).toBe('(long)FIONBIO');
  });
});
