// The argument values the spec's own conformance cases pass to a proc: for
// each case that does not throw, the plain values (numbers, strings, booleans,
// constants, enum members) at each position, as JavaScript source over the API
// object `A`. `make fuzz` draws valid arguments from them, so that every
// flag, level, option, command and name it passes is one the spec uses.
// Fixtures (`$tcp`) and other expressions are left out (undefined): the
// fuzzer's pool gives those by the parameter's kind.
import type { CaseExpr, PlatformName, ProcDef } from '../model/spec.js';

/** One valid call of the spec: the source of each argument, undefined where it is not a plain value. */
export interface CaseArguments {
  args: (string | undefined)[];
  /** Where the case runs (every platform when absent). */
  platforms?: PlatformName[];
}

/** The source of a plain value, or undefined for anything else. */
function plainSource(e: CaseExpr): string | undefined {
  switch (e.kind) {
    case 'number':
    case 'bool':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'ident':
      return `A.${e.name}`;
    case 'unary': {
      const operand = plainSource(e.operand);
      return operand === undefined ? undefined : `-${operand}`;
    }
    default:
      return undefined;
  }
}

/** The call of `proc` in a case's expression: the whole expression, or the object of a member read (`recvmsg(...).flags`). */
function callOf(e: CaseExpr, proc: string): Extract<CaseExpr, { kind: 'call' }> | undefined {
  if (e.kind === 'call' && e.callee.kind === 'ident' && e.callee.name === proc) return e;
  if (e.kind === 'member' || e.kind === 'index') return callOf(e.object, proc);
  return undefined;
}

export function caseArguments(proc: ProcDef): CaseArguments[] {
  const out: CaseArguments[] = [];
  for (const c of proc.cases) {
    if (c.expect.kind === 'throws') continue;
    const call = callOf(c.call, proc.name);
    if (!call) continue;
    out.push({ args: call.args.map(plainSource), ...(c.platforms ? { platforms: c.platforms } : {}) });
  }
  return out;
}
