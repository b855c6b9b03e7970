// A bad spec stops the generator with `file:line: what is wrong`. Each case
// breaks the fixture spec one way and checks the reported line and message.
import { describe, expect, test } from 'vitest';
import { removeTree } from '../support/removeTree.mjs';
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
    edit: (y) =>
      y.replace(
        '    calls: [getsockopt]\n    raises: [OSError]\n',
        '    calls: [getsockopt]\n    raises: [OSError]\n    async: threadpool\n',
      ),
    at: '  getSockOptInt:',
    message: /proc getSockOptInt: only a blocking proc that is not an older name has an Async variant/,
  },
  {
    name: 'a threadpool C function that does not report failure by its result',
    edit: (y) =>
      y.replace(
        '      - { name: optlen, type: "socklen_t*" }\n    failure: minus1\n',
        '      - { name: optlen, type: "socklen_t*" }\n    failure: minus1\n    threadpool: true\n',
      ),
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
    edit: (y) =>
      y.replace(
        '    values: { linux: 1, windows: 0xffff }',
        '    internal: true\n    values: { linux: 1, windows: 0xffff }',
      ),
    at: 'internal: true',
    message: /constant SOL_SOCKET: unknown key 'internal'/,
  },
  {
    name: 'a per-platform C name for a platform the spec does not know',
    edit: (y) =>
      y.replace(
        '    values: { linux: 1, windows: 0xffff }',
        '    cName: { win64: SD_RECEIVE }\n    values: { linux: 1, windows: 0xffff }',
      ),
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
    edit: (y) =>
      y.replace(
        '      - { call: "waitFor($tcp, 0)", returns: 0 }\n',
        '      - { call: "waitFor($tcp, 0)", returns: 0 }\n      - { call: "waitFor($tcp, 0)", returns: 0 }\n',
      ),
    at: 'returns: 0 }\n  lookUp:',
    message: /proc waitFor case 2: the same call, expectation and platforms as the case at line \d+/,
  },
  {
    name: 'a proc calling an unknown C function',
    edit: (y) => y.replace('calls: [getsockopt]', 'calls: [getsockopt2]'),
    at: 'calls: [getsockopt2]',
    message: /calls 'getsockopt2', which is not a C function/,
  },
  {
    name: 'a missing impl file',
    edit: (y) => y.replace('impl: impl/options.ts#optionProcs', 'impl: impl/nowhere.ts#optionProcs'),
    at: 'impl: impl/nowhere.ts',
    message: /proc getSockOptInt: impl file 'impl\/nowhere.ts' does not exist/,
  },
  {
    name: 'an impl file that does not export the factory the spec names',
    edit: (y) => y.replace('impl: impl/options.ts#optionProcs', 'impl: impl/options.ts#optionProc'),
    at: '#optionProc\n',
    message: /proc getSockOptInt: impl file 'impl\/options.ts' exports no 'optionProc'/,
  },
  {
    name: 'an impl that is neither passthrough nor FILE#EXPORT',
    edit: (y) => y.replace('impl: impl/options.ts#optionProcs', 'impl: impl/options.ts'),
    at: 'impl: impl/options.ts\n',
    message: /proc getSockOptInt: impl 'impl\/options.ts' must be 'passthrough' or FILE.ts#EXPORT/,
  },
  {
    name: 'a passthrough parameter whose type has no derived check (reported at the parameter)',
    edit: (y) => y.replace('impl: impl/options.ts#optionProcs', 'impl: passthrough'),
    at: '{ name: socket, type: int }',
    message: /proc getSockOptInt: passthrough: parameter socket: no check is derived for type 'int'/,
  },
  {
    name: 'a passthrough that leaves C parameters unset (reported at calls)',
    edit: (y) => y.replace('impl: impl/options.ts#optionProcs', 'impl: passthrough'),
    at: 'calls: [getsockopt]',
    message: /proc getSockOptInt: passthrough: C function getsockopt takes 5 parameters and the proc passes 3/,
  },
  {
    name: 'a passthrough on a platform its C function is missing on (reported at calls)',
    edit: (y) => y.replace('    calls: [closesocket]\n    platforms: [windows]\n', '    calls: [closesocket]\n'),
    at: 'calls: [closesocket]',
    message: /proc closeIt: passthrough: C function closesocket is missing on linux, where the proc exists/,
  },
  {
    name: 'a case passing more arguments than its proc takes',
    edit: (y) =>
      y.replace(
        'getSockOptInt($tcp, SOL_SOCKET, 3)", returns: 1',
        'getSockOptInt($tcp, SOL_SOCKET, 3, 4)", returns: 1',
      ),
    at: 'getSockOptInt($tcp, SOL_SOCKET, 3, 4)',
    message: /proc getSockOptInt case 1: passes 4 arguments, but getSockOptInt takes 3/,
  },
  {
    name: 'a param type that does not exist (reported at the parameter)',
    edit: (y) =>
      y.replace('{ name: timeout, type: int, default: "500" }', '{ name: timeout, type: Tmeout, default: "500" }'),
    at: 'type: Tmeout',
    message: /param timeout: type 'Tmeout' .* is not defined/,
  },
  {
    name: 'a duplicate name',
    edit: (y) => y.replace('  Pair:\n', '  SOL_SOCKET:\n'),
    at: '  SOL_SOCKET:\n    kind: object',
    message: /'SOL_SOCKET' is already defined at spec\/all.yaml:\d+/,
  },
  {
    name: 'a value on a platform proven by citation, without a citation',
    edit: (y) => y.replace('    cite: { windows: mingw-w64/mingw-w64 mingw-w64-headers/include/winsock2.h }\n', ''),
    at: '  SOL_SOCKET:',
    message: /constant SOL_SOCKET: its windows value cites no public header/,
  },
  {
    name: 'a C parameter type the backends cannot pass',
    edit: (y) =>
      y.replace(
        '{ name: level, type: int }\n      - { name: optname',
        '{ name: level, type: float }\n      - { name: optname',
      ),
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
        removeTree(root);
      }
      expect(problems.length, 'the mistake is reported').toBeGreaterThan(0);
      const line = lineOf(edited, m.at);
      const match = problems.find((p) => m.message.test(p));
      expect(match, `a problem matching ${m.message} among:\n${problems.join('\n')}`).toBeDefined();
      expect(match).toMatch(new RegExp(`^spec/all\\.yaml:${line}: `));
    });
  }
});
