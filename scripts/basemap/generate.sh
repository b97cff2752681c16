#!/usr/bin/env bash
# Makes the shipped site's base map, content/basemap/region.pmtiles, offline, from
# OpenStreetMap's coastline (the sea, through the PyPI package roaring-landmask), GSHHG (lakes,
# rivers, and the countries around), GeoNames (place names) and the sourced names of water in
# scripts/basemap/water-names.toml; see content/basemap/SOURCES.md.
# Install the tools first with scripts/basemap/install.sh.
#
#   scripts/basemap/generate.sh [--region W,S,E,N] [--sea osm|gshhg] [--out FILE] [--check]
#
# --region: where the map has full detail (default: the shipped site's map bounds with a
#           margin for wide screens); --sea: whose shoreline the sea has there (osm, the
#           default, is under the ODbL; gshhg has no OpenStreetMap data); --out: the file to
#           write; --check: make it twice and fail unless both are byte for byte the same.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-$HOME/.cache/ecoatlas-basemap-venv}"
region="15.5,58.3,20.2,60.8"
sea=osm
out="$root/content/basemap/region.pmtiles"
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="$2"; shift 2 ;;
    --sea) sea="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --check) check=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in gmt node "$venv/bin/python"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/basemap/install.sh" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
make() {
  # GMT writes its history into the current folder: run it in the scratch one.
  (cd "$work" && PYTHONHASHSEED=0 "$venv/bin/python" "$here/basemap.py" --region "$region" --sea "$sea" --out "$1")
}
make "$work/a.pmtiles"
if [ "$check" = 1 ]; then
  make "$work/b.pmtiles"
  cmp "$work/a.pmtiles" "$work/b.pmtiles"
  echo "deterministic: two runs gave the same $(stat -c %s "$work/a.pmtiles") bytes (sha256 $(sha256sum < "$work/a.pmtiles" | cut -c1-16))"
fi
mkdir -p "$(dirname "$out")"
cp "$work/a.pmtiles" "$out"
echo "wrote $out"
