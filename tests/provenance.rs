//! Sources and freshness, through the real binary on `tests/fixtures/story`, whose records
//! cite sources and carry review days (and some do not): what the exports carry, what the
//! pages show in both languages, and what `check --stale` lists.

mod support;

use serde_json::{json, Value};
use std::path::PathBuf;
use support::*;

/// The story's "today", as in tests/story.rs.
const TODAY: &str = "2025-06-01";
/// The same day as seconds since 1970, for `check` (which takes its day from the clock or
/// SOURCE_DATE_EPOCH).
const TODAY_EPOCH: &str = "1748736000";

fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("story", &[], TODAY)
}

#[test]
fn sources_and_review_days_are_in_every_export_and_parse_back() {
    let (_dir, out) = built();
    let cell_sources = json!([
        {"title": "Cellbolagets webbplats", "url": "https://cellbolaget.example.org"},
        {"title": "Celler; odlade i Alfa", "url": "https://news.example.org/celler",
         "publisher": "Alfanytt", "date": "2024-11"},
    ]);
    for prefix in ["", "en/"] {
        let rows = actor_csv_rows(&out, &format!("{prefix}data/actors.csv"));
        let cell = &rows["cellbolaget"];
        assert_eq!(cell["reviewed"], "2025-05-20");
        assert_eq!(
            cell["sources"],
            "https://cellbolaget.example.org; https://news.example.org/celler"
        );
        assert_eq!(
            cell["source_titles"],
            "Cellbolagets webbplats; Celler; odlade i Alfa"
        );
        assert_eq!(cell["employees"], "20");
        assert_eq!(cell["employees_year"], "2024");
        assert_eq!(rows["fristaende-ab"]["reviewed"], "2023-01-15");
        let never = &rows["alfa-universitetet"];
        assert_eq!(
            (
                never["reviewed"].as_str(),
                never["sources"].as_str(),
                never["employees_year"].as_str()
            ),
            ("", "", "")
        );

        let actors = read_json(&out, &format!("{prefix}data/actors.json"));
        let by_slug = |slug: &str| -> Value {
            actors["actors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["slug"] == slug)
                .cloned()
                .unwrap()
        };
        let cell = by_slug("cellbolaget");
        assert_eq!(cell["reviewed"], "2025-05-20");
        assert_eq!(cell["sources"], cell_sources);
        assert_eq!(
            cell["figures"],
            json!({
                "employees": 20,
                "employees_year": 2024,
                "employees_source": {"title": "Årsredovisning 2024",
                    "url": "https://cellbolaget.example.org/arsredovisning-2024.pdf",
                    "publisher": "Cellbolaget AB", "date": "2025-03-31"},
                "founded": 2015,
                "founded_source": {"title": "Bolagsverkets uppgifter",
                    "url": "https://register.example.org/cellbolaget"},
            })
        );
        let never = by_slug("alfa-universitetet");
        assert_eq!(never["reviewed"], Value::Null);
        assert_eq!(never["sources"], json!([]));
        assert_eq!(
            never["figures"],
            json!({"employees": 1000, "founded": 1900})
        );

        let geo = read_json(&out, &format!("{prefix}data/actors.geojson"));
        let feature = geo["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "cellbolaget")
            .unwrap()
            .clone();
        assert_eq!(feature["properties"]["reviewed"], "2025-05-20");
        assert_eq!(feature["properties"]["sources"], cell_sources);
        let campuses = read_json(&out, &format!("{prefix}data/campuses.geojson"));
        let beta = campuses["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "beta")
            .unwrap()
            .clone();
        assert_eq!(beta["properties"]["reviewed"], "2024-02-10");
        assert_eq!(
            beta["properties"]["sources"][0]["url"],
            "https://betaby.example.org/campus"
        );

        // The data package describes the new columns like every other.
        let package = read_json(&out, &format!("{prefix}data/datapackage.json"));
        let fields: Vec<(String, String)> = package["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_string(),
                    f["type"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        for (name, kind) in [
            ("reviewed", "string"),
            ("sources", "string"),
            ("source_titles", "string"),
            ("employees_year", "integer"),
        ] {
            assert!(
                fields.contains(&(name.to_string(), kind.to_string())),
                "{name} in {fields:?}"
            );
        }
    }
}

#[test]
fn record_pages_show_their_sources_and_the_day_they_were_checked_in_both_languages() {
    let (_dir, out) = built();
    for (prefix, checked, heading, source_word) in [
        ("", "Kontrollerad av redaktionen den", "Källor", "källa:"),
        ("en/", "Checked by the editors on", "Sources", "source:"),
    ] {
        let actor = read(&out, &format!("{prefix}actors/cellbolaget/index.html"));
        assert!(
            actor.contains(&format!(
                "{checked} <time datetime=\"2025-05-20\">2025-05-20</time>"
            )),
            "{prefix}: {actor}"
        );
        assert!(actor.contains(&format!(">{heading}</h2>")));
        assert!(actor.contains(
            "<a href=\"https://news.example.org/celler\" rel=\"noopener\">Celler; odlade i Alfa</a>, Alfanytt (<time datetime=\"2024-11\">2024-11</time>)"
        ));
        // The number of employees with its year and source.
        assert!(
            actor.contains(&format!(
                "{source_word} <a href=\"https://cellbolaget.example.org/arsredovisning-2024.pdf\""
            )),
            "{prefix}: the employees' source"
        );
        assert!(actor.contains(" 2024; "), "{prefix}: the employees' year");

        for (page, day, url) in [
            (
                "campuses/beta/index.html",
                "2024-02-10",
                "https://betaby.example.org/campus",
            ),
            (
                "guiden/index.html",
                "2025-04-01",
                "https://example.org/vagledning",
            ),
            (
                "news/2025-03-01-konferens/index.html",
                "2025-03-01",
                "https://example.org/konferens/inbjudan",
            ),
        ] {
            let html = read(&out, &format!("{prefix}{page}"));
            assert!(
                html.contains(&format!("{checked} <time datetime=\"{day}\">{day}</time>")),
                "{prefix}{page}: the review day"
            );
            assert!(
                html.contains(&format!("<a href=\"{url}\"")),
                "{prefix}{page}: the source"
            );
        }
        // A record that cites nothing and was never checked says nothing about either.
        let bare = read(
            &out,
            &format!("{prefix}actors/alfa-universitetet/index.html"),
        );
        assert!(!bare.contains("class=\"provenance\"") && !bare.contains(checked));
    }
}

/// `check --stale MONTHS` on the story on its day, with `extra` arguments.
fn check_stale(months: &str, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![
        "check",
        "--root",
        fixture("story").to_str().unwrap().to_string().leak(),
        "--stale",
        months,
    ];
    args.extend(extra);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(&args)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .output()
        .unwrap();
    (o.status.code(), stderr(&o))
}

#[test]
fn check_stale_lists_every_record_not_reviewed_within_the_months() {
    let (code, err) = check_stale("12", &[]);
    assert_eq!(code, Some(0), "{err}");
    // Reviewed too long ago, or never: every kind of record.
    for said in [
        "actor `fristaende-ab` was last reviewed on 2023-01-15, more than 12 months ago",
        "campus `beta` was last reviewed on 2024-02-10, more than 12 months ago",
        "actor `alfa-universitetet` has never been reviewed",
        "campus `alpha` has never been reviewed",
        "news item `2024-11-20-seminarium` has never been reviewed",
    ] {
        assert!(err.contains(said), "missing `{said}` in\n{err}");
    }
    assert!(err.contains("content/actors/fristaende-ab.yaml:7:1: warning: field `reviewed`"));
    assert!(
        err.contains("hint: check the record against its sources, then set `reviewed: 2025-06-01`")
    );
    // Reviewed within the year.
    for fresh in ["`cellbolaget`", "`guiden`", "`2025-03-01-konferens`"] {
        assert!(!err.contains(fresh), "{fresh} is not stale:\n{err}");
    }
    let listed = err.matches(": warning: ").count();
    let (_, one_month) = check_stale("1", &[]);
    // Within a month: only the actor reviewed on 2025-05-20; the guide (2025-04-01) is stale.
    assert!(
        one_month.contains("page `guiden` was last reviewed on 2025-04-01, more than 1 month ago")
    );
    assert!(!one_month.contains("`cellbolaget`"));
    assert_eq!(one_month.matches(": warning: ").count(), listed + 2);

    // Held to it, the check fails on them; without --stale nothing is said of reviews.
    let (code, err) = check_stale("12", &["--deny-warnings"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("warnings are denied"), "{err}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["check", "--root", fixture("story").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .output()
        .unwrap();
    assert!(
        o.status.success() && !stderr(&o).contains("reviewed"),
        "{}",
        stderr(&o)
    );
}
