// The koffi backend: binds every C function of the spec from the platform's C
// library at load, and captures errno (WSAGetLastError on Windows, h_errno for
// the netdb lookups) in the same synchronous wrapper, right after the call,
// before any other code can run. Arguments koffi would otherwise convert on its
// own (a string where a pointer goes becomes a temporary copy C then writes
// into or frees) are checked first, with the N-API backend's exact messages.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CParam, SpecModel } from '../model/spec.js';
import { addArgCheckHelpers } from './shared/argChecks.js';
import { H_ERRNO_ACCESS, MEMORY_SYMBOLS, readsHErrno } from './shared/cLibrarySymbols.js';
import { C_TYPE_INFO } from './shared/cTypes.js';
import {
  addPointeeTable,
  cTypeKey,
  platformFamilies,
  pointeeTypes,
  usedCTypes,
  writePerFamilyTable,
} from './shared/ffiTables.js';
import {
  addBackendImports,
  writeCFunctionMembers,
  writePeekIntrinsics,
  writeThreadpoolMember,
} from './shared/ffiWrappers.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform } from './shared/rawInterface.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const KOFFI_BACKEND_PATH = 'koffi/backend.ts';

function writeTypeTable(w: CodeBlockWriter, model: SpecModel): void {
  writePerFamilyTable(w, model, usedCTypes(model), (t, fam) => `'${C_TYPE_INFO[t].koffi[fam]}'`);
}

/** The binding: `lib.func(name, result, [params])`, variadic tail as '...'. */
function writeBinding(w: CodeBlockWriter, fn: CFunctionDef): void {
  const fixed = fn.params.filter((p) => !p.variadic).map((p) => `T.${cTypeKey(p.type)}`);
  if (fn.params.some((p) => p.variadic)) fixed.push("'...'");
  const from = fn.library ? `koffi.load('${fn.library}')` : 'lib';
  w.write(`${from}.func('${fn.name}', T.${cTypeKey(fn.returns)}, [${fixed.join(', ')}])`);
}

/** The expression passing one argument to koffi, checked where koffi would convert it on its own. */
function argExpr(fn: CFunctionDef, p: CParam): string {
  const what = `'${fn.name}: ${p.name}'`;
  const info = C_TYPE_INFO[p.type];
  const value =
    info.passing === 'pointer'
      ? `pointerArg(${p.name}, ${what})`
      : info.passing === 'buffer'
        ? `typedArrayArg(${p.name}, ${what}, ${info.pointeeBytes ? `B.${cTypeKey(p.type)}` : '0'})`
        : p.name;
  return p.variadic ? `T.${cTypeKey(p.type)}, ${value}` : value;
}

/** The raw interface's value of what koffi returned: koffi returns NULL as null, the raw interface 0n or ''. */
function resultExpr(fn: CFunctionDef, call: string): string {
  switch (C_TYPE_INFO[fn.returns].passing) {
    case 'string':
      return `(${call} as string | null) ?? ''`;
    case 'pointer':
      return `(${call} as bigint | null) ?? 0n`;
    default:
      return `${call} as ${C_TYPE_INFO[fn.returns].ts}`;
  }
}

function addHelpers(file: ReturnType<typeof createTsFile>, model: SpecModel): void {
  addArgCheckHelpers(file, model, {
    pointerArg:
      'A pointer crosses by value as a bigint (0n is NULL). koffi would pass a\nstring as a pointer to a temporary copy, and a number as an address: both refused.',
  });
  if (readsHErrno(model)) {
    file.addFunction({
      name: 'hErrnoReader',
      parameters: [
        { name: 'lib', type: 'ReturnType<typeof koffi.load>' },
        { name: 'platform', type: 'PlatformName' },
        { name: 'readLastError', type: '() => number' },
      ],
      returnType: '() => number',
      docs: [
        "Reads h_errno the way the platform's netdb.h defines it. Where that is not\n" +
          'known, or the symbol is missing, the reader throws rather than guess.',
      ],
      statements: (w) => {
        w.writeLine('const unavailable = (why: string) => (): number => {');
        w.writeLine(
          '  throw new Error(`nativesockets (koffi): h_errno cannot be read on ${platform} (${why}); the napi backend reads it`);',
        );
        w.writeLine('};');
        w.write('try ').inlineBlock(() => {
          w.write('switch (platform) ')
            .inlineBlock(() => {
              for (const p of model.platforms) {
                if (p.lastError === 'wsa') {
                  w.writeLine(`case '${p.name}':`).indent(() => w.writeLine('return readLastError;'));
                  continue;
                }
                const access = H_ERRNO_ACCESS[p.name];
                if (!access) continue;
                w.write(`case '${p.name}': `)
                  .inlineBlock(() => {
                    if (access.kind === 'function') {
                      w.writeLine(`const location = lib.func('${access.symbol}', 'int *', []);`);
                      w.writeLine("return () => koffi.decode(location() as bigint, 'int') as number;");
                    } else {
                      w.writeLine(`const address = lib.symbol('${access.symbol}') as bigint;`);
                      w.writeLine("return () => koffi.decode(address, 'int') as number;");
                    }
                  })
                  .newLine();
              }
              w.writeLine('default:').indent(() => w.writeLine("return unavailable('no known way to reach it');"));
            })
            .newLine();
        });
        w.write(' catch (e) ')
          .inlineBlock(() => w.writeLine('return unavailable((e as Error).message);'))
          .newLine();
      },
    });
  }
}

function writeMemcpy(w: CodeBlockWriter, model: SpecModel): void {
  const fams = platformFamilies(model);
  const binding = (fam: 'posix' | 'windows') => {
    const m = MEMORY_SYMBOLS[fam];
    const from = m.library === null ? 'lib' : `koffi.load('${m.library}')`;
    return `${from}.func('${m.memcpy}', 'void', ['void *', 'void *', 'size_t'])`;
  };
  if (fams.length === 1) w.writeLine(`const memcpy = ${binding(fams[0]!)};`);
  else w.writeLine(`const memcpy = info.family === 'windows' ? ${binding('windows')} : ${binding('posix')};`);
}

/** `withGetsockoptInt`: the spec has getsockopt, so getSockOptInt's int-only call is offered over it. */
function writeIntrinsics(w: CodeBlockWriter, withGetsockoptInt: boolean): void {
  writePeekIntrinsics(w, 'if (length > 0) memcpy(copy, address, length);', [
    "pointerArg(address, 'peekCString: address');",
    "return address === 0n ? '' : koffi.decode.string(address);",
  ]);
  if (!withGetsockoptInt) return;
  w.writeLine(
    '/** getsockopt into an int, with its own out-parameters: nothing to check but the numbers koffi converts. */',
  );
  w.write('getsockoptInt: (fd: number, level: number, optname: number): number | undefined => ')
    .inlineBlock(() => {
      // The int starts at 0 on every call, as the addon's local does: WinSock writes fewer bytes for
      // some options (one for IPV6_V6ONLY under Wine), which must not leave a byte of the last value.
      w.writeLine('intOption[0] = 0;');
      w.writeLine('intOption[1] = 4;');
      w.write('if (c_getsockoptInt(fd, level, optname, intOptionAddress, intOptionAddress + 4) === -1) ').inlineBlock(
        () => {
          w.writeLine('lastError = readLastError();');
          w.writeLine('return undefined;');
        },
      );
      w.writeLine('return intOption[0];');
    })
    .write(',')
    .newLine();
}

const hasGetsockopt = (model: SpecModel): boolean => model.cFunctions.some((fn) => fn.name === 'getsockopt');

export function emitKoffiBackend(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, KOFFI_BACKEND_PATH);
  file.addImportDeclaration({ moduleSpecifier: 'node:module', namedImports: ['createRequire'] });
  file.addImportDeclaration({ moduleSpecifier: 'koffi', defaultImport: 'koffiModule', isTypeOnly: true });
  addBackendImports(file);
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Let,
    docs: [
      'koffi itself, loaded by the first loadKoffiBackend rather than on import: the\npackage imported for its napi backend alone never loads it (about 10 ms).',
    ],
    declarations: [{ name: 'koffi', type: 'typeof koffiModule' }],
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ['koffi type names for each C type of the spec, per platform family.'],
    declarations: [{ name: 'KOFFI_TYPES', initializer: (w) => writeTypeTable(w, model) }],
  });
  const sized = pointeeTypes(model).length > 0;
  if (sized) addPointeeTable(file, model);
  addHelpers(file, model);
  file.addFunction({
    name: 'loadKoffiBackend',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'RawBackend',
    docs: ["Loads the platform's C library and binds the spec's C functions that exist there."],
    statements: (w) => {
      w.writeLine("koffi ??= createRequire(import.meta.url)('koffi') as typeof koffiModule;");
      w.writeLine('const info = PLATFORMS[platform];');
      w.writeLine('const T = KOFFI_TYPES[info.family];');
      if (sized) w.writeLine('const B = POINTEE_BYTES[info.family];');
      w.writeLine('const lib = koffi.load(info.cLibrary);');
      w.writeLine('const on = (...platforms: PlatformName[]): boolean => platforms.includes(platform);');
      w.writeLine('// errno is per thread and any later call may overwrite it: read it first thing.');
      w.writeLine(
        "const wsaGetLastError = info.lastError === 'wsa' ? lib.func('WSAGetLastError', 'int', []) : undefined;",
      );
      w.writeLine(
        'const readLastError = (): number => (wsaGetLastError ? (wsaGetLastError() as number) : koffi.errno());',
      );
      if (readsHErrno(model)) w.writeLine('const readHErrno = hErrnoReader(lib, platform, readLastError);');
      writeMemcpy(w, model);
      w.writeLine('let lastError = 0;');
      if (hasGetsockopt(model)) {
        // Plain numbers are koffi's cheapest arguments: two addresses cost ~33 ns less a
        // call than two typed arrays (BENCHMARKS.md), which getsockoptInt's 1.5x target needs.
        w.writeLine(
          "// getsockoptInt's out-parameters (the int, then its length) in 8 bytes of C memory, reused (the calls are",
        );
        w.writeLine(
          '// synchronous) and never freed, one block per backend and thread; passed as addresses, plain numbers, which',
        );
        w.writeLine('// koffi converts faster than typed arrays, and read through a view.');
        w.writeLine("const intOptionMemory = koffi.alloc('int', 2);");
        w.writeLine('const intOptionAddress = Number(koffi.address(intOptionMemory));');
        w.writeLine('const intOption = new Int32Array(koffi.view(intOptionMemory, 8));');
        w.writeLine(
          "const c_getsockoptInt = lib.func('getsockopt', T.int, [T.socket_t, T.int, T.int, 'intptr_t', 'intptr_t']);",
        );
      }
      for (const fn of model.cFunctions) {
        w.write(`const c_${fn.name} = `);
        if (onEveryPlatform(fn, model)) writeBinding(w, fn);
        else {
          w.write(`on(${fn.platforms.map((p) => `'${p}'`).join(', ')}) ? `);
          writeBinding(w, fn);
          w.write(' : undefined');
        }
        w.write(';').newLine();
      }
      w.write('return ')
        .inlineBlock(() => {
          w.writeLine("name: 'koffi',");
          writeCFunctionMembers(w, model, {
            call: (fn) => `c_${fn.name}(${fn.params.map((p) => argExpr(fn, p)).join(', ')})`,
            result: resultExpr,
            nullNote: 'koffi returns NULL as null; the raw interface promises 0n.',
          });
          writeIntrinsics(w, hasGetsockopt(model));
          writeThreadpool(w, model);
          w.writeLine('lastError: () => lastError,');
        })
        .write(';');
    },
  });
  return tsFileOutput(KOFFI_BACKEND_PATH, file);
}

/**
 * The `threadpool` member of the koffi backend's object: `c_NAME.async(...)`
 * (koffi runs it on a libuv threadpool thread), with the synchronous wrapper's
 * argument checks done first.
 */
function writeThreadpool(w: CodeBlockWriter, model: SpecModel): void {
  writeThreadpoolMember(
    w,
    model,
    (fn) => fn.params.map((p) => argExpr(fn, p)).join(', '),
    (fn, returns) => {
      w.write(`return new Promise((resolve, reject) => `)
        .inlineBlock(() => {
          w.write(`c_${fn.name}!.async(...args, (err: unknown, r: unknown) => `)
            .inlineBlock(() => {
              w.writeLine(`if (err) reject(err);`);
              w.writeLine(`else resolve(r as ${returns});`);
            })
            .write(');')
            .newLine();
        })
        .write(');')
        .newLine();
    },
  );
}
