// The fingerprint of the N-API addon's C++ sources: a hash of every source
// binding.gyp compiles (the generated nativesockets.cc and the hand-written
// files it lists) and of the hand-written header it includes, emitted twice: as a C header the addon includes and exports
// as `sourcesHash`, and as a TypeScript constant the runtime compares it with.
// An addon built from other sources (a stale build/Release or prebuild) then
// fails with "run npm run build:addon / make prebuilds" instead of a missing
// function, and the committed prebuilds are checked against it in npm test.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { SpecModel } from '../model/spec.js';
import { napiHashedFiles } from './shared/addonSources.js';
import { type GeneratedFile, generatedHeader } from './shared/files.js';

export const ADDON_HASH_HEADER_PATH = 'napi/sources_hash.h';
export const ADDON_HASH_TS_PATH = 'addonHash.ts';
const GENERATED_SOURCE = 'nativesockets.cc';

/**
 * `generated` holds the files emitted so far (nativesockets.cc among them); the
 * hand-written sources binding.gyp lists are read from rootDir (the repository).
 */
export function emitAddonHash(model: SpecModel, generated: GeneratedFile[], rootDir: string): GeneratedFile[] {
  const hash = createHash('sha256');
  for (const source of napiHashedFiles(model, GENERATED_SOURCE)) {
    const fromGenerated = posix.join('napi', source);
    const content = fromGenerated.startsWith('../')
      ? readFileSync(join(rootDir, posix.join('generated', fromGenerated)), 'utf8')
      : generated.find((f) => f.path === fromGenerated)?.content;
    if (content === undefined) throw new Error(`addon source ${fromGenerated} was not generated`);
    // The path too, so moving code between two files changes the hash.
    hash.update(`${source}\0${content}\0`);
  }
  const value = hash.digest('hex').slice(0, 16);
  return [
    {
      path: ADDON_HASH_HEADER_PATH,
      content: `${generatedHeader('slash')}// The hash of the addon's sources (generator/emit/emitAddonHash.ts).\n#define NATIVESOCKETS_SOURCES_HASH "${value}"\n`,
    },
    {
      path: ADDON_HASH_TS_PATH,
      content: `${generatedHeader('slash')}\n/** The hash of the N-API addon's C++ sources; an addon built from them exports it as \`sourcesHash\`. */\nexport const ADDON_SOURCES_HASH = '${value}';\n`,
    },
  ];
}
