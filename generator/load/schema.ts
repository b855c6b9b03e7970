// A small schema library over `yaml` nodes: each reader checks one node's shape,
// returns a typed value, and reports problems at the node's own line.
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import type { SourceLoc } from '../model/spec.js';
import { Abort, type ProblemLog } from './problems.js';

export class SpecFile {
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    readonly file: string,
    text: string,
    readonly log: ProblemLog,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const err of doc.errors) {
      const line = this.lines.linePos(err.pos[0]).line;
      log.add({ file, line }, `YAML: ${err.message.split('\n')[0]}`);
    }
    this.root = doc.errors.length ? null : (doc.contents as Node | null);
  }

  loc(node: Node | null | undefined): SourceLoc {
    const offset = node?.range?.[0] ?? 0;
    return { file: this.file, line: this.lines.linePos(offset).line };
  }

  fail(node: Node | null | undefined, message: string): never {
    this.log.add(this.loc(node), message);
    throw new Abort();
  }
}

export type Reader<T> = (f: SpecFile, node: Node | null | undefined, what: string) => T;

function describe(node: Node | null | undefined): string {
  if (node == null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return JSON.stringify(node.value);
  return 'an unknown node';
}

export const str: Reader<string> = (f, node, what) => {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  return f.fail(node, `${what} must be a string, got ${describe(node)}`);
};

export const int: Reader<number> = (f, node, what) => {
  if (isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value)) return node.value;
  return f.fail(node, `${what} must be an integer, got ${describe(node)}`);
};

export const bool: Reader<boolean> = (f, node, what) => {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  return f.fail(node, `${what} must be true or false, got ${describe(node)}`);
};

export function oneOf<T extends string>(choices: readonly T[]): Reader<T> {
  return (f, node, what) => {
    const v = str(f, node, what);
    if ((choices as readonly string[]).includes(v)) return v as T;
    return f.fail(node, `${what} must be one of ${choices.join(', ')}; got '${v}'`);
  };
}

export function list<T>(item: Reader<T>): Reader<T[]> {
  return (f, node, what) => {
    if (!isSeq(node)) return f.fail(node, `${what} must be a list, got ${describe(node)}`);
    return node.items.map((n, i) => item(f, n as Node, `${what}[${i}]`));
  };
}

export interface Entry {
  key: string;
  value: Node | null;
  keyNode: Node;
}

/** A map with free keys (entry names), in file order. */
export function entries(f: SpecFile, node: Node | null | undefined, what: string): Entry[] {
  if (!isMap(node)) return f.fail(node, `${what} must be a map, got ${describe(node)}`);
  return node.items.map((pair: Pair) => {
    const keyNode = pair.key as Node;
    const key = str(f, keyNode, `a key of ${what}`);
    return { key, value: pair.value as Node | null, keyNode };
  });
}

type Shape = Record<string, Reader<unknown>>;
type Parsed<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/**
 * A map with known keys. `required` keys must be present; `optional` ones may be;
 * any other key is reported, so a typo never passes silently.
 */
export function object<R extends Shape, O extends Shape>(
  required: R,
  optional: O,
): Reader<Parsed<R> & Partial<Parsed<O>>> {
  return (f, node, what) => {
    const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const e of entries(f, node, what)) {
      if (!known.has(e.key)) {
        f.fail(e.keyNode, `${what}: unknown key '${e.key}' (known: ${[...known].join(', ')})`);
      }
      seen.add(e.key);
      const reader = (required[e.key] ?? optional[e.key])!;
      out[e.key] = reader(f, e.value, `${what}.${e.key}`);
    }
    for (const k of Object.keys(required)) {
      if (!seen.has(k)) f.fail(node, `${what}: missing required key '${k}'`);
    }
    return out as Parsed<R> & Partial<Parsed<O>>;
  };
}

/** Either a plain value or a map whose keys the caller checks (per-platform maps). */
export function scalarOrMap<T>(item: Reader<T>): Reader<{ scalar: T } | { map: Entry[] }> {
  return (f, node, what) => (isMap(node) ? { map: entries(f, node, what) } : { scalar: item(f, node, what) });
}

/** One child of a map node, without checking the rest of the map. */
export function childNode(f: SpecFile, node: Node | null | undefined, key: string, what: string): Node | null {
  if (!isMap(node)) return f.fail(node, `${what} must be a map, got ${describe(node)}`);
  return (node.get(key, true) as Node | undefined) ?? null;
}
