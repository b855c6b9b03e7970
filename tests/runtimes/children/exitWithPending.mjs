// Loads one backend (argv[2]) from dist/, leaves a recvfromAsync pending on a
// UDP socket nobody sends to (the runtime's waiting thread, where there is one,
// is then blocked in its wait, armed), and calls process.exit(0) from a later
// turn of the event loop: the process must end at once with status 0, no
// thread of the package left to hold it.
const name = /** @type {'napi' | 'koffi' | 'bunffi' | 'denoffi'} */ (process.argv[2]);
const ns = await import(`../../../dist/generated/entries/${name}.js`);
const { asyncState } = await import('../../../dist/runtime/async/index.js');
const s = ns.createNativeSocket(ns.AF_INET, ns.SOCK_DGRAM, ns.IPPROTO_UDP);
const address = new ns.Sockaddr_in();
address.sin_family = ns.toInt(ns.AF_INET);
address.sin_addr.s_addr = ns.htonl(0x7f000001);
if (ns.bindAddr(s, address, ns.Sockaddr_in.size) !== 0) throw new Error(`bind: errno ${ns.osLastError()}`);
const from = new ns.Sockaddr_storage();
const pending = ns.recvfromAsync(s, new Uint8Array(16), 16, 0, from, { value: ns.Sockaddr_storage.size });
pending.then(
  () => console.log('the recvfromAsync settled: nobody sent anything'),
  (e) => console.log(`the recvfromAsync rejected: ${e}`),
);
await new Promise((resolve) => setImmediate(resolve));
const state = asyncState(ns);
console.log(JSON.stringify({ backend: ns.backend, pending: state.pending, kind: state.kind }));
process.exit(0);
