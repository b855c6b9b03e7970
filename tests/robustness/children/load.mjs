// Many concurrent loopback TCP connections, two processes (each end of a
// connection is a descriptor, and one process may hold 20000 at most here):
//   node load.mjs <napi|koffi> server <listeners> <connections>
//   node load.mjs <napi|koffi> client <connections> <port,port,…>
// Both are driven over stdin/stdout, one JSON line per step, by
// tests/robustness/load.test.ts (or tests/robustness/soak.mjs):
//   server: prints {ports}; accepts every connection, prints {accepted};
//           'send <k>' sends a byte on every k-th connection, prints {sent};
//           'close' closes every connection first (so TIME_WAIT stays on the
//           listeners' ports), prints {closed}.
//   client: connects every socket, prints {connected};
//           'select' runs selectWrite and selectRead over all, prints the counts;
//           'read <n>' waits (bounded) until selectRead finds the n sockets with
//           a byte, reads them, prints {read}; 'close' closes all, prints {closed}.
import { createInterface } from 'node:readline';
import { loadApi, loopback } from './api.mjs';

const [backend, role, ...rest] = process.argv.slice(2);
const A = await loadApi(backend);
const out = (x) => process.stdout.write(`${JSON.stringify({ role, ...x })}\n`);
const DEADLINE_MS = 20_000;

const fail = (what) => {
  out({ error: `${what}: errno ${A.osLastError()} (${A.osErrorMsg(A.osLastError())})` });
  process.exit(2);
};

/** Commands from stdin, one at a time. */
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function command() {
  const { value, done } = await lines.next();
  if (done) process.exit(0);
  return value.trim().split(' ');
}

if (role === 'server') {
  const listenerCount = Number(rest[0]);
  const total = Number(rest[1]);
  const listeners = [];
  for (let i = 0; i < listenerCount; i++) {
    const s = A.createNativeSocket();
    A.setSockOptInt(s, A.SOL_SOCKET, A.SO_REUSEADDR, 1);
    if (A.bindAddr(s, loopback(A, 0), 16) !== 0 || A.listen(s, A.SOMAXCONN) !== 0) fail('listener');
    A.setBlocking(s, false);
    listeners.push(s);
  }
  out({ ports: listeners.map((s) => A.getSockName(s)) });
  const accepted = [];
  const started = performance.now();
  const end = Date.now() + DEADLINE_MS * 3;
  while (accepted.length < total) {
    if (Date.now() > end) fail(`accepted only ${accepted.length} of ${total}`);
    const ready = listeners.slice();
    if (A.selectRead(ready, 1000) === -1) fail('selectRead on the listeners');
    for (const l of ready) {
      for (;;) {
        const [h] = A.accept(l);
        if (h === A.osInvalidSocket) {
          if (A.osLastError() !== A.EAGAIN && A.osLastError() !== A.EWOULDBLOCK) fail('accept');
          break;
        }
        accepted.push(h);
      }
    }
  }
  out({ accepted: accepted.length, ms: Math.round(performance.now() - started) });
  const one = Uint8Array.of(42);
  for (;;) {
    const [cmd, arg] = await command();
    if (cmd === 'send') {
      const k = Number(arg);
      let sent = 0;
      for (let i = 0; i < accepted.length; i += k) {
        if (A.send(accepted[i], one, 1, 0) !== 1) fail('send');
        sent++;
      }
      out({ sent });
    } else if (cmd === 'close') {
      for (const h of accepted) A.close(h);
      for (const l of listeners) A.close(l);
      out({ closed: accepted.length });
      process.exit(0);
    }
  }
} else if (role === 'client') {
  const total = Number(rest[0]);
  const ports = rest[1].split(',').map(Number);
  const addresses = ports.map((port) => loopback(A, port));
  const sockets = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const s = A.createNativeSocket();
    if (s === A.osInvalidSocket) fail(`socket ${i}`);
    // Blocking connect: loopback completes it from the listener's backlog.
    if (A.connect(s, addresses[i % addresses.length], 16) !== 0) fail(`connect ${i}`);
    sockets.push(s);
  }
  out({ connected: sockets.length, highestHandle: Math.max(...sockets), ms: Math.round(performance.now() - started) });
  for (;;) {
    const [cmd, arg] = await command();
    if (cmd === 'select') {
      const w = sockets.slice();
      let t = performance.now();
      const writable = A.selectWrite(w, 5000);
      const writeMs = performance.now() - t;
      const r = sockets.slice();
      t = performance.now();
      const readable = A.selectRead(r, 0);
      const readMs = performance.now() - t;
      out({
        writable,
        writeKept: w.length,
        readable,
        readKept: r.length,
        writeMs: +writeMs.toFixed(1),
        readMs: +readMs.toFixed(1),
      });
    } else if (cmd === 'read') {
      const expected = Number(arg);
      const end = Date.now() + DEADLINE_MS;
      let ready = [];
      let rounds = 0;
      // Loopback delivers at once, but the bytes come from another process: wait, bounded.
      while (ready.length < expected && Date.now() < end) {
        ready = sockets.slice();
        if (A.selectRead(ready, 200) === -1) fail('selectRead');
        rounds++;
      }
      const buf = new Uint8Array(4);
      let bytes = 0;
      for (const s of ready) bytes += Math.max(0, A.recv(s, buf, 4, 0));
      const after = sockets.slice();
      out({ readable: ready.length, bytes, rounds, readableAfterRead: A.selectRead(after, 0) });
    } else if (cmd === 'close') {
      for (const s of sockets) A.close(s);
      out({ closed: sockets.length });
      process.exit(0);
    }
  }
} else {
  throw new Error('usage: load.mjs <napi|koffi> server <listeners> <connections> | client <connections> <ports>');
}
