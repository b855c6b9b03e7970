// The argument checks an FFI backend (koffi, Deno.dlopen) emits before its C
// calls, where the FFI layer would otherwise convert a wrong value on its own
// (a string as a pointer to a temporary copy, a DataView as memory), and the
// checks of the peek intrinsics: the same checks and messages as the N-API
// backend's helpers.h.
import type { CodeBlockWriter } from 'ts-morph';
import type { CFunctionDef, SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './cTypes.js';
import { onEveryPlatform, rawSignature, threadpoolFunctions } from './rawInterface.js';
import type { TsFileBuilder } from './tsBuilder.js';

function usesPassing(model: SpecModel, passing: string): boolean {
  return model.cFunctions.some((fn) => fn.params.some((p) => C_TYPE_INFO[p.type].passing === passing));
}

/**
 * Adds `pointerArg(value, what)` (a bigint from 0n to 2n ** 64n - 1n, returned)
 * and, when the spec passes memory, `typedArrayArg(value, what, minBytes)`.
 * `whyPointer` ends the doc of pointerArg: what the FFI layer would do instead.
 */
export function addArgCheckHelpers(file: TsFileBuilder, model: SpecModel, whyPointer: string): void {
  const m = POINTER_MESSAGES;
  file.addFunction({
    name: 'pointerArg',
    parameters: [
      { name: 'value', type: 'bigint' },
      { name: 'what', type: 'string' },
    ],
    returnType: 'bigint',
    docs: [`A pointer crosses by value as a bigint (0n is NULL). ${whyPointer}`],
    statements: [
      `if (typeof value !== 'bigint') throw new TypeError(\`\${what} ${m.notBigint}\`);`,
      `if (BigInt.asUintN(64, value) !== value) throw new RangeError(\`\${what} ${m.outOfRange}\`);`,
      'return value;',
    ],
  });
  if (!usesPassing(model, 'buffer')) return;
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
      'Memory the C call reads or writes in place: a typed array, as on N-API, holding\nat least one pointee for a typed pointer (an `int*`).',
    ],
    statements: [
      `if (!ArrayBuffer.isView(value) || value instanceof DataView) throw new TypeError(\`\${what} ${m.notTypedArray}\`);`,
      'if (value.byteLength < minBytes) throw new RangeError(`${what} must hold at least ${minBytes} bytes`);',
      'return value;',
    ],
  });
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
