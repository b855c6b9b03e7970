// The argument checks an FFI backend (koffi, Deno.dlopen) emits before its C
// calls, where the FFI layer would otherwise convert a wrong value on its own
// (a string as a pointer to a temporary copy, a DataView as memory): the same
// checks and messages as the N-API backend's helpers.h.
import type { SpecModel } from '../../model/spec.js';
import { C_TYPE_INFO, POINTER_MESSAGES } from './cTypes.js';
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
