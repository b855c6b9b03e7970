// The API reference's sections on what the runtime adds around the procs: the
// struct classes (laid out from the spec), the error classes, the options
// object of the Async variants and `backend`. The error and option texts
// restate runtime/errors.ts and runtime/async/abort.ts, whose TSDoc the
// typings carry.
import { fieldTypeSize, parseFieldType, structMap } from '../../model/layout.js';
import type { SpecModel } from '../../model/spec.js';
import { ASYNC_SIGNAL_DOC } from './asyncVariants.js';
import { valueOn } from './platformValues.js';

/** Struct classes that have a static `from(...)` (runtime/addressFrom.ts), with its signature. */
const STATIC_FROM: Readonly<Record<string, string>> = {
  InAddr: 'InAddr.from(text: string): InAddr',
  In6Addr: 'In6Addr.from(text: string): In6Addr',
  Sockaddr_in: 'Sockaddr_in.from(host: string, port: Port | number): Sockaddr_in',
  Sockaddr_in6: 'Sockaddr_in6.from(host: string, port: Port | number): Sockaddr_in6',
};

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

export function structClassesReference(model: SpecModel): string[] {
  const structs = structMap(model);
  const names = model.platforms.map((p) => p.name);
  const out = [
    '## Struct classes',
    '',
    'Each public C struct of the spec is a class over a `Uint8Array` (`.bytes`), laid out for the running platform: `new X()` is zero-filled, `new X(bytes)` a view over existing bytes (at least `X.size` of them). Field accessors are named as in C and hold raw C values (`sin_port = htons(p)`); a field the platform lacks reads `undefined`. A `ptr SockAddr` or option-value parameter takes any struct instance or a `Uint8Array`.',
    '',
  ];
  for (const s of model.structs.filter((x) => x.nim)) {
    out.push(`### \`${s.nim}\``, '', cell(s.doc), '');
    const cName = [...new Set(names.map((p) => valueOn(s.cName, p)).filter((x) => x !== undefined))].join(', ');
    out.push(`C: \`${cName}\`. Size: ${names.map((p) => `${p} ${valueOn(s.size, p) ?? '—'}`).join(', ')}.`, '');
    if (STATIC_FROM[s.nim!])
      out.push(`Static: \`${STATIC_FROM[s.nim!]}\` (numeric text only; \`ValueError\` otherwise).`, '');
    out.push(`| field | ${names.join(' | ')} | doc |`, `|---|${names.map(() => '---').join('|')}|---|`);
    for (const f of s.fields) {
      const at = names.map((p) => {
        const type = valueOn(f.type, p);
        const offset = valueOn(f.offset, p);
        if (type === undefined || offset === undefined) return '—';
        const size = fieldTypeSize(parseFieldType(type), p, structs);
        return `${type} @${offset}${typeof size === 'number' ? ` (${size})` : ''}`;
      });
      out.push(`| \`${f.name}\` | ${at.join(' | ')} | ${cell(f.doc)} |`);
    }
    out.push('');
  }
  return out;
}

export function runtimeReference(): string[] {
  return [
    '## Errors',
    '',
    '### `OSError`',
    '',
    "`class OSError extends Error`: what a failed C call raises, in the shape of Node's SystemError. `name` is `'OSError'`, `message` the system's text (with `\\nAdditional info: …` when the runtime adds some).",
    '',
    '| field | type | doc |',
    '|---|---|---|',
    "| `errorCode` | `number` | The error number (Nim's name); the same as `errno`. |",
    "| `errno` | `number` | The number as the failing API reports it: an errno value (positive; a WinSock `WSAE*` number on Windows), an `h_errno` value for the host lookups, the `EAI_*` value for `getAddrInfo` (negative on Linux, as glibc defines them; positive on macOS and Windows), 0 when a lookup found nothing and the OS set no error. POSIX errors are not negated as in Node's SystemError. |",
    "| `code` | `string` | The symbolic name: the errno name (`'ECONNREFUSED'`; WinSock errors by the POSIX name, `'ENOTSOCK'`), the `EAI_*` name for `getAddrInfo`, the `h_errno` name (`'HOST_NOT_FOUND'`) for the host lookups, `'ENOTFOUND'` for a service or protocol not found, `'UNKNOWN'` for a number no table names. |",
    "| `syscall` | `string \\| undefined` | The C function that failed (`'getsockopt'`, `'recv'`, `'getaddrinfo'`); `undefined` from `raiseOSError`. |",
    '',
    '### `ValueError`',
    '',
    "`class ValueError extends Error` (`name` `'ValueError'`): a value the proc cannot use, as Nim raises it — a Unix path too long, a freed `AddrInfo`, text that is not a numeric address (`inetPton`, `sockAddr`, `X.from`).",
    '',
    '### `IOError`',
    '',
    "`class IOError extends Error` (`name` `'IOError'`): as Nim raises it — `getAddrString` or `getSockDomain` on an address family they do not know.",
    '',
    '### Argument errors',
    '',
    'A wrong JavaScript type is a `TypeError` (a string for a handle, a string with a NUL byte where C needs a C string); a number out of range or not an integer, or a length past the end of its buffer, is a `RangeError`. Both are thrown before any C call (an Async variant rejects with them).',
    '',
    '### `AbortError`',
    '',
    "What an Async variant rejects with when its `signal` aborts: `name` `'AbortError'`, `cause` the signal's reason.",
    '',
    '## `AsyncOptions`',
    '',
    'The options object every `*Async` variant takes last (optional).',
    '',
    '| field | type | doc |',
    '|---|---|---|',
    `| \`signal?\` | \`AbortSignal\` | ${cell(ASYNC_SIGNAL_DOC)} |`,
    '',
    '## `backend`',
    '',
    "`const backend: 'napi' | 'koffi' | 'bunffi' | 'denoffi'`: the backend the import is bound to. `nativesockets` picks it from `NATIVESOCKETS_BACKEND` (`napi`/`native`, `koffi`/`ffi`, `bunffi` (Bun's `bun:ffi`) on Bun only, `denoffi` (`Deno.dlopen`) on Deno only, unset or `auto`: the fastest backend on the runtime, as `make bench` measured it: on Node napi when the addon is built, else koffi; on Bun bunffi; on Deno denoffi); `nativesockets/napi`, `nativesockets/koffi`, `nativesockets/bunffi` and `nativesockets/denoffi` bind one explicitly. Asking for bunffi or denoffi on another runtime throws an Error naming the runtime it needs.",
    '',
  ];
}
