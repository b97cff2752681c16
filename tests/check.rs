//! `ecoatlas check` and the diagnostics every command shares: formats, exit codes, warnings,
//! and the mistakes that fixtures in git cannot hold (huge files, dangling links, loops).

mod support;

use std::path::{Path, PathBuf};
use support::*;

/// A copy of the minimal fixture in a temporary folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    fixture_site("minimal", &[])
}

fn check(site: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    ecoatlas(&args)
}

/// A position outside the site's bounds (Malmö, for a site around Stockholm): a warning.
const OUTSIDE: &str = "---\nname: Gamma\ntype: company\nsectors: [industry]\nlocation: {lat: 55.6, lon: 13.0}\nsummary: S.\n---\n";
const UNKNOWN_TYPE: &str = "---\nname: Delta\ntype: univeristy\nsectors: [academia]\ncampus: norra-campus\nsummary: S.\n---\n";

#[test]
fn a_clean_site_checks_with_exit_code_zero_and_writes_nothing() {
    let (_dir, site) = site();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no errors, no warnings."));
    assert!(!site.join("output").exists());
}

#[test]
fn every_problem_is_reported_at_once() {
    let (_dir, site) = site();
    std::fs::write(site.join("content/actors/gamma.md"), OUTSIDE).unwrap();
    std::fs::write(site.join("content/actors/delta.md"), UNKNOWN_TYPE).unwrap();
    std::fs::write(site.join("content/actors/epsilon.md"), "no front matter\n").unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/actors/delta.md:3:7: error"), "{err}");
    assert!(
        err.contains("content/actors/epsilon.md:1:1: error"),
        "{err}"
    );
    assert!(
        err.contains("content/actors/gamma.md:5:1: warning"),
        "{err}"
    );
    assert!(err.contains("2 errors and 1 warning in"), "{err}");
}

#[test]
fn warnings_pass_unless_denied() {
    let (dir, site) = site();
    std::fs::write(site.join("content/actors/gamma.md"), OUTSIDE).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("(55.6, 13) lies outside the site's map bounds"));
    assert_eq!(check(&site, &["--deny-warnings"]).status.code(), Some(1));
    let out = dir.path().join("out");
    let b = build(&site, &out, &[]);
    assert!(
        stderr(&b).contains("warning"),
        "build shows the same warning"
    );
    let out2 = dir.path().join("out2");
    failed_build(&site, &out2, &["--deny-warnings"]);
    assert!(!out2.exists());
}

#[test]
fn json_lines_for_tools() {
    let (_dir, site) = site();
    std::fs::write(site.join("content/actors/delta.md"), UNKNOWN_TYPE).unwrap();
    let o = check(&site, &["--message-format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let d = &lines[0];
    assert_eq!(d["file"], "content/actors/delta.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(7))
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["field"], "type");
    assert_eq!(d["text"], "univeristy");
    assert_eq!(d["hint"], "did you mean `university`?");
}

#[test]
fn github_annotations_point_at_the_changed_line() {
    let (dir, site) = site();
    std::fs::write(site.join("content/actors/delta.md"), UNKNOWN_TYPE).unwrap();
    // Run from the folder above the site, as a workflow would from the repository root.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .current_dir(dir.path())
        .args(["check", "--root", "site", "--message-format", "github"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).trim(),
        "::error file=site/content/actors/delta.md,line=3,col=7,title=ecoatlas%3A field type::unknown actor type `univeristy`%0Ahint: did you mean `university`?"
    );
}

#[test]
fn usage_and_io_errors_exit_with_two() {
    let o = ecoatlas(&["check", "--message-format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let o = check(dir.path(), &[]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a folder without site.yaml is no site: a usage error, as README says"
    );
    assert!(
        stderr(&o).contains("site.yaml: error: the site has no site.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_very_large_file_is_refused_with_its_size() {
    let (_dir, site) = site();
    let mut text = String::from("---\nname: Huge\ntype: company\nsectors: [industry]\ncampus: norra-campus\nsummary: S.\n---\n");
    while text.len() < 9 * 1024 * 1024 {
        text.push_str("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n");
    }
    std::fs::write(site.join("content/actors/huge.md"), text).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/actors/huge.md: error: the file is 9.0 MiB; a content file may be at most 8 MiB"), "{}", stderr(&o));
}

#[test]
fn an_unreadable_file_is_named() {
    let (_dir, site) = site();
    // Root can read any file, so make one unreadable for everyone: a link to nowhere, and a
    // folder where a record should be.
    std::os::unix::fs::symlink(
        "/nonexistent/gamma.md",
        site.join("content/actors/gamma.md"),
    )
    .unwrap();
    std::fs::create_dir(site.join("content/actors/delta.md")).unwrap();
    std::fs::write(site.join("content/actors/delta.md/x.txt"), "x").unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/actors/gamma.md: error: cannot read"),
        "{err}"
    );
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let (_dir, site) = site();
    std::os::unix::fs::symlink("..", site.join("content/actors/loop")).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/actors/loop: error: a symbolic link loops back"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_simply_work() {
    let raw = std::fs::read(fixture("minimal/content/actors/alfa-universitet.en.md")).unwrap();
    assert!(
        raw.starts_with(b"\xef\xbb\xbf") && raw.windows(2).any(|w| w == b"\r\n"),
        "the fixture keeps its BOM and CRLF"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("minimal"), &out, &[]);
    let en = read(&out, "en/actors/alfa-universitet/index.html");
    assert!(
        en.contains("<h1>Alfa University</h1>") && en.contains("<strong>research</strong>"),
        "{en}"
    );
}

#[test]
fn output_folders_holding_the_site_are_never_emptied() {
    let (_dir, site) = site();
    for target in [
        site.clone(),
        site.join("content"),
        site.parent().unwrap().to_path_buf(),
    ] {
        let o = ecoatlas(&[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
            "--force",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", target.display());
        assert!(stderr(&o).contains("refusing to use"), "{}", stderr(&o));
    }
    assert!(site.join("content/actors/beta-ab.yaml").is_file());
}

/// `check` on `site`, killed (and the test failed) if it takes longer than a minute: a build
/// that opens a named pipe would wait for a writer forever.
fn check_in_time(site: &Path) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
        .args(["check", "--root", site.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("check blocked (on a named pipe?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn records_linked_from_outside_the_site_are_refused_links_inside_are_read() {
    let (dir, site) = site();
    let secret = "---\nname: Secret\ntype: company\nsectors: [industry]\ncampus: punkten\nsummary: From the home folder.\n---\n";
    std::fs::write(dir.path().join("secret.md"), secret).unwrap();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::fs::write(dir.path().join("elsewhere/notes.md"), "# Notes\n").unwrap();
    // A file inside the site, reached through a link: read as any record.
    std::fs::create_dir(site.join("drafts")).unwrap();
    std::fs::write(
        site.join("drafts/inside.md"),
        secret.replace("Secret", "Inside"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../drafts/inside.md",
        site.join("content/actors/inside.md"),
    )
    .unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    std::os::unix::fs::symlink(
        dir.path().join("secret.md"),
        site.join("content/actors/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.md"),
        site.join("content/pages/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), site.join("content/news/more"))
        .unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in [
        "content/actors/secret.md: error: this is a link to a file outside the site's folder",
        "content/pages/secret.md: error: this is a link to a file outside the site's folder",
        "content/news/more: error: this is a link to a folder outside the site's folder",
    ] {
        assert!(err.contains(line), "{line}\nin\n{err}");
    }
    assert!(err.contains("3 errors in"), "{err}");
    // A whole folder of records moved out and linked back.
    let pages = dir.path().join("pages-elsewhere");
    std::fs::rename(site.join("content/pages"), &pages).unwrap();
    std::os::unix::fs::symlink(&pages, site.join("content/pages")).unwrap();
    let err = stderr(&check(&site, &[]));
    assert!(
        err.contains(
            "content/pages: error: this folder is a link to a folder outside the site's folder"
        ),
        "{err}"
    );
    // Nothing of it is published.
    let out = dir.path().join("out");
    let b = ecoatlas(&[
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(b.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn named_pipes_are_not_regular_files_and_never_block() {
    let (_dir, site) = site();
    mkfifo(&site.join("content/actors/gamma.md"));
    mkfifo(&site.join("content/campuses/sodra.geojson"));
    std::fs::create_dir(site.join("content/actors/logos")).unwrap();
    mkfifo(&site.join("content/actors/logos/gamma.svg"));
    let record = std::fs::read_to_string(site.join("content/actors/beta-ab.yaml")).unwrap();
    std::fs::write(
        site.join("content/actors/beta-ab.yaml"),
        record.replace("name: Beta AB", "name: Beta AB\nlogo: logos/gamma.svg"),
    )
    .unwrap();
    let o = check_in_time(&site);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in [
        "content/actors/gamma.md: error: this is not a regular file but a named pipe (FIFO)",
        "content/campuses/sodra.geojson: error: this is not a regular file but a named pipe (FIFO)",
        "error: field `logo`: the logo `content/actors/logos/gamma.svg` is not a regular file but a named pipe (FIFO)",
    ] {
        assert!(err.contains(line), "{line}\nin\n{err}");
    }
    assert!(!err.contains("did you mean"), "{err}");
    // A theme file.
    std::fs::remove_file(site.join("content/actors/gamma.md")).unwrap();
    std::fs::remove_file(site.join("content/campuses/sodra.geojson")).unwrap();
    std::fs::remove_dir_all(site.join("content/actors/logos")).unwrap();
    std::fs::write(site.join("content/actors/beta-ab.yaml"), record).unwrap();
    let theme = site.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    mkfifo(&theme.join("extra.html"));
    let o = check_in_time(&site);
    assert!(
        stderr(&o).contains(
            "themes/default/templates/extra.html: error: this theme file is not a regular file but a named pipe (FIFO)"
        ),
        "{}",
        stderr(&o)
    );
    // site.yaml itself.
    std::fs::remove_file(site.join("site.yaml")).unwrap();
    mkfifo(&site.join("site.yaml"));
    let o = check_in_time(&site);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("site.yaml: error: this is not a regular file but a named pipe (FIFO)"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("has no site.yaml"));
}

#[test]
fn a_theme_outside_the_site_is_refused_at_its_line() {
    let (dir, site) = site();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let line = yaml.lines().count() + 1;
    std::fs::create_dir_all(dir.path().join("shared-theme/templates")).unwrap();
    std::fs::create_dir_all(site.join("themes")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("shared-theme"), site.join("themes/shared"))
        .unwrap();
    std::fs::write(site.join("site.yaml"), format!("{yaml}theme: shared\n")).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "site.yaml:{line}:8: error: field `theme`: the theme folder `themes/shared/` lies outside the site's folder"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_folder_the_site_writes_at_its_top_is_reserved_from_languages_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&fixture("minimal"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for entry in std::fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let page = fixture("minimal/content/pages").join(format!("{name}.md"));
        if !entry.file_type().unwrap().is_dir() || name == "en" || page.exists() {
            continue;
        }
        assert!(
            ecoatlas::validate::RESERVED_SLUGS.contains(&name.as_str()),
            "`{name}/` is written by the site but is not in RESERVED_SLUGS"
        );
    }
}

/// A record whose file is broken is reported once, at its own file, with how many records name
/// it; the records that name it get no "unknown campus" or "unknown actor" of their own.
#[test]
fn a_broken_record_is_the_one_error_not_everything_that_names_it() {
    let (_dir, site) = site();
    std::fs::write(
        site.join("content/campuses/norra-campus.geojson"),
        "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[17.8, 59.5], [17.82, 59.5]]]},\n \"properties\": {\"name\": \"Norra\", \"summary\": \"S\"}}\n",
    )
    .unwrap();
    // The news item names Södertälje Lab: break that record too.
    std::fs::write(
        site.join("content/actors/Södertälje Lab.md"),
        "---\nname: [unclosed\n---\nText.\n",
    )
    .unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.contains("unknown campus"), "{err}");
    assert!(!err.contains("unknown actor"), "{err}");
    assert!(err.contains("2 errors in the site's input"), "{err}");
    assert!(
        err.contains(
            "hint: 1 actor and 1 news item name this record; they are checked again once it reads"
        ),
        "the campus names what follows from it:\n{err}"
    );
    assert!(
        err.contains("Also: 1 news item names this record; it is checked again once it reads"),
        "the actor names what follows from it:\n{err}"
    );
    // Each cause comes before anything else in its file's messages.
    let campus = err
        .find("content/campuses/norra-campus.geojson:1:1: error")
        .unwrap();
    assert!(err[..campus].matches("error:").count() <= 1, "{err}");
}
