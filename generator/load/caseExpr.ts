// The expression language of conformance cases: literals, API identifiers,
// `$fixtures`, calls, member and index access, arrays, small objects, unary minus.
// Cases are parsed once here; emitters print them as TypeScript.
import type { CaseExpr } from '../model/spec.js';

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'fixture'; v: string }
  | { t: 'punct'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = /^(0x[0-9a-fA-F]+|\d+(\.\d+)?(e[+-]?\d+)?)/.exec(rest);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^\$?[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (id) {
      const word = id[0];
      out.push(word.startsWith('$') ? { t: 'fixture', v: word.slice(1) } : { t: 'id', v: word });
      i += word.length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          const esc = src[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', '0': '\0', '\\': '\\', "'": "'", '"': '"' };
          if (esc === undefined || !(esc in map)) throw new Error(`bad escape '\\${esc ?? ''}' in string`);
          s += map[esc];
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new Error('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if ('()[]{},.:-'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    throw new Error(`unexpected character '${c}'`);
  }
  return out;
}

const KEYWORDS: Record<string, CaseExpr> = {
  true: { kind: 'bool', value: true },
  false: { kind: 'bool', value: false },
  null: { kind: 'null' },
  undefined: { kind: 'undefined' },
  NaN: { kind: 'number', value: NaN },
  Infinity: { kind: 'number', value: Infinity },
};

export function parseCaseExpr(src: string): CaseExpr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (v: string): boolean => {
    const tok = tokens[pos];
    return tok !== undefined && tok.t === 'punct' && tok.v === v;
  };
  const expect = (v: string): void => {
    if (!peek(v)) throw new Error(`expected '${v}' at token ${pos + 1}`);
    pos++;
  };
  const list = (close: string): CaseExpr[] => {
    const items: CaseExpr[] = [];
    while (!peek(close)) {
      items.push(expr());
      if (!peek(close)) expect(',');
    }
    expect(close);
    return items;
  };
  const primary = (): CaseExpr => {
    const tok = tokens[pos++];
    if (!tok) throw new Error('expression ends early');
    switch (tok.t) {
      case 'num':
        return { kind: 'number', value: tok.v };
      case 'str':
        return { kind: 'string', value: tok.v };
      case 'fixture':
        return { kind: 'fixture', name: tok.v };
      case 'id':
        return KEYWORDS[tok.v] ?? { kind: 'ident', name: tok.v };
      case 'punct':
        if (tok.v === '-') return { kind: 'unary', op: '-', operand: postfix() };
        if (tok.v === '(') {
          const inner = expr();
          expect(')');
          return inner;
        }
        if (tok.v === '[') return { kind: 'array', items: list(']') };
        if (tok.v === '{') {
          const entries: { key: string; value: CaseExpr }[] = [];
          while (!peek('}')) {
            const key = tokens[pos++];
            if (key?.t !== 'id') throw new Error('object keys must be plain names');
            expect(':');
            entries.push({ key: key.v, value: expr() });
            if (!peek('}')) expect(',');
          }
          expect('}');
          return { kind: 'object', entries };
        }
    }
    throw new Error(`unexpected '${(tok as { v: string }).v}'`);
  };
  const postfix = (): CaseExpr => {
    let e = primary();
    for (;;) {
      if (peek('(')) {
        pos++;
        e = { kind: 'call', callee: e, args: list(')') };
      } else if (peek('.')) {
        pos++;
        const prop = tokens[pos++];
        if (prop?.t !== 'id') throw new Error("expected a name after '.'");
        e = { kind: 'member', object: e, property: prop.v };
      } else if (peek('[')) {
        pos++;
        const index = expr();
        expect(']');
        e = { kind: 'index', object: e, index };
      } else return e;
    }
  };
  const expr = postfix;
  const result = expr();
  if (pos !== tokens.length) throw new Error(`unexpected trailing input at token ${pos + 1}`);
  return result;
}

/** The names of every node of `kind` in an expression, depth first. */
function namesOf(e: CaseExpr, kind: 'ident' | 'fixture'): string[] {
  const under = (x: CaseExpr): string[] => namesOf(x, kind);
  switch (e.kind) {
    case 'ident':
    case 'fixture':
      return e.kind === kind ? [e.name] : [];
    case 'call':
      return [...under(e.callee), ...e.args.flatMap(under)];
    case 'member':
      return under(e.object);
    case 'index':
      return [...under(e.object), ...under(e.index)];
    case 'array':
      return e.items.flatMap(under);
    case 'object':
      return e.entries.flatMap((x) => under(x.value));
    case 'unary':
      return under(e.operand);
    default:
      return [];
  }
}

/** Every API identifier an expression mentions (callees and values). */
export const identifiersOf = (e: CaseExpr): string[] => namesOf(e, 'ident');

/** Every fixture (`$name`) an expression uses. */
export const fixturesOf = (e: CaseExpr): string[] => namesOf(e, 'fixture');

/**
 * The API name a case exercises: the callee of its outermost call, or for a
 * constant the identifier itself, looking through member and index access.
 */
export function subjectOf(e: CaseExpr): { name: string; called: boolean } | undefined {
  let cur: CaseExpr = e;
  for (;;) {
    if (cur.kind === 'member' || cur.kind === 'index') cur = cur.object;
    else if (cur.kind === 'call')
      return cur.callee.kind === 'ident' ? { name: cur.callee.name, called: true } : undefined;
    else if (cur.kind === 'ident') return { name: cur.name, called: false };
    else return undefined;
  }
}
