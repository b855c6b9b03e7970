// Every example in examples/ runs, on each backend, as a user would run it:
// `node examples/NAME.mjs` importing the built package by its name. Each run is
// bounded (a hung example is killed and fails) and uses loopback addresses or
// a temporary directory only.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { RUNTIME, scriptCommand, skippedHere } from '../support/runtimes.js';
import { stderrWithoutBunWineNoise } from '../support/wine.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// NATIVESOCKETS_EXAMPLES_DIR: copies of the examples in another project, which
// import the package installed there (make test-package: the packed tarball).
const EXAMPLES = process.env['NATIVESOCKETS_EXAMPLES_DIR'] ?? join(REPO, 'examples');
const CWD = dirname(EXAMPLES);
const LIMIT_MS = 15_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(backend: string, name: string, args: string[] = []): ChildProcess {
  const command = scriptCommand(join(EXAMPLES, name), args);
  return spawn(command.file, command.args, {
    cwd: CWD,
    env: { ...process.env, NATIVESOCKETS_BACKEND: backend },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for the process to end, killing it after LIMIT_MS. */
function finish(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${LIMIT_MS} ms]`;
      child.kill('SIGKILL');
    }, LIMIT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const run = (backend: string, name: string, args: string[] = []) => finish(start(backend, name, args));

/** An example's run that ended well: exit code 0, nothing on stderr. */
function clean<R extends { code: number | null; stderr: string }>(r: R): R {
  expect(stderrWithoutBunWineNoise(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return r;
}

const runClean = async (backend: string, name: string, args: string[] = []) => clean(await run(backend, name, args));

/** The first line of stdout matching `pattern`, waiting at most LIMIT_MS. */
function lineOf(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in: ${seen}`)), LIMIT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

/** Whether 'nativesockets' resolves from the examples (in this repo: once `npm run build` made dist/). */
function resolvable(): boolean {
  try {
    createRequire(join(EXAMPLES, 'resolve.mjs')).resolve('nativesockets');
    return true;
  } catch {
    return false;
  }
}
const built = resolvable();

/** capsh can drop CAP_NET_RAW for a child (Linux, when it is installed and allowed to). */
const hasCapsh =
  process.platform === 'linux' && spawnSync('capsh', ['--drop=cap_net_raw', '--', '-c', 'true']).status === 0;

describe.each(BACKENDS_UNDER_TEST)('examples [%s]', (backend) => {
  test('the package is built (the examples import it by name: run `npm run build`)', () => {
    expect(built).toBe(true);
  });

  test.runIf(built)('tcp-echo-server.mjs + tcp-echo-client.mjs: the client gets every message back', async () => {
    const server = start(backend, 'tcp-echo-server.mjs', ['--clients', '1']);
    const serverDone = finish(server);
    const [, port] = await lineOf(server, /listening on 127\.0\.0\.1:(\d+)/);
    const client = await runClean(backend, 'tcp-echo-client.mjs', [port!, 'hello', 'echo world']);
    expect(client.stdout).toBe('echo: hello\necho: echo world\n');
    const s = clean(await serverDone);
    expect(s.stdout).toMatch(/client from 127\.0\.0\.1\nclosed 127\.0\.0\.1\nserver done\n$/);
  });

  test.runIf(built)('udp.mjs: three datagrams arrive with their sender address', async () => {
    const r = await runClean(backend, 'udp.mjs');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries())
      expect(line).toMatch(new RegExp(`^received "${['one', 'two', 'three'][i]}" from 127\\.0\\.0\\.1:\\d+$`));
  });

  test.runIf(built && process.platform !== 'win32')(
    `unix-socket.mjs: a request and its answer over a socket in a temporary directory${process.platform !== 'win32' ? '' : ' [skipped on Windows: no Unix sockets (makeUnixAddr) on Windows, as in Nim]'}`,
    async () => {
      const r = await runClean(backend, 'unix-socket.mjs');
      const path = r.stdout.match(/listening on (.*)\n/)?.[1];
      expect(path).toBeDefined();
      expect(existsSync(path!), 'the temporary directory is removed').toBe(false);
      expect(r.stdout).toContain('client: you said: ping over a Unix socket\n');
    },
  );

  test.runIf(built && process.platform !== 'win32')(
    'fd-passing.mjs: a socket made by a child process is passed to the parent and works there' +
      (process.platform !== 'win32' ? '' : ' [skipped on Windows: no sendmsg / SCM_RIGHTS]'),
    async () => {
      const r = await runClean(backend, 'fd-passing.mjs');
      expect(r.stdout).toMatch(/parent: received 1 descriptor\(s\) with "127\.0\.0\.1:(\d+) from pid \d+"\n/);
      const port = r.stdout.match(/"127\.0\.0\.1:(\d+) from/)![1];
      expect(r.stdout).toContain('child exited with code 0\n');
      expect(r.stdout).toContain(`parent: the passed socket is bound to 127.0.0.1:${port}\n`);
      expect(r.stdout).toContain('parent: received "ping through a passed socket"\n');
    },
  );

  test.runIf(built && process.platform !== 'win32')(
    'udp-batch-echo.mjs: 64 datagrams out in batches of 32 and every one echoed back' +
      (process.platform !== 'win32' ? '' : ' [skipped on Windows: no sendmmsg / sendmsg]'),
    async () => {
      const r = await runClean(backend, 'udp-batch-echo.mjs');
      expect(r.stdout).toContain('client: sent 64, got 64 distinct echoes back\n');
      expect(r.stdout).toContain('server: echoed 64\n');
    },
  );

  test.runIf(built)(
    'icmp-ping.mjs: an echo reply for every request, or skipped with a message without CAP_NET_RAW',
    async () => {
      const r = await runClean(backend, 'icmp-ping.mjs', ['2']);
      if (r.stdout.startsWith('skipped:')) {
        expect(r.stdout).toMatch(/^skipped: a raw ICMP socket needs CAP_NET_RAW/);
        console.log(`[${backend}] icmp-ping.mjs: ${r.stdout.trim()}`);
      } else {
        expect(r.stdout).toMatch(/bytes from 127\.0\.0\.1: icmp_seq=1 /);
        expect(r.stdout).toMatch(/bytes from 127\.0\.0\.1: icmp_seq=2 /);
        expect(r.stdout).toContain('2 packets transmitted, 2 received');
      }
    },
  );

  test.runIf(built && hasCapsh)(
    'icmp-ping.mjs without CAP_NET_RAW (capsh --drop=cap_net_raw): skipped with a clear message, exit 0',
    async () => {
      const command = scriptCommand(join(EXAMPLES, 'icmp-ping.mjs'), ['1']);
      const child = spawn(
        'capsh',
        ['--drop=cap_net_raw', '--', '-c', 'exec "$0" "$@"', command.file, ...command.args],
        {
          cwd: CWD,
          env: { ...process.env, NATIVESOCKETS_BACKEND: backend },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const r = clean(await finish(child));
      expect(r.stdout).toBe('skipped: a raw ICMP socket needs CAP_NET_RAW (Operation not permitted)\n');
    },
  );

  // Node's own interop: Bun's net.Socket({ fd }) does not read from a descriptor it did not open, Deno's net.Server has no _handle.fd.
  test.runIf(built && process.platform !== 'win32' && RUNTIME === 'node')(
    'node-interop.mjs: a Node server fd read back, a handle given to net.Socket, a disposed AddrInfo' +
      (process.platform !== 'win32'
        ? ''
        : ' [skipped on Windows: net.Socket({ fd }) takes a C runtime descriptor there, not a SOCKET, and server._handle.fd is -1]') +
      skippedHere(
        RUNTIME !== 'node',
        RUNTIME === 'bun'
          ? 'net.Socket({ fd }) does not read from a descriptor it did not open'
          : 'a net.Server has no _handle.fd',
      ),
    async () => {
      const r = await runClean(backend, 'node-interop.mjs');
      expect(r.stdout).toMatch(/^Node's server fd \d+: listening on 127\.0\.0\.1:\d+, SO_REUSEADDR=1\n/);
      expect(r.stdout).toMatch(
        /net\.Socket\(\{ fd: \d+ \}\) read: node server got: hello from a nativesockets handle\n/,
      );
      expect(r.stdout).toMatch(/localhost -> family \d+, socktype \d+, 16-byte address\n/);
    },
  );
});
