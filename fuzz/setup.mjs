// The state of one fuzz run (fuzz/runner.mjs) that its modules share: the
// command line, the API on the backend under test and its fixtures, the
// bad-input plan of the spec (generator/plan/badInputPlan.ts, built into
// dist/), the spec's constants for this platform, the seeded random source and
// the run's temporary directory (also its working directory).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi } from '../tests/robustness/children/api.mjs';
import { makeFixtures } from '../tests/robustness/children/fixtures.mjs';

const [backendArg, seedText, callsText, traceFromText] = process.argv.slice(2);
export const backend = backendArg;
export const seed = Number(seedText) >>> 0;
export const CALLS = Number(callsText);
export const TRACE_FROM = traceFromText === undefined ? Infinity : Number(traceFromText);
if (!Number.isInteger(CALLS) || CALLS <= 0)
  throw new Error('usage: runner.mjs <napi|koffi> <seed> <calls> [traceFrom]');

const root = new URL('../', import.meta.url);
const { loadSpec } = await import(new URL('dist/generator/load/loadSpec.js', root).href);
const { badInputPlan } = await import(new URL('dist/generator/plan/badInputPlan.js', root).href);
export const { caseArguments } = await import(new URL('dist/generator/plan/caseArguments.js', root).href);
const { CONSTANTS } = await import(new URL('dist/generated/platformTables.js', root).href);
const { currentPlatform } = await import(new URL('dist/runtime/platform.js', root).href);
export const A = await loadApi(backend);
export const F = makeFixtures(A);
const model = loadSpec(new URL('spec', root).pathname, { rootDir: new URL('.', root).pathname });
export const { plans } = badInputPlan(model);
/** The spec's name of this platform. */
export const platform = currentPlatform();

/** Every spec constant on this platform (internal ones included), and the enum members as numbers. */
export const C = {
  ...CONSTANTS[platform],
  AF_INET: A.toInt(A.AF_INET),
  AF_INET6: A.toInt(A.AF_INET6),
  AF_UNIX: A.toInt(A.AF_UNIX),
  IPPROTO_IP: A.toInt(A.IPPROTO_IP),
  IPPROTO_TCP: A.toInt(A.IPPROTO_TCP),
  IPPROTO_UDP: A.toInt(A.IPPROTO_UDP),
  IPPROTO_IPV6: A.toInt(A.IPPROTO_IPV6),
  IPPROTO_ICMP: A.toInt(A.IPPROTO_ICMP),
  IPPROTO_ICMPV6: A.toInt(A.IPPROTO_ICMPV6),
  SOCK_STREAM: A.toInt(A.SOCK_STREAM),
  SOCK_DGRAM: A.toInt(A.SOCK_DGRAM),
  SOCK_RAW: A.toInt(A.SOCK_RAW),
  SOCK_SEQPACKET: A.toInt(A.SOCK_SEQPACKET),
};

// ---- seeded randomness -------------------------------------------------------
let state = seed || 1;
function rnd() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export { rnd };
/** @param {number} n */
export const int = (n) => Math.floor(rnd() * n);
/** @template T @param {readonly T[]} list @returns {T} */
export const pick = (list) => /** @type {T} */ (list[int(list.length)]);
/** @param {number} p */
export const chance = (p) => rnd() < p;
export const int32 = () => (rnd() * 4294967296) | 0;

export const dir = mkdtempSync(join(tmpdir(), 'nativesockets-fuzz-'));
process.chdir(dir); // a relative Unix path lands here
