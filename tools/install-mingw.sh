#!/usr/bin/env bash
# Installs mingw-w64 (the x86_64 Windows cross compilers and headers) from
# Debian's packages, for `make check-windows`. Uses sudo only when not root.
set -euo pipefail
if command -v x86_64-w64-mingw32-gcc >/dev/null && command -v x86_64-w64-mingw32-g++ >/dev/null; then
  echo "install-mingw: mingw-w64 is already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-mingw: no apt-get here; install mingw-w64 (x86_64-w64-mingw32-gcc/g++) with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
