// A bad spec stops the generator with `file:line: what is wrong`. Each case
// breaks the fixture spec one way and checks the reported line and message.
import { rmSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MINI_ROOT, miniCopy, specProblems } from './helpers.js';

/** The 1-based line of the first occurrence of `needle` in the edited spec. */
function lineOf(yaml: string, needle: string): number {
  const at = yaml.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in the spec`);
  return yaml.slice(0, at).split('\n').length;
}

interface Mistake {
  name: string;
  edit: (y: string) => string;
  /** The text the problem is reported at, in the edited file. */
  at: string;
  message: RegExp;
}

const mistakes: Mistake[] = [
  {
    name: 'a blocking proc that does not say how its Async variant waits',
    edit: (y) => y.replace('    blocking: true\n    async: eventLoop\n', '    blocking: true\n'),
    at: '  waitFor:',
    message: /proc waitFor: a blocking proc needs 'async: eventLoop' or 'async: threadpool'/,
  },
  {
    name: 'an Async variant for a proc that does not block',
    edit: (y) => y.replace("    calls: [getsockopt]\n    raises: [OSError]\n", "    calls: [getsockopt]\n    raises: [OSError]\n    async: threadpool\n"),
    at: '  getSockOptInt:',
    message: /proc getSockOptInt: only a blocking proc that is not an older name has an Async variant/,
  },
  {
    name: 'a threadpool C function that does not report failure by its result',
    edit: (y) => y.replace('      - { name: optlen, type: "socklen_t*" }\n    failure: minus1\n', '      - { name: optlen, type: "socklen_t*" }\n    failure: minus1\n    threadpool: true\n'),
    at: '  getsockopt:',
    message: /C function getsockopt: 'threadpool' needs failure 'returnsCode'/,
  },
  {
    name: 'YAML syntax error',
    edit: (y) => y.replace('doc: Socket level.', 'doc: [Socket level.'),
    at: 'header: { posix: sys/socket.h',
    message: /YAML:/,
  },
  {
    name: "'internal' is no longer a key: every constant is exported",
    edit: (y) => y.replace('    values: { linux: 1, windows: 0xffff }', '    internal: true\n    values: { linux: 1, windows: 0xffff }'),
    at: 'internal: true',
    message: /constant SOL_SOCKET: unknown key 'internal'/,
  },
  {
    name: 'a per-platform C name for a platform the spec does not know',
    edit: (y) => y.replace('    values: { linux: 1, windows: 0xffff }', '    cName: { win64: SD_RECEIVE }\n    values: { linux: 1, windows: 0xffff }'),
    at: 'win64',
    message: /constant SOL_SOCKET\.cName: 'win64' is not a known platform/,
  },
  {
    name: 'unknown key (a typo)',
    edit: (y) => y.replace('values: { linux: 1, windows: 0xffff }', 'valeus: { linux: 1, windows: 0xffff }'),
    at: 'valeus',
    message: /unknown key 'valeus'/,
  },
  {
    name: 'unknown platform key',
    edit: (y) => y.replace('values: { linux: 9, windows: absent }', 'values: { linux: 9, windwos: absent }'),
    at: 'windwos',
    message: /'windwos' is not a known platform/,
  },
  {
    name: 'a required platform without a value',
    edit: (y) => y.replace('values: { linux: 1, windows: 0xffff }', 'values: { linux: 1 }'),
    at: '{ linux: 1 }',
    message: /no value for windows/,
  },
  {
    name: 'a referenced type that does not exist',
    edit: (y) => y.replace('type: "seq[Port]"', 'type: "seq[Prot]"'),
    at: '  Pair:',
    message: /type 'Prot' .* is not defined/,
  },
  {
    name: 'a conformance case that does not parse',
    edit: (y) => y.replace('call: "getSockOptInt($tcp, SOL_SOCKET, 3)"', 'call: "getSockOptInt($tcp, SOL_SOCKET, 3"'),
    at: 'call: "getSockOptInt($tcp, SOL_SOCKET, 3"',
    message: /cannot parse/,
  },
  {
    name: 'a case naming something the API lacks',
    edit: (y) => y.replace('getSockOptInt($tcp, SOL_SOCKET, 3)', 'getSockOptInt($tcp, SOL_SOKET, 3)'),
    at: 'SOL_SOKET',
    message: /'SOL_SOKET' is not a name of the API/,
  },
  {
    name: 'a case calling another proc',
    edit: (y) => y.replace('getSockOptInt(-5, SOL_SOCKET, 3)', 'setSockOptInt(-5, SOL_SOCKET, 3)'),
    at: 'setSockOptInt(-5',
    message: /must call getSockOptInt/,
  },
  {
    name: 'two cases of a proc with the same title (one test name for two tests)',
    edit: (y) => y.replace('      - { call: "waitFor($tcp, 0)", returns: 0 }\n', '      - { call: "waitFor($tcp, 0)", returns: 0 }\n      - { call: "waitFor($tcp, 0)", returns: 0 }\n'),
    at: 'returns: 0 }\n  lookUp:',
    message: /proc waitFor case 2: the same call, expectation and platforms as the case at line \d+/,
  },
  {
    name: 'a proc calling an unknown C function',
    edit: (y) => y.replace('calls: [getsockopt]', 'calls: [getsockopt2]'),
    at: '  getSockOptInt:',
    message: /calls 'getsockopt2', which is not a C function/,
  },
  {
    name: 'a missing impl file',
    edit: (y) => y.replace('impl: impl/options.ts', 'impl: impl/nowhere.ts'),
    at: '  getSockOptInt:',
    message: /impl file 'impl\/nowhere.ts' does not exist/,
  },
  {
    name: 'a duplicate name',
    edit: (y) => y.replace('  Pair:\n', '  SOL_SOCKET:\n'),
    at: '  SOL_SOCKET:\n    kind: object',
    message: /'SOL_SOCKET' is already defined at spec\/all.yaml:\d+/,
  },
  {
    name: 'a value on a platform proven by citation, without a citation',
    edit: (y) => y.replace("    cite: { windows: mingw-w64/mingw-w64 mingw-w64-headers/include/winsock2.h }\n", ''),
    at: '  SOL_SOCKET:',
    message: /constant SOL_SOCKET: its windows value cites no public header/,
  },
  {
    name: 'a C parameter type the backends cannot pass',
    edit: (y) => y.replace('{ name: level, type: int }\n      - { name: optname', '{ name: level, type: float }\n      - { name: optname'),
    at: 'type: float',
    message: /must be one of void, int/,
  },
];

describe('spec mistakes stop the generator at their file and line', () => {
  test('the unbroken fixture spec loads', () => {
    expect(specProblems(MINI_ROOT)).toEqual([]);
  });
  for (const m of mistakes) {
    test(m.name, () => {
      let edited = '';
      const root = miniCopy((y) => (edited = m.edit(y)));
      let problems: string[];
      try {
        problems = specProblems(root);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      expect(problems.length, 'the mistake is reported').toBeGreaterThan(0);
      const line = lineOf(edited, m.at);
      const match = problems.find((p) => m.message.test(p));
      expect(match, `a problem matching ${m.message} among:\n${problems.join('\n')}`).toBeDefined();
      expect(match).toMatch(new RegExp(`^spec/all\\.yaml:${line}: `));
    });
  }
});
