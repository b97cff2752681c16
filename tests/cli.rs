//! The command line around the pipeline: `--version`, shell completions and manual pages.

mod support;

use support::{ecoatlas, repo_root, stdout};

#[test]
fn version_names_the_package_version_and_the_commit() {
    let o = ecoatlas(&["--version"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("ecoatlas {}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    // Built from this checkout (as CI builds it), the version names the commit it was built
    // from; the test's own build is that build.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(head) = head {
        assert!(out.contains(&format!("(commit {head})")), "{out}");
    }
}

#[test]
fn completions_cover_every_command_in_each_shell() {
    for (shell, marker) in [
        ("bash", "_ecoatlas()"),
        ("zsh", "#compdef ecoatlas"),
        ("fish", "complete -c ecoatlas"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[ecoatlas]"),
    ] {
        let o = ecoatlas(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}: no {marker}");
        for command in [
            "build",
            "check",
            "serve",
            "schema",
            "init",
            "completions",
            "man",
        ] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(script.contains("deny-warnings"), "{shell}: no options");
    }
    let o = ecoatlas(&["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn manual_pages_are_written_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let o = ecoatlas(&["man", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    let main = std::fs::read_to_string(out.join("ecoatlas.1")).unwrap();
    assert!(main.starts_with(".ie"), "{}", &main[..80.min(main.len())]);
    assert!(main.contains(".TH ecoatlas 1"), "{main}");
    assert!(
        main.contains("ecoatlas\\-build(1)"),
        "the main page names the commands' pages"
    );
    for command in ["build", "check", "serve", "schema", "init"] {
        let page = std::fs::read_to_string(out.join(format!("ecoatlas-{command}.1"))).unwrap();
        assert!(
            page.contains(&format!(".TH ecoatlas-{command} 1")),
            "{command}"
        );
    }
    let build = std::fs::read_to_string(out.join("ecoatlas-build.1")).unwrap();
    assert!(
        build.contains("\\-\\-force"),
        "the build page lists its options"
    );
    // The same pages again: no date or other varying text.
    let again = dir.path().join("again");
    assert!(ecoatlas(&["man", "--output", again.to_str().unwrap()])
        .status
        .success());
    assert_eq!(
        std::fs::read(out.join("ecoatlas.1")).unwrap(),
        std::fs::read(again.join("ecoatlas.1")).unwrap()
    );
}

/// `ecoatlas new` writes records that check as they are, in every language of the site, with
/// every field of the record's type written out (the optional ones as comments).
#[test]
fn new_records_check_at_once_and_show_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(ecoatlas(&["init", site.to_str().unwrap()]).status.success());
    let root = site.to_str().unwrap();
    for (kind, slug) in [
        ("actor", "ny-aktor"),
        ("campus", "ny-campus"),
        ("news", "en-nyhet"),
        ("page", "en-sida"),
    ] {
        let o = ecoatlas(&["new", kind, slug, "--root", root]);
        assert!(o.status.success(), "{kind}: {}", support::stderr(&o));
    }
    let o = ecoatlas(&["check", "--root", root]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    assert!(support::stderr(&o).contains("no errors, no warnings"));

    let schemas = ecoatlas::schema::schemas();
    let fields = |name: &str| -> Vec<String> {
        let (_, s) = schemas.iter().find(|(n, _)| *n == name).unwrap();
        s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let written = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    let news_file = std::fs::read_dir(site.join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.ends_with("-en-nyhet.md"))
        .expect("the news file, named by today's date");
    for (schema, rel) in [
        (
            "actor.schema.json",
            "content/actors/ny-aktor.md".to_string(),
        ),
        (
            "actor-translation.schema.json",
            "content/actors/ny-aktor.en.md".into(),
        ),
        ("page.schema.json", "content/pages/en-sida.md".into()),
        ("news.schema.json", format!("content/news/{news_file}")),
    ] {
        let text = written(&rel);
        for field in fields(schema) {
            let shown = text.lines().any(|l| {
                let l = l.strip_prefix("# ").unwrap_or(l);
                l.starts_with(&format!("{field}:"))
            });
            assert!(shown, "{rel} does not show `{field}`:\n{text}");
        }
    }
    let campus: serde_json::Value =
        serde_json::from_str(&written("content/campuses/ny-campus.geojson")).unwrap();
    let (_, schema) = schemas
        .iter()
        .find(|(n, _)| *n == "campus.schema.json")
        .unwrap();
    for field in schema["$defs"]["Feature"]["properties"]["properties"]["properties"]
        .as_object()
        .unwrap()
        .keys()
    {
        assert!(
            campus["properties"].get(field).is_some(),
            "the campus has no `{field}`"
        );
    }
    assert!(site.join("content/campuses/ny-campus.en.md").is_file());
    assert!(site.join("content/pages/en-sida.en.md").is_file());

    // Never over a record that is there; never with a name that is no slug.
    let again = ecoatlas(&["new", "actor", "ny-aktor", "--root", root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(support::stderr(&again).contains("already exists"));
    let bad = ecoatlas(&["new", "page", "Om Oss", "--root", root]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(support::stderr(&bad).contains("for example `om-oss`"));
}

/// `init` with a title, any languages and a region: a site that checks without a warning, in
/// its own default language, its UI strings in English where the theme has none (listed by
/// `check --untranslated`), its map and starter records in the region.
#[test]
fn init_takes_a_title_languages_and_a_region() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("vast");
    let root = site.to_str().unwrap();
    let o = ecoatlas(&[
        "init",
        root,
        "--title",
        "Life science in West Sweden",
        "--languages",
        "de,en",
        "--bounds",
        "11.5,57.4,12.5,58.0",
    ]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    let said = stdout(&o);
    for next in [
        "ecoatlas check --root",
        "ecoatlas serve --root",
        "ecoatlas build --root",
    ] {
        assert!(
            said.contains(next),
            "the closing message names `{next}`: {said}"
        );
    }
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        yaml.contains("title: \"Life science in West Sweden\""),
        "{yaml}"
    );
    assert!(yaml.contains("languages: [de, en]"), "{yaml}");
    assert!(
        yaml.contains("center: {lat: 57.7000, lon: 12.0000}"),
        "{yaml}"
    );
    assert!(
        yaml.contains("bounds: {west: 11.5, south: 57.4, east: 12.5, north: 58}"),
        "{yaml}"
    );
    assert!(yaml.contains("zoom: 9"), "{yaml}");
    let check = ecoatlas(&["check", "--root", root]);
    assert!(check.status.success(), "{}", support::stderr(&check));
    assert!(
        support::stderr(&check).contains("no errors, no warnings"),
        "the starter records moved into the region: {}",
        support::stderr(&check)
    );
    let notes = support::stderr(&ecoatlas(&["check", "--root", root, "--untranslated"]));
    assert!(
        notes.contains(
            "i18n/de.yaml: note: field `open_data`: the UI string `open_data` is not translated"
        ),
        "{notes}"
    );
    let out = dir.path().join("out");
    let b = ecoatlas(&["build", "--root", root, "--output", out.to_str().unwrap()]);
    assert!(b.status.success(), "{}", support::stderr(&b));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"de\""));
    assert!(home.contains("<title>Life science in West Sweden"));
    assert!(
        home.contains(">Open data</a>"),
        "English where the theme has no German"
    );

    // Options that make no valid site leave nothing behind.
    let bad = dir.path().join("bad");
    let o = ecoatlas(&["init", bad.to_str().unwrap(), "--languages", "de,EN"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(support::stderr(&o).contains("`EN` is not a language code"));
    assert!(!bad.exists());
}
