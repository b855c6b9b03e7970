// A TCP echo server on 127.0.0.1, written with the Async variants: it waits
// for connections and data in Node's event loop, serving every client at once.
//
//   node examples/tcp-echo-server.mjs [port] [--clients N]
//
// Prints `listening on 127.0.0.1:PORT`, then echoes every byte back to its
// sender. With --clients N it stops after serving N clients (the test uses
// that); otherwise Ctrl-C stops it (an AbortSignal cancels the pending accept).

import { parseArgs } from 'node:util';
import {
  AF_INET,
  acceptAsync,
  bindAddr,
  close,
  createNativeSocket,
  getSockName,
  htonl,
  htons,
  IPPROTO_TCP,
  listen,
  osErrorMsg,
  osInvalidSocket,
  osLastError,
  recvAsync,
  SO_REUSEADDR,
  SOCK_STREAM,
  SOL_SOCKET,
  Sockaddr_in,
  sendAsync,
  setSockOptInt,
  toInt,
} from 'nativesockets';

const { values, positionals } = parseArgs({ options: { clients: { type: 'string' } }, allowPositionals: true });
const port = Number(positionals[0] ?? 0);
const maxClients = values.clients === undefined ? Infinity : Number(values.clients);

const server = createNativeSocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
if (server === osInvalidSocket) throw new Error(`socket: ${osErrorMsg(osLastError())}`);
setSockOptInt(server, SOL_SOCKET, SO_REUSEADDR, 1);
const address = new Sockaddr_in();
address.sin_family = toInt(AF_INET);
address.sin_addr.s_addr = htonl(0x7f000001); // 127.0.0.1: loopback only
address.sin_port = htons(port);
if (bindAddr(server, address, Sockaddr_in.size) !== 0 || listen(server) !== 0) {
  throw new Error(`bind/listen: ${osErrorMsg(osLastError())}`);
}
console.log(`listening on 127.0.0.1:${getSockName(server)}`);

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

/** Echoes one client until it closes its side. */
async function serve(client, peer) {
  const buf = new Uint8Array(4096);
  try {
    for (;;) {
      const n = await recvAsync(client, buf, buf.length, 0, { signal: stop.signal });
      if (n === 0) break; // the client closed its side
      for (let sent = 0; sent < n; ) sent += await sendAsync(client, buf.subarray(sent), n - sent, 0);
    }
  } finally {
    close(client);
    console.log(`closed ${peer}`);
  }
}

const sessions = [];
try {
  for (let served = 0; served < maxClients; served++) {
    const [client, peer] = await acceptAsync(server, false, { signal: stop.signal });
    console.log(`client from ${peer}`);
    sessions.push(serve(client, peer).catch((e) => console.error(`${peer}: ${e.message}`)));
  }
} catch (e) {
  if (e.name !== 'AbortError') throw e;
} finally {
  await Promise.all(sessions);
  close(server);
}
console.log('server done');
