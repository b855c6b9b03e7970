// The denoffi backend's module-level argument helpers: the checks every FFI
// backend shares, and how a JS number or string becomes what Deno.dlopen passes to C.
import type { SpecModel } from '../../model/spec.js';
import { addArgCheck, addArgCheckHelpers, STRING_CHECK } from '../shared/argChecks.js';
import type { MachineType } from '../shared/machineTypes.js';
import type { TsFileBuilder } from '../shared/tsBuilder.js';

/** The argument check for a JS number, by the width C reads (N-API's napi_get_value_int32/uint32/int64). */
export const NUMBER_ARG: Partial<Record<MachineType, string>> = {
  i32: 'int32Arg',
  u32: 'uint32Arg',
  i64: 'int64Arg',
  isize: 'int64Arg',
  usize: 'uint64Arg',
};

export function addModuleHelpers(file: TsFileBuilder, model: SpecModel): void {
  addArgCheckHelpers(file, model, {
    pointerArg:
      'A pointer crosses by value as a bigint (0n is NULL). Deno would take\nnull for NULL and refuse a bigint: the raw interface takes bigints on every backend.',
  });
  const numberCheck = `if (typeof value !== 'number') throw new TypeError(\`\${what} must be a number\`);`;
  const wide =
    'As a bigint: Deno\'s fast call takes a 64-bit argument as one, and a number there\nsends the caller back to the slow path (deoptimized, "not a BigInt") on every call.';
  const truncated = 'BigInt(Number.isFinite(value) ? Math.trunc(value) : 0)';
  const numbers: [string, string, string, string][] = [
    [
      'int32Arg',
      'A 32-bit C integer, modulo 2^32 as napi_get_value_int32 reads it (NaN and Infinity as 0).',
      'number',
      'value | 0',
    ],
    [
      'uint32Arg',
      'An unsigned 32-bit C integer, modulo 2^32 as napi_get_value_uint32 reads it.',
      'number',
      'value >>> 0',
    ],
    [
      'int64Arg',
      `A 64-bit C integer, truncated as napi_get_value_int64 reads it (NaN and Infinity as 0). ${wide}`,
      'bigint',
      `BigInt.asIntN(64, ${truncated})`,
    ],
    [
      'uint64Arg',
      `A size_t: read as int64Arg reads it, then modulo 2^64 as C converts it (-1 is SIZE_MAX). ${wide}`,
      'bigint',
      `BigInt.asUintN(64, ${truncated})`,
    ],
  ];
  for (const [name, doc, returns, expr] of numbers) {
    addArgCheck(file, {
      name,
      value: 'number',
      returns,
      doc: `${doc} Deno itself refuses any number that is not an integer.`,
      statements: [numberCheck, `return ${expr};`],
    });
  }
  addArgCheck(file, {
    name: 'cStringArg',
    value: 'string',
    returns: 'Uint8Array',
    doc: 'A string for C: its UTF-8 bytes and a NUL, in memory of this call only.',
    statements: [STRING_CHECK, 'return utf8.encode(`${value}\\0`);'],
  });
}
