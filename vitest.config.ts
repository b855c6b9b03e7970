import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'generated/tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // A fresh TMPDIR per run, which must be empty at the end (tests/support/tmpdirCheck.ts).
    globalSetup: ['tests/support/tmpdirCheck.ts'],
  },
});
