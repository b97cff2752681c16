//! Copying Leaflet, Leaflet.markercluster and protomaps-leaflet into `static/vendor/`, each
//! with its licence. protomaps-leaflet's browser build bundles the packages it depends on, so
//! their licences go beside it too (`NOTICES.txt`).

use std::fs;
use std::path::Path;

use crate::util::{self, Context, Result};

/// Files copied verbatim: (source in node_modules, destination in the theme).
const FILES: [(&str, &str); 8] = [
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
    (
        "protomaps-leaflet/dist/protomaps-leaflet.js",
        "static/vendor/protomaps-leaflet/protomaps-leaflet.js",
    ),
    (
        "protomaps-leaflet/LICENSE",
        "static/vendor/protomaps-leaflet/LICENSE",
    ),
];

/// The packages whose code protomaps-leaflet's browser build (`dist/protomaps-leaflet.js`)
/// contains: its dependencies and theirs, without type definitions.
const PROTOMAPS_BUNDLED: [&str; 10] = [
    "pmtiles",
    "fflate",
    "pbf",
    "@mapbox/point-geometry",
    "@mapbox/vector-tile",
    "@protomaps/basemaps",
    "color2k",
    "potpack",
    "rbush",
    "quickselect",
];
const PROTOMAPS_NOTICES_DEST: &str = "static/vendor/protomaps-leaflet/NOTICES.txt";
const LICENCE_NAMES: [&str; 6] = [
    "LICENSE",
    "LICENSE.txt",
    "LICENSE.md",
    "LICENCE",
    "LICENCE.txt",
    "license",
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

    let notices = bundled_notices(node_modules)?;
    util::write_if_changed(&out_root.join(PROTOMAPS_NOTICES_DEST), notices.as_bytes())?;

    let mut written = Vec::with_capacity(pairs.len() + 1);
    written.push(PROTOMAPS_NOTICES_DEST.to_owned());
    for (src, dest) in pairs {
        let bytes = util::read(&node_modules.join(&src))?;
        util::write_if_changed(&out_root.join(&dest), &bytes)?;
        written.push(dest);
    }
    Ok(written)
}

/// NOTICES.txt: the name, version, licence and licence text of each package bundled into
/// protomaps-leaflet.js, as npm installed them (the copy protomaps-leaflet resolves first).
fn bundled_notices(node_modules: &Path) -> Result<String> {
    let mut out = String::from(
        "protomaps-leaflet.js (the browser build of the protomaps-leaflet npm package, its own\n\
         licence in LICENSE) contains code of the following packages, under these licences.\n",
    );
    for name in PROTOMAPS_BUNDLED {
        let dir = [
            node_modules
                .join("protomaps-leaflet/node_modules")
                .join(name),
            node_modules.join(name),
        ]
        .into_iter()
        .find(|d| d.join("package.json").is_file())
        .ok_or_else(|| format!("{name}, bundled in protomaps-leaflet, is not installed"))?;
        let package_path = dir.join("package.json");
        let package: serde_json::Value = serde_json::from_slice(&util::read(&package_path)?)
            .context(|| format!("could not parse {}", package_path.display()))?;
        let field = |key: &str| package[key].as_str().unwrap_or("(not given)").to_owned();
        let repository = package["repository"]["url"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| field("repository"));
        out.push_str(&format!(
            "\n======== {name} {} ({}; {repository})\n\n",
            field("version"),
            field("license")
        ));
        match LICENCE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
        {
            Some(path) => out.push_str(&util::read_to_string(&path)?),
            None => out.push_str(&format!(
                "The npm package ships no licence file; it is distributed under {} as its\n\
                 package.json says, with the licence text in its repository.\n",
                field("license")
            )),
        }
    }
    Ok(out)
}
