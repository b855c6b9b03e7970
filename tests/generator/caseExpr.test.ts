import { describe, expect, test } from 'vitest';
import { parseCaseExpr, subjectOf } from '../../generator/load/caseExpr.js';
import { parseTypeExpr, typeExprToString } from '../../generator/model/typeExpr.js';

describe('case expressions', () => {
  test('parse calls, fixtures, members, arrays, objects and literals', () => {
    expect(parseCaseExpr("f($tcp, -1, 'a\\0b', [1, 2], { value: '' }).x[0]")).toEqual({
      kind: 'index',
      index: { kind: 'number', value: 0 },
      object: {
        kind: 'member',
        property: 'x',
        object: {
          kind: 'call',
          callee: { kind: 'ident', name: 'f' },
          args: [
            { kind: 'fixture', name: 'tcp' },
            { kind: 'unary', op: '-', operand: { kind: 'number', value: 1 } },
            { kind: 'string', value: 'a\0b' },
            {
              kind: 'array',
              items: [
                { kind: 'number', value: 1 },
                { kind: 'number', value: 2 },
              ],
            },
            { kind: 'object', entries: [{ key: 'value', value: { kind: 'string', value: '' } }] },
          ],
        },
      },
    });
    expect(parseCaseExpr('0x10')).toEqual({ kind: 'number', value: 16 });
    expect(parseCaseExpr('NaN')).toEqual({ kind: 'number', value: NaN });
  });

  test('reject broken input', () => {
    for (const bad of ['f(', 'f(1,,2)', "'open", 'a b', '#', 'x.', '{1: 2}']) {
      expect(() => parseCaseExpr(bad), bad).toThrow();
    }
  });

  test('know which proc a case exercises', () => {
    expect(subjectOf(parseCaseExpr("getHostByName('localhost').addrList"))).toEqual({
      name: 'getHostByName',
      called: true,
    });
    expect(subjectOf(parseCaseExpr('IPPROTO_NONE'))).toEqual({ name: 'IPPROTO_NONE', called: false });
  });
});

describe('type expressions', () => {
  test('round-trip', () => {
    for (const t of [
      'SocketHandle',
      'ptr SockAddr',
      'var seq[SocketHandle]',
      'Option[Domain]',
      '(string, Port)',
      'var string',
    ]) {
      expect(typeExprToString(parseTypeExpr(t))).toBe(t);
    }
  });
  test('reject broken input', () => {
    for (const bad of ['seq[', '(a, b', 'ptr', 'a b', 'x]']) expect(() => parseTypeExpr(bad), bad).toThrow();
  });
});
