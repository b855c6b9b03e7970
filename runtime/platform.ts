// Which spec platform this process runs on, from `process.platform`.
import { PLATFORMS, type PlatformName } from '../generated/platformTables.js';

let cached: PlatformName | undefined;

export function platformFor(nodePlatform: string): PlatformName | undefined {
  return (Object.keys(PLATFORMS) as PlatformName[]).find((p) => PLATFORMS[p].nodePlatform === nodePlatform);
}

export function currentPlatform(): PlatformName {
  if (cached === undefined) {
    const found = platformFor(process.platform);
    if (found === undefined) {
      const known = Object.values(PLATFORMS)
        .map((p) => p.nodePlatform)
        .join(', ');
      throw new Error(`nativesockets: platform '${process.platform}' is not in the spec (known: ${known})`);
    }
    cached = found;
  }
  return cached;
}
