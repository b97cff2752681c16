//! The files generated from npm packages, carried in the crate package (`vendor/theme/`), so
//! that `cargo install` of a packaged ecoatlas builds without Node.js or npm.
//!
//! `scripts/package.sh` copies `$OUT_DIR/theme/` (what `vendor.rs` and `countries.rs` made)
//! into `vendor/theme/`, with the lockfile they were made from beside it
//! (`vendor/package-lock.json`), and runs `cargo package`. The build uses them only outside a
//! git checkout and while that lockfile is the theme's; otherwise npm is used.

use std::path::{Path, PathBuf};

use crate::util::{self, Result};

/// Where the packaged files are, relative to the crate root.
pub const DIR: &str = "vendor/theme";
/// The lockfile they were made from, relative to the crate root.
pub const LOCKFILE: &str = "vendor/package-lock.json";

/// The packaged files' folder and their paths in it (sorted, `/`-separated), when the crate
/// carries them for the theme's current lockfile.
pub fn generated(
    manifest_dir: &Path,
    theme_lockfile: &Path,
) -> Result<Option<(PathBuf, Vec<String>)>> {
    let dir = manifest_dir.join(DIR);
    let lockfile = manifest_dir.join(LOCKFILE);
    // A git checkout makes the files from npm, so that what build.rs generates is never an old
    // copy left by scripts/package.sh; only an unpacked package (no `.git`) uses them. (A path
    // named to Cargo that does not exist would run the build script on every build.)
    if manifest_dir.join(".git").exists() || !dir.is_dir() || !lockfile.is_file() {
        return Ok(None);
    }
    util::rerun_if_changed(&dir);
    util::rerun_if_changed(&lockfile);
    if util::read(&lockfile)? != util::read(theme_lockfile)? {
        println!(
            "cargo:warning={} was made from another package-lock.json; using npm instead",
            DIR
        );
        return Ok(None);
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("reading {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("reading {}: {e}", d.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(&dir) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push(parts.join("/"));
            }
        }
    }
    files.sort();
    Ok(Some((dir, files)))
}
