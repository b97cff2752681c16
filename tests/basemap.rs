//! The site's own base map (`basemap:` in site.yaml): an editor's PMTiles extract is checked,
//! published byte for byte and named in the map's configuration; a broken file or one that
//! does not cover the map gets a clear error naming it. The archives are made by the test
//! (tests/support/pmtiles.rs), never downloaded.

mod support;
use std::path::{Path, PathBuf};
use support::*;

const FILE: &str = "content/basemap/region.pmtiles";
/// The minimal fixture's map bounds, with a margin.
const COVERS: [f64; 4] = [16.5, 58.5, 19.0, 60.5];

fn site_with(bounds: Option<[f64; 4]>) -> (tempfile::TempDir, PathBuf) {
    site_credited(bounds, "Test data contributors")
}

fn site_credited(bounds: Option<[f64; 4]>, attribution: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = fixture_site("minimal", &[]);
    std::fs::create_dir_all(site.join("content/basemap")).unwrap();
    if let Some(b) = bounds {
        support::pmtiles::write(&site.join(FILE), b);
    }
    support::pmtiles::configure(&site, FILE, attribution);
    (dir, site)
}

fn check(site: &Path) -> std::process::Output {
    ecoatlas(&["check", "--root", site.to_str().unwrap()])
}

#[test]
fn an_extract_is_checked_published_and_named_in_the_map_configuration() {
    let (dir, site) = site_with(Some(COVERS));
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let published = std::fs::read(out.join("assets/basemap/region.pmtiles")).unwrap();
    assert_eq!(published, std::fs::read(site.join(FILE)).unwrap());
    let html = read(&out, "index.html");
    assert!(
        html.contains(r#""basemap":{"attribution":"Test data contributors","script":"/atlas/assets/vendor/protomaps-leaflet/protomaps-leaflet.js","url":"/atlas/assets/basemap/region.pmtiles"}"#),
        "the map configuration does not name the base map"
    );
    for licence in ["LICENSE", "NOTICES.txt"] {
        assert!(out
            .join("assets/vendor/protomaps-leaflet")
            .join(licence)
            .is_file());
    }
    // Same input, same bytes.
    let again = dir.path().join("again");
    assert!(build(&site, &again, &[]).status.success());
    assert_eq!(read_tree(&out), read_tree(&again));
}

#[test]
fn without_a_base_map_the_map_keeps_the_country_outlines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build(&fixture("minimal"), &out, &[]).status.success());
    assert!(!out.join("assets/basemap").exists());
    assert!(read(&out, "index.html").contains(r#""basemap":null"#));
}

#[test]
fn a_broken_file_is_an_error_naming_it() {
    let (_dir, site) = site_with(Some(COVERS));
    let good = std::fs::read(site.join(FILE)).unwrap();
    for (bytes, says) in [
        (b"<html>not found</html>".to_vec(), "not a PMTiles file"),
        (good[..good.len() / 2].to_vec(), "damaged or cut short"),
        (good[..60].to_vec(), "damaged or cut short"),
    ] {
        std::fs::write(site.join(FILE), &bytes).unwrap();
        let o = check(&site);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{FILE}: error: the base map cannot be read")),
            "{err}"
        );
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn an_extract_of_another_region_is_an_error() {
    let (_dir, site) = site_with(Some([10.0, 55.0, 12.0, 56.0]));
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{FILE}: error: the base map covers west 10")),
        "{err}"
    );
    assert!(err.contains("pmtiles extract --bbox"), "{err}");
}

#[test]
fn a_missing_file_points_at_site_yaml() {
    let (_dir, site) = site_with(None);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(
        err.contains("cannot read the base map `content/basemap/region.pmtiles`"),
        "{err}"
    );
}

#[test]
fn the_shipped_base_map_is_valid_and_covers_the_shipped_map() {
    let o = check(&repo_root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(repo_root().join("site.yaml")).unwrap();
    assert!(yaml.contains("file: content/basemap/region.pmtiles"));
}

#[test]
fn the_attribution_keeps_its_links_and_refuses_other_markup() {
    // A link, as OpenStreetMap's licence asks for, reaches the map as a link.
    let osm =
        "Sea: © <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors";
    let (dir, site) = site_credited(Some(COVERS), osm);
    let o = check(&site);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    assert!(build(&site, &out, &[]).status.success());
    for page in ["index.html", "en/index.html"] {
        let config = map_config(&read(&out, page));
        assert_eq!(
            config["basemap"]["attribution"],
            r#"Sea: © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors"#,
            "{page}"
        );
    }
    // Markup the map would not show is refused at its line, naming the field, and nothing is
    // built.
    let (dir, site) = site_credited(
        Some(COVERS),
        "GSHHG <img src=x onerror=alert(1)> <a href='javascript:alert(2)'>GeoNames</a>",
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let line = 1 + yaml
        .lines()
        .position(|l| l.trim_start().starts_with("attribution:") && l.contains("GSHHG"))
        .unwrap();
    let out = dir.path().join("out");
    let err = stderr(&failed_build(&site, &out, &[]));
    assert!(
        err.contains(&format!(
            "site.yaml:{line}:1: error: field `basemap.attribution`: the map shows only text and http(s) links"
        )),
        "{err}"
    );
    assert!(!out.exists());
}
