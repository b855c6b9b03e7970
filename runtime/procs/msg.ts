// Beyond Nim: sendmsg and recvmsg (POSIX). A msghdr holds pointers (to the
// iovecs, the data, the address and the control data), and JavaScript buffers
// have no address the runtime could write there. So each call packs the whole
// message into one block of C memory this backend owns (malloc): the msghdr,
// the iovecs, the address and control data are built in a staging buffer from
// the spec's layouts and copied in with memcpy, as is the payload; what
// recvmsg received is copied back out with memmove. The block's address is
// what the plain C function gets, on both backends.
import type { NativeSocketsApi, Port, RecvMsg, RecvMsgResult, SendMsg, SocketHandle } from '../../generated/api.js';
import { STRUCT_LAYOUTS } from '../../generated/structs.js';
import { addressLayout, addressText, familyOf, portAt } from '../addressText.js';
import { byteLengthOf, checkCint, checkHandle, rangeError, typeError } from '../check.js';
import type { RuntimeContext } from '../context.js';
import { bytesOf } from '../struct.js';

type MsgProcs = Pick<NativeSocketsApi, 'sendmsg' | 'recvmsg'>;

/** CMSG_ALIGN's unit: sizeof(size_t) on linux, 4 on macOS (__DARWIN_ALIGN32), sizeof(register_t) on FreeBSD (_ALIGN). */
const CMSG_ALIGN: Readonly<Record<string, number>> = { linux: 8, macosx: 4, freebsd: 8 };
/** The most descriptors one recvmsg takes (linux's SCM_MAX_FD is 253; the rest is room to spare). */
const MAX_FDS = 65536;

const align = (n: number, unit: number): number => Math.ceil(n / unit) * unit;

function bufferList(v: unknown, proc: string, param: string): [Uint8Array[], number[]] {
  if (!Array.isArray(v)) throw typeError(proc, param, 'an array of Uint8Array', v);
  const lengths: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] instanceof Uint8Array)) throw typeError(proc, `${param}[${i}]`, 'a Uint8Array', v[i]);
    lengths.push(byteLengthOf(v[i] as Uint8Array));
  }
  return [v as Uint8Array[], lengths];
}

function messageObject(v: unknown, proc: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) throw typeError(proc, 'msg', `a ${proc === 'sendmsg' ? '{ buffers, address?, fds? }' : '{ buffers, addressBuffer?, maxFds? }'} object`, v);
  return v as Record<string, unknown>;
}

export function msgProcs(ctx: RuntimeContext): MsgProcs {
  const { raw, C } = ctx;
  const { malloc, free, memcpy, memmove, sendmsg, recvmsg, fcntl } = raw;
  if (!malloc || !free || !memcpy || !memmove || !sendmsg || !recvmsg) return { sendmsg: undefined, recvmsg: undefined } as unknown as MsgProcs;
  const L = STRUCT_LAYOUTS[ctx.platform];
  const hdr = L.msghdr!;
  const iov = L.iovec!;
  const cmsg = L.cmsghdr!;
  const al = addressLayout(ctx);
  const cmsgAlign = CMSG_ALIGN[ctx.platform] ?? 8;
  const cmsgData = align(cmsg.size, cmsgAlign);
  const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const f = (layout: typeof hdr, name: string) => layout.fields[name]!;
  /** An address's byte length: at least room for its family, as every address has. */
  const addressLength = (bytes: Uint8Array, param: string): number => {
    const n = byteLengthOf(bytes);
    const least = al.family.offset + al.family.size;
    if (n < least) throw new RangeError(`${param.startsWith('msg.addressBuffer') ? 'recvmsg' : 'sendmsg'}: ${param} holds ${n} bytes, too few for an address family (${least})`);
    return n;
  };

  // The C block, grown as needed (never shrunk; freed never: one per backend and thread).
  let block = 0n;
  let blockSize = 0;
  const reserve = (n: number): bigint => {
    if (n > blockSize) {
      const size = Math.max(n, blockSize * 2, 4096);
      const p = malloc(size);
      if (p === 0n) throw new Error(`nativesockets: malloc(${size}) failed for a message block`);
      if (block !== 0n) free(block);
      block = p;
      blockSize = size;
    }
    return block;
  };
  let staging = new Uint8Array(1024);
  const stage = (n: number): DataView => {
    if (n > staging.byteLength) staging = new Uint8Array(Math.max(n, staging.byteLength * 2));
    staging.fill(0, 0, n);
    return new DataView(staging.buffer, 0, n);
  };
  const put = (dv: DataView, at: number, field: { offset: number; size: number }, value: number | bigint): void => {
    if (field.size === 8) dv.setBigUint64(at + field.offset, BigInt(value), LE);
    else dv.setUint32(at + field.offset, Number(value), LE);
  };
  const get = (dv: DataView, at: number, field: { offset: number; size: number }): number =>
    field.size === 8 ? Number(dv.getBigUint64(at + field.offset, LE)) : dv.getUint32(at + field.offset, LE);

  /**
   * Packs a message: [msghdr | iovecs | address | control] staged, then the
   * payload after it. Returns the offsets of what follows the header.
   */
  const pack = (lengths: number[], nameLen: number, controlLen: number) => {
    const iovAt = align(hdr.size, 8);
    const nameAt = iovAt + lengths.length * iov.size;
    const controlAt = align(nameAt + nameLen, 8);
    const dataAt = align(controlAt + controlLen, 8);
    let total = dataAt;
    const dataOffsets = lengths.map((n) => {
      const at = total;
      total += n;
      return at;
    });
    const base = reserve(Math.max(total, 1));
    const dv = stage(dataAt);
    if (nameLen) put(dv, 0, f(hdr, 'msg_name'), base + BigInt(nameAt));
    put(dv, 0, f(hdr, 'msg_namelen'), nameLen);
    put(dv, 0, f(hdr, 'msg_iov'), lengths.length ? base + BigInt(iovAt) : 0n);
    put(dv, 0, f(hdr, 'msg_iovlen'), lengths.length);
    if (controlLen) put(dv, 0, f(hdr, 'msg_control'), base + BigInt(controlAt));
    put(dv, 0, f(hdr, 'msg_controllen'), controlLen);
    lengths.forEach((n, i) => {
      put(dv, iovAt + i * iov.size, f(iov, 'iov_base'), base + BigInt(dataOffsets[i]!));
      put(dv, iovAt + i * iov.size, f(iov, 'iov_len'), n);
    });
    return { base, dv, nameAt, controlAt, dataAt, dataOffsets };
  };

  return {
    sendmsg(s: SocketHandle, msg: SendMsg, flags: number): number {
      const fd = checkHandle(s, 'sendmsg', 's');
      const m = messageObject(msg, 'sendmsg');
      const [buffers, lengths] = bufferList(m['buffers'], 'sendmsg', 'msg.buffers');
      const address = m['address'] === undefined ? undefined : bytesOf(m['address'], 'sendmsg', 'msg.address');
      const nameLen = address ? addressLength(address, 'msg.address') : 0;
      const fdList = m['fds'];
      if (fdList !== undefined && !Array.isArray(fdList)) throw typeError('sendmsg', 'msg.fds', 'an array of SocketHandle', fdList);
      const fds = (fdList ?? []) as unknown[];
      for (let i = 0; i < fds.length; i++) checkHandle(fds[i], 'sendmsg', `msg.fds[${i}]`);
      checkCint(flags, 'sendmsg', 'flags');
      const controlLen = fds.length ? cmsgData + align(4 * fds.length, cmsgAlign) : 0;
      const { base, dv, nameAt, controlAt, dataOffsets } = pack(lengths, nameLen, controlLen);
      if (fds.length) {
        put(dv, controlAt, f(cmsg, 'cmsg_len'), cmsgData + 4 * fds.length);
        dv.setInt32(controlAt + f(cmsg, 'cmsg_level').offset, C.SOL_SOCKET, LE);
        dv.setInt32(controlAt + f(cmsg, 'cmsg_type').offset, C.SCM_RIGHTS!, LE);
        fds.forEach((x, i) => dv.setInt32(controlAt + cmsgData + 4 * i, x as number, LE));
      }
      memcpy(base, staging, dv.byteLength);
      if (address && nameLen) memcpy(base + BigInt(nameAt), address, nameLen);
      buffers.forEach((b, i) => {
        if (lengths[i]) memcpy(base + BigInt(dataOffsets[i]!), b, lengths[i]!);
      });
      return sendmsg(fd, base, flags);
    },

    recvmsg(s: SocketHandle, msg: RecvMsg, flags: number): RecvMsgResult {
      const fd = checkHandle(s, 'recvmsg', 's');
      const m = messageObject(msg, 'recvmsg');
      const [buffers, lengths] = bufferList(m['buffers'], 'recvmsg', 'msg.buffers');
      const addressBuffer = m['addressBuffer'] === undefined ? undefined : bytesOf(m['addressBuffer'], 'recvmsg', 'msg.addressBuffer');
      const nameLen = addressBuffer ? addressLength(addressBuffer, 'msg.addressBuffer') : 0;
      const maxFds = m['maxFds'] === undefined ? 0 : m['maxFds'];
      if (typeof maxFds !== 'number') throw typeError('recvmsg', 'msg.maxFds', 'an integer', maxFds);
      if (!Number.isInteger(maxFds) || maxFds < 0 || maxFds > MAX_FDS) throw rangeError('recvmsg', 'msg.maxFds', `an integer in 0..${MAX_FDS}`, maxFds);
      checkCint(flags, 'recvmsg', 'flags');
      const controlLen = maxFds ? cmsgData + align(4 * maxFds, cmsgAlign) : 0;
      const { base, dv, nameAt, controlAt, dataOffsets } = pack(lengths, nameLen, controlLen);
      memcpy(base, staging, dv.byteLength);
      const cloexec = maxFds && C.MSG_CMSG_CLOEXEC !== undefined ? C.MSG_CMSG_CLOEXEC : 0;
      const n = recvmsg(fd, base, flags | cloexec);
      if (n === -1) return { bytes: -1, fds: [], flags: 0 };
      // The header, address and control data the call wrote.
      memmove(staging, base, dv.byteLength);
      const namelen = get(dv, 0, f(hdr, 'msg_namelen'));
      const controllen = get(dv, 0, f(hdr, 'msg_controllen'));
      const msgFlags = dv.getInt32(f(hdr, 'msg_flags').offset, LE);
      let left = n;
      buffers.forEach((b, i) => {
        const part = Math.min(left, lengths[i]!);
        if (part) memmove(b, base + BigInt(dataOffsets[i]!), part);
        left -= part;
      });
      const result: RecvMsgResult = { bytes: n, fds: [], flags: msgFlags };
      if (addressBuffer && namelen) {
        const got = Math.min(namelen, nameLen);
        memmove(addressBuffer, base + BigInt(nameAt), got);
        const text = addressText(al, addressBuffer, got, true, false, 'recvmsg');
        const family = familyOf(al, addressBuffer, got);
        if (text !== undefined) {
          const port = family === al.AF_INET ? portAt(addressBuffer, al.in4.port) : family === al.AF_INET6 ? portAt(addressBuffer, al.in6.port) : 0;
          result.address = [text, port as Port];
        }
      }
      // Each SCM_RIGHTS message's descriptors, in order.
      for (let at = controlAt; controllen && at + cmsg.size <= controlAt + Math.min(controllen, controlLen);) {
        const len = get(dv, at, f(cmsg, 'cmsg_len'));
        if (len < cmsgData) break;
        const level = dv.getInt32(at + f(cmsg, 'cmsg_level').offset, LE);
        const type = dv.getInt32(at + f(cmsg, 'cmsg_type').offset, LE);
        if (level === C.SOL_SOCKET && type === C.SCM_RIGHTS) {
          for (let i = 0; i < Math.floor((len - cmsgData) / 4); i++) result.fds.push(dv.getInt32(at + cmsgData + 4 * i, LE) as SocketHandle);
        }
        at += align(len, cmsgAlign);
      }
      // The control buffer's alignment padding can fit more than maxFds: those are closed, as the kernel closes what does not fit.
      if (result.fds.length > maxFds) {
        for (const x of result.fds.splice(maxFds)) raw.close?.(x);
        result.flags |= C.MSG_CTRUNC ?? 0;
      }
      // Without MSG_CMSG_CLOEXEC (macOS), close-on-exec right after the call: not atomic with a concurrent fork.
      if (!cloexec && fcntl && C.F_SETFD !== undefined && C.FD_CLOEXEC !== undefined) for (const x of result.fds) fcntl(x, C.F_SETFD, C.FD_CLOEXEC);
      return result;
    },
  };
}
