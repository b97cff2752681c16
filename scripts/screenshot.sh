#!/usr/bin/env bash
# The README's screenshots of the shipped site, made again: the map page (docs/screenshot.png)
# and the key figures (docs/screenshot-stats.png), in English, 1280 by 800 pixels.
#   bash scripts/screenshot.sh
# 1. builds ecoatlas (`cargo build --locked`) and serves the shipped site with `ecoatlas serve`
#    on a free loopback port;
# 2. has Debian's headless Chromium, driven through chromedriver (scripts/install-test-deps.sh
#    installs both), load each page, give the map eight seconds to draw, and save the picture.
#    (Chromium's own --screenshot shoots at the load event, before the base map has drawn, and
#    its virtual time never runs out while the preview's live-reload stream is open.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
chromium="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || { echo "no $chromium: run scripts/install-test-deps.sh" >&2; exit 1; }

cargo build --locked --bin ecoatlas
work="$(mktemp -d)"
log="$work/serve.log"
./target/debug/ecoatlas serve --root . --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -1 || true)"
    [[ -n "$url" ]] && break
    sleep 0.2
done
[[ -n "$url" ]] || { echo "ecoatlas serve did not start:"; cat "$log"; exit 1; } >&2

driver_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chromedriver --port="$driver_port" >"$work/driver.log" 2>&1 &
driver=$!
trap 'kill "$server" "$driver" 2>/dev/null || true; rm -rf "$work"' EXIT
wd="http://127.0.0.1:$driver_port"
for _ in $(seq 50); do curl -sf "$wd/status" >/dev/null && break; sleep 0.2; done
# The flags keep Chromium from calling any other host (see tests/support/browser.rs).
caps='{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"'"$chromium"'","args":[
  "--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-quic",
  "--no-first-run","--disable-background-networking","--disable-component-update",
  "--disable-sync","--hide-scrollbars","--window-size=1280,800"]}}}}'
session="$(curl -sf -X POST -H 'Content-Type: application/json' -d "$caps" "$wd/session" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["value"]["sessionId"])')"

shot() {
    curl -sf -X POST -H 'Content-Type: application/json' -d '{"url":"'"$url$1"'"}' \
        "$wd/session/$session/url" >/dev/null
    sleep 8 # the base map's tiles and the markers draw after the page's load event
    curl -sf "$wd/session/$session/screenshot" |
        python3 -c 'import base64, json, sys; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' >"$2"
    echo "wrote $2 ($url$1)"
}
shot "en/" docs/screenshot.png
shot "en/stats/" docs/screenshot-stats.png
curl -sf -X DELETE "$wd/session/$session" >/dev/null
