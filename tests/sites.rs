//! An actor with several sites (`tests/fixtures/sites` over `minimal`): Zeta Labs on Norra
//! campus, at Punkten (with a label) and at a labelled position of its own. The map data have a
//! marker per site, the GeoJSON a MultiPoint, both campuses list the actor (once), its page
//! lists its sites, and the exports carry them.

mod support;

use serde_json::Value;
use support::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    built_fixture("minimal", &["sites"], "2025-06-01")
}

/// The sites of Zeta Labs as the record gives them: (lat, lon, campus, label).
const SITES: [(f64, f64, Option<&str>, Option<&str>); 3] = [
    // The centre of Norra campus's outline.
    (59.51, 17.81, Some("norra-campus"), None),
    (59.3, 18.1, Some("punkten"), Some("Punktens labb")),
    (59.6, 17.5, None, Some("Lagret i Västby")),
];

#[test]
fn the_map_data_have_a_marker_per_site_and_the_actor_once() {
    let (_dir, out) = built();
    for prefix in ["", "en/"] {
        let map = read_json(&out, &format!("{prefix}data/map.json"));
        let actors = &map["actors"];
        let slugs: Vec<&str> = actors["slug"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        // Once in the columns: the list and the counts count it once.
        assert_eq!(slugs.iter().filter(|s| **s == "zeta-labs").count(), 1);
        let i = slugs.iter().position(|s| *s == "zeta-labs").unwrap();
        let origin = [
            map["origin"][0].as_i64().unwrap(),
            map["origin"][1].as_i64().unwrap(),
        ];
        let campuses: Vec<&str> = map["campuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let sites = actors["sites"].as_array().expect("the sites column");
        assert_eq!(sites.len(), slugs.len());
        for (j, entry) in sites.iter().enumerate() {
            if j != i {
                assert_eq!(entry, &Value::from(0), "{}: one place", slugs[j]);
            }
        }
        let zeta = sites[i].as_array().unwrap();
        assert_eq!(zeta.len(), SITES.len(), "a marker per site");
        for (entry, (lat, lon, campus, label)) in zeta.iter().zip(SITES) {
            let e = entry.as_array().unwrap();
            let at = |k: usize, o: i64| (e[k].as_i64().unwrap() + o) as f64 / 1e5;
            assert!((at(0, origin[0]) - lat).abs() < 1e-6, "{entry}");
            assert!((at(1, origin[1]) - lon).abs() < 1e-6, "{entry}");
            let c = e[2].as_i64().unwrap();
            assert_eq!(
                campus,
                usize::try_from(c).ok().map(|c| campuses[c]),
                "{entry}"
            );
            assert_eq!(label, e.get(3).and_then(Value::as_str), "{entry}");
        }
        // The actor itself stands at its first site, on both of its campuses.
        let lat = (actors["lat"][i].as_i64().unwrap() + origin[0]) as f64 / 1e5;
        assert!((lat - SITES[0].0).abs() < 1e-6);
        let own: Vec<usize> = actors["campuses"][i]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap() as usize)
            .collect();
        let own: Vec<&str> = own.iter().map(|c| campuses[*c]).collect();
        assert_eq!(own, ["norra-campus", "punkten"]);
    }
}

#[test]
fn the_geojson_gives_a_multipoint_and_single_sites_stay_points() {
    let (_dir, out) = built();
    let geo = read_json(&out, "data/actors.geojson");
    for f in geo["features"].as_array().unwrap() {
        let kind = f["geometry"]["type"].as_str().unwrap();
        if f["id"] == "zeta-labs" {
            assert_eq!(kind, "MultiPoint");
            let points: Vec<(f64, f64)> = f["geometry"]["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[1].as_f64().unwrap(), p[0].as_f64().unwrap()))
                .collect();
            let expected: Vec<(f64, f64)> = SITES.iter().map(|s| (s.0, s.1)).collect();
            assert_eq!(points, expected);
            let sites = f["properties"]["sites"].as_array().unwrap();
            assert_eq!(sites[1]["campus"], "punkten");
            assert_eq!(sites[2]["label"], "Lagret i Västby");
            assert_eq!(
                f["properties"]["campuses"],
                serde_json::json!(["norra-campus", "punkten"])
            );
        } else {
            assert_eq!(kind, "Point", "{}", f["id"]);
            assert!(f["properties"].get("sites").is_none(), "{}", f["id"]);
        }
    }
}

#[test]
fn both_campuses_list_the_actor_once_and_its_page_lists_its_sites() {
    let (_dir, out) = built();
    for (prefix, heading, centre) in [
        ("", "Platser", "vid campusets mitt"),
        ("en/", "Sites", "at the campus centre"),
    ] {
        for page in [
            "campuses/norra-campus/index.html",
            "campuses/punkten/index.html",
            "actors/index.html",
            "types/company/index.html",
        ] {
            let html = read(&out, &format!("{prefix}{page}"));
            assert_eq!(
                html.matches("data-slug=\"zeta-labs\"").count(),
                1,
                "{prefix}{page}"
            );
        }
        let page = read(&out, &format!("{prefix}actors/zeta-labs/index.html"));
        assert!(page.contains(&format!("<dt>{heading}</dt>")), "{page}");
        let list = page
            .split("<ul class=\"actor-sites\">")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .expect("the list of sites");
        let items: Vec<&str> = list.split("<li>").skip(1).collect();
        assert_eq!(items.len(), 3, "{list}");
        assert!(items[0].contains(&format!("/atlas/{prefix}campuses/norra-campus/\"")));
        assert!(items[0].contains(centre));
        assert!(items[1].starts_with("Punktens labb, <a "), "{}", items[1]);
        assert!(items[2].starts_with("Lagret i Västby"), "{}", items[2]);
        // Its small map is there, to show every site.
        assert!(page.contains("class=\"ea-map ea-minimap\""));
    }
}

#[test]
fn the_exports_carry_the_sites() {
    let (_dir, out) = built();
    let all = read_json(&out, "data/actors.json");
    let actors = all["actors"].as_array().unwrap();
    for a in actors {
        let sites = a["sites"].as_array().unwrap();
        if a["slug"] == "zeta-labs" {
            assert_eq!(sites.len(), 3);
            assert_eq!(sites[0]["campus"], "norra-campus");
            assert_eq!(sites[0]["approximate"], true);
            assert_eq!(sites[2]["lat"], 59.6);
        } else {
            assert!(sites.is_empty(), "{}", a["slug"]);
        }
    }
    for (slug, row) in actor_csv_rows(&out, "data/actors.csv") {
        let cell = row["sites"].as_str();
        if slug == "zeta-labs" {
            let parsed: Value = serde_json::from_str(cell).unwrap();
            let zeta = actors.iter().find(|a| a["slug"] == "zeta-labs").unwrap();
            assert_eq!(parsed, zeta["sites"]);
        } else {
            assert_eq!(cell, "");
        }
    }
}
