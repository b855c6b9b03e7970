// poll and pollAsync on both backends over real loopback sockets: revents are
// written per entry, pollAsync waits in the event loop until an entry reports,
// settles with 0 at its timeout, and leaves no wait registered.
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { asyncState } from '../../runtime/async/index.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, bytes, loadBackend, Sockets } from '../support/scenario.js';

/** Idle poll handles close one turn of the loop after their last wait. */
const turn = () => new Promise<void>((r) => setImmediate(r));

describe.each(BACKENDS_UNDER_TEST)('poll [%s]', (backendName) => {
  let api: Api;
  let sockets: Sockets;

  beforeAll(async () => {
    api = await loadBackend(backendName);
    sockets = new Sockets(api);
  });

  afterEach(async () => {
    sockets.closeAll();
    await turn();
    expect(asyncState(api).pending, 'no wait stays registered').toBe(0);
    expect(asyncState(api).handles, 'no poll handle stays open').toBe(0);
  });

  test('poll writes each entry’s revents: readable where data waits, writable on a connected socket', () => {
    const { client, conn } = sockets.pair();
    api.send(client, bytes('x'), 1, 0);
    const fds = [
      { fd: conn, events: api.POLLIN! },
      { fd: client, events: api.POLLIN! | api.POLLOUT!, revents: 1234 },
    ];
    // The bytes may take a moment to reach the peer: poll waits for them (bounded).
    expect(api.poll(fds, 5000)).toBe(2);
    // Some bit of POLLIN: on Windows POLLIN is POLLRDNORM | POLLRDBAND and WSAPoll reports POLLRDNORM.
    expect(fds[0]!.revents! & api.POLLIN!).not.toBe(0);
    expect(fds[1]!.revents).toBe(api.POLLOUT);
  });

  test('pollAsync waits for data, then resolves with the count and revents written', async () => {
    const { client, conn } = sockets.pair();
    const fds: { fd: typeof conn; events: number; revents?: number }[] = [{ fd: conn, events: api.POLLIN! }];
    const ready = api.pollAsync(fds, -1);
    let settled = false;
    void ready.then(() => (settled = true));
    await turn();
    expect(settled, 'nothing to read yet').toBe(false);
    api.send(client, bytes('hi'), 2, 0);
    await expect(ready).resolves.toBe(1);
    expect(fds[0]!.revents! & api.POLLIN!).not.toBe(0);
  });

  test('pollAsync with a timeout settles with 0 when nothing happens', async () => {
    const { conn } = sockets.pair();
    const fds = [{ fd: conn, events: api.POLLIN! }];
    await expect(api.pollAsync(fds, 30)).resolves.toBe(0);
    expect(fds[0]).toMatchObject({ revents: 0 });
  });

  test('pollAsync rejects bad entries before any wait, and an aborted signal with AbortError', async () => {
    const { conn } = sockets.pair();
    await expect(api.pollAsync([{ fd: conn, events: 'in' as unknown as number }])).rejects.toThrow(TypeError);
    await expect(
      api.pollAsync([{ fd: conn, events: api.POLLIN! }], -1, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const controller = new AbortController();
    const pending = api.pollAsync([{ fd: conn, events: api.POLLIN! }], -1, { signal: controller.signal });
    await turn();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
