// The reactor of each runtime without libuv, one per JS thread (module state
// is per thread), shared by every backend: the descriptors are the OS's, not
// one backend's.
//   Bun:  one Worker blocked in epoll_wait (bunWorker.ts), posting readiness.
//   Deno: epoll_wait as a `nonblocking` Deno.dlopen symbol, one call at a time.
// Linux only for now: a kqueue or WSAPoll reactor fits the same EpollWaiter /
// EventLoop split, and until then the Async socket calls there throw.
import { Worker } from 'node:worker_threads';
import type { JsRuntime } from '../../jsRuntime.js';
import { bunLibc } from './bunLibc.js';
import { denoLibc } from './denoLibc.js';
import { EpollEventLoop } from './epollLoop.js';
import { EPOLL_EVENT_SIZE, EPOLL_MAX_EVENTS, readEpollEvents } from './sys.js';

let loop: EpollEventLoop | undefined;

export function reactorLoopFor(runtime: Exclude<JsRuntime, 'node'>): EpollEventLoop {
  if (loop) return loop;
  if (process.platform !== 'linux') {
    throw new Error(
      `nativesockets: the Async socket calls on ${runtime} wait with the runtime's own reactor, which exists for Linux (epoll) only so far; on ${process.platform} use the blocking calls, or Node.js`,
    );
  }
  loop = runtime === 'bun' ? bunLoop() : denoLoop();
  return loop;
}

function bunLoop(): EpollEventLoop {
  const sys = bunLibc();
  const l = new EpollEventLoop('bun epoll', sys);
  const stop = new SharedArrayBuffer(4);
  // The worker runs from source (.ts) under a TypeScript loader and from dist/ (.js) otherwise.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const worker = new Worker(new URL(`./bunWorker${ext}`, import.meta.url), {
    workerData: { epfd: l.epfd, wakeFd: l.wakeFd, stop },
  });
  worker.on('message', (pairs: number[]) => l.deliver(pairs));
  worker.unref();
  // At exit the worker is told to stop and woken, so no thread stays in epoll_wait.
  process.once('exit', () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    sys.wake(l.wakeFd);
  });
  l.attach({
    active: () => worker.ref(),
    idle: () => worker.unref(),
  });
  return l;
}

function denoLoop(): EpollEventLoop {
  const sys = denoLibc();
  const l = new EpollEventLoop('deno epoll', sys);
  const events = new Uint8Array(EPOLL_EVENT_SIZE * EPOLL_MAX_EVENTS);
  const view = new DataView(events.buffer);
  let waiting = false;
  let wanted = false;
  const pump = (): void => {
    if (waiting || !wanted) return;
    waiting = true;
    // `events` belongs to the waiting thread until the Promise settles.
    void sys.epollWaitAsync(l.epfd, events, EPOLL_MAX_EVENTS, -1).then((n) => {
      waiting = false;
      if (n > 0) l.deliver(readEpollEvents(view, n));
      pump();
    });
  };
  l.attach({
    active() {
      wanted = true;
      pump();
    },
    // The pending epoll_wait holds the process open: the eventfd ends it.
    idle() {
      wanted = false;
      if (waiting) sys.wake(l.wakeFd);
    },
  });
  return l;
}
