// The runtime side of the generated conformance tests: fixtures, the running
// platform's internal constants, and the checks a case can ask for.
import { expect } from 'vitest';
import { CONSTANTS, type CConstants } from '../../generated/platformTables.js';
import { currentPlatform } from '../../runtime/platform.js';

type PublicModule = typeof import('../../generated/entries/index.js');

/** A handle above any descriptor limit, so calls on it fail with EBADF. */
export const NEVER_OPEN_HANDLE = 0x3fffffff;

export class Fixtures {
  private readonly opened: number[] = [];

  constructor(private readonly api: PublicModule) {}

  private track(h: number): number {
    if (h < 0) throw new Error(`fixture socket failed: errno ${this.api.osLastError()}`);
    this.opened.push(h);
    return h;
  }

  tcp(): number {
    return this.track(this.api.createNativeSocket(this.api.AF_INET, this.api.SOCK_STREAM, this.api.IPPROTO_TCP));
  }

  udp(): number {
    return this.track(this.api.createNativeSocket(this.api.AF_INET, this.api.SOCK_DGRAM, this.api.IPPROTO_UDP));
  }

  badHandle(): number {
    return NEVER_OPEN_HANDLE;
  }

  closeLater(h: unknown): void {
    if (typeof h === 'number' && h >= 0) this.opened.push(h);
  }

  closeAll(): void {
    for (const h of this.opened.splice(0)) this.api.close(h as never);
  }
}

export type Satisfies = 'integer' | 'nonNegativeInteger' | 'string' | 'nonEmptyString';

export function conformanceHarness(api: PublicModule) {
  const platform = currentPlatform();
  // Cases call with deliberately wrong types, so the module is used untyped here.
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
    withFixtures(body: (fx: Fixtures) => void): void {
      const fx = new Fixtures(api);
      try {
        body(fx);
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
        case 'nonEmptyString':
          expect(typeof v === 'string' && v.length > 0, `${JSON.stringify(v)} is a non-empty string`).toBe(true);
          break;
      }
    },
  };
}
