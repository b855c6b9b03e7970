// The backends a test run covers. Both, unless NATIVESOCKETS_TEST_BACKENDS
// narrows it on purpose (a machine without a C++ toolchain): a missing addon
// then fails loudly rather than being skipped.
import { isNapiBuilt } from '../../runtime/backends.js';

export const BACKENDS_UNDER_TEST: ('napi' | 'koffi')[] = (process.env['NATIVESOCKETS_TEST_BACKENDS'] ?? 'napi,koffi')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is 'napi' | 'koffi' => s === 'napi' || s === 'koffi');

export function napiRequired(): boolean {
  return BACKENDS_UNDER_TEST.includes('napi');
}

export { isNapiBuilt };
