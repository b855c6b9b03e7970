// The reactor of each runtime without libuv, one per JS thread (module state
// is per thread), shared by every backend: the descriptors are the OS's, not
// one backend's.
//   Bun on Linux:    one Worker blocked in epoll_wait (epoll/bunWorker.ts), posting readiness.
//   Bun on Windows:  one Worker blocked in WSAPoll (wsapoll/bunWorker.ts), posting readiness.
//   Deno on Linux:   epoll_wait as a `nonblocking` Deno.dlopen symbol, one call at a time.
// Elsewhere (macOS and FreeBSD: a kqueue reactor would fit the same
// ReactorWaiter / OneShotEventLoop split; Deno on Windows) the Async socket calls throw.
import { Worker } from 'node:worker_threads';
import type { JsRuntime } from '../jsRuntime.js';
import { bunLibc } from './epoll/bunLibc.js';
import { denoLibc } from './epoll/denoLibc.js';
import { EpollEventLoop } from './epoll/epollLoop.js';
import { EPOLL_EVENT_SIZE, EPOLL_MAX_EVENTS, readEpollEvents } from './epoll/sys.js';
import type { OneShotEventLoop } from './oneShotLoop.js';
import { bunWs2 } from './wsapoll/bunWs2.js';
import { WsaPollEventLoop } from './wsapoll/wsaPollLoop.js';

let loop: OneShotEventLoop | undefined;

export function reactorLoopFor(runtime: Exclude<JsRuntime, 'node'>): OneShotEventLoop {
  if (loop) return loop;
  if (process.platform === 'linux') loop = runtime === 'bun' ? bunEpollLoop() : denoLoop();
  else if (process.platform === 'win32' && runtime === 'bun') loop = bunWsaPollLoop();
  else {
    throw new Error(
      `nativesockets: the Async socket calls on ${runtime} wait with the runtime's own reactor, which exists for Linux (epoll) and, on Bun, Windows (WSAPoll) only so far; on ${process.platform} use the blocking calls, or Node.js`,
    );
  }
  return loop;
}

/**
 * A Worker from `dir`/bunWorker, which waits for `loop` and posts its ready
 * (id, events) pairs; referenced while something is armed, and at exit told
 * to `stop` and woken, so that no thread stays blocked in the wait.
 */
function bunWaiter(dir: string, workerData: object, loop: OneShotEventLoop, stop: () => void): void {
  // The worker runs from source (.ts) under a TypeScript loader and from dist/ (.js) otherwise.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const worker = new Worker(new URL(`./${dir}/bunWorker${ext}`, import.meta.url), { workerData });
  worker.on('message', (pairs: number[]) => loop.deliver(pairs));
  worker.unref();
  process.once('exit', stop);
  loop.attach({
    active: () => worker.ref(),
    idle: () => worker.unref(),
  });
}

function bunEpollLoop(): EpollEventLoop {
  const sys = bunLibc();
  const l = new EpollEventLoop('bun epoll', sys);
  const stop = new SharedArrayBuffer(4);
  bunWaiter('epoll', { epfd: l.epfd, wakeFd: l.wakeFd, stop }, l, () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    sys.wake(l.wakeFd);
  });
  return l;
}

function bunWsaPollLoop(): WsaPollEventLoop {
  const l = new WsaPollEventLoop(bunWs2());
  bunWaiter('wsapoll', { buffer: l.set.buffer, wakeSocket: l.wakeSocket }, l, () => {
    l.set.stop();
    l.wake();
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
