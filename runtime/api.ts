// Builds the whole Nim API over one raw backend. Assigning to NativeSocketsApi
// makes the compiler reject a spec proc that has no implementation here.
import type { NativeSocketsApi } from '../generated/api.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { asyncProcs, type SyncApi } from './async/index.js';
import { createContext } from './context.js';
import { errorProcs } from './errors.js';
import { addressProcs } from './procs/address.js';
import { byteOrderProcs } from './procs/byteorder.js';
import { enumProcs } from './procs/enums.js';
import { inetProcs } from './procs/inet.js';
import { ioProcs } from './procs/io.js';
import { lifecycleProcs } from './procs/lifecycle.js';
import { netdbCore, netdbProcs } from './procs/netdb.js';
import { optionProcs } from './procs/options.js';
import { platformCallProcs } from './procs/platformCalls.js';
import { pollProcs } from './procs/poll.js';
import { selectProcs } from './procs/select.js';
import { sockOptProcs } from './procs/sockopt.js';

export interface BoundApi extends NativeSocketsApi {
  readonly backend: RawBackend['name'];
}

export function createApi(raw: RawBackend): BoundApi {
  const ctx = createContext(raw);
  const core = netdbCore(ctx);
  const sync: SyncApi = {
    ...byteOrderProcs(),
    ...enumProcs(ctx),
    ...errorProcs(ctx),
    ...lifecycleProcs(ctx),
    ...optionProcs(ctx),
    ...sockOptProcs(ctx),
    ...platformCallProcs(ctx),
    ...ioProcs(ctx),
    ...addressProcs(ctx),
    ...inetProcs(ctx),
    ...selectProcs(ctx),
    ...pollProcs(ctx),
    ...netdbProcs(ctx, core),
  };
  // The Async variants of the blocking procs; their `close` fails pending Async calls first.
  const api: NativeSocketsApi = { ...sync, ...asyncProcs(ctx, sync, core) };
  return { backend: raw.name, ...api };
}
