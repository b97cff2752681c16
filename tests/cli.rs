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
