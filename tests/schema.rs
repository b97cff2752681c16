//! `ecoatlas schema`: the schemas in docs/schemas are the ones the binary writes, and the
//! shipped content validates against them (while a record with a typo does not). A site's own
//! schemas (`--root`) list its names, pass every valid site and catch the mistakes listed in
//! `SITE_SCHEMAS_CATCH`, checked with the `jsonschema` crate (schemars wrote them).

mod support;

use serde_json::Value;
use std::path::Path;
use support::*;

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_root().join("docs/schemas").join(name)).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&value)
        .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"))
}

/// The front matter of a Markdown record (or the whole of a YAML one) as JSON.
fn record(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---").next().unwrap().to_string(),
        None => text,
    };
    let value: serde_yaml::Value =
        serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(value).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &Path) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not match its schema:\n{}",
        what.display(),
        errors.join("\n")
    );
}

#[test]
fn committed_schemas_are_what_the_binary_writes() {
    let dir = tempfile::tempdir().unwrap();
    let o = ecoatlas(&["schema", "--output", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = read_tree(dir.path());
    let committed = read_tree(&repo_root().join("docs/schemas"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "docs/schemas/{name} is stale: run `ecoatlas schema --output docs/schemas`"
        );
    }
}

#[test]
fn shipped_content_validates_against_the_schemas() {
    let root = repo_root();
    assert_valid(
        &schema("site.schema.json"),
        &record(&root.join("site.yaml")),
        Path::new("site.yaml"),
    );
    let (actor, translation) = (
        schema("actor.schema.json"),
        schema("actor-translation.schema.json"),
    );
    let (campus, page, news, text) = (
        schema("campus.schema.json"),
        schema("page.schema.json"),
        schema("news.schema.json"),
        schema("translation.schema.json"),
    );
    let indicator = schema("indicator.schema.json");
    let mut counts = [0usize; 5];
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy();
        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        let translated = name.ends_with(".en.md");
        match (folder.as_ref(), path.extension().and_then(|e| e.to_str())) {
            ("actors", Some("md" | "yaml")) => {
                assert_valid(
                    if translated { &translation } else { &actor },
                    &record(path),
                    path,
                );
                counts[0] += 1;
            }
            ("campuses", Some("geojson")) => {
                let v: Value =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                assert_valid(&campus, &v, path);
                counts[1] += 1;
            }
            ("pages", Some("md")) => {
                assert_valid(if translated { &text } else { &page }, &record(path), path);
                counts[2] += 1;
            }
            ("news", Some("md")) => {
                assert_valid(if translated { &text } else { &news }, &record(path), path);
                counts[3] += 1;
            }
            ("indicators", Some("yaml")) => {
                assert_valid(&indicator, &record(path), path);
                counts[4] += 1;
            }
            _ => {}
        }
    }
    assert!(
        counts[0] >= 80 && counts[1] >= 8 && counts[2] >= 2 && counts[3] >= 3 && counts[4] >= 1,
        "{counts:?}"
    );
}

#[test]
fn the_schemas_catch_what_check_catches() {
    let actor = schema("actor.schema.json");
    let typo = fixture("invalid/unknown-field/content/actors/gamma.md");
    assert!(
        !actor.is_valid(&record(&typo)),
        "a misspelt field passes the actor schema"
    );
    let missing = fixture("invalid/missing-field/content/actors/gamma.md");
    assert!(
        !actor.is_valid(&record(&missing)),
        "a missing summary passes the actor schema"
    );
    let campus = schema("campus.schema.json");
    for case in [
        "wrong-geometry",
        "too-few-points",
        "coordinates-out-of-range",
    ] {
        let path = fixture(&format!("invalid/{case}/content/campuses/sodra.geojson"));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(!campus.is_valid(&v), "{case} passes the campus schema");
    }
    let not_feature = fixture("invalid/not-a-feature/content/campuses/sodra.geojson");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(not_feature).unwrap()).unwrap();
    assert!(!campus.is_valid(&v));
    let indicator = schema("indicator.schema.json");
    let valid = fixture("minimal/content/indicators/foretag.yaml");
    assert!(indicator.is_valid(&record(&valid)));
    for case in ["indicator-unknown-unit", "indicator-value-not-a-number"] {
        let path = fixture(&format!("invalid/{case}/content/indicators/foretag.yaml"));
        assert!(
            !indicator.is_valid(&record(&path)),
            "{case} passes the indicator schema"
        );
    }
}

/// The schema file each record of a site follows, with the record as JSON: site.yaml, and
/// every record under `content/` (a record that is not even YAML or JSON is left out: that is
/// `check`'s to say, and no schema can).
fn site_records(root: &Path) -> Vec<(&'static str, std::path::PathBuf, Value)> {
    let site = record_or_none(&root.join("site.yaml"));
    let languages: Vec<String> = site
        .as_ref()
        .and_then(|s| s["languages"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    let mut out = Vec::new();
    if let Some(site) = site {
        out.push(("site.schema.json", root.join("site.yaml"), site));
    }
    let walk = walkdir::WalkDir::new(root.join("content")).sort_by_file_name();
    for entry in walk.into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let translated = languages
            .iter()
            .skip(1)
            .any(|l| stem.ends_with(&format!(".{l}")));
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|f| f.to_str());
        let ext = path.extension().and_then(|e| e.to_str());
        let schema = match (folder, ext, translated) {
            (Some("actors"), Some("md" | "yaml" | "yml"), false) => "actor.schema.json",
            (Some("actors"), Some("md" | "yaml" | "yml"), true) => "actor-translation.schema.json",
            (Some("campuses"), Some("geojson" | "json"), _) => "campus.schema.json",
            (Some("pages"), Some("md"), false) => "page.schema.json",
            (Some("news"), Some("md"), false) => "news.schema.json",
            (Some("pages" | "news"), Some("md"), true) => "translation.schema.json",
            (Some("indicators"), Some("yaml" | "yml"), _) => "indicator.schema.json",
            _ => continue,
        };
        let value = if schema == "campus.schema.json" {
            std::fs::read_to_string(path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
        } else {
            record_or_none(path)
        };
        if let Some(value) = value {
            out.push((schema, path.to_path_buf(), value));
        }
    }
    out
}

/// [`record`], or `None` for a file that is not UTF-8 YAML (or Markdown without a closed front
/// matter: no YAML tool sees a record there).
fn record_or_none(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---")?.0.to_string(),
        None if path.extension().is_some_and(|e| e == "md") => return None,
        None => text,
    };
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).ok()?;
    serde_json::to_value(value).ok()
}

/// The site's own schemas as the binary writes them, by file name (`None` when its site.yaml
/// does not load).
fn written_site_schemas(root: &Path) -> Option<std::collections::BTreeMap<String, Value>> {
    let dir = tempfile::tempdir().unwrap();
    let o = ecoatlas(&[
        "schema",
        "--root",
        root.to_str().unwrap(),
        "--output",
        dir.path().to_str().unwrap(),
    ]);
    if !o.status.success() {
        return None;
    }
    Some(
        read_tree(dir.path())
            .into_iter()
            .map(|(name, bytes)| (name, serde_json::from_slice(&bytes).unwrap()))
            .collect(),
    )
}

/// [`written_site_schemas`] compiled by the `jsonschema` crate with formats (e-mail) checked.
fn site_schemas(root: &Path) -> Option<std::collections::BTreeMap<String, jsonschema::Validator>> {
    let mut validators = std::collections::BTreeMap::new();
    for (name, value) in written_site_schemas(root)? {
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&value)
            .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"));
        validators.insert(name, v);
    }
    Some(validators)
}

/// Every record of the site at `root` that its own schemas refuse, with the first reason.
fn refused(root: &Path) -> Option<Vec<String>> {
    let validators = site_schemas(root)?;
    Some(
        site_records(root)
            .into_iter()
            .filter_map(|(schema, path, value)| {
                let e = validators[schema].iter_errors(&value).next()?;
                Some(format!(
                    "{}: {e} at {}",
                    path.strip_prefix(root).unwrap_or(&path).display(),
                    e.instance_path()
                ))
            })
            .collect(),
    )
}

#[test]
fn a_sites_schemas_list_its_own_names() {
    let root = repo_root();
    let schemas = written_site_schemas(&root).expect("the shipped site.yaml loads");
    assert_eq!(schemas.len(), 8);
    let actor = &schemas["actor.schema.json"];
    let site = record(&root.join("site.yaml"));
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        strings(&actor["properties"]["type"]["enum"]),
        keys(&site["actor_types"])
    );
    assert_eq!(
        strings(&actor["properties"]["sectors"]["items"]["enum"]),
        keys(&site["sectors"])
    );
    let campuses: Vec<String> = read_tree(&root.join("content/campuses"))
        .keys()
        .filter_map(|n| n.strip_suffix(".geojson").map(String::from))
        .collect();
    assert_eq!(
        strings(&actor["properties"]["campus"]["anyOf"][1]["enum"]),
        campuses
    );
    let targets = strings(&actor["$defs"]["Relation"]["properties"]["target"]["enum"]);
    for slug in ["karolinska-institutet", "scilifelab", "uppsala-universitet"] {
        assert!(targets.contains(&slug.to_string()), "{slug} in {targets:?}");
    }
    assert!(!targets.iter().any(|t| t.ends_with(".en")), "{targets:?}");
}

#[test]
fn every_valid_site_passes_its_own_schemas() {
    for root in [
        repo_root(),
        fixture("minimal"),
        fixture("story"),
        fixture("tiles"),
        fixture("xss"),
    ] {
        let refused = refused(&root).expect("site.yaml loads");
        assert!(
            refused.is_empty(),
            "{}: its own schemas refuse:\n{}",
            root.display(),
            refused.join("\n")
        );
    }
}

/// The invalid fixtures (one mistake each) whose mistake a site's own schemas catch while the
/// editor types. The others need what a schema cannot see: other files, the text's lines,
/// calendars, links, logos, geometry beyond its shape.
const SITE_SCHEMAS_CATCH: &[&str] = &[
    "coordinates-out-of-range",
    "event-bad-date",
    "indicator-unknown-unit",
    "indicator-value-not-a-number",
    "invalid-email",
    "keyword-unknown",
    "location-not-a-position",
    // `location: unknown` beside `campus`.
    "location-unknown-beside-campus",
    "missing-field",
    "not-a-feature",
    "out-of-range",
    // A site's campus is one of the site's campuses; a site needs `campus` or `location`.
    "site-unknown-campus",
    "site-without-position",
    "source-without-url",
    "too-few-points",
    "unknown-campus",
    "unknown-field",
    "unknown-relation-target",
    "unknown-sector",
    "unknown-service-area",
    "unknown-successor",
    "unknown-type",
    "unsafe-url",
    "wrong-geometry",
    "wrong-type",
];

#[test]
fn a_sites_schemas_catch_these_mistakes_as_check_does() {
    let mut caught = Vec::new();
    let mut table = String::new();
    let mut cases: Vec<_> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        // Each invalid fixture is one mistake laid over the `minimal` site.
        let (_dir, site) = fixture_site("minimal", &[&format!("invalid/{name}")]);
        let line = match refused(&site) {
            None => "site.yaml does not load: no site schemas".to_string(),
            Some(r) if r.is_empty() => "not caught".to_string(),
            Some(r) => {
                caught.push(name.clone());
                format!("caught: {}", r[0])
            }
        };
        table.push_str(&format!("{name:36} {line}\n"));
    }
    eprintln!("{table}");
    assert_eq!(
        caught, SITE_SCHEMAS_CATCH,
        "the mistakes the site schemas catch changed:\n{table}"
    );
}

#[test]
fn init_writes_the_sites_schemas_and_the_editor_settings_that_use_them() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = ecoatlas(&["init", site.to_str().unwrap(), "--languages", "de,en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ecoatlas schema --root"),
        "{}",
        stdout(&o)
    );
    // The schemas are the site's own: what `schema --root` writes for it.
    let fresh = tempfile::tempdir().unwrap();
    let o = ecoatlas(&[
        "schema",
        "--root",
        site.to_str().unwrap(),
        "--output",
        fresh.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read_tree(&site.join("schemas")), read_tree(fresh.path()));
    assert_eq!(refused(&site), Some(Vec::new()));
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let yaml = &settings["yaml.schemas"];
    assert_eq!(yaml["./schemas/site.schema.json"], "site.yaml");
    assert_eq!(
        yaml["./schemas/actor.schema.json"],
        serde_json::json!(["content/actors/*.yaml", "!content/actors/*.en.yaml"])
    );
    assert_eq!(
        yaml["./schemas/actor-translation.schema.json"],
        serde_json::json!(["content/actors/*.en.yaml"])
    );
    assert_eq!(
        settings["json.schemas"][0]["url"],
        "./schemas/campus.schema.json"
    );
    for path in ["./schemas/site.schema.json", "./schemas/campus.schema.json"] {
        assert!(site.join(path).is_file(), "{path}");
    }
}

#[test]
fn site_schemas_of_a_folder_without_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = ecoatlas(&["schema", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("site.yaml"), "{}", stderr(&o));
    assert!(!dir.path().join("schemas").exists());
}
