// The argument checks an FFI backend (koffi, bun:ffi, Deno.dlopen) emits before
// its C calls, where the FFI layer would otherwise convert a wrong value on its
// own (a string as a pointer to a temporary copy, a number as an address, a
// DataView as memory): the same checks and messages as the N-API backend's
// helpers.h, so that no test can tell the backends apart by them.
import { VariableDeclarationKind } from 'ts-morph';
import type { SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './cTypes.js';
import type { TsFileBuilder } from './tsBuilder.js';

/** The doc of `typedArrayArg` where the FFI adds nothing to say about memory. */
const TYPED_ARRAY_DOC =
  'Memory the C call reads or writes in place: a typed array, as on N-API, holding\nat least one pointee for a typed pointer (an `int*`).';

/** The statement refusing a `value` that is not a string, as helpers.h's string reader does. */
export const STRING_CHECK = "if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);";

/** Whether a C function of the spec takes an argument that crosses as `passing` (C_TYPE_INFO). */
export function takesPassing(model: SpecModel, passing: string): boolean {
  return model.cFunctions.some((fn) => fn.params.some((p) => C_TYPE_INFO[p.type].passing === passing));
}

/**
 * Adds `name(value, what, ...more)`: the check of one argument, throwing with
 * `what` (e.g. 'send: buf') at the start of its message, returning what C gets.
 */
export function addArgCheck(
  file: TsFileBuilder,
  check: {
    name: string;
    value: string;
    returns: string;
    statements: string[];
    doc?: string;
    typeParameters?: string[];
    more?: { name: string; type: string }[];
  },
): void {
  file.addFunction({
    name: check.name,
    ...(check.typeParameters ? { typeParameters: check.typeParameters } : {}),
    parameters: [{ name: 'value', type: check.value }, { name: 'what', type: 'string' }, ...(check.more ?? [])],
    returnType: check.returns,
    ...(check.doc !== undefined ? { docs: [check.doc] } : {}),
    statements: check.statements,
  });
}

/**
 * Adds `pointerArg(value, what)` (a bigint from 0n to 2n ** 64n - 1n, returned)
 * and, when the spec passes memory, `typedArrayArg(value, what, minBytes)`.
 * `docs.pointerArg` says what the FFI would do with a pointer instead;
 * `docs.typedArrayArg` replaces the plain doc of typedArrayArg.
 */
export function addArgCheckHelpers(
  file: TsFileBuilder,
  model: SpecModel,
  docs: { pointerArg: string; typedArrayArg?: string },
): void {
  const m = POINTER_MESSAGES;
  addArgCheck(file, {
    name: 'pointerArg',
    value: 'bigint',
    returns: 'bigint',
    doc: docs.pointerArg,
    statements: [
      `if (typeof value !== 'bigint') throw new TypeError(\`\${what} ${m.notBigint}\`);`,
      `if (BigInt.asUintN(64, value) !== value) throw new RangeError(\`\${what} ${m.outOfRange}\`);`,
      'return value;',
    ],
  });
  if (!takesPassing(model, 'buffer')) return;
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "%TypedArray%.prototype.byteLength's own getter: it throws for anything but a typed\narray (a DataView, a Proxy, a plain object), so calling it is the type check, and\na subclass's byteLength getter cannot claim bytes the memory does not have.",
    ],
    declarations: [
      {
        name: 'typedArrayByteLength',
        initializer:
          "Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength')!.get! as (this: unknown) => number",
      },
    ],
  });
  addArgCheck(file, {
    name: 'typedArrayArg',
    typeParameters: ['T'],
    value: 'T',
    more: [{ name: 'minBytes', type: 'number' }],
    returns: 'T',
    doc: docs.typedArrayArg ?? TYPED_ARRAY_DOC,
    statements: [
      // One intrinsic call instead of ArrayBuffer.isView plus instanceof DataView: ~13 ns -> ~6 ns a call.
      'let bytes: number;',
      'try {',
      '  bytes = typedArrayByteLength.call(value);',
      '} catch {',
      `  throw new TypeError(\`\${what} ${m.notTypedArray}\`);`,
      '}',
      'if (bytes < minBytes) throw new RangeError(`${what} must hold at least ${minBytes} bytes`);',
      'return value;',
    ],
  });
}
