//! Actors with a life (`tests/fixtures/life` over `minimal`): an actor bought by another, one
//! merged into another, one closed. Their pages are marked and name what became of them, the
//! other actor's page names them back, they leave the lists, and the exports carry the fields.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    built_fixture("minimal", &["life"], "2025-06-01")
}

#[test]
fn pages_say_what_became_of_an_actor_in_both_directions_and_languages() {
    let (_dir, out) = built();
    for (prefix, acquired, by, became, formerly, bought) in [
        ("", "Uppköpt", "köptes av", "blev", "Tidigare", "Har köpt"),
        (
            "en/",
            "Acquired",
            "acquired by",
            "became",
            "Formerly",
            "Acquired",
        ),
    ] {
        let link = |slug: &str| format!("href=\"/atlas/{prefix}actors/{slug}/\"");
        let gamma = read(&out, &format!("{prefix}actors/gamma/index.html"));
        assert!(
            gamma.contains("class=\"record actor gone\""),
            "{prefix}: marked"
        );
        assert!(
            gamma.contains(&format!(
                "<p class=\"life-notice\"><strong>{acquired}</strong> <time datetime=\"2024\">2024</time>: {by} <a {}>Beta AB</a>.",
                link("beta-ab")
            )),
            "{prefix}: {gamma}"
        );
        // A relation with its years.
        assert!(
            gamma.contains("(2010–2024-06-30)</li>"),
            "{prefix}: since–until"
        );
        let delta = read(&out, &format!("{prefix}actors/delta/index.html"));
        assert!(delta.contains(&format!(": {became} <a {}>", link("alfa-universitet"))));
        let epsilon = read(&out, &format!("{prefix}actors/epsilon/index.html"));
        assert!(
            epsilon.contains("<time datetime=\"2019\">2019</time>. "),
            "{prefix}: closed"
        );

        // The other direction.
        let alfa = read(&out, &format!("{prefix}actors/alfa-universitet/index.html"));
        assert!(alfa.contains(&format!(
            "<dt>{formerly}</dt><dd><a {}>Delta</a></dd>",
            link("delta")
        )));
        assert!(
            alfa.contains("(2010–2024-06-30)</li>"),
            "{prefix}: the reverse relation"
        );
        let beta = read(&out, &format!("{prefix}actors/beta-ab/index.html"));
        assert!(beta.contains(&format!(
            "<dt>{bought}</dt><dd><a {}>Gamma AB</a></dd>",
            link("gamma")
        )));
        // Active actors are not marked.
        assert!(!alfa.contains("life-notice") && !alfa.contains("actor gone"));

        // The lists leave them out: all actors, a type, a campus.
        for page in [
            "actors/index.html",
            "types/company/index.html",
            "campuses/norra-campus/index.html",
        ] {
            let html = read(&out, &format!("{prefix}{page}"));
            for gone in ["gamma", "delta", "epsilon"] {
                assert!(
                    !html.contains(&format!("data-slug=\"{gone}\"")),
                    "{prefix}{page} lists {gone}"
                );
            }
        }
        let all = read(&out, &format!("{prefix}actors/index.html"));
        assert!(all.contains("data-slug=\"beta-ab\""));
    }
}

#[test]
fn the_exports_carry_status_closed_successor_and_buyer() {
    let (_dir, out) = built();
    let rows = actor_csv_rows(&out, "data/actors.csv");
    let life = |slug: &str| {
        let row = &rows[slug];
        [
            row["status"].as_str(),
            row["closed"].as_str(),
            row["successor"].as_str(),
            row["acquired_by"].as_str(),
        ]
        .map(str::to_string)
    };
    assert_eq!(life("gamma"), ["acquired", "2024", "", "beta-ab"]);
    assert_eq!(
        life("delta"),
        ["merged", "2020-01-01", "alfa-universitet", ""]
    );
    assert_eq!(life("epsilon"), ["closed", "2019", "", ""]);
    assert_eq!(life("beta-ab"), ["active", "", "", ""]);

    let json: Value = serde_json::from_str(&read(&out, "en/data/actors.json")).unwrap();
    let actor = |slug: &str| {
        json["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug)
            .cloned()
            .unwrap()
    };
    let gamma = actor("gamma");
    assert_eq!(
        (
            &gamma["status"],
            &gamma["closed"],
            &gamma["acquired_by"],
            &gamma["successor"]
        ),
        (
            &Value::from("acquired"),
            &Value::from(2024),
            &Value::from("beta-ab"),
            &Value::Null
        )
    );
    assert_eq!(
        gamma["relations"][0],
        serde_json::json!({"type": "part-of", "target": "alfa-universitet", "since": 2010, "until": "2024-06-30"})
    );
    assert_eq!(actor("delta")["closed"], "2020-01-01");
    assert_eq!(actor("alfa-universitet")["status"], "active");
    let relations: Value = serde_json::from_str(&read(&out, "data/relations.json")).unwrap();
    let dated = relations["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == "gamma")
        .cloned()
        .unwrap();
    assert_eq!(
        (&dated["since"], &dated["until"]),
        (&Value::from(2010), &Value::from("2024-06-30"))
    );

    let geo: Value = serde_json::from_str(&read(&out, "data/actors.geojson")).unwrap();
    let statuses: BTreeMap<String, String> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["properties"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(statuses["gamma"], "acquired");
    assert_eq!(statuses["delta"], "merged");
    assert_eq!(statuses["alfa-universitet"], "active");

    // The map's data keep them, flagged, for the filter that shows them.
    let map: Value = serde_json::from_str(&read(&out, "data/map.json")).unwrap();
    let slugs = map["actors"]["slug"].as_array().unwrap();
    let flags = map["actors"]["flags"].as_array().unwrap();
    for (slug, flag) in slugs.iter().zip(flags) {
        let gone = ["gamma", "delta", "epsilon"].contains(&slug.as_str().unwrap());
        assert_eq!(flag.as_u64().unwrap() & 4 != 0, gone, "{slug}");
    }
}

/// The key figures and the campus cards count what the map and the lists show: the active
/// actors, not those closed, merged or acquired (which only the years of founding and closing
/// count).
#[test]
fn key_figures_and_campus_cards_count_only_active_actors() {
    let (_dir, out) = built();
    let actors: Value = serde_json::from_str(&read(&out, "data/actors.json")).unwrap();
    let all = actors["actors"].as_array().unwrap();
    let active: Vec<&Value> = all.iter().filter(|a| a["status"] == "active").collect();
    assert!(
        active.len() < all.len(),
        "the fixture has actors that are gone"
    );
    let stats: Value = serde_json::from_str(&read(&out, "data/stats.json")).unwrap();
    assert_eq!(stats["actors"], active.len(), "{stats}");
    let by_type: u64 = stats["by_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_type as usize, active.len());
    let companies = active.iter().filter(|a| a["type"] == "company").count();
    assert_eq!(stats["companies"]["total"], companies, "{stats}");

    // Each campus card says as many actors as the campus's list holds.
    let cards = read(&out, "campuses/index.html");
    for campus in stats["by_campus"].as_array().unwrap() {
        let slug = campus["slug"].as_str().unwrap();
        let here = active
            .iter()
            .filter(|a| {
                a["campuses"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c == slug))
            })
            .count();
        assert_eq!(campus["count"], here, "{slug}");
        let page = read(&out, &format!("campuses/{slug}/index.html"));
        let listed = page.matches("class=\"actor-card").count();
        let card = cards
            .split("<li class=\"card\">")
            .find(|c| c.contains(&format!("/campuses/{slug}/\"")))
            .unwrap();
        assert!(
            card.contains(&format!(">{here} ")) || card.contains(&format!(" · {here} ")),
            "{slug}: the card does not say {here} (the list shows {listed}): {card}"
        );
    }
}
