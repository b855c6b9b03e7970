// A lookup thread of the bunffi backend (lookups.ts): opens the spec's
// `threadpool` C functions and runs each call it is sent, one at a time, on the
// caller's shared memory. Strings arrive as strings and are passed as their
// NUL-terminated UTF-8 copies.
import { parentPort, workerData } from 'node:worker_threads';
import { bunFfi, openCFunctions } from '../../generated/bunffi/symbols.js';
import type { PlatformName } from '../../generated/platformTables.js';

const { platform } = workerData as { platform: PlatformName };
const c = openCFunctions(bunFfi(), platform, (row) => row.threadpool === true);
const UTF8 = new TextEncoder();

parentPort!.on('message', ({ id, name, args }: { id: number; name: string; args: unknown[] }) => {
  try {
    const fn = c[name];
    if (!fn) throw new Error(`${name} is not a threadpool function on ${platform}`);
    const r = fn(...args.map((a) => (typeof a === 'string' ? UTF8.encode(`${a}\0`) : a)));
    parentPort!.postMessage({ id, r });
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).message });
  }
});
