// Header checks in the style of rust-lang/libc's ctest: for each platform we can
// compile for, a C program that includes every header the spec names there and
// records, as the compiler sees them, every constant, enum OS value, struct size
// and field offset and size the spec gives for that platform. The values are
// read back from the assembly (`cc -S`), so the program never has to run;
// tests/platform/ compares them with the spec.
import { fieldTypeSize, parseFieldType, structMap } from '../model/layout.js';
import type { HeaderRef, PlatformName, SpecModel } from '../model/spec.js';
import { type GeneratedFile, generatedHeader } from './shared/files.js';
import { valueOn } from './shared/platformValues.js';

/** The platforms this machine can compile a check for (windows via mingw-w64). */
export const HEADER_CHECK_PLATFORMS: readonly PlatformName[] = ['linux', 'windows'];

/** What must precede the includes on each platform. */
const PRELUDE: Record<PlatformName, string[]> = {
  // EAI_NODATA, EAI_ADDRFAMILY and friends are GNU extensions in glibc.
  linux: ['#define _GNU_SOURCE'],
  // WSAPOLLFD and afunix.h need Vista or later; the addon is built for Windows 7.
  windows: ['#ifndef _WIN32_WINNT', '#define _WIN32_WINNT 0x0601', '#endif', '#define WIN32_LEAN_AND_MEAN'],
};

/** Headers other headers depend on come first; the rest in name order. */
const FIRST_HEADERS = ['sys/types.h', 'winsock2.h'];

export function headerCheckPath(platform: PlatformName): string {
  return `check/headers.${platform}.c`;
}

/** One value the check records: its name in messages, the C expression, the spec's value. */
export interface HeaderCheckEntry {
  name: string;
  expr: string;
  spec: number;
  /** The header the spec names for it on this platform. */
  header: string;
}

export function headerCheckEntries(model: SpecModel, platform: PlatformName): HeaderCheckEntry[] {
  const out: HeaderCheckEntry[] = [];
  const headerOf = (h: HeaderRef): string => valueOn(h, platform) ?? '?';
  for (const c of model.constants) {
    const v = valueOn(c.values, platform);
    if (v !== undefined)
      out.push({ name: c.name, expr: valueOn(c.cName, platform) ?? c.name, spec: v, header: headerOf(c.header) });
  }
  for (const t of model.types) {
    if (t.kind !== 'enum') continue;
    for (const m of t.members) {
      const v = valueOn(m.values, platform);
      if (v !== undefined) out.push({ name: m.name, expr: m.name, spec: v, header: headerOf(t.header) });
    }
  }
  const structs = structMap(model);
  for (const s of model.structs) {
    const size = valueOn(s.size, platform);
    const cType = valueOn(s.cName, platform);
    if (size === undefined || cType === undefined) continue;
    const header = headerOf(s.header);
    out.push({ name: `${s.name} size`, expr: `sizeof(${cType})`, spec: size, header });
    for (const f of s.fields) {
      const type = valueOn(f.type, platform);
      const offset = valueOn(f.offset, platform);
      if (type === undefined || offset === undefined) continue;
      const fieldSize = fieldTypeSize(parseFieldType(type), platform, structs);
      if (typeof fieldSize !== 'number')
        throw new Error(`header check: ${s.name}.${f.name} on ${platform}: ${fieldSize}`);
      out.push({ name: `${s.name}.${f.name} offset`, expr: `offsetof(${cType}, ${f.cName})`, spec: offset, header });
      out.push({
        name: `${s.name}.${f.name} size`,
        expr: `sizeof(((${cType} *)0)->${f.cName})`,
        spec: fieldSize,
        header,
      });
    }
  }
  return out;
}

/** Every header the spec names for something present on the platform, in include order. */
export function headerCheckIncludes(model: SpecModel, platform: PlatformName): string[] {
  const refs: HeaderRef[] = [
    ...model.constants.filter((c) => valueOn(c.values, platform) !== undefined).map((c) => c.header),
    ...model.types.flatMap((t) =>
      t.kind === 'enum' && t.members.some((m) => valueOn(m.values, platform) !== undefined) ? [t.header] : [],
    ),
    ...model.structs.filter((s) => valueOn(s.size, platform) !== undefined).map((s) => s.header),
    ...model.cFunctions.filter((f) => f.platforms.includes(platform)).map((f) => f.header),
  ];
  const names = new Set(refs.map((h) => valueOn(h, platform)).filter((h): h is string => h !== undefined));
  const rank = (h: string): number => (FIRST_HEADERS.includes(h) ? FIRST_HEADERS.indexOf(h) : FIRST_HEADERS.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function headerCheckSource(model: SpecModel, platform: PlatformName): string {
  const entries = headerCheckEntries(model, platform);
  return [
    generatedHeader('slash').trimEnd(),
    `// The ${platform} header check: every constant, enum OS value and struct layout the`,
    `// spec gives for ${platform}, as its headers define them. Compile with \`-S\` and read`,
    '// ns_checks from the assembly (tests/platform/headerCheck.ts), or build it with',
    '// -DNS_CHECK_MAIN and run it. One entry per line: a line that does not compile names',
    '// the symbol the headers lack.',
    ...(PRELUDE[platform] ?? []),
    '',
    '#include <stddef.h>',
    ...headerCheckIncludes(model, platform).map((h) => `#include <${h}>`),
    '',
    'struct ns_check {',
    '  const char *name;',
    '  long long value;',
    '};',
    '',
    'const struct ns_check ns_checks[] = {',
    // In the style of .clang-format, which `make check-format-cxx` holds it to.
    ...entries.map((e) => `    {"${e.name}", (long long)(${e.expr})},`),
    '};',
    '',
    '#ifdef NS_CHECK_MAIN',
    '#include <stdio.h>',
    'int main(void) {',
    '  for (size_t i = 0; i < sizeof ns_checks / sizeof ns_checks[0]; i++) printf("%s=%lld\\n", ns_checks[i].name, ns_checks[i].value);',
    '  return 0;',
    '}',
    '#endif',
    '',
  ].join('\n');
}

export function emitHeaderChecks(model: SpecModel): GeneratedFile[] {
  return HEADER_CHECK_PLATFORMS.filter((p) => model.platforms.some((q) => q.name === p)).map((p) => ({
    path: headerCheckPath(p),
    content: headerCheckSource(model, p),
  }));
}
