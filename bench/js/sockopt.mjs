// getSockOptInt(s, SOL_SOCKET, SO_TYPE): ns per call (bench/sockopt.c's counterpart).
// usage: node sockopt.mjs napi|koffi|napi-raw|koffi-raw|floor CALLS REPS
// `floor`: bench/out/napi_floor.node's bare Node-API getsockopt (bench/napi/floor.c).
import { createRequire } from 'node:module';
import { C, check, intArg, loadPackage, printSamples } from './common.mjs';

const impl = process.argv[2];
const api = await loadPackage(impl === 'floor' ? 'napi' : impl);
const calls = intArg(3, 500000);
const reps = intArg(4, 7);
const s = api.createNativeSocket(api.AF_INET, api.SOCK_STREAM, api.IPPROTO_TCP);
check(s !== api.osInvalidSocket, api, 'createNativeSocket');
const { SOL_SOCKET } = api;
const SO_TYPE = C.SO_TYPE;
const stream = api.toInt(api.SOCK_STREAM);
const getSockOptInt =
  impl === 'floor' ? floorCall(createRequire(import.meta.url)('../out/napi_floor.node')) : api.getSockOptInt;

/** The bare addon reads SOL_SOCKET and SO_TYPE as C constants: check they are the ones timed here. */
function floorCall(floor) {
  if (SOL_SOCKET !== api.SOL_SOCKET || SO_TYPE !== C.SO_TYPE) throw new Error('bench: floor: other option');
  return (fd) => floor.soType(fd);
}

function run(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += getSockOptInt(s, SOL_SOCKET, SO_TYPE);
  if (sink !== n * stream) throw new Error('bench: wrong SO_TYPE');
}

const samples = [];
for (let r = -2; r < reps; r++) {
  // r < 0: warm-up (and JIT), not recorded
  const t0 = performance.now();
  run(calls);
  const t1 = performance.now();
  if (r >= 0) samples.push(((t1 - t0) * 1e6) / calls);
}
api.close(s);
printSamples(samples);
