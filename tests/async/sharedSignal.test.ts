// One AbortSignal shared by many concurrent Async calls (one per request of a
// server, say): the calls share one 'abort' listener on it, so Node prints no
// MaxListenersExceededWarning (it warns past 10 listeners), and once they have
// settled (resolved, rejected, or aborted) no listener is left on the signal.
import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, type Sockets, useSockets } from '../support/scenario.js';

const CALLS = 10_000;
const LOOKUPS = 2_000;

/** Runs `body`, collecting the process warnings it causes (emitted on a later tick). */
async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    await body();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe.each(BACKENDS_UNDER_TEST)('one AbortSignal shared by many calls [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;
  useSockets(backendName, (loaded) => ({ api, sockets } = loaded));

  test(`${CALLS} recvAsync sharing a signal, all aborted: no warning, no listener left`, async () => {
    const { conn } = sockets.pair();
    const controller = new AbortController();
    const { signal } = controller;
    const warnings = await warningsDuring(async () => {
      const calls = Array.from({ length: CALLS }, () => api.recvAsync(conn, new Uint8Array(1), 1, 0, { signal }));
      expect(getEventListeners(signal, 'abort').length, 'one listener for every call').toBe(1);
      controller.abort();
      const results = await Promise.allSettled(calls);
      expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).name === 'AbortError')).toBe(true);
    });
    expect(warnings).toEqual([]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });

  test(`${CALLS} recvAsync sharing a signal that never aborts, all resolved: no warning, no listener left`, async () => {
    const { client, conn } = sockets.pair();
    const { signal } = new AbortController();
    const warnings = await warningsDuring(async () => {
      const bufs = Array.from({ length: CALLS }, () => new Uint8Array(1));
      const calls = bufs.map((b) => api.recvAsync(conn, b, 1, 0, { signal }));
      expect(getEventListeners(signal, 'abort').length).toBe(1);
      const data = new Uint8Array(CALLS).map((_, i) => i & 0xff);
      let sent = 0;
      while (sent < CALLS) sent += await api.sendAsync(client, data.subarray(sent), CALLS - sent, 0);
      expect(await Promise.all(calls)).toEqual(bufs.map(() => 1));
      expect(bufs.map((b) => b[0])).toEqual([...data]);
    });
    expect(warnings).toEqual([]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });

  // getaddrinfo is the lookup that runs on the threadpool on every platform (the
  // get*by* lookups run on the loop's thread where no reentrant form exists, as on
  // Windows, and then never wait in the queue); a numeric host sends no query.
  test(`${LOOKUPS} getAddrInfoAsync sharing a signal (queued for the threadpool): no warning, no listener left`, async () => {
    const { signal } = new AbortController();
    const warnings = await warningsDuring(async () => {
      const calls = Array.from({ length: LOOKUPS }, () =>
        api.getAddrInfoAsync('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP, { signal }),
      );
      expect(getEventListeners(signal, 'abort').length).toBe(1);
      const found = await Promise.all(calls);
      for (const ai of found) {
        expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
        api.freeAddrInfo(ai);
      }
    });
    expect(warnings).toEqual([]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });
});
