// The tables `make bench` prints (bench/run.mjs measures, this formats):
// - this run's table: every row's median, its spread, its ratio to C and its
//   targets, then one "targets met / not met" summary;
// - the Markdown table for BENCHMARKS.md: each row's figure in every run
//   recorded in bench/runs.json plus this one, their spread across the runs,
//   and what limits the row, with the row of this run that shows it.
// BENCH_RECORD=<label> appends this run to bench/runs.json.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * @typedef {{ text: string, ok: boolean, detail?: string }} Target   detail: this run's figure, where the text has none
 * @typedef {{ impl: string, samples: number[], value: number | undefined, error: string | undefined,
 *   ratio?: number, refRatio?: number, targets?: Target[] }} Row
 * @typedef {{ title: string, unit: string, better: string, reference?: string, rows: Row[],
 *   limits?: Record<string, Limit> }} Group
 * @typedef {{ text: string, shownBy?: string }} Limit
 * @typedef {{ label: string, machine: string, figures: Record<string, number> }} RecordedRun
 */

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

export const median = (xs) => quantile(xs, 0.5);

/** Half the interquartile range, as a share of the median: how much the samples moved. */
const spread = (xs) => (xs.length < 4 ? undefined : (quantile(xs, 0.75) - quantile(xs, 0.25)) / 2 / median(xs));

export function fmt(v) {
  if (v === undefined) return '—';
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** A row's status: FAILED with its error, met, MISSED, or '' (no target). */
function status(row) {
  const targets = row.targets ?? [];
  if (row.error) return `FAILED: ${row.error}`;
  if (targets.length === 0) return '';
  return targets.every((t) => t.ok) ? 'met' : 'MISSED';
}

/** @param {Group[]} results */
export function runTable(results) {
  const lines = ['| benchmark | impl | median | ± | unit | vs C | target | |', '|---|---|--:|--:|---|--:|---|---|'];
  for (const g of results) {
    g.rows.forEach((row, i) => {
      const ratio = row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}x`;
      const targets = row.targets ?? [];
      const what =
        targets
          .map((t) => `${t.text}${t.detail ? ` (${t.detail})` : ''}${targets.length > 1 ? (t.ok ? ' ✓' : ' ✗') : ''}`)
          .join('; ') + (row.refRatio === undefined ? '' : ` (${row.refRatio.toFixed(2)}x vs ${g.reference})`);
      const unit = `${g.unit} (${g.better === 'rate' ? 'higher' : 'lower'} is better)`;
      const sp = row.error ? undefined : spread(row.samples);
      const pm = sp === undefined ? '' : `${(sp * 100).toFixed(sp < 0.1 ? 1 : 0)}%`;
      lines.push(
        `| ${i === 0 ? g.title : ''} | ${row.impl} | ${fmt(row.value)} | ${pm} | ${i === 0 ? unit : ''} | ${ratio} | ${what} | ${status(row)} |`,
      );
    });
  }
  return lines.join('\n');
}

/** @param {Group[]} results */
export function summary(results) {
  const rows = results.flatMap((g) => g.rows.filter((r) => r.error || r.targets?.length).map((r) => ({ g, r })));
  const missed = rows.filter(({ r }) => status(r) !== 'met');
  const name = ({ g, r }) => `${g.title} / ${r.impl}`;
  if (missed.length === 0) return `targets: all ${rows.length} met`;
  return [
    `targets: ${rows.length - missed.length} of ${rows.length} met, ${missed.length} NOT MET:`,
    ...missed.map(
      (x) =>
        `  - ${name(x)}: ${
          status(x.r) === 'MISSED'
            ? (x.r.targets ?? [])
                .filter((t) => !t.ok)
                .map((t) => t.text)
                .join('; ')
            : status(x.r)
        }`,
    ),
  ].join('\n');
}

/** The figure a row is compared by across runs: its ratio to C, or its value where there is no C row. */
function figureOf(row) {
  return row.ratio ?? row.value;
}

const key = (g, impl) => `${g.title} | ${impl}`;

/** @returns {RecordedRun[]} */
export function readRuns(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).runs;
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
}

/** @param {Group[]} results @param {string} label @param {string} machine */
export function thisRun(results, label, machine) {
  /** @type {Record<string, number>} */
  const figures = {};
  for (const g of results) for (const r of g.rows) if (figureOf(r) !== undefined) figures[key(g, r.impl)] = figureOf(r);
  return { label, machine, figures };
}

export function recordRun(file, run) {
  const runs = readRuns(file);
  writeFileSync(file, `${JSON.stringify({ runs: [...runs, run] }, null, 2)}\n`);
}

const show = (g, row, v) =>
  v === undefined
    ? '—'
    : row.ratio !== undefined || g.rows.some((r) => r.ratio !== undefined)
      ? `${v.toFixed(2)}x`
      : `${fmt(v)} ${g.unit}`;

/**
 * The Markdown for BENCHMARKS.md: one column per recorded run and this one
 * (ratios to C; ms where a row has no C), the spread across them, the target,
 * and what limits the row, with this run's figure of the row that shows it.
 * @param {Group[]} results @param {RecordedRun[]} runs @param {RecordedRun} current
 */
export function historyTable(results, runs, current) {
  const all = [...runs, current];
  const head = `| benchmark | impl | ${all.map((r) => r.label).join(' | ')} | spread across runs | target | limited by |`;
  const lines = [head, `|---|---|${all.map(() => '--:|').join('')}--:|---|---|`];
  for (const g of results) {
    g.rows.forEach((row, i) => {
      const figures = all.map((r) => r.figures[key(g, row.impl)]);
      const known = figures.filter((v) => v !== undefined);
      const [lo, hi] = [Math.min(...known), Math.max(...known)];
      const range = known.length < 2 || lo === hi ? '' : `${show(g, row, lo)} – ${show(g, row, hi)}`;
      const target = (row.targets ?? []).map((t) => t.text).join('; ');
      const limit = g.limits?.[row.impl];
      const shown = limit?.shownBy ? current.figures[key(g, limit.shownBy)] : undefined;
      const evidence = shown === undefined ? '' : ` (${limit?.shownBy}: ${show(g, row, shown)} in ${current.label})`;
      lines.push(
        `| ${i === 0 ? g.title : ''} | ${row.impl} | ${figures.map((v) => show(g, row, v)).join(' | ')} | ${range} | ${target} | ${limit ? limit.text + evidence : ''} |`,
      );
    });
  }
  const machines = all.map((r) => `- **${r.label}**: ${r.machine}`).join('\n');
  return `${lines.join('\n')}\n\n${machines}\n`;
}
