import { defineConfig } from 'vitest/config';
import { ONCE_PER_RUN_GLOBS } from './tests/support/passes.mjs';

const ALL_TESTS = ['tests/**/*.test.ts', 'generated/tests/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // A fresh TMPDIR per run, which must be empty at the end (tests/support/tmpdirCheck.ts).
    globalSetup: ['tests/support/tmpdirCheck.ts'],
    // `make test` runs "backend" once per backend (NATIVESOCKETS_BACKEND=napi, then
    // koffi) and "once" a single time, so each (test, backend) pair runs once
    // (tests/support/passes.mjs says which files are which).
    projects: [
      { extends: true, test: { name: 'backend', include: ALL_TESTS, exclude: ONCE_PER_RUN_GLOBS } },
      { extends: true, test: { name: 'once', include: ONCE_PER_RUN_GLOBS } },
    ],
  },
});
