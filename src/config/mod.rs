//! `site.yaml`: the site's settings and vocabularies.

use crate::diagnostic::Diagnostic;
use crate::site_files::{regular_metadata, ReadError};
use crate::source::{key_line, parse_yaml, SourceFile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

mod check;
pub use check::{check_base_url, is_language_code};

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
    /// Columns of `data/actors.csv` (docs/DATA.md) that an actor's popup shows below its
    /// summary, in this order, each labelled with the theme's string of the same name: for
    /// example `[website, founded]`.
    #[serde(default)]
    pub popup: Vec<String>,
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

/// `basemap:`: a vector base map the site publishes itself and the map draws (a PMTiles v3
/// archive of Mapbox Vector Tiles; checked and published by `crate::basemap`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseMapConfig {
    /// The `.pmtiles` file, relative to the site's folder.
    pub file: String,
    /// The credit its data's licences require, shown on the map: text and http(s) links
    /// (`crate::attribution`).
    pub attribution: String,
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
    /// The vector base map (see docs/MAP.md); without it the map draws country outlines.
    #[serde(default)]
    pub basemap: Option<BaseMapConfig>,
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
    /// The keywords actors' `tags:` may name, each with a label per language. With a vocabulary,
    /// a tag is a keyword's id: pages and the map show its label in their language, and a tag
    /// that is no keyword is a warning. Without one, tags are free text.
    #[serde(default)]
    pub keywords: BTreeMap<String, Term>,
    /// Which actor types the key figures and the guide count as companies and infrastructures.
    #[serde(default)]
    pub key_figures: KeyFigures,
    /// The licence of the site's open data, as an SPDX identifier (for example `CC-BY-4.0`):
    /// named on the data page, in every page's footer, in `datapackage.json` and in the JSON
    /// exports.
    #[serde(default)]
    pub data_licence: Option<String>,
    /// The git repository the site's files are kept in: every record's page then links to
    /// "edit this page" and "suggest a change" there.
    #[serde(default)]
    pub repository: Option<RepositoryConfig>,
    /// Peer clusters that indicators compare the region with (`scope: <id>` in
    /// `content/indicators/`).
    #[serde(default)]
    pub peers: Vec<crate::indicator::Peer>,
    /// How many actors a page of a list shows (the list of actors, each type's, sector's and
    /// campus's, the guide's); longer lists go on over further pages (`.../page/2/`).
    #[serde(default = "default_page_size")]
    #[schemars(range(min = 1))]
    pub page_size: usize,
}

/// `repository:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepositoryConfig {
    /// The repository's web address, for example https://github.com/region/atlas.
    pub url: String,
    /// The branch editors change.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site's folder inside the repository (empty: the repository's root).
    #[serde(default)]
    pub path: String,
    /// What hosts it: github, gitlab, forgejo or gitea. Told from the address for github.com,
    /// gitlab.com and codeberg.org; needed for a forge on any other host.
    #[serde(default)]
    pub forge: Option<Forge>,
}

/// The software that hosts a repository: it decides the form of edit and new-issue addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Forge {
    Github,
    Gitlab,
    Forgejo,
    Gitea,
}

fn default_branch() -> String {
    "main".to_string()
}

impl RepositoryConfig {
    /// The forge, as given or told from the host.
    pub fn forge(&self) -> Option<Forge> {
        self.forge.or_else(|| {
            let host = url::Url::parse(&self.url)
                .ok()?
                .host_str()?
                .to_ascii_lowercase();
            match host.as_str() {
                "github.com" => Some(Forge::Github),
                "gitlab.com" => Some(Forge::Gitlab),
                "codeberg.org" => Some(Forge::Forgejo),
                _ => None,
            }
        })
    }
}

/// A licence that `data_licence` names: its SPDX identifier, full name and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Licence {
    pub id: &'static str,
    pub name: &'static str,
    pub url: String,
}

/// The SPDX licence with this identifier (upper and lower case as SPDX writes it, or not).
pub fn licence(id: &str) -> Option<Licence> {
    let l = spdx::license_id(id).or_else(|| spdx::imprecise_license_id(id).map(|(l, _)| l))?;
    Some(Licence {
        id: l.name,
        name: l.full_name,
        url: format!("https://spdx.org/licenses/{}.html", l.name),
    })
}

impl SiteConfig {
    /// The licence of the site's data, when site.yaml names one (and SPDX knows it).
    pub fn licence(&self) -> Option<Licence> {
        self.data_licence.as_deref().and_then(licence)
    }
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
    /// The series derived from the records and shown with the indicators (see
    /// `crate::indicator::derived::KINDS`; default: `active-companies`), each with options.
    #[serde(default)]
    pub derived: Option<BTreeMap<String, crate::indicator::derived::Options>>,
    /// The name of the site's own region in the indicators (default: "The region").
    #[serde(default)]
    pub region: Option<Localized>,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_languages() -> Vec<String> {
    vec!["sv".to_string(), "en".to_string()]
}
/// The default of `page_size`.
pub const DEFAULT_PAGE_SIZE: usize = 100;

fn default_page_size() -> usize {
    DEFAULT_PAGE_SIZE
}

fn default_theme() -> String {
    "default".to_string()
}

/// The message for a folder without site.yaml: no site at all, which the command line
/// reports as a usage error (exit code 2), like a path that does not exist.
pub const NO_SITE: &str = "the site has no site.yaml";

impl SiteConfig {
    pub const FILE: &'static str = "site.yaml";

    /// Reads and checks `site.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(Self::FILE);
        // Only a missing file is "no site.yaml"; a folder or a named pipe of that name is
        // refused by `SourceFile::read` as not a regular file (and never read).
        if let Err(ReadError::Missing) = regular_metadata(&path) {
            return Err(vec![Diagnostic::error(Self::FILE, NO_SITE).hint(
                "run `ecoatlas init DIR` to start a new site, or pass --root to point at one",
            )]);
        }
        let file = SourceFile::read(&path, Self::FILE.into()).map_err(|d| vec![d])?;
        let config: SiteConfig = parse_yaml(&file, &file.text, 1).map_err(|d| vec![d])?;
        let mut problems = config.check(&file);
        problems.extend(config.check_theme_folder(root, &file));
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(config)
    }

    /// The derived series to show, with their options.
    pub fn derived_series(&self) -> Vec<(&str, crate::indicator::derived::Options)> {
        match &self.key_figures.derived {
            Some(d) => d.iter().map(|(k, o)| (k.as_str(), o.clone())).collect(),
            None => crate::indicator::derived::DEFAULT
                .iter()
                .map(|k| (*k, Default::default()))
                .collect(),
        }
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

#[cfg(test)]
mod tests {
    use super::check::is_theme_name;
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
    fn language_codes_are_shaped_like_language_tags() {
        for ok in ["sv", "en", "fil", "pt-br", "zh-hant", "se-fi", "en-x-a"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in [
            "",
            "s",
            "svensk",
            "SV",
            "en_GB",
            "en-",
            "-en",
            "en--gb",
            "e1",
            "en-abcdefghi",
        ] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn base_urls_are_paths_or_http_urls_without_query_or_fragment() {
        for ok in [
            "/",
            "/atlas/",
            "/atlas",
            "https://example.org",
            "https://example.org/atlas/",
            "http://localhost:8080/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("example.org/atlas/", "neither a path"),
            ("atlas", "neither a path"),
            ("ftp://example.org/", "`ftp:` URL"),
            ("mailto:a@example.org", "`mailto:` URL"),
            ("https://example.org/?lang=sv", "query"),
            ("https://example.org?x", "query"),
            ("https://example.org/atlas/#top", "fragment"),
            ("/atlas/?x=1", "query"),
            ("//example.org/atlas/", "neither a path"),
            ("https://", "not a URL"),
            ("https://user:pw@example.org/", "password"),
            ("https://example.org/a b/", "spaces"),
            ("https://example.org/a/../b/", "`..`"),
            ("/atlas/../", "`..`"),
        ] {
            let e = check_base_url(bad).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn theme_names_name_one_folder() {
        assert!(is_theme_name("default") && is_theme_name("my-theme"));
        for bad in [
            "", ".", "..", "../x", "/abs", "a/b", "a\\b", "C:x", ".hidden",
        ] {
            assert!(!is_theme_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_duplicate_or_reserved_language_is_one_error_at_its_place() {
        let text = "title: T\nlanguages: [sv, en, sv]\nmap: {center: {lat: 59, lon: 18}}\nactor_types: {u: {label: U}}\nsectors: {a: {label: A}}\n";
        let file = SourceFile::from_bytes(text.as_bytes().to_vec(), "site.yaml".into()).unwrap();
        let config: SiteConfig = parse_yaml(&file, &file.text, 1).unwrap();
        let d = config.check(&file);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (2, 21));
        assert!(d[0].message.contains("`sv` is listed twice"), "{}", d[0]);
        let block = text.replace("[sv, en, sv]", "\n  - sv\n  - actors");
        let file = SourceFile::from_bytes(block.into_bytes(), "site.yaml".into()).unwrap();
        let config: SiteConfig = parse_yaml(&file, &file.text, 1).unwrap();
        let d = config.check(&file);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (4, 5));
        assert!(
            d[0].message.contains("a folder the site itself writes"),
            "{}",
            d[0]
        );
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
