//! Shared helpers for the integration tests: run the real binary, copy fixture sites, read
//! output trees. Every test file pulls it in with `mod support;`.
//!
//! * [`browser`]: the real-browser harness (chromedriver, headless Chromium, `ecoatlas serve`).
//! * [`page`]: reading and driving the map page in the browser, and the expected results.
//! * [`pmtiles`]: small PMTiles base maps made by the tests themselves.
#![allow(dead_code)]

pub mod browser;
pub mod page;
pub mod pmtiles;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root, which is also the root of the shipped Stockholm–Uppsala site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `ecoatlas` with `args`.
pub fn ecoatlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(args)
        .output()
        .expect("running ecoatlas")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `ecoatlas build` of `root` into `out`, with `extra` arguments.
fn run_build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ecoatlas(&args)
}

/// Builds `root` into `out` and asserts success.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = run_build(root, out, extra);
    assert!(
        o.status.success(),
        "build of {} failed:\n{}\n{}",
        root.display(),
        stdout(&o),
        stderr(&o)
    );
    o
}

/// Copies the folder `from` into `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the fixture site `tests/fixtures/<base>`, with the fixture folders `overlays` laid
/// over it file by file, in the folder `site` of a new temporary folder (which leaves room
/// beside it for an output folder or files outside the site). Returns the temporary folder
/// (removed when dropped) and the site's root.
pub fn fixture_site(base: &str, overlays: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("ecoatlas-site-")
        .tempdir()
        .expect("a temporary folder");
    let site = dir.path().join("site");
    copy_dir(&fixture(base), &site);
    for overlay in overlays {
        copy_dir(&fixture(overlay), &site);
    }
    (dir, site)
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (key, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

/// Each row of an `actors.csv` of the output (UTF-8 with a byte-order mark), by slug, as
/// column → cell.
pub fn actor_csv_rows(out: &Path, rel: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"));
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or_else(|| panic!("{rel}: no UTF-8 byte-order mark"));
    let mut r = csv::Reader::from_reader(body);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect();
            (row["slug"].clone(), row)
        })
        .collect()
}

/// Builds `site` into `out` with `extra` arguments, expecting the build to fail on the site's
/// content (exit code 1).
pub fn failed_build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = run_build(site, out, extra);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    o
}

/// A JSON file of the output, parsed.
pub fn read_json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The map configuration (`#ea-config`) embedded in a page, parsed.
pub fn map_config(page: &str) -> serde_json::Value {
    let start = page
        .find(r#"id="ea-config">"#)
        .expect("the map configuration")
        + r#"id="ea-config">"#.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("the configuration's end");
    serde_json::from_str(&page[start..end]).expect("the map configuration is JSON")
}

/// Builds the fixture `base` with `overlays` laid over it ([`fixture_site`]) as on the day
/// `today`; returns the temporary folder (the output goes with it) and the output folder.
pub fn built_fixture(base: &str, overlays: &[&str], today: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = fixture_site(base, overlays);
    let out = dir.path().join("out");
    build(&site, &out, &["--today", today]);
    (dir, out)
}

/// The values of every `attr="..."` in `html` (href, src).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}
