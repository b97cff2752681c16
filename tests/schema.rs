//! `ecoatlas schema`: the schemas in docs/schemas are the ones the binary writes, and the
//! shipped content validates against them (while a record with a typo does not).

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
