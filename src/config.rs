//! `site.yaml`: the site's settings and vocabularies.

use crate::diagnostic::Diagnostic;
use crate::source::{key_line, parse_yaml, SourceFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A text given per language (`{sv: ..., en: ...}`), or one string for every language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Localized {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::Same(String::new())
    }
}

impl Localized {
    /// The text in `lang`, falling back to `default_lang`, then to any language given.
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        match self {
            Localized::Same(s) => s,
            Localized::PerLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(default_lang))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    pub fn languages(&self) -> Vec<&str> {
        match self {
            Localized::Same(_) => Vec::new(),
            Localized::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        }
    }
}

/// Sectors the map can filter on: each actor's sectors are a bit mask in `data/map.json`, and
/// JavaScript's bit operators work on 32-bit integers.
pub const MAX_SECTORS: usize = 31;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bounds {
    pub fn contains(&self, p: LatLon) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lon)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapConfig {
    pub center: LatLon,
    #[serde(default = "default_zoom")]
    pub zoom: u8,
    #[serde(default = "default_min_zoom")]
    pub min_zoom: u8,
    #[serde(default = "default_max_zoom")]
    pub max_zoom: u8,
    pub bounds: Option<Bounds>,
}

fn default_zoom() -> u8 {
    9
}
fn default_min_zoom() -> u8 {
    4
}
fn default_max_zoom() -> u8 {
    18
}

/// A background tile source; only ever contacted when the site configures one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TileConfig {
    pub url: String,
    pub attribution: String,
    #[serde(default = "default_max_zoom")]
    pub max_zoom: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorType {
    pub label: Localized,
    #[serde(default = "default_colour")]
    pub colour: String,
    #[serde(default)]
    pub symbol: Option<String>,
    /// The outline of the type's markers and badges: one of [`MARKER_SHAPES`].
    #[serde(default = "default_shape")]
    pub shape: String,
}

/// The shapes a marker can take (the default theme draws each as an SVG symbol).
pub const MARKER_SHAPES: [&str; 6] = [
    "circle", "square", "diamond", "hexagon", "pentagon", "triangle",
];

fn default_shape() -> String {
    "circle".to_string()
}

fn default_colour() -> String {
    "#3a3a3a".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub label: Localized,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationType {
    pub label: Localized,
    pub reverse: Localized,
}

/// The contents of `site.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub map: MapConfig,
    #[serde(default)]
    pub tiles: Option<TileConfig>,
    /// Raw HTML in Markdown is sanitised unless this is true.
    #[serde(default)]
    pub trust_html: bool,
    pub actor_types: BTreeMap<String, ActorType>,
    pub sectors: BTreeMap<String, Term>,
    #[serde(default)]
    pub relation_types: BTreeMap<String, RelationType>,
    /// Kinds of service that research infrastructures offer; the guide groups them by these.
    #[serde(default)]
    pub service_areas: BTreeMap<String, Term>,
    /// Which actor types the key figures and the guide count as companies and infrastructures.
    #[serde(default)]
    pub key_figures: KeyFigures,
}

/// `key_figures:` in site.yaml. Each list defaults to the type of that name (`company`,
/// `infrastructure`) when the vocabulary has it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigures {
    #[serde(default)]
    pub company_types: Option<Vec<String>>,
    #[serde(default)]
    pub infrastructure_types: Option<Vec<String>>,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_languages() -> Vec<String> {
    vec!["sv".to_string(), "en".to_string()]
}
fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    pub const FILE: &'static str = "site.yaml";

    /// Reads and checks `site.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(Self::FILE);
        if !path.is_file() {
            return Err(vec![Diagnostic::error(
                Self::FILE,
                "the site has no site.yaml",
            )
            .hint(
                "run `ecoatlas init DIR` to start a new site, or pass --root to point at one",
            )]);
        }
        let file = SourceFile::read(&path, Self::FILE.into()).map_err(|d| vec![d])?;
        let config: SiteConfig = parse_yaml(&file, &file.text, 1).map_err(|d| vec![d])?;
        let problems = config.check(&file);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(config)
    }

    fn check(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |field: &str, message: String| {
            file.error(message)
                .at(key_line(&file.text, 1, field), 1)
                .field(field.to_string())
        };
        if self.languages.is_empty() {
            out.push(at("languages", "at least one language is needed".into()));
        }
        for lang in &self.languages {
            if lang.len() < 2 || !lang.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                out.push(at(
                    "languages",
                    format!("`{lang}` is not a language code such as `sv` or `en`"),
                ));
            }
        }
        if !(self.base_url.starts_with('/')
            || self.base_url.starts_with("http://")
            || self.base_url.starts_with("https://"))
        {
            out.push(
                at(
                    "base_url",
                    format!("`{}` is neither a path nor an http(s) URL", self.base_url),
                )
                .hint("for example https://example.org/atlas/ or /atlas/"),
            );
        }
        let c = self.map.center;
        if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
            out.push(at(
                "map.center",
                format!("({}, {}) is not a position on Earth", c.lat, c.lon),
            ));
        }
        if self.map.min_zoom > self.map.max_zoom || self.map.max_zoom > 22 {
            out.push(at(
                "map.max_zoom",
                "zoom levels must satisfy min_zoom ≤ max_zoom ≤ 22".into(),
            ));
        }
        if let Some(b) = self.map.bounds {
            if b.west >= b.east || b.south >= b.north {
                out.push(at(
                    "map.bounds",
                    "bounds need west < east and south < north".into(),
                ));
            }
        }
        if let Some(t) = &self.tiles {
            if !t.url.starts_with("https://") && !t.url.starts_with("http://") {
                out.push(at(
                    "tiles.url",
                    "a tile URL must start with https://".into(),
                ));
            }
            if t.attribution.trim().is_empty() {
                out.push(at(
                    "tiles.attribution",
                    "tiles need the attribution their licence requires".into(),
                ));
            } else if crate::attribution::drops_markup(&t.attribution) {
                out.push(
                    at(
                        "tiles.attribution",
                        format!(
                            "the map shows only text and http(s) links of the attribution; it would show `{}`",
                            crate::attribution::sanitise(&t.attribution)
                        ),
                    )
                    .hint("write it as text with links such as <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"),
                );
            }
        }
        if self.actor_types.is_empty() {
            out.push(at(
                "actor_types",
                "the vocabulary of actor types is empty".into(),
            ));
        }
        if self.sectors.is_empty() {
            out.push(at("sectors", "the vocabulary of sectors is empty".into()));
        }
        let given = [
            ("key_figures.company_types", &self.key_figures.company_types),
            (
                "key_figures.infrastructure_types",
                &self.key_figures.infrastructure_types,
            ),
        ];
        for (field, list) in given {
            for key in list.iter().flatten() {
                if !self.actor_types.contains_key(key) {
                    let known = self.actor_types.keys().map(String::as_str);
                    let d = at(field, format!("`{key}` is not a key of actor_types"))
                        .text(key.as_str());
                    out.push(match crate::diagnostic::did_you_mean(key, known) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint("list keys of actor_types"),
                    });
                }
            }
        }
        if self.sectors.len() > MAX_SECTORS {
            out.push(at(
                "sectors",
                format!(
                    "{} sectors, but the map can filter on at most {}",
                    self.sectors.len(),
                    MAX_SECTORS
                ),
            ));
        }
        for (key, t) in &self.actor_types {
            if !is_hex_colour(&t.colour) {
                out.push(at(
                    "actor_types",
                    format!("actor type `{key}`: colour `{}` is not #rrggbb", t.colour),
                ));
            }
            if !MARKER_SHAPES.contains(&t.shape.as_str()) {
                let mut d = at(
                    &format!("actor_types.{key}"),
                    format!("actor type `{key}`: unknown shape `{}`", t.shape),
                );
                d = match crate::diagnostic::did_you_mean(&t.shape, MARKER_SHAPES) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("one of: {}", MARKER_SHAPES.join(", "))),
                };
                out.push(d);
            }
        }
        out
    }

    /// The actor types counted as companies in the key figures.
    pub fn company_types(&self) -> Vec<&str> {
        self.types_or(&self.key_figures.company_types, "company")
    }

    /// The actor types counted as research infrastructures (key figures and the guide).
    pub fn infrastructure_types(&self) -> Vec<&str> {
        self.types_or(&self.key_figures.infrastructure_types, "infrastructure")
    }

    fn types_or<'a>(&'a self, given: &'a Option<Vec<String>>, default: &'a str) -> Vec<&'a str> {
        match given {
            Some(list) => list.iter().map(String::as_str).collect(),
            None if self.actor_types.contains_key(default) => vec![default],
            None => Vec::new(),
        }
    }

    pub fn default_language(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("sv")
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// `base_url` without its trailing slash when it is absolute; empty when it is a path.
    pub fn origin_and_path(&self) -> Option<String> {
        self.base_url
            .starts_with("http")
            .then(|| self.base_url.trim_end_matches('/').to_string())
    }
}

/// The path of a base URL: `https://x.org/atlas` → `/atlas/`, `/` → `/`.
pub fn base_path_of(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => base_url,
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of("/"), "/");
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("https://example.org/atlas"), "/atlas/");
        assert_eq!(base_path_of("https://example.org/a/b/"), "/a/b/");
        assert_eq!(base_path_of("/atlas"), "/atlas/");
    }

    #[test]
    fn localized_falls_back_to_default_language() {
        let l: Localized = serde_yaml::from_str("{sv: Hej, en: Hello}").unwrap();
        assert_eq!(l.get("en", "sv"), "Hello");
        assert_eq!(l.get("de", "sv"), "Hej");
        let s: Localized = serde_yaml::from_str("Solna").unwrap();
        assert_eq!(s.get("en", "sv"), "Solna");
    }
}
