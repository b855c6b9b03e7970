// Leak checks, each in a process of its own (run with --expose-gc):
//   node --expose-gc leaks.mjs <napi|koffi> sockets <n>      n createNativeSocket/close cycles
//   node --expose-gc leaks.mjs <napi|koffi> connections <n>  n connect/accept/close cycles over loopback
//   node --expose-gc leaks.mjs <napi|koffi> addrinfo <n>     n getAddrInfo/freeAddrInfo cycles (numeric, no DNS)
//   node --expose-gc leaks.mjs <napi|koffi> gc <n>           n AddrInfo lists never freed, left to the GC
// Prints one JSON line: the measurements and `ok`. The descriptor count is the
// entries of /proc/self/fd; memory is RSS, and the C heap in use as glibc's
// mallinfo2() counts it (malloc'd bytes, mmapped chunks included).
import { readdirSync } from 'node:fs';
import { libc, loadApi, loopback } from './api.mjs';

const [backend, mode, countText] = process.argv.slice(2);
const n = Number(countText);
if (!Number.isInteger(n) || n <= 0)
  throw new Error('usage: leaks.mjs <napi|koffi> <sockets|connections|addrinfo|gc> <count>');
/** A full, synchronous collection: Bun's own call on Bun, V8's gc() (--expose-gc) on Node and Deno. */
const fullGc = globalThis.Bun ? () => globalThis.Bun.gc(true) : globalThis.gc;
if (typeof fullGc !== 'function') throw new Error('run with node --expose-gc');
const A = await loadApi(backend);
const { mallocInUse } = libc();

const fdCount = () => readdirSync('/proc/self/fd').length;
const rss = () => process.memoryUsage().rss;
const MiB = 1 << 20;
const fail = (what) => {
  throw new Error(`${mode}: ${what} (errno ${A.osLastError()}: ${A.osErrorMsg(A.osLastError())})`);
};
/** Collects garbage and lets FinalizationRegistry callbacks (tasks after a GC) run. */
async function settle(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    fullGc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const started = performance.now();
let report;
switch (mode) {
  case 'sockets': {
    const kinds = [
      [A.AF_INET, A.SOCK_STREAM, A.IPPROTO_TCP],
      [A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP],
      [A.AF_INET6, A.SOCK_STREAM, A.IPPROTO_TCP],
      [A.AF_UNIX, A.SOCK_STREAM, A.IPPROTO_NONE],
    ];
    const before = fdCount();
    for (let i = 0; i < n; i++) {
      const [d, t, p] = kinds[i & 3];
      const s = A.createNativeSocket(d, t, p, (i & 4) !== 0);
      if (s === A.osInvalidSocket) fail(`createNativeSocket failed at cycle ${i}`);
      A.close(s);
    }
    const after = fdCount();
    report = { fdsBefore: before, fdsAfter: after, ok: before === after };
    break;
  }
  case 'connections': {
    const listener = A.createNativeSocket();
    if (A.bindAddr(listener, loopback(A, 0), A.Sockaddr_in.size) !== 0 || A.listen(listener) !== 0) fail('listener');
    const address = loopback(A, A.getSockName(listener));
    const before = fdCount();
    let peersOk = 0;
    for (let i = 0; i < n; i++) {
      const client = A.createNativeSocket();
      if (client === A.osInvalidSocket) fail(`socket at cycle ${i}`);
      // Loopback connect completes from the listener's backlog; accept then takes it at once.
      if (A.connect(client, address, A.Sockaddr_in.size) !== 0) fail(`connect at cycle ${i}`);
      const [server, peer] = A.accept(listener);
      if (server === A.osInvalidSocket) fail(`accept at cycle ${i}`);
      if (peer === '127.0.0.1') peersOk++;
      // The accepted side closes first, so TIME_WAIT stays on the listener's
      // port and the client's ephemeral port is free again at once.
      A.close(server);
      A.close(client);
    }
    const after = fdCount();
    A.close(listener);
    report = { fdsBefore: before, fdsAfter: after, peersOk, ok: before === after && peersOk === n };
    break;
  }
  case 'addrinfo': {
    const port = A.Port(80);
    const cycle = (count) => {
      for (let i = 0; i < count; i++) {
        // Numeric address and AF_INET (the enum overload's default): no DNS.
        const ai =
          (i & 1) === 0
            ? A.getAddrInfo('127.0.0.1', port)
            : A.getAddrInfo('127.0.0.1', port, { ai_family: A.toInt(A.AF_INET) });
        if ((i & 3) === 3) ai[Symbol.dispose]();
        else A.freeAddrInfo(ai);
      }
    };
    // Warm up (JIT, allocator pools, the V8 heap's working size), then measure at ten checkpoints.
    cycle(Math.min(20_000, n));
    await settle(5);
    const rssSeries = [rss()];
    const heapSeries = [mallocInUse()];
    for (let k = 0; k < 10; k++) {
      cycle(Math.ceil(n / 10));
      await settle(k === 9 ? 5 : 2);
      rssSeries.push(rss());
      heapSeries.push(mallocInUse());
    }
    // RSS settles once V8's heap has grown to its working size: compare the
    // last checkpoints with the first ones after that.
    const rssGrowth = Math.max(...rssSeries.slice(-3)) - Math.max(...rssSeries.slice(1, 4));
    const heapGrowth = heapSeries[heapSeries.length - 1] - heapSeries[0];
    // A list is about 100 bytes of C heap: leaking one per cycle would be n * 100 bytes.
    report = {
      rssMiB: rssSeries.map((x) => +(x / MiB).toFixed(1)),
      cHeapKiB: heapSeries.map((x) => Math.round(x / 1024)),
      rssGrowthMiB: +(rssGrowth / MiB).toFixed(2),
      cHeapGrowthKiB: Math.round(heapGrowth / 1024),
      ok: rssGrowth < 16 * MiB && heapGrowth < 2 * MiB + n,
    };
    break;
  }
  case 'gc': {
    const port = A.Port(80);
    await settle();
    const base = mallocInUse();
    /** @type {unknown[] | null} */
    let held = [];
    let explicitlyFreed = 0;
    for (let i = 0; i < n; i++) {
      const ai = A.getAddrInfo('127.0.0.1', port, { ai_family: A.toInt(A.AF_INET) });
      // Half the lists are held by a later node only (it keeps the list alive);
      // every third is freed by hand, and must not be freed again by the GC.
      held.push(i % 2 === 0 ? ai : (ai.ai_next ?? ai));
      if (i % 3 === 0) {
        A.freeAddrInfo(ai);
        explicitlyFreed++;
      }
    }
    const whileHeld = mallocInUse() - base;
    held = null;
    // FinalizationRegistry callbacks run in tasks after a GC: wait for the heap to come back, bounded.
    let afterGc = Infinity;
    let rounds = 0;
    while (rounds < 100) {
      await settle(1);
      rounds++;
      afterGc = mallocInUse() - base;
      if (afterGc < whileHeld / 20) break;
    }
    report = {
      lists: n,
      explicitlyFreed,
      cHeapHeldKiB: Math.round(whileHeld / 1024),
      cHeapAfterGcKiB: Math.round(afterGc / 1024),
      gcRounds: rounds,
      ok: whileHeld > n * 32 && afterGc < whileHeld / 20,
    };
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify({ backend: A.backend, mode, n, ms: Math.round(performance.now() - started), ...report }));
