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

/// An actor's `location:`: a position, or `unknown` when where the actor is has not been
/// confirmed. Such an actor keeps its page, its place in the exports and its lists, and is
/// left off the map rather than drawn at a guess.
#[derive(Debug)]
pub(super) enum ActorLocation {
    At(Location),
    Unknown,
}

/// How a record writes that the position is not known.
pub const UNKNOWN: &str = "unknown";

impl ActorLocation {
    pub(super) fn known(&self) -> Option<&Location> {
        match self {
            ActorLocation::At(l) => Some(l),
            ActorLocation::Unknown => None,
        }
    }
}

impl<'de> Deserialize<'de> for ActorLocation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, Unexpected};
        struct Visit;
        impl<'de> de::Visitor<'de> for Visit {
            type Value = ActorLocation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a position `{{lat: .., lon: ..}}` or `{UNKNOWN}`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ActorLocation, E> {
                if v.trim() == UNKNOWN {
                    Ok(ActorLocation::Unknown)
                } else {
                    Err(E::invalid_value(Unexpected::Str(v), &self))
                }
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ActorLocation, A::Error> {
                Location::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ActorLocation::At)
            }
        }
        d.deserialize_any(Visit)
    }
}

impl schemars::JsonSchema for ActorLocation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActorLocation".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let at = generator.subschema_for::<Location>();
        schemars::json_schema!({
            "description": "Where the actor is (WGS84), or `unknown` when that has not been confirmed: the actor then keeps its page and is left off the map.",
            "anyOf": [at, {"const": UNKNOWN}]
        })
    }
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
