//! The cluster's story, through the real binary on `tests/fixtures/story`, a site whose figures
//! are known by construction (see the comment at the top of its site.yaml): key figures, the
//! exports parsed back, relations in both directions, campus pages, the guide, events and
//! feeds, the sitemap and robots.txt, logos, and the list of untranslated texts.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::*;

const BASE: &str = "https://example.org/story/";
/// The fixture's "today": the workshop of 2025-06-01 is still upcoming on that day.
const TODAY: &str = "2025-06-01";

fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("story", &[], TODAY)
}

/// `{key: count}` of a stats.json list.
fn counts(list: &Value, key: &str) -> BTreeMap<String, u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x[key].as_str().unwrap().to_string(),
                x["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The (`data-key`, number) rows of the table of chart `id` on a statistics page.
fn table_rows(html: &str, id: &str) -> BTreeMap<String, String> {
    let start = html
        .find(&format!("<section class=\"chart\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    section
        .split("<tr data-key=\"")
        .skip(1)
        .map(|row| {
            let key = row[..row.find('"').unwrap()].to_string();
            let cell = row.split("<td class=\"num\">").nth(1).unwrap();
            (key, cell[..cell.find('<').unwrap()].to_string())
        })
        .collect()
}

#[test]
fn every_key_figure_is_computed_from_the_records() {
    let (_dir, out) = built();
    let s = read_json(&out, "data/stats.json");
    assert_eq!(s["ecoatlas"]["schema_version"], 1);
    assert_eq!(s["ecoatlas"]["kind"], "stats");
    assert_eq!(s["actors"], 10);
    assert_eq!(s["campuses"], 5);
    assert_eq!(
        counts(&s["by_type"], "key"),
        map(&[
            ("company", 4),
            ("infrastructure", 3),
            ("university", 2),
            ("hospital", 1),
            ("investor", 0)
        ])
    );
    assert_eq!(
        counts(&s["by_sector"], "key"),
        map(&[("academia", 5), ("industry", 4), ("healthcare", 2)])
    );
    assert_eq!(
        counts(&s["by_campus"], "slug"),
        map(&[
            ("alpha", 5),
            ("beta", 3),
            ("gamma", 1),
            ("delta", 1),
            ("epsilon", 0)
        ])
    );
    assert_eq!(s["employees"]["total"], 3550);
    assert_eq!(s["employees"]["actors_with_figure"], 5);
    assert_eq!(s["companies"]["total"], 4);
    assert_eq!(
        s["companies"]["founded_per_year"],
        serde_json::json!([{"year": 2015, "count": 2}, {"year": 2020, "count": 1}])
    );
    assert_eq!(s["infrastructures"]["total"], 3);
    assert_eq!(s["infrastructures"]["open_to_sme"], 2);
    assert_eq!(
        counts(&s["infrastructures"]["by_audience"], "key"),
        map(&[
            ("sme", 2),
            ("academia", 2),
            ("industry", 1),
            ("healthcare", 0),
            ("public", 0)
        ])
    );
    assert_eq!(s["relations"], 6);
    // Largest first in the charts.
    let types: Vec<&str> = s["by_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "company",
            "infrastructure",
            "university",
            "hospital",
            "investor"
        ]
    );

    // The English figures are the same numbers with English labels.
    let en = read_json(&out, "en/data/stats.json");
    assert_eq!(en["by_type"][0]["label"], "Company");
    assert_eq!(s["by_type"][0]["label"], "Företag");
    for key in ["actors", "campuses", "employees", "companies", "relations"] {
        assert_eq!(en[key], s[key], "{key}");
    }
}

#[test]
fn the_statistics_page_draws_accessible_svg_charts_with_tables_and_no_script() {
    let (_dir, out) = built();
    let html = read(&out, "stats/index.html");
    assert!(
        html.matches("<script").count()
            == html
                .matches(r#"<script type="application/ld+json">"#)
                .count(),
        "the statistics page needs no script"
    );
    for id in [
        "by-type",
        "by-sector",
        "by-campus",
        "infrastructures-open-to",
    ] {
        assert!(
            html.contains(&format!(
                r#"role="img" aria-labelledby="{id}-title {id}-desc""#
            )),
            "chart {id} is not an img labelled by its title and desc"
        );
        assert!(
            html.contains(&format!(r#"<title id="{id}-title">"#)),
            "{id}"
        );
        assert!(html.contains(&format!(r#"<desc id="{id}-desc">"#)), "{id}");
    }
    let by_type = table_rows(&html, "by-type");
    assert_eq!(by_type["company"], "4");
    assert_eq!(by_type["investor"], "0");
    let by_campus = table_rows(&html, "by-campus");
    assert_eq!(by_campus["alpha"], "5");
    assert_eq!(by_campus["beta"], "3");
    assert_eq!(table_rows(&html, "by-sector")["healthcare"], "2");
    assert_eq!(table_rows(&html, "infrastructures-open-to")["sme"], "2");
    assert!(
        html.contains(r#"<desc id="by-type-desc">Företag: 4; Forskningsinfrastruktur: 3; Lärosäte: 2; Sjukhus: 1; Investerare: 0</desc>"#),
        "desc lists every bar"
    );
    // The longest bar fills the drawing; the others are in proportion.
    assert!(html.contains(r#"<rect x="0" y="18" width="576.0""#));
    assert!(
        html.contains(r#"<rect x="0" y="18" width="432.0""#),
        "3 of 4"
    );
    // Four-digit numbers stay unbroken in both languages (src/render/format.rs).
    assert!(html.contains("<span class=\"tile-value\">3550</span>"));
    let en = read(&out, "en/stats/index.html");
    assert!(en.contains("<span class=\"tile-value\">3550</span>"));
    assert!(en.contains("at the 5 of 10 actors that state a number"));
    assert!(en.contains(">Actors by type</h3>"));
}

#[test]
fn actors_csv_parses_back_one_row_per_actor() {
    let (_dir, out) = built();
    let bytes = std::fs::read(out.join("data/actors.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "slug",
            "name",
            "type",
            "type_label",
            "sectors",
            "campuses",
            "lat",
            "lon",
            "approximate",
            "address",
            "website",
            "email",
            "open_to",
            "service_areas",
            "services",
            "employees",
            "founded",
            "summary",
            "url",
            "logo",
            "reviewed",
            "sources",
            "source_titles",
            "employees_year",
            "status",
            "closed",
            "successor",
            "acquired_by",
            "sites"
        ]
    );
    let rows: Vec<BTreeMap<String, String>> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 10);
    let slugs: BTreeSet<&str> = rows.iter().map(|r| r["slug"].as_str()).collect();
    assert_eq!(slugs.len(), 10, "one row per actor");
    let seq = rows
        .iter()
        .find(|r| r["slug"] == "sekvenseringsplattformen")
        .unwrap();
    assert_eq!(seq["name"], "Sekvenseringsplattformen");
    assert_eq!(seq["campuses"], "alpha; beta");
    assert_eq!(seq["open_to"], "sme; academia");
    assert_eq!(seq["service_areas"], "genomics; imaging");
    assert_eq!(seq["lat"], "59.51100");
    assert_eq!(seq["lon"], "17.81200");
    assert_eq!(seq["approximate"], "false");
    assert_eq!(seq["employees"], "");
    assert_eq!(
        seq["url"],
        format!("{BASE}actors/sekvenseringsplattformen/")
    );
    let alfa = rows
        .iter()
        .find(|r| r["slug"] == "alfa-universitetet")
        .unwrap();
    assert_eq!(alfa["employees"], "1000");
    assert_eq!(alfa["founded"], "1900");
    assert_eq!(alfa["address"], "Alfavägen 1, Alfastad");
    assert!(alfa["logo"].starts_with(&format!("{BASE}assets/logos/alfa-universitetet-")));
    let employees: u64 = rows
        .iter()
        .filter_map(|r| r["employees"].parse::<u64>().ok())
        .sum();
    assert_eq!(employees, 3550, "the CSV agrees with the key figures");

    let en = std::fs::read(out.join("en/data/actors.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&en[3..]);
    let names: BTreeSet<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert!(names.contains("The Sequencing Platform"), "{names:?}");
    assert!(
        names.contains("GMP-enheten"),
        "untranslated names fall back"
    );
}

#[test]
fn json_exports_parse_back_with_schema_versions() {
    let (_dir, out) = built();
    for lang in ["", "en/"] {
        let actors = read_json(&out, &format!("{lang}data/actors.json"));
        assert_eq!(actors["ecoatlas"]["schema_version"], 1);
        assert_eq!(actors["ecoatlas"]["kind"], "actors");
        assert_eq!(actors["actors"].as_array().unwrap().len(), 10);
        let relations = read_json(&out, &format!("{lang}data/relations.json"));
        assert_eq!(relations["ecoatlas"]["schema_version"], 1);
        assert_eq!(relations["relations"].as_array().unwrap().len(), 6);
        let package = read_json(&out, &format!("{lang}data/datapackage.json"));
        assert_eq!(package["profile"], "data-package");
        // The licence that site.yaml names, in the data package and every JSON file's head.
        assert_eq!(
            package["licenses"],
            serde_json::json!([{
                "name": "CC-BY-4.0",
                "path": "https://spdx.org/licenses/CC-BY-4.0.html",
                "title": "Creative Commons Attribution 4.0 International"
            }])
        );
        assert_eq!(actors["ecoatlas"]["licence"], "CC-BY-4.0");
        assert_eq!(relations["ecoatlas"]["licence"], "CC-BY-4.0");
        let data_page = read(&out, &format!("{lang}data/index.html"));
        assert!(
            data_page.contains("<a href=\"https://spdx.org/licenses/CC-BY-4.0.html\" rel=\"license\">Creative Commons Attribution 4.0 International</a>"),
            "the data page names the licence"
        );
        let home = read(&out, &format!("{lang}index.html"));
        assert!(
            home.contains("rel=\"license\">CC-BY-4.0</a>"),
            "the footer names the licence"
        );
        for r in package["resources"].as_array().unwrap() {
            let path = r["path"].as_str().unwrap();
            assert!(
                out.join(format!("{lang}data/{path}")).is_file(),
                "datapackage names {path}, which is missing"
            );
            assert_eq!(r["ecoatlas_schema_version"], 1);
        }
        let csv_fields: Vec<&str> = package["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            csv_fields,
            ecoatlas::render::csv_columns().collect::<Vec<_>>()
        );
        for (file, n) in [("actors.geojson", 10), ("campuses.geojson", 5)] {
            let fc: geojson::FeatureCollection =
                read(&out, &format!("{lang}data/{file}")).parse().unwrap();
            assert_eq!(fc.features.len(), n, "{file}");
            assert_eq!(fc.foreign_members.unwrap()["ecoatlas"]["schema_version"], 1);
        }
    }
    let sv = read_json(&out, "data/actors.json");
    let seq = sv["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "sekvenseringsplattformen")
        .unwrap()
        .clone();
    assert_eq!(
        seq["access"]["open_to"],
        serde_json::json!(["sme", "academia"])
    );
    assert_eq!(seq["access"]["steps"].as_array().unwrap().len(), 3);
    assert_eq!(seq["access"]["contact"]["email"], "seq@example.org");
    assert_eq!(seq["access"]["contact"]["role"], "Koordinator");
    assert_eq!(seq["equipment"][1], "Konfokalmikroskop");
    assert_eq!(
        seq["relations"],
        serde_json::json!([{"type": "owned-by", "target": "alfa-universitetet"}])
    );
    let en = read_json(&out, "en/data/actors.json");
    let by_slug = |v: &Value, slug: &str| {
        v["actors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug)
            .unwrap()
            .clone()
    };
    let seq_en = by_slug(&en, "sekvenseringsplattformen");
    assert_eq!(
        seq_en["access"]["steps"][0],
        "Describe the project in a request."
    );
    assert_eq!(seq_en["access"]["contact"]["role"], "Coordinator");
    assert_eq!(seq_en["terms"], Value::Null, "terms live under access");
    assert_eq!(
        seq_en["access"]["terms"],
        "Companies pay full cost; confidentiality agreement when needed."
    );
    assert_eq!(seq_en["text_language"], "en");
    assert_eq!(by_slug(&en, "gmp-enheten")["text_language"], "sv");
    let relations = read_json(&out, "en/data/relations.json");
    assert_eq!(relations["types"]["spin-off-of"]["reverse"], "has spin-off");
    assert_eq!(
        relations["actors"]["alfa-universitetet"]["url"],
        "/story/en/actors/alfa-universitetet/"
    );
}

#[test]
fn every_relation_is_shown_on_both_actors_pages() {
    let (_dir, out) = built();
    for (lang, prefix) in [("sv", ""), ("en", "en/")] {
        let data = read_json(&out, &format!("{prefix}data/relations.json"));
        let rels = data["relations"].as_array().unwrap();
        assert_eq!(rels.len(), 6);
        for r in rels {
            let (source, target, kind) = (
                r["source"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                r["type"].as_str().unwrap(),
            );
            let t = &data["types"][kind];
            let link = |slug: &str| {
                format!(
                    "<a href=\"/story/{prefix}actors/{slug}/\">{}</a>",
                    data["actors"][slug]["name"].as_str().unwrap()
                )
            };
            let page = read(&out, &format!("{prefix}actors/{source}/index.html"));
            let forward = format!(
                "<li data-relation=\"{kind}\">{} {}</li>",
                t["label"].as_str().unwrap(),
                link(target)
            );
            assert!(page.contains(&forward), "{lang} {source}: {forward}");
            let page = read(&out, &format!("{prefix}actors/{target}/index.html"));
            let reverse = format!(
                "<li data-relation=\"{kind}\">{} {}</li>",
                t["reverse"].as_str().unwrap(),
                link(source)
            );
            assert!(page.contains(&reverse), "{lang} {target}: {reverse}");
        }
    }
    let alfa = read(&out, "en/actors/alfa-universitetet/index.html");
    assert!(
        alfa.contains("has spin-off <a href=\"/story/en/actors/cellbolaget/\">Cellbolaget AB</a>")
    );
    assert!(alfa.contains(
        "owns <a href=\"/story/en/actors/sekvenseringsplattformen/\">The Sequencing Platform</a>"
    ));
    // Contact persons, with their role in the page's language.
    assert!(alfa.contains(
        "Anna Alfa, Innovation adviser – <a href=\"mailto:anna@alfa.example.org\">anna@alfa.example.org</a>"
    ));
    let sv = read(&out, "actors/alfa-universitetet/index.html");
    assert!(sv.contains("Anna Alfa, Innovationsrådgivare"));
}

#[test]
fn actor_pages_show_logo_access_terms_figures_and_news() {
    let (_dir, out) = built();
    let seq = read(&out, "en/actors/sekvenseringsplattformen/index.html");
    for part in [
        "<h2 id=\"equipment\">Equipment</h2>",
        "<li>Confocal microscope</li>",
        "<span class=\"chip\">Genomics</span>",
        "<ol class=\"steps\"><li>Describe the project in a request.</li><li>We book a first meeting.</li><li>You receive a quote and an agreement.</li></ol>",
        "Sara Sekvens, Coordinator – <a href=\"mailto:seq@example.org\">seq@example.org</a>",
        "<a href=\"https://seq.example.org/forfragan\" rel=\"noopener\">https://seq.example.org/forfragan</a>",
        "<h3>Terms</h3><p>Companies pay full cost; confidentiality agreement when needed.</p>",
        "<a href=\"/story/en/news/2025-01-15-plattformen-oppnar/\">The platform opens to companies</a>",
    ] {
        assert!(seq.contains(part), "missing {part}");
    }
    let alfa = read(&out, "actors/alfa-universitetet/index.html");
    assert!(alfa.contains("<dt>Anställda</dt><dd>1000</dd>"));
    assert!(alfa.contains("<dt>Grundat</dt><dd>1900</dd>"));
    assert!(alfa.contains("<dt>Adress</dt><dd>Alfavägen 1, Alfastad</dd>"));
    let src = attr_values(&alfa, "src")
        .into_iter()
        .find(|s| s.contains("/logos/"))
        .expect("a logo image");
    assert!(alfa.contains(r#"alt="" width="120" height="40""#));
    let rel = src.strip_prefix("/story/").unwrap();
    let name = rel
        .strip_prefix("assets/logos/alfa-universitetet-")
        .unwrap();
    let (hash, ext) = name.split_once('.').unwrap();
    assert_eq!(ext, "svg");
    assert!(
        hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );
    // Published as usvg re-writes it: the same drawing, static, with its size.
    let logo = std::fs::read_to_string(out.join(rel)).unwrap();
    assert!(
        logo.starts_with(r#"<svg viewBox="0 0 120 40" width="120" height="40""#),
        "{logo}"
    );
    assert!(logo.contains(r##"fill="#1d4e89""##), "{logo}");
    assert!(!logo.contains("<title>"), "{logo}");
    let png = read_tree(&out)
        .into_keys()
        .find(|k| k.starts_with("assets/logos/cellbolaget-"))
        .unwrap();
    assert!(png.ends_with(".png"));
}

#[test]
fn a_changed_logo_gets_a_new_name_and_the_old_one_is_removed() {
    let (dir, site) = fixture_site("story", &[]);
    let out = dir.path().join("out");
    build(&site, &out, &["--today", TODAY]);
    let logos = |out: &Path| -> Vec<String> {
        read_tree(out)
            .into_keys()
            .filter(|k| k.starts_with("assets/logos/alfa-universitetet-"))
            .collect()
    };
    let before = logos(&out);
    assert_eq!(before.len(), 1);
    let svg = site.join("content/actors/logos/alfa.svg");
    let text = std::fs::read_to_string(&svg)
        .unwrap()
        .replace("#1d4e89", "#0b5c8c");
    std::fs::write(&svg, text).unwrap();
    build(&site, &out, &["--today", TODAY]);
    let after = logos(&out);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(before, after, "the content hash is part of the name");
}

#[test]
fn campus_pages_show_area_actors_by_type_relations_and_nearest_nodes() {
    let (_dir, out) = built();
    let alpha = read(&out, "campuses/alpha/index.html");
    assert!(alpha.contains("<dt>Yta</dt><dd class=\"campus-area\">2,52 km²</dd>"));
    assert!(alpha.contains("Aktörer här <span class=\"count\">(5)</span>"));
    let groups: Vec<&str> = alpha
        .split("<section class=\"type-group\" aria-labelledby=\"type-")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        groups,
        ["infrastructure", "company", "university", "hospital"],
        "groups sorted by their Swedish labels (ö after o)"
    );
    assert!(alpha.contains("Samband här <span class=\"count\">(5)</span>"));
    let neighbours: Vec<&str> = alpha
        .split("<li data-slug=\"")
        .skip(1)
        .filter(|s| s.contains("class=\"distance\""))
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(neighbours, ["beta", "gamma", "delta"], "nearest three");
    assert!(alpha.contains("Campus Beta</a> <span class=\"distance\">5,6 km</span>"));
    assert!(alpha.contains("Gammanoden</a> <span class=\"distance\">10,0 km</span>"));
    let en = read(&out, "en/campuses/alpha/index.html");
    assert!(en.contains("Beta Campus</a> <span class=\"distance\">5.6 km</span>"));
    assert!(en.contains("2.52 km²"));
    let beta = read(&out, "campuses/beta/index.html");
    assert!(beta.contains("Samband här <span class=\"count\">(4)</span>"));
    // A point campus has no area; the campus without actors says so.
    let gamma = read(&out, "campuses/gamma/index.html");
    assert!(!gamma.contains("campus-area"));
    let epsilon = read(&out, "campuses/epsilon/index.html");
    assert!(epsilon.contains("Inga aktörer ännu."));
    assert!(
        alpha.contains("data-ready=\"false\""),
        "the campus has its small map"
    );
}

#[test]
fn the_guide_gathers_infrastructures_by_service_with_steps_and_map_links() {
    let (_dir, out) = built();
    let html = read(&out, "guiden/index.html");
    assert!(html.contains("<h2>1. Förbereda</h2>") && html.contains("<h2>3. Genomföra</h2>"));
    let sections: Vec<&str> = html
        .split("<section class=\"guide-section\" id=\"area-")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(sections, ["imaging", "genomics", "gmp"], "by Swedish label");
    let section = |key: &str| {
        let start = html.find(&format!("id=\"area-{key}\"")).unwrap();
        let rest = &html[start..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    let slugs = |key: &str| -> Vec<String> {
        section(key)
            .split("<li class=\"guide-card\" data-slug=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        slugs("imaging"),
        ["bildcentrum", "sekvenseringsplattformen"]
    );
    assert_eq!(slugs("genomics"), ["sekvenseringsplattformen"]);
    assert_eq!(slugs("gmp"), ["gmp-enheten"]);
    assert!(html.contains("Infrastrukturer efter tjänst <span class=\"count\">(3)</span>"));
    assert!(html.contains(r#"href="/story/?type=infrastructure&amp;sme=1""#));
    assert!(html.contains(r#"href="/story/?type=infrastructure""#));
    assert!(html.contains(r#"href="/story/?actor=gmp-enheten""#));
    assert!(section("genomics").contains("<li>Vi bokar ett första möte.</li>"));
    assert!(html.contains(r#"data-slug="gmp-enheten" data-audiences="academia industry""#));
    let en = read(&out, "en/guiden/index.html");
    assert!(en.contains("<h2>2. Develop</h2>"));
    assert!(en.contains("<li>We book a first meeting.</li>"));
    assert!(en.contains(r#"href="/story/en/?type=infrastructure&amp;sme=1""#));
    assert!(en.contains(">Imaging (2)</a>"));
}

#[test]
fn upcoming_events_depend_on_the_build_date_only() {
    let (_dir, out) = built();
    let news = read(&out, "news/index.html");
    let upcoming = &news[news.find("id=\"upcoming-heading\"").unwrap()..];
    let upcoming = &upcoming[..upcoming.find("</section>").unwrap()];
    let slugs: Vec<&str> = upcoming
        .split("data-slug=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        slugs,
        ["2025-05-20-workshop", "2025-03-01-konferens"],
        "an event on the build date is still upcoming; past ones are not listed"
    );
    assert!(upcoming.contains("<time datetime=\"2025-09-10\">2025-09-10</time>–<time datetime=\"2025-09-11\">2025-09-11</time> · Alfastad"));
    assert!(upcoming.contains("<time datetime=\"2025-06-01\">2025-06-01</time>."));
    let en = read(&out, "en/news/index.html");
    assert!(en.contains(" · Alpha Town: <a href=\"/story/en/news/2025-03-01-konferens/\">"));
    let item = read(&out, "news/2025-03-01-konferens/index.html");
    assert!(item.contains("<dt>Kommande evenemang</dt>"));
    assert!(item.contains("<a href=\"https://example.org/konferens\" rel=\"noopener\">"));
    // Linked pages show the event too.
    let gmp = read(&out, "actors/gmp-enheten/index.html");
    assert!(gmp.contains("<span class=\"event-badge is-upcoming\">Kommande evenemang: <time datetime=\"2025-09-10\">"));

    // Later, nothing is upcoming; SOURCE_DATE_EPOCH gives the date when --today is absent.
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["build", "--root"])
        .arg(fixture("story"))
        .arg("--output")
        .arg(&later)
        .env("SOURCE_DATE_EPOCH", "1757635200") // 2025-09-12
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let news = read(&later, "news/index.html");
    assert!(news.contains("Kommande evenemang <span class=\"count\">(0)</span>"));
    assert!(news.contains("<time datetime=\"2025-09-12\">2025-09-12</time>"));

    // Same date, same bytes.
    let again = dir.path().join("again");
    build(&fixture("story"), &again, &["--today", TODAY]);
    assert!(read_tree(&again) == read_tree(&out), "two builds differ");

    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["build", "--root"])
        .arg(fixture("story"))
        .arg("--output")
        .arg(dir.path().join("bad"))
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("SOURCE_DATE_EPOCH is `yesterday`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn each_language_has_a_valid_atom_feed_of_news_and_events() {
    let (_dir, out) = built();
    for (lang, prefix) in [("sv", ""), ("en", "en/")] {
        let text = read(&out, &format!("{prefix}news/atom.xml"));
        // Well-formed XML throughout.
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{lang} feed is not well-formed: {e}"),
            }
        }
        let feed: atom_syndication::Feed = text.parse().expect("a valid Atom feed");
        assert_eq!(feed.id, format!("{BASE}{prefix}news/atom.xml"));
        assert_eq!(feed.updated.to_rfc3339(), "2025-05-20T00:00:00+00:00");
        assert!(!feed.authors.is_empty(), "Atom requires an author");
        assert_eq!(feed.lang.as_deref(), Some(lang));
        let rels: BTreeSet<&str> = feed.links.iter().map(|l| l.rel.as_str()).collect();
        assert_eq!(rels, BTreeSet::from(["self", "alternate"]));
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                format!("{BASE}{prefix}news/2025-05-20-workshop/"),
                format!("{BASE}{prefix}news/2025-03-01-konferens/"),
                format!("{BASE}{prefix}news/2025-01-15-plattformen-oppnar/"),
                format!("{BASE}{prefix}news/2024-11-20-seminarium/"),
            ],
            "newest first, ids are the absolute page URLs"
        );
        for e in &feed.entries {
            assert!(e
                .links
                .iter()
                .any(|l| l.rel == "alternate" && l.href == e.id));
            assert!(e.content.as_ref().unwrap().value.is_some());
        }
        let conference = &feed.entries[1];
        assert_eq!(conference.categories[0].term, "event");
    }
    let en: atom_syndication::Feed = read(&out, "en/news/atom.xml").parse().unwrap();
    assert_eq!(en.entries[1].title.value, "Conference on cell therapy");
    assert!(en.entries[1]
        .summary
        .as_ref()
        .unwrap()
        .value
        .contains("Event: 2025-09-10–2025-09-11, Alpha Town"));
    // The untranslated seminar keeps its Swedish text and says so.
    assert_eq!(
        en.entries[3].content.as_ref().unwrap().lang.as_deref(),
        Some("sv")
    );
    let page = read(&out, "en/index.html");
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="News – The story map" href="/story/en/news/atom.xml">"#));
}

#[test]
fn sitemap_lists_every_page_in_every_language_with_alternates() {
    let (_dir, out) = built();
    let tree = read_tree(&out);
    let pages: BTreeSet<String> = tree
        .keys()
        .filter(|k| k.ends_with("index.html") && !k.starts_with("en/"))
        // The embed view is for partners' iframes, not for search engines.
        .filter(|k| !k.starts_with("embed/"))
        .map(|k| k.trim_end_matches("index.html").to_string())
        .collect();
    let text = read(&out, "sitemap.xml");
    assert!(
        !text.contains("/embed/"),
        "the embed view is not in the sitemap"
    );
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut urls: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().expect("well-formed sitemap") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"url" => {
                urls.push((String::new(), Vec::new()));
            }
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"loc" => in_loc = true,
            quick_xml::events::Event::Text(t) if in_loc => {
                urls.last_mut().unwrap().0 = t.decode().unwrap().into_owned();
                in_loc = false;
            }
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"xhtml:link" => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
                        .unwrap()
                };
                urls.last_mut()
                    .unwrap()
                    .1
                    .push((attr(b"hreflang"), attr(b"href")));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(urls.len(), pages.len() * 2, "every page, in both languages");
    assert!(pages.len() > 30, "{} pages", pages.len());
    for (loc, alternates) in &urls {
        let rel = loc
            .strip_prefix(BASE)
            .expect("absolute URLs under base_url");
        let file = format!("{rel}index.html");
        assert!(
            tree.contains_key(&file),
            "sitemap names {loc}, which is not a page"
        );
        let langs: Vec<&str> = alternates.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["sv", "en", "x-default"], "{loc}");
        assert!(
            alternates.iter().any(|(_, href)| href == loc),
            "{loc} is among its alternates"
        );
    }
    assert!(!text.contains("404"), "the 404 page is not listed");
    assert!(urls.iter().any(|(l, _)| l == &format!("{BASE}en/stats/")));
    assert_eq!(
        read(&out, "robots.txt"),
        format!("# ecoatlas: the whole site may be indexed.\nUser-agent: *\nAllow: /story/\n\nSitemap: {BASE}sitemap.xml\n")
    );
    // Pages name their language versions and the default for other languages.
    let html = read(&out, "en/stats/index.html");
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="sv" href="{BASE}stats/">"#
    )));
    assert!(html.contains(&format!(
        r#"<link rel="alternate" hreflang="x-default" href="{BASE}stats/">"#
    )));

    // With only a path as base, robots.txt cannot name the sitemap (it must be absolute).
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local");
    build(
        &fixture("story"),
        &local,
        &["--today", TODAY, "--base-url", "/"],
    );
    let robots = read(&local, "robots.txt");
    assert!(!robots.contains("Sitemap:"), "{robots}");
    assert!(read(&local, "sitemap.xml").contains("<loc>/en/stats/</loc>"));
}

#[test]
fn untranslated_texts_are_listed_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let quiet = build(&fixture("story"), &out, &["--today", TODAY]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    let o = build(
        &fixture("story"),
        &out,
        &["--today", TODAY, "--untranslated"],
    );
    let err = stderr(&o);
    for line in [
        "content/actors/gmp-enheten.md: note: no translation into `en`",
        "content/actors/fristaende-ab.yaml: note: no translation into `en`",
        "content/actors/bildcentrum.en.md: note: field `services`: not translated into `en`",
        "content/news/2024-11-20-seminarium.md: note: no translation into `en`",
        "4 texts without a translation",
    ] {
        assert!(err.contains(line), "expected {line:?} in\n{err}");
    }
    assert!(
        !err.contains("alfa-universitetet"),
        "fully translated: {err}"
    );
    // The library function the `check` command calls gives the same list.
    let config = ecoatlas::config::SiteConfig::load(&fixture("story")).unwrap();
    let (site, diags) = ecoatlas::load::load_site(&fixture("story"), config);
    assert!(!diags.has_errors());
    let notes = ecoatlas::translations::untranslated(&site);
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes
        .iter()
        .all(|n| n.severity == ecoatlas::diagnostic::Severity::Note));
}

#[test]
fn the_open_data_page_links_every_export() {
    let (_dir, out) = built();
    let html = read(&out, "en/data/index.html");
    for file in [
        "actors.csv",
        "actors.json",
        "actors.geojson",
        "campuses.geojson",
        "relations.json",
        "stats.json",
        "datapackage.json",
    ] {
        assert!(
            html.contains(&format!("href=\"/story/en/data/{file}\"")),
            "{file}"
        );
        assert!(out.join("en/data").join(file).is_file(), "{file}");
    }
    let footer = read(&out, "index.html");
    assert!(footer.contains("href=\"/story/data/\""));
    assert!(footer.contains("href=\"/story/news/atom.xml\""));
}

#[test]
fn the_map_page_loads_the_relations_overlay_after_the_map() {
    let (_dir, out) = built();
    let html = read(&out, "index.html");
    let map = html.find("/assets/js/map.js").unwrap();
    let relations = html.find("/assets/js/relations.js").expect("relations.js");
    assert!(map < relations, "relations.js comes after map.js");
    assert!(html.contains(r#""relations":"/story/data/relations.json""#));
    // The published script is minified (quotes may change): look for the event's name and the
    // constructor that announces it.
    let js = read(&out, "assets/js/map.js");
    assert!(js.contains("new CustomEvent(") && js.contains("ecoatlas:map-ready"));
}

#[test]
fn the_shipped_guide_covers_the_named_infrastructures_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&repo_root(), &out, &["--today", "2026-12-06"]);
    let guide = read(&out, "forskningsinfrastruktur/index.html");
    assert!(guide.contains(r#"href="/?type=infrastructure&amp;sme=1""#));
    for (lang, prefix) in [("sv", ""), ("en", "en/")] {
        let actors = read_json(&out, &format!("{prefix}data/actors.json"));
        let actor = |slug: &str| {
            actors["actors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["slug"] == slug)
                .unwrap_or_else(|| panic!("{slug} missing"))
        };
        for slug in [
            "ana-futura",
            "vecura",
            "a-working-lab",
            "scilifelab",
            "karolinska-atmp-center",
        ] {
            let a = actor(slug);
            assert_eq!(a["text_language"], lang, "{slug}");
            for field in ["services", "equipment", "service_areas"] {
                assert!(
                    !a[field].as_array().unwrap().is_empty(),
                    "{lang} {slug}: no {field}"
                );
            }
            assert!(
                a["access"]["steps"].as_array().unwrap().len() >= 3,
                "{lang} {slug}: steps"
            );
            assert!(a["access"]["terms"].is_string(), "{lang} {slug}: terms");
            assert!(a["access"]["contact"].is_object(), "{lang} {slug}: contact");
            assert!(
                a["access"]["open_to"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from("sme")),
                "{lang} {slug}: open to SMEs"
            );
            assert!(
                guide.contains(&format!("<li class=\"guide-card\" data-slug=\"{slug}\"")),
                "{slug} is not in the guide"
            );
        }
        // NGI's sources name no equipment, access steps or terms, and say it serves academic
        // research: it is in the guide with what they do name.
        let ngi = actor("national-genomics-infrastructure");
        assert!(!ngi["services"].as_array().unwrap().is_empty(), "{lang}");
        assert_eq!(
            ngi["access"]["open_to"],
            serde_json::json!(["academia"]),
            "{lang}"
        );
    }
    assert!(
        guide.contains("<li class=\"guide-card\" data-slug=\"national-genomics-infrastructure\"")
    );
    let vecura = read(&out, "en/actors/vecura/index.html");
    assert!(
        vecura.contains("<li>Make first contact through Karolinska Center for Cell Therapy (KCC)")
    );
    let news = read(&out, "en/news/index.html");
    assert!(news.contains("Event: <time datetime=\"2024-10-10\">2024-10-10</time>, Stockholm"));
}

#[test]
fn check_lists_untranslated_texts_as_notes_in_every_format() {
    let root = fixture("story");
    let root = root.to_str().unwrap();
    let o = ecoatlas(&["check", "--root", root, "--untranslated"]);
    assert_eq!(o.status.code(), Some(0), "notes never fail: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("content/actors/gmp-enheten.md: note: no translation into `en`"),
        "{err}"
    );
    assert!(err.contains("4 texts without a translation"), "{err}");
    let quiet = ecoatlas(&["check", "--root", root]);
    assert!(!stderr(&quiet).contains("note:"), "{}", stderr(&quiet));

    let o = ecoatlas(&[
        "check",
        "--root",
        root,
        "--untranslated",
        "--message-format",
        "json",
    ]);
    let notes: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(notes.iter().all(|n| n["severity"] == "note"));
    let o = ecoatlas(&[
        "check",
        "--root",
        root,
        "--untranslated",
        "--message-format",
        "github",
    ]);
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("::notice "))
            .count(),
        4,
        "{}",
        stdout(&o)
    );
    // --deny-warnings does not turn notes into failures.
    let o = ecoatlas(&["check", "--root", root, "--untranslated", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// With `repository:` in site.yaml, every page made from a record links to its file on the
/// forge (the translation's file on the English pages when there is one) and to a new issue.
#[test]
fn record_pages_link_to_their_files_in_the_repository() {
    let (_dir, out) = built();
    let edit = "https://github.com/example/story-atlas/edit/trunk/atlas/content/";
    for (page, file) in [
        ("actors/gmp-enheten/index.html", "actors/gmp-enheten.md"),
        ("en/actors/gmp-enheten/index.html", "actors/gmp-enheten.md"),
        ("actors/cellbolaget/index.html", "actors/cellbolaget.md"),
        (
            "en/actors/cellbolaget/index.html",
            "actors/cellbolaget.en.md",
        ),
        (
            "actors/fristaende-ab/index.html",
            "actors/fristaende-ab.yaml",
        ),
        ("campuses/beta/index.html", "campuses/beta.geojson"),
        ("guiden/index.html", "pages/guiden.md"),
        ("en/guiden/index.html", "pages/guiden.en.md"),
        (
            "news/2024-11-20-seminarium/index.html",
            "news/2024-11-20-seminarium.md",
        ),
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(&format!("<a href=\"{edit}{file}\" rel=\"nofollow\">")),
            "{page} does not link to {file}"
        );
        assert!(
            html.contains("href=\"https://github.com/example/story-atlas/issues/new?title="),
            "{page}: no suggestion link"
        );
    }
    let suggest = read(&out, "en/actors/cellbolaget/index.html");
    assert!(
        suggest.contains("body=https%3A%2F%2Fexample.org%2Fstory%2Fen%2Factors%2Fcellbolaget%2F"),
        "the suggestion names the page's address"
    );
    // Pages that no record makes have no edit link; the footer names the repository.
    let map = read(&out, "index.html");
    assert!(!map.contains("class=\"edit-links\""));
    assert!(map.contains("<a href=\"https://github.com/example/story-atlas\">"));
}
