// A UDP echo in batches: the client sends 64 datagrams, 32 per sendmmsg
// call; the server takes up to 32 per recvmmsg call and echoes each back to
// its sender with one sendmmsg. One system call per batch on Linux (a loop
// of sendmsg / recvmsg on macOS and FreeBSD). POSIX only.
//
//   node examples/udp-batch-echo.mjs
import {
  AF_INET,
  bindAddr,
  close,
  createNativeSocket,
  getLocalAddr,
  IPPROTO_UDP,
  Port,
  recvmmsgAsync,
  SOCK_DGRAM,
  sendmmsg,
  sendmmsgAsync,
  sockAddr,
} from 'nativesockets';

if (!sendmmsg || !sendmmsgAsync || !recvmmsgAsync) {
  console.log(`skipped: no sendmmsg (sendmsg) on ${process.platform}`);
  process.exit(0);
}

const TOTAL = 64;
const BATCH = 32;
const signal = AbortSignal.timeout(10000);
const server = createNativeSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
const client = createNativeSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
try {
  for (const s of [server, client]) {
    const local = sockAddr('127.0.0.1', Port(0));
    if (bindAddr(s, local, local.bytes.byteLength) !== 0) throw new Error('bind failed');
  }
  const serverAddr = sockAddr(...getLocalAddr(server, AF_INET));
  console.log(`server on ${getLocalAddr(server, AF_INET).join(':')}`);

  const serving = (async () => {
    let echoed = 0;
    while (echoed < TOTAL) {
      const batch = await recvmmsgAsync(server, BATCH, 1500, 0, undefined, { signal });
      // Each datagram back to its own sender.
      const replies = batch.map((m) => {
        if (!m.address) throw new Error('a datagram without a sender');
        return { buffers: [m.data], address: sockAddr(...m.address) };
      });
      echoed += await sendmmsgAsync(server, replies, 0, { signal });
      console.log(`server: echoed a batch of ${batch.length}`);
    }
    return echoed;
  })();

  const encoder = new TextEncoder();
  let sent = 0;
  while (sent < TOTAL) {
    const batch = Array.from({ length: BATCH }, (_, i) => ({
      buffers: [encoder.encode(`datagram ${sent + i}`)],
      address: serverAddr,
    }));
    sent += await sendmmsgAsync(client, batch, 0, { signal });
  }
  const seen = new Set();
  while (seen.size < TOTAL) {
    for (const m of await recvmmsgAsync(client, BATCH, 1500, 0, undefined, { signal }))
      seen.add(new TextDecoder().decode(m.data));
  }
  console.log(`client: sent ${sent}, got ${seen.size} distinct echoes back`);
  console.log(`server: echoed ${await serving}`);
} finally {
  close(server);
  close(client);
}
