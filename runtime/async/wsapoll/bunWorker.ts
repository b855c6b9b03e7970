// The thread of Bun's reactor on Windows (wsaPollLoop.ts): blocked in WSAPoll
// on the armed slots of the shared interest set and the wake socket, it posts
// each batch of (id, revents) pairs to the JS thread, disarming each slot it
// reports (one-shot), and polls again. It makes no socket call but the wake
// socket's recv; it ends when the stop flag is set and the wake socket wakes it,
// and each WSAPoll is bounded (sys.ts WSAPOLL_TIMEOUT_MS) so that a terminate()
// of the owning thread can end it.
import { parentPort, workerData } from 'node:worker_threads';
import { bunWs2 } from './bunWs2.js';
import { InterestSet, POLLRDNORM, toWsaPoll, WSAPOLL_MAX_SLOTS, WSAPOLL_TIMEOUT_MS, WSAPOLLFD_SIZE } from './sys.js';

const { buffer, wakeSocket } = workerData as { buffer: SharedArrayBuffer; wakeSocket: number };
const set = new InterestSet(buffer);
const ws2 = bunWs2();
const fds = new Uint8Array(WSAPOLLFD_SIZE * (WSAPOLL_MAX_SLOTS + 1));
const view = new DataView(fds.buffer);
/** The slot and the arm word of each entry after the wake socket's. */
const polledSlots = new Int32Array(WSAPOLL_MAX_SLOTS);
const polledWords = new Int32Array(WSAPOLL_MAX_SLOTS);
/** An `Atomics.wait` target that nobody notifies: a short pause after a failed WSAPoll. */
const pause = new Int32Array(new SharedArrayBuffer(4));

function entry(at: number, socket: number, events: number): void {
  view.setBigInt64(at * WSAPOLLFD_SIZE, BigInt(socket), true);
  view.setInt16(at * WSAPOLLFD_SIZE + 8, events, true);
  view.setInt16(at * WSAPOLLFD_SIZE + 10, 0, true);
}

while (!set.stopped) {
  entry(0, wakeSocket, POLLRDNORM);
  let count = 0;
  const used = set.used;
  for (let slot = 0; slot < used; slot++) {
    const word = Atomics.load(set.words, slot);
    if (word === 0) continue;
    polledSlots[count] = slot;
    polledWords[count] = word;
    count++;
    entry(count, set.sockets[slot]!, toWsaPoll(word & 7));
  }
  const n = ws2.poll(fds, count + 1, WSAPOLL_TIMEOUT_MS);
  if (n < 0) {
    // A socket closed between the snapshot and the call: the JS thread woke us, or will.
    Atomics.wait(pause, 0, 0, 1);
    continue;
  }
  if (view.getInt16(10, true) !== 0) ws2.drain(wakeSocket);
  const ready: number[] = [];
  for (let i = 0; i < count; i++) {
    const revents = view.getInt16((i + 1) * WSAPOLLFD_SIZE + 10, true);
    if (revents === 0) continue;
    const slot = polledSlots[i]!;
    // Reported once: the JS thread arms the slot again when it wants more.
    const id = Atomics.load(set.ids, slot);
    if (Atomics.compareExchange(set.words, slot, polledWords[i]!, 0) === polledWords[i])
      ready.push(id, revents & 0xffff);
  }
  if (ready.length > 0) parentPort!.postMessage(ready);
}
