// Beyond Nim: sendmsg / recvmsg and sendmmsg / recvmmsg (POSIX). Messages are
// packed into C memory the runtime owns (runtime/msgBlock.ts says why); Linux
// sends and receives batches with sendmmsg / recvmmsg in one call, macOS and
// FreeBSD by a loop of sendmsg / recvmsg with the same results.
import type {
  NativeSocketsApi,
  Port,
  RecvMmsgMessage,
  RecvMsg,
  RecvMsgResult,
  SendMsg,
  SocketHandle,
} from '../../generated/api.js';
import { addressLayout, addressText, familyOf, portAt } from '../addressText.js';
import { byteLengthOf, checkCint, checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { MessageBlock, type MessagePlace, type MessageShape } from '../msgBlock.js';
import { bytesOf } from '../struct.js';

type MsgProcs = Pick<NativeSocketsApi, 'sendmsg' | 'recvmsg' | 'sendmmsg' | 'recvmmsg'>;

/** The most descriptors one recvmsg takes (linux's SCM_MAX_FD is 253; the rest is room to spare). */
const MAX_FDS = 65536;
/** The most messages of one sendmmsg / recvmmsg (linux's UIO_MAXIOV). */
const MAX_BATCH = 1024;
/** The largest buffer of one received message (a datagram is at most 65535 bytes). */
const MAX_BUFFER = 1 << 20;

interface SendParts extends MessageShape {
  buffers: Uint8Array[];
  address: Uint8Array | undefined;
  fds: number[];
}

interface RecvParts extends MessageShape {
  buffers: Uint8Array[];
  addressBuffer: Uint8Array | undefined;
}

function bufferList(v: unknown, proc: string, param: string): [Uint8Array[], number[]] {
  if (!Array.isArray(v)) throw typeError(proc, param, 'an array of Uint8Array', v);
  const lengths: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] instanceof Uint8Array)) throw typeError(proc, `${param}[${i}]`, 'a Uint8Array', v[i]);
    lengths.push(byteLengthOf(v[i] as Uint8Array));
  }
  return [v as Uint8Array[], lengths];
}

function messageObject(v: unknown, proc: string, param: string, shape: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v))
    throw typeError(proc, param, `a ${shape} object`, v);
  return v as Record<string, unknown>;
}

export function msgProcs(ctx: RuntimeContext): MsgProcs {
  const { raw, C } = ctx;
  const { malloc, free, memcpy, memmove, sendmsg, recvmsg, fcntl } = raw;
  if (!malloc || !free || !memcpy || !memmove || !sendmsg || !recvmsg) {
    return { sendmsg: undefined, recvmsg: undefined, sendmmsg: undefined, recvmmsg: undefined } as unknown as MsgProcs;
  }
  const block = new MessageBlock(ctx, { malloc, free, memcpy, memmove });
  const al = addressLayout(ctx);
  const { hdr, cmsg } = block;
  const native =
    raw.sendmmsg && raw.recvmmsg && block.mmsg
      ? { sendmmsg: raw.sendmmsg, recvmmsg: raw.recvmmsg, mmsg: block.mmsg }
      : undefined;

  /** An address's byte length: at least room for its family, as every address has. */
  const addressLength = (bytes: Uint8Array, proc: string, param: string): number => {
    const n = byteLengthOf(bytes);
    const least = al.family.offset + al.family.size;
    if (n < least) throw new RangeError(`${proc}: ${param} holds ${n} bytes, too few for an address family (${least})`);
    return n;
  };

  const sendParts = (msg: unknown, proc: string, param: string): SendParts => {
    const m = messageObject(msg, proc, param, '{ buffers, address?, fds? }');
    const [buffers, lengths] = bufferList(m['buffers'], proc, `${param}.buffers`);
    const address = m['address'] === undefined ? undefined : bytesOf(m['address'], proc, `${param}.address`);
    const nameLen = address ? addressLength(address, proc, `${param}.address`) : 0;
    const list = m['fds'];
    if (list !== undefined && !Array.isArray(list))
      throw typeError(proc, `${param}.fds`, 'an array of SocketHandle', list);
    const fds = (list ?? []) as unknown[];
    for (let i = 0; i < fds.length; i++) checkHandle(fds[i], proc, `${param}.fds[${i}]`);
    return { buffers, lengths, address, nameLen, fds: fds as number[], fdCount: fds.length };
  };

  const recvParts = (msg: unknown, proc: string): RecvParts => {
    const m = messageObject(msg, proc, 'msg', '{ buffers, addressBuffer?, maxFds? }');
    const [buffers, lengths] = bufferList(m['buffers'], proc, 'msg.buffers');
    const addressBuffer =
      m['addressBuffer'] === undefined ? undefined : bytesOf(m['addressBuffer'], proc, 'msg.addressBuffer');
    const nameLen = addressBuffer ? addressLength(addressBuffer, proc, 'msg.addressBuffer') : 0;
    const maxFds = m['maxFds'] === undefined ? 0 : m['maxFds'];
    if (typeof maxFds !== 'number') throw typeError(proc, 'msg.maxFds', 'an integer', maxFds);
    if (!Number.isInteger(maxFds) || maxFds < 0 || maxFds > MAX_FDS)
      throw rangeError(proc, 'msg.maxFds', `an integer in 0..${MAX_FDS}`, maxFds);
    return { buffers, lengths, addressBuffer, nameLen, fdCount: maxFds };
  };

  /** A message's address, payload and descriptors into the block image. */
  const fillSend = (p: MessagePlace, m: SendParts): void => {
    const image = block.image;
    // nameLen and lengths are the arrays' whole byte lengths (addressLength, bufferList): no subarray needed.
    if (m.address) image.set(m.address, p.name);
    for (let j = 0; j < m.buffers.length; j++) if (m.lengths[j]) image.set(m.buffers[j]!, p.data[j]!);
    if (m.fdCount) {
      block.put(p.control, cmsg.len, cmsg.data + 4 * m.fdCount);
      block.setInt32(p.control + cmsg.level.offset, C.SOL_SOCKET);
      block.setInt32(p.control + cmsg.type.offset, C.SCM_RIGHTS!);
      for (const [i, fd] of m.fds.entries()) block.setInt32(p.control + cmsg.data + 4 * i, fd);
    }
  };

  /** `[host, Port]` of the `namelen` address bytes at `at` of the image, when they hold one. */
  const senderAt = (at: number, namelen: number): [string, Port] | undefined => {
    if (!namelen) return undefined;
    const bytes = block.image.subarray(at, at + namelen);
    const text = addressText(al, bytes, namelen, true, false, 'recvmsg');
    if (text === undefined) return undefined;
    const family = familyOf(al, bytes, namelen);
    const port =
      family === al.AF_INET ? portAt(bytes, al.in4.port) : family === al.AF_INET6 ? portAt(bytes, al.in6.port) : 0;
    return [text, port as Port];
  };

  const cloexecFlag = (maxFds: number): number => (maxFds && C.MSG_CMSG_CLOEXEC !== undefined ? C.MSG_CMSG_CLOEXEC : 0);

  /** What recvmsg wrote for message `p`, `n` bytes long, out of the block image into the caller's buffers. */
  const readRecv = (p: MessagePlace, m: RecvParts, n: number, cloexec: number): RecvMsgResult => {
    const image = block.image;
    let left = n;
    m.buffers.forEach((b, j) => {
      const part = Math.min(left, m.lengths[j]!);
      if (part) b.set(image.subarray(p.data[j]!, p.data[j]! + part));
      left -= part;
    });
    const result: RecvMsgResult = { bytes: n, fds: [], flags: block.int32(p.header + hdr.flags.offset) };
    const namelen = Math.min(block.get(p.header, hdr.namelen), m.nameLen);
    if (m.addressBuffer && namelen) {
      m.addressBuffer.set(image.subarray(p.name, p.name + namelen));
      const sender = senderAt(p.name, namelen);
      if (sender) result.address = sender;
    }
    // Each SCM_RIGHTS message's descriptors, in order.
    const end = p.control + Math.min(block.get(p.header, hdr.controllen), p.controlLen);
    for (let at = p.control; at + cmsg.size <= end; ) {
      const len = block.get(at, cmsg.len);
      if (len < cmsg.data) break;
      if (block.int32(at + cmsg.level.offset) === C.SOL_SOCKET && block.int32(at + cmsg.type.offset) === C.SCM_RIGHTS) {
        for (let i = 0; i < Math.floor((len - cmsg.data) / 4); i++)
          result.fds.push(block.int32(at + cmsg.data + 4 * i) as SocketHandle);
      }
      at += Math.ceil(len / cmsg.align) * cmsg.align;
    }
    // The control buffer's alignment padding can fit more than maxFds: those are closed, as the kernel closes what does not fit.
    if (result.fds.length > m.fdCount) {
      for (const x of result.fds.splice(m.fdCount)) raw.close?.(x);
      result.flags |= C.MSG_CTRUNC ?? 0;
    }
    // Without MSG_CMSG_CLOEXEC (macOS), close-on-exec right after the call: not atomic with a concurrent fork.
    if (!cloexec && fcntl && C.F_SETFD !== undefined && C.FD_CLOEXEC !== undefined)
      for (const x of result.fds) fcntl(x, C.F_SETFD, C.FD_CLOEXEC);
    return result;
  };

  const sendOne = (fd: number, m: SendParts, flags: number): number => {
    const { places, length } = block.layout([m], hdr.size);
    fillSend(places[0]!, m);
    block.copyIn(length);
    return sendmsg(fd, block.base, flags);
  };

  const recvOne = (fd: number, m: RecvParts, flags: number): RecvMsgResult => {
    const { places, fixed, length } = block.layout([m], hdr.size);
    block.copyIn(fixed);
    const cloexec = cloexecFlag(m.fdCount);
    const n = recvmsg(fd, block.base, flags | cloexec);
    if (n === -1) return { bytes: -1, fds: [], flags: 0 };
    // The payload buffers follow the fixed part back to back: the n bytes received are their first n
    // (n can be larger, a datagram's whole length with MSG_TRUNC).
    block.copyOut(Math.min(length, fixed + n));
    return readRecv(places[0]!, m, n, cloexec);
  };

  /** recvmmsg's arguments, checked. */
  const batchArgs = (
    count: unknown,
    bufferSize: unknown,
    flags: unknown,
    timeout: unknown,
  ): [number, number, number | undefined] => {
    if (typeof count !== 'number') throw typeError('recvmmsg', 'count', 'an integer', count);
    if (!Number.isInteger(count) || count < 0 || count > MAX_BATCH)
      throw rangeError('recvmmsg', 'count', `an integer in 0..${MAX_BATCH}`, count);
    if (typeof bufferSize !== 'number') throw typeError('recvmmsg', 'bufferSize', 'an integer', bufferSize);
    if (!Number.isInteger(bufferSize) || bufferSize < 0 || bufferSize > MAX_BUFFER)
      throw rangeError('recvmmsg', 'bufferSize', `an integer in 0..${MAX_BUFFER}`, bufferSize);
    checkCint(flags, 'recvmmsg', 'flags');
    if (timeout !== undefined) {
      if (typeof timeout !== 'number')
        throw typeError('recvmmsg', 'timeout', 'an integer (milliseconds) or undefined', timeout);
      if (!Number.isInteger(timeout) || timeout < 0 || timeout > 0x7fffffff)
        throw rangeError('recvmmsg', 'timeout', 'an integer in 0..2147483647 (milliseconds)', timeout);
    }
    return [count, bufferSize, timeout as number | undefined];
  };

  return {
    sendmsg(s: SocketHandle, msg: SendMsg, flags: number): number {
      const fd = checkHandle(s, 'sendmsg', 's');
      const m = sendParts(msg, 'sendmsg', 'msg');
      checkCint(flags, 'sendmsg', 'flags');
      return sendOne(fd, m, flags);
    },

    recvmsg(s: SocketHandle, msg: RecvMsg, flags: number): RecvMsgResult {
      const fd = checkHandle(s, 'recvmsg', 's');
      const m = recvParts(msg, 'recvmsg');
      checkCint(flags, 'recvmsg', 'flags');
      return recvOne(fd, m, flags);
    },

    sendmmsg(s: SocketHandle, messages: SendMsg[], flags: number): number {
      const fd = checkHandle(s, 'sendmmsg', 's');
      if (!Array.isArray(messages))
        throw typeError('sendmmsg', 'messages', 'an array of { buffers, address?, fds? } objects', messages);
      if (messages.length > MAX_BATCH)
        throw rangeError('sendmmsg', 'messages', `at most ${MAX_BATCH} messages`, messages.length);
      const parts: SendParts[] = [];
      for (let i = 0; i < messages.length; i++) parts.push(sendParts(messages[i], 'sendmmsg', `messages[${i}]`));
      checkCint(flags, 'sendmmsg', 'flags');
      if (parts.length === 0) return 0;
      if (native) {
        const { places, length } = block.layout(parts, native.mmsg.size);
        for (let i = 0; i < parts.length; i++) fillSend(places[i]!, parts[i]!);
        block.copyIn(length);
        return native.sendmmsg(fd, block.base, parts.length, flags);
      }
      // As sendmmsg: the count sent, or -1 when the first fails.
      let sent = 0;
      for (const m of parts) {
        if (sendOne(fd, m, flags) === -1) return sent || -1;
        sent++;
      }
      return sent;
    },

    recvmmsg(s: SocketHandle, count: number, bufferSize: number, flags: number, timeout?: number): RecvMmsgMessage[] {
      const fd = checkHandle(s, 'recvmmsg', 's');
      const [n, size, ms] = batchArgs(count, bufferSize, flags, timeout);
      const shape: RecvParts = {
        buffers: [],
        lengths: [size],
        addressBuffer: undefined,
        nameLen: al.storageSize,
        fdCount: 0,
      };
      if (native) {
        const shapes = new Array<RecvParts>(n).fill(shape);
        // The timeout (a struct timespec) in the 16 bytes of the layout's tail.
        const { places, fixed, tailAt } = block.layout(shapes, native.mmsg.size, 16);
        let ts = 0n;
        if (ms !== undefined) {
          block.view.setBigInt64(tailAt, BigInt(Math.floor(ms / 1000)), true);
          block.view.setBigInt64(tailAt + 8, BigInt((ms % 1000) * 1e6), true);
          ts = block.base + BigInt(tailAt);
        }
        block.copyIn(fixed);
        const got = native.recvmmsg(fd, block.base, n, flags, ts);
        if (got === -1) return [];
        // Back into the image: the fixed part and the payload room of the `got` messages received
        // only (one copy: a call per payload costs more than the room between them).
        block.copyOut(got > 0 ? places[got - 1]!.data[0]! + size : fixed);
        const out: RecvMmsgMessage[] = [];
        for (let i = 0; i < got; i++) {
          const p = places[i]!;
          const from = p.data[0]!;
          const data = block.image.slice(from, from + Math.min(block.get(p.header, native.mmsg.len), size));
          const message: RecvMmsgMessage = { data, flags: block.int32(p.header + hdr.flags.offset) };
          const sender = senderAt(p.name, Math.min(block.get(p.header, hdr.namelen), al.storageSize));
          if (sender) message.address = sender;
          out.push(message);
        }
        return out;
      }
      // As recvmmsg: the same flags for every message; the timeout is checked after each one.
      const started = Date.now();
      const out: RecvMmsgMessage[] = [];
      for (let i = 0; i < n; i++) {
        const data = new Uint8Array(size);
        const r = recvOne(fd, { ...shape, buffers: [data], addressBuffer: new Uint8Array(al.storageSize) }, flags);
        if (r.bytes === -1) break;
        const message: RecvMmsgMessage = { data: data.subarray(0, Math.min(r.bytes, size)), flags: r.flags };
        if (r.address) message.address = r.address;
        out.push(message);
        if (ms !== undefined && Date.now() - started >= ms) break;
      }
      return out;
    },
  };
}
