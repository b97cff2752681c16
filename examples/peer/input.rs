//! What the benchmark's converters (`examples/hugo_site.rs`, `examples/zola_site.rs`) read from a
//! synthetic ecoatlas site written by `examples/synth.rs`, and how they write their output.
//! Included by each with `#[path = "peer/input.rs"] mod input;` (a folder without `main.rs`
//! is not an example of its own).

use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One actor: the Swedish record's front matter and body, the English translation's.
pub struct Actor {
    pub sv: Mapping,
    pub sv_body: String,
    pub en: Mapping,
    pub en_body: String,
}

/// Every actor of `content/actors/`, by slug, with its English translation.
pub fn load_actors(dir: &Path) -> Result<BTreeMap<String, Actor>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("reading {}: {e}", dir.display()))?;
    files.sort();
    let mut actors = BTreeMap::new();
    for path in files {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug.contains('.') {
            continue; // a translation, read with its record
        }
        let (sv, sv_body) = split(&path)?;
        let en_path = dir.join(format!("{slug}.en.md"));
        let (en, en_body) = if en_path.is_file() {
            split(&en_path)?
        } else {
            (Mapping::new(), sv_body.clone())
        };
        let actor = Actor {
            sv,
            sv_body,
            en,
            en_body,
        };
        actors.insert(slug.to_string(), actor);
    }
    Ok(actors)
}

/// Incoming relations: target slug → [(relation type, source slug)], in source order.
pub fn incoming(actors: &BTreeMap<String, Actor>) -> BTreeMap<String, Vec<(String, String)>> {
    let mut incoming: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (slug, a) in actors {
        for r in seq(&a.sv, "relations") {
            if let (Some(kind), Some(target)) = (str_of(r, "type"), str_of(r, "target")) {
                let list = incoming.entry(target.to_string()).or_default();
                list.push((kind.to_string(), slug.clone()));
            }
        }
    }
    incoming
}

/// `incoming`'s list of one actor as front matter: `[{type, source}]`.
pub fn incoming_value(list: &[(String, String)]) -> Value {
    let items = list
        .iter()
        .map(|(kind, source)| {
            let mut m = Mapping::new();
            m.insert("type".into(), kind.as_str().into());
            m.insert("source".into(), source.as_str().into());
            Value::Mapping(m)
        })
        .collect();
    Value::Sequence(items)
}

/// The English front matter: `base` (the Swedish record's) with the translation's fields put
/// over it; `access` is merged field by field, as ecoatlas merges a translation.
pub fn translated(base: &Mapping, translation: &Mapping) -> Mapping {
    let mut en = base.clone();
    for (key, value) in translation {
        match (key.as_str(), value) {
            (Some("access"), Value::Mapping(access)) => {
                let merged = en
                    .entry("access".into())
                    .or_insert_with(|| Value::Mapping(Mapping::new()));
                if let Value::Mapping(m) = merged {
                    for (k, v) in access {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
            _ => {
                en.insert(key.clone(), value.clone());
            }
        }
    }
    en
}

/// Front matter and body of a Markdown file.
pub fn split(path: &Path) -> Result<(Mapping, String), String> {
    let text = read(path)?;
    let rest = text
        .strip_prefix("---\n")
        .ok_or_else(|| format!("{}: no front matter", path.display()))?;
    let end = rest
        .find("\n---\n")
        .ok_or_else(|| format!("{}: front matter not closed", path.display()))?;
    let fm: Mapping =
        serde_yaml::from_str(&rest[..end]).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((fm, rest[end + 5..].to_string()))
}

/// `campuses.json`: slug → names and the centre of the outline (mean of its corners).
pub fn campuses(dir: &Path) -> Result<String, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    paths.sort();
    let mut map = serde_json::Map::new();
    for path in paths {
        let json: serde_json::Value =
            serde_json::from_str(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        let ring = json["geometry"]["coordinates"][0]
            .as_array()
            .ok_or_else(|| format!("{}: not a polygon", path.display()))?;
        // The last corner repeats the first.
        let corners = &ring[..ring.len().saturating_sub(1)];
        let n = corners.len().max(1) as f64;
        let sum = |i: usize| corners.iter().filter_map(|c| c[i].as_f64()).sum::<f64>();
        let round = |x: f64| (x * 1e5).round() / 1e5;
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{}: bad file name", path.display()))?;
        let entry = serde_json::json!({
            "name": json["properties"]["name"],
            "lat": round(sum(1) / n),
            "lon": round(sum(0) / n),
        });
        map.insert(slug.to_string(), entry);
    }
    serde_json::to_string_pretty(&map).map_err(|e| e.to_string())
}

/// `vocabulary.json`: the labels of types, sectors and relation types from site.yaml.
pub fn vocabulary(site: &Value) -> Result<String, String> {
    let mut out = serde_json::Map::new();
    for (key, field) in [
        ("types", "actor_types"),
        ("sectors", "sectors"),
        ("relations", "relation_types"),
    ] {
        let Some(Value::Mapping(entries)) = site.get(field) else {
            return Err(format!("site.yaml has no `{field}`"));
        };
        let mut section = serde_json::Map::new();
        for (k, v) in entries {
            let k = k.as_str().ok_or("site.yaml: a key is not a string")?;
            let mut labels = serde_json::Map::new();
            labels.insert("label".into(), to_json(v.get("label")));
            if key == "relations" {
                labels.insert("reverse".into(), to_json(v.get("reverse")));
            }
            section.insert(k.to_string(), labels.into());
        }
        out.insert(key.to_string(), section.into());
    }
    let mut text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    let _ = writeln!(text);
    Ok(text)
}

fn to_json(v: Option<&Value>) -> serde_json::Value {
    v.and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_default()
}

pub fn seq<'a>(m: &'a Mapping, key: &str) -> &'a [Value] {
    match m.get(key) {
        Some(Value::Sequence(s)) => s,
        _ => &[],
    }
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

pub fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Makes `out` ready: empty or new, or written by `program` before (it left the file `marker`
/// there, holding `note`), then its folders `dirs` are removed.
pub fn prepare(
    out: &Path,
    program: &str,
    marker: &str,
    note: &str,
    dirs: &[&str],
) -> Result<(), String> {
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).map_err(|e| format!("reading {}: {e}", out.display()))?;
        if entries.next().is_some() && !out.join(marker).is_file() {
            return Err(format!(
                "{} is not empty and was not written by {program}; choose an empty or new folder",
                out.display()
            ));
        }
        for dir in dirs {
            let path = out.join(dir);
            if path.exists() {
                std::fs::remove_dir_all(&path)
                    .map_err(|e| format!("removing {}: {e}", path.display()))?;
            }
        }
    }
    write(&out.join(marker), note)
}
