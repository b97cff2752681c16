//! An actor's sites (`sites:`): each a campus, a position with a label, or both, read with the
//! line it stands on and its position resolved.

use super::actors::tight;
use crate::config::LatLon;
use crate::model::{ActorSite, Origin};
use crate::source::list_item_lines;
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Location {
    /// Latitude, WGS84 (about 59 in Stockholm).
    #[schemars(range(min = -90.0, max = 90.0))]
    pub(super) lat: f64,
    /// Longitude, WGS84 (about 18 in Stockholm).
    #[schemars(range(min = -180.0, max = 180.0))]
    pub(super) lon: f64,
    /// True when the position is an estimate.
    #[serde(default)]
    pub(super) approximate: bool,
}

/// One of an actor's sites (`sites:`): a campus, a position with a label, or both.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{"required": ["campus"]}, {"required": ["location"]}]))]
pub(super) struct SiteRecord {
    /// The slug of the campus the site is on (drawn at its centre without `location`).
    #[serde(default)]
    #[schemars(extend("x-ecoatlas-names" = "campuses"))]
    campus: Option<String>,
    /// What the site is called, where its campus does not say it (plain text).
    #[serde(default)]
    label: Option<String>,
    /// Where the site is (WGS84); without it, the centre of its campus.
    #[serde(default)]
    location: Option<Location>,
}

/// The sites of `sites:`, each with its position resolved (its own location, else its
/// campus's centre) and the line it stands on.
pub(super) fn read_sites(
    records: Vec<SiteRecord>,
    origin: &Origin,
    yaml: &str,
    first_line: usize,
    centre_of: &dyn Fn(&str) -> Option<LatLon>,
) -> Vec<ActorSite> {
    if records.is_empty() {
        return Vec::new();
    }
    let key_line = origin.line_of("sites");
    let lines = list_item_lines(yaml, first_line, "sites");
    let sites = records
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let campus = r.campus.map(|c| c.trim().to_string());
            let label = r
                .label
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty());
            let location = r.location.as_ref().map(|l| LatLon {
                lat: l.lat,
                lon: l.lon,
            });
            let position = location.or_else(|| campus.as_deref().and_then(centre_of));
            let approximate = match &r.location {
                Some(l) => l.approximate,
                None => position.is_some(),
            };
            ActorSite {
                campus,
                label,
                location,
                position,
                approximate,
                line: lines.get(i).copied().unwrap_or(key_line),
            }
        })
        .collect();
    tight(sites)
}
