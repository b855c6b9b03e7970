// Loads a raw backend: the N-API addon (a source build in build/Release, else
// the package's prebuild for this platform, as node-gyp-build finds them),
// koffi over the platform's C library, or bun:ffi (on Bun only) or Deno.dlopen
// (on Deno only) over it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDON_SOURCES_HASH } from '../generated/addonHash.js';
import { loadBunFfiBackend } from '../generated/bunffi/backend.js';
import { loadDenoFfiBackend } from '../generated/denoffi/backend.js';
import { loadKoffiBackend } from '../generated/koffi/backend.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { type JsRuntime, jsRuntime } from './jsRuntime.js';
import { currentPlatform } from './platform.js';

export type BackendName = RawBackend['name'];

const require = createRequire(import.meta.url);
/** node-gyp-build's lookup: build/Release, build/Debug, then prebuilds/<platform>-<arch>/ by tags. */
const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };

/** The package root, found from this file whether it runs from source or from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'nativesockets'
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        'nativesockets: cannot find the package root (no package.json named nativesockets above the runtime)',
      );
    dir = parent;
  }
}

let addonPath: string | null | undefined;

/** The addon node-gyp-build picks for this process, or null when there is none. */
export function napiAddonPath(): string | null {
  if (addonPath === undefined) {
    try {
      addonPath = nodeGypBuild.resolve(packageRoot());
    } catch {
      addonPath = null;
    }
  }
  return addonPath;
}

export const BUILD_ADDON_HINT = 'build it with `npm run build:addon` (needs a C++ compiler, make and python3)';

export function isNapiBuilt(): boolean {
  return napiAddonPath() !== null;
}

const RUNTIME_TITLES: Record<JsRuntime, string> = { node: 'Node.js', bun: 'Bun', deno: 'Deno' };

/** The runtime each backend needs, where it needs one: the FFI it calls C through is that runtime's own. */
export const BACKEND_RUNTIME: Partial<Record<BackendName, { runtime: JsRuntime; ffi: string }>> = {
  bunffi: { runtime: 'bun', ffi: 'bun:ffi' },
  denoffi: { runtime: 'deno', ffi: 'Deno.dlopen' },
};

/** Why `name` cannot load on this runtime, or undefined where it can. */
export function backendUnavailableHere(name: BackendName, runtime: JsRuntime = jsRuntime()): string | undefined {
  const needs = BACKEND_RUNTIME[name];
  if (!needs || needs.runtime === runtime) return undefined;
  return `the ${name} backend runs on ${RUNTIME_TITLES[needs.runtime]} only (it calls C through ${needs.ffi}); this is ${RUNTIME_TITLES[runtime]}`;
}

export function loadRawBackend(name: BackendName): RawBackend {
  if (name === 'koffi') return loadKoffiBackend(currentPlatform());
  if (name === 'bunffi' || name === 'denoffi') {
    const why = backendUnavailableHere(name);
    if (why) throw new Error(`nativesockets: ${why}; use napi or koffi (or auto)`);
    return name === 'bunffi' ? loadBunFfiBackend(currentPlatform()) : loadDenoFfiBackend(currentPlatform());
  }
  const path = napiAddonPath();
  if (path === null) {
    throw new Error(
      `nativesockets: the napi backend is not built (no build/Release/nativesockets.node and no prebuild for ${platform()}-${arch()} in ${packageRoot()}); ${BUILD_ADDON_HINT}, or use NATIVESOCKETS_BACKEND=koffi`,
    );
  }
  const raw = require(path) as RawBackend & { sourcesHash?: unknown };
  if (raw.sourcesHash !== ADDON_SOURCES_HASH) {
    throw new Error(
      `nativesockets: the napi addon ${path} was built from other sources (its hash ${String(raw.sourcesHash)}, the sources' ${ADDON_SOURCES_HASH}); rebuild it with \`npm run build:addon\` (or \`make prebuilds\` for a prebuild)`,
    );
  }
  // A copy: V8 keeps the addon's exports object, whose 56 functions napi_define_properties
  // defines, in dictionary mode, so each `raw.send` of a per-call path was a LoadIC lookup
  // (~2% of a send's CPU time in perf); the copy's properties are fast, loaded inline.
  return { ...raw };
}
