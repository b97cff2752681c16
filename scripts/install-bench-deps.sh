#!/usr/bin/env bash
# Installs what scripts/bench-build.sh needs beyond Rust, from Debian's archive:
#   * hugo: a static site generator ecoatlas is compared with;
#   * hyperfine: repeated timed runs with warm-up (the one-off comparisons in docs/BENCHMARKS.md);
#   * time: GNU time at /usr/bin/time, for peak resident memory and CPU time (`-v`);
# and Zola, the second generator ecoatlas is compared with, built from the source of a pinned
# release by scripts/install-zola.sh (not packaged by Debian; see there for ZOLA_GIT). Not when
# ZOLA names a zola binary to use instead, nor when TOOLS (bench-build.sh's) leaves zola out.
# python3 (standard library only) parses the results; it is not installed here.
# Idempotent: installs nothing when everything is there. Uses sudo only when not root.
set -euo pipefail

packages=()
command -v hugo >/dev/null 2>&1 || packages+=(hugo)
command -v hyperfine >/dev/null 2>&1 || packages+=(hyperfine)
[[ -x /usr/bin/time ]] || packages+=(time)

if [[ ${#packages[@]} -eq 0 ]]; then
    echo "install-bench-deps: hugo, hyperfine and /usr/bin/time are already installed"
else
    bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" install-bench-deps "${packages[@]}"
fi

if [[ -z "${ZOLA:-}" ]] && [[ " ${TOOLS:-zola} " == *" zola "* ]]; then
    bash "$(dirname "${BASH_SOURCE[0]}")/install-zola.sh" >/dev/null
fi

if ! command -v python3 >/dev/null 2>&1; then
    echo "install-bench-deps: python3 is needed to read the results; install it (apt-get install python3)" >&2
    exit 1
fi
for tool in hugo hyperfine /usr/bin/time; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-bench-deps: $tool is still missing after the install" >&2
        exit 1
    fi
done
