// Runs bad-input cases (generated/tests/badInput.test.ts) on one backend, in a
// process of its own: `node child.mjs <napi|koffi>`, the cases as JSON on stdin.
// Before each call it writes `S <i>`, after it `R <i> <outcome>`, each with a
// synchronous write, so that when a call crashes the process the parent knows
// which call it was.
// An Async variant (NAMEAsync) must return a Promise and never throw: its
// outcome is what the Promise settles with, or '<pending>' when it has not
// settled after ASYNC_LIMIT_MS (a select with a long timeout: a valid wait).
// NATIVESOCKETS_NAPI_ADDON swaps the napi addon (children/api.mjs).
import { readFileSync, writeSync } from 'node:fs';
import { errorClass as sharedErrorClass } from '../../support/common.mjs';
import { loadApi } from '../children/api.mjs';
import { makeFixtures } from '../children/fixtures.mjs';

const A = await loadApi(process.argv[2]);
const ASYNC_LIMIT_MS = 1000;
const PENDING = Symbol('pending');

const F = makeFixtures(A);

/** A JSON-safe summary of a returned value; -0 reads as 0 (=== semantics). */
function summary(x, depth = 0) {
  if (x === undefined) return '<undefined>';
  if (typeof x === 'number') return Number.isFinite(x) ? x + 0 : `<${x}>`;
  if (typeof x === 'string') return x.length > 120 ? `<string of ${x.length}>` : x;
  if (typeof x === 'bigint') return `<${x}n>`;
  if (typeof x === 'boolean' || x === null) return x;
  if (typeof x === 'symbol') return '<symbol>';
  if (Array.isArray(x)) return depth > 1 ? '<array>' : x.slice(0, 8).map((y) => summary(y, depth + 1));
  if (typeof x === 'object') return `<${x.constructor?.name ?? 'Object'}>`;
  return `<${typeof x}>`;
}

const errorClass = (e) => sharedErrorClass(A, e);

function thrown(e) {
  const o = { t: errorClass(e), msg: String(e?.message ?? e).slice(0, 300) };
  if (typeof e?.code === 'string') o.code = e.code;
  return o;
}

/** What an Async variant's Promise settles with, within ASYNC_LIMIT_MS. */
async function settled(promise) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(PENDING), ASYNC_LIMIT_MS)));
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error) => ({ error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function outcome(proc, source, returnsHandle) {
  let args;
  try {
    args = new Function('A', 'F', `return [${source}];`)(A, F);
  } catch (e) {
    return { h: `the arguments could not be made: ${e?.message ?? e}` };
  }
  const isAsync = proc.endsWith('Async');
  try {
    let r = A[proc](...args);
    if (isAsync) {
      if (!(r instanceof Promise)) return { h: `${proc} returned ${summary(r)}, not a Promise` };
      const s = await settled(r);
      if (s === PENDING) {
        r.catch(() => {});
        return { r: '<pending>' };
      }
      if ('error' in s) return thrown(s.error);
      r = s.value;
    }
    // Handles differ between processes: compare validity, not numbers.
    if (returnsHandle && typeof r === 'number' && r >= 0) r = '<handle>';
    if (returnsHandle && Array.isArray(r) && typeof r[0] === 'number' && r[0] >= 0) r = ['<handle>', ...r.slice(1)];
    return { r: summary(r) };
  } catch (e) {
    if (isAsync)
      return {
        h: `${proc} threw synchronously (an Async variant rejects instead): ${errorClass(e)}: ${String(e?.message ?? e).slice(0, 200)}`,
      };
    return thrown(e);
  }
}

const cases = JSON.parse(readFileSync(0, 'utf8'));
for (const c of cases) {
  writeSync(1, `S ${c.i}\n`);
  const o = await outcome(c.proc, c.args, c.returnsHandle);
  if (c.zeroArgs !== undefined) o.z = await outcome(c.proc, c.zeroArgs, c.returnsHandle);
  writeSync(1, `R ${c.i} ${JSON.stringify(o)}\n`);
}
writeSync(1, 'DONE\n');
// Calls still pending (valid long waits) would keep the process alive.
process.exit(0);
