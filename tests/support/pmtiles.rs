//! Small PMTiles base maps made by the tests themselves (never downloaded): two Mapbox Vector
//! Tiles (zoom 0, and the tile of zoom 1 that holds the site; protomaps-leaflet takes a
//! maximum zoom of 0 for "unknown"), written with the `pmtiles` crate's writer and the `mvt` encoder, in the
//! Protomaps basemap schema the theme draws (`water` polygons, `places` points with `name`).
#![allow(dead_code)]

use std::path::Path;

use mvt::{GeomEncoder, GeomType, Tile};
use pmtiles::{PmTilesWriter, TileCoord, TileType};

/// The name of the one place in the fixture.
pub const PLACE: &str = "Testby";
/// Where the fixture's water is: a lake over this box (west, south, east, north).
pub const LAKE: [f64; 4] = [17.0, 59.0, 17.7, 60.0];
/// Where its place is (lon, lat).
pub const PLACE_AT: [f64; 2] = [18.2, 59.6];

/// Tile units (4096 a tile) of a position in tile `z/tx/ty`.
fn at(z: u8, tx: u32, ty: u32, lon: f64, lat: f64) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * n;
    let r = lat.to_radians();
    let y = (1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (
        ((x - f64::from(tx)) * 4096.0).round(),
        ((y - f64::from(ty)) * 4096.0).round(),
    )
}

/// The tile `z/x/y`: the lake and the place.
pub fn tile(z: u8, x: u32, y: u32) -> Vec<u8> {
    let at_zoom0 = |lon, lat| at(z, x, y, lon, lat);
    let mut tile = Tile::new(4096);
    let [w, s, e, n] = LAKE;
    let corners = [(w, n), (e, n), (e, s), (w, s)].map(|(lon, lat)| at_zoom0(lon, lat));
    let mut ring = GeomEncoder::new(GeomType::Polygon);
    for (x, y) in corners {
        ring = ring.point(x, y).expect("a point of the lake");
    }
    let geom = ring.encode().expect("the lake");
    let mut feature = tile.create_layer("water").into_feature(geom);
    feature.add_tag_string("kind", "lake");
    tile.add_layer(feature.into_layer())
        .expect("the water layer");

    let (x, y) = at_zoom0(PLACE_AT[0], PLACE_AT[1]);
    let geom = GeomEncoder::new(GeomType::Point)
        .point(x, y)
        .and_then(|g| g.encode())
        .expect("the place");
    let mut feature = tile.create_layer("places").into_feature(geom);
    feature.add_tag_string("kind", "locality");
    feature.add_tag_string("name", PLACE);
    feature.add_tag_uint("min_zoom", 0);
    feature.add_tag_uint("population", 1000);
    tile.add_layer(feature.into_layer())
        .expect("the places layer");
    tile.to_bytes().expect("the tile")
}

/// Writes the fixture archive to `path`, claiming to cover `bounds` (west, south, east, north).
pub fn write(path: &Path, bounds: [f64; 4]) {
    let file = std::fs::File::create(path).expect("creating the fixture base map");
    let [w, s, e, n] = bounds;
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(0)
        .max_zoom(1)
        .bounds(w, s, e, n)
        .center((w + e) / 2.0, (s + n) / 2.0)
        .metadata(r#"{"vector_layers":[{"id":"water"},{"id":"places"}]}"#)
        .create(file)
        .expect("starting the fixture base map");
    for (z, x, y) in [(0, 0, 0), (1, 1, 0)] {
        let coord = TileCoord::new(z, x, y).expect("a tile");
        writer
            .add_tile(coord, &tile(z, x, y))
            .expect("adding the tile");
    }
    writer.finalize().expect("finishing the fixture base map");
}

/// Adds `basemap:` naming `file` (relative to `root`) to the site.yaml in `root`.
pub fn configure(root: &Path, file: &str, attribution: &str) {
    let yaml = root.join("site.yaml");
    let mut text = std::fs::read_to_string(&yaml).expect("reading site.yaml");
    text.push_str(&format!(
        "basemap:\n  file: {file}\n  attribution: \"{attribution}\"\n"
    ));
    std::fs::write(&yaml, text).expect("writing site.yaml");
}
