// The bad-input plan, as data: for every proc (and every checked type constructor,
// `Port`), every overload and every parameter, calls that pass one wrong value
// in that one position while every other argument is valid, and the outcome
// API.md names for it, derived from the parameter's Nim type alone:
//
// - a wrong JavaScript type, or a string with a NUL byte where C needs a C
//   string (a `string` parameter of a proc that calls C or returns a C struct):
//   TypeError;
// - a number out of the type's range, not an integer, NaN, ±Infinity or 2^53
//   (no JS number at or beyond 2^53 is an exact integer, so it is out of range
//   even for Nim's 64-bit `int`), or a length past the end of its buffer:
//   RangeError;
// - a freed AddrInfo, or a node that is not the head of its list: ValueError;
// - -0 where 0 is valid: exactly what 0 gives (never for a socket handle: fd 0
//   is stdin);
// - valid edge values (an oversize 1 MiB string, the range's ends, other
//   TypedArrays, Buffers, views): a return, or an error class the proc raises.
//
// A handle is always NEVER_OPEN_HANDLE (a descriptor that is never open), so no
// call touches a real socket, file or stdin; strings that reach name lookups are
// numeric addresses or hold a label longer than 63 bytes, which the resolver
// rejects without sending anything. A numeric parameter right after a buffer
// (`Uint8Array` or `ptr SockAddr`), or a `var SockLen` after one, is that
// buffer's length, as every (buffer, length) pair of the spec is.
//
// Every proc with an Async variant gets the same rows for `NAMEAsync` (the
// same arguments, `options` left out): each must reject with what the proc
// throws, never throw synchronously; plus rows for `options` itself: a wrong
// type or a `signal` that is not an AbortSignal is a TypeError, an aborted
// signal an AbortError.
//
// Every call runs in a child process per backend (tests/robustness/badInput/),
// so a crash is caught, attributed to its call, and fails the test instead of
// the run. The generated file is data; the harness turns it into tests.
// `badInputPlan` is also what `make fuzz` (fuzz/runner.mjs) draws wrong values
// from; `badInputMatrix` is the data generator/emit/emitBadInputTests.ts writes.
import type { OverloadDef, ParamDef, ProcDef, SpecModel, TypeExpr } from '../model/spec.js';
import { typeExprToString } from '../model/typeExpr.js';
import { BUFFER_BYTES, type Expect, jsKindOf, type Kind, kindOf, PRIMITIVE_INTS, type Value } from './badInputKinds.js';
import { fieldBaseline } from './badInputObjectValues.js';
import { type ParamContext, v, valuesFor } from './badInputValues.js';

/** The valid argument each kind takes when another parameter is under test. */
function baseline(kind: Kind, param: ParamDef, lengthOf: string | undefined): string {
  switch (kind.k) {
    case 'handle':
      return 'F.handle';
    case 'int':
      return lengthOf ? String(BUFFER_BYTES) : '0';
    case 'bool':
      return 'false';
    case 'enum': {
      const d = param.default;
      return d?.kind === 'ident' && kind.members.includes(d.name) ? `A.${d.name}` : `A.${kind.members[0]!}`;
    }
    case 'string':
      return "'127.0.0.1'";
    case 'sockaddr':
      return 'F.sockaddrIn()';
    case 'structBytes':
    case 'bytes':
      return `F.bytes(${BUFFER_BYTES})`;
    case 'objectList':
    case 'handles':
      return '[]';
    case 'byteList':
      return `[F.bytes(${BUFFER_BYTES})]`;
    case 'struct':
      return `new A.${kind.name}()`;
    case 'addrinfo':
      return 'F.addrInfo()';
    case 'stringBox':
      return "{ value: '' }";
    case 'lengthBox':
      return `{ value: ${BUFFER_BYTES} }`;
    case 'int32array':
      return 'new Int32Array(1)';
    case 'object': {
      const given = kind.fields.filter((f) => !f.optional).map((f) => `${f.name}: ${fieldBaseline(f.kind)}`);
      return given.length ? `{ ${given.join(', ')} }` : '{}';
    }
  }
}

/** Whether another overload takes `value` at `position` (so it is not wrong there). */
function takenByAnotherOverload(
  model: SpecModel,
  proc: string,
  overloads: OverloadDef[],
  self: number,
  position: number,
  value: Value,
): boolean {
  return overloads.some((o, i) => {
    if (i === self) return false;
    const q = o.params[position];
    if (!q) return value.js === 'undefined';
    // The same type there refuses what this one refuses.
    if (typeExprToString(q.type) === typeExprToString(overloads[self]!.params[position]!.type)) return false;
    if (value.js === 'undefined') return q.default !== undefined;
    const kind = kindOf(model, q.type, `${proc}.${q.name}`);
    if (jsKindOf(kind) !== value.js) return false;
    return kind.k !== 'enum' || (value.member !== undefined && kind.members.includes(value.member));
  });
}

export interface CaseRow {
  proc: string;
  param: string;
  type: string;
  what: string;
  args: string;
  expect: Expect;
  zeroArgs?: string;
  platforms?: string[];
}

export interface ProcRow {
  raises: string[];
  platforms: string[] | null;
  returnsHandle: boolean;
}

function mentionsHandle(t: TypeExpr | null): boolean {
  if (!t) return false;
  if (t.kind === 'name') return t.name === 'SocketHandle';
  if (t.kind === 'tuple' || t.kind === 'union') return t.items.some(mentionsHandle);
  return mentionsHandle(t.of);
}

/** Whether a `string` parameter of `p` reaches C: the proc calls C or makes a C struct. */
function stringsReachC(model: SpecModel, p: ProcDef, o: OverloadDef): boolean {
  const r = o.returns;
  const results = r?.kind === 'union' ? r.items : r ? [r] : [];
  return p.calls.length > 0 || results.some((t) => t.kind === 'name' && model.structs.some((s) => s.nim === t.name));
}

/** One parameter of one overload: how it is classified, its valid stand-in, and the values tried in its place. */
export interface ParamPlan {
  name: string;
  type: string;
  kind: Kind;
  /** JavaScript source of the valid argument used while another parameter is under test. */
  baseline: string;
  /** The buffer parameter this one is the length of. */
  lengthOf?: string;
  values: Value[];
}

export interface ProcPlan {
  proc: ProcDef;
  overloads: { params: ParamPlan[]; signature: string }[];
}

export type { Expect, Kind, Value };

/** What the matrix (and `make fuzz`) knows of every proc with parameters; parameters of a type no rule covers are listed apart. */
export function badInputPlan(model: SpecModel): { plans: ProcPlan[]; uncovered: string[] } {
  const plans: ProcPlan[] = [];
  const uncovered: string[] = [];
  const procs = [
    ...constructorProcs(model),
    ...model.procs.filter((p) => p.overloads.some((o) => o.params.length > 0)),
  ];
  for (const p of procs) {
    let kindsByOverload: Kind[][];
    try {
      kindsByOverload = p.overloads.map((o) => o.params.map((x) => kindOf(model, x.type, `${p.name}.${x.name}`)));
    } catch (e) {
      uncovered.push((e as Error).message);
      continue;
    }
    const overloads = p.overloads.map((o, oi) => {
      const kinds = kindsByOverload[oi]!;
      const lengthOf = o.params.map((_, i) => {
        const prev = kinds[i - 1];
        const k = kinds[i]!;
        return prev && (prev.k === 'bytes' || prev.k === 'sockaddr') && (k.k === 'int' || k.k === 'lengthBox')
          ? o.params[i - 1]!.name
          : undefined;
      });
      const cString = stringsReachC(model, p, o);
      const params = o.params.map((x, i): ParamPlan => {
        let kind = kinds[i]!;
        if (kind.k === 'string') kind = { k: 'string', c: cString };
        const ctx: ParamContext = { required: x.default === undefined, hasLength: lengthOf[i + 1] !== undefined };
        if (lengthOf[i]) ctx.lengthOf = lengthOf[i];
        const values = valuesFor(kind, ctx).filter(
          (value) => !(p.overloads.length > 1 && takenByAnotherOverload(model, p.name, p.overloads, oi, i, value)),
        );
        const plan: ParamPlan = {
          name: x.name,
          type: typeExprToString(x.type),
          kind,
          baseline: baseline(kind, x, lengthOf[i]),
          values,
        };
        if (lengthOf[i]) plan.lengthOf = lengthOf[i];
        return plan;
      });
      return { params, signature: `(${o.params.map((x) => `${x.name}: ${typeExprToString(x.type)}`).join(', ')})` };
    });
    plans.push({ proc: p, overloads });
  }
  return { plans, uncovered };
}

/** The values of an Async variant's last parameter, `options?: AsyncOptions`. */
const ASYNC_OPTIONS_VALUES: Value[] = [
  v('an empty object', '{}', 'object', 'accepts'),
  v('signal undefined', '{ signal: undefined }', 'object', 'accepts'),
  v('wrong type: a number', '5', 'number', 'TypeError'),
  v('wrong type: a string', "'x'", 'string', 'TypeError'),
  v('wrong type: a boolean', 'true', 'boolean', 'TypeError'),
  v('wrong type: null', 'null', 'null', 'TypeError'),
  v('wrong type: a bigint', '1n', 'bigint', 'TypeError'),
  v('wrong type: a symbol', "Symbol('x')", 'symbol', 'TypeError'),
  v('signal: a number', '{ signal: 5 }', 'object', 'TypeError'),
  v('signal: null', '{ signal: null }', 'object', 'TypeError'),
  v('signal: a plain object', '{ signal: {} }', 'object', 'TypeError'),
  v('signal: an AbortController, not its signal', '{ signal: new AbortController() }', 'object', 'TypeError'),
  v('signal: already aborted', '{ signal: AbortSignal.abort() }', 'object', 'AbortError'),
];

/** The rows of `plan`'s Async variant: its proc's rows under the Async name, and the `options` rows. */
function asyncCasesOf(plan: ProcPlan, syncRows: CaseRow[], rows: CaseRow[]): void {
  const name = `${plan.proc.name}Async`;
  for (const r of syncRows) rows.push({ ...r, proc: name });
  for (const o of plan.overloads) {
    const base = o.params.map((x) => x.baseline).join(', ');
    for (const value of ASYNC_OPTIONS_VALUES) {
      rows.push({
        proc: name,
        param: 'options',
        type: 'AsyncOptions',
        what: value.what,
        args: `${base}, ${value.src}`,
        expect: value.expect,
      });
    }
  }
}

function casesOf(model: SpecModel, plan: ProcPlan, rows: CaseRow[]): void {
  const p = plan.proc;
  const seen = new Set<string>();
  const platforms = p.platforms.length === model.platforms.length ? undefined : p.platforms;
  const add = (row: CaseRow): void => {
    const key = row.args;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(platforms && !row.platforms ? { ...row, platforms } : row);
  };
  for (const o of plan.overloads) {
    const base = o.params.map((x) => x.baseline);
    add({
      proc: p.name,
      param: '',
      type: o.signature,
      what: 'every argument valid (what the cases below vary)',
      args: base.join(', '),
      expect: 'accepts',
    });
    o.params.forEach((x, i) => {
      for (const value of x.values) {
        if (value.expect === 'accepts' && value.src === base[i]) continue;
        const args = [...base];
        args[i] = value.src;
        const row: CaseRow = {
          proc: p.name,
          param: x.name,
          type: x.type,
          what: value.what,
          args: args.join(', '),
          expect: value.expect,
        };
        if (value.zero !== undefined) {
          const zero = [...base];
          zero[i] = value.zero;
          row.zeroArgs = zero.join(', ');
        }
        if (value.platforms) row.platforms = value.platforms;
        add(row);
      }
    });
  }
}

/** Types with a checked constructor of their own name (`Port(80)`), tried like a one-parameter proc. */
function constructorProcs(model: SpecModel): ProcDef[] {
  const out: ProcDef[] = [];
  for (const t of model.types) {
    if (t.kind !== 'distinct' || !t.impl || t.base.kind !== 'name' || !PRIMITIVE_INTS[t.base.name]) continue;
    out.push({
      name: t.name,
      kind: 'proc',
      doc: t.doc,
      overloads: [
        {
          params: [{ name: 'n', type: t.base, doc: '', loc: t.loc }],
          returns: { kind: 'name', name: t.name },
          doc: '',
        },
      ],
      raises: [],
      blocking: false,
      netLite: true,
      platforms: model.platforms.map((x) => x.name),
      impl: { kind: 'module', file: t.impl, name: t.name, loc: t.loc },
      calls: [],
      callsLoc: t.loc,
      cases: [],
      loc: t.loc,
    });
  }
  return out;
}

/** The matrix as data: every case row (sync, then Async), what each proc raises, and the parameters no rule covers. */
export function badInputMatrix(model: SpecModel): {
  uncovered: string[];
  procs: Record<string, ProcRow>;
  cases: CaseRow[];
} {
  const { plans, uncovered } = badInputPlan(model);
  const rows: CaseRow[] = [];
  const asyncRows: CaseRow[] = [];
  const procs: Record<string, ProcRow> = {};
  for (const plan of plans) {
    const p = plan.proc;
    const own: CaseRow[] = [];
    casesOf(model, plan, own);
    rows.push(...own);
    procs[p.name] = {
      raises: [...p.raises],
      platforms: p.platforms.length === model.platforms.length ? null : [...p.platforms],
      returnsHandle: p.overloads.some((o) => mentionsHandle(o.returns)),
    };
    if (p.async) {
      asyncCasesOf(plan, own, asyncRows);
      // Where the proc returns -1 and sets osLastError(), its Async variant rejects with that OSError.
      const sync = procs[p.name]!;
      procs[`${p.name}Async`] = {
        ...sync,
        raises: sync.raises.includes('OSError') ? sync.raises : [...sync.raises, 'OSError'],
      };
    }
  }
  return { uncovered, procs, cases: [...rows, ...asyncRows] };
}
