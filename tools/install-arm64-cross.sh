#!/usr/bin/env bash
# Installs the linux-arm64 cross compiler and qemu-user from Debian's packages,
# for `make prebuilds` (the linux-arm64 prebuild) and `make test-arm64` (which
# loads it in the arm64 Node under qemu). Uses sudo only when not root.
set -euo pipefail
if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null; then
  echo "install-arm64-cross: aarch64-linux-gnu-g++ and qemu-aarch64 are already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-arm64-cross: no apt-get here; install an aarch64-linux-gnu g++ and qemu-user with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y g++-aarch64-linux-gnu qemu-user
