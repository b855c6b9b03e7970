// Turns the generated bad-input matrix (generated/tests/badInput.test.ts) into
// tests. The calls run in child processes, one per backend under test
// (child.mjs), all before the tests; a child that dies is restarted after the
// call it died in, which is recorded as a crash. Each test then checks one
// call: the outcome its expectation names, on every backend, and the same
// outcome on both.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { currentPlatform } from '../../../runtime/platform.js';
import { TESTABLE_BACKENDS, UNAVAILABLE_BACKENDS } from '../../support/backends.js';
import { lineSplitter, stallWatchdog } from '../../support/common.mjs';
import { assertDistFresh, REPO } from '../support.js';

export type BadInputExpect = 'TypeError' | 'RangeError' | 'ValueError' | 'AbortError' | 'accepts' | 'sameAsZero';

export interface BadInputCase {
  proc: string;
  /** The parameter under test ('' for the all-valid baseline of an overload). */
  param: string;
  type: string;
  what: string;
  /** JavaScript source of the arguments. */
  args: string;
  expect: BadInputExpect;
  /** For sameAsZero: the same call with 0 where `args` has -0. */
  zeroArgs?: string;
  platforms?: string[];
}

export interface BadInputProc {
  raises: string[];
  platforms: string[] | null;
  returnsHandle: boolean;
}

type Outcome =
  | { r: unknown }
  | { t: string; code?: string; msg: string }
  | { h: string }
  | { crashed: string }
  | { hung: true };

type Result = Outcome & { z?: Outcome };

const CHILD = join(REPO, 'tests', 'robustness', 'badInput', 'child.mjs');
/** A call that has not returned after this long is taken for hung. */
const CALL_LIMIT_MS = 15_000;
/** After this many crashes a backend's run stops: something is badly wrong. */
const MAX_RESTARTS = 25;

interface Job {
  i: number;
  proc: string;
  args: string;
  zeroArgs?: string;
  returnsHandle: boolean;
}

/** One child over `jobs`; resolves with the outcomes it reported and how it ended. */
function runChild(
  backend: string,
  jobs: Job[],
): Promise<{ results: Map<number, Result>; inFlight?: number; ending: string; clean: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, backend], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    const results = new Map<number, Result>();
    let inFlight: number | undefined;
    let stderr = '';
    let done = false;
    const watchdog = stallWatchdog(child, CALL_LIMIT_MS);
    const split = lineSplitter((line) => {
      if (line === 'DONE') done = true;
      else if (line.startsWith('S ')) inFlight = Number(line.slice(2));
      else if (line.startsWith('R ')) {
        const space = line.indexOf(' ', 2);
        results.set(Number(line.slice(2, space)), JSON.parse(line.slice(space + 1)) as Result);
        inFlight = undefined;
      }
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      watchdog.arm();
      split(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watchdog.stop();
      const ending = watchdog.fired
        ? `hung (no answer for ${CALL_LIMIT_MS / 1000} s)`
        : signal
          ? `killed by ${signal}`
          : `exit code ${code}`;
      resolve({
        results,
        ending: `${ending}${stderr ? `; stderr: ${stderr.trim().slice(-1500)}` : ''}`,
        clean: done && code === 0 && signal === null,
        ...(inFlight !== undefined ? { inFlight } : {}),
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(jobs));
  });
}

/** Every job's outcome on `backend`, restarting the child after each crash. */
async function runBackend(backend: string, jobs: Job[]): Promise<{ results: Map<number, Result>; endings: string[] }> {
  const results = new Map<number, Result>();
  const endings: string[] = [];
  let left = jobs;
  for (let restarts = 0; left.length > 0 && restarts <= MAX_RESTARTS; restarts++) {
    const run = await runChild(backend, left);
    for (const [i, r] of run.results) results.set(i, r);
    if (run.clean) break;
    endings.push(run.ending);
    if (run.inFlight === undefined) break; // died outside any call: the tests report it
    results.set(run.inFlight, run.ending.startsWith('hung') ? { hung: true } : { crashed: run.ending });
    const at = left.findIndex((j) => j.i === run.inFlight);
    left = left.slice(at + 1);
  }
  return { results, endings };
}

function show(o: Outcome | undefined): string {
  if (o === undefined) return 'no outcome (the child never reached this call)';
  if ('r' in o) return `returned ${JSON.stringify(o.r)}`;
  if ('t' in o) return `threw ${o.t}${o.code ? ` ${o.code}` : ''}: ${o.msg}`;
  if ('h' in o) return `harness error: ${o.h}`;
  if ('crashed' in o) return `CRASHED the process: ${o.crashed}`;
  return 'HUNG';
}

/** The part of an outcome both backends must agree on. */
function essence(o: Result | undefined): unknown {
  if (o === undefined) return undefined;
  if ('t' in o) return { threw: o.t, code: o.code };
  if ('r' in o) return { returned: o.r };
  return o;
}

/** Why the outcome does not meet the expectation, or undefined when it does. */
function verdict(c: BadInputCase, proc: BadInputProc, o: Result | undefined): string | undefined {
  if (o === undefined || 'crashed' in o || 'hung' in o || 'h' in o) return show(o);
  switch (c.expect) {
    case 'TypeError':
    case 'RangeError':
    case 'ValueError':
    case 'AbortError':
      return 't' in o && o.t === c.expect ? undefined : `expected ${c.expect}, but it ${show(o)}`;
    case 'accepts':
      if ('r' in o || ('t' in o && proc.raises.includes(o.t))) return undefined;
      return `expected a return${proc.raises.length ? ` or ${proc.raises.join(' / ')}` : ''}, but it ${show(o)}`;
    case 'sameAsZero': {
      if ('t' in o && (o.t === 'TypeError' || o.t === 'RangeError')) return `-0 is a valid 0 here, but it ${show(o)}`;
      const same = JSON.stringify(essence(o)) === JSON.stringify(essence(o.z));
      return same ? undefined : `with -0 it ${show(o)}; with 0 it ${show(o.z)}`;
    }
  }
}

function expectationText(c: BadInputCase): string {
  if (c.expect === 'accepts') return 'accepted';
  if (c.expect === 'sameAsZero') return 'as with 0';
  return `throws ${c.expect}`;
}

/** Registers the tests of the generated matrix. */
export function badInputSuite(spec: {
  uncovered: string[];
  procs: Record<string, BadInputProc>;
  cases: BadInputCase[];
}): void {
  const platform = currentPlatform();
  const runs = (c: BadInputCase): boolean => {
    const p = spec.procs[c.proc]!;
    return (
      (p.platforms === null || p.platforms.includes(platform)) &&
      (c.platforms === undefined || c.platforms.includes(platform))
    );
  };
  const jobs: Job[] = [];
  spec.cases.forEach((c, i) => {
    if (!runs(c)) return;
    const job: Job = { i, proc: c.proc, args: c.args, returnsHandle: spec.procs[c.proc]!.returnsHandle };
    if (c.zeroArgs !== undefined) job.zeroArgs = c.zeroArgs;
    jobs.push(job);
  });
  const byBackend = new Map<string, { results: Map<number, Result>; endings: string[] }>();

  beforeAll(async () => {
    assertDistFresh();
    const runsDone = await Promise.all(TESTABLE_BACKENDS.map(async (b) => [b, await runBackend(b, jobs)] as const));
    for (const [b, r] of runsDone) byBackend.set(b, r);
  }, 300_000);

  for (const { name, why } of UNAVAILABLE_BACKENDS) {
    test.skip(`the ${name} backend is not in this matrix [skipped: ${why}]`, () => {});
  }

  test('every parameter of every proc has a bad-input rule (generator/plan/badInputKinds.ts)', () => {
    expect(spec.uncovered).toEqual([]);
  });

  test(`${jobs.length} calls ran on ${TESTABLE_BACKENDS.join(' and ')}, every child exiting normally`, () => {
    for (const b of TESTABLE_BACKENDS) {
      const run = byBackend.get(b)!;
      expect(run.endings, `${b}: children that did not exit normally`).toEqual([]);
      expect(run.results.size, `${b}: calls with an outcome`).toBe(jobs.length);
    }
  });

  const byProc = new Map<string, number[]>();
  for (const [i, c] of spec.cases.entries()) byProc.set(c.proc, [...(byProc.get(c.proc) ?? []), i]);
  for (const [proc, indexes] of byProc) {
    describe(`${proc} [bad input]`, () => {
      for (const i of indexes) {
        const c = spec.cases[i]!;
        const what = c.param ? `${c.param}: ${c.type}, ${c.what}` : `${c.type}, ${c.what}`;
        test.runIf(runs(c))(`${c.proc}(${c.args}) ${expectationText(c)} [${what}]`, () => {
          const problems: string[] = [];
          const outcomes: [string, Result | undefined][] = TESTABLE_BACKENDS.map((b) => [
            b,
            byBackend.get(b)!.results.get(i),
          ]);
          for (const [b, o] of outcomes) {
            const why = verdict(c, spec.procs[c.proc]!, o);
            if (why) problems.push(`${b}: ${why}`);
          }
          if (problems.length === 0 && outcomes.length > 1) {
            const [first, ...rest] = outcomes;
            for (const [b, o] of rest) {
              if (JSON.stringify(essence(o)) !== JSON.stringify(essence(first![1]))) {
                problems.push(`the backends differ: ${first![0]} ${show(first![1])}; ${b} ${show(o)}`);
              }
            }
          }
          expect(problems, problems.join('\n')).toEqual([]);
        });
      }
    });
  }
}
