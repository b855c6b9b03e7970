// vitest globalSetup: every run gets a fresh TMPDIR (os.tmpdir() in the test
// processes and in the children they start), and the run fails if anything is
// left in it at the end: tests clean up after themselves.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function setup(): () => void {
  const outer = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'nativesockets-test-run-'));
  process.env['TMPDIR'] = dir;
  return () => {
    if (outer === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outer;
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the code too.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entries in their TMPDIR (removed now): ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}`);
    }
  };
}
