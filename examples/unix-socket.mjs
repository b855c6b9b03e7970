// A Unix stream socket in a temporary directory: a server accepts one client
// and answers its request; both sides use the Async variants. The socket file
// and its directory are removed at the end. POSIX only (makeUnixAddr).
//
//   node examples/unix-socket.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AF_UNIX,
  acceptAsync,
  bindAddr,
  close,
  connectAsync,
  createNativeSocket,
  IPPROTO_NONE,
  listen,
  makeUnixAddr,
  recvAsync,
  SOCK_STREAM,
  sendAsync,
} from 'nativesockets';

if (!makeUnixAddr) {
  console.log(`skipped: no Unix sockets on ${process.platform}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'nativesockets-example-'));
const path = join(dir, 'server.sock');
const signal = AbortSignal.timeout(5000);
const server = createNativeSocket(AF_UNIX, SOCK_STREAM, IPPROTO_NONE);
const client = createNativeSocket(AF_UNIX, SOCK_STREAM, IPPROTO_NONE);
try {
  const address = makeUnixAddr(path);
  if (bindAddr(server, address, address.bytes.byteLength) !== 0 || listen(server) !== 0)
    throw new Error('bind/listen failed');
  console.log(`listening on ${path}`);

  const serving = (async () => {
    const [conn, peer] = await acceptAsync(server, false, { signal });
    try {
      console.log(`server: client connected (peer address ${JSON.stringify(peer)}: an unnamed socket)`);
      const buf = new Uint8Array(256);
      const n = await recvAsync(conn, buf, buf.length, 0, { signal });
      const request = new TextDecoder().decode(buf.subarray(0, n));
      const reply = new TextEncoder().encode(`you said: ${request}`);
      await sendAsync(conn, reply, reply.length, 0, { signal });
    } finally {
      close(conn);
    }
  })();

  await connectAsync(client, address, address.bytes.byteLength, { signal });
  const request = new TextEncoder().encode('ping over a Unix socket');
  await sendAsync(client, request, request.length, 0, { signal });
  const inbox = new Uint8Array(256);
  const n = await recvAsync(client, inbox, inbox.length, 0, { signal });
  console.log(`client: ${new TextDecoder().decode(inbox.subarray(0, n))}`);
  await serving;
} finally {
  close(client);
  close(server);
  rmSync(dir, { recursive: true, force: true });
}
