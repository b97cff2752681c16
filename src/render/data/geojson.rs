//! The site's data files: `data/actors.geojson` and `data/campuses.geojson`, one pair per
//! language. Their properties are documented in docs/DATA.md and versioned by `schema_version`.

use crate::model::Shape;
use crate::render::urls;
use crate::render::views::Lang;
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue as Value, JsonObject};
use serde_json::json;

use super::{meta, round};

fn collection_members(l: &Lang<'_>, kind: &str) -> JsonObject {
    let mut m = JsonObject::new();
    m.insert("ecoatlas".into(), meta(l, kind));
    m
}

fn to_bytes(fc: &FeatureCollection) -> Vec<u8> {
    let mut s = fc.to_string();
    s.push('\n');
    s.into_bytes()
}

pub fn actors_geojson(l: &Lang<'_>) -> Vec<u8> {
    let features =
        crate::render::data::assemble::in_chunks(&l.site.actors, |a| actor_feature(l, a));
    actors_geojson_file(l, features.flatten(), 0)
}

/// `actors.geojson` from its features ([`actor_feature`]), in order: the same bytes as
/// serialising the whole collection at once.
pub fn actors_geojson_file(
    l: &Lang<'_>,
    features: impl Iterator<Item = impl AsRef<[u8]>>,
    size: usize,
) -> Vec<u8> {
    let empty = to_bytes(&FeatureCollection {
        bbox: None,
        features: Vec::new(),
        foreign_members: Some(collection_members(l, "actors")),
    });
    let list = (&b""[..], &b","[..], &b""[..]);
    crate::render::data::assemble::splice_list(&empty, b"\"features\":[", list, features, size)
}

/// An actor's feature in `actors.geojson`, when it has a position.
pub fn actor_feature(l: &Lang<'_>, a: &crate::model::Actor) -> Option<Vec<u8>> {
    let p = a.position?;
    let mut props = JsonObject::new();
    props.insert("slug".into(), json!(a.slug));
    props.insert("name".into(), json!(a.name_in(l.lang, l.default_lang)));
    props.insert("type".into(), json!(a.kind));
    props.insert("sectors".into(), json!(a.sectors));
    props.insert("campuses".into(), json!(a.campuses));
    props.insert(
        "summary".into(),
        json!(a.summary_in(l.lang, l.default_lang)),
    );
    props.insert("url".into(), json!(l.urls.link(&urls::actor(&a.slug))));
    props.insert("website".into(), json!(a.facts.website));
    props.insert("approximate".into(), json!(a.approximate));
    props.insert(
        "reviewed".into(),
        json!(a.provenance.reviewed.map(|d| d.to_string())),
    );
    props.insert("sources".into(), json!(a.provenance.sources));
    props.insert("status".into(), json!(a.life.status.as_str()));
    // An actor with several sites is a MultiPoint, its sites (campus and label) in the same
    // order as its points.
    let located: Vec<&crate::model::ActorSite> =
        a.sites.iter().filter(|s| s.position.is_some()).collect();
    if !a.sites.is_empty() {
        let sites: Vec<_> = located
            .iter()
            .map(|s| json!({"campus": s.campus, "label": s.label, "approximate": s.approximate}))
            .collect();
        props.insert("sites".into(), json!(sites));
    }
    let geometry = match located.len() {
        0 | 1 => Value::new_point([round(p.lon), round(p.lat)]),
        _ => Value::new_multi_point(
            located
                .iter()
                .filter_map(|s| s.position)
                .map(|p| [round(p.lon), round(p.lat)])
                .collect::<Vec<[f64; 2]>>(),
        ),
    };
    let feature = Feature {
        bbox: None,
        geometry: Some(Geometry::new(geometry)),
        id: Some(geojson::feature::Id::String(a.slug.clone())),
        properties: Some(props),
        foreign_members: None,
    };
    serde_json::to_vec(&feature).ok()
}

pub fn campuses_geojson(l: &Lang<'_>) -> Vec<u8> {
    let features = l
        .site
        .campuses
        .iter()
        .map(|c| {
            let geometry = match &c.shape {
                Shape::Point(p) => Value::new_point([round(p.lon), round(p.lat)]),
                Shape::Polygons(polys) => {
                    let polys: Vec<Vec<Vec<[f64; 2]>>> = polys
                        .iter()
                        .map(|rings| {
                            rings
                                .iter()
                                .map(|r| r.iter().map(|p| [round(p[0]), round(p[1])]).collect())
                                .collect()
                        })
                        .collect();
                    match <[_; 1]>::try_from(polys) {
                        Ok([one]) => Value::new_polygon(one),
                        Err(many) => Value::new_multi_polygon(many),
                    }
                }
            };
            let mut props = JsonObject::new();
            props.insert("slug".into(), json!(c.slug));
            props.insert("name".into(), json!(c.name.get(l.lang, l.default_lang)));
            props.insert(
                "summary".into(),
                json!(c.summary.get(l.lang, l.default_lang)),
            );
            props.insert(
                "specialties".into(),
                json!(c.specialties_in(l.lang, l.default_lang)),
            );
            props.insert("municipality".into(), json!(c.municipality));
            props.insert("url".into(), json!(l.urls.link(&urls::campus(&c.slug))));
            props.insert(
                "centre".into(),
                json!([round(c.centre.lon), round(c.centre.lat)]),
            );
            props.insert("approximate".into(), json!(c.approximate));
            props.insert(
                "reviewed".into(),
                json!(c.provenance.reviewed.map(|d| d.to_string())),
            );
            props.insert("sources".into(), json!(c.provenance.sources));
            Feature {
                bbox: None,
                geometry: Some(Geometry::new(geometry)),
                id: Some(geojson::feature::Id::String(c.slug.clone())),
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect();
    to_bytes(&FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(collection_members(l, "campuses")),
    })
}
