// UDP over 127.0.0.1: the receiver in a worker thread (worker.mjs), the sender
// on the main thread sends batches of 32-byte datagrams with sendto and waits
// for each batch's ack: bench/udp.c's counterpart. Datagrams received per second.
// With `mmsg` after the backend (napi-mmsg, koffi-mmsg) both sides move each
// batch in one call: sendmmsg of 32 datagrams, recvmmsg of 32.
// usage: node udp.mjs napi|koffi|napi-raw|koffi-raw|napi-mmsg|koffi-mmsg|node DATAGRAMS REPS
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { check, fatal, intArg, loadPackage, loopback, printSamples } from './common.mjs';

// napi, koffi, napi-raw, koffi-raw (common.mjs), each with -mmsg for the batched form.
const mode = process.argv[2].endsWith('-mmsg') ? 'mmsg' : undefined;
const impl = mode ? process.argv[2].slice(0, -'-mmsg'.length) : process.argv[2];
const BATCH = 32;
const SIZE = 32;
/** The least warm-up (warmCount says why). */
const WARM_DATAGRAMS = 64000;
let n = intArg(3, 64000);
n -= n % BATCH;
const reps = intArg(4, 5);

const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
  workerData: { impl, kind: mode === 'mmsg' ? 'udpBatch' : 'udp', batch: BATCH },
});
worker.on('error', fatal);
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
const [port] = await once(worker, 'message');
const samples =
  impl === 'node'
    ? await nodeSender(port)
    : mode === 'mmsg'
      ? batchSender(await loadPackage(impl), port)
      : packageSender(await loadPackage(impl), port);
printSamples(samples);
process.exit(0);

/**
 * The warm-up rep's datagrams: at least WARM_DATAGRAMS whatever n is. V8 needs
 * about 500 batches before the batched path (message block, checks, decoding)
 * runs optimized: with n / 10 alone, a BENCH_QUICK run timed it unoptimized
 * for its first reps (70-280k datagrams/s, then 410-490k, pinned).
 */
function warmCount() {
  const count = Math.max(Math.floor(n / 10), WARM_DATAGRAMS);
  return count - (count % BATCH);
}

/** The sender's socket and the receiver's address. */
function openSender(api, port) {
  const fd = api.createNativeSocket(api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
  check(fd !== api.osInvalidSocket, api, 'createNativeSocket');
  return { fd, to: loopback(api, port) };
}

/** Datagrams per second of each rep: `sendBatch` sends BATCH datagrams, then the receiver's ack is awaited. */
function timedBatches(api, fd, sendBatch) {
  const ack = new Uint8Array(16);
  const samples = [];
  for (let r = -1; r < reps; r++) {
    // r = -1: warm-up, not recorded
    const count = r < 0 ? warmCount() : n;
    const t0 = performance.now();
    for (let i = 0; i < count; i += BATCH) {
      sendBatch();
      if (api.recv(fd, ack, ack.byteLength, 0) !== 1) check(false, api, 'recv ack');
    }
    if (r >= 0) samples.push(count / ((performance.now() - t0) / 1000));
  }
  return samples;
}

function packageSender(api, port) {
  const { sendto } = api;
  const { fd, to } = openSender(api, port);
  const tolen = to.bytes.byteLength;
  const msg = new Uint8Array(SIZE).fill(100);
  const samples = timedBatches(api, fd, () => {
    for (let k = 0; k < BATCH; k++) {
      if (sendto(fd, msg, SIZE, 0, to, tolen) !== SIZE) check(false, api, 'sendto');
    }
  });
  sendto(fd, new Uint8Array([113]), 1, 0, to, tolen);
  api.close(fd);
  return samples;
}

function batchSender(api, port) {
  const { sendmmsg } = api;
  const { fd, to } = openSender(api, port);
  // One batch, sent again and again: 32 messages of one 32-byte buffer each.
  const batch = Array.from({ length: BATCH }, () => ({ buffers: [new Uint8Array(SIZE).fill(100)], address: to }));
  const samples = timedBatches(api, fd, () => {
    if (sendmmsg(fd, batch, 0) !== BATCH) check(false, api, 'sendmmsg');
  });
  // The stop: a whole batch of 1-byte datagrams, since the receiver's recvmmsg waits for a whole batch.
  sendmmsg(
    fd,
    batch.map(() => ({ buffers: [new Uint8Array([113])], address: to })),
    0,
  );
  api.close(fd);
  return samples;
}

async function nodeSender(port) {
  const dgram = await import('node:dgram');
  const sock = dgram.createSocket('udp4');
  await new Promise((resolve) => sock.bind(0, '127.0.0.1', () => resolve(undefined)));
  const msg = Buffer.alloc(SIZE, 100);
  const samples = [];
  for (let r = -1; r < reps; r++) {
    const count = r < 0 ? warmCount() : n;
    const t0 = performance.now();
    await new Promise((resolve) => {
      let sent = 0;
      const batch = () => {
        for (let k = 0; k < BATCH; k++) sock.send(msg, port, '127.0.0.1');
        sent += BATCH;
      };
      const onAck = () => {
        if (sent >= count) {
          sock.off('message', onAck);
          resolve(undefined);
        } else batch();
      };
      sock.on('message', onAck);
      batch();
    });
    if (r >= 0) samples.push(count / ((performance.now() - t0) / 1000));
  }
  await new Promise((resolve) => sock.send(Buffer.from('q'), port, '127.0.0.1', resolve));
  sock.close();
  return samples;
}
