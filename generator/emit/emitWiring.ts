// generated/wiring.ts: every proc of the spec wired to what its `impl:` names.
// A runtime factory (`impl: FILE#EXPORT`, called once per backend with the
// RuntimeContext) gives the procs of its file; a passthrough proc
// (`impl: passthrough`) is written here whole from its plan: each argument
// checked by its Nim type, then the one C function called. runtime/api.ts
// builds the Async variants over the result.
import { type PassthroughPlan, passthroughPlan } from '../model/passthrough.js';
import type { ProcDef, SpecModel } from '../model/spec.js';
import type { GeneratedFile } from './shared/files.js';
import { onEveryPlatform } from './shared/rawInterface.js';
import { createTsFile, newTsProject, tsFileOutput } from './shared/tsProject.js';
import { tsTypeOf } from './shared/tsTypes.js';

export const WIRING_PATH = 'wiring.ts';

/** The local a factory's procs are kept in. */
const factoryLocal = (name: string): string => `${name}Made`;

/** The C function of a passthrough as the wiring calls it: a local when some platform lacks it. */
const cLocal = (plan: PassthroughPlan): string => `c_${plan.cFunction.name}`;

function planOf(model: SpecModel, p: ProcDef): PassthroughPlan {
  const { plan, problems } = passthroughPlan(model, p);
  // The loader reports these at their lines first; reaching here is a generator bug.
  if (!plan) throw new Error(problems.map((x) => `${x.loc.file}:${x.loc.line}: ${x.message}`).join('\n'));
  return plan;
}

/** The body of a passthrough proc: checks in parameter order, the C call, then the result or OSError. */
function passthroughMember(model: SpecModel, p: ProcDef, plan: PassthroughPlan): string {
  const fn = plan.cFunction;
  const params = plan.params.map(({ param, default: d }) => {
    if (!d) return param.name;
    return `${param.name} = ${d.kind === 'number' ? String(d.value) : `C.${d.name}!`}`;
  });
  const args = plan.params.map(({ param, check }) => `${check}(${param.name}, '${p.name}', '${param.name}')`);
  const callee = onEveryPlatform(fn, model) ? `raw.${fn.name}` : cLocal(plan);
  const body: string[] = [];
  if (plan.out) {
    body.push(`const out = new Int32Array(${plan.out.items.length});`);
    body.push(`if (${callee}(${[...args, 'out'].join(', ')}) === -1) throwLastError(ctx, '${fn.name}');`);
    body.push(`return [${plan.out.items.map((t, i) => `out[${i}]! as ${tsTypeOf(t, model)}`).join(', ')}];`);
  } else if (plan.throws) {
    body.push(
      `const result = ${callee}(${args.join(', ')});`,
      `if (result === -1) throwLastError(ctx, '${fn.name}');`,
      'return result;',
    );
  } else {
    body.push(`return ${callee}(${args.join(', ')});`);
  }
  const fnText = `function ${p.name}(${params.join(', ')}) {\n${body.map((line) => `  ${line}`).join('\n')}\n}`;
  return onEveryPlatform(fn, model) ? `${p.name}: ${fnText}` : `${p.name}: ${cLocal(plan)} && ${fnText}`;
}

export function emitWiring(model: SpecModel): GeneratedFile {
  const file = createTsFile(newTsProject(), WIRING_PATH);
  const factories = new Map<string, string>();
  const plans = new Map<string, PassthroughPlan>();
  for (const p of model.procs) {
    if (p.impl.kind === 'passthrough') {
      plans.set(p.name, planOf(model, p));
      continue;
    }
    const file = factories.get(p.impl.name);
    if (file !== undefined && file !== p.impl.file)
      throw new Error(
        `${p.impl.loc.file}:${p.impl.loc.line}: two impl files export '${p.impl.name}' (${file}, ${p.impl.file})`,
      );
    factories.set(p.impl.name, p.impl.file);
  }
  const checks = [...new Set([...plans.values()].flatMap((plan) => plan.params.map((x) => x.check)))].sort();
  const typeNames = [
    ...new Set(
      [...plans.values()]
        .flatMap((plan) => plan.out?.items ?? [])
        .flatMap((t) => (t.kind === 'name' && t.name !== 'cint' ? [t.name] : [])),
    ),
  ].sort();
  file.addImportDeclaration({
    moduleSpecifier: './api.js',
    namedImports: ['NativeSocketsApi', ...typeNames],
    isTypeOnly: true,
  });
  file.addImportDeclaration({
    moduleSpecifier: '../runtime/context.js',
    namedImports: ['RuntimeContext'],
    isTypeOnly: true,
  });
  if (checks.length) file.addImportDeclaration({ moduleSpecifier: '../runtime/check.js', namedImports: checks });
  if ([...plans.values()].some((plan) => plan.throws))
    file.addImportDeclaration({ moduleSpecifier: '../runtime/errors.js', namedImports: ['throwLastError'] });
  for (const [name, from] of [...factories].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) {
    file.addImportDeclaration({ moduleSpecifier: `../${from.replace(/\.ts$/, '.js')}`, namedImports: [name] });
  }
  const asyncNames = model.procs.filter((p) => p.async !== undefined).map((p) => `'${p.name}Async'`);
  file.addTypeAlias({
    name: 'SyncProcs',
    isExported: true,
    docs: ['Every proc of the spec; the Async variants are built over these (runtime/async/).'],
    type: asyncNames.length ? `Omit<NativeSocketsApi, ${asyncNames.join(' | ')}>` : 'NativeSocketsApi',
  });
  const limited = [...plans.values()].filter((plan) => !onEveryPlatform(plan.cFunction, model));
  file.addFunction({
    name: 'wireProcs',
    isExported: true,
    docs: ['The procs over one backend: each runtime factory called once, each passthrough written out here.'],
    parameters: [{ name: 'ctx', type: 'RuntimeContext' }],
    returnType: 'SyncProcs',
    statements: (w) => {
      if (plans.size)
        w.writeLine(
          `const { raw${[...plans.values()].some((pl) => pl.params.some((x) => x.default?.kind === 'constant')) ? ', C' : ''} } = ctx;`,
        );
      if (factories.size) {
        w.writeLine('// A factory that needs no context takes none: called through this, it still type-checks.');
        w.writeLine('const of = <T>(factory: (ctx: RuntimeContext) => T): T => factory(ctx);');
      }
      for (const name of factories.keys()) w.writeLine(`const ${factoryLocal(name)} = of(${name});`);
      for (const plan of limited) w.writeLine(`const ${cLocal(plan)} = raw.${plan.cFunction.name};`);
      w.write('return ')
        .inlineBlock(() => {
          for (const p of model.procs) {
            const plan = plans.get(p.name);
            if (plan) w.writeLine(`${passthroughMember(model, p, plan)},`);
            else if (p.impl.kind === 'module') w.writeLine(`${p.name}: ${factoryLocal(p.impl.name)}.${p.name},`);
          }
        })
        .write(';')
        .newLine();
    },
  });
  return tsFileOutput(WIRING_PATH, file);
}
