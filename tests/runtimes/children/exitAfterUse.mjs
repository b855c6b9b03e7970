// Loads one backend (argv[2]) from dist/, makes a socket, hands the raw C call
// a DataView where C wants a typed array (a TypeError on every runtime; Bun's
// N-API took one as a typed array), and leaves the process to end by itself:
// its natural exit runs the addon's cleanup hooks, where Deno used to abort.
const name = /** @type {'napi' | 'koffi' | 'bunffi' | 'denoffi'} */ (process.argv[2]);
const ns = await import(`../../../dist/generated/entries/${name}.js`);
const { loadRawBackend } = await import('../../../dist/runtime/backends.js');
const raw = loadRawBackend(name);
const s = ns.createNativeSocket();
const report = { backend: ns.backend, socket: s !== ns.osInvalidSocket };
const dataView = () => new DataView(new ArrayBuffer(4));
const outcome = (call) => {
  try {
    call();
    return 'accepted';
  } catch (e) {
    return e instanceof TypeError ? 'TypeError' : `${e?.name}: ${e?.message}`;
  }
};
// @ts-expect-error a DataView where C wants a typed array is what this child checks
report.optval = outcome(() => raw.getsockopt(s, ns.SOL_SOCKET, ns.SO_TYPE, dataView(), new Uint32Array([4])));
// @ts-expect-error as above, for the length
report.optlen = outcome(() => raw.getsockopt(s, ns.SOL_SOCKET, ns.SO_TYPE, new Uint8Array(4), dataView()));
ns.close(s);
console.log(JSON.stringify(report));
