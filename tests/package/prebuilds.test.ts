// The prebuilt addons committed in prebuilds/ are built from the current
// sources: each embeds the hash generated/addonHash.ts holds (the generator
// hashes the addon's C++ sources). After a change to them, this fails until
// `make prebuilds` is run. And an addon built from other sources is refused
// when loaded, with a message that says how to rebuild it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADDON_SOURCES_HASH } from '../../generated/addonHash.js';
import { removeTree } from '../support/removeTree.mjs';
import { evalCommand } from '../support/runtimes.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREBUILDS = [
  join('linux-x64', 'nativesockets.glibc.node'),
  join('linux-arm64', 'nativesockets.glibc.node'),
  join('win32-x64', 'nativesockets.node'),
];
const onLinuxX64 = platform() === 'linux' && arch() === 'x64';
const STALE = 'prebuilds are stale: run make prebuilds';

describe('committed prebuilds', () => {
  test.each(PREBUILDS)('prebuilds/%s is built from the current addon sources', (file) => {
    const path = join(REPO, 'prebuilds', file);
    expect(existsSync(path), `${path} is missing: ${STALE}`).toBe(true);
    // The hash is a string literal in the binary; a stripped binary keeps its data.
    expect(
      readFileSync(path).includes(Buffer.from(ADDON_SOURCES_HASH)),
      `${path} lacks hash ${ADDON_SOURCES_HASH}: ${STALE}`,
    ).toBe(true);
  });

  test.skipIf(!onLinuxX64)(
    'the linux-x64 prebuild loads here and exports the same hash (skipped: not linux-x64)',
    () => {
      const raw = createRequire(import.meta.url)(join(REPO, 'prebuilds', PREBUILDS[0]!)) as {
        sourcesHash: string;
        name: string;
      };
      expect(raw.name).toBe('napi');
      expect(raw.sourcesHash, STALE).toBe(ADDON_SOURCES_HASH);
    },
  );
});

describe.skipIf(!onLinuxX64)(
  'an addon built from other sources (skipped: the linux-x64 prebuild is the one this host can load)',
  () => {
    // A copy of the package whose only addon is the linux-x64 prebuild with another hash patched in.
    const other = 'f'.repeat(ADDON_SOURCES_HASH.length);
    let copy = '';
    let patched = false;
    beforeAll(() => {
      copy = mkdtempSync(join(tmpdir(), 'nativesockets-stale-'));
      const pkg = join(copy, 'node_modules', 'nativesockets');
      // A project that depends on the package: Deno resolves a bare name only from a declared dependency.
      writeFileSync(
        join(copy, 'package.json'),
        JSON.stringify({ private: true, dependencies: { nativesockets: '*' } }),
      );
      cpSync(join(REPO, 'package.json'), join(pkg, 'package.json'));
      cpSync(join(REPO, 'dist'), join(pkg, 'dist'), { recursive: true });
      for (const dep of ['koffi', 'node-gyp-build'])
        symlinkSync(join(REPO, 'node_modules', dep), join(copy, 'node_modules', dep), 'dir');
      const binary = readFileSync(join(REPO, 'prebuilds', PREBUILDS[0]!));
      const at = binary.indexOf(ADDON_SOURCES_HASH);
      patched = at >= 0;
      if (patched) binary.write(other, at, 'latin1');
      mkdirSync(join(pkg, 'prebuilds', 'linux-x64'), { recursive: true });
      writeFileSync(join(pkg, 'prebuilds', PREBUILDS[0]!), binary);
    });
    afterAll(() => removeTree(copy));

    test('is refused on load, naming the addon and saying how to rebuild it', () => {
      expect(patched, STALE).toBe(true);
      const script =
        "import('nativesockets/napi').then(() => console.log('loaded'), (e) => { console.error(e.message); process.exit(3); });";
      const command = evalCommand(script);
      const r = spawnSync(command.file, command.args, { cwd: copy, encoding: 'utf8', timeout: 15_000 });
      expect(r.stdout).toBe('');
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(
        `nativesockets.glibc.node was built from other sources (its hash ${other}, the sources' ${ADDON_SOURCES_HASH})`,
      );
      expect(r.stderr).toContain('npm run build:addon');
    });
  },
);
