// The members of the raw interface an FFI backend (koffi, bun:ffi, Deno.dlopen)
// writes into its backend object alike: each C function's wrapper (check, call,
// then capture the error on failure, before any other code can run), the peek
// intrinsics, and the `threadpool` calls. Each backend supplies only what its
// FFI does differently: the call, how a result converts, how a thread runs.
import type { CodeBlockWriter } from 'ts-morph';
import type { CFunctionDef, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './cTypes.js';
import { failureCapture, onEveryPlatform, rawSignature, threadpoolFunctions } from './rawInterface.js';
import type { TsFileBuilder } from './tsBuilder.js';
import { docText } from './tsProject.js';

/** The generated modules every FFI backend builds on: the raw interface it implements, the platform table. */
export function addBackendImports(file: TsFileBuilder): void {
  file.addImportDeclaration({
    moduleSpecifier: '../rawBackend.js',
    namedImports: ['PEEK_MAX_BYTES', 'type RawBackend'],
  });
  file.addImportDeclaration({
    moduleSpecifier: '../platformTables.js',
    namedImports: ['PLATFORMS', 'type PlatformName'],
  });
}

/** What a backend's C function wrappers do their own way. */
export interface WrapperCalls {
  /** The C call with its checked arguments, e.g. `c_send(fd, typedArrayArg(buf, …), …)`. */
  call(fn: CFunctionDef): string;
  /** The raw interface's value of what `call` returned (not called for a void result). */
  result(fn: CFunctionDef, call: string): string;
  /** A comment written before a NULL result is tested (how the FFI returns NULL). */
  nullNote?: string;
  /**
   * Whether the member is `c_NAME && (…)`, undefined where the C function is not
   * bound; by default, where the spec has it on some platforms only.
   */
  guarded?(fn: CFunctionDef): boolean;
  /** Whether even an unguarded wrapper stands in parentheses. */
  parenthesized?: boolean;
}

/** `(params): returns => { … }`: the call, and on failure the error it left, read at once. */
function writeWrapper(w: CodeBlockWriter, fn: CFunctionDef, how: WrapperCalls): void {
  const sig = rawSignature(fn);
  const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const call = how.call(fn);
  w.write(`(${params}): ${sig.returns} => `).inlineBlock(() => {
    const capture = failureCapture(fn.failure);
    if (capture) {
      const returnsPointer = fn.failure === 'null' || fn.failure === 'nullHErrno';
      if (how.nullNote !== undefined && returnsPointer) w.writeLine(`// ${how.nullNote}`);
      w.writeLine(`const r = ${how.result(fn, call)};`);
      w.writeLine(`if (${capture.failed}) lastError = ${capture.reader};`);
      w.writeLine('return r;');
    } else if (C_TYPE_INFO[fn.returns].passing === 'void') w.writeLine(`${call};`);
    else w.writeLine(`return ${how.result(fn, call)};`);
  });
}

/** One member per C function of the spec, its doc first: `name: wrapper,` or `name: c_name && (wrapper),`. */
export function writeCFunctionMembers(w: CodeBlockWriter, model: SpecModel, how: WrapperCalls): void {
  for (const fn of model.cFunctions) {
    const guarded = how.guarded ? how.guarded(fn) : !onEveryPlatform(fn, model);
    const parens = guarded || how.parenthesized === true;
    w.writeLine(`/** ${docText(fn.doc)} */`);
    w.write(`${fn.name}: ${guarded ? `c_${fn.name} && ` : ''}${parens ? '(' : ''}`);
    writeWrapper(w, fn, how);
    w.write(parens ? '),' : ',').newLine();
  }
}

/**
 * The `peek` and `peekCString` members of a backend object: the checks are the
 * same on every FFI backend; `copyLine` copies `length` bytes at `address`
 * into `copy` (length > 0 there), `cStringBody` returns the string at `address`.
 */
export function writePeekIntrinsics(w: CodeBlockWriter, copyLine: string, cStringBody: string[]): void {
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
      w.writeLine(copyLine);
      w.writeLine('return copy;');
    })
    .write(',')
    .newLine();
  w.writeLine("/** The NUL-terminated UTF-8 string at `address`; '' for NULL. */");
  w.write('peekCString: (address: bigint): string => ')
    .inlineBlock(() => {
      for (const line of cStringBody) w.writeLine(line);
    })
    .write(',')
    .newLine();
}

/**
 * The `threadpool` member of an FFI backend's object: for each threadpool
 * function, a wrapper that checks its arguments synchronously into `args`
 * (`argList` of the function: the checked argument expressions), rejecting
 * at once on a bad one, then lets `writeCall` start the call on a thread
 * and return its Promise.
 */
export function writeThreadpoolMember(
  w: CodeBlockWriter,
  model: SpecModel,
  argList: (fn: CFunctionDef) => string,
  writeCall: (fn: CFunctionDef, returns: string) => void,
): void {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return;
  w.write('threadpool: ')
    .inlineBlock(() => {
      for (const fn of fns) {
        const sig = rawSignature(fn);
        const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
        const every = onEveryPlatform(fn, model);
        w.write(`${fn.name}: ${every ? '' : `c_${fn.name} && (`}(${params}): Promise<${sig.returns}> => `)
          .inlineBlock(() => {
            w.writeLine('// Checked here, synchronously: a bad argument rejects before any thread runs.');
            w.writeLine(`let args: unknown[];`);
            w.write('try ').inlineBlock(() => w.writeLine(`args = [${argList(fn)}];`));
            w.write(' catch (e) ')
              .inlineBlock(() => w.writeLine('return Promise.reject(e);'))
              .newLine();
            writeCall(fn, sig.returns);
          })
          .write(every ? ',' : '),')
          .newLine();
      }
    })
    .write(',')
    .newLine();
}
