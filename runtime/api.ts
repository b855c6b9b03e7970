// Builds the whole Nim API over one raw backend: the procs as the spec's
// `impl:` wires them (generated/wiring.ts), then the Async variants over them.
// Assigning to NativeSocketsApi makes the compiler reject a spec proc whose
// implementation is missing or of the wrong type.
import type { NativeSocketsApi } from '../generated/api.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { wireProcs } from '../generated/wiring.js';
import { asyncProcs, type SyncApi } from './async/index.js';
import { createContext } from './context.js';
import { netdbCore } from './procs/netdb.js';

export interface BoundApi extends NativeSocketsApi {
  readonly backend: RawBackend['name'];
}

export function createApi(raw: RawBackend): BoundApi {
  const ctx = createContext(raw);
  const sync: SyncApi = wireProcs(ctx);
  // The Async variants of the blocking procs; their `close` fails pending Async calls first.
  const api: NativeSocketsApi = { ...sync, ...asyncProcs(ctx, sync, netdbCore(ctx)) };
  return { backend: raw.name, ...api };
}
