// A worker thread of `make fuzz` (started by fuzz/asyncCalls.mjs): loads the
// package on the run's backend, opens loopback sockets, starts `calls` random
// Async calls (waits that stay pending, calls that complete, lookups on the
// threadpool, aborts, a close under pending calls), lets the loop turn a few
// times, reports {calls, fds}, and then, as the parent chose, calls
// process.exit() or waits to be terminated, its calls still pending.
import { parentPort, workerData } from 'node:worker_threads';
import { loadApi, loopback } from '../tests/robustness/children/api.mjs';

const { backend, seed, how, calls } = workerData;
let state = seed >>> 0 || 1;
const int = (n) => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state % n;
};
const pick = (list) => list[int(list.length)];

try {
  const A = await loadApi(backend);
  const fds = [];
  const socket = (...args) => {
    const s = A.createNativeSocket(...args);
    if (s >= 0) fds.push(s);
    return s;
  };
  const listener = socket();
  A.bindAddr(listener, loopback(A, 0), 16);
  A.listen(listener);
  const port = A.getSockName(listener);
  const client = socket();
  A.connect(client, loopback(A, port), 16);
  const [server] = A.accept(listener);
  if (server >= 0) fds.push(server);
  const udp = socket(A.AF_INET, A.SOCK_DGRAM, A.IPPROTO_UDP);
  A.bindAddr(udp, loopback(A, 0), 16);
  const controller = new AbortController();
  const ignore = () => {};
  const starts = [
    () => A.recvAsync(server, new Uint8Array(8), 8, 0),
    () => A.recvAsync(client, new Uint8Array(8), 8, 0, { signal: controller.signal }),
    () => A.recvfromAsync(udp, new Uint8Array(8), 8, 0, new A.Sockaddr_in(), { value: 16 }),
    () => A.acceptAsync(listener),
    () => A.selectReadAsync([server, udp], pick([-1, 0, 5])),
    () => A.selectWriteAsync([client], -1),
    () => A.sendAsync(client, new Uint8Array(4), 4, 0),
    () => A.sendtoAsync(udp, new Uint8Array(4), 4, 0, loopback(A, A.getSockName(udp)), 16),
    () => {
      const s = socket();
      return A.connectAsync(s, loopback(A, port), 16, { signal: controller.signal });
    },
    () => A.getServByNameAsync('http', 'tcp'),
    () => A.getHostByAddrAsync('127.0.0.1'),
    () =>
      A.getAddrInfoAsync('127.0.0.1', A.Port(80), A.AF_INET, A.SOCK_STREAM, A.IPPROTO_TCP, {
        signal: controller.signal,
      }),
  ];
  for (let i = 0; i < calls; i++) {
    pick(starts)().then(ignore, ignore);
    if (int(50) === 0) await new Promise((resolve) => setImmediate(resolve));
    if (int(200) === 0) controller.abort();
  }
  // Sometimes a socket closes under its pending calls.
  if (int(2) === 0) {
    A.close(server);
    fds.splice(fds.indexOf(server), 1);
  }
  await new Promise((resolve) => setImmediate(resolve));
  parentPort?.postMessage({ calls, fds });
  if (how === 'exit') process.exit(0);
} catch (e) {
  parentPort?.postMessage({ error: String(e?.stack ?? e) });
}
