//! The version that `ecoatlas --version` prints: the package's version and, when the crate is
//! built from its own git checkout, the commit (`0.1.0 (commit 1a2b3c4d5e6f)`). A packaged crate
//! (`cargo package`, `cargo install`) has no checkout of its own and prints the version alone.

use std::path::Path;
use std::process::Command;

/// Runs `git` in `dir`; its output, trimmed, when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn version(manifest_dir: &Path) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match commit(manifest_dir) {
        Some(commit) => format!("{version} (commit {commit})"),
        None => version.to_string(),
    }
}

fn commit(dir: &Path) -> Option<String> {
    // Only the crate's own checkout: a packaged crate unpacked inside another repository (such
    // as target/package/ of this one) must not take that repository's commit.
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), dir) {
        return None;
    }
    // Build again when HEAD moves: the file HEAD, the branch it names, and the packed refs.
    let mut watched = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(dir, &["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
    // Only files that are there: Cargo runs the build script (and compiles ecoatlas again) on
    // every build while a watched path is missing, as packed-refs is in a fresh clone.
    for path in watched.into_iter().flatten() {
        let path = dir.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    git(dir, &["rev-parse", "--short=12", "HEAD"])
}
