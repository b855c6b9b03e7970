// The Async variants of the name lookups on both backends: the same results
// and errors as the blocking procs, run on the threadpool with reentrant C
// calls. Only /etc/hosts names ('localhost') and numeric addresses: any other
// name would send DNS. A 64-byte label fails locally, without a packet.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOOKUPS_AT_ONCE } from '../../runtime/async/netdb.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type Api, loadBackend } from '../support/scenario.js';
import { nameWithWineReason, wineSkipReason } from '../support/wine.js';

const NO_SUCH_HOST = `${'a'.repeat(64)}.example`;

describe.each(BACKENDS_UNDER_TEST)('name lookup Async variants [%s]', (backendName) => {
  let api: Api;

  beforeAll(async () => {
    api = await loadBackend(backendName);
  });

  test('getAddrInfoAsync: the enum overload, the hints overload, options last', async () => {
    const ai = await api.getAddrInfoAsync('127.0.0.1', api.Port(8080));
    expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
    expect((ai.ai_addr as InstanceType<Api['Sockaddr_in']>).sin_port).toBe(api.htons(8080));
    api.freeAddrInfo(ai);
    const v6 = await api.getAddrInfoAsync('::1', api.Port(443), api.AF_INET6, api.SOCK_STREAM, api.IPPROTO_TCP, {});
    expect(v6.ai_family).toBe(api.toInt(api.AF_INET6));
    api.freeAddrInfo(v6);
    const hints = {
      ai_flags: 0,
      ai_family: api.toInt(api.AF_INET),
      ai_socktype: api.toInt(api.SOCK_DGRAM),
      ai_protocol: 0,
    };
    const hinted = await api.getAddrInfoAsync('localhost', api.Port(80), hints, {});
    // Windows keeps the hints' protocol (0) where POSIX fills in UDP (spec/procs/netdb.yaml, getAddrInfo).
    expect(hinted.ai_protocol).toBe(process.platform === 'win32' ? 0 : api.toInt(api.IPPROTO_UDP));
    const sync = api.getAddrInfo('localhost', api.Port(80), hints);
    expect(hinted.ai_protocol).toBe(sync.ai_protocol);
    expect([...hinted].map((n) => n.ai_addr.bytes)).toEqual([...sync].map((n) => n.ai_addr.bytes));
    api.freeAddrInfo(hinted);
    api.freeAddrInfo(sync);
  });

  test('getAddrInfoAsync rejects as getAddrInfo raises: EAI_* OSError, TypeError, RangeError', async () => {
    const err = await api.getAddrInfoAsync(NO_SUCH_HOST, api.Port(80)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(api.OSError);
    expect((err as InstanceType<Api['OSError']>).code).toMatch(/^EAI_/);
    expect((err as InstanceType<Api['OSError']>).syscall).toBe('getaddrinfo');
    await expect(api.getAddrInfoAsync(127 as unknown as string, api.Port(80))).rejects.toBeInstanceOf(TypeError);
    await expect(api.getAddrInfoAsync('127.0.0.1', 70000 as ReturnType<Api['Port']>)).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(
      api.getAddrInfoAsync('127.0.0.1', api.Port(80), { signal: AbortSignal.abort() } as never),
      'options are not hints',
    ).rejects.toBeInstanceOf(TypeError);
  });

  const https = 'getServByPortAsync(Port(443)) gives what getServByPort gives';
  test.skipIf(wineSkipReason(https))(nameWithWineReason(https), async () => {
    await expect(api.getServByPortAsync(api.Port(443), 'tcp')).resolves.toEqual(
      api.getServByPort(api.Port(443), 'tcp'),
    );
  });

  test('getServByNameAsync / getServByPortAsync give what the blocking procs give', async () => {
    await expect(api.getServByNameAsync('http', 'tcp')).resolves.toEqual(api.getServByName('http', 'tcp'));
    await expect(api.getServByPortAsync(api.Port(80), 'tcp')).resolves.toEqual(api.getServByPort(api.Port(80), 'tcp'));
    await expect(api.getServByNameAsync('nonexistent-service', 'tcp')).rejects.toBeInstanceOf(api.OSError);
    await expect(api.getServByPortAsync(api.Port(80), 'nonexistent-proto')).rejects.toBeInstanceOf(api.OSError);
    await expect(api.getServByNameAsync('ht\0tp', 'tcp')).rejects.toBeInstanceOf(TypeError);
  });

  test('getHostByNameAsync / getHostByAddrAsync give what the blocking procs give; failures carry h_errno', async () => {
    await expect(api.getHostByNameAsync('localhost')).resolves.toEqual(api.getHostByName('localhost'));
    await expect(api.getHostByNameAsync('127.0.0.1')).resolves.toEqual(api.getHostByName('127.0.0.1'));
    await expect(api.getHostByAddrAsync('127.0.0.1')).resolves.toEqual(api.getHostByAddr('127.0.0.1'));
    await expect(api.getHostByNameAsync(NO_SUCH_HOST)).rejects.toMatchObject({
      name: 'OSError',
      code: 'HOST_NOT_FOUND',
    });
    await expect(api.getHostByAddrAsync('not an address')).rejects.toBeInstanceOf(api.ValueError);
    if (process.platform === 'linux') await expect(api.getHostByAddrAsync('::')).rejects.toBeInstanceOf(api.OSError);
  });

  test('many lookups at once all complete, a few at a time, while fs calls keep completing', async () => {
    const self = fileURLToPath(import.meta.url);
    const lookups = Array.from({ length: 64 }, (_, i) =>
      i % 2
        ? api.getHostByNameAsync('localhost')
        : api.getAddrInfoAsync('127.0.0.1', api.Port(i)).then((ai) => {
            api.freeAddrInfo(ai);
            return 'ok';
          }),
    );
    const t0 = performance.now();
    await readFile(self);
    const fsLatency = performance.now() - t0;
    const results = await Promise.all(lookups);
    expect(results.filter((r) => r === 'ok')).toHaveLength(32);
    expect(LOOKUPS_AT_ONCE).toBeGreaterThanOrEqual(1);
    expect(fsLatency).toBeLessThan(1000);
  });

  test('an AbortSignal rejects lookups with AbortError, queued or running, and nothing is left behind', async () => {
    await expect(api.getHostByNameAsync('localhost', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const ac = new AbortController();
    const many = Array.from({ length: 20 }, () =>
      api.getAddrInfoAsync('127.0.0.1', api.Port(80), api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP, {
        signal: ac.signal,
      }),
    );
    ac.abort();
    for (const p of many) await expect(p).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    // The queue drains: a lookup after the aborted ones runs.
    const ai = await api.getAddrInfoAsync('127.0.0.1', api.Port(80));
    api.freeAddrInfo(ai);
  });

  test('using: an AddrInfo from getAddrInfoAsync is freed at the end of its block', async () => {
    let kept: Awaited<ReturnType<Api['getAddrInfoAsync']>> | undefined;
    {
      using ai = await api.getAddrInfoAsync('127.0.0.1', api.Port(80));
      expect(ai.ai_family).toBe(api.toInt(api.AF_INET));
      kept = ai;
    }
    expect(() => kept!.ai_family).toThrow(api.ValueError);
  });
});
