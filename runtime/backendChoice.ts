// NATIVESOCKETS_BACKEND: which backend the main entry binds.
import type { BackendName } from './backends.js';

export type BackendChoice = BackendName | 'auto';

const ALIASES: Record<string, BackendChoice> = {
  napi: 'napi',
  native: 'napi',
  koffi: 'koffi',
  ffi: 'koffi',
  auto: 'auto',
  '': 'auto',
};

/** Reads the variable; an unknown value is an Error naming the valid ones. */
export function backendChoiceFromEnv(value: string | undefined): BackendChoice {
  const choice = ALIASES[(value ?? '').trim().toLowerCase()];
  if (choice === undefined) {
    throw new Error(
      `nativesockets: NATIVESOCKETS_BACKEND=${JSON.stringify(value)} is not valid; use napi (or native), koffi (or ffi), or auto (the default: napi when built, else koffi)`,
    );
  }
  return choice;
}

export function resolveChoice(choice: BackendChoice, napiBuilt: boolean): BackendName {
  return choice === 'auto' ? (napiBuilt ? 'napi' : 'koffi') : choice;
}
