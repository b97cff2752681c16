//! Indicators through the real binary on `tests/fixtures/story`, whose indicator files hold
//! invented, known numbers (see the comment at the top of its site.yaml): the key-figures page
//! shows each value, year and source; each chart's points are the numbers of its table; the
//! peer is drawn; ranks have 1 at the top; the CSV and JSON give the same numbers back.

mod support;

use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::*;

const TODAY: &str = "2025-06-01";

fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("story", &[], TODAY)
}

/// (scope, year, value) as the fixture gives them.
type Figure = (String, i32, f64);

fn figures(list: &[(&str, i32, f64)]) -> BTreeSet<String> {
    list.iter().map(|(s, y, v)| key(s, *y, *v)).collect()
}

fn key(scope: &str, year: i32, value: f64) -> String {
    format!("{scope} {year} {value}")
}

const COMPANIES: [(&str, i32, f64); 7] = [
    ("region", 2021, 100.0),
    ("region", 2022, 120.0),
    ("region", 2023, 110.0),
    ("grannen", 2021, 200.0),
    ("grannen", 2022, 210.0),
    ("grannen", 2023, 1230.5),
    ("alpha", 2023, 40.0),
];

const RANKING: [(&str, i32, f64); 4] = [
    ("region", 2022, 8.0),
    ("region", 2023, 6.0),
    ("grannen", 2022, 3.0),
    ("grannen", 2023, 4.0),
];

/// The HTML of one indicator's section on a key-figures page.
fn section<'a>(html: &'a str, slug: &str) -> &'a str {
    let start = html
        .find(&format!(
            r#"<section class="indicator" id="indicator-{slug}""#
        ))
        .unwrap_or_else(|| panic!("no indicator {slug}"));
    &html[start..start + html[start..].find("</section>").unwrap() + "</section>".len()]
}

/// What a section draws and tabulates: each chart point as (scope, year, value, cy), and each
/// table cell that holds a number as (scope, year, value).
struct Drawn {
    points: Vec<(Figure, f64)>,
    cells: Vec<Figure>,
    paths: Vec<(String, String)>,
}

fn read_section(section: &str) -> Drawn {
    let mut reader = quick_xml::Reader::from_str(section);
    reader.config_mut().check_end_names = false;
    let mut drawn = Drawn {
        points: Vec::new(),
        cells: Vec::new(),
        paths: Vec::new(),
    };
    let (mut scope, mut row_year) = (String::new(), 0);
    loop {
        match reader.read_event().expect("the section is well-formed") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .unwrap()
                        .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
                };
                match e.name().as_ref() {
                    b"g" => {
                        if let Some(s) = attr("data-scope") {
                            scope = s;
                        }
                    }
                    b"path" => drawn.paths.push((scope.clone(), attr("d").unwrap())),
                    b"circle" => {
                        let year: i32 = attr("data-year").unwrap().parse().unwrap();
                        let value: f64 = attr("data-value").unwrap().parse().unwrap();
                        let cy: f64 = attr("cy").unwrap().parse().unwrap();
                        drawn.points.push(((scope.clone(), year, value), cy));
                    }
                    b"tr" => {
                        if let Some(y) = attr("data-year") {
                            row_year = y.parse().unwrap();
                        }
                    }
                    b"td" => {
                        let value = attr("data-value").unwrap();
                        if !value.is_empty() {
                            let scope = attr("data-scope").unwrap();
                            drawn.cells.push((scope, row_year, value.parse().unwrap()));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    drawn
}

fn as_keys<'a>(list: impl IntoIterator<Item = &'a Figure>) -> BTreeSet<String> {
    list.into_iter().map(|(s, y, v)| key(s, *y, *v)).collect()
}

#[test]
fn the_page_shows_each_indicator_with_its_latest_value_change_and_sources() {
    let (_dir, out) = built();
    let sv = read(&out, "stats/index.html");
    let en = read(&out, "en/stats/index.html");
    assert_eq!(
        sv.matches("<script").count(),
        sv.matches(r#"<script type="application/ld+json">"#).count(),
        "the key figures need no script (JSON-LD is data)"
    );
    let companies = section(&sv, "foretag");
    assert!(companies.contains(">Life science-företag</h3>"));
    assert!(companies.contains(r#"<span class="indicator-value">110</span>"#));
    assert!(companies.contains(r#"<span class="indicator-year">(2023)</span>"#));
    // 120 → 110 with higher_is_better: a decline.
    assert!(
        companies.contains(r#"class="indicator-change worse" data-direction="down""#),
        "{companies}"
    );
    assert!(companies.contains("−10 sedan 2022, en försämring"));
    // The indicator's source and the value's own source, with publisher and date.
    assert!(companies.contains(r#"<a href="https://example.org/register">Företagsregistret</a>, Registerverket, <time datetime="2024-03-15">2024-03-15</time>"#));
    assert!(companies.contains(r#"<a href="https://example.org/rattelse">Rättelse 2023</a>"#));
    // Every value and year is in the table, as the language writes numbers.
    for text in ["100", "120", "110", "200", "210", "1230,5", "40"] {
        assert!(companies.contains(&format!(">{text}</td>")), "{text}");
    }
    for year in ["2021", "2022", "2023"] {
        assert!(companies.contains(&format!(r#"<th scope="row">{year}</th>"#)));
    }
    // The peer and the campus are named and linked.
    assert!(companies.contains(r#"<a href="https://example.org/grannen">Grannklustret</a>"#));
    assert!(
        companies.contains(">Campus Alfa</a>"),
        "the campus alpha is named"
    );

    let ranking = section(&sv, "ranking");
    assert!(ranking.contains(r#"<span class="indicator-value">6</span>"#));
    // 8 → 6 with higher_is_better false: better.
    assert!(ranking.contains(r#"class="indicator-change better" data-direction="down""#));
    assert!(ranking.contains("<cite>Rankingen</cite>, Rankinginstitutet"));
    assert!(ranking.contains("Plats 1 är bäst och ritas överst."));

    let english = section(&en, "foretag");
    assert!(english.contains(">Life-science companies</h3>"));
    assert!(english.contains("−10 since 2022, a decline"));
    assert!(english.contains(">1230.5</td>"));
    assert!(english.contains(">The company register</a>"));
}

#[test]
fn each_chart_draws_the_numbers_of_its_table_and_the_peer_beside_the_region() {
    let (_dir, out) = built();
    for page in ["stats/index.html", "en/stats/index.html"] {
        let html = read(&out, page);
        for (slug, want) in [("foretag", &COMPANIES[..]), ("ranking", &RANKING[..])] {
            let s = section(&html, slug);
            assert!(s.contains(&format!(
                r#"role="img" aria-labelledby="indicator-{slug}-title indicator-{slug}-desc""#
            )));
            let drawn = read_section(s);
            let points = as_keys(drawn.points.iter().map(|(f, _)| f));
            assert_eq!(points, figures(want), "{page} {slug}: the chart's points");
            assert_eq!(
                as_keys(&drawn.cells),
                figures(want),
                "{page} {slug}: the table"
            );
            // The peer's series is a line through its points, as the region's is.
            for scope in ["region", "grannen"] {
                let path = drawn
                    .paths
                    .iter()
                    .find(|(s, _)| s == scope)
                    .unwrap_or_else(|| panic!("{slug}: no line for {scope}"));
                assert!(path.1.starts_with('M') && path.1.contains(" L"), "{path:?}");
            }
        }
    }
}

#[test]
fn ranks_are_drawn_with_1_at_the_top_and_counts_with_the_largest_at_the_top() {
    let (_dir, out) = built();
    let html = read(&out, "stats/index.html");
    let cy = |slug: &str, scope: &str, year: i32| {
        read_section(section(&html, slug))
            .points
            .into_iter()
            .find(|((s, y, _), _)| s == scope && *y == year)
            .map(|(_, cy)| cy)
            .unwrap()
    };
    // Rank 3 (the peer, 2022) is above rank 8 (the region, 2022): smaller y is higher up.
    assert!(cy("ranking", "grannen", 2022) < cy("ranking", "region", 2022));
    assert!(cy("ranking", "region", 2023) < cy("ranking", "region", 2022));
    // 210 companies are above 120.
    assert!(cy("foretag", "grannen", 2022) < cy("foretag", "region", 2022));
}

#[test]
fn the_active_companies_are_a_series_derived_from_the_founding_years() {
    let (_dir, out) = built();
    let html = read(&out, "stats/index.html");
    let drawn = read_section(section(&html, "active-companies"));
    let want: Vec<(&str, i32, f64)> = (2015..=2025)
        .map(|y| ("region", y, if y < 2020 { 2.0 } else { 3.0 }))
        .collect();
    assert_eq!(as_keys(&drawn.cells), figures(&want));
    assert_eq!(as_keys(drawn.points.iter().map(|(f, _)| f)), figures(&want));
    assert!(
        !html.contains(r#"id="companies-founded""#),
        "replaced by the series"
    );
}

fn csv_rows(out: &Path, rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join(rel)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["indicator", "scope", "year", "value", "unit", "source_url"]
    );
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn indicators_csv_and_json_parse_back_to_the_same_numbers() {
    let (_dir, out) = built();
    let rows = csv_rows(&out, "data/indicators.csv");
    let of = |slug: &str| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r[0] == slug)
            .map(|r| key(&r[1], r[2].parse().unwrap(), r[3].parse().unwrap()))
            .collect()
    };
    assert_eq!(of("foretag"), figures(&COMPANIES));
    assert_eq!(of("ranking"), figures(&RANKING));
    assert_eq!(of("active-companies").len(), 11);
    // Each row names its unit and the URL of its source: the value's own, else the
    // indicator's, else none (the ranking's source is not on the web); a derived series names
    // the records.
    let row = |slug: &str, scope: &str, year: &str| {
        rows.iter()
            .find(|r| r[0] == slug && r[1] == scope && r[2] == year)
            .unwrap()
            .clone()
    };
    assert_eq!(row("foretag", "region", "2022")[4], "count");
    assert_eq!(
        row("foretag", "region", "2022")[5],
        "https://example.org/register"
    );
    assert_eq!(
        row("foretag", "region", "2023")[5],
        "https://example.org/rattelse"
    );
    assert_eq!(row("ranking", "grannen", "2023")[4], "rank");
    assert_eq!(row("ranking", "grannen", "2023")[5], "");
    assert_eq!(
        row("active-companies", "region", "2020")[5],
        "https://example.org/story/data/actors.csv"
    );
    // The English file holds the same rows; its derived series name the English records.
    let en = csv_rows(&out, "en/data/indicators.csv");
    assert_eq!(
        en.iter().map(|r| r[..5].to_vec()).collect::<Vec<_>>(),
        rows.iter().map(|r| r[..5].to_vec()).collect::<Vec<_>>()
    );
    assert!(en
        .iter()
        .any(|r| r[5] == "https://example.org/story/en/data/actors.csv"));

    for rel in ["data/indicators.json", "en/data/indicators.json"] {
        let doc: Value = serde_json::from_str(&read(&out, rel)).unwrap();
        assert_eq!(doc["ecoatlas"]["kind"], "indicators");
        assert_eq!(doc["peers"][0]["id"], "grannen");
        let list = doc["indicators"].as_array().unwrap();
        let values = |slug: &str| -> BTreeSet<String> {
            let i = list.iter().find(|i| i["slug"] == slug).unwrap();
            i["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    key(
                        v["scope"].as_str().unwrap(),
                        v["year"].as_i64().unwrap() as i32,
                        v["value"].as_f64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(values("foretag"), figures(&COMPANIES), "{rel}");
        assert_eq!(values("ranking"), figures(&RANKING), "{rel}");
        let ranking = list.iter().find(|i| i["slug"] == "ranking").unwrap();
        assert_eq!(ranking["higher_is_better"], false);
        assert_eq!(ranking["unit"], "rank");
        assert_eq!(ranking["sources"][0]["publisher"], "Rankinginstitutet");
    }
    let package: Value = serde_json::from_str(&read(&out, "data/datapackage.json")).unwrap();
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"indicators.csv") && paths.contains(&"indicators.json"));
}

#[test]
fn the_fact_sheet_names_each_latest_figure_with_its_source_and_every_campus() {
    let (_dir, out) = built();
    let stats = read(&out, "en/stats/index.html");
    assert!(
        stats.contains(r#"<a href="/story/en/facts/">"#),
        "linked from the key figures"
    );
    let facts = read(&out, "en/facts/index.html");
    assert!(
        facts.contains("<strong>110</strong>"),
        "the latest companies"
    );
    assert!(facts.contains("(2023)"));
    assert!(
        facts.contains("The neighbour cluster 1230.5"),
        "the peer beside it"
    );
    assert!(facts.contains("The company register, Registerverket, https://example.org/register"));
    assert!(facts.contains("Rankingen, Rankinginstitutet"));
    // Every campus has its numbered mark on the map and its line in the list.
    assert_eq!(facts.matches(r#"<g class="facts-map-mark">"#).count(), 5);
    assert_eq!(
        facts
            .split(r#"<ol class="facts-places">"#)
            .nth(1)
            .unwrap()
            .split("</ol>")
            .next()
            .unwrap()
            .matches("<li>")
            .count(),
        5
    );
    assert!(facts.contains(r#"role="img" aria-labelledby="facts-map-title facts-map-desc""#));
}
