// ICMP echo ("ping") to 127.0.0.1 over a raw socket: builds the echo request
// by hand (type 8, identifier, sequence, RFC 1071 checksum), sends it with
// sendtoAsync and waits with recvfromAsync for the matching echo reply (type 0),
// reading past the IPv4 header the kernel puts in front of raw replies.
//
//   node examples/icmp-ping.mjs [count]
//
// A raw socket needs CAP_NET_RAW (root, or `setcap cap_net_raw+ep $(which node)`).
// Without it, socket() fails with EPERM or EACCES and the example says it is
// skipped and exits 0.

import { constants } from 'node:os';
import {
  AF_INET,
  close,
  createNativeSocket,
  getAddrString,
  htonl,
  IPPROTO_ICMP,
  osErrorMsg,
  osInvalidSocket,
  osLastError,
  recvfromAsync,
  SOCK_RAW,
  Sockaddr_in,
  Sockaddr_storage,
  sendtoAsync,
  toInt,
} from 'nativesockets';

const count = Number(process.argv[2] ?? 3);
const s = createNativeSocket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
if (s === osInvalidSocket) {
  const err = osLastError();
  if (err === constants.errno.EPERM || err === constants.errno.EACCES) {
    console.log(`skipped: a raw ICMP socket needs CAP_NET_RAW (${osErrorMsg(err)})`);
    process.exit(0);
  }
  throw new Error(`socket: ${osErrorMsg(err)}`);
}

/** The Internet checksum (RFC 1071) of `bytes`. */
function checksum(bytes) {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function echoRequest(id, seq, payload) {
  const packet = new Uint8Array(8 + payload.length);
  const view = new DataView(packet.buffer);
  view.setUint8(0, 8); // type: echo request
  view.setUint8(1, 0); // code
  view.setUint16(4, id);
  view.setUint16(6, seq);
  packet.set(payload, 8);
  view.setUint16(2, checksum(packet));
  return packet;
}

const to = new Sockaddr_in();
to.sin_family = toInt(AF_INET);
to.sin_addr.s_addr = htonl(0x7f000001);
const id = process.pid & 0xffff;
const payload = new TextEncoder().encode('nativesockets ping');
const inbox = new Uint8Array(1500);
const from = new Sockaddr_storage();
let received = 0;
try {
  for (let seq = 1; seq <= count; seq++) {
    const request = echoRequest(id, seq, payload);
    const signal = AbortSignal.timeout(2000);
    const t0 = performance.now();
    await sendtoAsync(s, request, request.length, 0, to, Sockaddr_in.size, { signal });
    // A raw socket sees every ICMP packet of the host (our own request too on loopback): wait for our reply.
    for (;;) {
      const fromlen = { value: Sockaddr_storage.size };
      const n = await recvfromAsync(s, inbox, inbox.length, 0, from, fromlen, { signal });
      const ipHeader = (inbox[0] & 0x0f) * 4;
      const icmp = new DataView(inbox.buffer, ipHeader, n - ipHeader);
      if (icmp.getUint8(0) === 0 && icmp.getUint16(4) === id && icmp.getUint16(6) === seq) {
        console.log(
          `${n - ipHeader} bytes from ${getAddrString(from)}: icmp_seq=${seq} ttl=${inbox[8]} time=${(performance.now() - t0).toFixed(3)} ms`,
        );
        received++;
        break;
      }
    }
  }
} finally {
  close(s);
}
console.log(`${count} packets transmitted, ${received} received`);
