// The list of emitters: each turns the model into one or more generated files.
import type { SpecModel } from '../model/spec.js';
import { emitAddonHash } from './emitAddonHash.js';
import { emitApi } from './emitApi.js';
import { emitApiReference } from './emitApiReference.js';
import { emitBadInputTests } from './emitBadInputTests.js';
import { emitBunFfiBackend } from './emitBunFfiBackend.js';
import { emitBunFfiSymbols } from './emitBunFfiSymbols.js';
import { emitConformanceTests } from './emitConformanceTests.js';
import { emitConstants } from './emitConstants.js';
import { emitDenoFfiBackend } from './emitDenoFfiBackend.js';
import { emitEntries } from './emitEntries.js';
import { emitHeaderChecks } from './emitHeaderChecks.js';
import { emitKoffiBackend } from './emitKoffiBackend.js';
import { emitNapiBackend } from './emitNapiBackend.js';
import { emitPlatformTables } from './emitPlatformTables.js';
import { emitRawBackend } from './emitRawBackend.js';
import { emitStructs } from './emitStructs.js';
import { emitWiring } from './emitWiring.js';
import type { GeneratedFile } from './shared/files.js';

/** rootDir: the repository, whose hand-written addon sources the addon's hash covers. */
export function emitAll(model: SpecModel, rootDir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    emitRawBackend(model),
    emitPlatformTables(model),
    emitApi(model),
    emitConstants(model),
    emitStructs(model),
    emitWiring(model),
    ...emitEntries(model),
    emitKoffiBackend(model),
    emitBunFfiSymbols(model),
    emitBunFfiBackend(model),
    emitDenoFfiBackend(model),
    ...emitNapiBackend(model),
    ...emitConformanceTests(model),
    emitBadInputTests(model),
    emitApiReference(model),
    ...emitHeaderChecks(model),
  ];
  files.push(...emitAddonHash(model, files, rootDir));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
