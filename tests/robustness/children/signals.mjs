// Signals and races, each scenario in a process of its own:
//   node signals.mjs <napi|koffi> <scenario>
// prints one JSON line with what happened. A helper thread (a worker) watches
// the blocked thread's state in /proc/self/task/<tid>/stat and acts only once
// that thread sleeps inside the call: no fixed sleeps, every wait bounded.
//
// Node installs its signal handlers (process.on('SIGUSR2'), and libuv's SIGCHLD)
// with SA_RESTART, so a blocking recv or accept interrupted by one is restarted
// by the kernel and the caller never sees EINTR. Nim installs no handler of its
// own; a Nim program sees EINTR only when it installs one without SA_RESTART.
// `siginterrupt(sig, 1)` makes Node's handler such a handler: then recv and
// accept return -1 with osLastError() = EINTR, as Nim's do, and nothing is lost
// (a retry gets the data). poll() is never restarted by the kernel; selectRead
// retries it for the time left (runtime/procs/select.ts) instead of returning
// -1 with EINTR as Nim's select() would.
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { libc, loadApi, loopback } from './api.mjs';

const DEADLINE_MS = 10_000;
const SIGUSR2 = 12; // Linux

/** The one-letter state of a thread of this process ('R', 'S', …). */
function threadState(tid) {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Whether signal `sig` is pending for thread `tid` (not yet delivered). */
function pending(tid, sig) {
  const line = readFileSync(`/proc/self/task/${tid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('SigPnd:'));
  return (BigInt(`0x${(line ?? '').slice(7).trim()}`) & (1n << BigInt(sig - 1))) !== 0n;
}

/** The number of the system call thread `tid` sleeps in (/proc/…/syscall), or what the file says. */
function syscallOf(tid) {
  const first = readFileSync(`/proc/self/task/${tid}/syscall`, 'utf8').split(' ')[0].trim();
  return /^\d+$/.test(first) ? Number(first) : first;
}

/** System call numbers of the calls under test, where known: the thread must sleep in that one (not, say, in a futex). */
const SYSCALLS =
  {
    x64: { recv: 45, accept: 288, poll: 7 },
    arm64: { recv: 207, accept: 242, poll: 73 },
  }[process.arch] ?? {};

/** Whether thread `tid` sleeps, and (where the number is known) in system call `call`. */
function sleepsIn(tid, call) {
  if (threadState(tid) !== 'S') return false;
  const expected = SYSCALLS[call];
  return expected === undefined || syscallOf(tid) === expected;
}

/** Polls `condition` until it holds; throws after the deadline. */
function waitFor(what, condition) {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + DEADLINE_MS;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    Atomics.wait(gate, 0, 0, 1);
  }
}

/** Shared between the threads: [0] step, [1] the blocked thread's tid. */
const STEP = 0;
const TID = 1;

/** A blocking loopback TCP pair and its listener. */
function pair(A) {
  const listener = A.createNativeSocket();
  if (A.bindAddr(listener, loopback(A, 0), 16) !== 0 || A.listen(listener) !== 0) throw new Error('listener');
  const port = A.getSockName(listener);
  const client = A.createNativeSocket();
  if (A.connect(client, loopback(A, port), 16) !== 0) throw new Error('connect');
  const [server] = A.accept(listener);
  if (server < 0) throw new Error('accept');
  return { listener, port, client, server };
}

// ---- the helper thread -----------------------------------------------------
if (!isMainThread) {
  const { backend, shared, task } = workerData;
  const A = await loadApi(backend);
  const state = new Int32Array(shared);
  const { tgkill, gettid } = libc();
  const sleeping = () => sleepsIn(Atomics.load(state, TID), task.waitsIn);
  const report = (x) => parentPort?.postMessage(x);
  try {
    if (task.kind === 'interrupt') {
      // Wait until the main thread sleeps in the call, signal it, then (once it
      // sleeps again, in the restarted call or in its retry) send the data.
      waitFor('the main thread to block', () => Atomics.load(state, STEP) === 1 && sleeping());
      const blockedIn = syscallOf(process.pid);
      tgkill(process.pid, process.pid, SIGUSR2);
      // Delivered while it slept in the call; then it sleeps again (restarted, or
      // retrying) — unless the interrupted call returns to the caller for good.
      waitFor('the signal to be delivered', () => !pending(process.pid, SIGUSR2) && (task.returns || sleeping()));
      report({ blockedIn, stepAfterSignal: Atomics.load(state, STEP) });
      if (task.send !== undefined) report({ sent: A.send(task.send, new TextEncoder().encode('ping'), 4, 0) });
      if (task.connectTo !== undefined) {
        const c = A.createNativeSocket();
        report({ connected: A.connect(c, loopback(A, task.connectTo), 16), client: c });
      }
    } else if (task.kind === 'block') {
      // This thread blocks in a call on a handle the main thread closes meanwhile.
      Atomics.store(state, TID, gettid());
      Atomics.store(state, STEP, 1);
      const buf = new Uint8Array(16);
      let first;
      if (task.call === 'recv') first = A.recv(task.fd, buf, 16, 0);
      else if (task.call === 'selectRead') first = A.selectRead([task.fd], -1);
      else if (task.call === 'accept') first = A.accept(task.fd)[0];
      const firstError = A.osLastError();
      if (task.call === 'accept' && first >= 0) A.close(first);
      // The handle is closed now: a second call fails with EBADF, whatever the first did.
      const second = A.recv(task.fd, buf, 16, 0);
      report({ first, firstError, second, secondError: A.osLastError() });
    }
  } catch (e) {
    report({ error: String(e?.stack ?? e) });
  }
  process.exit(0);
}

// ---- the scenarios ---------------------------------------------------------
const [backend, scenario] = process.argv.slice(2);
const A = await loadApi(backend);
const { siginterrupt } = libc();
const shared = new SharedArrayBuffer(8);
const state = new Int32Array(shared);
Atomics.store(state, TID, process.pid);

/** Starts the helper thread; resolves with the messages it posted once it has exited. */
function helper(task) {
  const messages = [];
  const worker = new Worker(new URL(import.meta.url), { workerData: { backend, shared, task } });
  worker.on('message', (m) => messages.push(m));
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', () => resolve(Object.assign({}, ...messages)));
  });
}

let signals = 0;
let signalled;
const handled = new Promise((resolve) => (signalled = resolve));
process.on('SIGUSR2', () => {
  signals++;
  signalled();
});
/**
 * Waits (bounded) for the JavaScript listener, which runs on the event loop
 * after the call returns. The timer keeps the loop alive meanwhile: Node's
 * signal watchers do not.
 */
const drain = () =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, DEADLINE_MS);
    handled.then(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });

const started = performance.now();
let result;
switch (scenario) {
  case 'recv-restart':
  case 'recv-eintr': {
    if (scenario === 'recv-eintr') siginterrupt(SIGUSR2, 1);
    const { client, server } = pair(A);
    const done = helper({ kind: 'interrupt', send: server, waitsIn: 'recv' });
    const buf = new Uint8Array(16);
    const calls = [];
    Atomics.store(state, STEP, 1);
    let r = A.recv(client, buf, 16, 0);
    calls.push([r, r === -1 ? A.osLastError() : 0]);
    Atomics.store(state, STEP, 2);
    // As a Nim caller would: retry after EINTR.
    while (r === -1 && A.osLastError() === A.EINTR && calls.length < 5) {
      r = A.recv(client, buf, 16, 0);
      calls.push([r, r === -1 ? A.osLastError() : 0]);
    }
    const w = await done;
    await drain();
    result = { calls, data: new TextDecoder().decode(buf.subarray(0, Math.max(r, 0))), signals, helper: w };
    break;
  }
  case 'accept-eintr': {
    siginterrupt(SIGUSR2, 1);
    const { listener, port } = pair(A);
    const done = helper({ kind: 'interrupt', connectTo: port, waitsIn: 'accept' });
    const calls = [];
    Atomics.store(state, STEP, 1);
    let [h, peer] = A.accept(listener);
    calls.push([h, h === -1 ? A.osLastError() : 0, peer]);
    Atomics.store(state, STEP, 2);
    while (h === -1 && A.osLastError() === A.EINTR && calls.length < 5) {
      [h, peer] = A.accept(listener);
      calls.push([h >= 0 ? 'handle' : h, h === -1 ? A.osLastError() : 0, peer]);
    }
    const w = await done;
    await drain();
    result = { calls, signals, helper: { connected: w.connected } };
    break;
  }
  case 'select-eintr': {
    siginterrupt(SIGUSR2, 1);
    const { client, server } = pair(A);
    const done = helper({ kind: 'interrupt', send: server, waitsIn: 'poll', returns: true });
    const fds = [client];
    // A wait without limit: the signal interrupts poll(), which returns -1 with EINTR.
    Atomics.store(state, STEP, 1);
    const r = A.selectRead(fds, -1);
    const w = await done;
    await drain();
    result = {
      selectRead: r,
      lastError: r === -1 ? A.osLastError() : 0,
      kept: fds.length === 1 && fds[0] === client,
      signals,
      helper: w,
    };
    break;
  }
  case 'close-while-recv':
  case 'close-while-select':
  case 'close-while-accept': {
    const { client, server, listener, port } = pair(A);
    const call = { recv: 'recv', select: 'selectRead', accept: 'accept' }[scenario.slice('close-while-'.length)];
    const target = call === 'accept' ? listener : client;
    // Made before the close, so that no new handle takes the closed one's number.
    const waker = A.createNativeSocket();
    const done = helper({ kind: 'block', call, fd: target });
    waitFor(
      'the helper thread to block',
      () =>
        Atomics.load(state, STEP) === 1 && sleepsIn(Atomics.load(state, TID), call === 'selectRead' ? 'poll' : call),
    );
    const blockedIn = syscallOf(Atomics.load(state, TID));
    A.close(target);
    // Linux keeps the socket alive while a call sleeps on it: wake that call
    // the way its peer would (data, or a connection), then it returns.
    const woke =
      call === 'accept'
        ? A.connect(waker, loopback(A, port), 16)
        : A.send(server, new TextEncoder().encode('ping'), 4, 0);
    const w = await done;
    result = { call, blockedIn, woke, helper: w };
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
console.log(
  JSON.stringify({
    backend: A.backend,
    scenario,
    ms: Math.round(performance.now() - started),
    EINTR: A.EINTR,
    EBADF: A.EBADF,
    ...result,
  }),
);
process.exit(0);
