// Reads per-platform values: a plain value (the same everywhere) or a map keyed
// by platform or platform family, where `absent` marks a missing symbol.
import type { Node } from 'yaml';
import { ABSENT, type Absent, type PerPlatform, type Platform } from '../model/spec.js';
import { type Reader, type SpecFile, scalarOrMap } from './schema.js';

export interface PlatformSet {
  all: Platform[];
  byName: Map<string, Platform>;
}

/** A platform name, or a family name standing for every platform of that family. */
function expandKey(platforms: PlatformSet, key: string): Platform[] | undefined {
  const one = platforms.byName.get(key);
  if (one) return [one];
  const family = platforms.all.filter((p) => p.family === key);
  return family.length ? family : undefined;
}

export function perPlatform<T>(
  platforms: PlatformSet,
  item: Reader<T>,
  opts: { requireAll: boolean },
): Reader<PerPlatform<T>> {
  const valueOrAbsent: Reader<T | Absent> = (f, node, what) =>
    node && 'value' in node && (node as { value: unknown }).value === 'absent' ? ABSENT : item(f, node, what);
  return (f: SpecFile, node: Node | null | undefined, what: string) => {
    const read = scalarOrMap(valueOrAbsent)(f, node, what);
    const out: PerPlatform<T> = {};
    if ('scalar' in read) {
      for (const p of platforms.all) out[p.name] = read.scalar;
      return out;
    }
    for (const e of read.map) {
      const targets = expandKey(platforms, e.key);
      if (!targets) {
        const known = platforms.all.map((p) => p.name).join(', ');
        f.fail(e.keyNode, `${what}: '${e.key}' is not a known platform (known: ${known}, or a family: posix, windows)`);
      }
      const v = valueOrAbsent(f, e.value, `${what}.${e.key}`);
      for (const p of targets) out[p.name] = v;
    }
    if (opts.requireAll) {
      const missing = platforms.all.filter((p) => p.required && !(p.name in out)).map((p) => p.name);
      if (missing.length)
        f.fail(node, `${what}: no value for ${missing.join(', ')} (write 'absent' if it does not exist there)`);
    }
    return out;
  };
}
