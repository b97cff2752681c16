//! The site as one value: every record loaded, translations attached, positions resolved.
//! Rendering reads only this; nothing here knows about files or HTML.

use crate::config::{LatLon, Localized, SiteConfig};
use crate::diagnostic::Diagnostic;
/// An actor's plain facts, declared once with the record type that reads them.
pub use crate::load::actor_record::Facts;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

mod body;
pub mod life;
mod origin;
pub mod provenance;
pub use body::{Body, BodyFiles};
pub use life::{Life, Status, When};
pub use origin::{Origin, FIELD_NAMES};
pub use provenance::{FigureNote, Provenance, Source};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything a build renders.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Sorted by slug.
    pub actors: Vec<Actor>,
    /// Sorted by slug.
    pub campuses: Vec<Campus>,
    /// Sorted by slug.
    pub pages: Vec<Page>,
    /// Newest first.
    pub news: Vec<NewsItem>,
    /// Sorted by slug (`content/indicators/`).
    pub indicators: Vec<crate::indicator::Indicator>,
    /// Where actors' bodies that stayed in their files are read from ([`Site::body`]).
    pub bodies: BodyFiles,
    /// Records whose files are there but could not be read (their errors are reported where
    /// they are): slug → file, by kind. A reference to one of them is no mistake of its own.
    pub unreadable: Unreadable,
}

/// Actors and campuses whose record files exist but did not load.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unreadable {
    pub actors: BTreeMap<String, PathBuf>,
    pub campuses: BTreeMap<String, PathBuf>,
}

impl Site {
    pub fn actor(&self, slug: &str) -> Option<&Actor> {
        self.actors
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.actors[i])
    }

    /// Where the actor with `a`'s slug stands in [`Site::actors`]: at once when `a` is one of
    /// them (found by its address), else by a search by slug (`a` from another version of the
    /// site).
    pub fn actor_index(&self, a: &Actor) -> Option<usize> {
        let size = std::mem::size_of::<Actor>();
        let offset = std::ptr::from_ref(a)
            .addr()
            .checked_sub(self.actors.as_ptr().addr());
        if let Some(offset) = offset {
            let i = offset / size;
            if offset % size == 0 && self.actors.get(i).is_some_and(|x| std::ptr::eq(x, a)) {
                return Some(i);
            }
        }
        self.actors.binary_search_by(|x| x.slug.cmp(&a.slug)).ok()
    }

    pub fn campus(&self, slug: &str) -> Option<&Campus> {
        self.campuses
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.campuses[i])
    }

    pub fn default_language(&self) -> &str {
        self.config.default_language()
    }

    /// The Markdown text of an actor's body, read again from its file when it stayed there
    /// ([`Body::InFile`]). A file that no longer holds the text that was loaded gives an empty
    /// text here and an error in [`Site::take_body_problems`], which fails the build.
    pub fn body<'a>(&self, body: &'a Body, source: &BodySource) -> Cow<'a, str> {
        self.bodies.read(body, source)
    }

    /// What went wrong reading bodies again since the last call (see [`Site::body`]).
    pub fn take_body_problems(&self) -> Vec<Diagnostic> {
        self.bodies.take_problems()
    }
}

/// Values by language, in language order. A site has a handful of languages, so this is a
/// sorted vector: a record with two texts costs two entries, not a tree node of eleven (at
/// 100,000 actors that difference was a quarter of a gigabyte).
#[derive(Debug, Clone, PartialEq)]
pub struct LangMap<T>(Vec<(String, T)>);

impl<T> Default for LangMap<T> {
    fn default() -> Self {
        LangMap(Vec::new())
    }
}

impl<T> LangMap<T> {
    fn at(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(l, _)| l.as_str().cmp(lang))
    }

    /// Sets the value of `lang`, returning the one it replaces.
    pub fn insert(&mut self, lang: String, value: T) -> Option<T> {
        match self.at(&lang) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                // Exactly as many entries as languages: the default growth would reserve room
                // for four (at 100,000 actors, another 50 MB of texts never filled).
                self.0.reserve_exact(1);
                self.0.insert(i, (lang, value));
                None
            }
        }
    }

    pub fn get(&self, lang: &str) -> Option<&T> {
        self.at(lang).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, lang: &str) -> bool {
        self.at(lang).is_ok()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut().map(|(_, v)| v)
    }
}

/// Texts of a record per language. The default language is always present; other languages
/// hold what a translation file gave, and readers fall back field by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations<T> {
    pub by_lang: LangMap<T>,
}

impl<T> Translations<T> {
    pub fn get(&self, lang: &str) -> Option<&T> {
        self.by_lang.get(lang)
    }

    pub fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    /// One text for every language, or `{sv: ..., en: ...}`.
    #[serde(default)]
    pub role: Option<Localized>,
    #[serde(default)]
    #[schemars(email)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Where to start a collaboration with an infrastructure (`access.contact`): a named person or
/// a shared mailbox, telephone or web form. At least one way to reach it is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessContact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Localized>,
    #[serde(default)]
    #[schemars(email)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// A web page or form for enquiries.
    #[serde(default)]
    #[schemars(regex(pattern = crate::validate::LINK_PATTERN))]
    pub url: Option<String>,
}

/// The image formats a logo may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The file extension the published logo gets.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Svg => "an SVG image",
            ImageFormat::Png => "a PNG image",
            ImageFormat::Jpeg => "a JPEG image",
        }
    }
}

/// An actor's logo, read and checked while loading.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// The image file, relative to the site root (for messages).
    pub file: PathBuf,
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
    /// Intrinsic size in pixels, when the image states one.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The event a news item announces (`event:` in its front matter).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `yyyy-mm-dd`.
    pub date: String,
    /// The last day, `yyyy-mm-dd`, for events of several days.
    pub end: Option<String>,
    pub place: Localized,
    /// A page about the event or for registration.
    pub url: Option<String>,
}

impl Event {
    /// The last day of the event.
    pub fn last_day(&self) -> &str {
        self.end.as_deref().unwrap_or(&self.date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// A key of `relation_types` in site.yaml.
    #[serde(rename = "type")]
    #[schemars(extend("x-ecoatlas-names" = "relation_types"))]
    pub kind: String,
    /// The slug of the other actor.
    #[schemars(extend("x-ecoatlas-names" = "actors"))]
    pub target: String,
    /// Since when the relation holds: a year or a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<When>,
    /// Until when it held (it no longer does): a year or a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<When>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub employees: Option<u64>,
    pub founded: Option<i32>,
    /// The year `employees` refers to and its source, when the record gives them.
    pub employees_note: Option<FigureNote>,
    /// The source of `founded`, when the record gives one.
    pub founded_note: Option<FigureNote>,
}

impl Figures {
    /// The numbers of employees a record may state: no organisation has more than a few
    /// million, so a larger number is a mistake (and sums of them stay far from overflowing).
    pub const EMPLOYEES: std::ops::RangeInclusive<u64> = 0..=10_000_000;
    /// The years a record may give as founded.
    pub const FOUNDED: std::ops::RangeInclusive<i32> = 1000..=2100;

    /// The number of employees, when stated and within [`Figures::EMPLOYEES`] (validation
    /// reports any other), for sums.
    pub fn employees_counted(&self) -> Option<u64> {
        self.employees.filter(|n| Self::EMPLOYEES.contains(n))
    }

    /// The year founded, when stated and within [`Figures::FOUNDED`].
    pub fn founded_counted(&self) -> Option<i32> {
        self.founded.filter(|y| Self::FOUNDED.contains(y))
    }
}

/// Where a Markdown body starts, for diagnostics about what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct BodySource {
    /// Shared with the record's [`Origin`] (or its translation's file).
    pub file: Arc<Path>,
    /// The 1-based line of the file on which the body starts.
    pub line: usize,
}

impl Default for BodySource {
    fn default() -> Self {
        BodySource {
            file: Arc::from(Path::new("")),
            line: 0,
        }
    }
}

/// A link or image destination written in a Markdown body, and its line in the file.
pub type BodyLink = (Box<str>, u32);

/// The text of an actor in one language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorText {
    pub name: String,
    pub summary: String,
    pub services: Vec<String>,
    /// Instruments and facilities (research infrastructures).
    pub equipment: Vec<String>,
    pub access_how: Option<String>,
    /// How to start a collaboration, step by step (`access.steps`).
    pub access_steps: Vec<String>,
    /// Terms of access: prices, agreements, confidentiality (`terms`).
    pub terms: Option<String>,
    /// Markdown.
    pub body: Body,
    pub body_source: BodySource,
    /// The body's links, found while loading so that the link check need not read the body
    /// again ([`crate::links`]).
    pub links: Box<[BodyLink]>,
}

/// One of an actor's sites: on a campus, at a position with a label, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorSite {
    pub campus: Option<String>,
    pub label: Option<String>,
    /// The position given in the record, if any.
    pub location: Option<LatLon>,
    /// Where the site is drawn: its own location, else its campus's centre.
    pub position: Option<LatLon>,
    /// An estimate, or the campus's centre.
    pub approximate: bool,
    /// The line of the record the site stands on.
    pub line: usize,
}

/// An organisation on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub slug: String,
    pub origin: Origin,
    pub kind: String,
    pub sectors: Vec<String>,
    pub campuses: Vec<String>,
    /// The position given in the record, if any.
    pub location: Option<LatLon>,
    /// Where the actor is drawn: its own location, else its first campus's centre.
    pub position: Option<LatLon>,
    pub approximate: bool,
    /// Its sites (`sites:`), when the record gives them; the first is `position`, and
    /// `campuses` are theirs. Empty for an actor at one place (`campus`/`location`).
    pub sites: Vec<ActorSite>,
    /// The record says where it is has not been confirmed (`location: unknown`): it keeps its
    /// page and its place in the exports, and has no position.
    pub location_unknown: bool,
    /// Its plain facts (address, website, e-mail, ...), as the record writes them.
    pub facts: Facts,
    pub tags: Vec<String>,
    pub open_to: Vec<String>,
    /// Keys of `service_areas` in site.yaml.
    pub service_areas: Vec<String>,
    pub access_contact: Option<AccessContact>,
    pub contacts: Vec<Contact>,
    pub relations: Vec<Relation>,
    pub figures: Figures,
    /// Where its facts come from and when they were last checked.
    pub provenance: Provenance,
    /// Whether it is still active, and what became of it.
    pub life: Life,
    pub logo: Option<Logo>,
    pub text: Translations<ActorText>,
    /// Translation files, by language, for diagnostics.
    pub translation_files: LangMap<Arc<Path>>,
}

impl Actor {
    /// The actor's text in `lang`, each field falling back to the default language.
    pub fn text_in(&self, lang: &str, default_lang: &str) -> ActorText {
        self.text_ref(lang, default_lang).to_owned()
    }

    /// [`Actor::text_in`] without copying: each field borrowed from where it comes from.
    pub fn text_ref(&self, lang: &str, default_lang: &str) -> ActorTextRef<'_> {
        static EMPTY: std::sync::LazyLock<ActorText> = std::sync::LazyLock::new(ActorText::default);
        let base = self.text.get(default_lang).unwrap_or(&EMPTY);
        let t = match self.text.get(lang) {
            Some(t) if lang != default_lang => t,
            _ => base,
        };
        let list = |f: fn(&ActorText) -> &Vec<String>| {
            if f(t).is_empty() {
                f(base).as_slice()
            } else {
                f(t).as_slice()
            }
        };
        let own_body = !t.body.is_blank();
        ActorTextRef {
            name: self.name_in(lang, default_lang),
            summary: self.summary_in(lang, default_lang),
            services: list(|x| &x.services),
            equipment: list(|x| &x.equipment),
            access_how: t.access_how.as_ref().or(base.access_how.as_ref()),
            access_steps: list(|x| &x.access_steps),
            terms: t.terms.as_ref().or(base.terms.as_ref()),
            body: if own_body { &t.body } else { &base.body },
            body_source: if own_body {
                &t.body_source
            } else {
                &base.body_source
            },
            links: if own_body { &t.links } else { &base.links },
        }
    }
}

impl Actor {
    /// Where the actor's markers stand: each site's position, or its one position; `None`
    /// entries are sites without one (an unknown campus, which `check` reports).
    pub fn positions(&self) -> Vec<Option<LatLon>> {
        if self.sites.is_empty() {
            vec![self.position]
        } else {
            self.sites.iter().map(|s| s.position).collect()
        }
    }

    /// The actors this one names: its relations' targets, its successor, who bought it.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.relations
            .iter()
            .map(|r| r.target.as_str())
            .chain(self.life.successor.as_deref())
            .chain(self.life.acquired_by.as_deref())
    }

    /// The actor's name in `lang` (as [`Actor::text_in`] gives it), without copying the rest.
    pub fn name_in(&self, lang: &str, default_lang: &str) -> &str {
        self.field_in(lang, default_lang, |t| &t.name)
    }

    /// The actor's summary in `lang` (as [`Actor::text_in`] gives it).
    pub fn summary_in(&self, lang: &str, default_lang: &str) -> &str {
        self.field_in(lang, default_lang, |t| &t.summary)
    }

    fn field_in<'a>(
        &'a self,
        lang: &str,
        default_lang: &str,
        field: impl Fn(&'a ActorText) -> &'a String,
    ) -> &'a str {
        let translated = (lang != default_lang)
            .then(|| self.text.get(lang))
            .flatten()
            .map(&field)
            .filter(|s| !s.trim().is_empty());
        translated
            .or_else(|| self.text.get(default_lang).map(&field))
            .map_or("", String::as_str)
    }
}

/// An actor's text in one language, borrowed ([`Actor::text_ref`]).
#[derive(Debug, Clone, Copy)]
pub struct ActorTextRef<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub services: &'a [String],
    pub equipment: &'a [String],
    pub access_how: Option<&'a String>,
    pub access_steps: &'a [String],
    pub terms: Option<&'a String>,
    /// The text through [`Site::body`].
    pub body: &'a Body,
    pub body_source: &'a BodySource,
    pub links: &'a [BodyLink],
}

impl ActorTextRef<'_> {
    pub fn to_owned(self) -> ActorText {
        ActorText {
            name: self.name.to_string(),
            summary: self.summary.to_string(),
            services: self.services.to_vec(),
            equipment: self.equipment.to_vec(),
            access_how: self.access_how.cloned(),
            access_steps: self.access_steps.to_vec(),
            terms: self.terms.cloned(),
            body: self.body.clone(),
            body_source: self.body_source.clone(),
            links: self.links.into(),
        }
    }
}

/// The shape of a campus.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Point(LatLon),
    /// Polygons, each a list of rings, each ring a list of [lon, lat] positions.
    Polygons(Vec<Vec<Vec<[f64; 2]>>>),
}

/// A campus or innovation node.
#[derive(Debug, Clone)]
pub struct Campus {
    pub slug: String,
    pub origin: Origin,
    pub name: Localized,
    pub summary: Localized,
    pub specialties: BTreeMap<String, Vec<String>>,
    pub municipality: Option<String>,
    pub website: Option<String>,
    pub approximate: bool,
    pub shape: Shape,
    pub centre: LatLon,
    pub provenance: Provenance,
    /// Markdown prose per language (only `body` and `body_source` are used).
    pub prose: Translations<PageText>,
}

impl Campus {
    pub fn specialties_in(&self, lang: &str, default_lang: &str) -> &[String] {
        self.specialties
            .get(lang)
            .or_else(|| self.specialties.get(default_lang))
            .or_else(|| self.specialties.get(""))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The text of a free page or news item in one language.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    pub body_source: BodySource,
}

/// How a free page is laid out (`layout:` in its front matter).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PageLayout {
    /// The page's text only.
    #[default]
    Page,
    /// The research-infrastructure guide: the text, then the site's infrastructures by service.
    Guide,
}

/// A free page (about, guides, ...).
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub origin: Origin,
    pub menu: Option<u32>,
    pub layout: PageLayout,
    pub provenance: Provenance,
    pub text: Translations<PageText>,
}

/// A dated news item.
#[derive(Debug, Clone)]
pub struct NewsItem {
    pub slug: String,
    pub origin: Origin,
    /// `yyyy-mm-dd`.
    pub date: String,
    pub actors: Vec<String>,
    pub campuses: Vec<String>,
    pub event: Option<Event>,
    pub provenance: Provenance,
    pub text: Translations<PageText>,
}

/// The text of `t` in `lang`, else in the default language.
pub fn text_or_default<'a, T>(
    t: &'a Translations<T>,
    lang: &str,
    default_lang: &str,
) -> Option<&'a T> {
    t.get(lang).or_else(|| t.get(default_lang))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_actor_is_found_by_its_address_or_else_by_its_slug() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = crate::config::SiteConfig::load(&root).expect("the minimal fixture");
        let (site, _) = crate::load::load_site(&root, config);
        assert!(site.actors.len() > 1, "the fixture has actors");
        for (i, a) in site.actors.iter().enumerate() {
            assert_eq!(site.actor_index(a), Some(i));
            // A copy (as from another version of the site) is found by its slug.
            let copy = a.clone();
            assert_eq!(site.actor_index(&copy), Some(i));
        }
        let mut stranger = site.actors[0].clone();
        stranger.slug = "nobody-here".into();
        assert_eq!(site.actor_index(&stranger), None);
    }

    #[test]
    fn lang_map_keeps_one_value_per_language_in_order() {
        let mut m = super::LangMap::default();
        assert_eq!(m.insert("sv".to_string(), 1), None);
        assert_eq!(m.insert("en".to_string(), 2), None);
        assert_eq!(m.insert("sv".to_string(), 3), Some(1));
        assert_eq!(m.get("sv"), Some(&3));
        assert!(m.contains_key("en") && !m.contains_key("de"));
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![2, 3]);
    }
}
