// The typed model of the spec. The loader builds it once from spec/*.yaml;
// every emitter reads only this model, never the YAML.

/** Where an entry came from, for `file:line` messages. */
export interface SourceLoc {
  file: string;
  line: number;
}

export type PlatformName = string;

/** The marker for "this platform does not have the symbol". */
export const ABSENT = Symbol('absent');
export type Absent = typeof ABSENT;

/**
 * One value per platform. A platform missing from the map is unknown (never
 * guessed); ABSENT means the symbol does not exist there.
 */
export type PerPlatform<T> = Partial<Record<PlatformName, T | Absent>>;

export interface Platform {
  name: PlatformName;
  family: 'posix' | 'windows';
  /** The C library koffi loads on this platform. */
  cLibrary: string;
  /** How the last error is read: errno, or WSAGetLastError() on Windows. */
  lastError: 'errno' | 'wsa';
  /** `process.platform` value that selects this platform at run time. */
  nodePlatform: string;
  /** Platforms every per-platform value must name explicitly. */
  required: boolean;
  /**
   * How its values are proven: `headers` — compiled against real headers by
   * the header check; `cite` — every value names the public header it is from.
   */
  proof: 'headers' | 'cite';
  loc: SourceLoc;
}

/** A header per platform family, with optional per-platform overrides. */
export type HeaderRef = PerPlatform<string>;

export interface ConstantDef {
  name: string;
  doc: string;
  /**
   * The C spelling per platform when it differs from the exported name (rare):
   * an expression (`(long)FIONBIO`) or another name (Windows `SD_RECEIVE` for
   * `SHUT_RD`). Every platform has an entry; it defaults to `name`.
   */
  cName: PerPlatform<string>;
  /** Group for the reference docs and for reverse lookups (e.g. errno names). */
  group: string;
  header: HeaderRef;
  values: PerPlatform<number>;
  /** Public header citations for platforms this machine cannot compile for. */
  cite: PerPlatform<string>;
  loc: SourceLoc;
}

export interface EnumMember {
  name: string;
  /** Nim's ordinal for the member. */
  ordinal: number;
  doc: string;
  /** The OS value `toInt` returns on each platform. */
  values: PerPlatform<number>;
  loc: SourceLoc;
}

export interface EnumDef {
  kind: 'enum';
  name: string;
  doc: string;
  header: HeaderRef;
  cite: PerPlatform<string>;
  members: EnumMember[];
  loc: SourceLoc;
}

export interface FieldDef {
  name: string;
  type: TypeExpr;
  doc: string;
  /** `optional: true` in the spec: the field may be left out (the doc says what that means). */
  optional: boolean;
}

/** A Nim object type surfaced as a plain JS object (Servent, Hostent). */
export interface ObjectDef {
  kind: 'object';
  name: string;
  doc: string;
  fields: FieldDef[];
  loc: SourceLoc;
}

/** A Nim distinct or alias type over a primitive (Port, SocketHandle, SockLen). */
export interface DistinctDef {
  kind: 'distinct';
  name: string;
  doc: string;
  base: TypeExpr;
  /** 'branded' types get a TS brand; 'alias' types are plain numbers. */
  brand: boolean;
  /** The runtime file exporting a checked constructor of the same name (`Port(80)`). */
  impl?: string;
  loc: SourceLoc;
}

export type TypeDef = EnumDef | ObjectDef | DistinctDef;

/** A parsed Nim type expression: `ptr SockAddr`, `var seq[SocketHandle]`, `(string, Port)`. */
export type TypeExpr =
  | { kind: 'name'; name: string }
  | { kind: 'ptr' | 'var' | 'seq' | 'option'; of: TypeExpr }
  | { kind: 'tuple'; items: TypeExpr[] }
  /** `InAddr | In6Addr`: one of several types (a result whose struct depends on an argument). */
  | { kind: 'union'; items: TypeExpr[] };

// ---- the C surface -------------------------------------------------------

/**
 * A struct field's C type: a fixed-size integer (`uint8` … `int64`), `ptr` (an
 * opaque pointer), `cstring` (`char*`), `cstringArray` (NULL-terminated `char**`),
 * another struct of the spec by name (embedded), `NAME*` (pointer to one), or an
 * array `T[N]`.
 */
export type FieldType = string;

export interface StructField {
  name: string;
  /** The C member designator, when it differs from the name (a union member). */
  cName: string;
  doc: string;
  type: PerPlatform<FieldType>;
  offset: PerPlatform<number>;
}

/** A C struct with its layout on every platform (64-bit targets). */
export interface StructDef {
  name: string;
  /** The public struct class (`Sockaddr_in`); internal structs have none. */
  nim?: string;
  doc: string;
  /** How C code names the type (`struct sockaddr_in`, `WSAPOLLFD`). */
  cName: PerPlatform<string>;
  header: HeaderRef;
  size: PerPlatform<number>;
  fields: StructField[];
  cite: PerPlatform<string>;
  loc: SourceLoc;
}

/** C parameter and return types the backends know how to pass. */
export type CType =
  | 'void'
  | 'int'
  | 'unsigned'
  | 'long'
  | 'size_t'
  | 'ssize_t'
  | 'socklen_t'
  | 'socket_t'
  | 'const char*'
  | 'void*'
  | 'const void*'
  | 'int*'
  | 'socklen_t*'
  | 'long*'
  /** A pointer passed or returned by value (a `struct hostent*`, an `addrinfo*`): a bigint in JS, 0n for NULL. */
  | 'ptr';

export type FailureKind =
  /** Returns -1 and sets the platform's last error. */
  | 'minus1'
  /** Returns a NULL pointer and sets the platform's last error (errno, WSAGetLastError()). */
  | 'null'
  /** Returns a NULL pointer and sets h_errno (WSAGetLastError() on Windows): gethostbyname. */
  | 'nullHErrno'
  /**
   * A non-zero return value is the error code itself (getaddrinfo's EAI_*). The
   * backend also captures the last error then, for EAI_SYSTEM.
   */
  | 'returnsCode'
  /** Returns 0 (a Win32 FALSE) and sets the thread's last error (GetLastError()). */
  | 'zero'
  /** Cannot fail (or failure is not reported). */
  | 'never';

export interface CParam {
  name: string;
  type: CType;
  /** A variadic argument (fcntl's third one): passed as the given C type. */
  variadic: boolean;
}

export interface CFunctionDef {
  name: string;
  doc: string;
  header: HeaderRef;
  platforms: PlatformName[];
  returns: CType;
  params: CParam[];
  failure: FailureKind;
  /**
   * The library koffi loads the function from when it is not the platform's
   * `cLibrary` (a kernel32.dll function on Windows). The N-API addon links it.
   */
  library?: string;
  /**
   * The backends also run this call on the libuv threadpool
   * (`raw.threadpool.NAME(...)`, a Promise of its result), for the Async
   * variants of the name lookups. Only a `returnsCode` function that writes
   * nothing but the caller's memory may.
   */
  threadpool: boolean;
  loc: SourceLoc;
}

// ---- the Nim surface -----------------------------------------------------

export interface ParamDef {
  name: string;
  type: TypeExpr;
  /** Nim default as a case expression (`AF_INET`, `500`), if any. */
  default?: CaseExpr;
  doc: string;
  loc: SourceLoc;
}

/**
 * Where a proc's behaviour lives: the export of a runtime file, a factory
 * `(ctx: RuntimeContext) => { [proc]: ... }` (`impl: runtime/procs/io.ts#ioProcs`),
 * or nowhere by hand (`impl: passthrough`): the generator derives the argument
 * checks from the parameter types and calls the one C function of `calls`.
 */
export type ImplRef =
  | { kind: 'module'; file: string; name: string; loc: SourceLoc }
  | { kind: 'passthrough'; loc: SourceLoc };

export interface OverloadDef {
  params: ParamDef[];
  returns: TypeExpr | null;
  doc: string;
}

export type AsyncKind = 'eventLoop' | 'threadpool';

export type ErrorClass = 'OSError' | 'ValueError' | 'IOError' | 'TypeError' | 'RangeError';

/** One conformance case: a call and what it must produce. */
export interface CaseDef {
  call: CaseExpr;
  /** The source text of the call, for test names and messages. */
  callText: string;
  /** The source text of the expected value (returns / contains), for docs. */
  expectText: string;
  expect:
    | { kind: 'returns'; value: CaseExpr }
    | { kind: 'contains'; value: CaseExpr }
    /** handlePair: two different non-negative handles (socketpair's). */
    | { kind: 'satisfies'; predicate: 'integer' | 'nonNegativeInteger' | 'string' | 'nonEmptyString' | 'handlePair' }
    | { kind: 'throws'; error: ErrorClass; code?: string };
  /** After the call, `osLastError()` must equal this error constant. */
  lastError?: string;
  /** The harness closes the handle the call returned (cases that create sockets). */
  cleanup?: 'close';
  platforms?: PlatformName[];
  loc: SourceLoc;
}

export interface ProcDef {
  name: string;
  kind: 'proc' | 'template' | 'let' | 'const';
  doc: string;
  overloads: OverloadDef[];
  raises: ErrorClass[];
  blocking: boolean;
  /**
   * How the proc's generated `NAMEAsync` variant waits (every blocking proc
   * that is not an older name has one): `eventLoop` — for readiness of its
   * socket(s) in the event loop (uv_poll), then the non-blocking call;
   * `threadpool` — the lookup runs on the libuv threadpool (no fd to wait on).
   */
  async?: AsyncKind;
  /** Present with `-d:nimNetLite`. */
  netLite: boolean;
  platforms: PlatformName[];
  /** Older name kept for code written against the older module (seed 002). */
  aliasOf?: string;
  /** What implements the proc; the generated wiring (generated/wiring.ts) follows it. */
  impl: ImplRef;
  /** The C functions the implementation calls. */
  calls: string[];
  /** The line of `calls`, for problems with it. */
  callsLoc: SourceLoc;
  cases: CaseDef[];
  loc: SourceLoc;
}

/** A parsed conformance expression. */
export type CaseExpr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' | 'undefined' }
  | { kind: 'ident'; name: string }
  | { kind: 'fixture'; name: string }
  | { kind: 'call'; callee: CaseExpr; args: CaseExpr[] }
  | { kind: 'member'; object: CaseExpr; property: string }
  | { kind: 'index'; object: CaseExpr; index: CaseExpr }
  | { kind: 'array'; items: CaseExpr[] }
  | { kind: 'object'; entries: { key: string; value: CaseExpr }[] }
  | { kind: 'unary'; op: '-'; operand: CaseExpr };

export interface SpecModel {
  platforms: Platform[];
  constants: ConstantDef[];
  types: TypeDef[];
  structs: StructDef[];
  cFunctions: CFunctionDef[];
  procs: ProcDef[];
  /** Fixture names a case may use (`$tcp`), each with its doc. */
  fixtures: { name: string; doc: string }[];
}
