// The API reference in markdown: every type, constant and proc with its doc
// text from the spec, per-platform values, and the conformance cases as examples.
import type { ConstantDef, HeaderRef, ProcDef, SpecModel, TypeDef } from '../model/spec.js';
import { asyncReferenceIntro, asyncReferenceSection } from './shared/asyncVariants.js';
import { type GeneratedFile, generatedHeader } from './shared/files.js';
import { numberLiteral, valueOn } from './shared/platformValues.js';
import { procDocLines } from './shared/procDocs.js';
import { runtimeReference, structClassesReference } from './shared/runtimeReference.js';
import { tsTypeOf } from './shared/tsTypes.js';

export const API_REFERENCE_PATH = 'docs/API.md';

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function headerText(h: HeaderRef, model: SpecModel): string {
  const byHeader = new Map<string, string[]>();
  for (const p of model.platforms) {
    const v = valueOn(h, p.name);
    if (v !== undefined) byHeader.set(v, [...(byHeader.get(v) ?? []), p.name]);
  }
  if (byHeader.size === 1) return `\`${[...byHeader.keys()][0]}\``;
  return [...byHeader.entries()].map(([hdr, ps]) => `\`${hdr}\` (${ps.join(', ')})`).join(', ');
}

function valueCells(values: ConstantDef['values'], model: SpecModel): string {
  return model.platforms
    .map((p) => {
      const v = values[p.name];
      return v === undefined ? '?' : typeof v === 'number' ? numberLiteral(v) : '—';
    })
    .join(' | ');
}

function typeSection(t: TypeDef, model: SpecModel): string[] {
  const out = [`### \`${t.name}\``, '', t.doc.trim(), ''];
  if (t.kind === 'enum') {
    out.push(`Header: ${headerText(t.header, model)}`, '');
    out.push(`| member | ${model.platforms.map((p) => p.name).join(' | ')} | doc |`);
    out.push(`|---|${model.platforms.map(() => '---').join('|')}|---|`);
    for (const m of t.members) out.push(`| \`${m.name}\` | ${valueCells(m.values, model)} | ${cell(m.doc)} |`);
    out.push('');
  } else if (t.kind === 'object') {
    out.push('| field | type | doc |', '|---|---|---|');
    for (const f of t.fields)
      out.push(`| \`${f.name}${f.optional ? '?' : ''}\` | \`${tsTypeOf(f.type, model, 'prose')}\` | ${cell(f.doc)} |`);
    out.push('');
  } else {
    out.push(`TypeScript: \`${tsTypeOf(t.base, model, 'prose')}\`${t.brand ? ` branded \`'${t.name}'\`` : ''}.`, '');
  }
  return out;
}

function procSection(p: ProcDef, model: SpecModel): string[] {
  const platforms = model.platforms.map((x) => x.name);
  const out = [`### \`${p.name}\``, ''];
  out.push('```ts');
  if (p.kind === 'let' || p.kind === 'const') {
    const o = p.overloads[0]!;
    out.push(`const ${p.name}: ${o.returns ? tsTypeOf(o.returns, model, 'prose') : 'undefined'}`);
  } else {
    for (const o of p.overloads) {
      const params = o.params
        .map((prm) => `${prm.name}${prm.default ? '?' : ''}: ${tsTypeOf(prm.type, model, 'prose')}`)
        .join(', ');
      out.push(`function ${p.name}(${params}): ${o.returns ? tsTypeOf(o.returns, model, 'prose') : 'void'}`);
    }
  }
  out.push('```', '', procDocLines(p, undefined, platforms), '');
  for (const [i, o] of p.overloads.entries()) if (o.doc) out.push(`- Overload ${i + 1}: ${cell(o.doc)}`);
  const facts = [
    p.impl.kind === 'passthrough'
      ? `A passthrough to C (no runtime code: generated from the spec)`
      : `Implemented in \`${p.impl.file}\` (\`${p.impl.name}\`)`,
  ];
  if (p.calls.length) facts.push(`calls ${p.calls.map((c) => `\`${c}\``).join(', ')}`);
  out.push(`${facts.join('; ')}.`, '');
  if (p.cases.length) {
    out.push('Examples (conformance cases):', '');
    for (const c of p.cases) {
      const e = c.expect;
      const result =
        e.kind === 'throws'
          ? `throws ${e.error}${e.code ? ` (${e.code})` : ''}`
          : e.kind === 'satisfies'
            ? `is ${e.predicate}`
            : `${e.kind === 'contains' ? 'contains' : '→'} \`${c.expectText}\``;
      out.push(
        `- \`${c.callText}\` ${result}${c.lastError ? `, then \`osLastError()\` is ${c.lastError}` : ''}${c.platforms ? ` (${c.platforms.join(', ')})` : ''}`,
      );
    }
    out.push('');
  }
  return out;
}

export function emitApiReference(model: SpecModel): GeneratedFile {
  const lines: string[] = [generatedHeader('html').trimEnd(), '', '# nativesockets API reference', ''];
  lines.push(
    'Every symbol of the package, from the spec. Values are per platform: `—` means the symbol does not exist there, `?` that the spec does not know it yet. A constant that does not exist on the running platform is `undefined`.',
    '',
    '## Types',
    '',
  );
  for (const t of model.types) lines.push(...typeSection(t, model));
  lines.push(...structClassesReference(model), ...runtimeReference());
  lines.push('## Constants', '');
  const groups = [...new Set(model.constants.map((c) => c.group))];
  for (const g of groups) {
    lines.push(
      `### ${g}`,
      '',
      `| name | ${model.platforms.map((p) => p.name).join(' | ')} | header | doc |`,
      `|---|${model.platforms.map(() => '---').join('|')}|---|---|`,
    );
    for (const c of model.constants.filter((x) => x.group === g)) {
      lines.push(
        `| \`${c.name}\` | ${valueCells(c.values, model)} | ${headerText(c.header, model)} | ${cell(c.doc)} |`,
      );
    }
    lines.push('');
  }
  lines.push(...asyncReferenceIntro(model));
  lines.push('## Procs', '');
  for (const p of model.procs) lines.push(...procSection(p, model), ...asyncReferenceSection(p, model));
  return { path: API_REFERENCE_PATH, content: `${lines.join('\n').trimEnd()}\n` };
}
