//! `ecoatlas build` on fixture sites and on the shipped site, through the real binary.

mod support;

use std::collections::BTreeSet;
use support::*;

const BASE: &str = "/atlas/";

fn built_minimal() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &[]);
    (dir, out)
}

#[test]
fn build_prints_one_summary_line_and_writes_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&fixture("minimal"), &out, &[]);
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("Built 3 actors, 2 campuses, "), "{text}");
    for page in [
        "index.html",
        "en/index.html",
        "actors/index.html",
        "actors/alfa-universitet/index.html",
        "en/actors/alfa-universitet/index.html",
        "actors/sodertalje-lab/index.html",
        "actors/beta-ab/index.html",
        "campuses/index.html",
        "campuses/norra-campus/index.html",
        "en/campuses/punkten/index.html",
        "types/university/index.html",
        "sectors/industry/index.html",
        "en/sectors/academia/index.html",
        "om/index.html",
        "en/om/index.html",
        "news/index.html",
        "news/2025-08-29-labbet-oppnar/index.html",
        "404.html",
        "en/404.html",
        "data/actors.geojson",
        "en/data/campuses.geojson",
        "assets/js/map.js",
        "assets/css/site.css",
        "assets/vendor/leaflet/leaflet.js",
        "assets/vendor/leaflet/LICENSE",
        "assets/vendor/markercluster/leaflet.markercluster.js",
        "assets/base/countries.geojson",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn every_internal_link_and_asset_resolves_under_the_sub_path() {
    let (_dir, out) = built_minimal();
    let tree = read_tree(&out);
    let mut checked = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
                continue;
            }
            assert!(
                link.starts_with(BASE),
                "{path}: link {link} ignores the base path"
            );
            let target = link[BASE.len()..]
                .split(['?', '#'])
                .next()
                .unwrap()
                .to_string();
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            assert!(tree.contains_key(&file), "{path}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn data_files_are_valid_geojson_with_documented_properties() {
    let (_dir, out) = built_minimal();
    for lang in ["", "en/"] {
        let text = read(&out, &format!("{lang}data/actors.geojson"));
        let fc: geojson::FeatureCollection =
            text.parse().expect("actors.geojson is a FeatureCollection");
        assert_eq!(fc.features.len(), 3);
        let meta = &fc.foreign_members.as_ref().unwrap()["ecoatlas"];
        assert_eq!(meta["schema_version"], 1);
        for f in &fc.features {
            let props = f.properties.as_ref().unwrap();
            let keys: BTreeSet<&str> = props.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                BTreeSet::from([
                    "slug",
                    "name",
                    "type",
                    "sectors",
                    "campuses",
                    "summary",
                    "url",
                    "website",
                    "approximate",
                    "reviewed",
                    "sources",
                    "status"
                ])
            );
            let geojson::GeometryValue::Point { coordinates } = &f.geometry.as_ref().unwrap().value
            else {
                panic!("actor is not a Point")
            };
            let [lon, lat] = coordinates.as_slice() else {
                panic!()
            };
            assert!(
                (17.0..18.5).contains(lon) && (59.0..60.0).contains(lat),
                "{lon},{lat}"
            );
            assert!(props["url"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{BASE}{lang}actors/")));
        }
        let campuses: geojson::FeatureCollection =
            read(&out, &format!("{lang}data/campuses.geojson"))
                .parse()
                .unwrap();
        let kinds: Vec<&str> = campuses
            .features
            .iter()
            .map(|f| f.geometry.as_ref().unwrap().value.type_name())
            .collect();
        assert_eq!(kinds, ["Polygon", "Point"]);
    }
    // An actor without a location sits at its campus's centre: Beta AB on the point campus.
    let fc: geojson::FeatureCollection = read(&out, "data/actors.geojson").parse().unwrap();
    let beta = fc
        .features
        .iter()
        .find(|f| f.property("slug").unwrap() == "beta-ab")
        .unwrap();
    assert_eq!(
        beta.geometry.as_ref().unwrap().value,
        geojson::GeometryValue::new_point([18.1, 59.3])
    );
    assert_eq!(beta.property("approximate").unwrap(), true);
    let lab = fc
        .features
        .iter()
        .find(|f| f.property("slug").unwrap() == "sodertalje-lab")
        .unwrap();
    assert_eq!(
        lab.geometry.as_ref().unwrap().value,
        geojson::GeometryValue::new_point([17.81, 59.51])
    );
}

#[test]
fn translations_inherit_structured_fields_and_fall_back_with_a_language_tag() {
    let (_dir, out) = built_minimal();
    let en = read(&out, "en/actors/alfa-universitet/index.html");
    assert!(en.contains("<h1>Alfa University</h1>"), "English name");
    assert!(en.contains("A university for tests."));
    assert!(en.contains("https://alfa.example.org"), "website inherited");
    assert!(en.contains(">University</a>"), "type label in English");
    assert!(en.contains("North Campus"), "campus name in English");
    assert!(
        en.contains(r#"href="/atlas/en/actors/sodertalje-lab/""#),
        "Markdown link gets base path and /en/"
    );
    assert!(
        en.contains(r#"hreflang="sv" href="https://example.org/atlas/actors/alfa-universitet/""#)
    );
    let sv = read(&out, "actors/alfa-universitet/index.html");
    assert!(sv.contains("<h1>Alfauniversitetet</h1>") && sv.contains(r#"<html lang="sv">"#));
    assert!(sv.contains(r#"href="/atlas/actors/sodertalje-lab/""#));
    // Beta AB has no English text: the Swedish text is shown, marked as Swedish.
    let beta = read(&out, "en/actors/beta-ab/index.html");
    assert!(
        beta.contains(r#"<h1 lang="sv">Beta AB</h1>"#),
        "fallback marked with lang"
    );
    assert!(
        beta.contains("<em>saker</em>"),
        "description of a YAML record is Markdown"
    );
    // The lab's reverse relation appears on the university's page.
    assert!(
        sv.contains("omfattar <a href=\"/atlas/actors/sodertalje-lab/\">Södertälje Lab</a>"),
        "reverse relation"
    );
}

#[test]
fn two_builds_are_byte_identical_and_a_rebuild_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&fixture("minimal"), &a, &[]);
    build(&fixture("minimal"), &b, &[]);
    assert!(read_tree(&a) == read_tree(&b), "two builds differ");
    let again = build(&fixture("minimal"), &a, &[]);
    assert!(
        stdout(&again).contains("(0 files written,"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn base_url_flag_moves_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(
        &fixture("minimal"),
        &out,
        &["--base-url", "https://maps.example.net/"],
    );
    let html = read(&out, "en/index.html");
    assert!(html.contains(r#"href="/en/actors/alfa-universitet/""#));
    assert!(!html.contains("/atlas/"), "old base path left");
    assert!(html.contains(r#"<link rel="canonical" href="https://maps.example.net/en/">"#));
}

#[test]
fn a_failed_build_leaves_the_last_good_output_untouched() {
    let (dir, site) = fixture_site("minimal", &[]);
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let before = read_tree(&out);
    std::fs::remove_file(site.join("content/actors/beta-ab.yaml")).unwrap();
    std::fs::write(
        site.join("content/actors/alfa-universitet.md"),
        "---\nname: [unclosed\n---\n",
    )
    .unwrap();
    let o = failed_build(&site, &out, &[]);
    assert!(
        stderr(&o).contains("content/actors/alfa-universitet.md:2:"),
        "{}",
        stderr(&o)
    );
    assert!(
        read_tree(&out) == before,
        "the output changed after a failed build"
    );
}

/// Every folder below `dir`, relative to it.
fn folders(dir: &std::path::Path) -> BTreeSet<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn a_build_that_fails_after_writing_pages_undoes_them() {
    // A broken link is found only once every page has been rendered, and a build writes its
    // pages while it renders them: the new pages, the changed ones and their folders must all
    // be undone.
    let (dir, site) = fixture_site("minimal", &[]);
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    let (before, folders_before) = (read_tree(&out), folders(&out));
    let record = site.join("content/actors/alfa-universitet.md");
    let text = std::fs::read_to_string(&record).unwrap().replace(
        "summary: Ett lärosäte för tester.",
        "summary: Ett annat lärosäte.",
    );
    std::fs::write(
        &record,
        format!("{text}\nSe [saknad](/actors/finns-inte/).\n"),
    )
    .unwrap();
    std::fs::write(
        site.join("content/actors/gamma-ab.yaml"),
        "name: Gamma AB\ntype: company\nsectors: [industry]\ncampus: [punkten]\nsummary: Ny.\n",
    )
    .unwrap();

    let o = failed_build(&site, &out, &[]);
    assert!(
        stderr(&o).contains("alfa-universitet.md") && stderr(&o).contains("broken link"),
        "{}",
        stderr(&o)
    );
    assert!(
        read_tree(&out) == before,
        "the output changed after a failed build"
    );
    assert_eq!(folders(&out), folders_before);

    // The same edits without the broken link build, and change what they should.
    std::fs::write(&record, text).unwrap();
    let o = build(&site, &out, &[]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(read(&out, "actors/gamma-ab/index.html").contains("Gamma AB"));
    assert!(read(&out, "actors/alfa-universitet/index.html").contains("Ett annat lärosäte."));
}

#[test]
fn refuses_to_empty_a_folder_it_did_not_create() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "years of work").unwrap();
    let o = ecoatlas(&[
        "build",
        "--root",
        fixture("minimal").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("was not created by ecoatlas"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

/// Lays the invalid fixture `case` over a copy of `minimal` in `dir`; returns the site folder.
fn invalid_site(case: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    let site = dir.join("site");
    copy_dir(&fixture("minimal"), &site);
    copy_dir(case, &site);
    for extra in ["expect.txt", "args.txt"] {
        let _ = std::fs::remove_file(site.join(extra));
    }
    site
}

#[test]
fn each_invalid_fixture_reports_its_mistake_with_file_and_line() {
    let mut names = Vec::new();
    for case in std::fs::read_dir(fixture("invalid")).unwrap() {
        let case = case.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = tempfile::tempdir().unwrap();
        let site = invalid_site(&case, dir.path());
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let extra = std::fs::read_to_string(case.join("args.txt")).unwrap_or_default();
        let out = dir.path().join("out");
        let mut args = vec![
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend(extra.split_whitespace());
        let o = ecoatlas(&args);
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}: expected a content error, got:\n{err}"
        );
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            assert!(err.contains(line), "{name}: expected\n  {line}\nin\n{err}");
        }
        assert!(!out.exists(), "{name}: a failed build wrote output");
        // `check` reports the same, and writes nothing either.
        args[0] = "check";
        args.drain(3..5);
        let c = ecoatlas(&args);
        assert_eq!(c.status.code(), Some(1), "{name}: check");
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                stderr(&c).contains(line),
                "{name}: check did not say\n  {line}\n{}",
                stderr(&c)
            );
        }
        assert!(!site.join("output").exists(), "{name}: check wrote output");
        names.push(name);
    }
    assert!(
        names.len() >= 31,
        "{} invalid fixtures: {names:?}",
        names.len()
    );
}

#[test]
fn init_creates_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-map");
    let o = ecoatlas(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ecoatlas(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).is_empty(),
        "warnings on a fresh site: {}",
        stderr(&o)
    );
    assert!(site.join("output/actors/provlabbet/index.html").is_file());
    let again = ecoatlas(&["init", site.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "init must not overwrite a site"
    );
}

#[test]
fn no_page_refers_to_another_host_by_default() {
    let (_dir, out) = built_minimal();
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in attr_values(&html, "src") {
            assert!(link.starts_with(BASE), "{path} loads {link} from elsewhere");
        }
        for tag in html.split("<link ").skip(1) {
            if tag.contains("stylesheet") {
                assert!(
                    tag.contains(&format!("href=\"{BASE}")),
                    "{path}: stylesheet from elsewhere: {tag}"
                );
            }
        }
    }
    // The theme's own scripts create a tile layer in one place only, reached only through the
    // site's tile configuration (read in the sources: the published scripts are minified).
    let source_js: String = read_tree(&repo_root().join("themes/default/static/js"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        source_js.contains("if (cfg.tiles) this.addTilesControl(cfg.tiles)"),
        "tiles only through config"
    );
    assert_eq!(
        source_js.matches("L.tileLayer(").count(),
        1,
        "one tile layer"
    );
    let own_js: String = read_tree(&out.join("assets/js"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert_eq!(own_js.matches("L.tileLayer(").count(), 1, "one tile layer");
    let config = read(&out, "index.html");
    assert!(
        config.contains(r#""tiles":null"#),
        "no tile source configured"
    );
}

#[test]
fn the_shipped_stockholm_uppsala_site_builds_cleanly_with_real_content() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&repo_root(), &out, &[]);
    assert!(
        stderr(&o).is_empty(),
        "warnings in the shipped content:\n{}",
        stderr(&o)
    );
    let fc: geojson::FeatureCollection = read(&out, "data/actors.geojson").parse().unwrap();
    assert!(fc.features.len() >= 40, "{} actors", fc.features.len());
    let campuses: geojson::FeatureCollection = read(&out, "data/campuses.geojson").parse().unwrap();
    let polygons = campuses
        .features
        .iter()
        .filter(|f| {
            matches!(
                f.geometry.as_ref().unwrap().value,
                geojson::GeometryValue::Polygon { .. }
                    | geojson::GeometryValue::MultiPolygon { .. }
            )
        })
        .count();
    assert!(polygons >= 8, "{polygons} campus polygons");
    for slug in [
        "flemingsberg",
        "campus-solna",
        "hagastaden",
        "kth-valhallavagen",
        "kista",
        "sodertalje-snackviken",
        "uppsala-bmc-science-park",
        "ultuna",
    ] {
        assert!(
            out.join(format!("campuses/{slug}/index.html")).is_file(),
            "campus {slug}"
        );
    }
    for slug in [
        "karolinska-institutet",
        "uppsala-universitet",
        "kth",
        "scilifelab",
        "ana-futura",
        "vecura",
        "karolinska-atmp-center",
        "region-stockholm",
        "region-uppsala",
    ] {
        assert!(
            out.join(format!("actors/{slug}/index.html")).is_file(),
            "actor {slug}"
        );
    }
    // Every actor has a website (but SULS, wound up in 2015, whose site is gone), and an
    // English translation of its own.
    let en: geojson::FeatureCollection = read(&out, "en/data/actors.geojson").parse().unwrap();
    for (sv, en) in fc.features.iter().zip(&en.features) {
        let slug = sv.property("slug").unwrap().as_str().unwrap();
        assert!(
            sv.property("website").unwrap().is_string() || slug == "suls",
            "{slug} has no website"
        );
        assert_ne!(
            sv.property("summary"),
            en.property("summary"),
            "{slug} has no English summary"
        );
        assert!(
            repo_root()
                .join(format!("content/actors/{slug}.en.md"))
                .is_file(),
            "{slug}.en.md"
        );
    }
}

#[test]
fn map_data_is_compact_and_agrees_with_the_open_data() {
    let (_dir, out) = built_minimal();
    let mut keys_by_lang = Vec::new();
    for (lang, code) in [("", "sv"), ("en/", "en")] {
        let map: serde_json::Value =
            serde_json::from_str(&read(&out, &format!("{lang}data/map.json"))).unwrap();
        let text: serde_json::Value =
            serde_json::from_str(&read(&out, &format!("{lang}data/map-text.json"))).unwrap();
        let fc: geojson::FeatureCollection = read(&out, &format!("{lang}data/actors.geojson"))
            .parse()
            .unwrap();
        assert_eq!(map["v"], 1);
        assert_eq!(map["lang"], code);
        assert_eq!(text["lang"], code);
        let a = &map["actors"];
        let slugs: Vec<&str> = a["slug"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(slugs.len(), fc.features.len());
        for column in [
            "name", "lat", "lon", "type", "sectors", "campuses", "keywords", "flags",
        ] {
            assert_eq!(a[column].as_array().unwrap().len(), slugs.len(), "{column}");
        }
        assert_eq!(text["summary"].as_array().unwrap().len(), slugs.len());
        assert_eq!(text["services"].as_array().unwrap().len(), slugs.len());
        let col = |name: &str, i: usize| a[name][i].clone();
        let names: Vec<&str> = slugs
            .iter()
            .enumerate()
            .map(|(i, _)| a["name"][i].as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| ecoatlas::slug::sort_key(code, n));
        assert_eq!(names, sorted, "{lang}: actors are not in list order");
        for (i, slug) in slugs.iter().enumerate() {
            let f = fc
                .features
                .iter()
                .find(|f| f.property("slug").unwrap() == *slug)
                .unwrap_or_else(|| panic!("{slug} is not in actors.geojson"));
            let p = |k: &str| f.property(k).unwrap().clone();
            assert_eq!(col("name", i), p("name"), "{slug}");
            assert_eq!(text["summary"][i], p("summary"), "{slug}");
            assert_eq!(
                map["types"][col("type", i).as_u64().unwrap() as usize],
                p("type")
            );
            let bits = col("sectors", i).as_u64().unwrap();
            let sectors: Vec<serde_json::Value> = (0..64)
                .filter(|b| bits & (1 << b) != 0)
                .map(|b| map["sectors"][b].clone())
                .collect();
            assert_eq!(serde_json::Value::from(sectors), p("sectors"), "{slug}");
            let campuses: Vec<serde_json::Value> = col("campuses", i)
                .as_array()
                .unwrap()
                .iter()
                .map(|c| map["campuses"][c.as_u64().unwrap() as usize].clone())
                .collect();
            assert_eq!(serde_json::Value::from(campuses), p("campuses"), "{slug}");
            assert_eq!(
                format!("{}{slug}/", map["actor_url"].as_str().unwrap()),
                p("url").as_str().unwrap()
            );
            let geojson::GeometryValue::Point { coordinates } = &f.geometry.as_ref().unwrap().value
            else {
                panic!()
            };
            let lat =
                (map["origin"][0].as_i64().unwrap() + col("lat", i).as_i64().unwrap()) as f64 / 1e5;
            let lon =
                (map["origin"][1].as_i64().unwrap() + col("lon", i).as_i64().unwrap()) as f64 / 1e5;
            assert!(
                (lat - coordinates[1]).abs() < 1e-9 && (lon - coordinates[0]).abs() < 1e-9,
                "{slug}: {lat},{lon} vs {coordinates:?}"
            );
            let flags = col("flags", i).as_u64().unwrap();
            assert_eq!(
                flags & 2 != 0,
                p("approximate") == true,
                "{slug}: approximate"
            );
            assert_eq!(
                flags & 1 != 0,
                *slug == "sodertalje-lab",
                "{slug}: open to SMEs"
            );
        }
        // Keywords: tags and services under one key space, the same in every language.
        let keys: Vec<String> = map["keywords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys, ["forskning", "mikroskopi"], "{lang}");
        let lab = slugs.iter().position(|s| *s == "sodertalje-lab").unwrap();
        assert_eq!(col("keywords", lab), serde_json::json!([1]));
        keys_by_lang.push(keys);
        // Positions are small numbers from an origin: the file stays compact.
        assert!(read(&out, &format!("{lang}data/map.json")).len() < 1200);
    }
    assert_eq!(keys_by_lang[0], keys_by_lang[1]);
}

#[test]
fn the_embeddable_view_is_a_page_in_every_language() {
    let (_dir, out) = built_minimal();
    for (file, lang) in [("embed/index.html", "sv"), ("en/embed/index.html", "en")] {
        let html = read(&out, file);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{file}");
        assert!(
            html.contains(r#"<meta name="robots" content="noindex">"#),
            "{file}"
        );
        assert!(html.contains(r#""page":"embed""#), "{file}");
        assert!(
            !html.contains("class=\"site-header\""),
            "{file} has the site's header"
        );
        assert!(html.contains("id=\"map\""), "{file}");
    }
    // The map page's configuration points at its data and at the embeddable view.
    let html = read(&out, "en/index.html");
    assert!(html.contains(r#""map":"/atlas/en/data/map.json""#));
    assert!(html.contains(r#""embed":"/atlas/en/embed/""#));
    assert!(html.contains(
        r#"<link rel="preload" href="/atlas/en/data/map.json" as="fetch" crossorigin="anonymous">"#
    ));
    // Record pages open the main map on themselves.
    for (file, link) in [
        (
            "en/actors/alfa-universitet/index.html",
            "/atlas/en/?actor=alfa-universitet",
        ),
        (
            "campuses/norra-campus/index.html",
            "/atlas/?campus=norra-campus",
        ),
        ("types/university/index.html", "/atlas/?type=university"),
        (
            "en/sectors/industry/index.html",
            "/atlas/en/?sector=industry",
        ),
    ] {
        assert!(
            read(&out, file).contains(&format!("class=\"ea-open-map\" href=\"{link}\"")),
            "{file} does not link to {link}"
        );
    }
}

/// The list pages of the built-in theme print `actor_items` whole (and are then rendered around
/// it); a theme that uses the value otherwise gets the same value all the same.
#[test]
fn list_templates_see_the_whole_list_however_they_use_it() {
    let (dir, site) = fixture_site("minimal", &[]);
    let templates = site.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("actors.html"),
        "<p id=\"n\">{{ actor_total }} {{ actor_items | length }}</p><ul>{{ actor_items | safe }}</ul>",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&site, &out, &[]);

    // The overridden list: the length the template saw is that of the items it printed.
    let page = read(&out, "actors/index.html");
    let (head, list) = page.split_once("</p><ul>").expect("the template's markup");
    let list = list.strip_suffix("</ul>").expect("the list, then the end");
    let seen = head.trim_start_matches("<p id=\"n\">");
    assert_eq!(seen, format!("3 {}", list.chars().count()), "{page}");
    assert_eq!(list.matches("class=\"actor-item\"").count(), 3, "{list}");
    for slug in ["alfa-universitet", "beta-ab", "sodertalje-lab"] {
        assert!(
            list.contains(&format!("data-slug=\"{slug}\"")),
            "{slug}: {list}"
        );
    }

    // With the built-in templates, pages rendered around their list show every item once, in
    // order, and nothing of what stood in for them.
    let (_plain, out) = built_minimal();
    let list = read(&out, "actors/index.html");
    let order: Vec<usize> = ["alfa-universitet", "beta-ab", "sodertalje-lab"]
        .iter()
        .map(|slug| {
            let needle = format!("data-slug=\"{slug}\"");
            assert_eq!(list.matches(&needle).count(), 1, "{slug}: {list}");
            list.find(&needle).unwrap()
        })
        .collect();
    assert!(order.is_sorted(), "{order:?}");
    let term = read(&out, "types/university/index.html");
    assert_eq!(
        term.matches("data-slug=\"alfa-universitet\"").count(),
        1,
        "{term}"
    );
    assert!(!list.contains('\u{1}') && !term.contains('\u{1}'), "{term}");
}

#[test]
fn keywords_of_the_vocabulary_show_their_label_in_each_language() {
    let (_dir, site) = fixture_site("minimal", &[]);
    std::fs::copy(
        fixture("invalid/keyword-unknown/site.yaml"),
        site.join("site.yaml"),
    )
    .unwrap();
    let out = site.join("out");
    let o = build(&site, &out, &["--deny-warnings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sv = read(&out, "actors/alfa-universitet/index.html");
    let en = read(&out, "en/actors/alfa-universitet/index.html");
    assert!(
        sv.contains("<dd>Forskning</dd>"),
        "the Swedish page names the keyword"
    );
    assert!(
        en.contains("<dd>Research</dd>"),
        "the English page names it in English"
    );
    let labels = |path: &str| -> Vec<String> {
        let map: serde_json::Value = serde_json::from_str(&read(&out, path)).unwrap();
        map["keyword_labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(labels("data/map.json").contains(&"Forskning".to_string()));
    let english = labels("en/data/map.json");
    assert!(english.contains(&"Research".to_string()), "{english:?}");
    assert!(!english.contains(&"Forskning".to_string()), "{english:?}");
}
