// A getAddrInfo list never freed is freed by the FinalizationRegistry exactly
// once when it is unreachable, never after an explicit free, and not while one
// of its nodes is reachable: counted at the raw backend, on the backend of this pass.
import { describe, expect, test } from 'vitest';
import type { RawBackend } from '../../generated/rawBackend.js';
import { createApi } from '../../runtime/api.js';
import { type BackendName, loadRawBackend } from '../../runtime/backends.js';
import { BACKENDS_UNDER_TEST } from '../support/backends.js';
import { type AddrInfo, hints } from '../support/netdb.js';
import { forceGc as exposeGc } from '../support/runtimes.js';
import { loadBackend } from '../support/scenario.js';

/** One list getaddrinfo made, and how many times it was freed. */
interface ListRecord {
  readonly address: bigint;
  frees: number;
}

/**
 * An API over a raw backend that records every list getaddrinfo makes and every
 * freeaddrinfo call. Addresses are reused once freed, so a free is matched to
 * the live list at its address; a free of no live list is a double free.
 */
function countingApi(name: BackendName) {
  const raw = loadRawBackend(name);
  const lists: ListRecord[] = [];
  const live = new Map<bigint, ListRecord>();
  const doubleFrees: bigint[] = [];
  const counting: RawBackend = Object.assign(Object.create(raw) as RawBackend, {
    getaddrinfo(node: string, service: string, hints: NodeJS.TypedArray, res: NodeJS.TypedArray): number {
      const rc = raw.getaddrinfo(node, service, hints, res);
      if (rc === 0) {
        const list = { address: (res as BigUint64Array)[0]!, frees: 0 };
        lists.push(list);
        live.set(list.address, list);
      }
      return rc;
    },
    freeaddrinfo(address: bigint): void {
      const list = live.get(address);
      if (list) {
        list.frees++;
        live.delete(address);
      } else doubleFrees.push(address);
      raw.freeaddrinfo(address);
    },
  });
  return { api: createApi(counting), lists, doubleFrees };
}

describe.each(BACKENDS_UNDER_TEST)('a list never freed is freed once it is unreachable [%s]', (backendName) => {
  const gc = exposeGc();

  /** Collects garbage until `done()` or about a second has passed; finalizers run between turns. */
  async function collectUntil(done: () => boolean, rounds = 100): Promise<void> {
    for (let i = 0; i < rounds && !done(); i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  test('exactly once, and never after an explicit free; a reachable node keeps its list', async () => {
    const { api, lists, doubleFrees } = countingApi(backendName);
    const A = await loadBackend(backendName); // for Port and the enums

    // Forgotten: freed by the registry, once.
    (() => {
      const ai = api.getAddrInfo('127.0.0.1', A.Port(80));
      expect(ai.ai_family).toBe(A.toInt(A.AF_INET));
    })();
    const forgotten = lists.at(-1)!;
    await collectUntil(() => forgotten.frees > 0);
    expect(forgotten.frees).toBe(1);

    // Freed explicitly, then forgotten: the registry does not free it again.
    (() => {
      const ai = api.getAddrInfo('127.0.0.1', A.Port(80));
      api.freeAddrInfo(ai);
    })();
    const explicit = lists.at(-1)!;
    expect(explicit.frees).toBe(1);

    // Only a later node kept (the head where the list has one node, as on
    // Windows): the list stays allocated while it is reachable.
    let kept: AddrInfo | null = (() => {
      const list = api.getAddrInfo('127.0.0.1', A.Port(80), hints({ ai_family: A.toInt(A.AF_INET) }));
      return list.ai_next ?? list;
    })();
    const partly = lists.at(-1)!;
    await collectUntil(() => false, 10);
    expect(partly.frees).toBe(0);
    expect(kept!.ai_family).toBe(A.toInt(A.AF_INET));
    kept = null;
    await collectUntil(() => partly.frees > 0);
    expect(partly.frees).toBe(1);

    // More collections change nothing: every list was freed exactly once, none twice.
    await collectUntil(() => false, 10);
    expect(lists.map((l) => l.frees)).toEqual([1, 1, 1]);
    expect(doubleFrees).toEqual([]);
  });
});
