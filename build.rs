//! Build script: embeds the default theme into the `ecoatlas` binary.
//!
//! The theme lives in `themes/default/`. Its own files (`templates/`,
//! `static/`, `i18n/`) are embedded as they are. On top of those, the build
//! generates a few files from third-party npm packages, pinned in
//! `themes/default/package-lock.json`:
//!
//! * `static/vendor/leaflet/...` and `static/vendor/markercluster/...`:
//!   Leaflet and Leaflet.markercluster, copied from the npm packages;
//! * `static/base/countries.geojson` (+ `ATTRIBUTION.txt`): outlines of Sweden
//!   and its neighbours, converted from the world-atlas TopoJSON.
//!
//! The npm packages are installed into `$OUT_DIR/npm/` (never into the source
//! tree), or taken from `$ECOATLAS_NODE_MODULES` if that is set. Generated
//! files go to `$OUT_DIR/theme/`, mirroring the theme layout.
//!
//! The result is `$OUT_DIR/embedded_theme.rs`, a sorted list of
//! `(path relative to the theme, include_bytes!(absolute path))` pairs that
//! `src/theme/embedded.rs` includes.
//!
//! The work is split into modules under `build/`:
//!
//! * `npm.rs`       – obtain `node_modules` (npm ci, cached by lockfile);
//! * `packaged.rs`  – or, in a crate package, the generated files it carries (no npm);
//! * `vendor.rs`    – copy the Leaflet files;
//! * `countries.rs` – TopoJSON → GeoJSON for the base map;
//! * `version.rs`   – the version `--version` prints, with the git commit;
//! * `embed.rs`     – collect all files and write `embedded_theme.rs`;
//! * `util.rs`      – error type and small file helpers.

#[path = "build/countries.rs"]
mod countries;
#[path = "build/embed.rs"]
mod embed;
#[path = "build/npm.rs"]
mod npm;
#[path = "build/packaged.rs"]
mod packaged;
#[path = "build/util.rs"]
mod util;
#[path = "build/vendor.rs"]
mod vendor;
#[path = "build/version.rs"]
mod version;

use std::path::PathBuf;

use util::Result;

/// The theme directories whose files are embedded as they are.
const THEME_DIRS: [&str; 3] = ["templates", "static", "i18n"];

fn main() {
    if let Err(message) = run() {
        // A failing build script shows its stderr; make the reason stand out.
        eprintln!("\nerror: {message}\n");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let manifest_dir = PathBuf::from(util::env_var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(util::env_var("OUT_DIR")?);
    let theme_dir = manifest_dir.join("themes").join("default");

    // Re-run when the theme or the pinned packages change. Directories are
    // scanned recursively by Cargo, so new/edited/removed files are noticed.
    for dir in THEME_DIRS {
        util::rerun_if_changed(&theme_dir.join(dir));
    }
    util::rerun_if_changed(&theme_dir.join("package.json"));
    util::rerun_if_changed(&theme_dir.join("package-lock.json"));
    println!("cargo:rerun-if-env-changed={}", npm::NODE_MODULES_ENV);

    // `ecoatlas --version`: the package version and, in a git checkout, the commit.
    println!(
        "cargo:rustc-env=ECOATLAS_VERSION={}",
        version::version(&manifest_dir)
    );

    // 1–2. A crate package carries the generated files (`scripts/package.sh`); otherwise get
    // the npm packages and generate the files from them into $OUT_DIR/theme/.
    let (generated_root, generated) =
        match packaged::generated(&manifest_dir, &theme_dir.join("package-lock.json"))? {
            Some(found) => found,
            None => {
                let node_modules =
                    npm::node_modules(&manifest_dir, &theme_dir, &out_dir.join("npm"))?;
                let root = out_dir.join("theme");
                let mut generated = vendor::copy_vendor_files(&node_modules, &root)?;
                generated.extend(countries::write_base_map(&node_modules, &root)?);
                (root, generated)
            }
        };

    // 3. List the theme's own files plus the generated ones.
    embed::write_manifest(
        &theme_dir,
        &THEME_DIRS,
        &generated_root,
        &generated,
        &out_dir.join("embedded_theme.rs"),
    )
}
