// Figures for the Async variants, per backend (not part of `npm test`; run after
// `npm run build`):  node tests/async/measure.mjs [napi|koffi ...]
//  1. fs.readFile / fs.stat latency while 2,000 recvAsync calls are pending;
//  2. the same with only 4 recv calls pending through koffi's own `.async`
//     (each holds a libuv threadpool thread), for comparison;
//  3. the cost of an Async call over its synchronous proc: a recv that finds
//     data at once, and a ping-pong round trip that has to wait.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PENDING = 2000;
const self = fileURLToPath(import.meta.url);

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function fsLatency(ms) {
  const times = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await readFile(self);
    await stat(self);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: pct(times, 50), p99: pct(times, 99), max: times[times.length - 1] };
}

function loopback(ns, port) {
  const a = new ns.Sockaddr_in();
  a.sin_family = ns.toInt(ns.AF_INET);
  a.sin_addr.s_addr = ns.htonl(0x7f000001);
  a.sin_port = ns.htons(port);
  return a;
}

function pairs(ns, n) {
  const l = ns.createNativeSocket();
  const any = loopback(ns, 0);
  if (ns.bindAddr(l, any, ns.Sockaddr_in.size) !== 0 || ns.listen(l, 4096) !== 0) throw new Error('listener');
  const to = loopback(ns, ns.getSockName(l));
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = ns.createNativeSocket();
    if (ns.connect(c, to, ns.Sockaddr_in.size) !== 0) throw new Error(`connect: ${ns.osLastError()}`);
    const [s] = ns.accept(l);
    out.push({ c, s });
  }
  ns.close(l);
  return out;
}

const fmt = (x) => x.toFixed(2);

async function measure(name) {
  const ns = await import(`../../dist/generated/entries/${name}.js`);
  const base = await fsLatency(500);
  const ps = pairs(ns, PENDING);
  const bufs = ps.map(() => new Uint8Array(8));
  const t0 = performance.now();
  const recvs = ps.map((p, i) => ns.recvAsync(p.s, bufs[i], 8, 0));
  const started = performance.now() - t0;
  const during = await fsLatency(1000);
  const one = new Uint8Array([42]);
  const t1 = performance.now();
  for (const p of ps) ns.send(p.c, one, 1, 0);
  const got = await Promise.all(recvs);
  const drained = performance.now() - t1;
  if (!got.every((n) => n === 1) || !bufs.every((b) => b[0] === 42)) throw new Error('wrong data');
  console.log(
    `[${name}] fs readFile+stat, idle:            p50 ${fmt(base.p50)} ms, p99 ${fmt(base.p99)} ms, max ${fmt(base.max)} ms (${base.n} rounds)`,
  );
  console.log(
    `[${name}] with ${PENDING} recvAsync pending:   p50 ${fmt(during.p50)} ms, p99 ${fmt(during.p99)} ms, max ${fmt(during.max)} ms (${during.n} rounds); starting them took ${fmt(started)} ms, delivering 1 byte to each and settling all ${fmt(drained)} ms`,
  );

  // 3. overhead: recv with data waiting (no wait) …
  const { c, s } = ps[0];
  const block = new Uint8Array(16 * 1024);
  const small = new Uint8Array(16);
  const N = 20000;
  let syncNs = 0;
  let asyncNs = 0;
  for (let round = 0; round < 3; round++) {
    for (const mode of ['sync', 'async']) {
      let total = 0;
      for (let done = 0; done < N; ) {
        ns.send(c, block, block.length, 0);
        const k = block.length / 16;
        const t = process.hrtime.bigint();
        if (mode === 'sync') for (let i = 0; i < k; i++) ns.recv(s, small, 16, 0);
        else for (let i = 0; i < k; i++) await ns.recvAsync(s, small, 16, 0);
        total += Number(process.hrtime.bigint() - t);
        done += k;
      }
      if (round === 2 && mode === 'sync') syncNs = total / N;
      else if (round === 2) asyncNs = total / N;
    }
  }
  console.log(
    `[${name}] recv with data waiting: sync ${fmt(syncNs / 1000)} µs, recvAsync ${fmt(asyncNs / 1000)} µs per call`,
  );
  // … and a round trip that waits each time.
  const M = 5000;
  const ping = new Uint8Array(1);
  const t = process.hrtime.bigint();
  for (let i = 0; i < M; i++) {
    ns.send(c, ping, 1, 0);
    await ns.recvAsync(s, ping, 1, 0);
    const back = ns.recvAsync(c, ping, 1, 0);
    ns.send(s, ping, 1, 0);
    await back;
  }
  const asyncRtt = Number(process.hrtime.bigint() - t) / M;
  for (const p of ps) {
    ns.close(p.c);
    ns.close(p.s);
  }
  console.log(`[${name}] ping-pong round trip through recvAsync: ${fmt(asyncRtt / 1000)} µs`);
}

async function koffiAsyncBaseline() {
  // koffi's own async call: a blocking recv on a threadpool thread.
  const { default: koffi } = await import('koffi');
  const ns = await import('../../dist/generated/entries/koffi.js');
  const libc = koffi.load('libc.so.6');
  const recv = libc.func('long recv(int, void *, size_t, int)');
  const ps = pairs(ns, 4);
  for (const p of ps) ns.setBlocking(p.s, true);
  const done = ps.map(
    (p) => new Promise((resolve) => recv.async(p.s, Buffer.alloc(8), 8, 0, () => resolve(undefined))),
  );
  // The four calls hold the four threadpool threads: readFile cannot start until one returns.
  const t0 = performance.now();
  const read = readFile(self).then(() => performance.now() - t0);
  setTimeout(() => {
    for (const p of ps) ns.send(p.c, new Uint8Array(1), 1, 0);
  }, 1000);
  const latency = await read;
  await Promise.all(done);
  console.log(
    `[koffi .async] a readFile started while 4 blocking recv calls run through koffi's .async (data sent after 1 s) took ${fmt(latency)} ms`,
  );
  for (const p of ps) {
    ns.close(p.c);
    ns.close(p.s);
  }
}

const names = process.argv.slice(2);
for (const name of names.length ? names.filter((n) => n !== 'baseline') : ['napi', 'koffi']) await measure(name);
if (process.platform === 'linux') await koffiAsyncBaseline().catch((e) => console.error('baseline failed:', e));
