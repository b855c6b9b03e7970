// nativesockets and Node's own sockets together (POSIX):
//  1. a Node server's descriptor, read back with `server._handle.fd`, works
//     with the blocking procs (Node still owns it: never close it yourself,
//     and do not pass it to an Async variant, which would reject with EEXIST:
//     libuv watches a descriptor once);
//  2. a socket made here and connected with connectAsync is handed to Node
//     with `new net.Socket({ fd })`, which owns (and closes) it from then on;
//  3. an AddrInfo is disposable: `using ai = getAddrInfo(...)` in TypeScript
//     (or a runtime with `using`), `ai[Symbol.dispose]()` in a finally here.
//
//   node examples/node-interop.mjs
import net from 'node:net';
import {
  AF_INET,
  connectAsync,
  createNativeSocket,
  getAddrInfo,
  getLocalAddr,
  getSockOptInt,
  htonl,
  htons,
  Port,
  SO_REUSEADDR,
  SOL_SOCKET,
  Sockaddr_in,
  toInt,
} from 'nativesockets';

if (process.platform === 'win32') {
  console.log('skipped: server._handle.fd and net.Socket({ fd }) are POSIX only');
  process.exit(0);
}

const server = net.createServer((conn) => conn.on('data', (d) => conn.end(`node server got: ${d}`)));
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));

// 1. The server's descriptor, read back (an internal field of Node, stable on POSIX for years).
// @ts-expect-error -- _handle is internal to Node, so its typings do not list it.
const fd = server._handle.fd;
const [host, port] = getLocalAddr(fd, AF_INET);
console.log(
  `Node's server fd ${fd}: listening on ${host}:${port}, SO_REUSEADDR=${getSockOptInt(fd, SOL_SOCKET, SO_REUSEADDR)}`,
);

// 2. Our socket, connected asynchronously, then handed over to Node.
const s = createNativeSocket();
const to = new Sockaddr_in();
to.sin_family = toInt(AF_INET);
to.sin_addr.s_addr = htonl(0x7f000001);
to.sin_port = htons(port);
await connectAsync(s, to, Sockaddr_in.size, { signal: AbortSignal.timeout(5000) });
const socket = new net.Socket({ fd: s, readable: true, writable: true });
socket.end('hello from a nativesockets handle');
for await (const chunk of socket) console.log(`net.Socket({ fd: ${s} }) read: ${chunk}`);
server.close();

// 3. An AddrInfo owns its C list until it is disposed.
const ai = getAddrInfo('localhost', Port(80));
try {
  for (const node of ai)
    console.log(`localhost -> family ${node.ai_family}, socktype ${node.ai_socktype}, ${node.ai_addrlen}-byte address`);
} finally {
  ai[Symbol.dispose]();
}
