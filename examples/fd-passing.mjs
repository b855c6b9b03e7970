// Passing a socket between two processes over a Unix socket (SCM_RIGHTS):
// the child makes a UDP socket bound to 127.0.0.1, sends its descriptor to
// the parent with sendmsg and exits; the parent receives it with recvmsg
// (close-on-exec set) and uses it as its own. POSIX only (sendmsg, Unix sockets).
//
//   node examples/fd-passing.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AF_INET,
  AF_UNIX,
  acceptAsync,
  bindAddr,
  close,
  connect,
  createNativeSocket,
  getLocalAddr,
  IPPROTO_NONE,
  IPPROTO_UDP,
  listen,
  makeUnixAddr,
  Port,
  recvfrom,
  recvmsgAsync,
  SOCK_DGRAM,
  SOCK_STREAM,
  Sockaddr_storage,
  sendmsg,
  sendto,
  sockAddr,
} from 'nativesockets';

if (!sendmsg || !recvmsgAsync || !makeUnixAddr) {
  console.log(`skipped: no sendmsg or Unix sockets on ${process.platform}`);
  process.exit(0);
}

const text = (bytes, n) => new TextDecoder().decode(bytes.subarray(0, n));

if (process.argv[2] === '--child') {
  // The child: connect to the parent, make a bound UDP socket, pass it, exit.
  const path = process.argv[3];
  const unix = createNativeSocket(AF_UNIX, SOCK_STREAM, IPPROTO_NONE);
  const to = makeUnixAddr(path);
  if (connect(unix, to, to.bytes.byteLength) !== 0) throw new Error('child: connect failed');
  const udp = createNativeSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  const local = sockAddr('127.0.0.1', Port(0));
  if (bindAddr(udp, local, local.bytes.byteLength) !== 0) throw new Error('child: bind failed');
  const [host, port] = getLocalAddr(udp, AF_INET);
  const note = new TextEncoder().encode(`${host}:${port} from pid ${process.pid}`);
  if (sendmsg(unix, { buffers: [note], fds: [udp] }, 0) !== note.length) throw new Error('child: sendmsg failed');
  // The parent holds its own descriptor now: the child's copies can go.
  close(udp);
  close(unix);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'nativesockets-example-'));
const path = join(dir, 'parent.sock');
const signal = AbortSignal.timeout(10000);
const server = createNativeSocket(AF_UNIX, SOCK_STREAM, IPPROTO_NONE);
try {
  const address = makeUnixAddr(path);
  if (bindAddr(server, address, address.bytes.byteLength) !== 0 || listen(server, 1) !== 0)
    throw new Error('bind/listen failed');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', path], { stdio: 'inherit' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const [conn] = await acceptAsync(server, false, { signal });
  try {
    const buf = new Uint8Array(128);
    const got = await recvmsgAsync(conn, { buffers: [buf], maxFds: 1 }, 0, { signal });
    console.log(`parent: received ${got.fds.length} descriptor(s) with "${text(buf, got.bytes)}"`);
    const [udp] = got.fds;
    if (udp === undefined) throw new Error('no descriptor arrived');
    console.log(`child exited with code ${await exited}`);
    try {
      // The child is gone; its socket lives on here, bound where the child bound it.
      const [host, port] = getLocalAddr(udp, AF_INET);
      console.log(`parent: the passed socket is bound to ${host}:${port}`);
      const self = sockAddr(host, port);
      const ping = new TextEncoder().encode('ping through a passed socket');
      sendto(udp, ping, ping.length, 0, self, self.bytes.byteLength);
      const from = new Sockaddr_storage();
      const n = recvfrom(udp, buf, buf.length, 0, from, { value: Sockaddr_storage.size });
      console.log(`parent: received "${text(buf, n)}"`);
    } finally {
      close(udp);
    }
  } finally {
    close(conn);
  }
} finally {
  close(server);
  rmSync(dir, { recursive: true, force: true });
}
