//! `ecoatlas schema`: JSON Schemas for the files editors write, generated from the same types
//! the loader reads, so editors' YAML and JSON tools complete and check fields as they type.

use crate::config::SiteConfig;
use crate::load::actors::{ActorRecord, TranslationRecord};
use crate::load::campuses::CampusProperties;
use crate::load::indicators::IndicatorRecord;
use crate::load::pages::{NewsRecord, PageRecord, TranslatedText};
use anyhow::{Context, Result};
use schemars::{schema_for, Schema};
use serde_json::{json, Value};
use std::path::Path;

/// Every schema, by file name.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "site.schema.json",
            titled(schema_for!(SiteConfig), "ecoatlas site.yaml"),
        ),
        (
            "actor.schema.json",
            titled(schema_for!(ActorRecord), "ecoatlas actor record"),
        ),
        (
            "actor-translation.schema.json",
            titled(schema_for!(TranslationRecord), "ecoatlas actor translation"),
        ),
        ("campus.schema.json", campus_feature()),
        (
            "page.schema.json",
            titled(schema_for!(PageRecord), "ecoatlas page"),
        ),
        (
            "news.schema.json",
            titled(schema_for!(NewsRecord), "ecoatlas news item"),
        ),
        (
            "indicator.schema.json",
            titled(schema_for!(IndicatorRecord), "ecoatlas indicator"),
        ),
        (
            "translation.schema.json",
            titled(
                schema_for!(TranslatedText),
                "ecoatlas page or news translation",
            ),
        ),
    ]
}

fn titled(schema: Schema, title: &str) -> Value {
    let mut value = schema.to_value();
    value["title"] = json!(title);
    value
}

/// A campus file is a GeoJSON Feature whose properties follow [`CampusProperties`] (or a
/// FeatureCollection of that one Feature, as drawing tools save it).
fn campus_feature() -> Value {
    let mut props = schema_for!(CampusProperties).to_value();
    let defs = props
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or(json!({}));
    if let Some(o) = props.as_object_mut() {
        o.remove("$schema");
        o.remove("title");
    }
    let position = json!({"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"},
        "prefixItems": [{"minimum": -180, "maximum": 180}, {"minimum": -90, "maximum": 90}]});
    let ring = json!({"type": "array", "minItems": 4, "items": position});
    let feature = json!({
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"const": "Feature"},
            "geometry": {"oneOf": [
                {"type": "object", "required": ["type", "coordinates"],
                 "properties": {"type": {"const": "Point"}, "coordinates": position}},
                {"type": "object", "required": ["type", "coordinates"],
                 "properties": {"type": {"const": "Polygon"}, "coordinates": {"type": "array", "minItems": 1, "items": ring}}},
                {"type": "object", "required": ["type", "coordinates"],
                 "properties": {"type": {"const": "MultiPolygon"}, "coordinates": {"type": "array", "minItems": 1,
                     "items": {"type": "array", "minItems": 1, "items": ring}}}}
            ]},
            "properties": props,
            "id": {"type": ["string", "number"]},
            "bbox": {"type": "array"}
        }
    });
    let mut defs = defs;
    if let Some(d) = defs.as_object_mut() {
        d.insert("Feature".into(), feature);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ecoatlas campus (a GeoJSON Feature, or a FeatureCollection of that one Feature)",
        "oneOf": [
            {"$ref": "#/$defs/Feature"},
            {"type": "object", "required": ["type", "features"],
             "properties": {
                 "type": {"const": "FeatureCollection"},
                 "features": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"$ref": "#/$defs/Feature"}},
                 "bbox": {"type": "array"}
             }}
        ],
        "$defs": defs,
    })
}

/// Writes every schema into `dir` (created if needed), pretty-printed with a final newline.
pub fn write(dir: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, schema) in schemas() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).context("serialising a schema")?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(name.to_string());
    }
    Ok(written)
}
