//! The map's popup shows the columns of `actors.csv` that site.yaml's `map.popup` names
//! (`tests/fixtures/popup` over `minimal`: website, founded, employees): their labels are in
//! the map's configuration, each actor's values in `map-text.json`, in the order of
//! `map.json`. A site that names none (`minimal`) has neither.

mod support;

use support::*;

#[test]
fn the_popup_fields_labels_and_values_follow_map_popup() {
    let (_dir, out) = built_fixture("minimal", &["popup"], "2025-06-01");
    for (prefix, labels) in [
        ("", ["Webbplats", "Grundat", "Anställda"]),
        ("en/", ["Website", "Founded", "Employees"]),
    ] {
        let config = map_config(&read(&out, &format!("{prefix}index.html")));
        let popup: Vec<(&str, &str)> = config["popup"]
            .as_array()
            .expect("popup in the configuration")
            .iter()
            .map(|f| (f["name"].as_str().unwrap(), f["label"].as_str().unwrap()))
            .collect();
        assert_eq!(
            popup,
            [
                ("website", labels[0]),
                ("founded", labels[1]),
                ("employees", labels[2])
            ],
            "{prefix}"
        );

        let map = read_json(&out, &format!("{prefix}data/map.json"));
        let text = read_json(&out, &format!("{prefix}data/map-text.json"));
        let slugs = map["actors"]["slug"].as_array().unwrap();
        let facts = text["facts"].as_array().expect("facts in map-text.json");
        assert_eq!(facts.len(), slugs.len());
        let of = |slug: &str| {
            let i = slugs.iter().position(|s| s == slug).unwrap();
            facts[i].clone()
        };
        // The values as actors.csv has them; empty where the record gives none.
        assert_eq!(
            of("alfa-universitet"),
            serde_json::json!(["https://alfa.example.org", "1901", "1200"])
        );
        assert_eq!(
            of("beta-ab"),
            serde_json::json!(["https://beta.example.org", "", ""])
        );
    }
}

#[test]
fn a_site_without_map_popup_has_no_popup_fields() {
    let (_dir, out) = built_fixture("minimal", &[], "2025-06-01");
    let config = map_config(&read(&out, "index.html"));
    assert!(config.get("popup").is_none(), "{config}");
    let text = read_json(&out, "data/map-text.json");
    assert!(text.get("facts").is_none(), "{text}");
}

#[test]
fn a_popup_field_that_is_no_column_fails_the_check_at_its_line() {
    let (_dir, site) = fixture_site("minimal", &["popup"]);
    let yaml = site.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replace("[website,", "[websit,")).unwrap();
    let line = text.lines().position(|l| l.contains("popup:")).unwrap() + 1;
    let o = ecoatlas(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "site.yaml:{line}:11: error: field `map.popup[0]`: `websit` is no column of actors.csv"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `website`?"), "{err}");
}
