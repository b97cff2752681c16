//! Campus records: `<slug>.geojson` (one GeoJSON Feature) plus optional prose `<slug>.md`.

use super::files::{single_main, RecordFiles};
use crate::config::{LatLon, Localized, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{BodySource, Campus, Origin, PageText, Shape, Translations};
use crate::source::{split_front_matter, SourceFile};
use geojson::{GeoJson, GeometryValue as Geometry, Position};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Specialties as one list for every language, or a list per language.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum LocalizedList {
    Same(Vec<String>),
    PerLanguage(BTreeMap<String, Vec<String>>),
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CampusProperties {
    name: Localized,
    summary: Localized,
    #[serde(default)]
    specialties: Option<LocalizedList>,
    #[serde(default)]
    municipality: Option<String>,
    #[serde(default)]
    #[schemars(regex(pattern = crate::validate::LINK_PATTERN))]
    website: Option<String>,
    #[serde(default)]
    approximate: bool,
    /// Where the campus's facts come from: `{title, url, publisher, date}` each.
    #[serde(default)]
    sources: Vec<crate::model::Source>,
    /// The day an editor last checked the campus (yyyy-mm-dd; not after the day of the build).
    #[serde(default)]
    reviewed: Option<String>,
}

/// The fields of a campus whose lines messages can point at.
pub(crate) const FIELDS: [&str; 8] = [
    "geometry",
    "properties",
    "name",
    "summary",
    "website",
    "coordinates",
    "reviewed",
    "sources",
];

pub(super) fn load(
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<Campus> {
    let mut campuses = Vec::new();
    for record in records {
        let Some(main) = single_main(&record, &["geojson", "json"], "campus", diags) else {
            let orphan = record
                .main
                .iter()
                .chain(record.translations.values().flatten())
                .next();
            if let Some(f) = orphan.filter(|_| !record.main.iter().any(|f| f.ext != "md")) {
                diags.push(
                    Diagnostic::error(
                        &f.display,
                        format!("prose for campus `{}`, which has no GeoJSON", record.slug),
                    )
                    .hint(format!(
                        "add `content/campuses/{}.geojson` with the campus outline",
                        record.slug
                    )),
                );
            }
            continue;
        };
        let file = match SourceFile::read(&main.path, main.display.clone()) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Some(mut campus) = parse_campus(&file, &record.slug, diags) else {
            continue;
        };
        let default_lang = config.default_language().to_string();
        let prose_files = record
            .main
            .iter()
            .filter(|f| f.ext == "md")
            .map(|f| (default_lang.clone(), f))
            .chain(
                record
                    .translations
                    .iter()
                    .flat_map(|(l, fs)| fs.iter().map(move |f| (l.clone(), f))),
            );
        for (lang, f) in prose_files {
            let read = SourceFile::read(&f.path, f.display.clone()).and_then(|src| {
                let doc = split_front_matter(&src, false)?;
                if !doc.yaml.trim().is_empty() {
                    return Err(src
                        .error("campus prose takes no front matter")
                        .at(1, 1)
                        .hint("the campus's name and summary live in its .geojson properties"));
                }
                Ok(PageText {
                    body: doc.body.to_string(),
                    body_source: BodySource {
                        file: std::sync::Arc::from(f.display.as_path()),
                        line: doc.body_line,
                    },
                    ..PageText::default()
                })
            });
            match read {
                Ok(prose) => {
                    campus.prose.by_lang.insert(lang, prose);
                }
                Err(d) => diags.push(d),
            }
        }
        campuses.push(campus);
    }
    campuses
}

/// Parses and checks one campus Feature.
pub fn parse_campus(file: &SourceFile, slug: &str, diags: &mut Diagnostics) -> Option<Campus> {
    let value: serde_json::Value = match super::strict_json::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            let message = e.to_string();
            let d =
                match message.strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                {
                    Some(twice) if twice.contains("appears twice") => file
                        .error(format!(
                            "{twice}; JSON readers disagree on which one counts"
                        ))
                        .hint("keep one of the two"),
                    _ => file.error(format!("invalid JSON: {message}")),
                };
            diags.push(d.at(e.line(), e.column()));
            return None;
        }
    };
    let line_of = |needle: &str| {
        file.text
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or(1)
    };
    let feature = match serde_json::from_value::<GeoJson>(value) {
        Ok(GeoJson::Feature(f)) => f,
        // What geojson.io and most drawing tools save: a collection of the one Feature.
        Ok(GeoJson::FeatureCollection(fc)) => match <[_; 1]>::try_from(fc.features) {
            Ok([f]) => f,
            Err(features) => {
                diags.push(
                    file.error(format!(
                        "a campus file holds one GeoJSON Feature; this FeatureCollection holds {}",
                        features.len()
                    ))
                    .at(line_of("\"type\""), 1)
                    .field("features")
                    .hint("one file per campus, named by its slug; a campus of several parts is one Feature with a MultiPolygon"),
                );
                return None;
            }
        },
        Ok(_) => {
            diags.push(
                file.error("a campus file holds one GeoJSON Feature, not a bare Geometry")
                    .at(line_of("\"type\""), 1)
                    .field("type")
                    .hint("wrap the outline as {\"type\": \"Feature\", \"geometry\": ..., \"properties\": {...}}"),
            );
            return None;
        }
        Err(e) => {
            diags.push(
                file.error(format!("invalid GeoJSON: {e}"))
                    .at(line_of("\"type\""), 1),
            );
            return None;
        }
    };
    let geometry_line = line_of("\"geometry\"");
    let Some(geometry) = feature.geometry.as_ref() else {
        diags.push(
            file.error("the Feature has no geometry")
                .at(geometry_line, 1)
                .field("geometry"),
        );
        return None;
    };
    let shape = match &geometry.value {
        Geometry::Point { coordinates } => position(coordinates.as_slice()).map(Shape::Point),
        Geometry::Polygon { coordinates } => polygon(coordinates).map(|p| Shape::Polygons(vec![p])),
        Geometry::MultiPolygon { coordinates } => coordinates
            .iter()
            .map(|p| polygon(p))
            .collect::<Result<Vec<_>, _>>()
            .map(Shape::Polygons),
        other => Err(GeoError {
            message: format!(
                "a campus is a Polygon, MultiPolygon or Point, not a {}",
                other.type_name()
            ),
            text: Some(other.type_name().to_string()),
            hint: None,
        }),
    };
    let shape = match shape {
        Ok(s) => s,
        Err(e) => {
            let mut d = file.error(e.message).at(geometry_line, 1).field("geometry");
            d.text = e.text;
            diags.push(d);
            return None;
        }
    };
    let mut ok = true;
    if let Shape::Polygons(polys) = &shape {
        for (pi, rings) in polys.iter().enumerate() {
            if rings.is_empty() {
                diags.push(
                    file.error(format!("polygon {} has no rings", pi + 1))
                        .at(geometry_line, 1)
                        .field("geometry"),
                );
                ok = false;
            }
            for (ri, ring) in rings.iter().enumerate() {
                let which = if ri == 0 {
                    "outer ring".to_string()
                } else {
                    format!("hole {ri}")
                };
                if let Err(e) = check_ring(ring) {
                    let mut d = file
                        .error(format!("polygon {}, {which}: {}", pi + 1, e.message))
                        .at(line_of("\"coordinates\""), 1)
                        .field("geometry.coordinates");
                    if let Some(hint) = e.hint {
                        d = d.hint(hint);
                    }
                    d.text = e.text;
                    diags.push(d);
                    ok = false;
                }
            }
            if ok {
                if let Some(c) = crate::geo::polygon_crossing(rings) {
                    let ring = |i: usize| {
                        if i == 0 {
                            "the outer ring".to_string()
                        } else {
                            format!("hole {i}")
                        }
                    };
                    let what = if c.rings.0 == c.rings.1 {
                        format!("{} crosses or touches itself", ring(c.rings.0))
                    } else {
                        format!("{} and {} cross", ring(c.rings.0), ring(c.rings.1))
                    };
                    diags.push(
                        Diagnostic::warning(
                            &file.display,
                            format!(
                                "polygon {}: {what} at [{:.6}, {:.6}] (the segments from positions {} and {})",
                                pi + 1,
                                c.at[0],
                                c.at[1],
                                c.segments.0,
                                c.segments.1
                            ),
                        )
                        .at(line_of("\"coordinates\""), 1)
                        .field("geometry.coordinates")
                        .hint("its area and the map's fill are ill-defined; redraw the outline so that its edges do not cross (GIS tools can check a polygon's validity)"),
                    );
                }
            }
        }
    }
    let props_line = line_of("\"properties\"");
    let props_value = feature
        .properties
        .clone()
        .map(serde_json::Value::Object)
        .unwrap_or(serde_json::Value::Null);
    let props: CampusProperties = match serde_json::from_value(props_value) {
        Ok(p) => p,
        Err(e) => {
            let message = e.to_string();
            let mut d = file
                .error(format!("properties: {message}"))
                .at(props_line, 1)
                .field("properties");
            if let Some(field) = message
                .split("unknown field `")
                .nth(1)
                .and_then(|r| r.split('`').next())
            {
                let known = [
                    "name",
                    "summary",
                    "specialties",
                    "municipality",
                    "website",
                    "approximate",
                    "sources",
                    "reviewed",
                ];
                d = d
                    .at(line_of(&format!("\"{field}\"")), 1)
                    .field(format!("properties.{field}"));
                if let Some(best) = crate::diagnostic::did_you_mean(field, known) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
            }
            diags.push(d);
            return None;
        }
    };
    if !ok {
        return None;
    }
    let centre = centre_of(&shape);
    let specialties = match props.specialties {
        None => BTreeMap::new(),
        Some(LocalizedList::PerLanguage(m)) => m,
        Some(LocalizedList::Same(v)) => BTreeMap::from([(String::new(), v)]),
    };
    let field_lines = FIELDS.map(|k| (k, line_of(&format!("\"{k}\""))));
    let origin = Origin::new(std::sync::Arc::from(file.display.as_path()), field_lines);
    let provenance =
        super::provenance::read(props.sources, props.reviewed, &origin, "properties.", diags);
    Some(Campus {
        slug: slug.to_string(),
        origin,
        name: props.name,
        summary: props.summary,
        specialties,
        municipality: props.municipality,
        website: props.website,
        approximate: props.approximate,
        shape,
        centre,
        provenance,
        prose: Translations::default(),
    })
}

/// A mistake in a campus geometry, with the offending text when there is one.
struct GeoError {
    message: String,
    text: Option<String>,
    hint: Option<String>,
}

impl From<String> for GeoError {
    fn from(message: String) -> Self {
        GeoError {
            message,
            text: None,
            hint: None,
        }
    }
}

fn position(p: &[f64]) -> Result<LatLon, GeoError> {
    let out_of_range = |what: &str, value: f64, limit: u32| {
        GeoError {
        message: format!(
            "{what} {value} is out of range (-{limit} to {limit}); GeoJSON writes [longitude, latitude]"
        ),
        text: Some(value.to_string()),
        hint: None,
    }
    };
    match p {
        [lon, ..] if !(-180.0..=180.0).contains(lon) => Err(out_of_range("longitude", *lon, 180)),
        [_, lat, ..] if !(-90.0..=90.0).contains(lat) => Err(out_of_range("latitude", *lat, 90)),
        [lon, lat, ..] => Ok(LatLon {
            lat: *lat,
            lon: *lon,
        }),
        _ => Err(String::from("a position needs a longitude and a latitude").into()),
    }
}

/// A polygon's rings as [lon, lat] pairs; positions need two numbers.
fn polygon(rings: &[Vec<Position>]) -> Result<Vec<Vec<[f64; 2]>>, GeoError> {
    rings
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|p| match p.as_slice() {
                    [lon, lat, ..] => Ok([*lon, *lat]),
                    _ => Err(String::from("a position needs a longitude and a latitude").into()),
                })
                .collect()
        })
        .collect()
}

fn check_ring(ring: &[[f64; 2]]) -> Result<(), GeoError> {
    if ring.len() < 4 {
        return Err(format!(
            "a ring needs at least 4 positions (the first repeated last), found {}",
            ring.len()
        )
        .into());
    }
    for p in ring {
        position(p)?;
    }
    if let (Some(first), Some(last)) = (ring.first(), ring.last()) {
        if first != last {
            return Err(GeoError {
                message: format!(
                    "the ring is not closed: it ends at [{}, {}], not at its first position [{}, {}]",
                    last[0], last[1], first[0], first[1]
                ),
                text: None,
                hint: Some(format!(
                    "close it: add [{}, {}] (its first position) again at its end",
                    first[0], first[1]
                )),
            });
        }
    }
    Ok(())
}

/// The centre of the shape's bounding box (of outer rings), or the point itself.
fn centre_of(shape: &Shape) -> LatLon {
    match shape {
        Shape::Point(p) => *p,
        Shape::Polygons(polys) => {
            let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in polys.iter().filter_map(|rings| rings.first()).flatten() {
                w = w.min(p[0]);
                e = e.max(p[0]);
                s = s.min(p[1]);
                n = n.max(p[1]);
            }
            LatLon {
                lat: (s + n) / 2.0,
                lon: (w + e) / 2.0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Campus>, Vec<Diagnostic>) {
        let file = SourceFile::from_bytes(text.as_bytes().to_vec(), "c.geojson".into()).unwrap();
        let mut d = Diagnostics::default();
        let c = parse_campus(&file, "c", &mut d);
        (c, d.sorted())
    }

    const SQUARE: &str = r#"{"type": "Feature",
 "geometry": {"type": "Polygon", "coordinates": [[[17.0, 59.0], [17.2, 59.0], [17.2, 59.2], [17.0, 59.2], [17.0, 59.0]]]},
 "properties": {"name": {"sv": "Torget", "en": "The Square"}, "summary": "S"}}"#;

    #[test]
    fn a_collection_of_one_feature_is_that_feature() {
        let collection = format!(r#"{{"type": "FeatureCollection", "features": [{SQUARE}]}}"#);
        let (c, d) = parse(&collection);
        assert!(d.is_empty(), "{d:?}");
        let (c, one) = (c.unwrap(), parse(SQUARE).0.unwrap());
        assert_eq!(
            (c.centre.lat, c.centre.lon),
            (one.centre.lat, one.centre.lon)
        );
        assert_eq!(c.name, one.name);
        let two = format!(r#"{{"type": "FeatureCollection", "features": [{SQUARE}, {SQUARE}]}}"#);
        let (c, d) = parse(&two);
        assert!(c.is_none());
        assert!(
            d[0].message.contains("this FeatureCollection holds 2"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn polygon_campus_has_bbox_centre() {
        let (c, d) = parse(SQUARE);
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert!((c.centre.lat - 59.1).abs() < 1e-9 && (c.centre.lon - 17.1).abs() < 1e-9);
        assert_eq!(c.name.get("en", "sv"), "The Square");
    }

    #[test]
    fn unclosed_ring_is_an_error_on_the_coordinates_line() {
        let (c, d) = parse(&SQUARE.replace("[17.0, 59.0]]]", "[17.0, 59.1]]]"));
        assert!(c.is_none());
        assert!(d[0].message.contains("not closed"), "{}", d[0]);
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn wrong_geometry_and_unknown_property_are_named() {
        let (_, d) = parse(
            &SQUARE
                .replace(r#""type": "Polygon""#, r#""type": "LineString""#)
                .replace("[[[", "[[")
                .replace("]]]", "]]"),
        );
        assert!(d[0].message.contains("not a LineString"), "{}", d[0]);
        let (_, d) = parse(&SQUARE.replace("\"summary\"", "\"sumary\""));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `summary`?"));
        let (_, d) = parse(r#"{"type": "FeatureCollection", "features": []}"#);
        assert!(
            d[0].message.contains("this FeatureCollection holds 0"),
            "{}",
            d[0]
        );
    }
}
