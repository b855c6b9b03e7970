#!/usr/bin/env bash
# Installs the linux-arm64 cross compiler and qemu-user from Debian's packages,
# for `make prebuilds` (the linux-arm64 prebuild) and `make test-arm64` (which
# loads it in the arm64 Node under qemu).
exec "$(dirname "$0")/apt-install.sh" install-arm64-cross "aarch64-linux-gnu-g++ qemu-aarch64" \
  g++-aarch64-linux-gnu qemu-user
