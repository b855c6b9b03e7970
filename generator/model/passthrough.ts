// A passthrough proc (`impl: passthrough`): no hand-written runtime code. Its
// plan is derived from the spec alone: each parameter's check from its Nim
// type, the C function from `calls`, the result from the proc's return type
// and `raises`. The loader reports why a proc cannot be one (at the offending
// line); the wiring emitter writes the plan out.
import type { CaseExpr, CFunctionDef, CType, ParamDef, ProcDef, SourceLoc, SpecModel, TypeExpr } from './spec.js';
import { typeExprToString } from './typeExpr.js';

/** C parameter types a checked JS number passes to as it is. */
const NUMBER_C_TYPES: ReadonlySet<CType> = new Set(['int', 'unsigned', 'long', 'socket_t', 'socklen_t']);

/**
 * For each Nim type a passthrough may take: the runtime/check.ts function that
 * checks the argument, and the C parameter types the checked value may go to.
 */
export const DERIVED_CHECKS: Readonly<Record<string, { check: string; cTypes: ReadonlySet<CType> }>> = {
  SocketHandle: { check: 'checkHandle', cTypes: NUMBER_C_TYPES },
  cint: { check: 'checkCint', cTypes: NUMBER_C_TYPES },
  clong: { check: 'checkCint', cTypes: NUMBER_C_TYPES },
  uint16: { check: 'checkUint16', cTypes: NUMBER_C_TYPES },
  uint32: { check: 'checkUint32', cTypes: NUMBER_C_TYPES },
  // At least one element, which C reads and writes in place (ioctlsocket's u_long*).
  Int32Array: { check: 'checkInt32Array', cTypes: new Set(['int*', 'long*']) },
};

/** Nim types a C int fits and an out-parameter item may have. */
const INT_ITEMS = new Set(['SocketHandle', 'cint']);

export interface PassthroughPlan {
  cFunction: CFunctionDef;
  /** Each JS argument, checked, then passed to the C parameter at the same place. */
  params: { param: ParamDef; check: string; default?: ArgDefault }[];
  /** A trailing `int*` C parameter C fills (socketpair's sv[2]): the proc returns its items as a tuple. */
  out?: { items: TypeExpr[] };
  /** `raises: [OSError]`: a failure (-1) throws OSError naming the C function instead of returning -1. */
  throws: boolean;
}

/** A parameter's default: a number, or a constant's value on the running platform. */
export type ArgDefault = { kind: 'number'; value: number } | { kind: 'constant'; name: string };

function argDefault(model: SpecModel, e: CaseExpr): ArgDefault | undefined {
  if (e.kind === 'number') return { kind: 'number', value: e.value };
  if (e.kind === 'unary' && e.operand.kind === 'number') return { kind: 'number', value: -e.operand.value };
  if (e.kind === 'ident' && model.constants.some((c) => c.name === e.name)) return { kind: 'constant', name: e.name };
  return undefined;
}

export interface PlanProblem {
  loc: SourceLoc;
  message: string;
}

const isName = (t: TypeExpr | null, names: Set<string>): boolean =>
  t !== null && t.kind === 'name' && names.has(t.name);

/** The plan of a passthrough proc, or the problems that keep it from being one. */
export function passthroughPlan(model: SpecModel, p: ProcDef): { plan?: PassthroughPlan; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const at = (loc: SourceLoc, message: string) =>
    problems.push({ loc, message: `proc ${p.name}: passthrough: ${message}` });
  if (p.kind !== 'proc' || p.overloads.length !== 1 || p.blocking) {
    at(
      p.impl.loc,
      'only a non-blocking proc with one overload can be a passthrough (write a runtime factory and name it in impl)',
    );
    return { problems };
  }
  const fn = p.calls.length === 1 ? model.cFunctions.find((c) => c.name === p.calls[0]) : undefined;
  if (!fn) {
    at(
      p.callsLoc,
      `'calls' must name exactly one C function of the spec, the one it passes through to (got [${p.calls.join(', ')}])`,
    );
    return { problems };
  }
  const missing = p.platforms.filter((pl) => !fn.platforms.includes(pl));
  if (missing.length)
    at(
      p.callsLoc,
      `C function ${fn.name} is missing on ${missing.join(', ')}, where the proc exists (limit the proc with 'platforms')`,
    );
  const o = p.overloads[0]!;
  const params = o.params.flatMap((param, i) => {
    const cParam = fn.params[i];
    const derived = param.type.kind === 'name' ? DERIVED_CHECKS[param.type.name] : undefined;
    if (!cParam) at(param.loc, `parameter ${param.name} has no parameter of C function ${fn.name} to go to`);
    else if (derived && !derived.cTypes.has(cParam.type)) {
      at(
        param.loc,
        `parameter ${param.name} (${typeExprToString(param.type)}) cannot go to C parameter ${cParam.name} (${cParam.type})`,
      );
    }
    const dflt = param.default && argDefault(model, param.default);
    if (param.default && !dflt)
      at(param.loc, `parameter ${param.name}: a default must be a number or a constant of the spec`);
    if (derived === undefined) {
      at(
        param.loc,
        `parameter ${param.name}: no check is derived for type '${typeExprToString(param.type)}' (only ${Object.keys(DERIVED_CHECKS).join(', ')})`,
      );
      return [];
    }
    return [{ param, check: derived.check, ...(dflt ? { default: dflt } : {}) }];
  });
  const rest = fn.params.slice(o.params.length);
  const throws = p.raises.includes('OSError');
  const returns = o.returns;
  let out: PassthroughPlan['out'];
  if (
    rest.length === 1 &&
    rest[0]!.type === 'int*' &&
    returns?.kind === 'tuple' &&
    returns.items.every((t) => isName(t, INT_ITEMS))
  ) {
    out = { items: returns.items };
    if (!throws || fn.failure !== 'minus1')
      at(p.loc, `a proc that returns what C wrote needs 'raises: [OSError]' and a C function that fails with -1`);
  } else if (rest.length > 0) {
    at(
      p.callsLoc,
      `C function ${fn.name} takes ${fn.params.length} parameters and the proc passes ${o.params.length}; only a trailing int* that the proc returns as a tuple of ints may be left`,
    );
  } else if (!isName(returns, new Set(['cint'])) || fn.failure !== 'minus1') {
    at(p.loc, `the proc must return cint, the result of C function ${fn.name} (which must fail with -1)`);
  }
  return problems.length
    ? { problems }
    : { plan: { cFunction: fn, params, ...(out ? { out } : {}), throws }, problems };
}
