// The package exports every name of the seed documents, bound on the platforms
// where it exists and undefined elsewhere; and nothing the spec does not define.
import { describe, expect, test } from 'vitest';
import * as ns from '../../generated/entries/index.js';
import { currentPlatform } from '../../runtime/platform.js';
import { SEED_VALUE_NAMES } from './seedNames.js';

const platform = currentPlatform();

describe('exports match the seed documents', () => {
  for (const [name, platforms] of Object.entries(SEED_VALUE_NAMES)) {
    const here = platforms === 'all' || platforms.includes(platform);
    test(`${name} is ${here ? 'defined' : 'undefined'} on ${platform}`, () => {
      expect(Object.keys(ns), `${name} is an export`).toContain(name);
      const value = (ns as Record<string, unknown>)[name];
      if (here) expect(value, name).not.toBeUndefined();
      else expect(value, name).toBeUndefined();
    });
  }
});
