//! The base map: outlines of Sweden and its neighbours as GeoJSON.
//!
//! Source: `world-atlas/countries-10m.json`, a TopoJSON version of Natural
//! Earth's 1:10m Admin 0 countries (public domain). Only the countries in
//! [`COUNTRIES`] are kept; coordinates are rounded to 4 decimals (~11 m) and
//! the output is compact JSON with a fixed feature order and key order, so it
//! is byte-for-byte identical on every build.
//!
//! The `topojson` crate converts to the `geojson` 0.2x types it depends on;
//! the result is handed to our `geojson` 1.x through serde_json.

use std::path::Path;

use geojson::{feature::Id, Feature, FeatureCollection, GeometryValue, JsonObject, Position};
use topojson::{TopoJson, Value as TopoValue};

use crate::util::{self, Context, Result};

/// ISO 3166-1 numeric codes (the TopoJSON ids), in output order.
const COUNTRIES: [&str; 5] = [
    "752", // Sweden
    "578", // Norway
    "246", // Finland
    "208", // Denmark
    "233", // Estonia
];

const SOURCE: &str = "world-atlas/countries-10m.json";
/// The TopoJSON object holding one geometry per country.
const OBJECT: &str = "countries";

const GEOJSON_DEST: &str = "static/base/countries.geojson";
const ATTRIBUTION_DEST: &str = "static/base/ATTRIBUTION.txt";

/// Write countries.geojson and ATTRIBUTION.txt under `out_root`; return
/// their paths relative to it.
pub fn write_base_map(node_modules: &Path, out_root: &Path) -> Result<Vec<String>> {
    let source = node_modules.join(SOURCE);
    let geojson = convert(&source).context(|| format!("converting {}", source.display()))?;
    util::write_if_changed(&out_root.join(GEOJSON_DEST), &geojson)?;

    let attribution = attribution(node_modules)?;
    util::write_if_changed(&out_root.join(ATTRIBUTION_DEST), attribution.as_bytes())?;

    Ok(vec![GEOJSON_DEST.to_owned(), ATTRIBUTION_DEST.to_owned()])
}

/// TopoJSON file → compact GeoJSON FeatureCollection bytes.
fn convert(source: &Path) -> Result<Vec<u8>> {
    let text = util::read_to_string(source)?;
    let mut topology = match text
        .parse::<TopoJson>()
        .context(|| "invalid TopoJSON".to_owned())?
    {
        TopoJson::Topology(topology) => topology,
        TopoJson::Geometry(_) => return Err("expected a TopoJSON Topology".to_owned()),
    };

    // Keep only our countries before converting: decoding arcs is the slow
    // part, and the other ~250 countries would be thrown away anyway.
    topology.objects.retain(|o| o.name == OBJECT);
    let object = topology
        .objects
        .first_mut()
        .ok_or_else(|| format!("no object named {OBJECT:?}"))?;
    let TopoValue::GeometryCollection(geometries) = &mut object.geometry.value else {
        return Err(format!("object {OBJECT:?} is not a GeometryCollection"));
    };
    geometries.retain(|g| {
        g.id.as_ref()
            .and_then(|id| id.as_str())
            .is_some_and(|id| COUNTRIES.contains(&id))
    });

    let converted = topojson::to_geojson(&topology, OBJECT)
        .context(|| format!("could not convert object {OBJECT:?} to GeoJSON"))?;
    // topojson's geojson version → ours.
    let converted: FeatureCollection = serde_json::to_value(&converted)
        .and_then(serde_json::from_value)
        .context(|| "could not convert between geojson crate versions".to_owned())?;

    let mut features = Vec::with_capacity(COUNTRIES.len());
    for code in COUNTRIES {
        let source = converted
            .features
            .iter()
            .find(|f| matches!(&f.id, Some(Id::String(id)) if id == code))
            .ok_or_else(|| format!("no country with id {code:?} in object {OBJECT:?}"))?;
        features.push(simplify_feature(source, code)?);
    }

    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    serde_json::to_vec(&collection).context(|| "could not serialise the GeoJSON".to_owned())
}

/// A copy of `source` with rounded coordinates and only our properties.
fn simplify_feature(source: &Feature, code: &str) -> Result<Feature> {
    let name = source
        .property("name")
        .and_then(|n| n.as_str())
        .ok_or_else(|| format!("country {code:?} has no \"name\" property"))?;
    let mut properties = JsonObject::new();
    properties.insert("name".to_owned(), name.into());
    properties.insert("iso_n3".to_owned(), code.into());

    let mut geometry = source
        .geometry
        .clone()
        .ok_or_else(|| format!("country {code:?} ({name}) has no geometry"))?;
    match &mut geometry.value {
        GeometryValue::Polygon { coordinates } => {
            round_polygon(coordinates);
            if coordinates.is_empty() {
                return Err(format!("country {code:?} ({name}) vanishes when rounded"));
            }
        }
        GeometryValue::MultiPolygon { coordinates } => {
            // Norway's feature reaches Svalbard, Jan Mayen and Bouvet Island; they add bytes
            // and would stretch any fit-to-layer far from the region.
            coordinates.retain(|p| in_region(p));
            coordinates.iter_mut().for_each(round_polygon);
            // Islets smaller than the rounding are gone.
            coordinates.retain(|p| !p.is_empty());
        }
        other => {
            return Err(format!(
                "country {code:?} ({name}) is a {}, expected a (Multi)Polygon",
                other.type_name()
            ))
        }
    }

    Ok(Feature {
        bbox: None,
        geometry: Some(geometry),
        id: Some(Id::String(code.to_owned())),
        properties: Some(properties),
        foreign_members: None,
    })
}

/// [west, south, east, north] of the Nordic and Baltic region the base map covers.
const REGION: [f64; 4] = [3.0, 53.0, 33.0, 71.5];

/// Does the polygon's outer ring lie inside [`REGION`]?
fn in_region(rings: &[Vec<Position>]) -> bool {
    rings.first().is_some_and(|outer| {
        outer.iter().all(|p| match p.as_slice() {
            [lon, lat, ..] => {
                (REGION[0]..=REGION[2]).contains(lon) && (REGION[1]..=REGION[3]).contains(lat)
            }
            _ => false,
        })
    })
}

/// Rounds the polygon's positions and leaves it as RFC 7946 wants it (section 3.1.6): no
/// position repeated after the one before (rounding makes many), every ring closed with at
/// least 4 positions (rings that rounding shrank below that are dropped; without its outer
/// ring, the whole polygon is: `rings` is then empty), the outer ring counterclockwise and the
/// holes clockwise (world-atlas draws them the other way round, as d3 does).
fn round_polygon(rings: &mut Vec<Vec<Position>>) {
    for position in rings.iter_mut().flatten() {
        for value in position.as_slice_mut() {
            // `+ 0.0` turns -0.0 into 0.0 so it prints as "0".
            *value = (*value * 1e4).round() / 1e4 + 0.0;
        }
    }
    for ring in rings.iter_mut() {
        ring.dedup();
        if ring.len() > 1 && ring.first() != ring.last() {
            let first = ring[0].clone();
            ring.push(first);
        }
    }
    if rings.first().is_some_and(|outer| !is_ring(outer)) {
        rings.clear();
        return;
    }
    rings.retain(|r| is_ring(r));
    for (i, ring) in rings.iter_mut().enumerate() {
        let counterclockwise = signed_area(ring) > 0.0;
        if counterclockwise != (i == 0) {
            ring.reverse();
        }
    }
}

/// A closed ring of at least 4 positions (3 distinct) that encloses some area.
fn is_ring(ring: &[Position]) -> bool {
    ring.len() >= 4 && signed_area(ring) != 0.0
}

/// Twice the ring's area in the plane of longitude and latitude (the shoelace formula):
/// positive when the ring runs counterclockwise.
fn signed_area(ring: &[Position]) -> f64 {
    ring.windows(2)
        .map(|w| match (w[0].as_slice(), w[1].as_slice()) {
            ([x0, y0, ..], [x1, y1, ..]) => x0 * y1 - x1 * y0,
            _ => 0.0,
        })
        .sum()
}

/// ATTRIBUTION.txt: where the outlines come from, with world-atlas's licence.
fn attribution(node_modules: &Path) -> Result<String> {
    let package_path = node_modules.join("world-atlas/package.json");
    let package: serde_json::Value = serde_json::from_slice(&util::read(&package_path)?)
        .context(|| format!("could not parse {}", package_path.display()))?;
    let version = package["version"].as_str().unwrap_or("(unknown version)");
    let licence = util::read_to_string(&node_modules.join("world-atlas/LICENSE"))?;

    Ok(format!(
        "countries.geojson: outlines of Sweden, Norway, Finland, Denmark and Estonia.\n\
         \n\
         Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.\n\
         The data (1:10m Cultural Vectors, Admin 0 - Countries) is in the public domain.\n\
         \n\
         It was taken from countries-10m.json in the world-atlas npm package, version \
         {version}\n\
         (https://github.com/topojson/world-atlas), converted from TopoJSON to GeoJSON and\n\
         rounded to 4 decimal places when ecoatlas was built. world-atlas is distributed\n\
         under the ISC licence:\n\
         \n\
         {licence}",
    ))
}
