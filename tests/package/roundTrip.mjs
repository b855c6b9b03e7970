// The loopback TCP round trip the package tests run in a child Node against an
// installed copy of the package (make test-package, make test-arm64), as source
// text: `ns` is the imported or required module. A blocking connect, send and
// close; acceptAsync and recvAsync through the event-loop waiter. Prints
// "<backend> round trip" and exits non-zero on any failure.
export const ROUND_TRIP = `
(async () => {
  const s = ns.createNativeSocket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
  const c = ns.createNativeSocket(ns.AF_INET, ns.SOCK_STREAM, ns.IPPROTO_TCP);
  const loopback = new ns.Sockaddr_in();
  loopback.sin_family = ns.toInt(ns.AF_INET);
  loopback.sin_addr.s_addr = ns.htonl(0x7f000001);
  if (ns.bindAddr(s, loopback, ns.Sockaddr_in.size) !== 0 || ns.listen(s) !== 0) throw new Error(ns.osErrorMsg(ns.osLastError()));
  loopback.sin_port = ns.htons(ns.getSockName(s));
  if (ns.connect(c, loopback, ns.Sockaddr_in.size) !== 0) throw new Error(ns.osErrorMsg(ns.osLastError()));
  const [peer] = await ns.acceptAsync(s);
  const sent = Buffer.from('round trip');
  ns.send(c, sent, sent.length, 0);
  const got = Buffer.alloc(64);
  const n = await ns.recvAsync(peer, got, got.length, 0);
  for (const h of [peer, c, s]) ns.close(h);
  console.log(ns.backend, got.subarray(0, n).toString());
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;
