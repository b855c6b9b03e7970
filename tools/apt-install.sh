#!/usr/bin/env bash
# Installs Debian packages that a make target needs, when the commands it runs
# are missing (one copy of the apt steps for every install-*.sh):
#   tools/apt-install.sh WHO "COMMAND..." PACKAGE...
# Exits 0 at once when every COMMAND is on PATH; uses sudo only when not root.
set -euo pipefail
who=$1
commands=$2
shift 2
missing=""
for c in $commands; do
  command -v "$c" >/dev/null || missing="$missing $c"
done
if [ -z "$missing" ]; then
  echo "$who: already installed ($commands)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "$who: no apt-get here; install what gives$missing (Debian: $*) with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y "$@"
