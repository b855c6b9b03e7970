// The doc text of a proc as the typings and the API reference show it.
import type { OverloadDef, ProcDef } from '../../model/spec.js';

export function procDocLines(p: ProcDef, o: OverloadDef | undefined, allPlatforms: string[]): string {
  const parts = [p.doc.trim()];
  if (o?.doc) parts.push(o.doc.trim());
  const facts: string[] = [];
  if (p.aliasOf) facts.push(`Older name of \`${p.aliasOf}\`.`);
  if (p.raises.length) facts.push(`Raises: ${p.raises.map((r) => `\`${r}\``).join(', ')}.`);
  if (p.blocking) facts.push('Blocks the calling thread.');
  if (p.platforms.length !== allPlatforms.length) facts.push(`Platforms: ${p.platforms.join(', ')}.`);
  if (!p.netLite) facts.push('Not available with `-d:nimNetLite` in Nim.');
  if (facts.length) parts.push(facts.join(' '));
  return parts.join('\n\n');
}
