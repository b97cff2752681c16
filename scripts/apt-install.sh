#!/usr/bin/env bash
# Installs Debian packages for the project's scripts: `apt-install.sh WHO PACKAGE...`, where WHO
# names the calling script in messages. Uses sudo only when not root; fails with a message
# saying what to install by hand when apt-get or the rights are missing.
set -euo pipefail
who="$1"
shift
if [[ $# -eq 0 ]]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: apt-get not found; install $* by hand" >&2
    exit 1
fi
if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "$who: not root and sudo is not available; install $* by hand" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "$who: apt-get install $*"
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "$@"
