// A lookup thread of Bun's name lookups (lookups.ts): opens the spec's
// `threadpool` C functions through bun:ffi from the generated symbol table and
// runs each call it is sent, one at a time, on memory the calling thread shares
// with it. Strings arrive as strings and are passed as their NUL-terminated
// UTF-8 copies. It touches no JS thread's heap, so the calling thread may end
// (worker.terminate(), process.exit()) while a lookup still runs here.
import { parentPort, workerData } from 'node:worker_threads';
import { bunFfi, openCFunctions } from '../../generated/bunffi/symbols.js';
import type { PlatformName } from '../../generated/platformTables.js';
import type { LookupReply, LookupRequest } from './lookups.js';

const { platform } = workerData as { platform: PlatformName };
const c = openCFunctions(bunFfi(), platform, (row) => row.threadpool === true);
const UTF8 = new TextEncoder();

const run = ({ name, args }: LookupRequest): LookupReply => {
  try {
    const fn = c[name];
    if (!fn) throw new Error(`${name} is not a threadpool function on ${platform}`);
    return { r: fn(...args.map((a) => (typeof a === 'string' ? UTF8.encode(`${a}\0`) : a))) };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

parentPort!.on('message', (request: LookupRequest) => parentPort!.postMessage(run(request)));
