//! An actor whose place is not known (`location: unknown`, `tests/fixtures/unplaced` over
//! `minimal`): it keeps its page, its row in the exports and its place in the lists, says on
//! its page why it is not on the map, and is left off the map rather than drawn at a guess.

mod support;

use serde_json::Value;
use support::*;

const SLUG: &str = "eta-bio";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    built_fixture("minimal", &["unplaced"], "2025-06-01")
}

#[test]
fn its_page_says_it_is_not_on_the_map_and_draws_no_map() {
    let (_dir, out) = built();
    for (prefix, note) in [
        (
            "",
            "Var den finns har inte bekräftats, så den visas inte på kartan.",
        ),
        (
            "en/",
            "Where it is has not been confirmed, so it is not shown on the map.",
        ),
    ] {
        let page = read(&out, &format!("{prefix}actors/{SLUG}/index.html"));
        assert!(
            page.contains(&format!("<p class=\"note\">{note}</p>")),
            "{prefix}: {page}"
        );
        assert!(
            !page.contains("ea-minimap"),
            "{prefix}: a small map without a position"
        );
        assert!(
            !page.contains(&format!("?actor={SLUG}")),
            "{prefix}: a link to the map"
        );
        // An actor with a position says nothing of the kind.
        let placed = read(&out, &format!("{prefix}actors/beta-ab/index.html"));
        assert!(!placed.contains(note));
        assert!(placed.contains("ea-minimap"));
        // It is listed with the others.
        let list = read(&out, &format!("{prefix}actors/index.html"));
        assert!(
            list.contains(&format!("actors/{SLUG}/")),
            "{prefix}: not listed"
        );
    }
}

#[test]
fn it_is_left_off_the_map_and_the_geojson_and_kept_in_the_exports() {
    let (_dir, out) = built();
    for prefix in ["", "en/"] {
        let map = read_json(&out, &format!("{prefix}data/map.json"));
        let slugs = map["actors"]["slug"].as_array().unwrap();
        assert!(slugs.iter().any(|s| s == "beta-ab"));
        assert!(!slugs.iter().any(|s| s == SLUG), "{prefix}: on the map");

        let geo = read_json(&out, &format!("{prefix}data/actors.geojson"));
        let ids: Vec<&str> = geo["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"beta-ab"));
        assert!(
            !ids.contains(&SLUG),
            "{prefix}: a feature without a position"
        );

        let actors = read_json(&out, &format!("{prefix}data/actors.json"));
        let eta = actors["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == SLUG)
            .expect("in actors.json");
        assert_eq!(eta["position"], Value::Null);
        assert_eq!(eta["website"], "https://eta.example.org");

        let rows = actor_csv_rows(&out, &format!("{prefix}data/actors.csv"));
        let row = rows.get(SLUG).expect("in actors.csv");
        assert_eq!(row["lat"], "");
        assert_eq!(row["lon"], "");
        assert_eq!(row["approximate"], "false");
    }
}

#[test]
fn check_accepts_it_without_a_warning() {
    let (_dir, site) = fixture_site("minimal", &["unplaced"]);
    let out = ecoatlas(&["check", "--root", site.to_str().unwrap(), "--deny-warnings"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_map_page_names_it_under_its_list_and_the_embeddable_map_does_not() {
    let (_dir, out) = built();
    for (prefix, says) in [
        (
            "",
            "Inte på kartan, eftersom det inte har bekräftats var de finns:",
        ),
        (
            "en/",
            "Not on the map, because where they are has not been confirmed:",
        ),
    ] {
        let page = read(&out, &format!("{prefix}index.html"));
        assert!(
            page.contains(&format!(
                r#"<p class="list-unplaced">{says} <a href="/atlas/{prefix}actors/{SLUG}/">Eta Bio</a>.</p>"#
            )),
            "{prefix}index.html does not name the actor it cannot show"
        );
        // One note, naming only it (the paragraph above ends after its one link).
        assert_eq!(page.matches("list-unplaced").count(), 1);
        assert!(!read(&out, &format!("{prefix}embed/index.html")).contains("list-unplaced"));
    }
    // A site whose actors all have a place says nothing of the kind.
    let (_plain, plain) = built_fixture("minimal", &[], "2025-06-01");
    assert!(!read(&plain, "index.html").contains("list-unplaced"));
}
