// Questions every emitter asks of per-platform values.
import { ABSENT, type PerPlatform, type SpecModel } from '../../model/spec.js';

/** The platforms where a per-platform value exists (known and not absent). */
export function platformsWith<T>(values: PerPlatform<T>, model: SpecModel): string[] {
  return model.platforms
    .filter((p) => {
      const v = values[p.name];
      return v !== undefined && v !== ABSENT;
    })
    .map((p) => p.name);
}

export function valueOn<T>(values: PerPlatform<T>, platform: string): T | undefined {
  const v = values[platform];
  return v === undefined || v === ABSENT ? undefined : v;
}

export function onEveryPlatform<T>(values: PerPlatform<T>, model: SpecModel): boolean {
  return platformsWith(values, model).length === model.platforms.length;
}

/** Hex for values the headers write in hex (flags), decimal otherwise. */
export function numberLiteral(n: number): string {
  return n < 0 ? String(n) : n >= 0x100 && (n & (n - 1)) === 0 ? `0x${n.toString(16)}` : String(n);
}
