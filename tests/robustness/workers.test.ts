// A worker thread that ends while Async calls are pending, on the backend of
// this run, each case in a child process (tests/robustness/children/workerExit.mjs):
// the worker is terminated, or calls process.exit(), with 1,000 pending calls
// of every kind (13,000 in all), or is terminated just after a call completed;
// with the package loaded only by the worker (the addon is then unloaded with
// it) or by the main thread too. The process must live and report each round.
// npm test runs 2 rounds of each; `make soak` runs 100 in a row.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assertDistFresh, backendOfRun, describeExit, lastJson, REPO, runNode, SOAK } from './support.js';

const CHILD = join(REPO, 'tests', 'robustness', 'children', 'workerExit.mjs');
const backend = backendOfRun();
const ROUNDS = SOAK ? 100 : 2;
const CALLS = 1000;

const cases = [
  ['terminate', '0', 'worker.terminate(), the package loaded only in the worker'],
  ['terminate', '1', 'worker.terminate(), the package loaded in the main thread too'],
  ['exit', '0', 'process.exit() in the worker, the package loaded only in the worker'],
  ['exit', '1', 'process.exit() in the worker, the package loaded in the main thread too'],
  ['terminate-after', '0', 'worker.terminate() just after an Async call completed, only the worker loaded it'],
  ['terminate-after', '1', 'worker.terminate() just after an Async call completed, the main thread loaded it too'],
] as const;

describe(`workers ending with Async calls pending [${backend}]`, () => {
  test.each(cases)(
    `%s (mainLoads %s): ${ROUNDS} rounds, the process lives: %s`,
    async (how, mainLoads) => {
      assertDistFresh();
      const r = await runNode(CHILD, [backend, how, String(ROUNDS), String(CALLS), mainLoads], {
        timeoutMs: SOAK ? 1_800_000 : 60_000,
      });
      expect(r.signal, describeExit(r)).toBeNull();
      expect(r.code, describeExit(r)).toBe(0);
      const report = lastJson<{ rounds: number; pending: number; kinds: number; ms: number }>(r);
      expect(report.rounds).toBe(ROUNDS);
      // 13 kinds of call (12 without Unix sockets), CALLS of each, pending when the worker ended.
      const kinds = how === 'terminate-after' ? 0 : process.platform === 'win32' ? 12 : 13;
      expect(report.kinds).toBe(kinds);
      expect(report.pending).toBe(kinds * CALLS);
    },
    SOAK ? 1_800_000 : 60_000,
  );
});
