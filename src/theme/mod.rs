//! The theme: templates, static files and UI strings. The default theme is embedded in the
//! binary (see build.rs); a site's `themes/<name>/` overrides it file by file. Static scripts
//! and stylesheets are held minified (`minify.rs`), as they are published.

mod embedded;
mod minify;

use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One file of the theme and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Cow<'static, [u8]>,
    /// The file on disk, or None for the embedded default.
    pub disk: Option<PathBuf>,
}

/// The theme's files by path relative to the theme folder (`templates/base.html`, ...).
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub files: BTreeMap<String, ThemeFile>,
}

/// The largest theme file read: no limit a real file reaches (a base map can be large), only
/// one against reading without end.
const MAX_THEME_FILE: u64 = 4 * 1024 * 1024 * 1024;

/// The folders of a theme that ecoatlas reads.
const PARTS: [&str; 3] = ["templates", "static", "i18n"];

/// The language of the strings that every other language's missing strings fall back to.
pub const FALLBACK_LANGUAGE: &str = "en";

impl Theme {
    /// The embedded default theme overlaid with `root/themes/<name>/`, if the site has one.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let minified = embedded_minified();
        let mut files: BTreeMap<String, ThemeFile> = embedded::FILES
            .iter()
            .map(|(path, bytes)| {
                let bytes = minified.get(path).copied().unwrap_or(*bytes);
                (
                    path.to_string(),
                    ThemeFile {
                        bytes: Cow::Borrowed(bytes),
                        disk: None,
                    },
                )
            })
            .collect();
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name != "default" {
                return Err(Diagnostic::error(
                    "site.yaml",
                    format!("the theme `{name}` is not in themes/{name}/"),
                )
                .field("theme")
                .hint("use `theme: default`, or create the theme's folder"));
            }
            return Ok(Theme {
                name: name.to_string(),
                files,
            });
        }
        // Theme files are published: read only regular files inside the site (links within
        // the site are followed, links out of it refused).
        let site = crate::site_files::SiteRoot::new(root);
        for part in PARTS {
            let base = dir.join(part);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = entry.map_err(|e| {
                    Diagnostic::error(
                        crate::diagnostic::relative_to(root, &base),
                        format!("cannot read the theme: {e}"),
                    )
                })?;
                let file_name = entry.file_name().to_string_lossy();
                let shown = crate::diagnostic::relative_to(root, entry.path());
                if crate::load::is_editor_artifact(&file_name) {
                    continue;
                }
                if (entry.path_is_symlink() || entry.depth() == 0) && !site.contains(entry.path()) {
                    return Err(Diagnostic::error(
                        shown,
                        "this theme file or folder lies outside the site's folder",
                    )
                    .hint(
                        "keep the theme inside the site: copy it here instead of linking to it",
                    ));
                }
                if entry.file_type().is_dir() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let mut bytes = crate::site_files::read_regular(entry.path(), MAX_THEME_FILE)
                    .map_err(|e| {
                        Diagnostic::error(shown, format!("this theme file {e}"))
                            .hint("ecoatlas reads only regular files")
                    })?;
                if let Some(name) = key.strip_prefix("static/") {
                    if let Some(small) = minify::minify(name, &bytes) {
                        bytes = small;
                    }
                }
                files.insert(
                    key,
                    ThemeFile {
                        bytes: Cow::Owned(bytes),
                        disk: Some(entry.path().to_path_buf()),
                    },
                );
            }
        }
        Ok(Theme {
            name: name.to_string(),
            files,
        })
    }

    /// How messages name a theme file.
    pub fn display_path(&self, root: &Path, key: &str) -> PathBuf {
        match self.files.get(key).and_then(|f| f.disk.as_ref()) {
            Some(p) => crate::diagnostic::relative_to(root, p),
            None => PathBuf::from(format!("<built-in theme>/{key}")),
        }
    }

    /// The templates, as (name relative to `templates/`, source).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("templates/").map(|name| (name, f)))
    }

    /// The static files, as (path relative to `static/`, bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("static/").map(|name| (name, f)))
    }

    /// The UI strings for `lang`, each missing key taken from `default_lang`, then from English,
    /// the language whose strings a theme is written with: a site in a language the theme has
    /// no strings for still gets every string (`check --untranslated` lists them).
    pub fn strings(
        &self,
        root: &Path,
        lang: &str,
        default_lang: &str,
    ) -> Result<BTreeMap<String, String>, Diagnostic> {
        let mut strings = if default_lang == FALLBACK_LANGUAGE {
            BTreeMap::new()
        } else {
            self.strings_file(root, FALLBACK_LANGUAGE)?
        };
        strings.extend(self.strings_file(root, default_lang)?);
        if lang != default_lang {
            strings.extend(self.strings_file(root, lang)?);
        }
        Ok(strings)
    }

    /// The UI strings that `i18n/<lang>.yaml` itself gives (no fallback).
    pub fn own_strings(
        &self,
        root: &Path,
        lang: &str,
    ) -> Result<BTreeMap<String, String>, Diagnostic> {
        self.strings_file(root, lang)
    }

    fn strings_file(
        &self,
        root: &Path,
        lang: &str,
    ) -> Result<BTreeMap<String, String>, Diagnostic> {
        let key = format!("i18n/{lang}.yaml");
        let Some(file) = self.files.get(&key) else {
            return Ok(BTreeMap::new());
        };
        let src = crate::source::SourceFile::from_bytes(
            file.bytes.to_vec(),
            self.display_path(root, &key),
        )?;
        crate::source::parse_yaml(&src, &src.text, 1)
    }
}

/// The embedded static files that minify, minified once per process (by path).
fn embedded_minified() -> &'static BTreeMap<&'static str, &'static [u8]> {
    static MINIFIED: std::sync::OnceLock<BTreeMap<&'static str, &'static [u8]>> =
        std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| {
        use rayon::prelude::*;
        embedded::FILES
            .par_iter()
            .filter_map(|(path, bytes)| {
                let small = minify::minify(path.strip_prefix("static/")?, bytes)?;
                // Made once and kept for the life of the process, like the embedded files.
                Some((*path, &*Box::leak(small.into_boxed_slice())))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_has_templates_strings_and_vendor_libraries() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        for key in [
            "templates/base.html",
            "templates/map.html",
            "i18n/sv.yaml",
            "i18n/en.yaml",
            "static/vendor/leaflet/leaflet.js",
            "static/vendor/markercluster/leaflet.markercluster.js",
            "static/base/countries.geojson",
        ] {
            assert!(theme.files.contains_key(key), "missing {key}");
        }
        let en = theme.strings(Path::new("/"), "en", "sv").unwrap();
        let sv = theme.strings(Path::new("/"), "sv", "sv").unwrap();
        assert_eq!(
            en.keys().collect::<Vec<_>>(),
            sv.keys().collect::<Vec<_>>(),
            "en and sv UI strings differ in keys"
        );
    }

    /// The base layer generated by build.rs (build/countries.rs) is GeoJSON as RFC 7946
    /// wants it: outer rings counterclockwise, holes clockwise, every ring closed with at least
    /// 4 positions and no position repeating the one before.
    #[test]
    fn the_base_layer_has_counterclockwise_outer_rings_and_no_repeated_positions() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        let bytes = &theme.files["static/base/countries.geojson"].bytes;
        let layer: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let features = layer["features"].as_array().unwrap();
        assert_eq!(features.len(), 5);
        let mut rings_seen = 0;
        for f in features {
            let g = &f["geometry"];
            let polygons = match g["type"].as_str().unwrap() {
                "Polygon" => vec![g["coordinates"].clone()],
                "MultiPolygon" => g["coordinates"].as_array().unwrap().clone(),
                other => panic!("{other}"),
            };
            for polygon in polygons {
                for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
                    let ring: Vec<[f64; 2]> = ring
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()])
                        .collect();
                    let name = &f["properties"]["name"];
                    assert!(
                        ring.len() >= 4,
                        "{name}: a ring of {} positions",
                        ring.len()
                    );
                    assert_eq!(ring.first(), ring.last(), "{name}: an open ring");
                    assert!(
                        ring.windows(2).all(|w| w[0] != w[1]),
                        "{name}: a position repeats the one before"
                    );
                    let twice_area: f64 = ring
                        .windows(2)
                        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
                        .sum();
                    if i == 0 {
                        assert!(twice_area > 0.0, "{name}: a clockwise outer ring");
                    } else {
                        assert!(twice_area < 0.0, "{name}: a counterclockwise hole");
                    }
                    rings_seen += 1;
                }
            }
        }
        assert!(rings_seen > 100, "{rings_seen}");
    }

    #[test]
    fn site_theme_overrides_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("404.html"), "custom").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        assert_eq!(&*theme.files["templates/404.html"].bytes, b"custom");
        assert!(theme.files["templates/base.html"].disk.is_none());
    }

    #[test]
    fn the_themes_scripts_and_stylesheets_are_held_minified_a_sites_own_too() {
        let builtin = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        let source = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js/ea/mapview.js"),
        )
        .unwrap();
        let held = &builtin.files["static/js/ea/mapview.js"].bytes;
        assert!(
            held.len() < source.len() * 2 / 3,
            "{} of {}",
            held.len(),
            source.len()
        );
        assert!(std::str::from_utf8(held).unwrap().contains("MapView"));

        let dir = tempfile::tempdir().unwrap();
        let css = dir.path().join("themes/default/static/css");
        std::fs::create_dir_all(&css).unwrap();
        std::fs::write(
            css.join("site.css"),
            "/* mine */\nbody {\n  color: #000000;\n}\n",
        )
        .unwrap();
        std::fs::write(css.join("broken.css"), "body { color: red; } }}").unwrap();
        let theme = Theme::load(dir.path(), "default").unwrap();
        assert_eq!(
            &*theme.files["static/css/site.css"].bytes,
            b"body{color:#000}"
        );
        assert_eq!(
            &*theme.files["static/css/broken.css"].bytes,
            b"body { color: red; } }}"
        );
    }
}
