// One fuzz run on one backend: `node fuzz/runner.mjs <napi|koffi> <seed> <calls> [traceFrom]`.
// Random call sequences drawn from the spec's signatures (the typed model, and
// the per-type value table of generator/plan/badInputPlan.ts), with a
// seeded generator: most calls take valid arguments — the plain values
// (flags, levels, options, commands, names) the spec's conformance cases pass
// (generator/plan/caseArguments.ts), the rest from a pool of live loopback
// sockets, addresses, buffers and AddrInfo lists the run builds and keeps
// changing (fuzz/values.mjs, by the parameter's kind: no proc has a case of
// its own); some take one wrong or edge value from the table.
//
// Findings: a thrown value that is not one of the package's error classes; a
// TypeError or RangeError for valid arguments, or an error class a proc does
// not raise; a wrong value not refused with the class the table names; a
// result that breaks the proc's contract (a -1 without osLastError(), a pruned
// array that is not a subset of the handles given, ...). The parent (fuzz.mjs)
// adds crashes, AddressSanitizer reports and hangs.
//
// Safety: handles are only the run's own sockets, never-open numbers and -1
// (never 0-2 nor Node's own descriptors); sockets are non-blocking (a
// setBlocking(h, true) is never issued on a live one, and F_SETFL sets
// O_NONBLOCK only: no O_ASYNC, F_SETOWN or F_SETSIG); no raw, packet or netlink
// sockets; every address a call can send to is 127.0.0.1, ::1 or a Unix path
// in the run's temporary directory (also its working directory); names that
// reach the resolver are loopback or unspecified numeric text, or hold a label
// over 63 bytes, which the resolver refuses without sending anything.
//
// The run's parts: fuzz/setup.mjs (command line, API, plan, constants,
// randomness), fuzz/pool.mjs (sockets, addresses, safety), fuzz/values.mjs
// (valid arguments), fuzz/contract.mjs (result contracts), fuzz/asyncCalls.mjs
// (the Async variants).
import { rmSync, writeSync } from 'node:fs';
import { ERROR_CLASSES, errorClass as sharedErrorClass } from '../tests/support/common.mjs';
import { asyncFuzzer } from './asyncCalls.mjs';
import { contract, describe } from './contract.mjs';
import { absorb, addrInfos, endpoints, replenish, sanitize, sockets, track, untrack } from './pool.mjs';
import {
  A,
  backend,
  CALLS,
  caseArguments,
  chance,
  dir,
  F,
  int,
  pick,
  plans,
  platform,
  seed,
  TRACE_FROM,
} from './setup.mjs';
import { bufferOf, validValue } from './values.mjs';

// ---- the calls -----------------------------------------------------------------
const errorClass = (e) => sharedErrorClass(A, e);

// Every (proc, overload) with its compiled table values.
const targets = [];
for (const plan of plans) {
  const p = plan.proc;
  if (!p.platforms.includes(platform) || typeof A[p.name] !== 'function') continue;
  for (const o of plan.overloads) {
    const params = o.params.map((param) => ({
      ...param,
      compiled: param.values
        .filter((value) => !value.platforms || value.platforms.includes(platform))
        .map((value) => ({ ...value, make: new Function('A', 'F', `return (${value.src});`) })),
    }));
    // The spec's valid calls of this proc here: each argument's maker, undefined where the case passes no plain value.
    const cases = caseArguments(p)
      .filter((c) => !c.platforms || c.platforms.includes(platform))
      .map((c) => c.args.map((src) => (src === undefined ? undefined : new Function('A', `return (${src});`))));
    // Per parameter, the values the cases pass at its position (the valid values of a plain parameter).
    for (const [k, param] of params.entries()) {
      param.fromCases = cases.map((c) => c[k]?.(A)).filter((value) => value !== undefined);
    }
    targets.push({ proc: p.name, raises: p.raises, calls: p.calls, params, cases });
  }
}

const findings = [];
const counts = {
  calls: 0,
  returned: 0,
  threw: {},
  byProc: {},
  badValues: 0,
  edgeValues: 0,
  extras: 0,
  trafficMoves: 0,
  maxSockets: 0,
  bytesReceived: 0,
  bytesSent: 0,
  accepted: 0,
  connected: 0,
};
/** A running hash of every call's outcome (class and code): the same seed must give the same on both backends. */
let trail = 0x811c9dc5;
function mix(text) {
  for (let k = 0; k < text.length; k++) trail = Math.imul(trail ^ text.charCodeAt(k), 16777619) >>> 0;
}
function finding(i, what, detail) {
  if (findings.length < 100) findings.push({ i, seed, what, ...detail });
}

/**
 * Moves that make traffic, so that random recv / recvfrom / select calls often
 * find data (where a missing bound would write past a buffer): a connected
 * loopback pair (connect, then accept), bytes sent on a connection, a datagram
 * sent to a bound UDP socket. Ordinary API calls, counted as calls.
 */
function traffic() {
  counts.trafficMoves++;
  const r = int(3);
  if (r === 0) {
    const listener = sockets.find((x) => x.kind === 'listener');
    const address = endpoints.find(
      (e) => e instanceof A.Sockaddr_in && listener && A.getSockName(listener.h) === A.ntohs(e.sin_port),
    );
    if (!listener || !address) return;
    const c = A.createNativeSocket();
    if (c < 0) return;
    track(c, 'conn');
    A.connect(c, address, 16);
    const [h] = A.accept(listener.h);
    if (h >= 0) {
      track(h, 'conn');
      counts.accepted++;
    }
  } else if (r === 1) {
    const conns = sockets.filter((x) => x.kind === 'conn');
    if (conns.length === 0) return;
    const n = pick([1, 16, 100, 1500, 4000]);
    const sent = A.send(pick(conns).h, bufferOf(n), n, A.MSG_NOSIGNAL ?? 0);
    if (sent > 0) counts.bytesSent += sent;
  } else {
    const udp = endpoints.filter((e) => e instanceof A.Sockaddr_in);
    const to = pick(udp);
    const from = sockets.find((x) => x.kind === 'udp');
    if (!to || !from) return;
    const n = pick([0, 1, 64, 1500, 9000]);
    A.sendto(from.h, bufferOf(n), n, 0, to, 16);
  }
}

/** Calls outside the procs: AddrInfo's own API, struct fields, Port. */
function extra(i) {
  counts.extras++;
  try {
    switch (int(6)) {
      case 0: {
        const ai = pick(addrInfos);
        if (ai) for (const n of ai) void (n.ai_addr && n.ai_canonname);
        break;
      }
      case 1: {
        const ai = pick(addrInfos);
        if (ai) ai[Symbol.dispose]();
        break;
      }
      case 2: {
        const sa = pick([
          new A.Sockaddr_in(),
          new A.Sockaddr_in6(),
          new A.Sockaddr_storage(),
          ...(A.Sockaddr_un ? [new A.Sockaddr_un()] : []),
        ]);
        const fields = Object.getOwnPropertyNames(Object.getPrototypeOf(sa)).filter((f) => f !== 'constructor');
        const f = pick(fields);
        const value = pick([0, 1, -1, 255, 65536, 2 ** 32, 1.5, NaN, 'x', null, new Uint8Array(int(200))]);
        try {
          sa[f] = value;
        } catch (e) {
          const c = errorClass(e);
          if (c !== 'TypeError' && c !== 'RangeError')
            finding(i, `struct field ${sa.constructor.name}.${f} = ${describe(value)} threw ${c}`, {});
        }
        break;
      }
      case 3: {
        const bytes = new Uint8Array(int(200));
        try {
          new (pick([A.Sockaddr_in, A.Sockaddr_in6, A.Sockaddr_storage, A.InAddr]))(bytes);
        } catch (e) {
          if (!(e instanceof RangeError)) finding(i, `struct over ${bytes.length} bytes threw ${errorClass(e)}`, {});
        }
        break;
      }
      default: {
        const ai = pick(addrInfos);
        if (ai) {
          try {
            void ai.ai_next?.ai_family;
          } catch (e) {
            if (!(e instanceof A.ValueError)) finding(i, `reading a freed AddrInfo threw ${errorClass(e)}`, {});
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof A.ValueError)) finding(i, `AddrInfo use threw ${errorClass(e)}: ${e?.message}`, {});
  }
}

/** The Async variants (fuzz/asyncCalls.mjs): a share of the calls, and worker threads that end with calls pending. */
const ASYNC_SHARE = 0.5;
const WORKER_EVERY = 10_000;
const fuzzAsync = asyncFuzzer({
  A,
  backend,
  int,
  pick,
  chance,
  finding,
  errorClass,
  errorClasses: ERROR_CLASSES,
  absorb,
  counts,
});

replenish();
const started = performance.now();
for (let i = 0; i < CALLS; i++) {
  if (i % 5000 === 0) writeSync(1, `P ${i} ${trail.toString(16)}\n`);
  if (i % 1000 === 0) replenish();
  // Let the loop turn: pending Async calls settle, abort, or see their socket closed.
  if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  if (i % WORKER_EVERY === WORKER_EVERY / 2) await fuzzAsync.workerRound(i, (seed + i) >>> 0);
  fuzzAsync.tick();
  counts.maxSockets = Math.max(counts.maxSockets, sockets.length);
  counts.calls++;
  if (chance(0.05)) {
    extra(i);
    continue;
  }
  if (chance(0.04)) {
    traffic();
    continue;
  }
  const target = pick(targets);
  const { proc } = target;
  /** @type {any[]} */
  const args = [];
  // Half the calls take their plain values from one of the spec's cases (so that pairs such as a level and its option agree).
  const fromCase = target.cases.length > 0 && chance(0.5) ? pick(target.cases) : undefined;
  let intent = 'valid';
  let expected;
  let varied = -1;
  if (chance(0.2)) varied = int(target.params.length);
  try {
    for (let k = 0; k < target.params.length; k++) {
      const param = target.params[k];
      if (k === varied && param.compiled.length > 0) {
        const value = pick(param.compiled);
        args.push(value.make(A, F));
        if (
          (value.expect === 'TypeError' || value.expect === 'RangeError' || value.expect === 'ValueError') &&
          !value.relative
        ) {
          intent = 'bad';
          expected = value.expect;
          counts.badValues++;
        } else {
          intent = intent === 'bad' ? 'bad' : 'edge';
          counts.edgeValues++;
        }
      } else args.push(validValue(param, args, target, fromCase?.[k]?.(A)));
    }
  } catch (e) {
    finding(i, `the fuzzer could not make arguments for ${proc}: ${e?.stack ?? e}`, {});
    continue;
  }
  try {
    if (sanitize(proc, args, target) && intent === 'bad') intent = 'edge';
  } catch (e) {
    finding(i, `the fuzzer could not check the arguments of ${proc}: ${e?.stack ?? e}`, {});
    continue;
  }
  if (typeof A[`${proc}Async`] === 'function' && chance(ASYNC_SHARE)) {
    if (i >= TRACE_FROM) writeSync(1, `C ${i} ${proc}Async(${args.map((a) => describe(a)).join(', ')}) ${intent}\n`);
    fuzzAsync.call(i, proc, args, intent, expected);
    mix(`${proc}Async;`);
    continue;
  }
  if (i >= TRACE_FROM) writeSync(1, `C ${i} ${proc}(${args.map((a) => describe(a)).join(', ')}) ${intent}\n`);
  const before = proc.startsWith('select') && Array.isArray(args[0]) ? args[0].slice() : undefined;
  let outcome;
  let r;
  let code = '';
  try {
    r = A[proc](...args);
    outcome = 'returned';
  } catch (e) {
    outcome = errorClass(e);
    if (outcome === 'OSError') code = e.code;
    if (!ERROR_CLASSES.includes(outcome))
      finding(i, `threw ${outcome}: ${String(e?.message ?? e).slice(0, 200)}`, {
        proc,
        args: args.map((a) => describe(a)),
      });
  }
  mix(`${proc}:${outcome}:${code}:${typeof r === 'number' ? Math.sign(r) : ''};`);
  if (i >= TRACE_FROM) writeSync(1, `O ${i} ${outcome} ${code} ${outcome === 'returned' ? describe(r) : ''}\n`);
  counts.byProc[proc] = (counts.byProc[proc] ?? 0) + 1;
  if (outcome === 'returned') {
    if ((proc === 'recv' || proc === 'recvfrom') && r > 0) counts.bytesReceived += r;
    else if ((proc === 'send' || proc === 'sendto') && r > 0) counts.bytesSent += r;
    else if (proc === 'accept' && r[0] >= 0) counts.accepted++;
    else if (proc === 'connect' && r === 0) counts.connected++;
  }
  if (outcome === 'returned') counts.returned++;
  else counts.threw[outcome] = (counts.threw[outcome] ?? 0) + 1;
  const call = () => ({ proc, args: args.map((a) => describe(a)), intent, outcome });
  if (intent === 'bad' && outcome !== expected) finding(i, `a wrong value was not refused with ${expected}`, call());
  if (intent === 'valid' && outcome !== 'returned' && !target.raises.includes(outcome)) {
    finding(i, `valid arguments, but ${outcome}`, call());
  }
  if (outcome === 'returned') {
    const wrong = contract(proc, args, r, before);
    if (wrong) finding(i, `contract: ${wrong}`, call());
    absorb(proc, args, r);
  } else if (proc === 'close' && typeof args[0] === 'number') untrack(args[0]);
}
const ms = performance.now() - started;
for (const s of sockets) A.close(s.h);
const stillPending = await fuzzAsync.drain(10_000);
if (stillPending > 0)
  finding(CALLS, `${stillPending} Async calls still pending 10 s after every socket was closed`, {});
rmSync(dir, { recursive: true, force: true });
writeSync(
  1,
  `${JSON.stringify({ backend: A.backend, seed, trail: trail.toString(16), ms: Math.round(ms), callsPerSecond: Math.round((counts.calls / ms) * 1000), ...counts, findings })}\n`,
);
