// Parses Nim type expressions as the spec writes them:
// `SocketHandle`, `ptr SockAddr`, `var seq[SocketHandle]`, `Option[Domain]`, `(string, Port)`,
// and `InAddr | In6Addr` (a union, at the top level only).
import type { TypeExpr } from './spec.js';

export function parseTypeExpr(text: string): TypeExpr {
  if (text.includes('|')) {
    const items = text.split('|').map((part) => parseTypeExpr(part.trim()));
    if (items.some((i) => i.kind === 'union')) throw new Error(`cannot read type '${text}'`);
    return { kind: 'union', items };
  }
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|[[\](),]/g) ?? [];
  if (tokens.join('') !== text.replace(/\s+/g, '')) throw new Error(`cannot read type '${text}'`);
  let pos = 0;
  const next = (): string | undefined => tokens[pos++];
  const expect = (t: string): void => {
    const got = next();
    if (got !== t) throw new Error(`type '${text}': expected '${t}', got '${got ?? 'end'}'`);
  };
  const parse = (): TypeExpr => {
    const t = next();
    if (t === undefined) throw new Error(`type '${text}' ends early`);
    if (t === '(') {
      const items = [parse()];
      while (tokens[pos] === ',') {
        pos++;
        items.push(parse());
      }
      expect(')');
      return { kind: 'tuple', items };
    }
    if (t === 'ptr' || t === 'var') return { kind: t, of: parse() };
    if ((t === 'seq' || t === 'Option') && tokens[pos] === '[') {
      pos++;
      const of = parse();
      expect(']');
      return { kind: t === 'seq' ? 'seq' : 'option', of };
    }
    if (!/^[A-Za-z_]/.test(t)) throw new Error(`type '${text}': unexpected '${t}'`);
    return { kind: 'name', name: t };
  };
  const result = parse();
  if (pos !== tokens.length) throw new Error(`type '${text}': unexpected '${tokens[pos]}'`);
  return result;
}

export function typeExprToString(t: TypeExpr): string {
  switch (t.kind) {
    case 'name':
      return t.name;
    case 'ptr':
    case 'var':
      return `${t.kind} ${typeExprToString(t.of)}`;
    case 'seq':
      return `seq[${typeExprToString(t.of)}]`;
    case 'option':
      return `Option[${typeExprToString(t.of)}]`;
    case 'tuple':
      return `(${t.items.map(typeExprToString).join(', ')})`;
    case 'union':
      return t.items.map(typeExprToString).join(' | ');
  }
}

/** Every type name an expression mentions, for the "every referenced type exists" lint. */
export function typeNames(t: TypeExpr): string[] {
  switch (t.kind) {
    case 'name':
      return [t.name];
    case 'tuple':
    case 'union':
      return t.items.flatMap(typeNames);
    default:
      return typeNames(t.of);
  }
}
