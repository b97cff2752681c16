#!/usr/bin/env bash
# Installs what the test suite needs beyond Rust, from Debian's archive:
#   * chromium and chromium-driver: the browser tests (tests/browser.rs) drive
#     /usr/bin/chromium headlessly through /usr/bin/chromedriver;
#   * pkg-config and libssl-dev, only if missing: the WebDriver client (fantoccini, with
#     native TLS) links OpenSSL.
# Idempotent: installs nothing when everything is there. Uses sudo only when not root.
set -euo pipefail

packages=()
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    packages+=(chromium chromium-driver)
fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists openssl; then
    packages+=(pkg-config libssl-dev)
fi

if [[ ${#packages[@]} -eq 0 ]]; then
    echo "install-test-deps: chromium, chromedriver and OpenSSL headers are already installed"
    exit 0
fi

# (Chromium is expected at /usr/bin/chromium, chromedriver at /usr/bin/chromedriver.)
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" install-test-deps "${packages[@]}"

for bin in /usr/bin/chromium /usr/bin/chromedriver; do
    if [[ ! -x "$bin" ]]; then
        echo "install-test-deps: $bin is still missing after the install" >&2
        exit 1
    fi
done
echo "install-test-deps: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: version unknown')"
echo "install-test-deps: $(/usr/bin/chromedriver --version 2>/dev/null || echo 'chromedriver: version unknown')"
