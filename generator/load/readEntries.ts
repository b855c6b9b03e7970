// One reader per spec kind: each turns a YAML entry into its model object.
import type { Node } from 'yaml';
import type {
  AsyncKind,
  CaseDef,
  CFunctionDef,
  ConstantDef,
  CParam,
  CType,
  ErrorClass,
  FailureKind,
  ImplRef,
  OverloadDef,
  ParamDef,
  PerPlatform,
  Platform,
  ProcDef,
  StructDef,
  TypeDef,
} from '../model/spec.js';
import { parseTypeExpr } from '../model/typeExpr.js';
import { parseCaseExpr } from './caseExpr.js';
import { type PlatformSet, perPlatform } from './perPlatform.js';
import { bool, childNode, entries, int, list, object, oneOf, type Reader, type SpecFile, str } from './schema.js';

export const C_TYPES: readonly CType[] = [
  'void',
  'int',
  'unsigned',
  'long',
  'size_t',
  'ssize_t',
  'socklen_t',
  'socket_t',
  'const char*',
  'void*',
  'const void*',
  'int*',
  'socklen_t*',
  'long*',
  'ptr',
];
export const ASYNC_KINDS: readonly AsyncKind[] = ['eventLoop', 'threadpool'];
export const FAILURE_KINDS: readonly FailureKind[] = ['minus1', 'null', 'nullHErrno', 'returnsCode', 'zero', 'never'];

/** The return types each way of reporting failure can be recognised on. */
const FAILURE_RETURNS: Record<FailureKind, readonly CType[] | 'any'> = {
  minus1: ['int', 'long', 'ssize_t', 'socket_t'],
  null: ['ptr'],
  nullHErrno: ['ptr'],
  returnsCode: ['int'],
  zero: ['int', 'unsigned'],
  never: 'any',
};
export const ERROR_CLASSES: readonly ErrorClass[] = ['OSError', 'ValueError', 'IOError', 'TypeError', 'RangeError'];
const SATISFIES = ['integer', 'nonNegativeInteger', 'string', 'nonEmptyString', 'handlePair'] as const;

const typeExpr: Reader<ReturnType<typeof parseTypeExpr>> = (f, node, what) => {
  const text = str(f, node, what);
  try {
    return parseTypeExpr(text);
  } catch (e) {
    return f.fail(node, `${what}: ${(e as Error).message}`);
  }
};

const caseExpr: Reader<ReturnType<typeof parseCaseExpr>> = (f, node, what) => {
  // YAML reads `80` or `true` as a number or boolean: a case value may be either.
  const text =
    node && 'value' in node && typeof (node as { value: unknown }).value !== 'string'
      ? String((node as { value: unknown }).value)
      : str(f, node, what);
  try {
    return parseCaseExpr(text);
  } catch (e) {
    return f.fail(node, `${what}: cannot parse '${text}': ${(e as Error).message}`);
  }
};

const nameList = list(str);

export function readPlatform(f: SpecFile, name: string, node: Node | null): Platform {
  const v = object(
    {
      family: oneOf(['posix', 'windows'] as const),
      cLibrary: str,
      lastError: oneOf(['errno', 'wsa'] as const),
      nodePlatform: str,
    },
    { required: bool, proof: oneOf(['headers', 'cite'] as const) },
  )(f, node, `platform ${name}`);
  return { name, ...v, required: v.required ?? true, proof: v.proof ?? 'cite', loc: f.loc(node) };
}

export function headerReader(platforms: PlatformSet) {
  return perPlatform(platforms, str, { requireAll: false });
}

export function readConstant(
  f: SpecFile,
  platforms: PlatformSet,
  name: string,
  node: Node | null,
  group: string,
): ConstantDef {
  const v = object(
    { doc: str, header: headerReader(platforms), values: perPlatform(platforms, int, { requireAll: true }) },
    {
      cName: perPlatform(platforms, str, { requireAll: false }),
      cite: perPlatform(platforms, str, { requireAll: false }),
    },
  )(f, node, `constant ${name}`);
  const cName: PerPlatform<string> = {};
  for (const p of platforms.all) cName[p.name] = v.cName?.[p.name] ?? name;
  return {
    name,
    doc: v.doc,
    cName,
    group,
    header: v.header,
    values: v.values,
    cite: v.cite ?? {},
    loc: f.loc(node),
  };
}

export function readType(f: SpecFile, platforms: PlatformSet, name: string, node: Node | null): TypeDef {
  const what = `type ${name}`;
  const kind = oneOf(['enum', 'object', 'distinct'] as const)(f, childNode(f, node, 'kind', what), `${what}.kind`);
  const loc = f.loc(node);
  if (kind === 'enum') {
    const v = object(
      { kind: str, doc: str, header: headerReader(platforms), members: (ff, n, w) => entries(ff, n, w) },
      { cite: perPlatform(platforms, str, { requireAll: false }) },
    )(f, node, what);
    const members = v.members.map((m) => {
      const mv = object({ ordinal: int, doc: str, values: perPlatform(platforms, int, { requireAll: true }) }, {})(
        f,
        m.value,
        `${what}.${m.key}`,
      );
      return { name: m.key, ...mv, loc: f.loc(m.keyNode) };
    });
    return { kind, name, doc: v.doc, header: v.header, cite: v.cite ?? {}, members, loc };
  }
  if (kind === 'object') {
    const v = object({ kind: str, doc: str, fields: (ff, n, w) => entries(ff, n, w) }, {})(f, node, what);
    const fields = v.fields.map((fe) => {
      const fv = object({ type: typeExpr, doc: str }, { optional: bool })(f, fe.value, `${what}.${fe.key}`);
      return { name: fe.key, type: fv.type, doc: fv.doc, optional: fv.optional ?? false };
    });
    return { kind, name, doc: v.doc, fields, loc };
  }
  const v = object({ kind: str, doc: str, base: typeExpr }, { brand: bool, impl: str })(f, node, what);
  return { kind, name, doc: v.doc, base: v.base, brand: v.brand ?? false, ...(v.impl ? { impl: v.impl } : {}), loc };
}

export function readCFunction(f: SpecFile, platforms: PlatformSet, name: string, node: Node | null): CFunctionDef {
  const param: Reader<CParam> = (ff, n, w) => {
    const p = object({ name: str, type: oneOf(C_TYPES) }, { variadic: bool })(ff, n, w);
    return { name: p.name, type: p.type, variadic: p.variadic ?? false };
  };
  const v = object(
    {
      doc: str,
      header: headerReader(platforms),
      returns: oneOf(C_TYPES),
      params: list(param),
      failure: oneOf(FAILURE_KINDS),
    },
    { platforms: nameList, threadpool: bool, library: str },
  )(f, node, `C function ${name}`);
  for (const p of v.platforms ?? []) {
    if (!platforms.byName.has(p)) f.fail(node, `C function ${name}: '${p}' is not a known platform`);
  }
  const returnsFor = FAILURE_RETURNS[v.failure];
  if (returnsFor !== 'any' && !returnsFor.includes(v.returns)) {
    f.fail(
      node,
      `C function ${name}: failure '${v.failure}' needs a return type of ${returnsFor.map((t) => `'${t}'`).join(' or ')}, not '${v.returns}'`,
    );
  }
  for (const p of v.params) {
    if (p.type === 'void') f.fail(node, `C function ${name}: parameter ${p.name} cannot be void`);
    if (p.variadic && p.type === 'ptr') f.fail(node, `C function ${name}: a variadic parameter cannot be a ptr`);
  }
  return {
    name,
    doc: v.doc,
    header: v.header,
    platforms: v.platforms ?? platforms.all.map((p) => p.name),
    returns: v.returns,
    params: v.params,
    failure: v.failure,
    ...(v.library !== undefined ? { library: v.library } : {}),
    threadpool: v.threadpool ?? false,
    loc: f.loc(node),
  };
}

function readCase(f: SpecFile, node: Node | null, what: string): CaseDef {
  const v = object(
    { call: caseExpr },
    {
      returns: caseExpr,
      contains: caseExpr,
      satisfies: oneOf(SATISFIES),
      throws: oneOf(ERROR_CLASSES),
      code: str,
      lastError: str,
      platforms: nameList,
      cleanup: oneOf(['close'] as const),
    },
  )(f, node, what);
  const outcomes = (['returns', 'contains', 'satisfies', 'throws'] as const).filter((k) => v[k] !== undefined);
  if (outcomes.length !== 1) {
    f.fail(
      node,
      `${what}: give exactly one of returns, contains, satisfies, throws (got ${outcomes.join(', ') || 'none'})`,
    );
  }
  if (v.code !== undefined && v.throws === undefined) f.fail(node, `${what}: 'code' only goes with 'throws'`);
  const expect: CaseDef['expect'] =
    v.returns !== undefined
      ? { kind: 'returns', value: v.returns }
      : v.contains !== undefined
        ? { kind: 'contains', value: v.contains }
        : v.satisfies !== undefined
          ? { kind: 'satisfies', predicate: v.satisfies }
          : { kind: 'throws', error: v.throws!, ...(v.code !== undefined ? { code: v.code } : {}) };
  const sourceText = (key: string): string => {
    const n = childNode(f, node, key, what);
    return n && 'value' in n ? String((n as { value: unknown }).value) : '';
  };
  const callText = sourceText('call');
  const expectText = sourceText(v.returns !== undefined ? 'returns' : 'contains');
  return {
    call: v.call,
    callText,
    expectText,
    expect,
    ...(v.lastError !== undefined ? { lastError: v.lastError } : {}),
    ...(v.platforms !== undefined ? { platforms: v.platforms } : {}),
    ...(v.cleanup !== undefined ? { cleanup: v.cleanup } : {}),
    loc: f.loc(node),
  };
}

/** `FILE#EXPORT` (a runtime factory) or `passthrough`. */
function readImpl(f: SpecFile, node: Node | null, text: string, what: string): ImplRef {
  const loc = f.loc(node);
  if (text === 'passthrough') return { kind: 'passthrough', loc };
  const m = /^([^#\s]+\.ts)#([A-Za-z_$][\w$]*)$/.exec(text);
  if (!m)
    return f.fail(
      node,
      `${what}: impl '${text}' must be 'passthrough' or FILE.ts#EXPORT (the runtime factory that returns the proc)`,
    );
  return { kind: 'module', file: m[1]!, name: m[2]!, loc };
}

export function readProc(f: SpecFile, platforms: PlatformSet, name: string, node: Node | null): ProcDef {
  const what = `proc ${name}`;
  const paramR: Reader<ParamDef> = (ff, n, w) => {
    const p = object({ name: str, type: typeExpr }, { default: caseExpr, doc: str })(ff, n, w);
    return {
      name: p.name,
      type: p.type,
      doc: p.doc ?? '',
      ...(p.default ? { default: p.default } : {}),
      loc: ff.loc(n),
    };
  };
  const returnsR: Reader<ReturnType<typeof parseTypeExpr> | null> = (ff, n, w) =>
    n && 'value' in n && (n as { value: unknown }).value === 'void' ? null : typeExpr(ff, n, w);
  const overloadR: Reader<OverloadDef> = (ff, n, w) => {
    const o = object({ params: list(paramR), returns: returnsR }, { doc: str })(ff, n, w);
    return { params: o.params, returns: o.returns, doc: o.doc ?? '' };
  };
  const v = object(
    { doc: str, impl: str, cases: list((ff, n, w) => readCase(ff, n ?? null, w)) },
    {
      kind: oneOf(['proc', 'template', 'let', 'const'] as const),
      params: list(paramR),
      returns: returnsR,
      overloads: list(overloadR),
      raises: list(oneOf(ERROR_CLASSES)),
      blocking: bool,
      async: oneOf(ASYNC_KINDS),
      netLite: bool,
      platforms: nameList,
      aliasOf: str,
      calls: nameList,
    },
  )(f, node, what);
  if ((v.overloads === undefined) === (v.params === undefined)) {
    f.fail(node, `${what}: give either 'params' with 'returns', or 'overloads'`);
  }
  const overloads = v.overloads ?? [{ params: v.params!, returns: v.returns ?? null, doc: '' }];
  if (v.overloads === undefined && v.returns === undefined) f.fail(node, `${what}: missing required key 'returns'`);
  for (const p of v.platforms ?? []) {
    if (!platforms.byName.has(p)) f.fail(node, `${what}: '${p}' is not a known platform`);
  }
  return {
    name,
    kind: v.kind ?? 'proc',
    doc: v.doc,
    overloads,
    raises: v.raises ?? [],
    blocking: v.blocking ?? false,
    ...(v.async !== undefined ? { async: v.async } : {}),
    netLite: v.netLite ?? true,
    platforms: v.platforms ?? platforms.all.map((p) => p.name),
    ...(v.aliasOf !== undefined ? { aliasOf: v.aliasOf } : {}),
    impl: readImpl(f, childNode(f, node, 'impl', what), v.impl, what),
    calls: v.calls ?? [],
    callsLoc: f.loc(childNode(f, node, 'calls', what) ?? node),
    cases: v.cases,
    loc: f.loc(node),
  };
}

export function readStruct(f: SpecFile, platforms: PlatformSet, name: string, node: Node | null): StructDef {
  const what = `struct ${name}`;
  const v = object(
    {
      doc: str,
      header: headerReader(platforms),
      size: perPlatform(platforms, int, { requireAll: true }),
      fields: (ff, n, w) => entries(ff, n, w),
    },
    {
      nim: str,
      cName: perPlatform(platforms, str, { requireAll: false }),
      cite: perPlatform(platforms, str, { requireAll: false }),
    },
  )(f, node, what);
  const fields = v.fields.map((fe) => {
    const fv = object(
      {
        type: perPlatform(platforms, str, { requireAll: true }),
        offset: perPlatform(platforms, int, { requireAll: true }),
      },
      { doc: str, cName: str },
    )(f, fe.value, `${what}.${fe.key}`);
    return { name: fe.key, cName: fv.cName ?? fe.key, doc: fv.doc ?? '', type: fv.type, offset: fv.offset };
  });
  const cName = v.cName ?? {};
  for (const p of platforms.all) if (!(p.name in cName)) cName[p.name] = `struct ${name}`;
  return {
    name,
    ...(v.nim !== undefined ? { nim: v.nim } : {}),
    doc: v.doc,
    cName,
    header: v.header,
    size: v.size,
    fields,
    cite: v.cite ?? {},
    loc: f.loc(node),
  };
}
