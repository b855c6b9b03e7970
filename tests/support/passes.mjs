// Which test files run once per `make test`, and which once per backend.
// vitest.config.ts (its projects "backend" and "once") and the Windows runner
// (tools/windows/run-suite.mjs) both read this list, so a file is never run on
// one backend's pass when it does not depend on that backend.

/**
 * Files that load no backend (the generator, platform tables and header
 * checks, packaging, backend selection in child processes, the typings'
 * TSDoc), load every backend themselves to compare them (tests/crossBackend,
 * the bad-input matrix), or test what every backend shares on one runtime
 * (Bun's lookup Workers). A path ending in '/' is a folder.
 */
export const ONCE_PER_RUN = [
  'tests/crossBackend/',
  'generated/tests/badInput.test.ts',
  'tests/generator/',
  'tests/platform/',
  'tests/package/',
  'tests/api/tsdoc.test.ts',
  'tests/runtime/selection.test.ts',
  'tests/async/bunLookups.test.ts',
];

/** Whether `file` (relative to the repository, '/'-separated) runs once per run. */
export function runsOncePerRun(file) {
  return ONCE_PER_RUN.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));
}

/** The list as vitest globs. */
export const ONCE_PER_RUN_GLOBS = ONCE_PER_RUN.map((entry) => (entry.endsWith('/') ? `${entry}**/*.test.ts` : entry));
