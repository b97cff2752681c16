//! The default theme, embedded in the binary by build.rs.
//!
//! `FILES` lists every file of `themes/default/` (templates, static assets,
//! i18n) plus the files build.rs generates (Leaflet under `static/vendor/`,
//! the base map under `static/base/`), as `(path relative to the theme root
//! with forward slashes, contents)` pairs sorted by path.
include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
