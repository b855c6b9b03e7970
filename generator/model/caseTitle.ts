// The title of a conformance case's test: its call and what it must produce,
// without the spec line, so that editing the spec renames only the cases it
// touches. The loader refuses two cases of one proc with the same title.
import type { CaseDef } from './spec.js';

function expectationText(c: CaseDef): string {
  switch (c.expect.kind) {
    case 'returns':
    case 'contains':
      return `${c.expect.kind} ${c.expectText}`;
    case 'satisfies':
      return `is ${c.expect.predicate}`;
    case 'throws':
      return `throws ${c.expect.error}${c.expect.code ? ` ${c.expect.code}` : ''}`;
  }
}

/** `call expectation[, lastError E][ [platforms]]`; `platforms` are those the case runs on. */
export function caseTitle(c: CaseDef, platforms = c.platforms): string {
  const where = platforms ? ` [${platforms.join(', ')}]` : '';
  return `${c.callText} ${expectationText(c)}${c.lastError ? `, lastError ${c.lastError}` : ''}${where}`;
}
