//! What every page has around its own content: the site (title, languages, assets), the
//! navigation, the theme's strings and the page's own addresses. [`PageEnv`] computes the parts
//! shared by all pages of a language once, so each page adds only what is its own.

use super::data::feeds;
use super::share;
use super::Job;
use crate::model::text_or_default;
use crate::render::templates::Strings;
use crate::render::urls::{self, Urls};
use crate::render::views::Lang;
use crate::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The parts of every page's context that are the same on all pages of one language,
/// converted to Tera values once (they are shared, not copied, by each page's context).
pub struct PageEnv<'a> {
    pub l: Lang<'a>,
    /// The theme's strings in this language.
    pub t: &'a Strings,
    strings: &'a BTreeMap<String, Arc<Strings>>,
    assets: &'a BTreeMap<&'static str, String>,
    t_value: tera::Value,
    nav: tera::Value,
}

impl<'a> PageEnv<'a> {
    pub fn new(
        l: Lang<'a>,
        strings: &'a BTreeMap<String, Arc<Strings>>,
        assets: &'a BTreeMap<&'static str, String>,
    ) -> PageEnv<'a> {
        let t: &Strings = &strings[l.lang];
        let nav = tera::Value::from_serializable(&nav(&l, t));
        PageEnv {
            t_value: tera::Value::from_serializable(t),
            nav,
            l,
            t,
            strings,
            assets,
        }
    }

    /// What a list item ([`crate::render::pages::lists`]) sees besides its actor: the strings and the site
    /// (as on the list of actors).
    pub fn item_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("t", self.t_value.clone());
        ctx.insert(
            "site",
            &site_view(&self.l, self.strings, self.assets, "actors/"),
        );
        ctx
    }

    /// The full context of `job`: what every page has, then the job's own data.
    pub(crate) fn context(&self, job: Job<'_>) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("t", self.t_value.clone());
        ctx.insert(
            "site",
            &site_view(&self.l, self.strings, self.assets, &job.path),
        );
        ctx.insert_value("nav", self.nav.clone());
        ctx.insert("page", &PageMeta::new(&self.l, &job.path, &job.title));
        ctx.extend(job.data);
        // Open Graph, Twitter and JSON-LD: the job's own description and JSON-LD, else the
        // page's summary and a WebPage.
        let given = |key: &str| {
            ctx.get(key)
                .and_then(|v| v.as_str())
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        let description = given(share::DESCRIPTION)
            .or_else(|| given("summary"))
            .unwrap_or_else(|| text(&self.l.config().description, &self.l));
        if !ctx.contains_key(share::LD) {
            ctx.insert(share::LD, &share::page_ld(&self.l, &job.path, &job.title));
        }
        ctx.insert(
            "share",
            &share::Share::new(&self.l, &job.path, &job.title, description),
        );
        if let Some(later) = job.later {
            later(&mut ctx);
        }
        ctx
    }
}

pub fn text(l10n: &crate::config::Localized, l: &Lang<'_>) -> String {
    l10n.get(l.lang, l.default_lang).to_string()
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    path: String,
}

/// The main navigation: the map, actors, campuses, news, then pages with `menu:` in order.
fn nav(l: &Lang<'_>, t: &Strings) -> Vec<NavItem> {
    let mut items = vec![
        NavItem {
            title: t.tr("map"),
            url: l.urls.link(""),
            path: String::new(),
        },
        NavItem {
            title: t.tr("actors"),
            url: l.urls.link("actors/"),
            path: "actors/".into(),
        },
        NavItem {
            title: t.tr("campuses"),
            url: l.urls.link("campuses/"),
            path: "campuses/".into(),
        },
    ];
    if !l.site.news.is_empty() {
        items.push(NavItem {
            title: t.tr("news"),
            url: l.urls.link("news/"),
            path: "news/".into(),
        });
    }
    items.push(NavItem {
        title: t.tr("key_figures"),
        url: l.urls.link("stats/"),
        path: "stats/".into(),
    });
    let mut pages: Vec<_> = l
        .site
        .pages
        .iter()
        .filter_map(|p| p.menu.map(|m| (m, p)))
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    for (_, p) in pages {
        let title = text_or_default(&p.text, l.lang, l.default_lang)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        items.push(NavItem {
            title,
            url: l.urls.link(&urls::page(&p.slug)),
            path: urls::page(&p.slug),
        });
    }
    items
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: String,
    description: String,
    lang: &'a str,
    default_lang: &'a str,
    base_path: &'a str,
    home: String,
    languages: Vec<LanguageLink>,
    assets: &'a BTreeMap<&'static str, String>,
    has_tiles: bool,
    /// The Atom feed of this language.
    feed_url: String,
    /// This language's open-data folder (`data/`).
    data_url: String,
    /// The map's compact data (`data/map.json`) in this language, for a preload link.
    map_data: String,
    /// The licence of the site's data (`data_licence` in site.yaml), if it names one.
    licence: Option<crate::config::Licence>,
    /// The repository of the site's files (`repository.url` in site.yaml), if it names one.
    repository: Option<&'a str>,
}

fn site_view<'a>(
    l: &'a Lang<'a>,
    strings: &BTreeMap<String, Arc<Strings>>,
    assets: &'a BTreeMap<&'static str, String>,
    path: &str,
) -> SiteView<'a> {
    let config = l.config();
    let languages = config
        .languages
        .iter()
        .map(|code| {
            let urls = Urls::new(&l.urls.base_path, None, code, l.default_lang);
            LanguageLink {
                code: code.clone(),
                name: strings
                    .get(code)
                    .and_then(|s| s.get("language_name"))
                    .cloned()
                    .unwrap_or_else(|| code.clone()),
                url: urls.link(path.trim_end_matches("404.html")),
                current: code == l.lang,
            }
        })
        .collect();
    SiteView {
        title: text(&config.title, l),
        description: text(&config.description, l),
        lang: l.lang,
        default_lang: l.default_lang,
        base_path: &l.urls.base_path,
        home: l.urls.link(""),
        languages,
        assets,
        has_tiles: config.tiles.is_some(),
        feed_url: l.urls.link(feeds::PATH),
        data_url: l.urls.link("data/"),
        map_data: l.urls.link("data/map.json"),
        licence: config.licence(),
        repository: config.repository.as_ref().map(|r| r.url.as_str()),
    }
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

/// What every page knows about itself.
#[derive(Serialize)]
struct PageMeta {
    title: String,
    path: String,
    /// The first folder of the path (`actors/` for `actors/page/2/` and `actors/x/`; empty for
    /// the map): the main menu marks the item of that section as the one the page is in.
    section: String,
    url: String,
    canonical: String,
    alternates: Vec<Alternate>,
}

impl PageMeta {
    fn new(l: &Lang<'_>, path: &str, title: &str) -> PageMeta {
        let url = l.urls.link(path);
        let alternates = l
            .config()
            .languages
            .iter()
            .map(|code| {
                let urls = Urls::new(
                    &l.urls.base_path,
                    l.urls.absolute_base.clone(),
                    code,
                    l.default_lang,
                );
                Alternate {
                    lang: code.clone(),
                    url: urls.absolute(&urls.link(path)),
                }
            })
            .collect();
        PageMeta {
            title: title.to_string(),
            path: path.to_string(),
            section: path
                .split_once('/')
                .map_or_else(String::new, |(first, _)| format!("{first}/")),
            canonical: l.urls.absolute(&url),
            url,
            alternates,
        }
    }
}

/// Links to the theme's main assets, each with a content hash so browsers refetch on change.
pub fn asset_urls(theme: &Theme, base_path: &str) -> BTreeMap<&'static str, String> {
    let named = [
        ("site_css", "css/site.css"),
        ("print_css", "css/print.css"),
        ("map_js", "js/map.js"),
        ("relations_js", "js/relations.js"),
        ("guide_js", "js/guide.js"),
        ("js_core", "js/ea/core.js"),
        ("js_state", "js/ea/state.js"),
        ("js_data", "js/ea/data.js"),
        ("js_mapview", "js/ea/mapview.js"),
        ("js_basemap", "js/ea/basemap.js"),
        ("js_list", "js/ea/list.js"),
        ("js_panel", "js/ea/panel.js"),
        ("js_share", "js/ea/share.js"),
        ("leaflet_css", "vendor/leaflet/leaflet.css"),
        ("leaflet_js", "vendor/leaflet/leaflet.js"),
        ("cluster_css", "vendor/markercluster/MarkerCluster.css"),
        (
            "cluster_default_css",
            "vendor/markercluster/MarkerCluster.Default.css",
        ),
        (
            "cluster_js",
            "vendor/markercluster/leaflet.markercluster.js",
        ),
        ("countries", "base/countries.geojson"),
        ("favicon", "favicon.svg"),
    ];
    named
        .into_iter()
        .filter_map(|(name, path)| {
            let file = theme.files.get(&format!("static/{path}"))?;
            Some((
                name,
                format!(
                    "{base_path}assets/{path}?v={:08x}",
                    fnv1a(&file.bytes) as u32
                ),
            ))
        })
        .collect()
}

/// A small, stable hash for cache-busting asset links (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
