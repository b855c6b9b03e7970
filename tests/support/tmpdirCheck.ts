// vitest globalSetup: every run gets a fresh temporary directory (os.tmpdir()
// in the test processes and in the children they start: TMPDIR on POSIX, TEMP
// and TMP on Windows), and the run fails if anything is left in it at the end:
// tests clean up after themselves. A run of both vitest projects calls setup
// once per project in one process: the first one's directory serves both.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from './removeTree.mjs';

const VARIABLES = ['TMPDIR', 'TEMP', 'TMP'] as const;
const MARK = 'NATIVESOCKETS_TEST_RUN_TMPDIR';

export function setup(): () => void {
  if (process.env[MARK]) return () => {};
  const outer = VARIABLES.map((name) => [name, process.env[name]] as const);
  const dir = mkdtempSync(join(tmpdir(), 'nativesockets-test-run-'));
  for (const name of VARIABLES) process.env[name] = dir;
  process.env[MARK] = dir;
  return () => {
    delete process.env[MARK];
    for (const [name, value] of outer) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = readdirSync(dir);
    removeTree(dir);
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the code too.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} entries in their temporary directory (removed now): ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}`,
      );
    }
  };
}
