// The thread of Bun's reactor on Linux (runtimeLoops.ts): blocked in epoll_wait on the
// JS thread's epoll set, it posts each batch of (id, events) pairs to that
// thread and waits again. It makes no socket call; it ends when the `stop`
// flag is set and the set's eventfd wakes it.
import { parentPort, workerData } from 'node:worker_threads';
import { WAKE_ID } from '../oneShotLoop.js';
import { bunLibc } from './bunLibc.js';
import { EPOLL_EVENT_SIZE, EPOLL_MAX_EVENTS, readEpollEvents } from './sys.js';

const { epfd, wakeFd, stop } = workerData as { epfd: number; wakeFd: number; stop: SharedArrayBuffer };
const stopped = new Int32Array(stop);
const sys = bunLibc();
const events = new Uint8Array(EPOLL_EVENT_SIZE * EPOLL_MAX_EVENTS);
const view = new DataView(events.buffer);

while (Atomics.load(stopped, 0) === 0) {
  const n = sys.epollWait(epfd, events, EPOLL_MAX_EVENTS, -1);
  if (n <= 0) continue; // EINTR
  const pairs = readEpollEvents(view, n);
  const ready: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    // The wake-up eventfd is level-triggered: read it here, or this loop would spin.
    if (pairs[i] === WAKE_ID) sys.drain(wakeFd);
    else ready.push(pairs[i]!, pairs[i + 1]!);
  }
  if (ready.length > 0) parentPort!.postMessage(ready);
}
