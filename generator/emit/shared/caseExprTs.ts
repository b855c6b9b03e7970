// Prints a conformance expression as TypeScript for the generated tests.
import type { CaseExpr } from '../../model/spec.js';
import { numberLiteral } from './platformValues.js';

/** How an identifier is reached in the generated test: a package export or a JavaScript global. */
export type NameResolver = (name: string) => string;

export function printCaseExpr(e: CaseExpr, resolve: NameResolver): string {
  const p = (x: CaseExpr): string => printCaseExpr(x, resolve);
  switch (e.kind) {
    case 'number':
      return Number.isNaN(e.value) ? 'NaN' : e.value === Infinity ? 'Infinity' : numberLiteral(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'bool':
      return String(e.value);
    case 'null':
    case 'undefined':
      return e.kind;
    case 'ident':
      return resolve(e.name);
    case 'fixture':
      return `fx.${e.name}()`;
    case 'call':
      return `${p(e.callee)}(${e.args.map(p).join(', ')})`;
    case 'member':
      return `${p(e.object)}.${e.property}`;
    case 'index':
      return `${p(e.object)}[${p(e.index)}]`;
    case 'array':
      return `[${e.items.map(p).join(', ')}]`;
    case 'object':
      return `{ ${e.entries.map((x) => `${x.key}: ${p(x.value)}`).join(', ')} }`;
    case 'unary':
      return `-${p(e.operand)}`;
  }
}
