// The spec's linux values against this machine's headers, as rust-lang/libc's
// ctest does: generated/check/headers.linux.c is compiled with `cc -S` and
// every constant, enum OS value, struct size and field offset and size read
// back from the assembly. Needs a C compiler (CC, default cc) on linux.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { headerCheckEntries } from '../../generator/emit/emitHeaderChecks.js';
import type { SpecModel } from '../../generator/model/spec.js';
import {
  checkSource,
  compareWithSpec,
  compileHeaderCheck,
  headerAgreementTests,
  mismatchReport,
  withConstant,
  withFieldOffset,
} from './headerCheck.js';

const PLATFORM = 'linux';
const CC = process.env['CC'] ?? 'cc';
// npm test needs no compiler (the addon comes prebuilt): without one this check is skipped, saying so.
const hasCC = spawnSync(CC, ['--version'], { stdio: 'ignore' }).error === undefined;

describe.skipIf(process.platform !== 'linux' || !hasCC)(
  `linux headers agree with the spec${hasCC ? '' : ` (skipped: no C compiler, ${CC} not found)`}`,
  () => {
    const run = headerAgreementTests(PLATFORM, 'the headers', () => CC);

    test('a wrong value in the spec fails, naming the symbol, the platform, the spec value and the header value', () => {
      const sol = run.found.values.get('SOL_SOCKET')!;
      const port = run.found.values.get('sockaddr_in.sin_port offset')!;
      const wrong = withFieldOffset(
        withConstant(run.model, 'SOL_SOCKET', PLATFORM, sol + 1),
        'sockaddr_in',
        'sin_port',
        PLATFORM,
        port + 2,
      );
      const report = mismatchReport(
        PLATFORM,
        compareWithSpec(headerCheckEntries(wrong, PLATFORM), run.found, PLATFORM),
      );
      expect(report).toContain(`SOL_SOCKET on linux: spec ${sol + 1}, header ${sol} (sys/socket.h)`);
      expect(report).toContain(`sockaddr_in.sin_port offset on linux: spec ${port + 2}, header ${port} (netinet/in.h)`);
      expect(report).toMatch(/^2 value\(s\) of the spec disagree/);
    });

    test('a symbol the headers lack is reported as such, and the other values are still checked', () => {
      const extra: SpecModel = {
        ...run.model,
        constants: [
          ...run.model.constants,
          {
            ...run.model.constants[0]!,
            name: 'NS_NOT_A_CONSTANT',
            cName: { linux: 'NS_NOT_A_CONSTANT' },
            values: { linux: 7 },
          },
        ],
      };
      const again = compileHeaderCheck(CC, checkSource(extra, PLATFORM), PLATFORM);
      const report = compareWithSpec(headerCheckEntries(extra, PLATFORM), again, PLATFORM);
      expect(report).toHaveLength(1);
      expect(report[0]).toMatch(
        /^NS_NOT_A_CONSTANT on linux: spec 7, header does not define it \(.*NS_NOT_A_CONSTANT.*undeclared/,
      );
      expect(again.values.size).toBe(run.found.values.size);
    }, 60_000);
  },
);
