// UDP datagrams on 127.0.0.1: a receiver bound to an ephemeral port waits
// with recvfromAsync; a sender sends three datagrams with sendtoAsync; the
// receiver prints each one with the sender's address (getAddrString) and port.
//
//   node examples/udp.mjs
import {
  AF_INET,
  bindAddr,
  close,
  createNativeSocket,
  getAddrString,
  getSockName,
  htonl,
  htons,
  IPPROTO_UDP,
  ntohs,
  recvfromAsync,
  SOCK_DGRAM,
  Sockaddr_in,
  Sockaddr_storage,
  sendtoAsync,
  toInt,
} from 'nativesockets';

const loopback = (port) => {
  const a = new Sockaddr_in();
  a.sin_family = toInt(AF_INET);
  a.sin_addr.s_addr = htonl(0x7f000001);
  a.sin_port = htons(port);
  return a;
};

const receiver = createNativeSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
const sender = createNativeSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
try {
  if (bindAddr(receiver, loopback(0), Sockaddr_in.size) !== 0) throw new Error('bind failed');
  const port = getSockName(receiver);
  const signal = AbortSignal.timeout(5000);

  const receiving = (async () => {
    const buf = new Uint8Array(1500);
    const from = new Sockaddr_storage();
    for (let i = 0; i < 3; i++) {
      const fromlen = { value: Sockaddr_storage.size };
      const n = await recvfromAsync(receiver, buf, buf.length, 0, from, fromlen, { signal });
      const sender = new Sockaddr_in(from.bytes);
      console.log(
        `received "${new TextDecoder().decode(buf.subarray(0, n))}" from ${getAddrString(from)}:${ntohs(sender.sin_port)}`,
      );
    }
  })();

  for (const text of ['one', 'two', 'three']) {
    const bytes = new TextEncoder().encode(text);
    await sendtoAsync(sender, bytes, bytes.length, 0, loopback(port), Sockaddr_in.size, { signal });
  }
  await receiving;
} finally {
  close(sender);
  close(receiver);
}
