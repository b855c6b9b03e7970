// Load, on the backend of this run: one process holds 10,000 concurrent
// loopback TCP connections and runs selectWrite / selectRead over all of them.
// The other ends live in a second process (each end is a descriptor, and the
// hard RLIMIT_NOFILE may be as low as 20000); both raise their soft limit in
// the shell that starts them. Four listeners share the connections (each
// listener's backlog is at most SOMAXCONN). The server closes its ends first,
// so TIME_WAIT stays on the listeners' ports and the 10,000 ephemeral ports
// the client used are free again at once. Full size in npm test and make soak.
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { assertDistFresh, backendOfRun, hardNofile, LineChild, REPO } from './support.js';

const LOAD = join(REPO, 'tests', 'robustness', 'children', 'load.mjs');
const backend = backendOfRun();
const CONNECTIONS = 10_000;
const LISTENERS = 4;
/** Each process needs its connections' descriptors plus a few dozen of Node's own. */
const NOFILE = CONNECTIONS + 512;
/** Bytes go to every SEND_EVERY-th connection. */
const SEND_EVERY = 7;

// The children raise RLIMIT_NOFILE with /bin/sh's ulimit: POSIX only.
const windows = process.platform === 'win32';
const notOnWindows = windows
  ? ' [skipped on Windows: raises RLIMIT_NOFILE through /bin/sh ulimit; Windows has neither]'
  : '';

describe.skipIf(windows)(`load [${backend}]${notOnWindows}`, () => {
  const children: LineChild[] = [];
  afterAll(() => {
    for (const c of children) c.kill();
  });

  test(`one process holds ${CONNECTIONS} loopback TCP connections; selectWrite and selectRead over all of them`, async (ctx) => {
    assertDistFresh();
    const hard = await hardNofile();
    if (hard < NOFILE) {
      console.warn(`load test skipped: the hard RLIMIT_NOFILE is ${hard}, it needs ${NOFILE}`);
      ctx.skip();
    }
    const server = new LineChild(LOAD, [backend, 'server', String(LISTENERS), String(CONNECTIONS)], { nofile: NOFILE });
    children.push(server);
    const { ports } = await server.next<{ ports: number[] }>(15_000);
    expect(ports).toHaveLength(LISTENERS);

    const client = new LineChild(LOAD, [backend, 'client', String(CONNECTIONS), ports.join(',')], { nofile: NOFILE });
    children.push(client);
    const connected = await client.next<{ connected: number; highestHandle: number; ms: number }>(60_000);
    expect(connected.connected).toBe(CONNECTIONS);
    // Handles far above FD_SETSIZE (1024), where Nim's select() overflows its fd_set.
    expect(connected.highestHandle).toBeGreaterThan(CONNECTIONS);
    const accepted = await server.next<{ accepted: number }>(60_000);
    expect(accepted.accepted).toBe(CONNECTIONS);

    client.send('select');
    const selected = await client.next<{
      writable: number;
      writeKept: number;
      readable: number;
      readKept: number;
      writeMs: number;
      readMs: number;
    }>(30_000);
    expect(selected).toMatchObject({ writable: CONNECTIONS, writeKept: CONNECTIONS, readable: 0, readKept: 0 });

    server.send(`send ${SEND_EVERY}`);
    const { sent } = await server.next<{ sent: number }>(30_000);
    expect(sent).toBe(Math.ceil(CONNECTIONS / SEND_EVERY));
    client.send(`read ${sent}`);
    const read = await client.next<{ readable: number; bytes: number; readableAfterRead: number }>(30_000);
    expect(read).toMatchObject({ readable: sent, bytes: sent, readableAfterRead: 0 });
    console.log(
      JSON.stringify({
        backend,
        connectMs: connected.ms,
        selectWriteMs: selected.writeMs,
        selectReadMs: selected.readMs,
        ...read,
      }),
    );

    server.send('close');
    expect((await server.next<{ closed: number }>(30_000)).closed).toBe(CONNECTIONS);
    client.send('close');
    expect((await client.next<{ closed: number }>(30_000)).closed).toBe(CONNECTIONS);
    for (const c of [server, client]) expect(await c.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
