// Shared pieces of the scenario tests (tests/scenarios): each backend loaded by
// its own entry, and a tracker that opens loopback and Unix sockets and closes
// them (and removes temporary directories) after each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, expect } from 'vitest';
import { CONSTANTS } from '../../generated/platformTables.js';
import { asyncState } from '../../runtime/async/index.js';
import type { BackendName } from '../../runtime/backends.js';
import { currentPlatform } from '../../runtime/platform.js';
import { IPV6_LOOPBACK, loopback4, loopback6 } from './addresses.js';
import { removeTree } from './removeTree.mjs';

export type Api = typeof import('../../generated/entries/index.js');
export type Handle = ReturnType<Api['createNativeSocket']>;

const ENTRIES: Record<BackendName, () => Promise<Api>> = {
  napi: () => import('../../generated/entries/napi.js'),
  koffi: () => import('../../generated/entries/koffi.js'),
  bunffi: () => import('../../generated/entries/bunffi.js'),
  denoffi: () => import('../../generated/entries/denoffi.js'),
};

export async function loadBackend(name: BackendName): Promise<Api> {
  return ENTRIES[name]();
}

/**
 * The set-up of a per-backend scenario block, called inside its describe:
 * `backend` loaded before the tests (and checked to be that backend), a
 * Sockets tracker handed to `use` with the API, and after each test every
 * tracked socket closed, then `after` (e.g. a check that no wait stays).
 */
export function useSockets(
  backend: BackendName,
  use: (loaded: { api: Api; sockets: Sockets }) => void,
  after?: (api: Api) => void | Promise<void>,
): void {
  let api: Api | undefined;
  let sockets: Sockets | undefined;
  beforeAll(async () => {
    api = await loadBackend(backend);
    expect(api.backend).toBe(backend);
    sockets = new Sockets(api);
    use({ api, sockets });
  });
  afterEach(async () => {
    sockets?.closeAll();
    if (api) await after?.(api);
  });
}

/**
 * After a test of Async variants: one turn of the loop (an idle poll handle
 * closes one turn after its last wait), then no wait stays registered and,
 * with `handles`, no poll handle stays open.
 */
export async function expectNoWaitLeft(api: Api, handles = false): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  expect(asyncState(api).pending, 'no wait stays registered').toBe(0);
  if (handles) expect(asyncState(api).handles, 'no poll handle stays open').toBe(0);
}

/** The running platform's constants, as a table whose type says which may be missing (F_DUPFD, FD_CLOEXEC). */
export const C = CONSTANTS[currentPlatform()];

export const isPosix = process.platform !== 'win32';

/** Bytes of a string, for sending. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(buf: Uint8Array, length: number): string {
  return new TextDecoder().decode(buf.subarray(0, length));
}

export class Sockets {
  private readonly handles: Handle[] = [];
  private readonly dirs: string[] = [];

  constructor(readonly api: Api) {}

  track(h: Handle): Handle {
    if (h < 0) throw new Error(`socket failed: errno ${this.api.osLastError()}`);
    this.handles.push(h);
    return h;
  }

  tcp(v6 = false): Handle {
    const { api } = this;
    return this.track(api.createNativeSocket(v6 ? api.AF_INET6 : api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP));
  }

  udp(v6 = false): Handle {
    const { api } = this;
    return this.track(api.createNativeSocket(v6 ? api.AF_INET6 : api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP));
  }

  unix(): Handle {
    const { api } = this;
    return this.track(api.createNativeSocket(api.AF_UNIX, api.SOCK_STREAM, api.IPPROTO_NONE));
  }

  /** A fresh temporary directory, removed after the test. */
  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'nativesockets-'));
    this.dirs.push(dir);
    return dir;
  }

  /** 127.0.0.1 at a host-order port. */
  inet4(port = 0): InstanceType<Api['Sockaddr_in']> {
    return loopback4(this.api, port);
  }

  /** An IPv6 address (::1 by default) at a host-order port. */
  inet6(port = 0, address: readonly number[] = IPV6_LOOPBACK): InstanceType<Api['Sockaddr_in6']> {
    return loopback6(this.api, port, address);
  }

  /** A TCP socket listening on loopback at an ephemeral port. */
  listener(v6 = false): { s: Handle; port: number } {
    const { api } = this;
    const s = this.tcp(v6);
    const address = v6 ? this.inet6() : this.inet4();
    expect0(api.bindAddr(s, address, address.bytes.byteLength), api, 'bindAddr');
    expect0(api.listen(s), api, 'listen');
    return { s, port: api.getSockName(s) };
  }

  /**
   * A connected TCP pair over loopback: the client connects first (the
   * listener's backlog completes the handshake), then the server accepts, so
   * neither call waits.
   */
  pair(v6 = false): { client: Handle; conn: Handle; peer: string; listener: Handle; port: number } {
    const { api } = this;
    const { s, port } = this.listener(v6);
    const client = this.tcp(v6);
    const address = v6 ? this.inet6(port) : this.inet4(port);
    expect0(api.connect(client, address, address.bytes.byteLength), api, 'connect');
    const [conn, peer] = api.accept(s);
    this.track(conn);
    return { client, conn, peer, listener: s, port };
  }

  closeAll(): void {
    for (const h of this.handles.splice(0)) this.api.close(h);
    for (const dir of this.dirs.splice(0)) removeTree(dir);
  }
}

function expect0(result: number, api: Api, what: string): void {
  if (result !== 0) throw new Error(`${what} returned ${result}, errno ${api.osLastError()}`);
}
