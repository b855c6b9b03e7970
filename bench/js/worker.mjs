// The server side of the TCP and UDP benchmarks, run in a worker thread (the
// client runs on the main thread), for every implementation: the package's
// napi or koffi backend with blocking calls, or Node's net / dgram.
// workerData: { impl: 'napi' | 'koffi' | 'node', kind: 'pingpong' | 'bulk' | 'udp' | 'udpBatch', repBytes, batch }
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('bench/js/worker.mjs runs as a worker thread');
const port = parentPort;

import { check, loadPackage, loopback, noDelay } from './common.mjs';

const { impl, kind, repBytes, batch } = workerData;
const CHUNK = 65536;

if (impl === 'node') await nodeServer();
else packageServer(await loadPackage(impl));

function packageServer(api) {
  if (kind === 'udp') return packageUdp(api);
  if (kind === 'udpBatch') return packageUdpBatch(api);
  const { recv, send } = api;
  const ls = api.createNativeSocket(api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP);
  check(ls !== api.osInvalidSocket, api, 'createNativeSocket');
  api.setSockOptInt(ls, api.SOL_SOCKET, api.SO_REUSEADDR, 1);
  const sa = loopback(api, 0);
  check(api.bindAddr(ls, sa, sa.bytes.byteLength) === 0, api, 'bindAddr');
  check(api.listen(ls) === 0, api, 'listen');
  port.postMessage(api.getSockName(ls));
  const [c] = api.accept(ls);
  check(c !== api.osInvalidSocket, api, 'accept');
  noDelay(api, c);
  if (kind === 'pingpong') {
    const b = new Uint8Array(1);
    while (recv(c, b, 1, 0) === 1) {
      if (send(c, b, 1, 0) !== 1) break;
    }
  } else {
    const buf = new Uint8Array(CHUNK);
    const ack = new Uint8Array([107]);
    let got = 0;
    for (;;) {
      const n = recv(c, buf, CHUNK, 0);
      if (n <= 0) break;
      got += n;
      while (got >= repBytes) {
        got -= repBytes;
        check(send(c, ack, 1, 0) === 1, api, 'send ack');
      }
    }
  }
  api.close(c);
  api.close(ls);
}

function packageUdp(api) {
  const { recvfrom, sendto } = api;
  const fd = api.createNativeSocket(api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
  check(fd !== api.osInvalidSocket, api, 'createNativeSocket');
  const sa = loopback(api, 0);
  check(api.bindAddr(fd, sa, sa.bytes.byteLength) === 0, api, 'bindAddr');
  port.postMessage(api.getSockName(fd));
  const buf = new Uint8Array(2048);
  const from = new api.Sockaddr_storage();
  const fromlen = { value: 0 };
  const ack = new Uint8Array([107]);
  let count = 0;
  for (;;) {
    fromlen.value = from.bytes.byteLength;
    const n = recvfrom(fd, buf, buf.byteLength, 0, from, fromlen);
    check(n >= 0, api, 'recvfrom');
    if (n === 1) break; // the sender's "stop"
    if (++count % batch === 0) check(sendto(fd, ack, 1, 0, from, fromlen.value) === 1, api, 'sendto ack');
  }
  api.close(fd);
}

/** The UDP receiver with recvmmsg: a whole batch per call (blocking until all of it arrived). */
function packageUdpBatch(api) {
  const fd = api.createNativeSocket(api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
  check(fd !== api.osInvalidSocket, api, 'createNativeSocket');
  const sa = loopback(api, 0);
  check(api.bindAddr(fd, sa, sa.bytes.byteLength) === 0, api, 'bindAddr');
  port.postMessage(api.getSockName(fd));
  const ack = new Uint8Array([107]);
  let count = 0;
  for (;;) {
    const got = api.recvmmsg(fd, batch, 2048, 0);
    check(got.length > 0, api, 'recvmmsg');
    if (got[got.length - 1].data.byteLength === 1) break; // the sender's "stop"
    count += got.length;
    if (count % batch === 0) {
      const [host, port] = got[got.length - 1].address;
      const to = api.sockAddr(host, port);
      check(api.sendto(fd, ack, 1, 0, to, to.bytes.byteLength) === 1, api, 'sendto ack');
    }
  }
  api.close(fd);
}

async function nodeServer() {
  if (kind === 'udp') {
    const dgram = await import('node:dgram');
    const sock = dgram.createSocket('udp4');
    const ack = Buffer.from('k');
    let count = 0;
    sock.on('message', (msg, rinfo) => {
      if (msg.length === 1) return sock.close();
      if (++count % batch === 0) sock.send(ack, rinfo.port, rinfo.address);
    });
    sock.bind(0, '127.0.0.1', () => port.postMessage(sock.address().port));
    return;
  }
  const net = await import('node:net');
  const ack = Buffer.from('k');
  const server = net.createServer((sock) => {
    sock.setNoDelay(true);
    server.close();
    if (kind === 'pingpong') {
      sock.on('data', (d) => sock.write(d));
    } else {
      let got = 0;
      sock.on('data', (d) => {
        got += d.length;
        while (got >= repBytes) {
          got -= repBytes;
          sock.write(ack);
        }
      });
    }
    sock.on('end', () => sock.end());
    sock.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () =>
    port.postMessage(/** @type {import('node:net').AddressInfo} */ (server.address()).port),
  );
}
