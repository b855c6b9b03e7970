// The raw interface: the C functions of the spec as both backends expose them,
// plus the two memory intrinsics (peek, peekCString) through which the runtime
// reads the structs C returns by pointer. The runtime is written against this
// interface only.
import { VariableDeclarationKind } from 'ts-morph';
import type { FailureKind, SpecModel } from '../model/spec.js';
import { PEEK_MAX_BYTES } from './shared/cTypes.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform, rawSignature, threadpoolFunctions } from './shared/rawInterface.js';
import type { InterfaceBuilder } from './shared/tsBuilder.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './shared/tsProject.js';

export const RAW_BACKEND_PATH = 'rawBackend.ts';

/** How a caller of the raw interface recognises a failure, for the doc comments. */
export const FAILURE_DOCS: Record<FailureKind, string> = {
  minus1: 'returns -1; `lastError()` then holds the error (errno, WSAGetLastError()).',
  null: 'returns 0n (NULL); `lastError()` then holds the error (errno, WSAGetLastError()).',
  nullHErrno: 'returns 0n (NULL); `lastError()` then holds h_errno (WSAGetLastError() on Windows).',
  returnsCode:
    'returns the non-zero error code itself; `lastError()` then holds errno (WSAGetLastError()), which matters for EAI_SYSTEM.',
  zero: 'returns 0 (a Win32 FALSE); `lastError()` then holds GetLastError().',
  never: 'none reported.',
};

export function emitRawBackend(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, RAW_BACKEND_PATH);
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The most bytes one `peek` call copies.'],
    declarations: [{ name: 'PEEK_MAX_BYTES', initializer: String(PEEK_MAX_BYTES) }],
  });
  const iface = file.addInterface({
    name: 'RawBackend',
    isExported: true,
    docs: [
      'The C surface of the spec, as each backend exposes it. A function missing on\n' +
        'the running platform is `undefined`. Buffers and out-parameters are typed\n' +
        'arrays whose memory the C call reads or writes in place; a pointer passed or\n' +
        'returned by value is a bigint (0n for NULL).',
    ],
  });
  iface.addProperty({
    name: 'name',
    isReadonly: true,
    type: "'napi' | 'koffi' | 'bunffi' | 'denoffi'",
    docs: ['Which backend this is.'],
  });
  for (const fn of model.cFunctions) {
    const sig = rawSignature(fn);
    const onSome = !onEveryPlatform(fn, model);
    iface.addProperty({
      name: fn.name,
      isReadonly: true,
      hasQuestionToken: onSome,
      type: `(${sig.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) => ${sig.returns}`,
      docs: [
        docText(
          `${fn.doc}${onSome ? `\n\nPlatforms: ${fn.platforms.join(', ')}.` : ''}\n\nFailure: ${FAILURE_DOCS[fn.failure]}`,
        ),
      ],
    });
  }
  iface.addMethod({
    name: 'peek',
    parameters: [
      { name: 'address', type: 'bigint' },
      { name: 'length', type: 'number' },
    ],
    returnType: 'Uint8Array',
    docs: [
      'A copy of `length` bytes at `address`, a pointer a C function of this\n' +
        'interface returned (or wrote into an out-parameter). Throws a TypeError when\n' +
        '`address` is not a bigint or is 0n (nothing is ever read at NULL), a\n' +
        'RangeError when it is not a 64-bit pointer value or `length` is not an\n' +
        'integer from 0 to `PEEK_MAX_BYTES`. Any other address must point at\n' +
        "`length` readable bytes: that is the caller's promise.",
    ],
  });
  iface.addMethod({
    name: 'peekCString',
    parameters: [{ name: 'address', type: 'bigint' }],
    returnType: 'string',
    docs: [
      "The NUL-terminated UTF-8 string at `address`, or `''` for 0n (NULL).\n" +
        'Throws like `peek` for an address that is not a pointer value.',
    ],
  });
  iface.addProperty({
    name: 'getsockoptInt',
    isReadonly: true,
    hasQuestionToken: true,
    type: '(fd: number, level: number, optname: number) => number | undefined',
    docs: [
      'getsockopt into a C int: the value, or undefined when getsockopt fails\n' +
        '(`lastError()` then holds the error). Where a backend has it, it is\n' +
        "cheaper than `getsockopt` with two typed arrays (the napi addon's is); the\n" +
        'runtime calls `getsockopt` where it is missing.',
    ],
  });
  addThreadpoolRawInterface(iface, model);
  iface.addMethod({
    name: 'lastError',
    returnType: 'number',
    docs: [
      'The error captured right after the last failed call on this thread: errno\n' +
        '(WSAGetLastError() on Windows), or h_errno after a `nullHErrno` failure.',
    ],
  });
  return tsFileOutput(RAW_BACKEND_PATH, file);
}

const THREADPOOL_DOC =
  'The C functions of the spec marked `threadpool`, run on the libuv threadpool\n' +
  '(bunffi: on a Worker, memory not backed by a SharedArrayBuffer copied there and back):\n' +
  'each returns a Promise of the C result, which is the error code itself\n' +
  '(`returnsCode`). The arguments are checked as for the synchronous call; the\n' +
  'caller keeps every buffer it passes alive and untouched until the Promise\n' +
  'settles, since the C call writes into them on another thread. errno is not\n' +
  'read. A function missing on the running platform is `undefined`.';

/** The `threadpool` member of RawBackend. */
function addThreadpoolRawInterface(iface: InterfaceBuilder, model: SpecModel): void {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return;
  iface.addProperty({
    name: 'threadpool',
    isReadonly: true,
    docs: [THREADPOOL_DOC],
    type: (w) => {
      w.inlineBlock(() => {
        for (const fn of fns) {
          const sig = rawSignature(fn);
          const onSome = !onEveryPlatform(fn, model);
          w.writeLine(`/** ${docText(fn.doc)}${onSome ? ` Platforms: ${fn.platforms.join(', ')}.` : ''} */`);
          w.writeLine(
            `readonly ${fn.name}${onSome ? '?' : ''}: (${sig.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) => Promise<${sig.returns}>;`,
          );
        }
      });
    },
  });
}
