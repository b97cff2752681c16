//! The benchmark's site generators (`examples/synth.rs`, `examples/hugo_site.rs`,
//! `examples/zola_site.rs`) on a small site: deterministic, accepted by `ecoatlas`, and
//! converted to Hugo and to Zola with every actor (and built by them where they are installed).
//!
//! The examples are run as built by cargo next to this test (`target/<profile>/examples/`):
//! `cargo test --all-targets` (as in scripts/test.sh) and plain `cargo test` build them first.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const ACTORS: usize = 40;

/// The example `name` as built for this test's profile; fails clearly when missing or stale.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    // target/<profile>/deps/synth-<hash> → target/<profile>/examples/<name>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lies in target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let hint = "build the examples first: `cargo test --all-targets` or `cargo build --examples` \
                (with the same profile as the tests)";
    let built = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| panic!("example `{name}` not found at {}; {hint}", path.display()));
    let source = repo_root().join(format!("examples/{name}.rs"));
    let changed = std::fs::metadata(&source)
        .and_then(|m| m.modified())
        .unwrap();
    assert!(
        changed <= built,
        "{} is older than {}; {hint}",
        path.display(),
        source.display()
    );
    path
}

fn run(cmd: &Path, args: &[&Path]) {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .expect("running example");
    assert!(
        o.status.success(),
        "{} failed:\n{}\n{}",
        cmd.display(),
        stdout(&o),
        stderr(&o)
    );
}

fn synth(seed: u64, out: &Path) -> BTreeMap<String, Vec<u8>> {
    synth_shaped(seed, "spread", out)
}

fn synth_shaped(seed: u64, shape: &str, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = Command::new(example("synth"))
        .args(["--actors", &ACTORS.to_string(), "--seed", &seed.to_string()])
        .args(["--shape", shape])
        .arg(out)
        .output()
        .expect("running synth");
    assert!(o.status.success(), "synth failed: {}", stderr(&o));
    read_tree(out)
}

/// The slugs of `content/actors/` whose file names end in `suffix`, with their bodies.
fn bodies(tree: &BTreeMap<String, Vec<u8>>, suffix: &str) -> BTreeMap<String, String> {
    tree.iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("content/actors/")?.strip_suffix(suffix)?;
            if name.contains('.') || name.starts_with('_') {
                return None;
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            // Everything after the closing `---` of the front matter.
            let body = text[4..].split_once("\n---\n").unwrap().1.to_string();
            Some((name.to_string(), body))
        })
        .collect()
}

#[test]
fn synth_is_deterministic_and_builds_a_page_per_actor_and_language() {
    let dir = tempfile::tempdir().unwrap();
    let a = synth(7, &dir.path().join("a"));
    let b = synth(7, &dir.path().join("b"));
    let c = synth(8, &dir.path().join("c"));
    assert_eq!(a, b, "the same arguments must give the same bytes");
    assert_ne!(a, c, "another seed must give another site");
    let records = bodies(&a, ".md");
    assert_eq!(records.len(), ACTORS);
    assert_eq!(bodies(&a, ".en.md").len(), ACTORS);

    let site = dir.path().join("a");
    let o = ecoatlas(&["check", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "check: {}{}", stdout(&o), stderr(&o));

    let out = dir.path().join("out");
    build(&site, &out, &["--today", "2026-01-01"]);
    let tree = read_tree(&out);
    for prefix in ["actors/", "en/actors/"] {
        let pages: Vec<&str> = tree
            .keys()
            .filter_map(|p| p.strip_prefix(prefix)?.strip_suffix("/index.html"))
            .filter(|slug| !slug.contains('/'))
            .collect();
        assert_eq!(pages.len(), ACTORS, "{prefix}: {pages:?}");
        assert!(pages.iter().all(|s| records.contains_key(*s)), "{pages:?}");
    }
}

/// The front matter line `key: ...` of each actor record (`<slug>.md`), by slug.
fn field_of(tree: &BTreeMap<String, Vec<u8>>, key: &str) -> BTreeMap<String, String> {
    tree.iter()
        .filter_map(|(path, bytes)| {
            let slug = path.strip_prefix("content/actors/")?.strip_suffix(".md")?;
            if slug.contains('.') {
                return None;
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            let line = text.lines().find(|l| l.starts_with(&format!("{key}: ")))?;
            Some((slug.to_string(), line[key.len() + 2..].to_string()))
        })
        .collect()
}

/// `--shape grouped`: the same actors, every one of them a research infrastructure in one
/// sector on one of two campuses, so that the lists hold them all; the site builds.
#[test]
fn the_grouped_shape_puts_every_actor_in_one_type_sector_and_two_campuses() {
    let dir = tempfile::tempdir().unwrap();
    let spread = synth(7, &dir.path().join("spread"));
    let grouped = synth_shaped(7, "grouped", &dir.path().join("grouped"));
    let set = |m: BTreeMap<String, String>| -> std::collections::BTreeSet<String> {
        m.into_values().collect()
    };
    assert_eq!(field_of(&grouped, "name"), field_of(&spread, "name"));
    assert_eq!(
        set(field_of(&grouped, "type")),
        ["infrastructure".to_string()].into()
    );
    assert_eq!(
        set(field_of(&grouped, "sectors")),
        ["[\"academia\"]".to_string()].into()
    );
    let campuses = field_of(&grouped, "campus");
    assert_eq!(campuses.len(), ACTORS, "every actor on a campus");
    assert_eq!(set(campuses).len(), 2);
    assert!(
        set(field_of(&spread, "type")).len() > 2,
        "spread stays spread"
    );

    let site = dir.path().join("grouped");
    let out = dir.path().join("out");
    build(&site, &out, &["--today", "2026-01-01"]);
}

#[test]
fn hugo_site_converts_every_actor_in_both_languages_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("synth");
    let source = synth(7, &site);
    let hugo_site = example("hugo_site");
    let (h1, h2) = (dir.path().join("h1"), dir.path().join("h2"));
    run(&hugo_site, &[&site, &h1]);
    run(&hugo_site, &[&site, &h2]);
    let tree = read_tree(&h1);
    assert_eq!(
        tree,
        read_tree(&h2),
        "the same input must give the same bytes"
    );
    // Written again over its own output: the same.
    run(&hugo_site, &[&site, &h1]);
    assert_eq!(tree, read_tree(&h1));

    assert_eq!(bodies(&tree, ".sv.md"), bodies(&source, ".md"));
    assert_eq!(bodies(&tree, ".en.md"), bodies(&source, ".en.md"));
    let content = tree
        .keys()
        .filter(|p| p.starts_with("content/actors/") && !p.contains("/_index."))
        .count();
    assert_eq!(content, ACTORS * 2);
    for file in [
        "hugo.toml",
        "layouts/_default/single.html",
        "data/campuses.json",
    ] {
        assert!(tree.contains_key(file), "missing {file}");
    }

    // Refuses a folder it did not write.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let o = Command::new(&hugo_site)
        .arg(&site)
        .arg(&foreign)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(foreign.join("keep.txt").is_file());

    // Hugo itself only where it is installed (scripts/install-bench-deps.sh).
    let public = dir.path().join("public");
    let Ok(o) = Command::new("hugo")
        .args(["--quiet", "-s"])
        .arg(&h1)
        .arg("-d")
        .arg(&public)
        .output()
    else {
        eprintln!("hugo is not installed: the Hugo build of the converted site is not checked");
        return;
    };
    assert!(o.status.success(), "hugo: {}{}", stdout(&o), stderr(&o));
    let out = read_tree(&public);
    let pages = |prefix: &str| {
        out.keys()
            .filter(|p| p.starts_with(prefix) && p.ends_with("/index.html"))
            .filter(|p| p[prefix.len()..].matches('/').count() == 1)
            .count()
    };
    assert_eq!(pages("actors/"), ACTORS);
    assert_eq!(pages("en/actors/"), ACTORS);
    for data in ["data/actors.json", "en/data/actors.json"] {
        let json: serde_json::Value = serde_json::from_slice(&out[data]).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(ACTORS), "{data}");
        assert!(json[0]["lat"].is_f64(), "{data}: {}", json[0]);
    }
}

/// The zola binary for the benchmark's checks: `ZOLA`, else the one scripts/install-zola.sh
/// built, else `zola` on the path; None when there is none.
fn zola() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ZOLA") {
        return Some(PathBuf::from(path));
    }
    let built = repo_root().join("target/peers/zola-v0.22.1/bin/zola");
    if built.is_file() {
        return Some(built);
    }
    Command::new("zola")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("zola"))
}

#[test]
fn zola_site_converts_every_actor_in_both_languages_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("synth");
    let source = synth(7, &site);
    let zola_site = example("zola_site");
    let (z1, z2) = (dir.path().join("z1"), dir.path().join("z2"));
    run(&zola_site, &[&site, &z1]);
    run(&zola_site, &[&site, &z2]);
    let tree = read_tree(&z1);
    assert_eq!(
        tree,
        read_tree(&z2),
        "the same input must give the same bytes"
    );
    // Written again over its own output: the same.
    run(&zola_site, &[&site, &z1]);
    assert_eq!(tree, read_tree(&z1));

    // Zola's default language has no suffix (`a.md`), English has `a.en.md`.
    assert_eq!(bodies(&tree, ".md"), bodies(&source, ".md"));
    assert_eq!(bodies(&tree, ".en.md"), bodies(&source, ".en.md"));
    let content = tree
        .keys()
        .filter(|p| p.starts_with("content/actors/") && !p.contains("/_index."))
        .count();
    assert_eq!(content, ACTORS * 2);
    for file in ["config.toml", "templates/page.html", "data/campuses.json"] {
        assert!(tree.contains_key(file), "missing {file}");
    }

    // Refuses a folder it did not write.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let o = Command::new(&zola_site)
        .arg(&site)
        .arg(&foreign)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(foreign.join("keep.txt").is_file());

    // Zola itself only where it is built (scripts/install-zola.sh): it accepts the site, and
    // gives the same bytes twice.
    let Some(zola) = zola() else {
        eprintln!("zola is not installed: the Zola build of the converted site is not checked");
        return;
    };
    let build = |public: &Path| {
        let o = Command::new(&zola)
            .arg("--root")
            .arg(&z1)
            .args(["build", "--force", "--output-dir"])
            .arg(public)
            .output()
            .unwrap();
        assert!(o.status.success(), "zola: {}{}", stdout(&o), stderr(&o));
        read_tree(public)
    };
    let out = build(&dir.path().join("public1"));
    assert!(
        out == build(&dir.path().join("public2")),
        "zola gave other bytes the second time"
    );
    let pages = |prefix: &str| {
        out.keys()
            .filter(|p| p.starts_with(prefix) && p.ends_with("/index.html"))
            .filter(|p| p[prefix.len()..].matches('/').count() == 1)
            .count()
    };
    assert_eq!(pages("actors/"), ACTORS);
    assert_eq!(pages("en/actors/"), ACTORS);
    for data in [
        "data/actors.json/index.html",
        "en/data/actors.json/index.html",
    ] {
        let json: serde_json::Value = serde_json::from_slice(&out[data]).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(ACTORS), "{data}");
        assert!(json[0]["lat"].is_f64(), "{data}: {}", json[0]);
    }
    for file in [
        "sitemap.xml",
        "type/company/index.html",
        "en/sector/index.html",
    ] {
        assert!(out.contains_key(file), "zola wrote no {file}");
    }
}
