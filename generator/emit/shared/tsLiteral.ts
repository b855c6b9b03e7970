// Data as TypeScript literal text laid out on one line as TypeScript's formatter
// lays it out (`{ "key": value }`, `[a, b]`), so an emitter that prints only
// data needs no formatting pass over its file (tests/generator/formatted.test.ts).

/** A JSON value as one line of formatted TypeScript: strings and keys as JSON writes them. */
export function formattedLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formattedLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${formattedLiteral(v)}`).join(', ')} }`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`generator: ${String(value)} has no literal`);
  return text;
}
