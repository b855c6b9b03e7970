// The koffi backend: binds every C function of the spec from the platform's C
// library at load, and captures errno (WSAGetLastError on Windows, h_errno for
// the netdb lookups) in the same synchronous wrapper, right after the call,
// before any other code can run. Arguments koffi would otherwise convert on its
// own (a string where a pointer goes becomes a temporary copy C then writes
// into or frees) are checked first, with the N-API backend's exact messages.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CParam, CType, SpecModel } from '../model/spec.js';
import { addArgCheckHelpers, writePeekIntrinsics, writeThreadpoolMember } from './shared/argChecks.js';
import { C_TYPE_INFO, cTypeKey, platformFamilies, usedCTypes } from './shared/cTypes.js';
import { H_ERRNO_ACCESS } from './shared/errnoAccess.js';
import type { GeneratedFile } from './shared/files.js';
import { failureCapture, onEveryPlatform, rawSignature } from './shared/rawInterface.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const KOFFI_BACKEND_PATH = 'koffi/backend.ts';

/**
 * Where `peek` finds a memcpy, per family (library null: the platform's C
 * library). On Windows that library is ws2_32.dll, so kernel32's RtlMoveMemory.
 * A memcpy through koffi costs about a third of koffi.decode(ptr, 'uint8_t', n).
 */
export const KOFFI_MEMCPY: Record<'posix' | 'windows', { library: string | null; symbol: string }> = {
  posix: { library: null, symbol: 'memcpy' },
  windows: { library: 'kernel32.dll', symbol: 'RtlMoveMemory' },
};

function writeTypeTable(w: CodeBlockWriter, model: SpecModel): void {
  w.inlineBlock(() => {
    for (const fam of platformFamilies(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of usedCTypes(model)) w.writeLine(`${cTypeKey(t)}: '${C_TYPE_INFO[t].koffi[fam]}',`);
        })
        .write(',')
        .newLine();
    }
  });
}

/** Types whose typed array must hold one pointee: their sizes per family. */
function sizedTypes(model: SpecModel): CType[] {
  return usedCTypes(model).filter(
    (t) =>
      C_TYPE_INFO[t].pointeeBytes !== undefined && model.cFunctions.some((fn) => fn.params.some((p) => p.type === t)),
  );
}

function writePointeeTable(w: CodeBlockWriter, model: SpecModel): void {
  w.inlineBlock(() => {
    for (const fam of platformFamilies(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of sizedTypes(model)) w.writeLine(`${cTypeKey(t)}: ${C_TYPE_INFO[t].pointeeBytes![fam]},`);
        })
        .write(',')
        .newLine();
    }
  });
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

/** The wrapper the raw interface exposes: check, call, then capture the error on failure. */
function writeWrapper(w: CodeBlockWriter, fn: CFunctionDef): void {
  const sig = rawSignature(fn);
  const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const call = `c_${fn.name}(${fn.params.map((p) => argExpr(fn, p)).join(', ')})`;
  w.write(`(${params}): ${sig.returns} => `).inlineBlock(() => {
    const capture = failureCapture(fn.failure);
    if (capture) {
      if (capture.failed.endsWith('0n')) {
        w.writeLine('// koffi returns NULL as null; the raw interface promises 0n.');
        w.writeLine(`const r = (${call} as bigint | null) ?? 0n;`);
      } else w.writeLine(`const r = ${call} as number;`);
      w.writeLine(`if (${capture.failed}) lastError = ${capture.reader};`);
      w.writeLine('return r;');
      return;
    }
    switch (C_TYPE_INFO[fn.returns].passing) {
      case 'string':
        w.writeLine(`return (${call} as string | null) ?? '';`);
        break;
      case 'pointer':
        w.writeLine(`return (${call} as bigint | null) ?? 0n;`);
        break;
      case 'void':
        w.writeLine(`${call};`);
        break;
      default:
        w.writeLine(`return ${call} as ${sig.returns};`);
    }
  });
}

function needsHErrno(model: SpecModel): boolean {
  return model.cFunctions.some((fn) => fn.failure === 'nullHErrno');
}

function addHelpers(file: ReturnType<typeof createTsFile>, model: SpecModel): void {
  addArgCheckHelpers(
    file,
    model,
    'koffi would pass a\nstring as a pointer to a temporary copy, and a number as an address: both refused.',
  );
  if (needsHErrno(model)) {
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
    const m = KOFFI_MEMCPY[fam];
    const from = m.library === null ? 'lib' : `koffi.load('${m.library}')`;
    return `${from}.func('${m.symbol}', 'void', ['void *', 'void *', 'size_t'])`;
  };
  if (fams.length === 1) w.writeLine(`const memcpy = ${binding(fams[0]!)};`);
  else w.writeLine(`const memcpy = info.family === 'windows' ? ${binding('windows')} : ${binding('posix')};`);
}

function writeIntrinsics(w: CodeBlockWriter): void {
  writePeekIntrinsics(w, 'if (length > 0) memcpy(copy, address, length);', [
    "pointerArg(address, 'peekCString: address');",
    "return address === 0n ? '' : koffi.decode.string(address);",
  ]);
}

export function emitKoffiBackend(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, KOFFI_BACKEND_PATH);
  file.addImportDeclaration({ moduleSpecifier: 'node:module', namedImports: ['createRequire'] });
  file.addImportDeclaration({ moduleSpecifier: 'koffi', defaultImport: 'koffiModule', isTypeOnly: true });
  file.addImportDeclaration({
    moduleSpecifier: '../rawBackend.js',
    namedImports: ['PEEK_MAX_BYTES', 'type RawBackend'],
  });
  file.addImportDeclaration({
    moduleSpecifier: '../platformTables.js',
    namedImports: ['PLATFORMS', 'type PlatformName'],
  });
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
  const sized = sizedTypes(model).length > 0;
  if (sized) {
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The bytes a typed array passed for a typed pointer must hold, per platform family.'],
      declarations: [{ name: 'POINTEE_BYTES', initializer: (w) => writePointeeTable(w, model) }],
    });
  }
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
      if (needsHErrno(model)) w.writeLine('const readHErrno = hErrnoReader(lib, platform, readLastError);');
      writeMemcpy(w, model);
      w.writeLine('let lastError = 0;');
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
          for (const fn of model.cFunctions) {
            w.writeLine(`/** ${docText(fn.doc)} */`);
            w.write(`${fn.name}: `);
            if (!onEveryPlatform(fn, model)) w.write(`c_${fn.name} && (`);
            writeWrapper(w, fn);
            w.write(onEveryPlatform(fn, model) ? ',' : '),').newLine();
          }
          writeIntrinsics(w);
          writeKoffiThreadpool(w, model, argExpr);
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
function writeKoffiThreadpool(
  w: CodeBlockWriter,
  model: SpecModel,
  argExpr: (fn: CFunctionDef, p: CFunctionDef['params'][number]) => string,
): void {
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
