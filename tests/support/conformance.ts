// The runtime side of the generated conformance tests: fixtures, the running
// platform's constants table, and the checks a case can ask for.
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as vitestTest } from 'vitest';
import { type CConstants, CONSTANTS } from '../../generated/platformTables.js';
import { currentPlatform } from '../../runtime/platform.js';
import { IPV4_MAPPED_LOOPBACK, IPV6_LOOPBACK, loopback4, loopback6 } from './addresses.js';
import { removeTree } from './removeTree.mjs';
import { wineSkipReason } from './wine.js';

type PublicModule = typeof import('../../generated/entries/index.js');

type CaseBody = () => void;

/** Registers a case, or skips it by name with its reason when it meets a Wine defect (tests/support/wine.ts). */
function register(run: (name: string, body: CaseBody) => void, name: string, body: CaseBody): void {
  const why = wineSkipReason(name);
  if (why) vitestTest.skip(`${name} [${why}]`, body);
  else run(name, body);
}

/**
 * vitest's `test` for the generated conformance cases (`test(...)` and
 * `test.runIf(cond)(...)`), with Wine's defects skipped by name.
 */
export const test = Object.assign((name: string, body: CaseBody) => register(vitestTest, name, body), {
  runIf: (condition: boolean) => (name: string, body: CaseBody) => register(vitestTest.runIf(condition), name, body),
});

/** A handle above any descriptor limit, so calls on it fail with EBADF. */
export const NEVER_OPEN_HANDLE = 0x3fffffff;

export class Fixtures {
  private readonly opened: number[] = [];
  private readonly dirs: string[] = [];
  /** Descriptors of files (not sockets) a fixture opened. */
  private readonly files: number[] = [];
  /** Fixtures that are "the" one of a case ($listener, $unixPath, …): made once per case. */
  private readonly made = new Map<string, unknown>();

  constructor(private readonly api: PublicModule) {}

  private track(h: number): number {
    if (h < 0) throw new Error(`fixture socket failed: errno ${this.api.osLastError()}`);
    this.opened.push(h);
    return h;
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  /** A setup call that must return 0 (or, with `atLeast`, at least that). */
  private ok(what: string, result: number, atLeast = 0): number {
    if (atLeast === 0 ? result !== 0 : result < atLeast)
      throw new Error(`fixture: ${what} returned ${result}, errno ${this.api.osLastError()}`);
    return result;
  }

  /** Waits (bounded) until `h` has something to read. */
  private readable(h: number, what: string): void {
    if (this.api.selectRead([h as never], 5000) !== 1)
      throw new Error(`fixture: ${what} did not become readable within 5 s`);
  }

  tcp(): number {
    return this.track(this.api.createNativeSocket(this.api.AF_INET, this.api.SOCK_STREAM, this.api.IPPROTO_TCP));
  }

  tcp6(): number {
    return this.track(this.api.createNativeSocket(this.api.AF_INET6, this.api.SOCK_STREAM, this.api.IPPROTO_TCP));
  }

  udp(): number {
    return this.track(this.api.createNativeSocket(this.api.AF_INET, this.api.SOCK_DGRAM, this.api.IPPROTO_UDP));
  }

  badHandle(): number {
    return NEVER_OPEN_HANDLE;
  }

  private inet4(port = 0): InstanceType<PublicModule['Sockaddr_in']> {
    return loopback4(this.api, port);
  }

  /** ::1 (or ::ffff:127.0.0.1 when `mapped`) at `port` (host order). */
  private inet6(port = 0, mapped = false): InstanceType<PublicModule['Sockaddr_in6']> {
    return loopback6(this.api, port, mapped ? IPV4_MAPPED_LOOPBACK : IPV6_LOOPBACK);
  }

  loopback4(): InstanceType<PublicModule['Sockaddr_in']> {
    return this.inet4();
  }

  loopback6(): InstanceType<PublicModule['Sockaddr_in6']> {
    return this.inet6();
  }

  mapped6(): InstanceType<PublicModule['Sockaddr_in6']> {
    return this.inet6(0, true);
  }

  storage(): InstanceType<PublicModule['Sockaddr_storage']> {
    return new this.api.Sockaddr_storage();
  }

  buf16(): Uint8Array {
    return new Uint8Array(16);
  }

  /** A TCP socket listening on loopback (IPv4, or ::1 with `v6`) at an ephemeral port, and its address. */
  private newListener(v6 = false): {
    s: number;
    address: InstanceType<PublicModule['Sockaddr_in']> | InstanceType<PublicModule['Sockaddr_in6']>;
  } {
    const { api } = this;
    const s = v6 ? this.tcp6() : this.tcp();
    const any = v6 ? this.inet6() : this.inet4();
    this.ok('bindAddr', api.bindAddr(s as never, any, any.bytes.byteLength));
    this.ok('listen', api.listen(s as never, 16));
    const port = api.getSockName(s as never);
    return { s, address: v6 ? this.inet6(port) : this.inet4(port) };
  }

  /** A client connected to `address`; the connection waits in the listener's backlog. */
  private newClient(
    address: InstanceType<PublicModule['Sockaddr_in']> | InstanceType<PublicModule['Sockaddr_in6']>,
    v6 = false,
  ): number {
    const c = v6 ? this.tcp6() : this.tcp();
    this.ok('connect', this.api.connect(c as never, address, address.bytes.byteLength));
    return c;
  }

  listener(): number {
    return this.once('listener', () => this.newListener()).s;
  }

  listenerAddr(): InstanceType<PublicModule['Sockaddr_in']> {
    return this.once('listener', () => this.newListener()).address as InstanceType<PublicModule['Sockaddr_in']>;
  }

  listenerPort(): number {
    return this.api.getSockName(this.listener() as never);
  }

  idleListener(): number {
    const { s } = this.newListener();
    this.api.setBlocking(s as never, false);
    return s;
  }

  pendingListener(): number {
    const { s, address } = this.newListener();
    this.newClient(address);
    return s;
  }

  pendingListener6(): number {
    const { s, address } = this.newListener(true);
    this.newClient(address, true);
    return s;
  }

  connectedTcp(): number {
    return this.once('connectedTcp', () => this.newClient(this.listenerAddr()));
  }

  idleTcp(): number {
    const c = this.newClient(this.newListener().address);
    this.api.setBlocking(c as never, false);
    return c;
  }

  tcpWithData(): number {
    const { api } = this;
    const { s, address } = this.newListener();
    const c = this.newClient(address);
    const [server] = api.accept(s as never);
    this.track(server);
    this.ok('send', api.send(server, new TextEncoder().encode('ping'), 4, 0), 4);
    this.readable(c, 'tcpWithData');
    return c;
  }

  closedPortAddr(): InstanceType<PublicModule['Sockaddr_in']> {
    return this.once('closedPortAddr', () => {
      // Bound, never listening: the port stays taken and connecting to it is refused.
      const s = this.tcp();
      const any = this.inet4();
      this.ok('bindAddr', this.api.bindAddr(s as never, any, any.bytes.byteLength));
      return this.inet4(this.api.getSockName(s as never));
    });
  }

  /** A non-blocking UDP socket bound to 127.0.0.1 at an ephemeral port, and its address. */
  private newBoundUdp(): { s: number; address: InstanceType<PublicModule['Sockaddr_in']>; port: number } {
    const { api } = this;
    const s = this.udp();
    const any = this.inet4();
    this.ok('bindAddr', api.bindAddr(s as never, any, any.bytes.byteLength));
    api.setBlocking(s as never, false);
    const port = api.getSockName(s as never);
    return { s, address: this.inet4(port), port };
  }

  boundUdp(): number {
    return this.once('boundUdp', () => this.newBoundUdp()).s;
  }

  boundUdpAddr(): InstanceType<PublicModule['Sockaddr_in']> {
    return this.once('boundUdp', () => this.newBoundUdp()).address;
  }

  boundUdpPort(): number {
    return this.once('boundUdp', () => this.newBoundUdp()).port;
  }

  idleUdp(): number {
    return this.newBoundUdp().s;
  }

  udpWithData(): number {
    const { s, address } = this.newBoundUdp();
    const sender = this.udp();
    this.ok(
      'sendto',
      this.api.sendto(sender as never, new TextEncoder().encode('ping'), 4, 0, address, address.bytes.byteLength),
      4,
    );
    this.readable(s, 'udpWithData');
    return s;
  }

  unixPath(): string {
    return this.once('unixPath', () => {
      const dir = mkdtempSync(join(tmpdir(), 'nativesockets-'));
      this.dirs.push(dir);
      return join(dir, 's.sock');
    });
  }

  private unixSocket(): number {
    const { api } = this;
    return this.track(api.createNativeSocket(api.AF_UNIX, api.SOCK_STREAM, api.IPPROTO_NONE));
  }

  boundUnix(): number {
    return this.once('boundUnix', () => {
      const { api } = this;
      const s = this.unixSocket();
      const address = api.makeUnixAddr!(this.unixPath());
      this.ok('bindAddr', api.bindAddr(s as never, address, api.Sockaddr_un.size));
      return s;
    });
  }

  pendingUnixListener(): number {
    const { api } = this;
    const s = this.boundUnix();
    this.ok('listen', api.listen(s as never, 16));
    const c = this.unixSocket();
    this.ok('connect', api.connect(c as never, api.makeUnixAddr!(this.unixPath()), api.Sockaddr_un.size));
    return s;
  }

  freedAddrInfo(): ReturnType<PublicModule['getAddrInfo']> {
    const { api } = this;
    const ai = api.getAddrInfo('127.0.0.1', api.Port(80));
    api.freeAddrInfo(ai);
    return ai;
  }

  /** Closes what a case returned: a handle, or the handle of an `[handle, address]` pair. */
  /** Closes with the case the handle a call returned, or each handle of an array it returned (accept's, socketpair's). */
  closeLater(h: unknown): void {
    for (const handle of Array.isArray(h) ? h : [h])
      if (typeof handle === 'number' && handle >= 0) this.opened.push(handle);
  }

  /** An open descriptor that is not a socket: a temporary file, closed with the case. */
  notSocket(): number {
    return this.once('notSocket', () => {
      const dir = mkdtempSync(join(tmpdir(), 'nativesockets-'));
      this.dirs.push(dir);
      const fd = openSync(join(dir, 'not-a-socket'), 'w');
      this.files.push(fd);
      return fd;
    });
  }

  closeAll(): void {
    for (const h of this.opened.splice(0)) this.api.close(h as never);
    for (const fd of this.files.splice(0)) closeSync(fd);
    for (const dir of this.dirs.splice(0)) removeTree(dir);
    this.made.clear();
  }
}

export type Satisfies = 'integer' | 'nonNegativeInteger' | 'string' | 'nonEmptyString' | 'handlePair';

export function conformanceHarness(api: PublicModule) {
  const platform = currentPlatform();
  // Cases call with deliberately wrong types, so the module is used untyped here.
  // biome-ignore lint/suspicious/noExplicitAny: the cases call with deliberately wrong types.
  const A = api as unknown as Record<string, any>;
  const C: CConstants = CONSTANTS[platform];
  const errorClasses: Record<string, new (...args: never[]) => Error> = {
    TypeError,
    RangeError,
    OSError: api.OSError,
    ValueError: api.ValueError,
    IOError: api.IOError,
  };
  return {
    A,
    C,
    platform,
    onPlatform: (...platforms: string[]): boolean => platforms.includes(platform),
    /** Runs a case with fresh fixtures; `where` (its spec file:line) is added to a failure's message. */
    withFixtures(body: (fx: Fixtures) => void, where?: string): void {
      const fx = new Fixtures(api);
      try {
        body(fx);
      } catch (e) {
        if (where !== undefined && e instanceof Error) e.message += ` (the case at ${where})`;
        throw e;
      } finally {
        fx.closeAll();
      }
    },
    expectThrows(fn: () => unknown, errorClass: string, errorCode?: number): void {
      let thrown: unknown;
      let returned: unknown;
      try {
        returned = fn();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `expected ${errorClass}, but the call returned ${String(returned)}`).toBeDefined();
      expect(thrown).toBeInstanceOf(errorClasses[errorClass]);
      if (errorCode !== undefined) {
        expect((thrown as { errorCode?: number }).errorCode).toBe(errorCode);
        expect(typeof (thrown as { code?: unknown }).code).toBe('string');
      }
    },
    expectSatisfies(v: unknown, what: Satisfies): void {
      switch (what) {
        case 'integer':
          expect(Number.isInteger(v), `${String(v)} is an integer`).toBe(true);
          break;
        case 'nonNegativeInteger':
          expect(Number.isInteger(v) && (v as number) >= 0, `${String(v)} is a non-negative integer`).toBe(true);
          break;
        case 'string':
          expect(typeof v).toBe('string');
          break;
        case 'handlePair': {
          const pair = v as unknown[];
          const isHandle = (h: unknown): boolean => Number.isInteger(h) && (h as number) >= 0;
          expect(
            Array.isArray(v) && pair.length === 2 && isHandle(pair[0]) && isHandle(pair[1]) && pair[0] !== pair[1],
            `${JSON.stringify(v)} is two different handles`,
          ).toBe(true);
          break;
        }
        case 'nonEmptyString':
          expect(typeof v === 'string' && v.length > 0, `${JSON.stringify(v)} is a non-empty string`).toBe(true);
          break;
      }
    },
  };
}
