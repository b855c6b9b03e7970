// AddrInfo: a getaddrinfo result list owned by JavaScript (Nim's `ptr AddrInfo`).
//
// The whole C list is decoded when getAddrInfo returns it: every node's fields,
// a copy of its address, its canonical name. After that the C memory is never
// read again, only freed, so no use of an AddrInfo can touch freed memory. The
// C list stays allocated, owned by the list's state, until freeAddrInfo (or
// Symbol.dispose, or a FinalizationRegistry once no node is reachable) frees it,
// exactly once. Every node of a list shares that state: once it is freed, every
// node throws ValueError on use.
import type { AddrInfoFields, AddrInfo as AddrInfoType } from '../generated/api.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { CStruct_addrinfo, SockAddr, Sockaddr_in, Sockaddr_in6, Sockaddr_storage } from '../generated/structs.js';
import { typeError } from './check.js';
import { ValueError } from './errors.js';

// What the spec cannot type (a class's `string | null` and `AddrInfo | null`
// fields, iteration, disposal) is added here to the spec's AddrInfoFields, so
// that the AddrInfo type of the typings (AddrInfoFields & brand) is complete.
declare module '../generated/api.js' {
  /** The fields of an AddrInfo node the spec cannot type, added to the generated ones. */
  interface AddrInfoFields {
    /** The node's address: a copy, so it stays valid after the list is freed. */
    readonly ai_addr: Sockaddr_in | Sockaddr_in6 | SockAddr;
    /** The canonical name (only on the first node, with AI_CANONNAME), or null. */
    readonly ai_canonname: string | null;
    /** The next node of the list, or null at its end. */
    readonly ai_next: AddrInfo | null;
    /** Yields this node and every node after it. */
    [Symbol.iterator](): IterableIterator<AddrInfo>;
    /** Frees the list (`freeAddrInfo`), or does nothing when it is already freed. */
    [Symbol.dispose](): void;
  }
}

/**
 * One node of a getaddrinfo result list (Nim's `ptr AddrInfo`): the C fields,
 * `ai_next`, iteration over the rest of the list, and `Symbol.dispose` (so
 * `using ai = getAddrInfo(...)` frees it at the end of the block).
 */
export type AddrInfo = AddrInfoType;

/** What every node of one list shares: the C list and whether it was freed. */
interface ListState {
  readonly raw: RawBackend;
  readonly head: bigint;
  freed: boolean;
}

/** One node's values, read from C when the list was made. */
interface NodeValues {
  readonly flags: number;
  readonly family: number;
  readonly socktype: number;
  readonly protocol: number;
  readonly addrlen: number;
  readonly addr: Sockaddr_in | Sockaddr_in6 | SockAddr;
  readonly canonname: string | null;
}

/** A list never freed is freed once none of its nodes is reachable. */
const registry = new FinalizationRegistry<{ raw: RawBackend; head: bigint }>(({ raw, head }) => {
  raw.freeaddrinfo(head);
});

const CONSTRUCT = Symbol('AddrInfo construction');

/** Longer lists than this are taken for a corrupt list (a cycle). */
const MAX_NODES = 65536;

class AddrInfoNode implements AddrInfoFields {
  declare readonly __brand: 'AddrInfo';
  readonly #state: ListState;
  readonly #values: NodeValues;
  readonly #index: number;
  #next: AddrInfoNode | null = null;

  constructor(token: typeof CONSTRUCT, state: ListState, values: NodeValues, index: number) {
    if (token !== CONSTRUCT) throw new TypeError('AddrInfo objects come from getAddrInfo; they cannot be constructed');
    this.#state = state;
    this.#values = values;
    this.#index = index;
  }

  #live(what: string): NodeValues {
    if (this.#state.freed) {
      throw new ValueError(`AddrInfo.${what}: the list was freed by freeAddrInfo; its nodes cannot be used any more`);
    }
    return this.#values;
  }

  get ai_flags(): number {
    return this.#live('ai_flags').flags;
  }

  get ai_family(): number {
    return this.#live('ai_family').family;
  }

  get ai_socktype(): number {
    return this.#live('ai_socktype').socktype;
  }

  get ai_protocol(): number {
    return this.#live('ai_protocol').protocol;
  }

  get ai_addrlen(): number {
    return this.#live('ai_addrlen').addrlen;
  }

  get ai_addr(): Sockaddr_in | Sockaddr_in6 | SockAddr {
    return this.#live('ai_addr').addr;
  }

  get ai_canonname(): string | null {
    return this.#live('ai_canonname').canonname;
  }

  get ai_next(): AddrInfo | null {
    this.#live('ai_next');
    return this.#next;
  }

  *[Symbol.iterator](): IterableIterator<AddrInfo> {
    for (let node: AddrInfoNode | null = this; node !== null; node = node.#next) {
      node.#live('[Symbol.iterator]');
      yield node;
    }
  }

  [Symbol.dispose](): void {
    if (!this.#state.freed) AddrInfoNode.free(this, 'AddrInfo[Symbol.dispose]');
  }

  get [Symbol.toStringTag](): string {
    return 'AddrInfo';
  }

  /** How console.log and util.inspect show a node: its fields, or that its list was freed. */
  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: unknown,
    inspect: (v: unknown, o?: unknown) => string,
  ): string {
    if (this.#state.freed) return 'AddrInfo <freed>';
    const v = this.#values;
    const fields = {
      ai_flags: v.flags,
      ai_family: v.family,
      ai_socktype: v.socktype,
      ai_protocol: v.protocol,
      ai_addrlen: v.addrlen,
      ai_addr: v.addr,
      ai_canonname: v.canonname,
      ai_next: this.#next === null ? null : '[AddrInfo]',
    };
    return `AddrInfo ${inspect(fields, options)}`;
  }

  /** freeAddrInfo: frees the list `ai` heads; ValueError when freed already or not a head. */
  static free(ai: unknown, proc: string): void {
    if (!(ai instanceof AddrInfoNode)) throw typeError(proc, 'ai', 'an AddrInfo that getAddrInfo returned', ai);
    const state = ai.#state;
    if (state.freed) throw new ValueError(`${proc}: the AddrInfo list was already freed`);
    if (ai.#index !== 0) {
      throw new ValueError(
        `${proc}: this AddrInfo is node ${ai.#index + 1} of its list, not its head; free the AddrInfo getAddrInfo returned`,
      );
    }
    state.freed = true;
    registry.unregister(state);
    state.raw.freeaddrinfo(state.head);
  }

  /** Decodes the C list at `head` (non-NULL) into nodes that own it. */
  static take(raw: RawBackend, head: bigint, families: { AF_INET: number; AF_INET6: number }): AddrInfoNode {
    const state: ListState = { raw, head, freed: false };
    const nodes: AddrInfoNode[] = [];
    try {
      const seen = new Set<bigint>();
      for (let p = head; p !== 0n; ) {
        if (seen.has(p) || nodes.length >= MAX_NODES)
          throw new Error('nativesockets: getaddrinfo returned a list that does not end');
        seen.add(p);
        const c = new CStruct_addrinfo(raw.peek(p, CStruct_addrinfo.size));
        const node = new AddrInfoNode(CONSTRUCT, state, readNode(raw, c, families), nodes.length);
        if (nodes.length > 0) nodes[nodes.length - 1]!.#next = node;
        nodes.push(node);
        p = c.ai_next;
      }
    } catch (e) {
      state.freed = true;
      raw.freeaddrinfo(head);
      throw e;
    }
    // The state is the target: it stays reachable as long as any node is.
    registry.register(state, { raw, head }, state);
    return nodes[0]!;
  }
}

function readNode(raw: RawBackend, c: CStruct_addrinfo, families: { AF_INET: number; AF_INET6: number }): NodeValues {
  const family = c.ai_family;
  const addrlen = c.ai_addrlen;
  const length = Math.min(addrlen, Sockaddr_storage.size);
  const bytes = c.ai_addr !== 0n && length > 0 ? raw.peek(c.ai_addr, length) : new Uint8Array(0);
  let addr: Sockaddr_in | Sockaddr_in6 | SockAddr;
  if (family === families.AF_INET && bytes.byteLength >= Sockaddr_in.size) addr = new Sockaddr_in(bytes);
  else if (family === families.AF_INET6 && bytes.byteLength >= Sockaddr_in6.size) addr = new Sockaddr_in6(bytes);
  else {
    const padded = new Uint8Array(Math.max(bytes.byteLength, SockAddr.size));
    padded.set(bytes);
    addr = new SockAddr(padded);
  }
  return {
    flags: c.ai_flags,
    family,
    socktype: c.ai_socktype,
    protocol: c.ai_protocol,
    addrlen,
    addr,
    canonname: c.ai_canonname !== 0n ? raw.peekCString(c.ai_canonname) : null,
  };
}

/**
 * The AddrInfo class, for `instanceof`; only getAddrInfo makes instances.
 * Its instances are `AddrInfo` values of the typings.
 */
export const AddrInfo: abstract new (...args: never[]) => AddrInfo = AddrInfoNode;

/** An AddrInfo owning the C list at `head` (not NULL) that getaddrinfo returned on `raw`. */
export function takeAddrInfoList(
  raw: RawBackend,
  head: bigint,
  families: { AF_INET: number; AF_INET6: number },
): AddrInfo {
  return AddrInfoNode.take(raw, head, families);
}

/** freeAddrInfo / dealloc / Symbol.dispose. */
export function freeAddrInfoList(ai: unknown, proc: string): void {
  AddrInfoNode.free(ai, proc);
}
