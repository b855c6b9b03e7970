// `make fuzz`: random call sequences over both backends (fuzz/runner.mjs), in
// chunks of child processes, under AddressSanitizer when --asan is given (the
// addon of fuzz/build-asan.mjs, libasan preloaded into node, and the koffi
// backend's C calls bound through the process namespace so that ASan's
// interceptors see them too). Then, under the same sanitizer, the leak child's
// never-freed AddrInfo lists (GC frees, no double free) and the lying-buffer
// child. Prints what ran and every finding; exits 1 when there is one.
//
//   node fuzz/fuzz.mjs [--calls 1000000] [--chunk 250000] [--seed N] [--backends napi,koffi] [--asan JSON]
//
// A chunk that dies (a signal, an ASan report, no progress for 60 s) is a
// finding; it is run again with tracing from its last progress mark, so the
// report names the call it died in (the sequence is seeded: the replay makes
// the same calls).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lineSplitter, stallWatchdog } from '../tests/support/common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    chunk: { type: 'string', default: '250000' },
    seed: { type: 'string' },
    backends: { type: 'string', default: 'napi,koffi' },
    asan: { type: 'string' },
  },
});
const total = Number(opts.calls);
const chunk = Math.min(Number(opts.chunk), total);
const seed = opts.seed !== undefined ? Number(opts.seed) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
const backends = opts.backends.split(',');
const asan = opts.asan ? JSON.parse(opts.asan) : undefined;
const STALL_MS = 60_000;

function childEnv(backend) {
  if (!asan) return process.env;
  return {
    ...process.env,
    LD_PRELOAD: asan.runtime,
    // Leak checking would report V8's own allocations at exit; the leak tests measure instead.
    ASAN_OPTIONS: 'detect_leaks=0:exitcode=86:handle_segv=1:halt_on_error=1:detect_stack_use_after_return=0',
    ...(backend === 'napi' ? { NATIVESOCKETS_NAPI_ADDON: asan.addon } : { NATIVESOCKETS_KOFFI_GLOBAL: '1' }),
  };
}

/** Runs a node script; resolves with its stdout lines, how it ended, and its stderr's tail. */
/** @param {(line: string) => void} [onLine] */
function run(args, env, onLine = () => {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const watchdog = stallWatchdog(child, STALL_MS);
    const lines = [];
    const split = lineSplitter((line) => {
      lines.push(line);
      onLine(line);
    });
    child.stdout.setEncoding('utf8').on('data', (d) => {
      watchdog.arm();
      split(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-20000)));
    child.on('close', (code, signal) => {
      watchdog.stop();
      resolve({ lines, code, signal, stderr, stalled: watchdog.fired });
    });
  });
}

/** The ASan report's head (its first frames), or the stderr's tail. */
function excerpt(stderr) {
  const at = stderr.indexOf('ERROR: AddressSanitizer');
  return (at === -1 ? stderr.slice(-1500) : stderr.slice(at, at + 2500)).trim();
}

async function fuzzChunk(backend, chunkSeed, calls) {
  const r = await run([join(root, 'fuzz', 'runner.mjs'), backend, String(chunkSeed), String(calls)], childEnv(backend));
  const last = r.lines.filter((l) => l.startsWith('{')).pop();
  const sanitizer = r.stderr.includes('AddressSanitizer');
  if (last && r.code === 0 && !r.signal && !sanitizer)
    return { report: JSON.parse(last), trails: r.lines.filter((l) => l.startsWith('P ')) };
  // Died: replay from the last progress mark with tracing, to name the call.
  const mark = Number((r.lines.filter((l) => l.startsWith('P ')).pop() ?? 'P 0').split(' ')[1]);
  const replay = await run(
    [join(root, 'fuzz', 'runner.mjs'), backend, String(chunkSeed), String(calls), String(mark)],
    childEnv(backend),
  );
  const traced = replay.lines.filter((l) => l.startsWith('C ') || l.startsWith('O '));
  const lastCall = traced.filter((l) => l.startsWith('C ')).pop();
  const how = r.stalled
    ? `no progress for ${STALL_MS / 1000} s`
    : sanitizer
      ? 'AddressSanitizer report'
      : r.signal
        ? `killed by ${r.signal}`
        : `exit code ${r.code}`;
  const calls_ = Number(last ? JSON.parse(last).calls : mark);
  return {
    report: { backend, seed: chunkSeed, calls: calls_, findings: [] },
    died: {
      backend,
      seed: chunkSeed,
      how,
      afterCall: mark,
      replayLastCall: lastCall ?? '(the replay did not reach a call)',
      replayEnded: replay.signal ?? replay.code,
      stderr: excerpt(r.stderr),
    },
  };
}

async function fuzzBackend(backend) {
  /** @type {Record<string, any>} */
  const summary = {
    backend,
    calls: 0,
    ms: 0,
    findings: [],
    deaths: [],
    chunks: [],
    bytesReceived: 0,
    bytesSent: 0,
    accepted: 0,
    badValues: 0,
    threw: {},
    async: {},
  };
  for (let k = 0, done = 0; done < total; k++) {
    const calls = Math.min(chunk, total - done);
    const chunkSeed = (seed + k * 7919) >>> 0;
    const { report, died, trails } = await fuzzChunk(backend, chunkSeed, calls);
    done += calls;
    summary.calls += report.calls;
    summary.ms += report.ms ?? 0;
    summary.findings.push(...report.findings);
    for (const key of ['bytesReceived', 'bytesSent', 'accepted', 'badValues']) summary[key] += report[key] ?? 0;
    for (const [c, n] of Object.entries(report.threw ?? {})) summary.threw[c] = (summary.threw[c] ?? 0) + n;
    // The Async calls (fuzz/asyncCalls.mjs): counts, and rejections by class.
    for (const [key, n] of Object.entries(report.async ?? {})) {
      if (typeof n === 'number') summary.async[key] = (summary.async[key] ?? 0) + n;
      else
        for (const [c, m] of Object.entries(n))
          summary.async[`rejected ${c}`] = (summary.async[`rejected ${c}`] ?? 0) + m;
    }
    summary.chunks.push({ seed: chunkSeed, calls: report.calls, trail: report.trail, trails });
    if (died) summary.deaths.push(died);
    process.stderr.write(
      `fuzz [${backend}] chunk ${k + 1}: ${report.calls} calls, seed ${chunkSeed}${died ? `, DIED (${died.how})` : ''}, ${report.findings.length} findings\n`,
    );
  }
  return summary;
}

/** The other robustness children, under the same sanitizer. */
async function sanitizedChecks(backend) {
  const checks = [
    [
      'never-freed AddrInfo lists freed by the GC, no double free',
      ['--expose-gc', join(root, 'tests', 'robustness', 'children', 'leaks.mjs'), backend, 'gc', '20000'],
    ],
    ['buffers that lie about their length', [join(root, 'tests', 'robustness', 'children', 'buffers.mjs'), backend]],
  ];
  const out = [];
  for (const [what, args] of checks) {
    const r = await run(args, childEnv(backend));
    const report = r.lines.filter((l) => l.startsWith('{')).pop();
    const ok =
      r.code === 0 &&
      !r.signal &&
      !r.stderr.includes('AddressSanitizer') &&
      report !== undefined &&
      (JSON.parse(report).ok ?? true);
    out.push({ backend, what, ok, ...(ok ? {} : { how: r.signal ?? r.code, stderr: excerpt(r.stderr) }) });
  }
  return out;
}

const started = Date.now();
process.stderr.write(
  `fuzz: ${total} calls per backend (${backends.join(', ')}), chunks of ${chunk}, seed ${seed}${asan ? `, AddressSanitizer (${asan.addon})` : ''}\n`,
);
const summaries = await Promise.all(backends.map(fuzzBackend));
const checks = asan ? (await Promise.all(backends.map(sanitizedChecks))).flat() : [];

let findingCount = 0;
console.log(`\nfuzz: seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s${asan ? ', AddressSanitizer' : ''}`);
for (const s of summaries) {
  const n = s.findings.length + s.deaths.length;
  findingCount += n;
  console.log(
    `  ${s.backend}: ${s.calls} calls (${Math.round(s.calls / (s.ms / 1000 || 1))}/s), ${s.badValues} with a wrong value; outcomes thrown ${JSON.stringify(s.threw)}; ${s.accepted} connections accepted, ${s.bytesSent} bytes sent, ${s.bytesReceived} received; findings: ${n}`,
  );
  console.log(`    Async: ${JSON.stringify(s.async)}`);
  for (const d of s.deaths) console.log(`    DIED: ${JSON.stringify(d, null, 2)}`);
  for (const f of s.findings) console.log(`    ${JSON.stringify(f)}`);
}
for (const c of checks) {
  if (!c.ok) findingCount++;
  console.log(`  ${c.backend}: ${c.what}: ${c.ok ? 'ok' : `FAILED ${JSON.stringify(c)}`}`);
}
console.log(`fuzz: ${findingCount} findings`);
process.exit(findingCount === 0 ? 0 : 1);
