// TCP over 127.0.0.1 with TCP_NODELAY, server in a worker thread (worker.mjs),
// client on the main thread: bench/tcp.c's counterpart.
//   node tcp.mjs pingpong napi|koffi|node ROUNDS REPS   round trips/s of 1-byte messages
//   node tcp.mjs bulk napi|koffi|node MIB REPS          MiB/s of 64 KiB sends, 1-byte ack per MIB
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { check, fatal, intArg, loadPackage, loopback, noDelay, printSamples } from './common.mjs';

const kind = process.argv[2];
const impl = process.argv[3];
if (kind !== 'pingpong' && kind !== 'bulk') throw new Error(`bench: unknown kind ${kind}`);
const n = intArg(4, kind === 'bulk' ? 256 : 20000);
const reps = intArg(5, 5);
const repBytes = n * 1048576;
const CHUNK = 65536;
/**
 * The ping-pong warm-up rep's round trips: at least WARM_ROUNDS whatever n is
 * (bench/tcp.c warms up alike). With n / 10 (2,000) V8 was still compiling the
 * public send/recv's helpers during the first timed reps (napi 210k rising to
 * 235k round trips/s over the first 80,000, pinned), which timed the tier-up.
 */
const WARM_ROUNDS = 40000;

const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { impl, kind, repBytes } });
worker.on('error', fatal);
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
const [port] = await once(worker, 'message');
const samples = impl === 'node' ? await nodeClient(port) : packageClient(await loadPackage(impl), port);
printSamples(samples);
process.exit(0);

function packageClient(api, port) {
  const { send, recv } = api;
  const s = api.createNativeSocket(api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP);
  check(s !== api.osInvalidSocket, api, 'createNativeSocket');
  noDelay(api, s);
  const sa = loopback(api, port);
  check(api.connect(s, sa, sa.bytes.byteLength) === 0, api, 'connect');
  const samples = [];
  const b = new Uint8Array([112]);
  const chunk = new Uint8Array(CHUNK).fill(120);
  for (let r = -1; r < reps; r++) {
    // r = -1: warm-up, not recorded
    const t0 = performance.now();
    if (kind === 'pingpong') {
      const rounds = r < 0 ? Math.max(Math.floor(n / 10), WARM_ROUNDS) : n;
      pingPong(api, s, b, rounds);
      if (r >= 0) samples.push(rounds / ((performance.now() - t0) / 1000));
    } else {
      for (let sent = 0; sent < repBytes; sent += CHUNK) {
        let off = 0;
        while (off < CHUNK) {
          const k = send(s, off === 0 ? chunk : chunk.subarray(off), CHUNK - off, 0);
          if (k <= 0) check(false, api, 'send');
          off += k;
        }
      }
      if (recv(s, b, 1, 0) !== 1) check(false, api, 'recv ack');
      if (r >= 0) samples.push(n / ((performance.now() - t0) / 1000));
    }
  }
  api.close(s);
  return samples;
}

/**
 * `rounds` round trips of b's one byte. A function of its own: the rep loop
 * around it deopts at each rep's first pass over the code after it, and the
 * round trips then ran in the interpreter until V8 compiled them again.
 */
function pingPong(api, s, b, rounds) {
  const { send, recv } = api;
  for (let i = 0; i < rounds; i++) {
    if (send(s, b, 1, 0) !== 1) check(false, api, 'send');
    if (recv(s, b, 1, 0) !== 1) check(false, api, 'recv');
  }
}

async function nodeClient(port) {
  const net = await import('node:net');
  const sock = net.connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  await once(sock, 'connect');
  const samples = [];
  const b = Buffer.from('p');
  const chunk = Buffer.alloc(CHUNK, 120);
  for (let r = -1; r < reps; r++) {
    const t0 = performance.now();
    if (kind === 'pingpong') {
      const rounds = r < 0 ? Math.max(Math.floor(n / 10), WARM_ROUNDS) : n;
      await new Promise((resolve) => {
        let done = 0;
        const onData = (d) => {
          done += d.length;
          if (done >= rounds) {
            sock.off('data', onData);
            resolve(undefined);
          } else sock.write(b);
        };
        sock.on('data', onData);
        sock.write(b);
      });
      if (r >= 0) samples.push(rounds / ((performance.now() - t0) / 1000));
    } else {
      const acked = once(sock, 'data');
      let sent = 0;
      await new Promise((resolve) => {
        const pump = () => {
          while (sent < repBytes) {
            sent += CHUNK;
            if (!sock.write(chunk)) return void sock.once('drain', pump);
          }
          resolve(undefined);
        };
        pump();
      });
      await acked;
      if (r >= 0) samples.push(n / ((performance.now() - t0) / 1000));
    }
  }
  sock.end();
  return samples;
}
