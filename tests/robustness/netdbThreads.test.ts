// Name lookups from several worker threads at once: each lookup decodes an entry
// the C library wrote into this call's own buffers (the reentrant get*_r
// functions where the platform has them), so no thread sees another's entry and
// nothing crashes. Before that, glibc's one static entry per process made
// getServByName crash (SIGSEGV) and the others return wrong results.
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { assertDistFresh, backendOfRun, describeExit, REPO, runNode } from './support.js';

const RACE = join(REPO, 'tests', 'robustness', 'children', 'netdbRace.mjs');
const backend = backendOfRun();
const THREADS = 3;
const CALLS = 5_000;

describe(`name lookups from ${THREADS} threads at once [${backend}]`, () => {
  beforeAll(() => assertDistFresh());

  for (const lookup of ['servbyname', 'servbyport', 'protobyname', 'hostbyname', 'hostbyaddr']) {
    test(`${lookup}: ${THREADS} x ${CALLS} calls, no crash, no wrong result`, async () => {
      const r = await runNode(RACE, [backend, lookup, String(THREADS), String(CALLS)], { timeoutMs: 60_000 });
      expect(r.signal, describeExit(r)).toBeNull();
      expect(r.code, describeExit(r)).toBe(0);
      const reports = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { calls: number; wrong: number });
      expect(reports).toHaveLength(THREADS);
      for (const rep of reports) expect(rep).toEqual(expect.objectContaining({ calls: CALLS, wrong: 0 }));
    }, 70_000);
  }
});
