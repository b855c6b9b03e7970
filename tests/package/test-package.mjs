// `make test-package`: the package as a user gets it. Packs the tarball, checks
// what it holds, installs it into a fresh temporary project with no C++
// compiler, make or python3 reachable (CC=/bin/false CXX=/bin/false, PATH with
// node and npm only), then in that project: ESM import and require() on both
// backends with a loopback TCP round trip, every example of examples/ (through
// tests/examples/examples.test.ts), a strict TypeScript consumer
// (module nodenext) that typechecks, and the install script on a platform
// without a prebuild. The temporary project is removed at the end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUND_TRIP } from './roundTrip.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BACKENDS = ['napi', 'koffi'];
const PREBUILDS = [
  'prebuilds/linux-x64/nativesockets.glibc.node',
  'prebuilds/linux-arm64/nativesockets.glibc.node',
  'prebuilds/win32-x64/nativesockets.node',
];
/** Folders of the repository a user never needs. */
const NOT_SHIPPED = [
  'tests/',
  'bench/',
  'fuzz/',
  '.ci/',
  'spec/',
  'generator/',
  'dist/generator/',
  'examples/',
  'node_modules/',
];
const LIMIT_MS = 120_000;

const work = mkdtempSync(join(tmpdir(), 'nativesockets-package-'));
const app = join(work, 'app');
const bin = join(work, 'bin');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 64 << 20, ...opts });
  const shown = `${cmd} ${args.join(' ')}`;
  assert.equal(r.error, undefined, `${shown}: ${r.error}`);
  assert.equal(r.status, 0, `${shown} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The environment of a machine without a compiler: node, npm and sh on PATH, nothing else. */
function noCompilerEnv(extra = {}) {
  return {
    ...process.env,
    PATH: bin,
    CC: '/bin/false',
    CXX: '/bin/false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

function step(name) {
  process.stdout.write(`test-package: ${name}\n`);
}

try {
  step('npm pack');
  mkdirSync(app, { recursive: true });
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] })
      .stdout,
  )[0];
  const files = packed.files.map((f) => f.path);
  for (const p of PREBUILDS) assert.ok(files.includes(p), `the tarball lacks ${p}`);
  for (const p of [
    'dist/generated/entries/index.js',
    'dist/generated/entries/index.d.ts',
    'LICENSE',
    'README.md',
    'generated/napi/binding.gyp',
    'runtime/napi/eventloop.cc',
    'runtime/napi/helpers.h',
    'tools/install.mjs',
  ]) {
    assert.ok(files.includes(p), `the tarball lacks ${p}`);
  }
  const extra = files.filter(
    (f) =>
      NOT_SHIPPED.some((d) => f.startsWith(d)) || f.endsWith('.tgz') || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
  );
  assert.deepEqual(extra, [], 'the tarball holds files a user does not need');
  const tarball = join(work, packed.filename);

  step('install into a fresh project without a C++ compiler, make or python3');
  mkdirSync(bin);
  for (const tool of ['node', 'npm', 'sh']) {
    const found = run('sh', ['-c', `command -v ${tool}`]).stdout.trim();
    symlinkSync(found, join(bin, tool));
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }, null, 2));
  const install = run(join(bin, 'npm'), ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: app,
    env: noCompilerEnv(),
  });
  process.stdout.write(install.stdout + install.stderr);

  step('ESM import and require() on both backends, a loopback TCP round trip');
  writeFileSync(join(app, 'esm.mjs'), `import * as ns from 'nativesockets';\n${ROUND_TRIP}`);
  writeFileSync(join(app, 'cjs.cjs'), `const ns = require('nativesockets');\n${ROUND_TRIP}`);
  for (const backend of BACKENDS) {
    for (const script of ['esm.mjs', 'cjs.cjs']) {
      const r = run(join(bin, 'node'), [script], { cwd: app, env: noCompilerEnv({ NATIVESOCKETS_BACKEND: backend }) });
      assert.equal(r.stderr, '', `${script} [${backend}] wrote to stderr`);
      assert.equal(r.stdout, `${backend} round trip\n`, `${script} [${backend}]`);
    }
  }
  for (const [specifier, backend] of [
    ['nativesockets/napi', 'napi'],
    ['nativesockets/koffi', 'koffi'],
  ]) {
    const r = run(join(bin, 'node'), ['-e', `console.log(require(${JSON.stringify(specifier)}).backend)`], {
      cwd: app,
      env: noCompilerEnv(),
    });
    assert.equal(r.stdout, `${backend}\n`, specifier);
  }

  step('every example of examples/ against the installed package (tests/examples/examples.test.ts)');
  cpSync(join(REPO, 'examples'), join(app, 'examples'), { recursive: true });
  const vitest = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
  const ex = run(process.execPath, [vitest, 'run', 'tests/examples/examples.test.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      NATIVESOCKETS_EXAMPLES_DIR: join(app, 'examples'),
      NATIVESOCKETS_TEST_BACKENDS: BACKENDS.join(','),
    },
  });
  process.stdout.write(
    `${ex.stdout
      .split('\n')
      .filter((l) => /Tests|skipped|icmp/.test(l))
      .join('\n')}\n`,
  );

  step('a strict TypeScript consumer (module nodenext) typechecks');
  writeFileSync(
    join(app, 'consumer.ts'),
    `import {
  AF_INET, IPPROTO_TCP, SOCK_STREAM, backend, close, createNativeSocket, freeAddrInfo, getAddrInfo, osInvalidSocket, Port,
  type AddrInfoHints, type SocketHandle,
} from 'nativesockets';
import * as koffi from 'nativesockets/koffi';
import * as napi from 'nativesockets/napi';

const hints: AddrInfoHints = { ai_family: 2 };
const s: SocketHandle = createNativeSocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
if (s === osInvalidSocket) throw new Error('no socket');
close(s);
freeAddrInfo(getAddrInfo('127.0.0.1', Port(80), hints));
freeAddrInfo(getAddrInfo('127.0.0.1', Port(80), {}));
const names: string[] = [backend, koffi.backend, napi.backend];
// @ts-expect-error a hint is a number
getAddrInfo('127.0.0.1', Port(80), { ai_family: 'inet' });
console.log(names.join(' '));
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(REPO, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      },
      null,
      2,
    ),
  );
  run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app });

  step('the install script where no prebuild matches and there is no compiler: one line, exit 0');
  const pkg = join(app, 'node_modules', 'nativesockets');
  const again = run(join(bin, 'node'), [join(pkg, 'tools', 'install.mjs')], {
    cwd: pkg,
    env: noCompilerEnv({ npm_config_arch: 'riscv64' }),
  });
  const said = (again.stdout + again.stderr).trim();
  assert.match(
    said,
    /no prebuild for this platform; building the napi addon from source\nnativesockets: napi addon not built: no C\+\+ toolchain \(missing a working C\+\+ compiler \(CXX=\/bin\/false\)/,
  );
  assert.match(said, /koffi is the default backend/);
  assert.deepEqual(
    readdirSync(pkg).filter((f) => f === 'build'),
    [],
    'nothing half-built is left behind',
  );
  const quiet = run(join(bin, 'node'), [join(pkg, 'tools', 'install.mjs')], { cwd: pkg, env: noCompilerEnv() });
  assert.equal(quiet.stdout + quiet.stderr, '', 'with a matching prebuild the install script does nothing');

  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  step(
    `passed: ${packed.filename} ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked, ${files.length} files`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
