// A thread of Bun's name lookups (bunLookups.ts): it makes one reentrant libc
// lookup at a time through bun:ffi, on memory the calling thread shares with
// it (SharedArrayBuffer views), and answers with the C result. It touches no
// JS thread's heap, so the calling thread may end (worker.terminate(),
// process.exit()) while a lookup is still running here.
import { parentPort } from 'node:worker_threads';
import { bunFfi, openLibc } from './epoll/bunLibc.js';

/** A call: the lookup's name and its arguments (strings as NUL-terminated bytes, memory as shared views). */
export interface LookupRequest {
  readonly fn: LookupName;
  readonly args: readonly (number | Uint8Array)[];
}

export type LookupName = keyof typeof SYMBOLS;

const SYMBOLS = {
  getaddrinfo: { args: ['ptr', 'ptr', 'ptr', 'ptr'], returns: 'i32' },
  getservbyname_r: { args: ['ptr', 'ptr', 'ptr', 'ptr', 'u64', 'ptr'], returns: 'i32' },
  getservbyport_r: { args: ['i32', 'ptr', 'ptr', 'ptr', 'u64', 'ptr'], returns: 'i32' },
  gethostbyname_r: { args: ['ptr', 'ptr', 'ptr', 'u64', 'ptr', 'ptr'], returns: 'i32' },
  gethostbyaddr_r: { args: ['ptr', 'u32', 'i32', 'ptr', 'ptr', 'u64', 'ptr', 'ptr'], returns: 'i32' },
};

if (parentPort) {
  const port = parentPort;
  const ffi = bunFfi();
  const c = openLibc((path) => ffi.dlopen(path, SYMBOLS)).symbols;
  port.on('message', ({ fn, args }: LookupRequest) => port.postMessage(Number(c[fn]!(...args))));
}
