// The backends' share of the Async variants, generated from the C functions the
// spec marks `threadpool: true`: the raw interface's `threadpool` member, its
// koffi implementation (koffi's `.async`, a libuv threadpool call), and its
// N-API implementation (napi_create_async_work). The event-loop waits of the
// socket procs are not C functions of the spec: runtime/async/ and
// runtime/napi/eventloop.cc implement them by hand, and this file only makes
// the addon's binding.gyp build and register that source.
import type { CodeBlockWriter } from 'ts-morph';
import type { CFunctionDef, SpecModel } from '../model/spec.js';
import { C_TYPE_INFO } from './cTypes.js';
import { cxxResultType, definedAny, type Family, familiesOf, guarded, platformCondition, platformsOfFamily } from './cxx.js';
import { rawSignature } from './emitRawInterface.js';
import { docText } from './tsProject.js';
import type { InterfaceBuilder } from './tsBuilder.js';

/** The C functions with a threadpool form, in spec order. */
export function threadpoolFunctions(model: SpecModel): CFunctionDef[] {
  return model.cFunctions.filter((fn) => fn.threadpool);
}

function onEveryPlatform(fn: CFunctionDef, model: SpecModel): boolean {
  return model.platforms.every((p) => fn.platforms.includes(p.name));
}

// ---- raw interface ----------------------------------------------------------------

export const THREADPOOL_DOC =
  'The C functions of the spec marked `threadpool`, run on the libuv threadpool:\n' +
  'each returns a Promise of the C result, which is the error code itself\n' +
  '(`returnsCode`). The arguments are checked as for the synchronous call; the\n' +
  'caller keeps every buffer it passes alive and untouched until the Promise\n' +
  'settles, since the C call writes into them on another thread. errno is not\n' +
  'read. A function missing on the running platform is `undefined`.';

/** The `threadpool` member of RawBackend. */
export function addThreadpoolRawInterface(iface: InterfaceBuilder, model: SpecModel): void {
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
          w.writeLine(`readonly ${fn.name}${onSome ? '?' : ''}: (${sig.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) => Promise<${sig.returns}>;`);
        }
      });
    },
  });
}

// ---- koffi ----------------------------------------------------------------------

/**
 * The `threadpool` member of the koffi backend's object: `c_NAME.async(...)`
 * (koffi runs it on a libuv threadpool thread), with the synchronous wrapper's
 * argument checks done first. `argExpr` is the koffi emitter's own.
 */
export function writeKoffiThreadpool(w: CodeBlockWriter, model: SpecModel, argExpr: (fn: CFunctionDef, p: CFunctionDef['params'][number]) => string): void {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return;
  w.write('threadpool: ').inlineBlock(() => {
    for (const fn of fns) {
      const sig = rawSignature(fn);
      const params = sig.params.map((p) => `${p.name}: ${p.type}`).join(', ');
      const args = fn.params.map((p) => argExpr(fn, p)).join(', ');
      const every = onEveryPlatform(fn, model);
      w.write(`${fn.name}: ${every ? '' : `c_${fn.name} && (`}(${params}): Promise<${sig.returns}> => `).inlineBlock(() => {
        w.writeLine('// Checked here, synchronously: a bad argument rejects before any thread runs.');
        w.writeLine(`let args: unknown[];`);
        w.write('try ').inlineBlock(() => w.writeLine(`args = [${args}];`));
        w.write(' catch (e) ').inlineBlock(() => w.writeLine('return Promise.reject(e);')).newLine();
        w.write(`return new Promise((resolve, reject) => `).inlineBlock(() => {
          w.write(`c_${fn.name}!.async(...args, (err: unknown, r: unknown) => `).inlineBlock(() => {
            w.writeLine(`if (err) reject(err);`);
            w.writeLine(`else resolve(r as ${sig.returns});`);
          }).write(');').newLine();
        }).write(');').newLine();
      }).write(every ? ',' : '),').newLine();
    }
  }).write(',').newLine();
}

// ---- N-API ----------------------------------------------------------------------

/** The hand-written source of the event-loop waiter, relative to generated/napi/. */
export const NAPI_EVENT_LOOP_SOURCE = '../../runtime/napi/eventloop.cc';

/** What the generated addon calls in Init to add the waiter's functions to its exports. */
export const NAPI_EVENT_LOOP_INIT = 'NativeSocketsEventLoopInit';

/** Whether the addon needs the waiter: some proc's Async variant waits in the event loop. */
export function needsEventLoop(model: SpecModel): boolean {
  return model.procs.some((p) => p.async === 'eventLoop');
}

/** The addon's sources: the generated one, and the waiter when the spec needs it. */
export function napiSources(model: SpecModel, generated: string): string[] {
  return needsEventLoop(model) ? [generated, NAPI_EVENT_LOOP_SOURCE] : [generated];
}

export function napiEventLoopDeclaration(model: SpecModel): string[] {
  if (!needsEventLoop(model)) return [];
  return [
    '// The event-loop waiter (uv_poll handles for the socket procs\' Async variants),',
    `// written by hand in runtime/napi/eventloop.cc: it adds pollOpen, pollStart,`,
    '// pollStop, pollClose and pollCallback to the exports.',
    `bool ${NAPI_EVENT_LOOP_INIT}(napi_env env, napi_value exports);`,
  ];
}

export function napiEventLoopInitCall(model: SpecModel): string[] {
  if (!needsEventLoop(model)) return [];
  return [`  if (!${NAPI_EVENT_LOOP_INIT}(env, exports)) return nullptr;`];
}

function asyncWrapperName(fn: CFunctionDef): string {
  return `js_threadpool_${fn.name}`;
}

export interface NapiArgCode {
  read: string[];
  pass: string;
}

/** The emitter's hooks the threadpool wrappers reuse: argument reads, locals, the last-error expression. */
export interface NapiEmitterHooks {
  argCode: (fn: CFunctionDef, p: CFunctionDef['params'][number], index: number, family: Family, local: string) => NapiArgCode;
  localName: (fn: CFunctionDef, name: string) => string;
  resultToJs: (fn: CFunctionDef, family: Family) => string;
}

/**
 * One function per threadpool C function: reads and checks the arguments like
 * the synchronous wrapper (on the JS thread), keeps every typed array argument
 * alive with a reference, runs the call in napi_create_async_work's execute
 * (a threadpool thread) and resolves a Promise with the C result.
 */
export function napiThreadpoolWrappers(model: SpecModel, hooks: NapiEmitterHooks): string[] {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return [];
  const out: string[] = [
    '// ---- threadpool calls (the Async variants of the name lookups) ----',
    '// The arguments are read on the JS thread into a heap object the worker owns;',
    '// typed arrays stay referenced until the Promise settles, since C writes',
    '// into them on the worker thread.',
  ];
  for (const fn of fns) {
    const bodies = familiesOf(model, fn.platforms).map((family) => ({ family, lines: threadpoolBody(fn, family, hooks) }));
    const allSame = bodies.every((b) => b.lines.join('\n') === bodies[0]!.lines.join('\n'));
    const lines = allSame
      ? bodies[0]!.lines
      : bodies.flatMap((b, i) => [
          i === bodies.length - 1 ? '#else' : `${i === 0 ? '#if' : '#elif'} ${definedAny(model, platformsOfFamily(model, b.family, fn.platforms))}`,
          ...b.lines,
        ]).concat(['#endif']);
    out.push('', ...guarded(platformCondition(model, fn.platforms), lines));
  }
  return out;
}

function threadpoolBody(fn: CFunctionDef, family: Family, hooks: NapiEmitterHooks): string[] {
  const argc = fn.params.length;
  const locals = fn.params.map((p) => hooks.localName(fn, p.name));
  const args = fn.params.map((p, i) => hooks.argCode(fn, p, i, family, locals[i]!));
  const buffers = fn.params.flatMap((p, i) => (C_TYPE_INFO[p.type].passing === 'buffer' ? [i] : []));
  const resultType = cxxResultType(fn.returns, family);
  const call = `${fn.name}(${args.map((a) => a.pass).join(', ')})`;
  const bind = locals.map((l) => `    auto& ${l} = work_->m_${l};`);
  return [
    `static napi_value ${asyncWrapperName(fn)}(napi_env env, napi_callback_info info) {`,
    `  napi_value argv[${argc}];`,
    `  if (!Args(env, info, ${argc}, argv)) return nullptr;`,
    ...args.flatMap((a) => a.read).map((l) => `  ${l}`),
    '  struct Work {',
    '    napi_async_work work = nullptr;',
    '    napi_deferred deferred = nullptr;',
    `    napi_ref refs[${Math.max(1, buffers.length)}] = {};`,
    ...locals.map((l) => `    decltype(${l}) m_${l};`),
    `    ${resultType} m_result{};`,
    '  };',
    '  Work* work_ = new Work();',
    ...locals.map((l) => `  work_->m_${l} = ${C_TYPE_INFO[fn.params[locals.indexOf(l)]!.type].passing === 'string' ? `std::move(${l})` : l};`),
    ...buffers.map((i, k) => `  napi_create_reference(env, argv[${i}], 1, &work_->refs[${k}]);`),
    '  napi_value promise_ = nullptr;',
    '  napi_value resourceName_ = nullptr;',
    `  napi_create_string_utf8(env, "nativesockets:${fn.name}", NAPI_AUTO_LENGTH, &resourceName_);`,
    '  auto execute = [](napi_env /* env */, void* data) {',
    '    Work* work_ = static_cast<Work*>(data);',
    ...bind,
    `    work_->m_result = ${call};`,
    '  };',
    '  auto complete = [](napi_env env, napi_status status, void* data) {',
    '    Work* work_ = static_cast<Work*>(data);',
    `    for (napi_ref ref : work_->refs) if (ref != nullptr) napi_delete_reference(env, ref);`,
    '    napi_value value = nullptr;',
    '    if (status == napi_ok) {',
    '      auto& result = work_->m_result;',
    `      value = ${hooks.resultToJs(fn, family)};`,
    '    }',
    '    if (value != nullptr) {',
    '      napi_resolve_deferred(env, work_->deferred, value);',
    '    } else {',
    '      napi_value error = nullptr;',
    '      bool pending = false;',
    '      if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &error);',
    `      if (error == nullptr) napi_create_string_utf8(env, "nativesockets: threadpool call ${fn.name} was cancelled", NAPI_AUTO_LENGTH, &error);`,
    '      napi_reject_deferred(env, work_->deferred, error);',
    '    }',
    '    napi_delete_async_work(env, work_->work);',
    '    delete work_;',
    '  };',
    '  if (napi_create_promise(env, &work_->deferred, &promise_) != napi_ok ||',
    '      napi_create_async_work(env, nullptr, resourceName_, execute, complete, work_, &work_->work) != napi_ok ||',
    '      napi_queue_async_work(env, work_->work) != napi_ok) {',
    `    for (napi_ref ref : work_->refs) if (ref != nullptr) napi_delete_reference(env, ref);`,
    '    if (work_->work != nullptr) napi_delete_async_work(env, work_->work);',
    '    delete work_;',
    '    return nullptr;',
    '  }',
    '  return promise_;',
    '}',
  ].map((l) => l);
}

/** The `threadpool` object of the addon's exports, built in Init. */
export function napiThreadpoolInit(model: SpecModel): string[] {
  const fns = threadpoolFunctions(model);
  if (fns.length === 0) return [];
  const out = [
    '  napi_value threadpool;',
    '  if (napi_create_object(env, &threadpool) != napi_ok) return nullptr;',
  ];
  for (const fn of fns) {
    out.push(...guarded(platformCondition(model, fn.platforms), [
      '  {',
      '    napi_value fn;',
      `    if (napi_create_function(env, "${fn.name}", NAPI_AUTO_LENGTH, ${asyncWrapperName(fn)}, nullptr, &fn) != napi_ok) return nullptr;`,
      `    if (napi_set_named_property(env, threadpool, "${fn.name}", fn) != napi_ok) return nullptr;`,
      '  }',
    ]));
  }
  out.push('  if (napi_set_named_property(env, exports, "threadpool", threadpool) != napi_ok) return nullptr;');
  return out;
}
