// The list of emitters: each turns the model into one or more generated files.
import type { SpecModel } from '../model/spec.js';
import type { GeneratedFile } from './files.js';
import { emitAddonHash } from './emitAddonHash.js';
import { emitApiReference } from './emitApiReference.js';
import { emitBadInputTests } from './emitBadInputTests.js';
import { emitConformanceTests } from './emitConformanceTests.js';
import { emitConstants } from './emitConstants.js';
import { emitEntries } from './emitEntries.js';
import { emitHeaderChecks } from './emitHeaderCheck.js';
import { emitKoffiBackend } from './emitKoffiBackend.js';
import { emitNapiBackend } from './emitNapiBackend.js';
import { emitPlatformTables } from './emitPlatformTables.js';
import { emitRawInterface } from './emitRawInterface.js';
import { emitStructs } from './emitStructs.js';
import { emitTypings } from './emitTypings.js';

/** rootDir: the repository, whose hand-written addon sources the addon's hash covers. */
export function emitAll(model: SpecModel, rootDir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    emitRawInterface(model),
    emitPlatformTables(model),
    emitTypings(model),
    emitConstants(model),
    emitStructs(model),
    ...emitEntries(model),
    emitKoffiBackend(model),
    ...emitNapiBackend(model),
    ...emitConformanceTests(model),
    emitBadInputTests(model),
    emitApiReference(model),
    ...emitHeaderChecks(model),
  ];
  files.push(...emitAddonHash(model, files, rootDir));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
