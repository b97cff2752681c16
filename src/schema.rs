//! `ecoatlas schema`: JSON Schemas for the files editors write, generated from the same types
//! the loader reads, so editors' YAML and JSON tools complete and check fields as they type.
//!
//! A field whose values name something of the site (an actor type, a sector, a campus, an
//! actor…) says so on its record type with `#[schemars(extend("x-ecoatlas-names" = "…"))]`
//! ([`NAMES`]). The generic schemas (`ecoatlas schema`) keep that note; a site's own schemas
//! (`ecoatlas schema --root DIR`, [`site_schemas`]) turn it into the list of that site's names,
//! so that a misspelt type or campus is flagged while typing and relation targets complete to
//! the site's actors.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::actor_record::{ActorRecord, TranslationRecord};
use crate::load::campuses::CampusProperties;
use crate::load::content_files;
use crate::load::indicators::IndicatorRecord;
use crate::load::pages::{NewsRecord, PageRecord, TranslatedText};
use anyhow::{Context, Result};
use schemars::{schema_for, Schema};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The schema keyword that names the set a field's values come from: a vocabulary of
/// site.yaml (`actor_types`, `sectors`, `relation_types`, `service_areas`), `audiences` (the
/// fixed list `access.open_to` takes), or the site's `campuses` or `actors` (their slugs).
pub const NAMES: &str = "x-ecoatlas-names";

/// Every schema, by file name, for any site.
pub fn schemas() -> Vec<(&'static str, Value)> {
    let mut all = generic();
    let names = BTreeMap::from([("audiences", audiences())]);
    for (_, schema) in &mut all {
        restrict(schema, &names);
    }
    all
}

fn audiences() -> Vec<String> {
    crate::validate::OPEN_TO.map(String::from).to_vec()
}

/// The schemas of the site in `root`: [`schemas`] with every named set replaced by the site's
/// own names (from site.yaml and the files in `content/`). Fails only when site.yaml does.
pub fn site_schemas(root: &Path) -> Result<Vec<(&'static str, Value)>, Vec<Diagnostic>> {
    let config = SiteConfig::load(root)?;
    let slugs = |dir: &str, exts: &[&str]| -> Vec<String> {
        // Problems with the files are `check`'s to report; here only their names matter.
        let mut ignored = Diagnostics::default();
        content_files(
            root,
            &root.join("content").join(dir),
            exts,
            &config.languages,
            &mut ignored,
        )
        .into_iter()
        .filter(|r| !r.main.is_empty())
        .map(|r| r.slug)
        .collect()
    };
    let names = BTreeMap::from([
        ("actor_types", keys(&config.actor_types)),
        ("sectors", keys(&config.sectors)),
        ("relation_types", keys(&config.relation_types)),
        ("service_areas", keys(&config.service_areas)),
        ("audiences", audiences()),
        ("campuses", slugs("campuses", &["geojson", "json", "md"])),
        ("actors", slugs("actors", &["md", "yaml", "yml"])),
    ]);
    // Without a keyword vocabulary, tags are free text.
    let mut names = names;
    if !config.keywords.is_empty() {
        names.insert("keywords", keys(&config.keywords));
    }
    let mut all = generic();
    for (_, schema) in &mut all {
        restrict(schema, &names);
    }
    Ok(all)
}

fn keys<T>(map: &BTreeMap<String, T>) -> Vec<String> {
    map.keys().cloned().collect()
}

/// Gives every node that carries [`NAMES`] with a set in `names` that set as its `enum`: on
/// the node for a text, on its items for a list, on both forms of "one or a list" (`campus:`).
fn restrict(node: &mut Value, names: &BTreeMap<&str, Vec<String>>) {
    match node {
        Value::Object(map) => {
            let set = map
                .get(NAMES)
                .and_then(Value::as_str)
                .and_then(|n| names.get(n));
            if let Some(set) = set {
                let types: Vec<&str> = match map.get("type") {
                    Some(Value::String(t)) => vec![t.as_str()],
                    Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                if types.contains(&"array") {
                    if let Some(items) = map.get_mut("items").and_then(Value::as_object_mut) {
                        items.insert("enum".into(), json!(set));
                    }
                } else if types.contains(&"string") {
                    let mut allowed = json!(set);
                    if types.contains(&"null") {
                        if let Some(a) = allowed.as_array_mut() {
                            a.push(Value::Null);
                        }
                    }
                    map.insert("enum".into(), allowed);
                } else {
                    // One name or a list of them (a `$ref` to the untagged "one or many").
                    map.remove("$ref");
                    map.insert(
                        "anyOf".into(),
                        json!([{"type": "null"}, {"enum": set},
                               {"type": "array", "items": {"enum": set}}]),
                    );
                }
            }
            for (_, child) in map.iter_mut() {
                restrict(child, names);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| restrict(v, names)),
        _ => {}
    }
}

/// Every schema as the record types give it.
fn generic() -> Vec<(&'static str, Value)> {
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

/// The folder of a site's own schemas, and of its editor settings.
pub const SITE_DIR: &str = "schemas";
pub const EDITOR_SETTINGS: &str = ".vscode/settings.json";

/// Editor settings (VS Code with the YAML extension) that apply a site's schemas from
/// [`SITE_DIR`] to its files: site.yaml, YAML actor records and their translations (one glob per
/// language besides the default, which the actor schema leaves out), campus GeoJSON.
pub fn editor_settings(languages: &[String]) -> String {
    let translated: Vec<String> = languages
        .iter()
        .skip(1)
        .map(|l| format!("content/actors/*.{l}.yaml"))
        .collect();
    let mut actors = vec![json!("content/actors/*.yaml")];
    actors.extend(translated.iter().map(|g| json!(format!("!{g}"))));
    let at = |name: &str| format!("./{SITE_DIR}/{name}");
    let settings = json!({
        "yaml.schemas": {
            at("site.schema.json"): "site.yaml",
            at("actor.schema.json"): actors,
            at("actor-translation.schema.json"): translated,
        },
        "json.schemas": [
            {"fileMatch": ["content/campuses/*.geojson"], "url": at("campus.schema.json")}
        ],
        "files.associations": {"*.geojson": "json"}
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir` (created if needed), pretty-printed with a final newline.
pub fn write(dir: &Path) -> Result<Vec<String>> {
    write_all(dir, schemas())
}

/// Writes `schemas` into `dir` (created if needed), pretty-printed with a final newline.
pub fn write_all(dir: &Path, schemas: Vec<(&'static str, Value)>) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, schema) in schemas {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).context("serialising a schema")?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(name.to_string());
    }
    Ok(written)
}
