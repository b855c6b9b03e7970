// selectRead over HANDLES UDP sockets, each with one datagram queued (all
// readable, so the array stays whole), timeout 0: µs per call (bench/poll.c's counterpart).
// usage: node select.mjs napi|koffi HANDLES CALLS REPS
import { check, intArg, loadPackage, loopback, printSamples } from './common.mjs';

const api = await loadPackage(process.argv[2]);
const count = intArg(3, 1000);
const calls = intArg(4, 2000);
const reps = intArg(5, 7);
const sender = api.createNativeSocket(api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
const handles = [];
const x = new Uint8Array([120]);
for (let i = 0; i < count; i++) {
  const fd = api.createNativeSocket(api.AF_INET, api.SOCK_DGRAM, api.IPPROTO_UDP);
  check(fd !== api.osInvalidSocket, api, 'createNativeSocket');
  const sa = loopback(api, 0);
  check(api.bindAddr(fd, sa, sa.bytes.byteLength) === 0, api, 'bindAddr');
  const to = loopback(api, api.getSockName(fd));
  check(api.sendto(sender, x, 1, 0, to, to.bytes.byteLength) === 1, api, 'sendto');
  handles.push(fd);
}
const { selectRead } = api;
const samples = [];
for (let r = -2; r < reps; r++) {
  // r < 0: warm-up (and JIT), not recorded
  const t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    const n = selectRead(handles, 0);
    if (n !== count || handles.length !== count) throw new Error(`bench: only ${n} of ${count} ready`);
  }
  if (r >= 0) samples.push(((performance.now() - t0) * 1000) / calls);
}
printSamples(samples);
