// The EventLoop of the Reactor on Bun on Windows (oneShotLoop.ts), over
// WSAPoll: the interest set is a SharedArrayBuffer (sys.ts InterestSet), and a
// Worker (bunWorker.ts) blocked in WSAPoll on it posts which ids are ready.
// Since WSAPoll cannot see a change of the set while it waits, every arming,
// and every removal of an armed socket, wakes it through the wake socket
// (bunWs2.ts); a stop does not (the waiting thread drops the stale event).
import { OneShotEventLoop, type OneShotHandle } from '../oneShotLoop.js';
import { UV_DISCONNECT, UV_READABLE, UV_WRITABLE } from '../pollEvents.js';
import type { BunWs2 } from './bunWs2.js';
import { InterestSet, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLWRNORM, WSAPOLL_MAX_SLOTS } from './sys.js';

const UV_EMFILE = -24;

export class WsaPollEventLoop extends OneShotEventLoop {
  readonly set = new InterestSet();
  readonly wakeSocket: number;
  readonly #ws2: BunWs2;
  /** The slot of each open handle's id. */
  readonly #slots = new Map<number, number>();
  readonly #free: number[] = [];
  #armings = 0;

  constructor(ws2: BunWs2) {
    super('bun wsapoll');
    this.#ws2 = ws2;
    this.wakeSocket = ws2.wakeSocket();
  }

  /** Wakes the waiting thread, so that it polls the set as it is now. */
  wake(): void {
    this.#ws2.wake(this.wakeSocket);
  }

  protected register(fd: number, id: number): number {
    const slot = this.#free.pop() ?? this.set.used;
    if (slot >= WSAPOLL_MAX_SLOTS) return UV_EMFILE;
    if (slot === this.set.used) this.set.used = slot + 1;
    Atomics.store(this.set.words, slot, 0);
    this.set.sockets[slot] = fd;
    Atomics.store(this.set.ids, slot, id);
    this.#slots.set(id, slot);
    return 0;
  }

  protected arm(_h: OneShotHandle, id: number, events: number): number {
    // A new word each time (never 0): a compare-and-swap of the waiting thread on an older one fails.
    this.#armings = this.#armings >= 0x0fffffff ? 1 : this.#armings + 1;
    Atomics.store(this.set.words, this.#slots.get(id)!, (this.#armings << 3) | events);
    this.wake();
    return 0;
  }

  protected disarm(_h: OneShotHandle, id: number): void {
    Atomics.store(this.set.words, this.#slots.get(id)!, 0);
  }

  protected unregister(h: OneShotHandle, id: number): void {
    const slot = this.#slots.get(id)!;
    this.#slots.delete(id);
    Atomics.store(this.set.words, slot, 0);
    Atomics.store(this.set.ids, slot, 0);
    this.#free.push(slot);
    // The socket may be closed next: WSAPoll must not go on waiting on it.
    if (h.events !== 0) this.wake();
  }

  /** WSAPoll's revents as libuv reports them: an error, hangup or invalid socket makes every asked-for event fire, so the call finds out. */
  protected toUv(revents: number, asked: number): number {
    let uv = (revents & POLLRDNORM ? UV_READABLE : 0) | (revents & POLLWRNORM ? UV_WRITABLE : 0);
    if (revents & POLLHUP) uv |= UV_DISCONNECT;
    if (revents & (POLLERR | POLLHUP | POLLNVAL)) uv |= asked & (UV_READABLE | UV_WRITABLE);
    return uv & asked;
  }
}
