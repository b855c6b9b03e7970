#!/usr/bin/env bash
# Installs mingw-w64 (the x86_64 Windows cross compilers, headers and dlltool)
# from Debian's packages, for `make check-windows`, `make prebuilds` and
# `make test-windows`.
exec "$(dirname "$0")/apt-install.sh" install-mingw "x86_64-w64-mingw32-gcc x86_64-w64-mingw32-g++" \
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
