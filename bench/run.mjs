// `make bench`: runs every benchmark in fresh processes (the C baselines built
// into bench/out/ by the Makefile, the JS drivers in bench/js/), in rounds that
// interleave the implementations so a slow spell of the machine hits them all,
// and prints ONE table: medians over every rep of every round, each row with
// its ratio to C measured in this same run, and each target met or missed.
// Every call and loopback benchmark runs pinned to CPU 1 with `taskset -c 1`
// where taskset exists (unpinned loopback figures on a 2-vCPU machine swing
// several-fold); the generator and the import run unpinned, as a developer runs
// them. Also writes bench/out/results.{json,md}, and bench/out/benchmarks.md:
// the table for BENCHMARKS.md, every run recorded in bench/runs.json beside
// this one (bench/report.mjs).
//
// BENCH_ROUNDS (default 4) and BENCH_QUICK=1 (a smoke run) scale the work;
// BENCH_ONLY=<regexp> runs only the groups whose title matches;
// BENCH_RECORD=<label> adds this run to bench/runs.json under that label.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyTable, median, readRuns, recordRun, runTable, summary, thisRun } from './report.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const out = join(bench, 'out');
const started = performance.now();
const quick = process.env.BENCH_QUICK === '1';
const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 4));
const scale = (n) => Math.max(1, Math.round(quick ? n / 10 : n));

// ---- running one child -------------------------------------------------------

/** `taskset -c 1` where it exists and CPU 1 does. */
const PIN = spawnSync('taskset', ['-c', '1', 'true']).status === 0 ? ['taskset', '-c', '1'] : [];

/** Runs a command; returns its samples ({"samples":[...]} on stdout), or throws with its stderr. */
function samplesOf(cmd, args, { pinned = true, timeoutMs = 120_000 } = {}) {
  if (pinned && PIN.length) [cmd, args] = [PIN[0], [...PIN.slice(1), cmd, ...args]];
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`,
    );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line);
  if (!Array.isArray(parsed.samples) || parsed.samples.length === 0) throw new Error(`${cmd}: no samples`);
  return parsed.samples;
}

const cBin = (name) => join(out, name);
const node = process.execPath;
const js = (name) => join(bench, 'js', name);

// ---- the benchmarks --------------------------------------------------------------

/**
 * One row group: implementations measured in interleaved rounds. `better` says
 * whether a higher ('rate') or lower ('time') value wins; the ratio to C is
 * value / C either way, and each target says which side of it passes.
 */
const groups = [
  {
    title: 'getSockOptInt(SOL_SOCKET, SO_TYPE)',
    unit: 'ns/call',
    better: 'time',
    impls: {
      C: () => [cBin('sockopt'), [String(scale(300000)), '5']],
      'C + idle thread': () => [cBin('sockopt'), [String(scale(300000)), '5', '2']],
      napi: () => [node, [js('sockopt.mjs'), 'napi', String(scale(300000)), '5']],
      koffi: () => [node, [js('sockopt.mjs'), 'koffi', String(scale(300000)), '5']],
      // The floors: the raw backends with no runtime layer, and a bare Node-API call.
      'napi raw': () => [node, [js('sockopt.mjs'), 'napi-raw', String(scale(300000)), '5']],
      'koffi raw': () => [node, [js('sockopt.mjs'), 'koffi-raw', String(scale(300000)), '5']],
      'bare N-API call': () => [node, [js('sockopt.mjs'), 'floor', String(scale(300000)), '5']],
    },
    reference: 'C + idle thread',
    // Issue 16's targets: a bare Node-API call that only calls getsockopt measured ~1.28x C.
    targets: { napi: { maxRatio: 1.4 }, koffi: { maxRatio: 1.5 } },
    limits: {
      'C + idle thread': { text: 'the kernel: a second thread makes fdget() count references' },
      napi: { text: 'the bare Node-API call: getsockoptInt reads 2 numbers more than it', shownBy: 'bare N-API call' },
      koffi: { text: "koffi's call of getsockopt: the runtime adds its 3 checks", shownBy: 'koffi raw' },
      'napi raw': { text: 'the bare Node-API call', shownBy: 'bare N-API call' },
      'koffi raw': { text: "koffi's per-call conversion of 5 numbers (the out-parameters passed as addresses)" },
      'bare N-API call': { text: 'a JS -> C call in a multi-threaded process', shownBy: 'C + idle thread' },
    },
  },
  {
    title: 'TCP ping-pong, 1 byte, TCP_NODELAY',
    unit: 'round trips/s',
    better: 'rate',
    impls: {
      C: () => [cBin('tcp'), ['pingpong', String(scale(20000)), '5']],
      napi: () => [node, [js('tcp.mjs'), 'pingpong', 'napi', String(scale(20000)), '5']],
      koffi: () => [node, [js('tcp.mjs'), 'pingpong', 'koffi', String(scale(20000)), '5']],
      'Node net': () => [node, [js('tcp.mjs'), 'pingpong', 'node', String(scale(20000)), '5']],
      'napi raw': () => [node, [js('tcp.mjs'), 'pingpong', 'napi-raw', String(scale(20000)), '5']],
      'koffi raw': () => [node, [js('tcp.mjs'), 'pingpong', 'koffi-raw', String(scale(20000)), '5']],
      // The floors: the least a Node-API or a koffi binding of send and recv can do (bench/napi/floor.c).
      'napi floor': () => [node, [js('tcp.mjs'), 'pingpong', 'napi-floor', String(scale(20000)), '5']],
      'koffi floor': () => [node, [js('tcp.mjs'), 'pingpong', 'koffi-floor', String(scale(20000)), '5']],
    },
    targets: { napi: { minRatio: 0.92, minOver: { impl: 'Node net', factor: 1.5 } }, koffi: { minRatio: 0.88 } },
    limits: {
      napi: {
        text: 'the Node-API call: 4 cold JS -> C calls and 2 thread switches per round trip',
        shownBy: 'napi floor',
      },
      koffi: { text: "koffi's call of send and recv", shownBy: 'koffi floor' },
      'napi raw': { text: 'the Node-API call', shownBy: 'napi floor' },
      'koffi raw': { text: "koffi's call", shownBy: 'koffi floor' },
      'napi floor': { text: 'a JS -> C call in a multi-threaded process, after each thread switch' },
      'koffi floor': { text: "koffi's conversion of 4 arguments per call" },
      'Node net': { text: "libuv's event loop: a poll wake-up per message" },
    },
  },
  {
    title: 'TCP bulk, 64 KiB send/recv',
    unit: 'MiB/s',
    better: 'rate',
    impls: {
      C: () => [cBin('tcp'), ['bulk', String(scale(256)), '5']],
      napi: () => [node, [js('tcp.mjs'), 'bulk', 'napi', String(scale(256)), '5']],
      koffi: () => [node, [js('tcp.mjs'), 'bulk', 'koffi', String(scale(256)), '5']],
      'Node net': () => [node, [js('tcp.mjs'), 'bulk', 'node', String(scale(256)), '5']],
    },
    targets: { napi: { minRatio: 0.95 }, koffi: { minRatio: 0.95 } },
    limits: {
      napi: { text: 'the kernel: copying 64 KiB per call; the call itself is ~1% of it' },
      koffi: { text: 'the kernel, as napi' },
    },
  },
  {
    title: 'UDP datagrams, 32 B, batches of 32',
    unit: 'datagrams/s',
    better: 'rate',
    impls: {
      C: () => [cBin('udp'), [String(scale(32000)), '5']],
      // The floor of the batched rows: C moving each batch in one sendmmsg and one recvmmsg.
      'C sendmmsg/recvmmsg': () => [cBin('udp'), [String(scale(32000)), '5', 'mmsg']],
      napi: () => [node, [js('udp.mjs'), 'napi', String(scale(32000)), '5']],
      koffi: () => [node, [js('udp.mjs'), 'koffi', String(scale(32000)), '5']],
      'Node dgram': () => [node, [js('udp.mjs'), 'node', String(scale(32000)), '5']],
      'napi sendmmsg/recvmmsg': () => [node, [js('udp.mjs'), 'napi-mmsg', String(scale(32000)), '5']],
      'koffi sendmmsg/recvmmsg': () => [node, [js('udp.mjs'), 'koffi-mmsg', String(scale(32000)), '5']],
      'napi raw': () => [node, [js('udp.mjs'), 'napi-raw', String(scale(32000)), '5']],
      'koffi raw': () => [node, [js('udp.mjs'), 'koffi-raw', String(scale(32000)), '5']],
      'napi floor': () => [node, [js('udp.mjs'), 'napi-floor', String(scale(32000)), '5']],
      'koffi floor': () => [node, [js('udp.mjs'), 'koffi-floor', String(scale(32000)), '5']],
    },
    // One sendto / recvfrom per datagram, as C; the mmsg rows batch 32 in one call each way (Linux).
    targets: {
      napi: { minRatio: 0.92 },
      koffi: { minRatio: 0.92 },
      'napi sendmmsg/recvmmsg': { minRatio: 1.5 },
      'koffi sendmmsg/recvmmsg': { minRatio: 1.5 },
    },
    limits: {
      napi: { text: 'the Node-API call: one per datagram each way beside the kernel path', shownBy: 'napi floor' },
      koffi: { text: 'koffi converting 6 arguments per call', shownBy: 'koffi floor' },
      'napi raw': { text: 'the Node-API call', shownBy: 'napi floor' },
      'koffi raw': { text: "koffi's call", shownBy: 'koffi floor' },
      'napi floor': { text: 'a JS -> C call in a multi-threaded process, after each thread switch' },
      'koffi floor': { text: "koffi's conversion of 6 arguments per call" },
      'napi sendmmsg/recvmmsg': {
        text: 'the kernel: each datagram costs it the same in a batch, so even C gains only the system call entries',
        shownBy: 'C sendmmsg/recvmmsg',
      },
      'koffi sendmmsg/recvmmsg': {
        text: 'the kernel, as napi; and the message block: copied in and out, an address decoded per message',
        shownBy: 'C sendmmsg/recvmmsg',
      },
    },
  },
  {
    title: 'selectRead over 1,000 handles (C: poll)',
    unit: 'µs/call',
    better: 'time',
    impls: {
      C: () => [cBin('poll'), ['1000', String(scale(1000)), '5']],
      'C + idle thread': () => [cBin('poll'), ['1000', String(scale(1000)), '5', '2']],
      napi: () => [node, [js('select.mjs'), 'napi', '1000', String(scale(1000)), '5']],
      koffi: () => [node, [js('select.mjs'), 'koffi', '1000', String(scale(1000)), '5']],
    },
    reference: 'C + idle thread',
    targets: { napi: { maxRatio: 1.2 }, koffi: { maxRatio: 1.2 } },
    limits: {
      napi: { text: "the kernel's poll over 1,000 handles in a multi-threaded process", shownBy: 'C + idle thread' },
      koffi: { text: 'as napi', shownBy: 'C + idle thread' },
    },
  },
];

// Bun and Deno (devDependencies): the same drivers, each backend of the
// runtime, as rows of every group that has napi and koffi rows; information,
// no targets. A runtime's own FFI backend (bunffi, denoffi) runs the koffi row's
// driver under its own name.
const RUNTIMES = {
  bun: { command: [join(root, 'node_modules', 'bun', 'bin', 'bun.exe')], backends: ['napi', 'koffi', 'bunffi'] },
  deno: {
    command: [join(root, 'node_modules', 'deno', 'deno'), 'run', '-A', '--quiet'],
    backends: ['napi', 'koffi', 'denoffi'],
  },
};
for (const g of groups) {
  for (const [runtime, { command, backends }] of Object.entries(RUNTIMES)) {
    const [file, ...prefix] = command;
    if (!existsSync(file)) continue;
    for (const backend of backends) {
      const from = g.impls[backend] ? backend : 'koffi';
      const onNode = g.impls[from];
      if (!onNode) continue;
      g.impls[`${backend} on ${runtime}`] = () => {
        const [, args] = onNode();
        return [file, [...prefix, ...args.map((a) => (a === from ? backend : a))]];
      };
    }
  }
}

/** @typedef {import('./report.mjs').Row} Row */
/** @type {import('./report.mjs').Group[]} */
const results = [];

function runGroup(g) {
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(Object.keys(g.impls).map((k) => [k, []]));
  const errors = {};
  const entries = Object.entries(g.impls);
  for (let r = 0; r < rounds; r++) {
    // Each round starts one implementation later, so none always runs first.
    for (const [impl, make] of [...entries.slice(r % entries.length), ...entries.slice(0, r % entries.length)]) {
      if (errors[impl]) continue;
      try {
        samples[impl].push(...samplesOf(...make()));
      } catch (e) {
        errors[impl] = e.message;
      }
    }
  }
  /** @type {Row[]} */
  const rows = Object.keys(g.impls).map((impl) => ({
    impl,
    samples: samples[impl],
    value: errors[impl] ? undefined : median(samples[impl]),
    error: errors[impl],
  }));
  const c = rows.find((row) => row.impl === 'C')?.value;
  const ref = g.reference ? rows.find((row) => row.impl === g.reference)?.value : undefined;
  for (const row of rows) {
    row.ratio = c !== undefined && row.value !== undefined ? row.value / c : undefined;
    const t = g.targets[row.impl];
    if (!t) continue;
    const checks = [];
    // Information, not a target: the ratio to the multi-threaded C program.
    if (ref !== undefined && row.value !== undefined) row.refRatio = row.value / ref;
    if (t.maxRatio !== undefined)
      checks.push({ text: `<= ${t.maxRatio.toFixed(2)}x C`, ok: row.ratio !== undefined && row.ratio <= t.maxRatio });
    if (t.minRatio !== undefined)
      checks.push({ text: `>= ${t.minRatio.toFixed(2)}x C`, ok: row.ratio !== undefined && row.ratio >= t.minRatio });
    if (t.minOver) {
      const other = rows.find((x) => x.impl === t.minOver.impl)?.value;
      const f = other && row.value !== undefined ? row.value / other : undefined;
      checks.push({
        text: `>= ${t.minOver.factor}x ${t.minOver.impl}`,
        detail: f === undefined ? '?' : `${f.toFixed(2)}x`,
        ok: f !== undefined && f >= t.minOver.factor,
      });
    }
    row.targets = checks;
  }
  results.push({ title: g.title, unit: g.unit, better: g.better, reference: g.reference, rows, limits: g.limits });
}

/** User + system CPU seconds of the children waited for so far (Linux /proc), or undefined. */
function childrenCpuSeconds() {
  try {
    // After "pid (comm) ": stat(5)'s fields from 3 on; cutime and cstime (16, 17) are at 13 and 14, in clock ticks.
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function runGenerator() {
  const samples = [];
  const cpu = [];
  let error;
  const n = quick ? 1 : 3;
  for (let i = 0; i < n && !error; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'nativesockets-bench-gen-'));
    try {
      const c0 = childrenCpuSeconds();
      const t0 = performance.now();
      // Unpinned, as `make generate` runs.
      const r = spawnSync(node, [join(root, 'dist', 'generator', 'cli.js'), '--out', dir], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const ms = performance.now() - t0;
      const c1 = childrenCpuSeconds();
      if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0);
      if (r.status !== 0) error = `generator exited ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}`;
      else samples.push(ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const value = error ? undefined : median(samples);
  results.push({
    title: 'generator, full spec (node dist/generator/cli.js, wall, unpinned)',
    unit: 'ms',
    better: 'time',
    limits: {
      generator: {
        text: 'ts-morph printing the files (~0.35 s), reading and checking the spec (~0.25 s), loading TypeScript',
      },
    },
    rows: [
      {
        impl: 'generator',
        samples,
        value,
        error,
        targets: [
          {
            text: '< 2000 ms',
            detail: cpu.length ? `CPU ${median(cpu).toFixed(1)} s` : undefined,
            ok: value !== undefined && value < 2000,
          },
        ],
      },
    ],
  });
}

const IMPORT_RUNS = quick ? 3 : 15;

/**
 * The main entry's import, as CPU time over Node's own start-up: fresh
 * processes (bench/js/import.mjs) with the import and without it (`none`),
 * interleaved; each row is the median of its processes' CPU time minus the
 * median of the bare ones. CPU time, not wall time: it does not grow when
 * other processes share the machine (wall time went 34 -> 180-300 ms).
 */
function runImport() {
  const impls = ['none', 'napi', 'koffi'];
  /** @type {Record<string, number[]>} */
  const cpu = { none: [], napi: [], koffi: [] };
  /** @type {Record<string, string>} */
  const errors = {};
  for (let i = 0; i < IMPORT_RUNS; i++) {
    for (const impl of [...impls.slice(i % 3), ...impls.slice(0, i % 3)]) {
      if (errors[impl]) continue;
      try {
        cpu[impl].push(...samplesOf(node, [js('import.mjs'), impl], { pinned: false }));
      } catch (e) {
        errors[impl] = e.message;
      }
    }
  }
  const bare = errors.none ? undefined : median(cpu.none);
  /** @type {Row[]} */
  const rows = ['napi', 'koffi'].map((impl) => {
    const error = errors[impl] ?? (bare === undefined ? `bare node: ${errors.none}` : undefined);
    const samples = error || bare === undefined ? [] : cpu[impl].map((x) => x - bare);
    const value = error ? undefined : median(samples);
    return {
      impl,
      samples,
      value,
      error,
      targets: [{ text: '< 50 ms', ok: value !== undefined && value < 50 }],
    };
  });
  rows.push({ impl: 'bare node (subtracted)', samples: cpu.none, value: bare, error: errors.none });
  results.push({
    title:
      "import('nativesockets'), NATIVESOCKETS_BACKEND=<impl>: CPU ms over bare node's start-up, fresh processes, unpinned",
    unit: 'ms',
    better: 'time',
    rows,
    limits: {
      napi: { text: "Node's ESM loader: every module of the package resolved, read and compiled one by one" },
      koffi: { text: 'as napi, and koffi itself (its addon and type parser)' },
    },
  });
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const allowed = /^Cpus_allowed_list:\s*(.*)$/m.exec(status)?.[1] ?? '?';
  return { nproc: cpus().length, cpu: model, node: process.version, kernel: release(), cpusAllowed: allowed };
}

// ---- main --------------------------------------------------------------------------

for (const f of ['sockopt', 'tcp', 'udp', 'poll']) {
  if (!existsSync(cBin(f))) throw new Error(`bench: ${cBin(f)} is missing; run \`make bench\``);
}
const m = machine();
const loadAtStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const pinText = PIN.length ? 'call and loopback benchmarks pinned to CPU 1 (taskset -c 1)' : 'unpinned (no taskset)';
process.stderr.write(
  `bench: ${m.nproc} CPUs (${m.cpu}), ${pinText}, node ${m.node}, linux ${m.kernel}, ${rounds} round(s)\n`,
);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const wanted = (title) => !only || only.test(title);
for (const g of groups.filter((x) => wanted(x.title))) {
  process.stderr.write(`bench: ${g.title} …\n`);
  runGroup(g);
}
if (wanted('generator')) {
  process.stderr.write('bench: generator …\n');
  runGenerator();
}
if (wanted('import')) {
  process.stderr.write('bench: import …\n');
  runImport();
}
const wall = (performance.now() - started) / 1000;

const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const header =
  `machine: ${m.nproc} CPUs, ${m.cpu}; node ${m.node}; kernel ${m.kernel}; ${pinText}; ` +
  `medians of ${rounds} round(s) x 5 reps, each round a fresh process per implementation, interleaved ` +
  `(generator: ${quick ? 1 : 3} runs, import: ${IMPORT_RUNS} fresh processes per backend and as many bare ones); ` +
  `± is half the interquartile range; bench wall ${wall.toFixed(0)} s; load average at the start ${loadAtStart}, at the end ${load}`;
const text = `${header}\n\n${runTable(results)}\n`;
process.stdout.write(`\n${text}`);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.md'), text);
writeFileSync(
  join(out, 'results.json'),
  `${JSON.stringify({ machine: m, rounds, wallSeconds: wall, results }, null, 2)}\n`,
);
// BENCHMARKS.md's table: the runs recorded in bench/runs.json and this one.
const runsFile = join(bench, 'runs.json');
const label = process.env.BENCH_RECORD || `this run (${new Date().toISOString().slice(0, 10)})`;
const current = thisRun(
  results,
  label,
  `${m.nproc} CPUs, ${m.cpu}, node ${m.node}, linux ${m.kernel}, ${rounds} rounds, load average ${loadAtStart} → ${load}`,
);
writeFileSync(join(out, 'benchmarks.md'), historyTable(results, readRuns(runsFile), current));
if (process.env.BENCH_RECORD) recordRun(runsFile, current);
process.stdout.write(
  `\nBENCHMARKS.md's table (every run in bench/runs.json and this one): bench/out/benchmarks.md\n\n${summary(results)}\n`,
);
