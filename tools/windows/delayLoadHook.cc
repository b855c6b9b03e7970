// Linked into the cross-built win32 addon only (tools/build-win32-addon.mjs):
// its Node-API and libuv imports name the module node.exe, delay-loaded, and
// this hook answers that load with the process's own executable, whatever its
// name: node.exe, bun.exe, deno.exe. With a plain import of node.exe the
// addon cannot load in any other host (ERROR_MOD_NOT_FOUND under Bun), or
// binds to another node.exe found on PATH. node-gyp's win_delay_load_hook.cc
// does the same for addons built with MSVC.
#include <windows.h>
// windows.h first: delayimp.h uses its types.
#include <delayimp.h>
#include <string.h>

static FARPROC WINAPI loadHostForNodeExe(unsigned event, PDelayLoadInfo info) {
  if (event == dliNotePreLoadLibrary && _stricmp(info->szDll, "node.exe") == 0) return reinterpret_cast<FARPROC>(GetModuleHandleW(nullptr));
  return nullptr;
}

// Set while the DLL loads, before any delay-loaded call (mingw-w64 defines the
// hook variable itself, so it is assigned here instead of defined).
static const bool hookSet = (__pfnDliNotifyHook2 = loadHostForNodeExe, true);
