// The backends a test covers. `make test` runs the suite once per backend
// (NATIVESOCKETS_BACKEND=napi, then koffi) plus one pass for the files that
// compare the backends in one process (vitest.config.ts, project "once"), so
// that each (test, backend) pair runs once per `make test`.

import { backendChoiceFromEnv, resolveChoice } from '../../runtime/backendChoice.js';
import { isNapiBuilt } from '../../runtime/backends.js';

type BackendName = 'napi' | 'koffi';

/**
 * The backends this machine tests: both, unless NATIVESOCKETS_TEST_BACKENDS
 * narrows it on purpose (a machine without a C++ toolchain): a missing addon
 * then fails loudly rather than being skipped. The cross-backend comparisons
 * (tests/crossBackend, the bad-input matrix) load each of these.
 */
export const TESTABLE_BACKENDS: BackendName[] = (process.env['NATIVESOCKETS_TEST_BACKENDS'] ?? 'napi,koffi')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is BackendName => s === 'napi' || s === 'koffi');

const envChoice = process.env['NATIVESOCKETS_BACKEND'];

/**
 * The backends of this pass: the one NATIVESOCKETS_BACKEND names (as the main
 * entry reads it), or every testable one when it is not set (a plain
 * `npx vitest run`).
 */
export const BACKENDS_UNDER_TEST: BackendName[] = envChoice
  ? TESTABLE_BACKENDS.filter((b) => b === resolveChoice(backendChoiceFromEnv(envChoice), isNapiBuilt()))
  : TESTABLE_BACKENDS;

export function napiRequired(): boolean {
  return TESTABLE_BACKENDS.includes('napi');
}

export { isNapiBuilt };
