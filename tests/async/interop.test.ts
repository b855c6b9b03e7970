// What Node users expect around the Async variants: `using` on an AddrInfo,
// a handle given to Node (`new net.Socket({ fd })`, which then owns it), a
// Node server's descriptor read back (`server._handle.fd` on POSIX, still
// owned by Node), and the Async variants inside a worker thread (which runs the
// built package, dist/).
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { RUNTIME, skippedHere, waiterKind } from '../support/runtimes.js';
import { type Api, bytes, type Handle, isPosix, type Sockets, useSockets } from '../support/scenario.js';

// Bun's net.Socket({ fd }) never reads from a descriptor it did not open; Deno's net.Server has no _handle.fd.
const noSocketFromFd = RUNTIME === 'bun';
const noHandleFd = RUNTIME === 'deno';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST_ENTRY = (backend: string) => join(REPO, 'dist', 'generated', 'entries', `${backend}.js`);
const url = (path: string) => pathToFileURL(path).href;

describe.each(BACKENDS_UNDER_TEST)('Node interop [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  test('using: the AddrInfo is freed when its block ends, even by an exception', () => {
    let kept: ReturnType<Api['getAddrInfo']> | undefined;
    {
      using ai = api.getAddrInfo('127.0.0.1', api.Port(80));
      kept = ai;
      expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
    }
    expect(() => kept!.ai_family, 'freed at the end of the block').toThrow(api.ValueError);
    expect(() => {
      using ai = api.getAddrInfo('localhost', api.Port(80));
      kept = ai;
      throw new Error('leaving early');
    }).toThrow('leaving early');
    expect(() => kept!.ai_addr).toThrow(api.ValueError);
    // Freed already: freeAddrInfo says so, and disposing again is a no-op.
    expect(() => api.freeAddrInfo(kept!)).toThrow(api.ValueError);
    expect(() => kept![Symbol.dispose]()).not.toThrow();
  });

  test.skipIf(!isPosix || noSocketFromFd)(
    'new net.Socket({ fd }) takes over a connected handle: Node reads what the peer sends' +
      (isPosix ? '' : ' [skipped on Windows: net.Socket({ fd }) takes a C runtime descriptor there, not a SOCKET]') +
      skippedHere(noSocketFromFd, 'net.Socket({ fd }) does not read from a descriptor it did not open'),
    async () => {
      const { s, port } = sockets.listener();
      const client = sockets.tcp();
      const to = sockets.inet4(port);
      expect(api.connect(client, to, to.bytes.byteLength)).toBe(0);
      // Not tracked: the net.Socket owns (and closes) it from here on.
      const [conn] = api.accept(s);
      const socket = new net.Socket({ fd: conn, readable: true, writable: true });
      const received = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
      expect(api.send(client, bytes('to node'), 7, 0)).toBe(7);
      await expect(received).resolves.toBe('to node');
      const back = new Uint8Array(16);
      socket.write('from node');
      await expect(api.recvAsync(client, back, 16, 0)).resolves.toBe(9);
      await new Promise<void>((r) => socket.destroy().once('close', () => r()));
    },
  );

  test.skipIf(!isPosix || noSocketFromFd)(
    'a handle whose Async calls are over (settled in a poll callback, or aborted by a timer) can go to net.Socket at once' +
      (isPosix ? '' : ' [skipped on Windows: net.Socket({ fd }) takes a C runtime descriptor there, not a SOCKET]') +
      skippedHere(noSocketFromFd, 'net.Socket({ fd }) does not read from a descriptor it did not open'),
    async () => {
      const { s, port } = sockets.listener();
      const to = sockets.inet4(port);
      for (const ending of ['data', 'timer'] as const) {
        const client = sockets.tcp();
        expect(api.connect(client, to, to.bytes.byteLength)).toBe(0);
        const [conn] = api.accept(s);
        const buf = new Uint8Array(4);
        if (ending === 'data') {
          const got = api.recvAsync(conn, buf, 4, 0);
          setTimeout(() => api.send(client, bytes('x'), 1, 0), 10);
          await expect(got).resolves.toBe(1);
        } else {
          await expect(api.recvAsync(conn, buf, 4, 0, { signal: AbortSignal.timeout(20) })).rejects.toMatchObject({
            name: 'AbortError',
          });
        }
        // Not tracked: the net.Socket owns the handle from here on.
        const socket = new net.Socket({ fd: conn, readable: true, writable: true });
        try {
          const received = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
          // Sent a few loop turns later, once libuv has registered Node's watcher: it must still be registered.
          await new Promise((r) => setTimeout(r, 30));
          expect(api.send(client, bytes('still heard'), 11, 0)).toBe(11);
          const timeout = new Promise((r) => setTimeout(() => r('Node never saw the data'), 2000));
          await expect(Promise.race([received, timeout]), `after a wait that ended by ${ending}`).resolves.toBe(
            'still heard',
          );
        } finally {
          await new Promise<void>((r) => socket.destroy().once('close', () => r()));
        }
      }
    },
  );

  test.skipIf(!isPosix || noHandleFd)(
    "a Node server's descriptor (server._handle.fd) works with the blocking procs; Node keeps it" +
      (isPosix ? '' : ' [skipped on Windows: server._handle.fd is -1 there]') +
      skippedHere(noHandleFd, 'a net.Server has no _handle.fd'),
    async () => {
      const server = net.createServer((c) => c.end('hi'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const fd = (server as unknown as { _handle: { fd: number } })._handle.fd as Handle;
        const port = (server.address() as net.AddressInfo).port;
        expect(api.getLocalAddr(fd, api.AF_INET)).toEqual(['127.0.0.1', port]);
        expect(api.getSockDomain(fd)).toBe(api.AF_INET);
        expect(api.getSockOptInt(fd, api.SOL_SOCKET, api.SO_REUSEADDR)).toBe(1);
        // A client of our own, served by Node; closed before the server, which waits for its connections.
        const client = api.createNativeSocket();
        try {
          const to = sockets.inet4(port);
          await expect(api.connectAsync(client, to, to.bytes.byteLength)).resolves.toBe(0);
          const buf = new Uint8Array(8);
          await expect(api.recvAsync(client, buf, 8, 0)).resolves.toBe(2);
        } finally {
          api.close(client);
        }
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
  );
});

const built = BACKENDS_UNDER_TEST.every((b) => existsSync(DIST_ENTRY(b)));

/** A script (ESM, run with the built package) that receives one byte through recvAsync and prints the waiter. */
function recvScript(entry: string): string {
  return `
    const ns = await import(${JSON.stringify(url(entry))});
    const { asyncState } = await import(${JSON.stringify(url(join(REPO, 'dist', 'runtime', 'async', 'index.js')))});
    const at = (port) => { const a = new ns.Sockaddr_in(); a.sin_family = ns.toInt(ns.AF_INET); a.sin_addr.s_addr = ns.htonl(0x7f000001); a.sin_port = ns.htons(port); return a; };
    const l = ns.createNativeSocket();
    ns.bindAddr(l, at(0), ns.Sockaddr_in.size); ns.listen(l);
    const accepted = ns.acceptAsync(l);
    const c = ns.createNativeSocket();
    await ns.connectAsync(c, at(ns.getSockName(l)), ns.Sockaddr_in.size);
    const [s] = await accepted;
    const buf = new Uint8Array(4);
    const got = ns.recvAsync(s, buf, 4, 0);
    setTimeout(() => ns.send(c, Uint8Array.of(7), 1, 0), 10);
    const n = await got;
    const kind = asyncState(ns).kind;
    for (const h of [s, c, l]) ns.close(h);
    return { n, byte: buf[0], kind };
  `;
}

describe.skipIf(!built)('the Async variants off the main thread', () => {
  test.each(BACKENDS_UNDER_TEST)(
    "[%s] recvAsync inside a worker thread waits on that thread's loop",
    async (backend) => {
      const code = `
      import { parentPort } from 'node:worker_threads';
      const run = async () => { ${recvScript(DIST_ENTRY(backend))} };
      run().then((r) => parentPort.postMessage(r), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
    `;
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
      const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(result).toEqual({ n: 1, byte: 7, kind: waiterKind(backend) });
    },
  );
});
