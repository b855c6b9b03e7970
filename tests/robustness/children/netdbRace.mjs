// Name lookups from several threads at once (tests/robustness/netdbThreads.test.ts
// runs it). The C library's plain lookups keep their result in one static
// buffer per process, which another thread's call overwrote while this one
// decoded it: wrong results, and with getservbyname a crash (SIGSEGV). The
// procs now use the reentrant get*_r functions where the platform has them.
//   node netdbRace.mjs <napi|koffi> [lookup] [threads] [calls]
// lookup: servbyname (default), servbyport, protobyname, hostbyname, hostbyaddr.
// Prints {wrong} per thread; exits by a signal when it crashes.
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { loadApi } from './api.mjs';

const { backend, lookup, threads, calls, index } = isMainThread
  ? {
      backend: process.argv[2],
      lookup: process.argv[3] ?? 'servbyname',
      threads: Number(process.argv[4] ?? 3),
      calls: Number(process.argv[5] ?? 100000),
      index: 0,
    }
  : workerData;
const A = await loadApi(backend);
if (isMainThread)
  for (let i = 1; i < threads; i++)
    new Worker(new URL(import.meta.url), { workerData: { backend, lookup, threads, calls, index: i } });
const checks = {
  servbyname: () => A.getServByName('http', 'tcp').port === 80,
  // Port 80: Wine's getservbyport never finds 443 (tests/support/wine.ts); the race is the same.
  servbyport: () => A.getServByPort(A.Port(80), 'tcp').name === 'http',
  protobyname: () => A.getProtoByName('udp') === 17,
  hostbyname: () => A.getHostByName('localhost').name === 'localhost',
  hostbyaddr: () => A.getHostByAddr('127.0.0.1').name === 'localhost',
};
const check = checks[lookup];
let wrong = 0;
for (let i = 0; i < calls; i++) if (!check()) wrong++;
console.log(JSON.stringify({ thread: index, lookup, calls, wrong }));
