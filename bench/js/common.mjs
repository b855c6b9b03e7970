// Shared by the JS drivers of `make bench`: the implementation under test
// (the package's napi, koffi, bunffi or denoffi entry, or Node's own net/dgram), the running
// platform's constants (TCP_NODELAY and SO_TYPE are internal spec constants),
// and the one JSON line each driver prints ({"samples":[...]}) for bench/run.mjs.
import { createRequire } from 'node:module';
import { CONSTANTS, PLATFORMS } from '../../dist/generated/platformTables.js';
import { currentPlatform } from '../../dist/runtime/platform.js';

export { loopback4 as loopback } from '../../tests/support/common.mjs';

/** Every spec constant on this platform, internal ones included. */
export const C = CONSTANTS[currentPlatform()];

/**
 * The package bound to one backend, imported by its public entry. `napi-raw` /
 * `koffi-raw`: the same, with the per-call procs the benchmarks time (send,
 * recv, sendto, recvfrom, getSockOptInt) calling the raw backend directly, with no
 * runtime layer and no checks: the floor the public procs are compared with.
 * `napi-floor`: send, recv, sendto and recvfrom are bench/napi/floor.c's bare
 * Node-API functions, the least any Node-API binding of them can do;
 * `koffi-floor`: the same four as bare koffi functions of the C library,
 * called with no wrapper.
 */
export async function loadPackage(impl) {
  const [backend, layer] = impl.split('-');
  const layers = backend === 'napi' || backend === 'koffi' ? ['raw', 'floor'] : ['raw'];
  if (!['napi', 'koffi', 'bunffi', 'denoffi'].includes(backend) || (layer !== undefined && !layers.includes(layer)))
    throw new Error(`bench: unknown backend ${impl}`);
  const api = await import(`nativesockets/${backend}`);
  if (api.backend !== backend) throw new Error(`bench: asked for ${backend}, got ${api.backend}`);
  if (layer === 'floor') return byteProcs(api, backend === 'napi' ? napiFloor() : await koffiFloor());
  return layer ? await rawProcs(api, backend) : api;
}

function napiFloor() {
  return createRequire(import.meta.url)('../out/napi_floor.node');
}

async function koffiFloor() {
  const { default: koffi } = await import('koffi');
  const lib = koffi.load(PLATFORMS[currentPlatform()].cLibrary);
  const io = ['int', 'void *', 'size_t', 'int'];
  return {
    send: lib.func('send', 'long', io),
    recv: lib.func('recv', 'long', io),
    sendto: lib.func('sendto', 'long', [...io, 'void *', 'uint32_t']),
    recvfrom: lib.func('recvfrom', 'long', [...io, 'void *', 'void *']),
  };
}

/**
 * The public API with send, recv, sendto and recvfrom from `calls` (a raw
 * backend or a floor), taking the structs' bytes and the { value } box as the
 * public procs take them.
 */
function byteProcs(api, calls) {
  const fromLen = new Uint32Array(1);
  return {
    ...api,
    send: calls.send,
    recv: calls.recv,
    sendto: (s, buf, len, flags, to, tolen) => calls.sendto(s, buf, len, flags, to.bytes, tolen),
    recvfrom: (s, buf, len, flags, from, fromlen) => {
      fromLen[0] = fromlen.value;
      const n = calls.recvfrom(s, buf, len, flags, from.bytes, fromLen);
      fromlen.value = fromLen[0];
      return n;
    },
  };
}

async function rawProcs(api, backend) {
  const { loadRawBackend } = await import('../../dist/runtime/backends.js');
  const r = loadRawBackend(backend);
  const optval = new Int32Array(1);
  const optlen = new Uint32Array(1);
  return {
    ...byteProcs(api, r),
    getSockOptInt: (s, level, name) => {
      if (r.getsockoptInt) return r.getsockoptInt(s, level, name);
      optlen[0] = 4;
      r.getsockopt(s, level, name, optval, optlen);
      return optval[0];
    },
  };
}

/**
 * Reports an error and ends the process at once: a worker thread blocked in a
 * socket call cannot be stopped, so process.exit() would wait for it forever.
 */
export function fatal(e) {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.kill(process.pid, 'SIGKILL');
}

export function printSamples(samples) {
  process.stdout.write(`${JSON.stringify({ samples })}\n`);
}

export function check(ok, api, what) {
  if (!ok) throw new Error(`bench: ${what} failed: errno ${api.osLastError()}`);
}

/** TCP_NODELAY through the public API: level IPPROTO_TCP's value, option TCP_NODELAY's. */
export function noDelay(api, s) {
  api.setSockOptInt(s, api.toInt(api.IPPROTO_TCP), C.TCP_NODELAY, 1);
  check(api.getSockOptInt(s, api.toInt(api.IPPROTO_TCP), C.TCP_NODELAY) !== 0, api, 'TCP_NODELAY');
}

export function intArg(i, fallback) {
  const v = process.argv[i];
  return v === undefined ? fallback : Number(v);
}
