// The API bound to a backend, one instance per backend per thread, shared by
// every entry point that asks for it.
import { type BoundApi, createApi } from './api.js';
import { type BackendChoice, backendChoiceFromEnv, resolveChoice } from './backendChoice.js';
import { type BackendName, isNapiBuilt, loadRawBackend } from './backends.js';

const bound = new Map<BackendName, BoundApi>();

export function loadApi(choice: BackendChoice): BoundApi {
  const wanted = choice === 'auto' ? backendChoiceFromEnv(process.env['NATIVESOCKETS_BACKEND']) : choice;
  const name = resolveChoice(wanted, isNapiBuilt());
  let api = bound.get(name);
  if (!api) {
    api = createApi(loadRawBackend(name));
    bound.set(name, api);
  }
  return api;
}
