//! Copying Leaflet and Leaflet.markercluster into `static/vendor/`.

use std::fs;
use std::path::Path;

use crate::util::{self, Context, Result};

/// Files copied verbatim: (source in node_modules, destination in the theme).
const FILES: [(&str, &str); 6] = [
    (
        "leaflet/dist/leaflet.js",
        "static/vendor/leaflet/leaflet.js",
    ),
    (
        "leaflet/dist/leaflet.css",
        "static/vendor/leaflet/leaflet.css",
    ),
    ("leaflet/LICENSE", "static/vendor/leaflet/LICENSE"),
    (
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "static/vendor/markercluster/leaflet.markercluster.js",
    ),
    (
        "leaflet.markercluster/dist/MarkerCluster.css",
        "static/vendor/markercluster/MarkerCluster.css",
    ),
    (
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "static/vendor/markercluster/MarkerCluster.Default.css",
    ),
];

/// leaflet.css refers to these as `images/...`, so the whole directory is copied.
const LEAFLET_IMAGES: (&str, &str) = ("leaflet/dist/images", "static/vendor/leaflet/images");

/// Leaflet.markercluster 1.5.3 ships `MIT-LICENCE.txt`; accept the usual
/// alternative spellings so a version bump does not break the build.
const MARKERCLUSTER_LICENCE_CANDIDATES: [&str; 6] = [
    "MIT-LICENCE.txt",
    "MIT-LICENSE.txt",
    "MIT-LICENSE.md",
    "LICENSE",
    "LICENSE.md",
    "LICENCE",
];
const MARKERCLUSTER_LICENCE_DEST: &str = "static/vendor/markercluster/LICENSE";

/// Copy the vendor files from `node_modules` into `out_root` and return
/// their paths relative to `out_root` (forward slashes).
pub fn copy_vendor_files(node_modules: &Path, out_root: &Path) -> Result<Vec<String>> {
    let mut pairs: Vec<(String, String)> = FILES
        .iter()
        .map(|&(src, dest)| (src.to_owned(), dest.to_owned()))
        .collect();

    // Markercluster licence, whichever name it has.
    let licence = MARKERCLUSTER_LICENCE_CANDIDATES
        .iter()
        .map(|name| format!("leaflet.markercluster/{name}"))
        .find(|src| node_modules.join(src).is_file())
        .ok_or_else(|| {
            format!(
                "no licence file found in {} (looked for {})",
                node_modules.join("leaflet.markercluster").display(),
                MARKERCLUSTER_LICENCE_CANDIDATES.join(", ")
            )
        })?;
    pairs.push((licence, MARKERCLUSTER_LICENCE_DEST.to_owned()));

    // Every file in leaflet/dist/images, in a stable order.
    let images_dir = node_modules.join(LEAFLET_IMAGES.0);
    let entries =
        fs::read_dir(&images_dir).context(|| format!("could not list {}", images_dir.display()))?;
    let mut images = Vec::new();
    for entry in entries {
        let entry = entry.context(|| format!("could not list {}", images_dir.display()))?;
        let name = entry.file_name();
        let name = name
            .to_str()
            .ok_or_else(|| format!("non-UTF-8 file name in {}", images_dir.display()))?;
        if entry.path().is_file() && !name.starts_with('.') {
            images.push(name.to_owned());
        }
    }
    if images.is_empty() {
        return Err(format!("{} contains no images", images_dir.display()));
    }
    images.sort();
    for name in images {
        pairs.push((
            format!("{}/{name}", LEAFLET_IMAGES.0),
            format!("{}/{name}", LEAFLET_IMAGES.1),
        ));
    }

    let mut written = Vec::with_capacity(pairs.len());
    for (src, dest) in pairs {
        let bytes = util::read(&node_modules.join(&src))?;
        util::write_if_changed(&out_root.join(&dest), &bytes)?;
        written.push(dest);
    }
    Ok(written)
}
