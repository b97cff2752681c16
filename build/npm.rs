//! Obtaining the npm packages pinned in `themes/default/package-lock.json`.
//!
//! By default they are installed with `npm ci` into `$OUT_DIR/npm/`, a
//! private copy of package.json + package-lock.json, so the source tree is
//! never written to. The install is skipped when `$OUT_DIR/npm/node_modules`
//! was made from the current package.json + lockfile (recorded in a stamp
//! file next to it).
//!
//! Setting `ECOATLAS_NODE_MODULES` to an existing `node_modules` directory
//! (absolute, or relative to the crate root) bypasses npm entirely, e.g. for
//! offline or distribution builds.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::util::{self, Context, Result};

/// Environment variable that points at a ready-made `node_modules`.
pub const NODE_MODULES_ENV: &str = "ECOATLAS_NODE_MODULES";

/// The packages the build reads from (must match package.json).
const PACKAGES: [&str; 4] = [
    "leaflet",
    "leaflet.markercluster",
    "protomaps-leaflet",
    "world-atlas",
];

/// Records which package.json + lockfile `node_modules` was installed from.
const STAMP_FILE: &str = "ecoatlas-npm-ci.stamp";

const INSTALL_HINT: &str = "ecoatlas: building the default theme needs Node.js and npm to fetch \
     Leaflet (pinned in themes/default/package-lock.json). Install them (Debian: apt-get install \
     nodejs npm) and build again.";

/// Return the `node_modules` directory to read the packages from,
/// installing it first if needed.
pub fn node_modules(manifest_dir: &Path, theme_dir: &Path, npm_dir: &Path) -> Result<PathBuf> {
    let lockfile_path = theme_dir.join("package-lock.json");
    let lockfile = util::read(&lockfile_path)?;

    if let Some(dir) = std::env::var_os(NODE_MODULES_ENV).filter(|v| !v.is_empty()) {
        let dir = manifest_dir.join(dir);
        check_packages_present(&dir, || {
            format!("{NODE_MODULES_ENV} is set to {}, but", dir.display())
        })?;
        warn_on_version_mismatch(&dir, &lockfile, &lockfile_path)?;
        // Re-run if the user's copies change (our own install in $OUT_DIR is
        // covered by the lockfile stamp instead).
        for package in PACKAGES {
            util::rerun_if_changed(&dir.join(package));
        }
        return Ok(dir);
    }

    let package_json = util::read(&theme_dir.join("package.json"))?;
    let node_modules = npm_dir.join("node_modules");
    let stamp_path = npm_dir.join(STAMP_FILE);
    let stamp = [&package_json[..], b"\n\0\n", &lockfile[..]].concat();

    let up_to_date = node_modules.is_dir() && fs::read(&stamp_path).is_ok_and(|s| s == stamp);
    if !up_to_date {
        // Remove the stamp first so an interrupted install is redone next time.
        if stamp_path.exists() {
            fs::remove_file(&stamp_path)
                .context(|| format!("could not remove {}", stamp_path.display()))?;
        }
        util::write_if_changed(&npm_dir.join("package.json"), &package_json)?;
        util::write_if_changed(&npm_dir.join("package-lock.json"), &lockfile)?;
        npm_ci(npm_dir)?;
        util::write_if_changed(&stamp_path, &stamp)?;
    }

    check_packages_present(&node_modules, || {
        format!("after `npm ci` in {},", npm_dir.display())
    })?;
    Ok(node_modules)
}

/// Run `npm ci` in `dir`, turning every failure into an actionable message.
fn npm_ci(dir: &Path) -> Result<()> {
    // On Windows npm is a batch file, which Command does not find as "npm".
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"];
    let started = Instant::now();
    // Capture the output: the build script's stdout is parsed by Cargo.
    let output = Command::new(npm)
        .args(args)
        .current_dir(dir)
        .env("npm_config_update_notifier", "false")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(format!(
                "`{npm}` was not found on PATH.\n{INSTALL_HINT}\n\
                 (Or set {NODE_MODULES_ENV} to a node_modules directory that already contains \
                 the pinned packages.)"
            ));
        }
        Err(e) => return Err(format!("could not run `{npm}`: {e}\n{INSTALL_HINT}")),
    };
    // Visible with `cargo build -vv`.
    eprintln!("`{npm} {}` took {:.1?}", args.join(" "), started.elapsed());
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "`{npm} {}` in {} failed ({}).\n\
         --- npm stdout ---\n{}\n--- npm stderr ---\n{}\n\
         {INSTALL_HINT}\n\
         If npm is installed, check the network connection to the npm registry, or point \
         {NODE_MODULES_ENV} at a node_modules directory that contains the packages pinned in \
         themes/default/package-lock.json.",
        args.join(" "),
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout).trim_end(),
        String::from_utf8_lossy(&output.stderr).trim_end(),
    ))
}

/// Fail unless every needed package has a package.json in `dir`.
fn check_packages_present(dir: &Path, context: impl Fn() -> String) -> Result<()> {
    let missing: Vec<&str> = PACKAGES
        .into_iter()
        .filter(|p| !dir.join(p).join("package.json").is_file())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} {} does not contain the npm package(s) {}.",
        context(),
        dir.display(),
        missing.join(", ")
    ))
}

/// With a user-supplied node_modules, warn (but build anyway) if a package
/// version differs from the one pinned in the lockfile.
fn warn_on_version_mismatch(dir: &Path, lockfile: &[u8], lockfile_path: &Path) -> Result<()> {
    let lock: serde_json::Value = serde_json::from_slice(lockfile)
        .context(|| format!("could not parse {}", lockfile_path.display()))?;
    for package in PACKAGES {
        let pinned = lock["packages"][format!("node_modules/{package}")]["version"].as_str();
        let manifest_path = dir.join(package).join("package.json");
        let manifest: serde_json::Value = serde_json::from_slice(&util::read(&manifest_path)?)
            .context(|| format!("could not parse {}", manifest_path.display()))?;
        let found = manifest["version"].as_str();
        if pinned != found {
            println!(
                "cargo:warning={NODE_MODULES_ENV}: {package} is version {} but \
                 package-lock.json pins {}",
                found.unwrap_or("?"),
                pinned.unwrap_or("?")
            );
        }
    }
    Ok(())
}
