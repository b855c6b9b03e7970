// The bunffi backend: every C function of the spec through Bun's own FFI
// (bun:ffi), for Bun only. Two files: bunffi/symbols.ts, the symbol table (C
// types per platform family, where each function exists), which the backend and
// its lookup Worker (runtime/bunffi/lookupWorker.ts) both open; and
// bunffi/backend.ts, the raw interface over it. errno (WSAGetLastError on
// Windows, h_errno for the netdb lookups) is read right after the call, from
// the thread's own errno location. Typed arrays go to C as arguments of each
// call: a pointer taken once with ptr() can go stale after the JIT moves the
// array's memory.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CParam, CType, SpecModel } from '../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './shared/cTypes.js';
import { FFI_KINDS, type FfiKind } from './shared/ffiScalars.js';
import type { GeneratedFile } from './shared/files.js';
import { ERRNO_LOCATION, H_ERRNO_ACCESS, MEMORY_SYMBOLS } from './shared/lastErrorAccess.js';
import { onEveryPlatform, rawSignature, threadpoolFunctions } from './shared/rawInterface.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const BUNFFI_SYMBOLS_PATH = 'bunffi/symbols.ts';
export const BUNFFI_BACKEND_PATH = 'bunffi/backend.ts';

/**
 * bun:ffi's name for each neutral kind. 64-bit integers come back as numbers
 * (`*_fast`: a BigInt only past 2^53, which a byte count never reaches); a
 * pointer by value crosses as u64, so that a bigint passes exactly.
 */
const BUN_TYPE: Record<FfiKind, string> = {
  i32: 'i32',
  u32: 'u32',
  i64: 'i64_fast',
  u64: 'u64',
  buffer: 'ptr',
  pointer: 'u64',
  string: 'ptr',
  void: 'void',
};

function cTypeKey(t: CType): string {
  return t.replace(/[^A-Za-z0-9_]/g, (c) => (c === '*' ? 'Ptr' : '')).replace(/^const/, 'const_');
}

function usedTypes(model: SpecModel): CType[] {
  const used = new Set<CType>();
  for (const fn of model.cFunctions) {
    used.add(fn.returns);
    for (const p of fn.params) used.add(p.type);
  }
  return [...used].sort();
}

function families(model: SpecModel): ('posix' | 'windows')[] {
  return [...new Set(model.platforms.map((p) => p.family))];
}

// ---- bunffi/symbols.ts --------------------------------------------------------

function writeTypeTable(w: CodeBlockWriter, model: SpecModel): void {
  w.inlineBlock(() => {
    for (const fam of families(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of usedTypes(model)) w.writeLine(`${cTypeKey(t)}: '${BUN_TYPE[FFI_KINDS[t][fam]]}',`);
        })
        .write(',')
        .newLine();
    }
  });
}

function writeFunctionRows(w: CodeBlockWriter, model: SpecModel): void {
  w.inlineBlock(() => {
    for (const fn of model.cFunctions) {
      const variadic = fn.params.findIndex((p) => p.variadic);
      const fields = [
        `library: ${fn.library ? `'${fn.library}'` : 'null'}`,
        `platforms: [${fn.platforms.map((p) => `'${p}'`).join(', ')}]`,
        `args: [${fn.params.map((p) => `'${cTypeKey(p.type)}'`).join(', ')}]`,
        `returns: '${cTypeKey(fn.returns)}'`,
      ];
      if (variadic !== -1) fields.push(`variadicFrom: ${variadic}`);
      if (fn.threadpool) fields.push('threadpool: true');
      w.writeLine(`${fn.name}: { ${fields.join(', ')} },`);
    }
  });
}

export function emitBunFfiSymbols(model: SpecModel): GeneratedFile {
  const file = createTsFile(newTsProject(), BUNFFI_SYMBOLS_PATH);
  file.addImportDeclaration({ moduleSpecifier: 'node:module', namedImports: ['createRequire'] });
  file.addImportDeclaration({
    moduleSpecifier: '../platformTables.js',
    namedImports: ['PLATFORMS', 'type PlatformName'],
  });
  file.addInterface({
    name: 'BunFfi',
    isExported: true,
    docs: ['The part of bun:ffi the backend uses.'],
    properties: [
      {
        name: 'dlopen',
        type: '(path: string, symbols: Record<string, { args: string[]; returns: string }>) => { symbols: Record<string, (...args: unknown[]) => unknown> }',
      },
      { name: 'read', type: '{ i32(pointer: number, offset: number): number }' },
    ],
  });
  file.addFunction({
    name: 'bunFfi',
    isExported: true,
    returnType: 'BunFfi',
    docs: ['bun:ffi, required when first asked for: Node loads this module without it.'],
    statements: ["return createRequire(import.meta.url)('bun:ffi') as BunFfi;"],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['bun:ffi type names for each C type of the spec, per platform family.'],
    declarations: [{ name: 'BUN_FFI_TYPES', initializer: (w) => writeTypeTable(w, model) }],
  });
  file.addTypeAlias({
    name: 'CTypeKey',
    isExported: true,
    type: 'keyof (typeof BUN_FFI_TYPES)[keyof typeof BUN_FFI_TYPES]',
  });
  file.addInterface({
    name: 'CFunctionRow',
    isExported: true,
    docs: ["One C function of the spec: its library (null: the platform's C library), where it exists, its C types."],
    properties: [
      { name: 'library', type: 'string | null' },
      { name: 'platforms', type: 'readonly PlatformName[]' },
      { name: 'args', type: 'readonly CTypeKey[]' },
      { name: 'returns', type: 'CTypeKey' },
      {
        name: 'variadicFrom',
        hasQuestionToken: true,
        type: 'number',
        docs: ['The first variadic argument, declared as a fixed one (see openCFunctions).'],
      },
      {
        name: 'threadpool',
        hasQuestionToken: true,
        type: 'true',
        docs: ["Run by the lookup Worker too (the backend's `threadpool` calls)."],
      },
    ],
  });
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The C functions of the spec.'],
    declarations: [
      { name: 'C_FUNCTIONS', type: 'Record<string, CFunctionRow>', initializer: (w) => writeFunctionRows(w, model) },
    ],
  });
  file.addFunction({
    name: 'variadicAsFixed',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'boolean',
    docs: [
      'bun:ffi has no variadic call. Where the ABI passes a variadic int exactly as a\n' +
        'fixed one (x86-64 System V and Windows, AAPCS64 on Linux and FreeBSD), a\n' +
        "fixed declaration is the same call; Apple's arm64 ABI puts variadic arguments\n" +
        'on the stack instead, so there such a function is not bound.',
    ],
    statements: ["return !(platform === 'macosx' && process.arch === 'arm64');"],
  });
  file.addFunction({
    name: 'openCFunctions',
    isExported: true,
    parameters: [
      { name: 'ffi', type: 'BunFfi' },
      { name: 'platform', type: 'PlatformName' },
      { name: 'wanted', type: '(row: CFunctionRow) => boolean' },
    ],
    returnType: 'Record<string, ((...args: unknown[]) => unknown) | undefined>',
    docs: ['Opens the wanted C functions that exist on `platform`, one dlopen per library.'],
    statements: (w) => {
      w.writeLine('const info = PLATFORMS[platform];');
      w.writeLine('const T = BUN_FFI_TYPES[info.family];');
      w.writeLine('const byLibrary = new Map<string, Record<string, { args: string[]; returns: string }>>();');
      w.write('for (const [name, row] of Object.entries(C_FUNCTIONS)) ').inlineBlock(() => {
        w.writeLine('if (!row.platforms.includes(platform) || !wanted(row)) continue;');
        w.writeLine('if (row.variadicFrom !== undefined && !variadicAsFixed(platform)) continue;');
        w.writeLine('const library = row.library ?? info.cLibrary;');
        w.writeLine('const symbols = byLibrary.get(library) ?? {};');
        w.writeLine('symbols[name] = { args: row.args.map((t) => T[t]), returns: T[row.returns] };');
        w.writeLine('byLibrary.set(library, symbols);');
      });
      w.writeLine('const opened: Record<string, ((...args: unknown[]) => unknown) | undefined> = {};');
      w.writeLine(
        'for (const [library, symbols] of byLibrary) Object.assign(opened, ffi.dlopen(library, symbols).symbols);',
      );
      w.writeLine('return opened;');
    },
  });
  return tsFileOutput(BUNFFI_SYMBOLS_PATH, file);
}

// ---- bunffi/backend.ts --------------------------------------------------------

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

/** The wrapper the raw interface exposes: check, call, then capture the error on failure. */
function writeWrapper(w: CodeBlockWriter, fn: CFunctionDef): void {
  const sig = rawSignature(fn);
  const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const call = `c_${fn.name}!(${fn.params.map((p) => argExpr(fn, p)).join(', ')})`;
  const failureTest: Partial<Record<CFunctionDef['failure'], string>> = {
    minus1: 'r === -1',
    returnsCode: 'r !== 0',
    zero: 'r === 0',
  };
  w.write(`(${params}): ${sig.returns} => `).inlineBlock(() => {
    const test = failureTest[fn.failure];
    if (test) {
      w.writeLine(`const r = ${call} as number;`);
      w.writeLine(`if (${test}) lastError = readLastError();`);
      w.writeLine('return r;');
      return;
    }
    if (fn.failure === 'null' || fn.failure === 'nullHErrno') {
      w.writeLine(`const r = ${call} as bigint;`);
      w.writeLine(`if (r === 0n) lastError = ${fn.failure === 'null' ? 'readLastError()' : 'readHErrno()'};`);
      w.writeLine('return r;');
      return;
    }
    switch (C_TYPE_INFO[fn.returns].passing) {
      case 'string':
        w.writeLine(`return cStringAt(${call} as bigint);`);
        break;
      case 'pointer':
        w.writeLine(`return ${call} as bigint;`);
        break;
      case 'void':
        w.writeLine(`${call};`);
        break;
      default:
        w.writeLine(`return ${call} as ${sig.returns};`);
    }
  });
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
  const fams = families(model);
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

function addHelpers(file: ReturnType<typeof createTsFile>): void {
  const m = POINTER_MESSAGES;
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'UTF8', initializer: 'new TextEncoder()' }],
  });
  file.addFunction({
    name: 'pointerArg',
    parameters: [
      { name: 'value', type: 'bigint' },
      { name: 'what', type: 'string' },
    ],
    returnType: 'bigint',
    docs: ['A pointer crosses by value as a bigint (0n is NULL); bun:ffi would take a number as an address.'],
    statements: [
      `if (typeof value !== 'bigint') throw new TypeError(\`\${what} ${m.notBigint}\`);`,
      `if (BigInt.asUintN(64, value) !== value) throw new RangeError(\`\${what} ${m.outOfRange}\`);`,
      'return value;',
    ],
  });
  file.addFunction({
    name: 'typedArrayArg',
    typeParameters: ['T'],
    parameters: [
      { name: 'value', type: 'T' },
      { name: 'what', type: 'string' },
      { name: 'minBytes', type: 'number' },
    ],
    returnType: 'T',
    docs: [
      'Memory the C call reads or writes in place: a typed array, as on N-API (bun:ffi\n' +
        'would take a DataView too), holding at least one pointee for a typed pointer.',
    ],
    statements: [
      `if (!ArrayBuffer.isView(value) || value instanceof DataView) throw new TypeError(\`\${what} ${m.notTypedArray}\`);`,
      'if (value.byteLength < minBytes) throw new RangeError(`${what} must hold at least ${minBytes} bytes`);',
      'return value;',
    ],
  });
  file.addFunction({
    name: 'stringArg',
    parameters: [
      { name: 'value', type: 'string' },
      { name: 'what', type: 'string' },
    ],
    returnType: 'string',
    statements: ["if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);", 'return value;'],
  });
  file.addFunction({
    name: 'cString',
    parameters: [
      { name: 'value', type: 'string' },
      { name: 'what', type: 'string' },
    ],
    returnType: 'Uint8Array',
    docs: ["A string's NUL-terminated UTF-8 copy, for the one call it is passed to."],
    statements: ['return UTF8.encode(`${stringArg(value, what)}\\0`);'],
  });
}

function writeIntrinsics(w: CodeBlockWriter): void {
  const m = POINTER_MESSAGES;
  w.writeLine('/** A copy of `length` bytes at `address`; never a read at NULL. */');
  w.write('peek: (address: bigint, length: number): Uint8Array => ')
    .inlineBlock(() => {
      w.writeLine("pointerArg(address, 'peek: address');");
      w.writeLine(`if (address === 0n) throw new TypeError('peek: address ${m.isNull}');`);
      w.writeLine(`if (typeof length !== 'number') throw new TypeError('peek: length ${m.lengthNotNumber}');`);
      w.writeLine(
        `if (!(Number.isInteger(length) && length >= 0 && length <= PEEK_MAX_BYTES)) throw new RangeError('peek: length ${m.lengthRange}');`,
      );
      w.writeLine('const copy = new Uint8Array(length);');
      w.writeLine('if (length > 0) support.memcpy(copy, address, length);');
      w.writeLine('return copy;');
    })
    .write(',')
    .newLine();
  w.writeLine("/** The NUL-terminated UTF-8 string at `address`; '' for NULL. */");
  w.write('peekCString: (address: bigint): string => ')
    .inlineBlock(() => w.writeLine("return cStringAt(pointerArg(address, 'peekCString: address'));"))
    .write(',')
    .newLine();
}

/** `threadpool`: the call runs on a lookup Worker (bun:ffi calls are synchronous), checked here first. */
function writeThreadpool(w: CodeBlockWriter, model: SpecModel): void {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return;
  w.write('threadpool: ')
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
        w.write(`${fn.name}: ${every ? '' : `c_${fn.name} && (`}(${params}): Promise<${sig.returns}> => `)
          .inlineBlock(() => {
            w.writeLine('// Checked here, synchronously: a bad argument rejects before the Worker runs.');
            w.writeLine('let args: unknown[];');
            w.write('try ').inlineBlock(() => w.writeLine(`args = [${args}];`));
            w.write(' catch (e) ')
              .inlineBlock(() => w.writeLine('return Promise.reject(e);'))
              .newLine();
            w.writeLine(`return lookups.call('${fn.name}', args) as Promise<${sig.returns}>;`);
          })
          .write(every ? ',' : '),')
          .newLine();
      }
    })
    .write(',')
    .newLine();
}

/** Types whose typed array must hold one pointee: their sizes per family. */
function writePointeeTable(w: CodeBlockWriter, model: SpecModel): void {
  const sized = usedTypes(model).filter((t) => C_TYPE_INFO[t].pointeeBytes !== undefined);
  w.inlineBlock(() => {
    for (const fam of families(model)) {
      w.write(`${fam}: `)
        .inlineBlock(() => {
          for (const t of sized) w.writeLine(`${cTypeKey(t)}: ${C_TYPE_INFO[t].pointeeBytes![fam]},`);
        })
        .write(',')
        .newLine();
    }
  });
}

export function emitBunFfiBackend(model: SpecModel): GeneratedFile[] {
  const file = createTsFile(newTsProject(), BUNFFI_BACKEND_PATH);
  file.addImportDeclaration({ moduleSpecifier: '../../runtime/bunffi/lookups.js', namedImports: ['WorkerLookups'] });
  file.addImportDeclaration({
    moduleSpecifier: '../rawBackend.js',
    namedImports: ['PEEK_MAX_BYTES', 'type RawBackend'],
  });
  file.addImportDeclaration({
    moduleSpecifier: '../platformTables.js',
    namedImports: ['PLATFORMS', 'type PlatformName'],
  });
  file.addImportDeclaration({
    moduleSpecifier: './symbols.js',
    namedImports: ['type BunFfi', 'bunFfi', 'openCFunctions'],
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The bytes a typed array passed for a typed pointer must hold, per platform family.'],
    declarations: [{ name: 'POINTEE_BYTES', initializer: (w) => writePointeeTable(w, model) }],
  });
  addHelpers(file);
  file.addFunction({
    name: 'supportSymbols',
    parameters: [
      { name: 'ffi', type: 'BunFfi' },
      { name: 'platform', type: 'PlatformName' },
    ],
    returnType:
      '{ memcpy(to: Uint8Array, from: bigint, n: number): void; strlen(at: bigint): number; lastError(): number; hErrno(): number }',
    docs: ["How this platform's last error, h_errno and C memory are read."],
    statements: (w) => {
      w.writeLine('const info = PLATFORMS[platform];');
      writeSupportSymbols(w, model);
    },
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
      w.writeLine('const lookups = new WorkerLookups(platform);');
      w.writeLine('let lastError = 0;');
      for (const fn of model.cFunctions) w.writeLine(`const c_${fn.name} = c['${fn.name}'];`);
      w.write('return ')
        .inlineBlock(() => {
          w.writeLine("name: 'bunffi',");
          for (const fn of model.cFunctions) {
            w.writeLine(`/** ${docText(fn.doc)} */`);
            w.write(`${fn.name}: `);
            if (!onEveryPlatform(fn, model) || fn.params.some((p) => p.variadic)) w.write(`c_${fn.name} && (`);
            else w.write('(');
            writeWrapper(w, fn);
            w.write('),').newLine();
          }
          writeIntrinsics(w);
          writeThreadpool(w, model);
          w.writeLine('lastError: () => lastError,');
        })
        .write(';');
    },
  });
  return [emitBunFfiSymbols(model), tsFileOutput(BUNFFI_BACKEND_PATH, file)];
}
