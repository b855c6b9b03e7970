// The Async variants in `make fuzz` (used by fuzz/runner.mjs): a call the
// runner has drawn (its arguments valid, edge or one wrong value) goes to the
// proc's NAMEAsync instead, with an `options` drawn here: none, {}, a signal
// from a small pool that aborts at random moments, an already aborted signal,
// or a wrong value. The runner's loop yields to the event loop every few calls,
// so calls settle while others start, sockets close under pending calls, and
// lookups run on the threadpool. Now and then a worker thread (fuzz/asyncWorker.mjs)
// starts Async calls of its own and ends (terminated, or process.exit()) with
// them pending.
//
// Findings: an Async variant that throws synchronously or returns no Promise;
// a rejection that is not one of the package's error classes or an AbortError;
// a wrong value not rejected with the class the table names; a TypeError or
// RangeError for valid arguments; a worker that ends with an error.
// (Settling order depends on timing: a replay of the seed may not repeat it.)
import { closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./asyncWorker.mjs', import.meta.url);

export function asyncFuzzer({ A, backend, int, pick, chance, finding, errorClass, errorClasses, absorb, counts }) {
  const controllers = Array.from({ length: 4 }, () => new AbortController());
  const pending = new Set();
  counts.async = { calls: 0, resolved: 0, rejected: {}, aborts: 0, syncThrows: 0, workers: 0, workerCalls: 0 };
  const stats = counts.async;

  /** The options argument, and what it must make the call do ('bad': that class; 'abort'; or undefined). */
  function options() {
    const r = int(20);
    if (r < 6) return { args: [] };
    if (r < 8) return { args: [{}] };
    if (r < 15) return { args: [{ signal: pick(controllers).signal }] };
    if (r === 15) return { args: [{ signal: AbortSignal.abort() }], expect: 'AbortError' };
    return { args: [pick([5, 'x', null, true, { signal: 5 }, { signal: {} }, { signal: null }])], expect: 'TypeError' };
  }

  /** Calls `${proc}Async` with the runner's arguments; `expected` is the class a wrong value must give. */
  function call(i, proc, args, intent, expected) {
    const name = `${proc}Async`;
    const opt = options();
    // The classes the call may reject with, when it must reject. Which check
    // comes first (options, handle, the other arguments) is the variant's own
    // order, so a wrong argument next to wrong options may give either class;
    // an edge value next to an aborted signal may be refused first.
    const allowed = new Set([intent === 'bad' ? expected : undefined, opt.expect].filter(Boolean));
    // (ValueError even for valid arguments: the proc raises it for a name or address it refuses.)
    if (opt.expect === 'AbortError')
      for (const c of intent === 'valid' ? ['ValueError'] : ['TypeError', 'RangeError', 'ValueError']) allowed.add(c);
    const must = allowed.size > 0 ? [...allowed].join(' or ') : undefined;
    const describeCall = () => ({
      proc: name,
      intent,
      options: String(
        opt.args[0] === undefined ? 'none' : Object.keys(opt.args[0] ?? {}).join(',') || typeof opt.args[0],
      ),
    });
    stats.calls++;
    let p;
    try {
      p = A[name](...args, ...opt.args);
    } catch (e) {
      stats.syncThrows++;
      finding(
        i,
        `${name} threw synchronously (${errorClass(e)}: ${String(e?.message ?? e).slice(0, 160)}); an Async variant rejects`,
        describeCall(),
      );
      return;
    }
    if (!(p instanceof Promise)) {
      finding(i, `${name} returned ${typeof p}, not a Promise`, describeCall());
      return;
    }
    pending.add(p);
    p.then(
      (r) => {
        pending.delete(p);
        stats.resolved++;
        if (must) finding(i, `${name} resolved where it must reject with ${must}`, describeCall());
        absorb(proc, args, r);
      },
      (e) => {
        pending.delete(p);
        const c = errorClass(e);
        stats.rejected[c] = (stats.rejected[c] ?? 0) + 1;
        if (c !== 'AbortError' && !errorClasses.includes(c))
          finding(i, `${name} rejected with ${c}: ${String(e?.message ?? e).slice(0, 160)}`, describeCall());
        else if (must && !allowed.has(c)) {
          finding(i, `${name} rejected with ${c}, not ${must}`, describeCall());
        } else if (!must && intent === 'valid' && (c === 'TypeError' || c === 'RangeError')) {
          finding(i, `${name}: valid arguments, but ${c}: ${String(e?.message ?? e).slice(0, 160)}`, describeCall());
        }
      },
    );
  }

  /** Between calls: sometimes aborts a pooled signal (and replaces it). */
  function tick() {
    if (chance(0.02)) {
      const k = int(controllers.length);
      controllers[k].abort(new Error('fuzz abort'));
      controllers[k] = new AbortController();
      stats.aborts++;
    }
  }

  /** A worker thread that starts Async calls and ends with them pending; resolves when it has ended. */
  async function workerRound(i, seed) {
    stats.workers++;
    const how = pick(['terminate', 'exit', 'terminate-at-once']);
    const worker = new Worker(WORKER, { workerData: { backend, seed, how, calls: 50 + int(500) }, env: process.env });
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    /** @type {Error | undefined} */
    let error;
    let fds = [];
    worker.once('error', (e) => (error = e));
    if (how === 'terminate-at-once') await worker.terminate();
    else {
      const report = await Promise.race([
        new Promise((resolve) => worker.once('message', resolve)),
        exited.then(() => undefined),
      ]);
      if (report?.error) finding(i, `async worker: ${report.error}`, { how });
      stats.workerCalls += report?.calls ?? 0;
      if (how === 'terminate') await worker.terminate();
      fds = report?.fds ?? [];
    }
    await exited;
    // Its sockets are the run's to close, as in C (a terminated thread closes none).
    for (const fd of fds) {
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
    }
    if (error)
      finding(i, `async worker ended with ${errorClass(error)}: ${String(error?.message ?? error).slice(0, 200)}`, {
        how,
      });
  }

  /** Waits (bounded) for every pending call to settle; the runner closes its sockets first. */
  async function drain(ms) {
    let timer;
    await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    return pending.size;
  }

  return { call, tick, workerRound, drain };
}
