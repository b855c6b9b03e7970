// What the robustness children share: the package API on one backend (from
// dist/, as a user gets it), and a few libc calls the package does not export
// (the C heap in use, signal and thread plumbing), bound with koffi.
import { createRequire } from 'node:module';
import koffi from 'koffi';

export { loopback4 as loopback } from '../../support/common.mjs';

const root = new URL('../../../', import.meta.url);

/**
 * The API on `backend` ('napi' | 'koffi' | 'bunffi' | 'denoffi': bunffi on Bun only, denoffi on Deno only). With NATIVESOCKETS_NAPI_ADDON set,
 * the napi backend is that addon file (the AddressSanitizer build of
 * `make fuzz`) instead of the regular build.
 */
export async function loadApi(backend) {
  if (!['napi', 'koffi', 'bunffi', 'denoffi'].includes(backend))
    throw new Error(`backend must be napi, koffi, bunffi or denoffi, got ${backend}`);
  if (process.env.NATIVESOCKETS_KOFFI_GLOBAL === '1') bindLibcGlobally();
  const addon = process.env.NATIVESOCKETS_NAPI_ADDON;
  let api;
  if (backend === 'napi' && addon) {
    const entry = await import(new URL('dist/generated/entries/koffi.js', root).href);
    const { createApi } = await import(new URL('dist/runtime/api.js', root).href);
    // The public module's classes and constants, with the procs bound to the given addon.
    api = { ...entry, ...createApi(createRequire(import.meta.url)(addon)) };
  } else {
    api = await import(new URL(`dist/generated/entries/${backend}.js`, root).href);
  }
  if (api.backend !== backend) throw new Error(`loaded ${api.backend}, wanted ${backend}`);
  return api;
}

/**
 * Makes koffi bind the C library through the process's symbol namespace
 * (dlopen(NULL)) instead of libc.so.6 itself, so that AddressSanitizer's
 * interceptors (LD_PRELOAD) see the koffi backend's calls too: `make fuzz`.
 */
let libcBoundGlobally = false;
function bindLibcGlobally() {
  if (libcBoundGlobally) return;
  const load = koffi.load;
  koffi.load = (path, ...rest) => load(path === 'libc.so.6' ? null : path, ...rest);
  libcBoundGlobally = true;
}

let bound;

/** libc calls for the tests (Linux/glibc). */
export function libc() {
  if (bound) return bound;
  const lib = koffi.load('libc.so.6');
  const MallInfo2 = koffi.struct('mallinfo2', {
    arena: 'size_t',
    ordblks: 'size_t',
    smblks: 'size_t',
    hblks: 'size_t',
    hblkhd: 'size_t',
    usmblks: 'size_t',
    fsmblks: 'size_t',
    uordblks: 'size_t',
    fordblks: 'size_t',
    keepcost: 'size_t',
  });
  const mallinfo2 = lib.func('mallinfo2', MallInfo2, []);
  // Under AddressSanitizer (LD_PRELOAD), malloc is ASan's: ask its allocator instead of glibc's.
  let asanAllocated;
  try {
    asanAllocated = koffi.load(null).func('size_t __sanitizer_get_current_allocated_bytes()');
  } catch {
    asanAllocated = undefined;
  }
  bound = {
    /** Bytes of C heap in use: malloc'd (uordblks) plus mmapped chunks (hblkhd), or ASan's count. */
    mallocInUse: () => {
      if (asanAllocated) return Number(asanAllocated());
      const m = mallinfo2();
      return Number(m.uordblks) + Number(m.hblkhd);
    },
    /** siginterrupt(sig, 1): calls interrupted by `sig` fail with EINTR instead of restarting (clears SA_RESTART). */
    siginterrupt: lib.func('int siginterrupt(int sig, int flag)'),
    /** tgkill(tgid, tid, sig): a signal to one thread. */
    tgkill: lib.func('int tgkill(int tgid, int tid, int sig)'),
    /** The calling thread's kernel id. */
    gettid: lib.func('int gettid()'),
  };
  return bound;
}
