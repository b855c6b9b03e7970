// Removes a directory and everything in it, as rmSync(dir, { recursive: true,
// force: true }) does. Bun 1.4.5's Windows build fails that recursive removal
// under Wine 8 with EFAULT ("bad address in system call argument"), even for an
// empty directory, while unlinkSync and a plain rmdirSync work there: on that
// error the tree is removed entry by entry instead. Plain .mjs: the test
// children (tests/robustness/children) import it too.
import { lstatSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Removes `dir` and its contents; nothing happens when it does not exist. */
export function removeTree(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    if (e?.code !== 'EFAULT') throw e;
    removeEntryByEntry(dir);
  }
}

/** @param {string} path */
function removeEntryByEntry(path) {
  if (!lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    unlinkSync(path);
    return;
  }
  for (const name of readdirSync(path)) removeEntryByEntry(join(path, name));
  rmdirSync(path);
}
