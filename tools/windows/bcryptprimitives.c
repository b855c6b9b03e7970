/*
 * A stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks. Binaries
 * built by Rust (rolldown and lightningcss, which vitest loads) import
 * ProcessPrng from it for random bytes; the real DLL fills the buffer from the
 * system RNG, which BCryptGenRandom with the system-preferred RNG also does.
 * Built by tools/windows/setup.sh with mingw-w64 into the Wine prefix.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    /* BCryptGenRandom takes a ULONG count: feed it at most 1 GiB at a time. */
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
