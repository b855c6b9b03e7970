// The addon's share of the Async variants: the threadpool calls (one
// napi_create_async_work wrapper per C function the spec marks `threadpool`,
// and the `threadpool` object Init exports), and the declaration and Init call
// of the hand-written event-loop waiter (runtime/napi/eventloop.cc). A part of
// emitNapiBackend.ts, which passes its argument readers in as hooks.
import type { CFunctionDef, SpecModel } from '../../model/spec.js';
import { NAPI_EVENT_LOOP_INIT, needsEventLoop } from '../shared/addonSources.js';
import { C_TYPE_INFO } from '../shared/cTypes.js';
import {
  cxxResultType,
  definedAny,
  type Family,
  familiesOf,
  guarded,
  platformCondition,
  platformsOfFamily,
} from '../shared/cxx.js';
import { threadpoolFunctions } from '../shared/rawInterface.js';

export function napiEventLoopDeclaration(model: SpecModel): string[] {
  if (!needsEventLoop(model)) return [];
  return [
    "// The event-loop waiter (uv_poll handles for the socket procs' Async variants),",
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
  argCode: (
    fn: CFunctionDef,
    p: CFunctionDef['params'][number],
    index: number,
    family: Family,
    local: string,
  ) => NapiArgCode;
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
    const bodies = familiesOf(model, fn.platforms).map((family) => ({
      family,
      lines: threadpoolBody(fn, family, hooks),
    }));
    const allSame = bodies.every((b) => b.lines.join('\n') === bodies[0]!.lines.join('\n'));
    const lines = allSame
      ? bodies[0]!.lines
      : bodies
          .flatMap((b, i) => [
            i === bodies.length - 1
              ? '#else'
              : `${i === 0 ? '#if' : '#elif'} ${definedAny(model, platformsOfFamily(model, b.family, fn.platforms))}`,
            ...b.lines,
          ])
          .concat(['#endif']);
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
    ...locals.map(
      (l) =>
        `  work_->m_${l} = ${C_TYPE_INFO[fn.params[locals.indexOf(l)]!.type].passing === 'string' ? `std::move(${l})` : l};`,
    ),
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
    '    for (napi_ref ref : work_->refs)',
    '      if (ref != nullptr) napi_delete_reference(env, ref);',
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
    '    for (napi_ref ref : work_->refs)',
    '      if (ref != nullptr) napi_delete_reference(env, ref);',
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
  const out = ['  napi_value threadpool;', '  if (napi_create_object(env, &threadpool) != napi_ok) return nullptr;'];
  for (const fn of fns) {
    out.push(
      ...guarded(platformCondition(model, fn.platforms), [
        '  {',
        '    napi_value fn;',
        `    if (napi_create_function(env, "${fn.name}", NAPI_AUTO_LENGTH, ${asyncWrapperName(fn)}, nullptr, &fn) != napi_ok) return nullptr;`,
        `    if (napi_set_named_property(env, threadpool, "${fn.name}", fn) != napi_ok) return nullptr;`,
        '  }',
      ]),
    );
  }
  out.push('  if (napi_set_named_property(env, exports, "threadpool", threadpool) != napi_ok) return nullptr;');
  return out;
}
