#!/usr/bin/env bash
# Lighthouse (mobile, the default) on the shipped site's map page — a measurement, not a test:
#   bash scripts/lighthouse.sh [PAGE]        (default: the map page, /)
# 1. builds the shipped site with an absolute base_url (http://127.0.0.1:PORT/) into
#    target/lighthouse/site with the debug binary (`cargo build --locked`);
# 2. installs Lighthouse and `serve` (a static server that compresses with gzip, as hosts do)
#    from tests/lighthouse/package-lock.json (`npm ci`);
# 3. serves the site and runs Lighthouse against Debian's Chromium (CHROME_PATH=/usr/bin/chromium,
#    --headless --no-sandbox), writes target/lighthouse/report.{html,json} and prints the scores
#    and the main metrics.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
page="${1:-}"
port="${LIGHTHOUSE_PORT:-8765}"
base="http://127.0.0.1:${port}/"
out="target/lighthouse"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

echo "==> cargo build --locked"
cargo build --locked --bin ecoatlas
mkdir -p "${out}"
echo "==> ecoatlas build --base-url ${base}"
./target/debug/ecoatlas build --root . --output "${out}/site" --base-url "${base}" --force

echo "==> npm ci (tests/lighthouse)"
npm ci --prefix tests/lighthouse --ignore-scripts --no-audit --no-fund

echo "==> serving ${out}/site on ${base} (gzip)"
tests/lighthouse/node_modules/.bin/serve --no-clipboard --no-port-switching \
    --listen "tcp://127.0.0.1:${port}" "${out}/site" >"${out}/serve.log" 2>&1 &
server=$!
trap 'kill "${server}" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -sf -o /dev/null "${base}" && break
    sleep 0.2
done

echo "==> lighthouse ${base}${page}"
tests/lighthouse/node_modules/.bin/lighthouse "${base}${page}" \
    --chrome-flags="--headless --no-sandbox" \
    --output json --output html --output-path "${out}/report" --quiet

node -e '
const r = require(process.argv[1]);
const score = (k) => Math.round(r.categories[k].score * 100);
console.log(`${r.finalDisplayedUrl}  (Lighthouse ${r.lighthouseVersion}, ${r.configSettings.formFactor})`);
for (const k of ["performance", "accessibility", "best-practices", "seo"]) console.log(`${k}: ${score(k)}`);
for (const k of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index", "interactive"]) {
  const a = r.audits[k];
  if (a) console.log(`${a.title}: ${a.displayValue}`);
}
const failing = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual" && a.scoreDisplayMode !== "notApplicable");
console.log("not passed: " + (failing.map((a) => `${a.id} (${a.displayValue || a.score})`).join(", ") || "none"));
' "$(pwd)/${out}/report.report.json"
