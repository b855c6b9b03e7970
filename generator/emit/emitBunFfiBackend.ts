// The bunffi backend, generated/bunffi/backend.ts: the raw interface over every
// C function of the spec through Bun's own FFI (bun:ffi), for Bun only, opened
// through the symbol table of emitBunFfiSymbols.ts. errno (WSAGetLastError on
// Windows, h_errno for the netdb lookups) is read right after the call, from
// the thread's own errno location. Typed arrays go to C as arguments of each
// call: a pointer taken once with ptr() can go stale after the JIT moves the
// array's memory.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CParam, SpecModel } from '../model/spec.js';
import { addArgCheck, addArgCheckHelpers, STRING_CHECK } from './shared/argChecks.js';
import { ERRNO_LOCATION, H_ERRNO_ACCESS, MEMORY_SYMBOLS } from './shared/cLibrarySymbols.js';
import { C_TYPE_INFO } from './shared/cTypes.js';
import { addPointeeTable, cTypeKey, platformFamilies } from './shared/ffiTables.js';
import { addBackendImports, writeCFunctionMembers, writePeekIntrinsics } from './shared/ffiWrappers.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform, rawSignature, threadpoolFunctions } from './shared/rawInterface.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const BUNFFI_BACKEND_PATH = 'bunffi/backend.ts';

/** The expression passing one argument to bun:ffi, checked first where it takes a JS value as memory. */
function argExpr(fn: CFunctionDef, p: CParam): string {
  const what = `'${fn.name}: ${p.name}'`;
  const info = C_TYPE_INFO[p.type];
  switch (info.passing) {
    case 'pointer':
      return `pointerArg(${p.name}, ${what})`;
    case 'buffer':
      return `typedArrayArg(${p.name}, ${what}, ${info.pointeeBytes ? `B.${cTypeKey(p.type)}` : '0'})`;
    case 'string':
      return `cString(${p.name}, ${what})`;
    default:
      return p.name;
  }
}

/** The raw interface's value of what bun:ffi returned: a C string is read from its pointer. */
function resultExpr(fn: CFunctionDef, call: string): string {
  switch (C_TYPE_INFO[fn.returns].passing) {
    case 'string':
      return `cStringAt(${call} as bigint)`;
    case 'pointer':
      return `${call} as bigint`;
    default:
      return `${call} as ${C_TYPE_INFO[fn.returns].ts}`;
  }
}

/** The symbols the backend reads errors and memory with, opened apart from the spec's (memcpy is in both). */
function writeMemorySymbols(w: CodeBlockWriter, fam: 'posix' | 'windows'): void {
  const mem = MEMORY_SYMBOLS[fam];
  const library = mem.library === null ? 'info.cLibrary' : `'${mem.library}'`;
  const strlenReturns = fam === 'windows' ? 'i32' : 'u64';
  w.write(
    `ffi.dlopen(${library}, { ${mem.memcpy}: { args: ['ptr', 'u64', 'u64'], returns: 'void' }, ${mem.strlen}: { args: ['u64'], returns: '${strlenReturns}' } }).symbols`,
  );
}

/** The symbols the backend reads errors and memory with, opened apart from the spec's (memcpy is in both). */
function writeSupportSymbols(w: CodeBlockWriter, model: SpecModel): void {
  const fams = platformFamilies(model);
  w.write('const memory = ');
  if (fams.length === 1) writeMemorySymbols(w, fams[0]!);
  else {
    w.write("info.family === 'windows' ? ");
    writeMemorySymbols(w, 'windows');
    w.write(' : ');
    writeMemorySymbols(w, 'posix');
  }
  w.write(';').newLine();
  const names = (fam: 'posix' | 'windows') => `['${MEMORY_SYMBOLS[fam].memcpy}', '${MEMORY_SYMBOLS[fam].strlen}']`;
  w.writeLine(
    `const [copyName, lengthName] = ${fams.length === 1 ? names(fams[0]!) : `info.family === 'windows' ? ${names('windows')} : ${names('posix')}`};`,
  );
  w.writeLine('const copy = memory[copyName]!;');
  w.writeLine('const length = memory[lengthName]!;');
  w.writeLine('const memcpy = (to: Uint8Array, from: bigint, n: number): void => void copy(to, from, n);');
  w.writeLine('const strlen = (at: bigint): number => Number(length(at));');
  w.write('switch (platform) ').inlineBlock(() => {
    for (const p of model.platforms) {
      w.write(`case '${p.name}': `)
        .inlineBlock(() => {
          if (p.lastError === 'wsa') {
            w.writeLine(
              "const wsa = ffi.dlopen(info.cLibrary, { WSAGetLastError: { args: [], returns: 'i32' } }).symbols['WSAGetLastError']!;",
            );
            w.writeLine('const lastError = (): number => wsa() as number;');
            w.writeLine('return { memcpy, strlen, lastError, hErrno: lastError };');
            return;
          }
          const errnoAt = ERRNO_LOCATION[p.name];
          if (!errnoAt) {
            w.writeLine(`throw new Error('nativesockets (bunffi): no known way to read errno on ${p.name}');`);
            return;
          }
          const h = H_ERRNO_ACCESS[p.name];
          const hSymbol = h?.kind === 'function' ? `, ${h.symbol}: { args: [], returns: 'ptr' }` : '';
          const dlsym = h?.kind === 'variable' ? ", dlsym: { args: ['u64', 'ptr'], returns: 'ptr' }" : '';
          w.writeLine(
            `const libc = ffi.dlopen(info.cLibrary, { ${errnoAt}: { args: [], returns: 'ptr' }${hSymbol}${dlsym} }).symbols;`,
          );
          w.writeLine('// Per thread, and this backend object belongs to one thread: the locations stay valid.');
          w.writeLine(`const errnoAt = libc['${errnoAt}']!() as number;`);
          w.writeLine('const lastError = (): number => ffi.read.i32(errnoAt, 0);');
          if (h?.kind === 'function') w.writeLine(`const hErrnoAt = libc['${h.symbol}']!() as number;`);
          else if (h?.kind === 'variable') {
            w.writeLine("// RTLD_DEFAULT is (void *)-2 in the platform's dlfcn.h.");
            w.writeLine(
              `const hErrnoAt = libc['dlsym']!(2n ** 64n - 2n, cString('${h.symbol}', 'dlsym: symbol')) as number;`,
            );
          }
          if (h) w.writeLine('const hErrno = (): number => ffi.read.i32(hErrnoAt, 0);');
          else {
            w.writeLine('const hErrno = (): number => {');
            w.writeLine(`  throw new Error('nativesockets (bunffi): h_errno cannot be read on ${p.name}');`);
            w.writeLine('};');
          }
          w.writeLine('return { memcpy, strlen, lastError, hErrno };');
        })
        .newLine();
    }
    w.writeLine('default:').indent(() =>
      w.writeLine('throw new Error(`nativesockets (bunffi): unknown platform ${platform}`);'),
    );
  });
}

function addHelpers(file: ReturnType<typeof createTsFile>, model: SpecModel): void {
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'UTF8', initializer: 'new TextEncoder()' }],
  });
  addArgCheckHelpers(file, model, {
    pointerArg: 'A pointer crosses by value as a bigint (0n is NULL); bun:ffi would take a number as an address.',
    typedArrayArg:
      'Memory the C call reads or writes in place: a typed array, as on N-API (bun:ffi\nwould take a DataView too), holding at least one pointee for a typed pointer.',
  });
  addArgCheck(file, {
    name: 'stringArg',
    value: 'string',
    returns: 'string',
    statements: [STRING_CHECK, 'return value;'],
  });
  addArgCheck(file, {
    name: 'cString',
    value: 'string',
    returns: 'Uint8Array',
    doc: "A string's NUL-terminated UTF-8 copy, for the one call it is passed to.",
    statements: ['return UTF8.encode(`${stringArg(value, what)}\\0`);'],
  });
}

function writeIntrinsics(w: CodeBlockWriter): void {
  writePeekIntrinsics(w, 'if (length > 0) support.memcpy(copy, address, length);', [
    "return cStringAt(pointerArg(address, 'peekCString: address'));",
  ]);
}

/**
 * The spec's `threadpool` C functions as the raw interface's Promise calls, on
 * Bun's lookup Workers (runtime/bun/lookups.ts): the bunffi backend's own, and
 * the ones the Async name lookups use on Bun whatever the backend.
 */
function writeThreadpool(w: CodeBlockWriter, model: SpecModel): void {
  const fns = threadpoolFunctions(model);
  // The pointee sizes, where a typed pointer among the arguments is checked against them.
  if (fns.some((fn) => fn.params.some((p) => argExpr(fn, p).includes('B.')))) {
    w.writeLine('const B = POINTEE_BYTES[PLATFORMS[platform].family];');
  }
  w.writeLine('const lookups = bunLookups(platform);');
  w.writeLine('/** Whether the spec declares `name` on this platform (the Worker opens exactly those). */');
  w.writeLine('const here = (name: string): boolean => C_FUNCTIONS[name]!.platforms.includes(platform);');
  w.write('return ')
    .inlineBlock(() => {
      for (const fn of fns) {
        const sig = rawSignature(fn);
        const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
        const args = fn.params
          // Strings cross to the Worker as they are; it makes their C copies.
          .map((p) =>
            C_TYPE_INFO[p.type].passing === 'string' ? `stringArg(${p.name}, '${fn.name}: ${p.name}')` : argExpr(fn, p),
          )
          .join(', ');
        const every = onEveryPlatform(fn, model);
        w.write(`${fn.name}: ${every ? '' : `here('${fn.name}') ? `}(${params}): Promise<${sig.returns}> => `)
          .inlineBlock(() => {
            w.writeLine('// Checked here, synchronously: a bad argument rejects before the Worker runs.');
            w.writeLine('let args: unknown[];');
            w.write('try ').inlineBlock(() => w.writeLine(`args = [${args}];`));
            w.write(' catch (e) ')
              .inlineBlock(() => w.writeLine('return Promise.reject(e);'))
              .newLine();
            w.writeLine(`return lookups.call('${fn.name}', args) as Promise<${sig.returns}>;`);
          })
          .write(every ? ',' : ' : undefined,')
          .newLine();
      }
    })
    .write(';');
}

export function emitBunFfiBackend(model: SpecModel): GeneratedFile {
  const file = createTsFile(newTsProject(), BUNFFI_BACKEND_PATH);
  file.addImportDeclaration({ moduleSpecifier: '../../runtime/bun/lookups.js', namedImports: ['bunLookups'] });
  addBackendImports(file);
  file.addImportDeclaration({
    moduleSpecifier: './symbols.js',
    namedImports: ['type BunFfi', 'bunFfi', 'C_FUNCTIONS', 'openCFunctions'],
  });
  addPointeeTable(file, model);
  addHelpers(file, model);
  file.addFunction({
    name: 'supportSymbols',
    parameters: [
      { name: 'ffi', type: 'BunFfi' },
      { name: 'platform', type: 'PlatformName' },
    ],
    returnType:
      '{ memcpy(to: Uint8Array, from: bigint, n: number): void; strlen(at: bigint): number; lastError(): number; hErrno(): number; }',
    docs: ["How this platform's last error, h_errno and C memory are read."],
    statements: (w) => {
      w.writeLine('const info = PLATFORMS[platform];');
      writeSupportSymbols(w, model);
    },
  });
  const hasThreadpool = threadpoolFunctions(model).length > 0;
  if (hasThreadpool)
    file.addFunction({
      name: 'bunThreadpool',
      isExported: true,
      parameters: [{ name: 'platform', type: 'PlatformName' }],
      returnType: "RawBackend['threadpool']",
      docs: [
        "The spec's `threadpool` C functions on this thread's lookup Workers: the bunffi backend's, and every backend's Async name lookups on Bun.",
      ],
      statements: (w) => writeThreadpool(w, model),
    });
  file.addFunction({
    name: 'loadBunFfiBackend',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'RawBackend',
    docs: ["Opens the platform's C library through bun:ffi and binds the spec's C functions that exist there."],
    statements: (w) => {
      w.writeLine('const ffi = bunFfi();');
      w.writeLine('const B = POINTEE_BYTES[PLATFORMS[platform].family];');
      w.writeLine('const c = openCFunctions(ffi, platform, () => true);');
      w.writeLine('const support = supportSymbols(ffi, platform);');
      w.writeLine('// errno is per thread and any later call may overwrite it: read it first thing.');
      w.writeLine('const readLastError = support.lastError;');
      w.writeLine('const readHErrno = support.hErrno;');
      w.writeLine('const cStringAt = (at: bigint): string =>');
      w.writeLine("  at === 0n ? '' : new TextDecoder().decode(readBytes(at, support.strlen(at)));");
      w.writeLine('const readBytes = (at: bigint, n: number): Uint8Array => {');
      w.writeLine('  const copy = new Uint8Array(n);');
      w.writeLine('  if (n > 0) support.memcpy(copy, at, n);');
      w.writeLine('  return copy;');
      w.writeLine('};');
      w.writeLine('let lastError = 0;');
      for (const fn of model.cFunctions) w.writeLine(`const c_${fn.name} = c['${fn.name}'];`);
      w.write('return ')
        .inlineBlock(() => {
          w.writeLine("name: 'bunffi',");
          writeCFunctionMembers(w, model, {
            call: (fn) => `c_${fn.name}!(${fn.params.map((p) => argExpr(fn, p)).join(', ')})`,
            result: resultExpr,
            // A variadic function is not bound on every ABI (symbols.ts, variadicAsFixed).
            guarded: (fn) => !onEveryPlatform(fn, model) || fn.params.some((p) => p.variadic),
            parenthesized: true,
          });
          writeIntrinsics(w);
          if (hasThreadpool) w.writeLine('threadpool: bunThreadpool(platform),');
          w.writeLine('lastError: () => lastError,');
        })
        .write(';');
    },
  });
  return tsFileOutput(BUNFFI_BACKEND_PATH, file);
}
