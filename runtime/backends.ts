// Loads a raw backend: the N-API addon built by node-gyp, or koffi over the
// platform's C library.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKoffiBackend } from '../generated/koffi/backend.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { currentPlatform } from './platform.js';

export type BackendName = RawBackend['name'];

/** The package root, found from this file whether it runs from source or from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'nativesockets') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nativesockets: cannot find the package root (no package.json named nativesockets above the runtime)');
    dir = parent;
  }
}

export function napiAddonPath(): string {
  return join(packageRoot(), 'generated', 'napi', 'build', 'Release', 'nativesockets.node');
}

export const BUILD_ADDON_HINT = 'build it with `npm run build:addon` (needs a C++ compiler, make and python3)';

export function isNapiBuilt(): boolean {
  return existsSync(napiAddonPath());
}

export function loadRawBackend(name: BackendName): RawBackend {
  if (name === 'koffi') return loadKoffiBackend(currentPlatform());
  const path = napiAddonPath();
  if (!existsSync(path)) {
    throw new Error(`nativesockets: the napi backend is not built (no ${path}); ${BUILD_ADDON_HINT}, or use NATIVESOCKETS_BACKEND=koffi`);
  }
  return createRequire(import.meta.url)(path) as RawBackend;
}
