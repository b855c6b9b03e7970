// The denoffi backend: binds every C function of the spec with Deno.dlopen at
// load, and reads errno (WSAGetLastError on Windows, h_errno for the netdb
// lookups) in the same synchronous wrapper, right after the call, through a
// view of the thread's errno location taken once: no other code runs between.
// Pointers cross the raw interface as bigints and Deno's FFI as
// Deno.PointerValue objects; strings as NUL-terminated UTF-8 bytes; typed
// arrays as "buffer". The `threadpool` calls are `nonblocking` symbols, which
// Deno runs on a thread of its own and settles as a Promise.
// The module touches Deno only inside loadDenoFfiBackend, so Node and Bun can
// import the package that contains it.

import type { CodeBlockWriter } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { CFunctionDef, CParam, CType, SpecModel } from '../model/spec.js';
import { addModuleHelpers, NUMBER_ARG } from './denoffi/argHelpers.js';
import { ERRNO_LOCATION, H_ERRNO_ACCESS, readsHErrno } from './shared/cLibrarySymbols.js';
import { C_TYPE_INFO } from './shared/cTypes.js';
import {
  addPointeeTable,
  cTypeKey,
  type Family,
  platformFamilies,
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
import { MACHINE_TYPES, type MachineType } from './shared/machineTypes.js';
import { onEveryPlatform } from './shared/rawInterface.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const DENO_FFI_BACKEND_PATH = 'denoffi/backend.ts';

/** Deno.dlopen's type name for each machine type: a C string crosses as bytes in, a pointer out. */
const DENO_PARAM: Record<MachineType, string> = {
  void: 'void',
  i32: 'i32',
  u32: 'u32',
  i64: 'i64',
  isize: 'isize',
  usize: 'usize',
  pointer: 'pointer',
  buffer: 'buffer',
  cstring: 'buffer',
};
const DENO_RESULT: Record<MachineType, string> = { ...DENO_PARAM, cstring: 'pointer' };

/** The machine type both families agree on, or undefined: a lookup in the per-family table. */
function abiOf(t: CType, fams: Family[]): MachineType | undefined {
  const types = new Set(fams.map((f) => MACHINE_TYPES[t][f]));
  return types.size === 1 ? [...types][0] : undefined;
}

/** Deno's type name of a parameter or result: a literal where both families agree, else `T.key` / `R.key`. */
function denoType(t: CType, fams: Family[], result: boolean): string {
  const abi = abiOf(t, fams);
  if (abi !== undefined) return `'${(result ? DENO_RESULT : DENO_PARAM)[abi]}'`;
  return `${result ? 'R' : 'T'}.${cTypeKey(t)}`;
}

/**
 * The parameter list Deno is given. A variadic tail (fcntl's third argument)
 * is declared as a fixed argument: on x86-64 (System V, Windows) and Linux
 * arm64 a variadic integer travels exactly as a fixed one. Apple's arm64 ABI
 * puts every variadic argument on the stack: there the call gets six unused
 * register arguments first, so the real one lands in the first stack slot,
 * 64-bit wide as a va_arg slot is.
 */
function writeParams(w: CodeBlockWriter, fn: CFunctionDef, fams: Family[]): void {
  const fixed = fn.params.filter((p) => !p.variadic).map((p) => denoType(p.type, fams, false));
  const variadic = fn.params.filter((p) => p.variadic).map((p) => denoType(p.type, fams, false));
  if (variadic.length === 0) {
    w.write(`[${fixed.join(', ')}]`);
    return;
  }
  const padding = `...Array<string>(${8 - fixed.length}).fill('i64')`;
  w.write(
    `appleArm64 ? [${fixed.join(', ')}, ${padding}, ${variadic.map(() => "'i64'").join(', ')}] : [${[...fixed, ...variadic].join(', ')}]`,
  );
}

function writeDeclaration(w: CodeBlockWriter, fn: CFunctionDef, fams: Family[], nonblocking: boolean): void {
  const library = fn.library ? `'${fn.library}'` : 'null';
  w.write(`declare(${library}, '${fn.name}', `);
  writeParams(w, fn, fams);
  w.write(`, ${denoType(fn.returns, fams, true)}${nonblocking ? ', true' : ''});`).newLine();
}

function abiFor(t: CType, fams: Family[]): MachineType {
  // Both families pass memory, strings and pointers alike; numbers differ only in width, checked alike.
  return abiOf(t, fams) ?? MACHINE_TYPES[t][fams[0]!];
}

/** The expression passing one argument to Deno, checked and converted as the N-API backend does. */
function argExpr(fn: CFunctionDef, p: CParam, fams: Family[]): string {
  const what = `'${fn.name}: ${p.name}'`;
  const abi = abiFor(p.type, fams);
  switch (abi) {
    case 'pointer':
      return `toPointer(pointerArg(${p.name}, ${what}))`;
    case 'buffer': {
      const min = C_TYPE_INFO[p.type].pointeeBytes ? `B.${cTypeKey(p.type)}` : '0';
      return `typedArrayArg(${p.name}, ${what}, ${min})`;
    }
    case 'cstring':
      return `cStringArg(${p.name}, ${what})`;
    default:
      // A width that differs between the families is checked by the family's reader.
      return abiOf(p.type, fams) === undefined
        ? `N.${cTypeKey(p.type)}(${p.name}, ${what})`
        : `${NUMBER_ARG[abi]}(${p.name}, ${what})`;
  }
}

/** The raw interface's value of what Deno returned. */
function resultExpr(fn: CFunctionDef, call: string, fams: Family[]): string {
  const wide = fams.some((f) => ['i64', 'isize', 'usize'].includes(MACHINE_TYPES[fn.returns][f]));
  switch (wide ? 'i64' : abiFor(fn.returns, fams)) {
    case 'pointer':
      return `pointerValue(${call} as PointerValue)`;
    case 'cstring':
      return `cStringAt(${call} as PointerValue)`;
    case 'i64':
      // Deno returns 64-bit integers as bigints; the raw interface's counts are numbers.
      return `Number(${call} as bigint | number)`;
    default:
      return `${call} as number`;
  }
}

/** The `threadpool` member: each call as a `nonblocking` symbol, its arguments checked first. */
function writeThreadpool(w: CodeBlockWriter, model: SpecModel, fams: Family[]): void {
  writeThreadpoolMember(
    w,
    model,
    (fn) => fn.params.map((p) => argExpr(fn, p, fams)).join(', '),
    (fn, returns) => {
      w.writeLine('// `args` (the C strings among them) stays reachable until the thread is done with it.');
      w.writeLine(
        `return (nonblocking.${fn.name}!(...args) as Promise<${returns}>).then((r) => (keepAlive(args), r));`,
      );
    },
  );
}

function writeIntrinsics(w: CodeBlockWriter): void {
  writePeekIntrinsics(w, 'if (length > 0) Deno.UnsafePointerView.copyInto(toPointer(address)!, copy);', [
    "return cStringAt(toPointer(pointerArg(address, 'peekCString: address')));",
  ]);
}

/** Declares the errno, h_errno and WSAGetLastError access of each platform, and the readers over them. */
function writeErrorReaders(w: CodeBlockWriter, model: SpecModel): void {
  const hErrno = readsHErrno(model);
  w.writeLine('let readLastError: () => number;');
  if (hErrno) w.writeLine('let readHErrno: () => number;');
  w.write('switch (platform) ')
    .inlineBlock(() => {
      for (const p of model.platforms) {
        w.write(`case '${p.name}': `)
          .inlineBlock(() => {
            if (p.lastError === 'wsa') {
              w.writeLine("declare(null, 'WSAGetLastError', [], 'i32');");
              w.writeLine('readLastError = () => c.WSAGetLastError!() as number;');
              if (hErrno) w.writeLine('readHErrno = readLastError;');
              return;
            }
            const errno = ERRNO_LOCATION[p.name];
            if (errno === undefined) w.writeLine(`readLastError = unknown('errno');`);
            else {
              w.writeLine(`declare(null, '${errno}', [], 'pointer');`);
              w.writeLine('// The JS thread never changes: its errno location is read once.');
              w.writeLine(`readLastError = intAt(() => c.${errno}!() as PointerValue);`);
            }
            if (!hErrno) return;
            const h = H_ERRNO_ACCESS[p.name];
            if (h === undefined) w.writeLine(`readHErrno = unknown('h_errno');`);
            else if (h.kind === 'function') {
              w.writeLine(`declare(null, '${h.symbol}', [], 'pointer');`);
              w.writeLine(`readHErrno = intAt(() => c.${h.symbol}!() as PointerValue);`);
            } else {
              w.writeLine("// A static of type 'pointer' is the variable's address.");
              w.writeLine(`statics['${h.symbol}'] = { type: 'pointer' };`);
              w.writeLine(`readHErrno = intAt(() => c.${h.symbol} as unknown as PointerValue);`);
            }
          })
          .write(' break;')
          .newLine();
      }
      w.writeLine(
        "default: throw new Error(`nativesockets (denoffi): no C library binding for platform '${platform}'`);",
      );
    })
    .newLine();
}

export function emitDenoFfiBackend(model: SpecModel): GeneratedFile {
  const file = createTsFile(newTsProject(), DENO_FFI_BACKEND_PATH);
  const fams = platformFamilies(model);
  file.addImportDeclaration({
    moduleSpecifier: '../../runtime/denoFfi.js',
    namedImports: ['type DenoSymbol', 'denoFfi', 'type PointerValue'],
  });
  addBackendImports(file);
  const perFamily = (t: CType, f: Family, table: Record<MachineType, string>): string | undefined =>
    abiOf(t, fams) === undefined ? `'${table[MACHINE_TYPES[t][f]]}'` : undefined;
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Deno's parameter types for the C types whose width differs between the platform families."],
    declarations: [
      {
        name: 'PARAM_TYPES',
        initializer: (w) => writePerFamilyTable(w, model, usedCTypes(model), (t, f) => perFamily(t, f, DENO_PARAM)),
      },
    ],
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Deno's result types for the same C types."],
    declarations: [
      {
        name: 'RESULT_TYPES',
        initializer: (w) => writePerFamilyTable(w, model, usedCTypes(model), (t, f) => perFamily(t, f, DENO_RESULT)),
      },
    ],
  });
  addPointeeTable(file, model);
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: 'utf8', initializer: 'new TextEncoder()' }],
  });
  addModuleHelpers(file, model);
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The number check of each C type whose width differs between the platform families.'],
    declarations: [
      {
        name: 'NUMBER_ARGS',
        initializer: (w) =>
          writePerFamilyTable(w, model, usedCTypes(model), (t, f) =>
            abiOf(t, fams) === undefined ? NUMBER_ARG[MACHINE_TYPES[t][f]] : undefined,
          ),
      },
    ],
  });
  file.addFunction({
    name: 'keepAlive',
    parameters: [{ name: '_values', type: 'unknown' }],
    docs: ['Holds memory reachable up to this point: a thread of Deno wrote into it.'],
    statements: [],
  });
  file.addFunction({
    name: 'loadDenoFfiBackend',
    isExported: true,
    parameters: [{ name: 'platform', type: 'PlatformName' }],
    returnType: 'RawBackend',
    docs: ["Opens the platform's C library with Deno.dlopen and binds the spec's C functions that exist there."],
    statements: (w) => writeLoader(w, model, fams),
  });
  return tsFileOutput(DENO_FFI_BACKEND_PATH, file);
}

function writeLoader(w: CodeBlockWriter, model: SpecModel, fams: Family[]): void {
  w.writeLine('const Deno = denoFfi();');
  w.writeLine('const info = PLATFORMS[platform];');
  w.writeLine('const T = PARAM_TYPES[info.family];');
  w.writeLine('const R = RESULT_TYPES[info.family];');
  w.writeLine('const B = POINTEE_BYTES[info.family];');
  w.writeLine('const N = NUMBER_ARGS[info.family];');
  w.writeLine('const on = (...platforms: PlatformName[]): boolean => platforms.includes(platform);');
  w.writeLine("const appleArm64 = platform === 'macosx' && Deno.build.arch === 'aarch64';");
  w.writeLine('// The symbols of each library, then of each `nonblocking` twin (Deno runs those on a thread).');
  w.writeLine('const symbols = new Map<string, Record<string, DenoSymbol>>();');
  w.writeLine('const statics: Record<string, { type: string; }> = {};');
  w.write(
    'const declare = (library: string | null, name: string, parameters: readonly string[], result: string, nonblocking = false): void => ',
  )
    .inlineBlock(() => {
      w.writeLine('const path = library ?? info.cLibrary;');
      w.writeLine('if (!symbols.has(path)) symbols.set(path, {});');
      w.writeLine(
        'symbols.get(path)![nonblocking ? `${name}$nonblocking` : name] = { name, parameters: [...parameters], result, nonblocking };',
      );
    })
    .write(';')
    .newLine();
  w.writeLine('const c: Record<string, ((...args: unknown[]) => unknown) | undefined> = {};');
  w.writeLine('const nonblocking: Record<string, ((...args: unknown[]) => unknown) | undefined> = {};');
  w.writeLine('const toPointer = (address: bigint): PointerValue => Deno.UnsafePointer.create(address);');
  w.writeLine(
    'const pointerValue = (p: PointerValue): bigint => (p === null ? 0n : BigInt(Deno.UnsafePointer.value(p)));',
  );
  w.writeLine(
    "const cStringAt = (p: PointerValue): string => (p === null ? '' : Deno.UnsafePointerView.getCString(p));",
  );
  w.write('const intAt = (location: () => PointerValue): (() => number) => ')
    .inlineBlock(() => {
      w.writeLine('let view: { getInt32(offset?: number): number; } | undefined;');
      w.writeLine('return () => (view ??= new Deno.UnsafePointerView(location()!)).getInt32(0);');
    })
    .write(';')
    .newLine();
  w.write('const unknown = (what: string) => (): number => ')
    .inlineBlock(() =>
      w.writeLine(
        'throw new Error(`nativesockets (denoffi): ${what} cannot be read on ${platform} (no known way to reach it); the napi backend reads it`);',
      ),
    )
    .write(';')
    .newLine();
  for (const fn of model.cFunctions) {
    const every = onEveryPlatform(fn, model);
    const declarations = (): void => {
      writeDeclaration(w, fn, fams, false);
      if (fn.threadpool) writeDeclaration(w, fn, fams, true);
    };
    if (every) declarations();
    else {
      w.write(`if (on(${fn.platforms.map((p) => `'${p}'`).join(', ')})) `).inlineBlock(declarations);
      w.newLine();
    }
  }
  writeErrorReaders(w, model);
  w.write('for (const [path, defs] of symbols) ')
    .inlineBlock(() => {
      w.writeLine('const own = path === info.cLibrary ? statics : {};');
      w.writeLine('const opened = Deno.dlopen(path, { ...defs, ...own }).symbols;');
      w.writeLine(
        'for (const [key, def] of Object.entries(defs)) (def.nonblocking ? nonblocking : c)[def.name ?? key] = opened[key];',
      );
      w.writeLine('for (const key of Object.keys(own)) c[key] = opened[key];');
    })
    .newLine();
  w.writeLine('// Each C function as a local: the wrappers call it without a lookup.');
  for (const fn of model.cFunctions) w.writeLine(`const c_${fn.name} = c.${fn.name};`);
  w.writeLine('let lastError = 0;');
  w.write('return ')
    .inlineBlock(() => {
      w.writeLine("name: 'denoffi',");
      writeCFunctionMembers(w, model, {
        call: (fn) => `c_${fn.name}!(${fn.params.map((p) => argExpr(fn, p, fams)).join(', ')})`,
        result: (fn, call) => resultExpr(fn, call, fams),
      });
      writeIntrinsics(w);
      writeThreadpool(w, model, fams);
      w.writeLine('lastError: () => lastError,');
    })
    .write(';');
}
