// The backends a test covers. `make test` runs the suite once per backend
// (NATIVESOCKETS_BACKEND=napi, then koffi) plus one pass for the files that
// compare the backends in one process (vitest.config.ts, project "once"), so
// that each (test, backend) pair runs once per `make test`.

import { backendChoiceFromEnv, resolveChoice } from '../../runtime/backendChoice.js';
import { type BackendName, isNapiBuilt } from '../../runtime/backends.js';
import { jsRuntime } from '../../runtime/jsRuntime.js';

/** The backends that exist only on one runtime, and why they cannot load elsewhere. */
const RUNTIME_ONLY: { backend: BackendName; runtime: string; why: string }[] = [
  { backend: 'denoffi', runtime: 'deno', why: 'it calls C through Deno.dlopen, which only Deno has' },
];

/** The backends that cannot load on the runtime running the tests, each with the reason (printed by the tests that would cover it). */
export const UNAVAILABLE_BACKENDS: { backend: BackendName; why: string }[] = RUNTIME_ONLY.filter(
  (b) => b.runtime !== jsRuntime(),
).map(({ backend, why }) => ({ backend, why }));

const ALL_HERE: BackendName[] = [
  'napi',
  'koffi',
  ...RUNTIME_ONLY.filter((b) => b.runtime === jsRuntime()).map((b) => b.backend),
];

/**
 * The backends this machine tests: every one that loads on this runtime,
 * unless NATIVESOCKETS_TEST_BACKENDS narrows it on purpose (a machine without
 * a C++ toolchain): a missing addon then fails loudly rather than being
 * skipped. The cross-backend comparisons (tests/crossBackend, the bad-input
 * matrix) load each of these.
 */
export const TESTABLE_BACKENDS: BackendName[] = (process.env['NATIVESOCKETS_TEST_BACKENDS'] ?? ALL_HERE.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is BackendName => (ALL_HERE as string[]).includes(s));

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
