// The addon's generated/napi/binding.gyp, read by the build scripts that do not
// run node-gyp in generated/napi itself (the temporary-directory source build,
// prebuildify, the mingw-w64 cross build), so every build compiles the same files.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GYP_DIR = join(ROOT, 'generated', 'napi');

/** binding.gyp as an object (gyp reads a Python literal: JSON plus '#' comment lines). */
export function readBindingGyp() {
  return JSON.parse(readFileSync(join(GYP_DIR, 'binding.gyp'), 'utf8').replace(/^\s*#.*$/gm, ''));
}

/** The addon target: its sources as absolute paths, and its defines. */
export function addonTarget() {
  const target = readBindingGyp().targets.find((t) => t.target_name === 'nativesockets');
  return { sources: target.sources.map((s) => resolve(GYP_DIR, s)), defines: target.defines ?? [] };
}

/** binding.gyp text for a copy in `dir`: sources relative to it (gyp's make generator wants relative paths). */
export function relocatedBindingGyp(dir) {
  const gyp = readBindingGyp();
  for (const t of gyp.targets) t.sources = t.sources.map((s) => relative(dir, resolve(GYP_DIR, s)));
  return `${JSON.stringify(gyp, null, 2)}\n`;
}
