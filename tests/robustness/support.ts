// Shared by the robustness tests: they run their calls in child processes (a
// crash must fail a test, not the run), and children run the compiled package
// in dist/, so dist/ must be as new as the sources it is built from.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendChoiceFromEnv, resolveChoice } from '../../runtime/backendChoice.js';
import { type BackendName, isNapiBuilt } from '../../runtime/backends.js';
import { lineSplitter } from '../support/common.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    if (d.isDirectory()) {
      if (d.name !== 'tests' && d.name !== 'napi') out.push(...sources(path));
    } else if (d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Throws, saying what to run, when a file of runtime/ or generated/ is newer than its build in dist/. */
export function assertDistFresh(): void {
  for (const src of [...sources(join(REPO, 'runtime')), ...sources(join(REPO, 'generated'))]) {
    const rel = relative(REPO, src);
    const built = join(REPO, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(src).mtimeMs) {
      throw new Error(
        `dist/ is older than ${rel}: the robustness tests run dist/ in child processes; run \`npm run build:ts\` (or \`make generate\`)`,
      );
    }
  }
}

/**
 * Node's flags for a child of this runtime: Deno runs a script with `run` (it
 * rewrites a spawned `deno script.mjs` into `deno run -A`, but drops V8 flags),
 * and takes V8's flags as --v8-flags.
 */
function runtimeFlags(nodeArgs: string[]): string[] {
  if ((globalThis as { Deno?: unknown }).Deno === undefined) return nodeArgs;
  const v8 = nodeArgs.filter((a) => a === '--expose-gc');
  return ['run', '-A', '--quiet', ...(v8.length > 0 ? [`--v8-flags=${v8.join(',')}`] : [])];
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs `node script args` (or, with `shell`, a sh -c command line) and waits
 * for it, killing it after `timeoutMs`. stdout and stderr are collected.
 */
export function runNode(
  script: string,
  args: string[],
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; input?: string; nodeArgs?: string[]; nofile?: number } = {
    timeoutMs: 60_000,
  },
): Promise<ChildResult> {
  const nodeArgs = [...runtimeFlags(opts.nodeArgs ?? []), script, ...args];
  // The soft limit is raised in the shell that execs node (a process may raise
  // its own soft limit up to the hard one, and node has no call for it).
  const [file, argv] = opts.nofile
    ? ['/bin/sh', ['-c', `ulimit -n ${opts.nofile} && exec "$0" "$@"`, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, argv as string[], {
      cwd: REPO,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** The last JSON line a child printed (its report). */
export function lastJson<T>(r: ChildResult): T {
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  const last = lines[lines.length - 1];
  if (last === undefined) {
    throw new Error(
      `the child printed no report (exit ${r.code}, signal ${r.signal}${r.timedOut ? ', killed after its time limit' : ''})\n${r.stderr.slice(-4000)}`,
    );
  }
  return JSON.parse(last) as T;
}

/** The hard RLIMIT_NOFILE of this process (children inherit it). */
export async function hardNofile(): Promise<number> {
  const r = await runShell('ulimit -Hn');
  const text = r.stdout.trim();
  return text === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(text);
}

function runShell(command: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, timedOut: false }));
  });
}

/** How a child ended, for assertion messages. */
export function describeExit(r: ChildResult): string {
  return `exit code ${r.code}, signal ${r.signal}${r.timedOut ? ' (killed: time limit)' : ''}\nstderr:\n${r.stderr.slice(-4000)}`;
}

/** A child driven over stdin/stdout, one JSON line per step. */
export class LineChild {
  private readonly lines: string[] = [];
  private waiting: (() => void) | undefined;
  private stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child;

  constructor(script: string, args: string[], opts: { nofile?: number } = {}) {
    const nodeArgs = [script, ...args];
    const [file, argv] = opts.nofile
      ? ['/bin/sh', ['-c', `ulimit -n ${opts.nofile} && exec "$0" "$@"`, process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    this.child = spawn(file as string, argv as string[], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    const split = lineSplitter((line) => this.lines.push(line));
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      split(d);
      this.waiting?.();
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.waiting?.();
        resolve({ code, signal });
      });
    });
  }

  /** The next JSON line, within `timeoutMs`; throws with the child's stderr otherwise. */
  async next<T = Record<string, unknown>>(timeoutMs: number): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        const value = JSON.parse(line) as T & { error?: string };
        if (value.error) throw new Error(`child: ${value.error}\n${this.stderr}`);
        return value;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `the child ended (exit ${this.child.exitCode}, signal ${this.child.signalCode}) before its next report\n${this.stderr}`,
        );
      }
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no report from the child within ${timeoutMs} ms\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve();
        };
      });
    }
  }

  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** The backend this run tests: NATIVESOCKETS_BACKEND as the main entry reads it. */
export function backendOfRun(): BackendName {
  return resolveChoice(backendChoiceFromEnv(process.env['NATIVESOCKETS_BACKEND']), isNapiBuilt());
}

/** `make soak` sets NATIVESOCKETS_SOAK=1: the full sizes. npm test runs the sizes marked scaled down. */
export const SOAK = process.env['NATIVESOCKETS_SOAK'] === '1';
