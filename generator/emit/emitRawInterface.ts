// The raw interface: the C functions of the spec as both backends expose them.
// The runtime is written against this interface only.
import type { CFunctionDef, SpecModel } from '../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';
import type { GeneratedFile } from './files.js';
import { createTsFile, docText, newTsProject, tsFileOutput } from './tsProject.js';

export const RAW_INTERFACE_PATH = 'rawBackend.ts';

function availableEverywhere(fn: CFunctionDef, model: SpecModel): boolean {
  return model.platforms.every((p) => fn.platforms.includes(p.name));
}

export function rawSignature(fn: CFunctionDef): { params: { name: string; type: string }[]; returns: string } {
  return {
    params: fn.params.map((p) => ({ name: p.name, type: C_TYPE_INFO[p.type].ts })),
    returns: C_TYPE_INFO[fn.returns].ts,
  };
}

export function emitRawInterface(model: SpecModel): GeneratedFile {
  const project = newTsProject();
  const file = createTsFile(project, RAW_INTERFACE_PATH);
  const iface = file.addInterface({
    name: 'RawBackend',
    isExported: true,
    docs: [
      'The C surface of the spec, as each backend exposes it. A function missing on\n' +
        'the running platform is `undefined`. Buffers and out-parameters are typed\n' +
        'arrays whose memory the C call reads or writes in place.',
    ],
  });
  iface.addProperty({
    name: 'name',
    isReadonly: true,
    type: "'napi' | 'koffi'",
    docs: ['Which backend this is.'],
  });
  for (const fn of model.cFunctions) {
    const sig = rawSignature(fn);
    const onSome = !availableEverywhere(fn, model);
    iface.addProperty({
      name: fn.name,
      isReadonly: true,
      hasQuestionToken: onSome,
      type: `(${sig.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) => ${sig.returns}`,
      docs: [docText(`${fn.doc}${onSome ? `\n\nPlatforms: ${fn.platforms.join(', ')}.` : ''}\n\nFailure: ${fn.failure === 'minus1' ? 'returns -1; `lastError()` then holds the error.' : 'none reported.'}`)],
    });
  }
  iface.addMethod({
    name: 'lastError',
    returnType: 'number',
    docs: ['The error (errno, or WSAGetLastError() on Windows) captured right after the last failed call on this thread.'],
  });
  return tsFileOutput(RAW_INTERFACE_PATH, file);
}
