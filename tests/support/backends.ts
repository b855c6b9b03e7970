// The backends a test covers. `make test` runs the suite once per backend
// (NATIVESOCKETS_BACKEND=napi, then koffi; on Bun also bunffi) plus one pass
// for the files that compare the backends in one process (vitest.config.ts,
// project "once"), so that each (test, backend) pair runs once per `make test`.

import { backendChoiceFromEnv, resolveChoice } from '../../runtime/backendChoice.js';
import { type BackendName, backendUnavailableHere, isNapiBuilt } from '../../runtime/backends.js';

/**
 * The backends that load on one runtime only (the FFI they call C through is its
 * own), as the tests expect them named: elsewhere their import throws an Error
 * naming the runtime (`ffi` is a RegExp source).
 */
export const RUNTIME_ONLY_BACKENDS = [
  { backend: 'bunffi', runtime: 'bun', title: 'Bun', ffi: 'bun:ffi' },
  { backend: 'denoffi', runtime: 'deno', title: 'Deno', ffi: 'Deno\\.dlopen' },
] as const;

/** Every backend there is, whatever the runtime. */
export const ALL_BACKENDS: readonly BackendName[] = ['napi', 'koffi', 'bunffi', 'denoffi'];

const isBackendName = (s: string): s is BackendName => (ALL_BACKENDS as readonly string[]).includes(s);

const requested = (process.env['NATIVESOCKETS_TEST_BACKENDS'] ?? ALL_BACKENDS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(isBackendName);

/**
 * The backends this machine tests: every one that loads on this runtime,
 * unless NATIVESOCKETS_TEST_BACKENDS narrows it on purpose (a machine without a
 * C++ toolchain): a missing addon then fails loudly rather than being skipped.
 * The cross-backend comparisons (tests/crossBackend, the bad-input matrix) load
 * each of these.
 */
export const TESTABLE_BACKENDS: BackendName[] = requested.filter((b) => backendUnavailableHere(b) === undefined);

/** The backends asked for that cannot load on this runtime, each with the reason: tests print them as skips. */
export const UNAVAILABLE_BACKENDS: { name: BackendName; why: string }[] = requested.flatMap((name) => {
  const why = backendUnavailableHere(name);
  return why === undefined ? [] : [{ name, why }];
});

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
