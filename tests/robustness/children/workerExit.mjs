// A worker thread that ends while Async calls are pending must not take the
// process with it:
//   node workerExit.mjs <napi|koffi> <how> <rounds> <calls> <mainLoads 0|1>
// Each round starts a worker that loads the package, starts `calls` pending
// Async calls of every kind (accept, connect, send, recv, sendto, recvfrom,
// selectRead, selectWrite on loopback and Unix sockets, and the five name
// lookups on the threadpool), then ends it `how`:
//   terminate        the main thread calls worker.terminate()
//   exit             the worker calls process.exit()
//   terminate-after  one Async call has just completed, then terminate()
// While it ends, datagrams keep coming to the socket of its pending recvfromAsync.
// With mainLoads 1 the main thread has loaded the package too (the addon then
// stays loaded in the process; with 0 only the worker loads it).
// Prints one JSON line: {rounds, pending (calls pending when the last round's
// worker ended), kinds (of call: 13, or 12 where there are no Unix sockets), ms}.
import dgram from 'node:dgram';
import { closeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { removeTree } from '../../support/removeTree.mjs';
import { loadApi, loopback } from './api.mjs';

const DEADLINE_MS = 30_000;
/** Windows' closesocket, bound on first use (declared before the top-level await that uses it). */
let closesocket;

if (isMainThread) {
  const [backend, how, rounds, calls, mainLoads] = process.argv.slice(2);
  if (mainLoads === '1') await loadApi(backend);
  const dir = mkdtempSync(join(tmpdir(), 'nativesockets-worker-'));
  const started = performance.now();
  let pending = 0;
  let kinds = 0;
  try {
    for (let round = 0; round < Number(rounds); round++) {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { backend, how, calls: Number(calls), path: join(dir, `r${round}.sock`) },
      });
      const exited = new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', resolve);
      });
      const ready = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`round ${round}: no report from the worker`)), DEADLINE_MS);
        worker.once('message', (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        exited.then(() => reject(new Error(`round ${round}: the worker ended before its report`)), reject);
      });
      if (ready.error) throw new Error(`round ${round}: ${ready.error}`);
      pending = ready.pending;
      kinds = ready.kinds;
      // Datagrams keep arriving while the worker ends: readiness events during its teardown.
      const blast = blastWhile(exited, ready.udpPort);
      if (how !== 'exit') await worker.terminate();
      await exited;
      await blast;
      await closeLeftOpen(ready.fds);
    }
  } finally {
    removeTree(dir);
  }
  process.stdout.write(
    `${JSON.stringify({ rounds: Number(rounds), pending, kinds, ms: Math.round(performance.now() - started) })}\n`,
  );
} else {
  const { backend, how, calls, path } = workerData;
  const A = await loadApi(backend);
  try {
    const fds = [];
    const { pending, kinds, udpPort } = await startCalls(A, calls, path, how === 'terminate-after', fds);
    parentPort?.postMessage({ pending, kinds, udpPort, fds });
    if (how === 'exit') process.exit(0);
  } catch (e) {
    parentPort?.postMessage({ error: String(e?.stack ?? e) });
  }
}

/**
 * Closes the sockets the ended worker left open: the caller's to close, as in C
 * (Node closes only its own handles). On Windows they are SOCKET handles, not C
 * runtime descriptors, so fs.closeSync cannot close them: closesocket is called
 * through koffi, not through the package, which this thread may not have loaded
 * (and close(2) so on Deno).
 */
async function closeLeftOpen(fds) {
  // Deno's fs.closeSync closes only descriptors Deno opened: libc's close there.
  if (process.platform !== 'win32' && globalThis.Deno === undefined) {
    for (const fd of fds) closeSync(fd);
    return;
  }
  if (!closesocket) {
    const { default: koffi } = await import('koffi');
    closesocket =
      process.platform === 'win32'
        ? koffi.load('ws2_32.dll').func('int closesocket(uintptr_t s)')
        : koffi.load(process.platform === 'linux' ? 'libc.so.6' : null).func('int close(int fd)');
  }
  for (const fd of fds) if (closesocket(fd) !== 0) throw new Error(`closesocket(${fd}) failed`);
}

/** Sends datagrams to 127.0.0.1:`port` (if any), one per loop turn, until `until` settles. */
async function blastWhile(until, port) {
  if (!port) return;
  const socket = dgram.createSocket('udp4');
  let done = false;
  until.finally(() => (done = true));
  const datagram = Buffer.from('wake');
  while (!done) {
    await new Promise((resolve) => socket.send(datagram, port, '127.0.0.1', resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
  socket.close();
}

/**
 * Starts `calls` Async calls of every kind that stay pending; resolves with
 * their number and the UDP port they receive on. Every socket goes into `fds`.
 */
async function startCalls(A, calls, path, completeOne, fds) {
  const check = (ok, what) => {
    if (!ok) throw new Error(`${what}: errno ${A.osLastError()}`);
  };
  const ignore = () => {};
  const promises = [];
  const keep = (p) => promises.push(p.then(ignore, ignore));

  const socket = (...args) => {
    const s = A.createNativeSocket(...args);
    fds.push(s);
    return s;
  };
  const listener = socket();
  check(A.bindAddr(listener, loopback(A, 0), 16) === 0 && A.listen(listener) === 0, 'listener');
  const port = A.getSockName(listener);
  const client = socket();
  check(A.connect(client, loopback(A, port), 16) === 0, 'connect');
  const [server] = A.accept(listener);
  check(server >= 0, 'accept');
  fds.push(server);

  if (completeOne) {
    // The call completes, and the worker ends while its poll handle may still be closing.
    const got = A.recvAsync(server, new Uint8Array(4), 4, 0);
    A.send(client, new Uint8Array(4), 4, 0);
    await got;
    return { pending: 0, kinds: 0 };
  }

  // A full send buffer: send and sendto (and selectWrite) wait for room that never comes.
  A.setBlocking(client, false);
  const chunk = new Uint8Array(65536);
  while (A.send(client, chunk, chunk.length, 0) > 0);

  const udp = socket(A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP);
  check(A.bindAddr(udp, loopback(A, 0), 16) === 0, 'udp bind');

  // A Unix listener whose backlog is full: connectAsync waits (EAGAIN) on each new socket (POSIX).
  let kinds = 12;
  if (process.platform !== 'win32' && A.makeUnixAddr) {
    kinds++;
    const unix = socket(A.AF_UNIX, A.SOCK_STREAM, A.IPPROTO_IP);
    const addr = A.makeUnixAddr(path);
    check(A.bindAddr(unix, addr, addr.bytes.byteLength) === 0 && A.listen(unix, 0) === 0, 'unix listener');
    for (let i = 0; i < calls; i++)
      keep(A.connectAsync(socket(A.AF_UNIX, A.SOCK_STREAM, A.IPPROTO_IP), addr, addr.bytes.byteLength));
  }

  for (let i = 0; i < calls; i++) {
    const buf = new Uint8Array(16);
    keep(A.recvAsync(server, buf, 16, 0));
    keep(A.recvfromAsync(udp, buf, 16, 0, new A.Sockaddr_in(), { value: 16 }));
    keep(A.acceptAsync(listener));
    keep(A.selectReadAsync([server], -1));
    keep(A.sendAsync(client, chunk, chunk.length, 0));
    keep(A.sendtoAsync(client, chunk, chunk.length, 0, null, 0));
    keep(A.selectWriteAsync([client], -1));
    keep(A.getAddrInfoAsync('localhost', A.Port(80)));
    keep(A.getServByNameAsync('http', 'tcp'));
    keep(A.getServByPortAsync(A.Port(80), 'tcp'));
    keep(A.getHostByNameAsync('localhost'));
    keep(A.getHostByAddrAsync('127.0.0.1'));
  }
  // Let the first lookups reach the threadpool and the connects reach their wait.
  await new Promise((resolve) => setImmediate(resolve));
  return { pending: promises.length, kinds, udpPort: A.getSockName(udp) };
}
