//! Converts a synthetic ecoatlas site (written by `examples/synth.rs`) into an equivalent Hugo
//! site, so that `scripts/bench-build.sh` can compare ecoatlas with Hugo on the same actors.
//!
//! ```sh
//! cargo run --release --example hugo_site -- SYNTH_DIR OUT_DIR
//! hugo --quiet -s OUT_DIR -d PUBLIC_DIR
//! ```
//!
//! The Hugo site has the same actors in the same two languages (Swedish, the default, at `/`,
//! English at `/en/`), the same Markdown bodies and the same front-matter fields, and a minimal
//! template set doing the work of ecoatlas's actor page, actor list and data file:
//!
//! * `actors/<slug>/index.html`: name, type, summary, the rendered body, services, access,
//!   relations in both directions as links (each target looked up with `site.GetPage`), and the
//!   facts (type, sectors, campus, address, website, e-mail, employees, founded, tags);
//! * `actors/index.html`: every actor with a link, its type, campus and summary;
//! * `data/actors.json`: slug, name, type and coordinates of every actor (its own location,
//!   else its campus's centre).
//!
//! Hugo has no cheap reverse index without taxonomies, so this converter writes each actor's
//! incoming relations into its front matter (`incoming`); the templates still resolve every
//! link. Campus names and centres go to `data/campuses.json`, the vocabularies' labels to
//! `data/vocabulary.json`. Reserved Hugo keys are avoided (`type` becomes `actor_type`).
//!
//! The output depends only on the input: files are read and written in sorted order.
//! `OUT_DIR` must be empty, missing, or a folder written by this program before.

use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MARKER: &str = ".ecoatlas-hugo-site";
const LANGS: [&str; 2] = ["sv", "en"];
/// Hugo's layouts, i18n strings and config, written verbatim (`examples/hugo/`).
const FILES: [(&str, &str); 8] = [
    ("hugo.toml", include_str!("hugo/hugo.toml")),
    ("i18n/sv.toml", include_str!("hugo/i18n/sv.toml")),
    ("i18n/en.toml", include_str!("hugo/i18n/en.toml")),
    (
        "layouts/_default/baseof.html",
        include_str!("hugo/layouts/baseof.html"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("hugo/layouts/single.html"),
    ),
    (
        "layouts/_default/list.html",
        include_str!("hugo/layouts/list.html"),
    ),
    (
        "layouts/index.html",
        include_str!("hugo/layouts/index.html"),
    ),
    (
        "layouts/index.actorsdata.json",
        include_str!("hugo/layouts/index.actorsdata.json"),
    ),
];

fn main() {
    if let Err(e) = run() {
        eprintln!("hugo_site: {e}");
        std::process::exit(2);
    }
}

/// One actor: the Swedish record's front matter and body, the English translation's.
struct Actor {
    sv: Mapping,
    sv_body: String,
    en: Mapping,
    en_body: String,
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: hugo_site SYNTH_DIR OUT_DIR\nConverts a site written by `synth` into a Hugo site.");
        return Ok(());
    }
    let [src, out] = args.as_slice() else {
        return Err("expected SYNTH_DIR OUT_DIR (see --help)".into());
    };
    let (src, out) = (PathBuf::from(src), PathBuf::from(out));
    let site: Value = serde_yaml::from_str(&read(&src.join("site.yaml"))?)
        .map_err(|e| format!("{}: {e}", src.join("site.yaml").display()))?;
    let actors = load_actors(&src.join("content/actors"))?;
    let campuses = campuses(&src.join("content/campuses"))?;
    prepare(&out)?;

    for (path, text) in FILES {
        write(&out.join(path), text)?;
    }
    write(&out.join("data/vocabulary.json"), &vocabulary(&site)?)?;
    write(&out.join("data/campuses.json"), &campuses)?;
    for (lang, title) in [("sv", "Aktörer"), ("en", "Actors")] {
        let index = format!("---\ntitle: \"{title}\"\n---\n");
        write(
            &out.join(format!("content/actors/_index.{lang}.md")),
            &index,
        )?;
    }

    // Incoming relations: target slug → [(relation type, source slug)], in source order.
    let mut incoming: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (slug, a) in &actors {
        for r in seq(&a.sv, "relations") {
            if let (Some(kind), Some(target)) = (str_of(r, "type"), str_of(r, "target")) {
                let list = incoming.entry(target.to_string()).or_default();
                list.push((kind.to_string(), slug.clone()));
            }
        }
    }
    for (slug, a) in &actors {
        let mut sv = hugo_front_matter(&a.sv);
        if let Some(list) = incoming.get(slug) {
            let items = list
                .iter()
                .map(|(kind, source)| {
                    let mut m = Mapping::new();
                    m.insert("type".into(), kind.as_str().into());
                    m.insert("source".into(), source.as_str().into());
                    Value::Mapping(m)
                })
                .collect();
            sv.insert("incoming".into(), Value::Sequence(items));
        }
        // The translation overrides texts; everything else is the Swedish record's.
        let mut en = sv.clone();
        for (key, value) in &a.en {
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
                (Some("name"), v) => {
                    en.insert("title".into(), v.clone());
                    en.insert("name".into(), v.clone());
                }
                (_, v) => {
                    en.insert(key.clone(), v.clone());
                }
            }
        }
        for (lang, fm, body) in [("sv", &sv, &a.sv_body), ("en", &en, &a.en_body)] {
            let yaml = serde_yaml::to_string(fm).map_err(|e| format!("{slug}: {e}"))?;
            let text = format!("---\n{yaml}---\n{body}");
            write(&out.join(format!("content/actors/{slug}.{lang}.md")), &text)?;
        }
    }
    println!(
        "hugo_site: wrote {} actors in {} languages to {}",
        actors.len(),
        LANGS.len(),
        out.display()
    );
    Ok(())
}

/// The Swedish record's front matter as Hugo front matter: `title` first, `type` renamed.
fn hugo_front_matter(record: &Mapping) -> Mapping {
    let mut fm = Mapping::new();
    if let Some(name) = record.get("name") {
        fm.insert("title".into(), name.clone());
    }
    for (key, value) in record {
        let key = match key.as_str() {
            Some("type") => "actor_type".into(),
            _ => key.clone(),
        };
        fm.insert(key, value.clone());
    }
    fm
}

/// Every actor of `content/actors/`, by slug, with its English translation.
fn load_actors(dir: &Path) -> Result<BTreeMap<String, Actor>, String> {
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

/// Front matter and body of a Markdown file.
fn split(path: &Path) -> Result<(Mapping, String), String> {
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

/// `data/campuses.json`: slug → names and the centre of the outline (mean of its corners).
fn campuses(dir: &Path) -> Result<String, String> {
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

/// `data/vocabulary.json`: the labels of types, sectors and relation types from site.yaml.
fn vocabulary(site: &Value) -> Result<String, String> {
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

fn seq<'a>(m: &'a Mapping, key: &str) -> &'a [Value] {
    match m.get(key) {
        Some(Value::Sequence(s)) => s,
        _ => &[],
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Makes `out` ready: empty or new, or written by this program before (then emptied).
fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).map_err(|e| format!("reading {}: {e}", out.display()))?;
        if entries.next().is_some() && !out.join(MARKER).is_file() {
            return Err(format!(
                "{} is not empty and was not written by hugo_site; choose an empty or new folder",
                out.display()
            ));
        }
        for dir in ["content", "layouts", "data", "i18n"] {
            let path = out.join(dir);
            if path.exists() {
                std::fs::remove_dir_all(&path)
                    .map_err(|e| format!("removing {}: {e}", path.display()))?;
            }
        }
    }
    write(
        &out.join(MARKER),
        "A Hugo site written by `cargo run --example hugo_site`.\n",
    )
}
