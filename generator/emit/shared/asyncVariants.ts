// The generated `NAMEAsync` variants: one per proc the spec marks blocking
// (except older names), waiting as the proc's `async` says. The typings, the
// entries and the API reference all take their list, signatures and doc text
// from here, so the three cannot disagree.
import { VariableDeclarationKind } from 'ts-morph';
import type { AsyncKind, OverloadDef, ProcDef, SpecModel } from '../../model/spec.js';
import type { InterfaceBuilder, TsFileBuilder } from './tsBuilder.js';
import { docText } from './tsProject.js';
import { type TypeStyle, tsTypeOf } from './tsTypes.js';

/** The options type every Async variant takes last. */
export const ASYNC_OPTIONS_TYPE = 'AsyncOptions';

export const ASYNC_OPTIONS_DOC = 'The options every `*Async` variant takes as its last argument.';

export const ASYNC_SIGNAL_DOC =
  'Cancels the call while it is pending: the Promise rejects with an `AbortError` (its `cause` is\n' +
  "the signal's reason) and nothing was received, sent, accepted or connected by this call, and no\n" +
  'wait stays registered. An already aborted signal rejects at once, before any C call.';

/** The runtime class the Async variants reject with when their signal aborts. */
export const ABORT_ERROR_CLASS = 'AbortError';

export interface AsyncProc {
  proc: ProcDef;
  name: string;
  kind: AsyncKind;
}

/** The procs that have an Async variant, in spec order. */
export function asyncProcs(model: SpecModel): AsyncProc[] {
  return model.procs.flatMap((p) => (p.async ? [{ proc: p, name: `${p.name}Async`, kind: p.async }] : []));
}

export interface AsyncParam {
  name: string;
  type: string;
  optional: boolean;
}

/** The parameters of one overload's Async variant: the proc's, then `options?`. */
export function asyncParams(o: OverloadDef, model: SpecModel, style: TypeStyle = 'code'): AsyncParam[] {
  return [
    ...o.params.map((prm) => ({
      name: prm.name,
      type: tsTypeOf(prm.type, model, style),
      optional: prm.default !== undefined,
    })),
    { name: 'options', type: ASYNC_OPTIONS_TYPE, optional: true },
  ];
}

export function asyncReturnType(o: OverloadDef, model: SpecModel, style: TypeStyle = 'code'): string {
  return `Promise<${o.returns ? tsTypeOf(o.returns, model, style) : 'void'}>`;
}

/** `recvAsync(s: SocketHandle, …, options?: AsyncOptions): Promise<number>` for docs. */
export function asyncSignature(a: AsyncProc, o: OverloadDef, model: SpecModel): string {
  const params = asyncParams(o, model, 'prose')
    .map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`)
    .join(', ');
  return `function ${a.name}(${params}): ${asyncReturnType(o, model, 'prose')}`;
}

/**
 * The platforms where a threadpool lookup has no threadpool C function among
 * its calls (no reentrant form): its Async variant runs the call on the
 * event loop's thread there.
 */
export function platformsWithoutThreadpool(a: AsyncProc, model: SpecModel): string[] {
  if (a.kind !== 'threadpool') return [];
  const pooled = model.cFunctions.filter((fn) => fn.threadpool && a.proc.calls.includes(fn.name));
  return a.proc.platforms.filter((pl) => !pooled.some((fn) => fn.platforms.includes(pl)));
}

const FAILURE_RULE = (sync: string) =>
  `Resolves with what \`${sync}\` returns when it succeeds. Where \`${sync}\` returns -1 (or ` +
  '`osInvalidSocket`) and sets `osLastError()`, the Promise rejects with that `OSError` instead ' +
  `(\`errno\`, \`code\`, \`syscall\`); bad arguments reject with the TypeError or RangeError \`${sync}\` throws.`;

const RAISE_RULE = (sync: string) =>
  `Resolves with what \`${sync}\` returns; rejects with the errors \`${sync}\` raises (bad arguments: ` +
  'its TypeError or RangeError).';

/** The doc text of an Async variant (one overload, or the proc when `o` is undefined). */
export function asyncDocLines(a: AsyncProc, o: OverloadDef | undefined, model: SpecModel): string {
  const p = a.proc;
  const parts = [
    `The Async variant of \`${p.name}\`: a Promise, and the event loop keeps running while it is pending.`,
    p.doc.trim(),
  ];
  if (o?.doc) parts.push(o.doc.trim());
  const returnsMinus1 = p.raises.length === 0;
  parts.push(returnsMinus1 ? FAILURE_RULE(p.name) : RAISE_RULE(p.name));
  if (a.kind === 'eventLoop') {
    parts.push(
      "Waits for the socket to be ready inside Node's event loop (uv_poll: no thread is held while it waits), " +
        'then makes the non-blocking C call; the call is never made early, so a cancelled wait loses no data. ' +
        'Makes the socket non-blocking (O_NONBLOCK; FIONBIO on Windows) and leaves it so: a later blocking-style ' +
        'call on it returns -1 with EAGAIN instead of waiting (`setBlocking(s, true)` undoes it). ' +
        '`close(s)` rejects the pending calls on `s` with an `OSError` (EBADF). Do not use it on a handle a Node ' +
        'object (a `net.Socket`) also watches: libuv watches a descriptor once, and the call rejects (EEXIST).',
    );
  } else {
    const onLoop = platformsWithoutThreadpool(a, model);
    parts.push(
      'Runs the lookup on the libuv threadpool (on the bunffi backend: on Worker threads, since a bun:ffi ' +
        'call blocks its thread), a few at a time (the rest queue in JavaScript), with a ' +
        'reentrant C call whose result is written into memory of this call only. A signal that aborts a queued ' +
        'lookup removes it; one already running finishes on its thread and its result is freed.' +
        (onLoop.length
          ? ` On ${onLoop.join(', ')} there is no reentrant form: the lookup runs on the event loop's thread there.`
          : ''),
    );
  }
  parts.push('`options.signal` (an `AbortSignal`) cancels it: the Promise rejects with an `AbortError`.');
  const facts: string[] = [];
  if (p.platforms.length !== model.platforms.length) facts.push(`Platforms: ${p.platforms.join(', ')}.`);
  if (facts.length) parts.push(facts.join(' '));
  return parts.join('\n\n');
}

// ---- the typings (api.ts) -------------------------------------------------------

/** The `AsyncOptions` interface, and one method per overload of each Async variant on NativeSocketsApi. */
export function addAsyncTypings(file: TsFileBuilder, api: InterfaceBuilder, model: SpecModel): void {
  const variants = asyncProcs(model);
  if (variants.length === 0) return;
  file.addInterface({
    name: ASYNC_OPTIONS_TYPE,
    isExported: true,
    docs: [ASYNC_OPTIONS_DOC],
    properties: [{ name: 'signal', type: 'AbortSignal', hasQuestionToken: true, docs: [ASYNC_SIGNAL_DOC] }],
  });
  const platforms = model.platforms.length;
  for (const a of variants) {
    for (const o of a.proc.overloads) {
      api.addMethod({
        name: a.name,
        hasQuestionToken: a.proc.platforms.length !== platforms,
        parameters: asyncParams(o, model).map((prm) => ({
          name: prm.name,
          type: prm.type,
          hasQuestionToken: prm.optional,
        })),
        returnType: asyncReturnType(o, model),
        docs: [docText(asyncDocLines(a, o, model))],
      });
    }
  }
}

// ---- the entries (index.ts, napi.ts, koffi.ts) ----------------------------------

/** Where the runtime's Async variants and their AbortError live, from generated/entries/. */
export const ASYNC_RUNTIME_FROM_ENTRIES = '../../runtime/async/abort.js';

/** `export const recvAsync = api.recvAsync` for each Async variant, and the AbortError class. */
export function addAsyncEntries(file: TsFileBuilder, model: SpecModel): void {
  const variants = asyncProcs(model);
  if (variants.length === 0) return;
  file.addExportDeclaration({ moduleSpecifier: ASYNC_RUNTIME_FROM_ENTRIES, namedExports: [ABORT_ERROR_CLASS] });
  for (const a of variants) {
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [docText(asyncDocLines(a, a.proc.overloads.length === 1 ? a.proc.overloads[0] : undefined, model))],
      declarations: [{ name: a.name, initializer: `api.${a.name}` }],
    });
  }
}

// ---- the API reference (docs/API.md) -------------------------------------------

/** The overview of the Async variants, before the procs. */
export function asyncReferenceIntro(model: SpecModel): string[] {
  const variants = asyncProcs(model);
  if (variants.length === 0) return [];
  const byKind = (k: AsyncKind) =>
    variants
      .filter((a) => a.kind === k)
      .map((a) => `[\`${a.name}\`](#${a.name.toLowerCase()})`)
      .join(', ');
  return [
    '## Async variants',
    '',
    'Every proc the spec marks blocking (older names aside) has a generated `NAMEAsync` variant on both backends: the same parameters, then `options?: AsyncOptions`, returning a Promise.',
    '',
    `- Socket waits (${byKind('eventLoop')}): wait for readiness, then make the non-blocking call. The socket is made non-blocking and left so. Where they work: on Node.js everywhere, in Node's event loop (uv_poll on the handle; no threadpool thread is held while waiting); on Bun on Linux and Windows and on Deno on Linux, with the package's own reactor (epoll on Linux, WSAPoll on Windows; one waiting thread per JS thread, not per socket). On Bun and Deno elsewhere (macOS, FreeBSD; Deno on Windows) they throw an Error that says so.`,
    `- Name lookups (${byKind('threadpool')}): run on the libuv threadpool (bunffi: on Worker threads) with reentrant C calls, a few at a time.`,
    `- \`AsyncOptions.signal\`: ${ASYNC_SIGNAL_DOC.replace(/\n/g, ' ')}`,
    `- Failures reject: where the blocking proc returns -1 and sets \`osLastError()\`, its Async variant rejects with the \`OSError\`.`,
    '',
  ];
}

/** The section of a proc's Async variant, right after the proc's own. */
export function asyncReferenceSection(p: ProcDef, model: SpecModel): string[] {
  const a = asyncProcs(model).find((x) => x.proc === p);
  if (!a) return [];
  const out = [`### \`${a.name}\``, '', '```ts'];
  for (const o of p.overloads) out.push(asyncSignature(a, o, model));
  out.push('```', '', asyncDocLines(a, undefined, model), '');
  for (const [i, o] of p.overloads.entries())
    if (o.doc) out.push(`- Overload ${i + 1}: ${o.doc.replace(/\s+/g, ' ').trim()}`);
  if (p.overloads.some((o) => o.doc)) out.push('');
  return out;
}
