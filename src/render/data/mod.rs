//! The data files of each language (docs/DATA.md): the GeoJSON files (`geojson.rs`), the
//! exports (`exports.rs`: `actors.csv`, `actors.json`, `datapackage.json`), `relations.json`,
//! the Atom feeds, and the sitemap and robots.txt of the whole site; the files that list every
//! actor are assembled from a piece per actor (`assemble.rs`). Every file carries the
//! same head ([`meta`]) with its schema version.

pub(crate) mod assemble;
pub(crate) mod exports;
pub(crate) mod feeds;
pub(crate) mod geojson;
pub(crate) mod indicators;
pub(crate) mod relations;
pub(crate) mod sitemap;

use crate::render::templates::Strings;
use crate::render::views::Lang;
use serde_json::{json, Value};

/// Bumped whenever a property changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The head of every data file (`"ecoatlas": {…}`): its schema version, kind and language.
pub fn meta(l: &Lang<'_>, kind: &str) -> Value {
    let mut meta = json!({"schema_version": SCHEMA_VERSION, "kind": kind, "language": l.lang});
    if let Some(licence) = l.config().licence() {
        meta["licence"] = json!(licence.id);
    }
    meta
}

/// Coordinates to 5 decimals (about 1 m): enough for a map, and stable text.
pub fn round(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// Files of [`data_files`] that the caller makes its own way: from pieces at hand (`Some`, made
/// when written like the others), or not at all, being left as they are (`None`).
pub type GivenFiles<'m> = std::collections::BTreeMap<&'static str, Option<Make<'m>>>;

/// Every data file of one language (paths inside the language), each with what makes its bytes
/// (or says why it could not be made): the GeoJSON files, the exports, the key figures and the
/// Atom feed; those in `given` as given. Made one by one as they are written, so that no more
/// than a few of these large files are held at once.
pub fn data_files<'m>(
    l: &'m Lang<'m>,
    t: &'m Strings,
    stats_json: Vec<u8>,
    given: GivenFiles<'m>,
) -> Vec<(&'static str, Make<'m>)> {
    let files: Vec<(&'static str, Make<'m>)> = vec![
        (
            "data/actors.geojson",
            Box::new(|| Ok(geojson::actors_geojson(l))),
        ),
        (
            "data/campuses.geojson",
            Box::new(|| Ok(geojson::campuses_geojson(l))),
        ),
        (
            "data/actors.csv",
            Box::new(|| exports::actors_csv(l).map_err(|e| e.to_string())),
        ),
        ("data/actors.json", Box::new(|| Ok(exports::actors_json(l)))),
        (
            "data/relations.json",
            Box::new(|| Ok(relations::relations_json(l))),
        ),
        ("data/stats.json", Box::new(move || Ok(stats_json))),
        (
            "data/datapackage.json",
            Box::new(|| Ok(exports::datapackage(l))),
        ),
        (
            feeds::PATH,
            Box::new(|| feeds::atom(l, t).map_err(|e| e.to_string())),
        ),
    ];
    let skip: Vec<&str> = given.keys().copied().collect();
    let given = given
        .into_iter()
        .filter_map(|(name, make)| Some((name, make?)));
    files
        .into_iter()
        .filter(|(name, _)| !skip.contains(name))
        .chain(given)
        .collect()
}

/// Makes one data file, when called.
pub type Make<'m> = Box<dyn FnOnce() -> Result<Vec<u8>, String> + Send + 'm>;
