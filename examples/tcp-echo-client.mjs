// A TCP echo client: connects to 127.0.0.1:PORT, sends each message, and
// prints what the server sends back.
//
//   node examples/tcp-echo-client.mjs PORT [message ...]
//
// Every wait (connect, send, recv) happens in Node's event loop, and the whole
// exchange is bounded: AbortSignal.timeout cancels whatever is pending after 5 s.
import {
  AF_INET,
  close,
  connectAsync,
  createNativeSocket,
  htonl,
  htons,
  IPPROTO_TCP,
  recvAsync,
  SOCK_STREAM,
  Sockaddr_in,
  sendAsync,
  toInt,
} from 'nativesockets';

const [portText, ...messages] = process.argv.slice(2);
if (!portText) throw new Error('usage: tcp-echo-client.mjs PORT [message ...]');
const signal = AbortSignal.timeout(5000);

const s = createNativeSocket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
try {
  const to = new Sockaddr_in();
  to.sin_family = toInt(AF_INET);
  to.sin_addr.s_addr = htonl(0x7f000001);
  to.sin_port = htons(Number(portText));
  await connectAsync(s, to, Sockaddr_in.size, { signal });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const inbox = new Uint8Array(4096);
  for (const message of messages.length ? messages : ['hello']) {
    const out = encoder.encode(message);
    for (let sent = 0; sent < out.length; )
      sent += await sendAsync(s, out.subarray(sent), out.length - sent, 0, { signal });
    // TCP is a stream: read until the whole echo is back.
    let got = 0;
    while (got < out.length) {
      const n = await recvAsync(s, inbox.subarray(got), inbox.length - got, 0, { signal });
      if (n === 0) throw new Error('the server closed the connection');
      got += n;
    }
    console.log(`echo: ${decoder.decode(inbox.subarray(0, got))}`);
  }
} finally {
  close(s);
}
