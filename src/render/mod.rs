//! Rendering: the [`Site`] in every language through the theme's Tera templates, plus data
//! files and static assets, into an [`OutputTree`] in memory. Pages render in parallel.

mod campus;
mod data;
mod exports;
mod feeds;
mod format;
mod guide;
mod json;
pub mod mapdata;
mod news;
mod sitemap;
mod stats;
pub mod urls;
mod views;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{text_or_default, PageLayout, Site};
use crate::output::OutputTree;
use crate::theme::Theme;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use urls::Urls;
use views::{Lang, SiteIndex, TermKind};

pub use campus::neighbours;
pub use data::SCHEMA_VERSION;
pub use exports::{CSV_COLUMNS, CSV_LIST_SEPARATOR};
pub use stats::KeyFigures;

/// Options that change what is rendered without changing the content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` from site.yaml (for previews and sub-path hosting).
    pub base_url: Option<String>,
    /// The build's "today" (`yyyy-mm-dd`), which tells upcoming events from past ones; see
    /// [`crate::date::today`] for where it comes from when not given.
    pub today: Option<String>,
}

/// The templates, compiled once per build, and the theme they came from.
pub struct Templates {
    tera: tera::Tera,
    theme: Theme,
}

impl Templates {
    /// Compiles every template of the theme; errors name the template file and line.
    pub fn compile(theme: Theme, root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(
                    theme.display_path(root, &format!("templates/{name}")),
                    "the template is not valid UTF-8",
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![template_error(&e, &theme, root)]);
        }
        Ok(Templates { tera, theme })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    fn render(&self, name: &str, ctx: &tera::Context, root: &Path) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&e, &self.theme, root))
    }
}

/// A Tera error as a diagnostic on the template's file and line.
fn template_error(e: &tera::Error, theme: &Theme, root: &Path) -> Diagnostic {
    use std::error::Error as _;
    let (file, line, column, mut message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            current.clone(),
            0,
            0,
            format!("extends `{parent}`, which does not exist"),
        ),
        _ => (String::new(), 0, 0, e.to_string()),
    };
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let path = if file.is_empty() {
        Path::new("<theme>").to_path_buf()
    } else {
        theme.display_path(root, &format!("templates/{file}"))
    };
    Diagnostic::error(path, message).at(line, column)
}

/// A page to render: its path inside a language, its template and its specific data.
struct Job {
    path: String,
    template: &'static str,
    title: String,
    data: tera::Context,
}

/// Renders the whole site. Content errors found while rendering (a template that fails on some
/// record) are returned as diagnostics; the tree is only complete when there are none.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    root: &Path,
    opts: &RenderOptions,
) -> (OutputTree, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut tree = OutputTree::default();
    let mut sitemap_paths: Vec<String> = Vec::new();
    let config = &site.config;
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| config.base_url.clone());
    let base_path = crate::config::base_path_of(&base_url);
    let absolute_base = base_url
        .starts_with("http")
        .then(|| base_url.trim_end_matches('/').to_string());
    let default_lang = config.default_language();
    let today =
        match crate::date::today(opts.today.as_deref()) {
            Ok(d) => d.to_string(),
            Err(message) => {
                diags.push(Diagnostic::error("<build>", message).hint(
                    "pass --today yyyy-mm-dd, or set SOURCE_DATE_EPOCH to seconds since 1970",
                ));
                return (tree, diags);
            }
        };
    let index = SiteIndex::new(site, today);
    let figures = KeyFigures::of(site);

    let mut strings = BTreeMap::new();
    for lang in &config.languages {
        match templates.theme().strings(root, lang, default_lang) {
            Ok(s) => {
                strings.insert(lang.clone(), s);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return (tree, diags);
    }

    let assets = asset_urls(templates.theme(), &base_path);
    for (path, logo) in index.logos.values() {
        if let Err(e) = tree.insert(path.clone(), logo.bytes.clone()) {
            diags.push(Diagnostic::error(&logo.file, e.to_string()));
        }
    }
    for (path, file) in templates.theme().static_files() {
        if let Err(e) = tree.insert(format!("assets/{path}"), file.bytes.to_vec()) {
            diags.push(Diagnostic::error(
                templates
                    .theme()
                    .display_path(root, &format!("static/{path}")),
                e.to_string(),
            ));
        }
    }

    for lang in &config.languages {
        let l = Lang {
            site,
            index: &index,
            lang,
            default_lang,
            urls: Urls::new(&base_path, absolute_base.clone(), lang, default_lang),
        };
        let t = &strings[lang];
        let map_data = mapdata::MapData::new(&l);
        let mut jobs = jobs(&l, t, &map_data);
        let (stats_job, stats_json) = stats::job(&l, t, &figures);
        jobs.push(stats_job);
        if lang == default_lang {
            sitemap_paths = jobs
                .iter()
                .map(|j| j.path.clone())
                .filter(|p| !p.ends_with(".html") && !p.starts_with("embed/"))
                .collect();
        }
        let nav = nav(&l, t);
        let results: Vec<(String, Result<String, Diagnostic>)> = jobs
            .into_par_iter()
            .map(|job| {
                let mut ctx = tera::Context::new();
                ctx.insert("t", t);
                ctx.insert("site", &site_view(&l, &strings, &assets, &job.path));
                ctx.insert("nav", &nav);
                ctx.insert("page", &PageMeta::new(&l, &job.path, &job.title));
                ctx.extend(job.data);
                let file = l.urls.file(&job.path);
                (file, templates.render(job.template, &ctx, root))
            })
            .collect();
        for (file, result) in results {
            match result {
                Ok(html) => {
                    if let Err(e) = tree.insert(file, html.into_bytes()) {
                        diags.push(Diagnostic::error("<output>", e.to_string()));
                    }
                }
                Err(d) => diags.push(d),
            }
        }
        let map_files = [
            (
                "data/map.json".to_string(),
                Ok(mapdata::map_json(&l, &map_data)),
            ),
            (
                "data/map-text.json".to_string(),
                Ok(mapdata::text_json(&l, &map_data)),
            ),
        ];
        for (name, bytes) in exports::data_files(&l, t, stats_json)
            .into_iter()
            .chain(map_files)
        {
            match bytes.map(|b| tree.insert(l.urls.file(&name), b)) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => diags.push(Diagnostic::error("<output>", e.to_string())),
                Err(e) => diags.push(Diagnostic::error("<output>", format!("{name}: {e}"))),
            }
        }
    }
    let input = sitemap::SitemapInput {
        paths: &sitemap_paths,
        languages: &config.languages,
        default_lang,
        base_path: &base_path,
        absolute_base: absolute_base.clone(),
    };
    for (name, bytes) in sitemap::root_files(&input) {
        match bytes.map(|b| tree.insert(name, b)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => diags.push(Diagnostic::error("<output>", e.to_string())),
            Err(e) => diags.push(Diagnostic::error("<output>", format!("{name}: {e}"))),
        }
    }
    (tree, diags)
}

/// Every page of one language.
fn jobs(l: &Lang<'_>, t: &BTreeMap<String, String>, map_data: &mapdata::MapData<'_>) -> Vec<Job> {
    let site = l.site;
    let tr = |key: &str| t.get(key).cloned().unwrap_or_else(|| key.to_string());
    let mut jobs = Vec::new();
    let all_cards = l.sorted_cards(site.actors.iter());
    let types: Vec<_> = site
        .config
        .actor_types
        .keys()
        .map(|k| {
            let mut v = serde_json::to_value(l.term(TermKind::Type, k)).unwrap_or_default();
            v["count"] = l
                .index
                .actors_by_type
                .get(k.as_str())
                .map_or(0, Vec::len)
                .into();
            v
        })
        .collect();
    let sectors: Vec<_> = site
        .config
        .sectors
        .keys()
        .map(|k| {
            let mut v = serde_json::to_value(l.term(TermKind::Sector, k)).unwrap_or_default();
            v["count"] = l
                .index
                .actors_by_sector
                .get(k.as_str())
                .map_or(0, Vec::len)
                .into();
            v
        })
        .collect();
    let campuses: Vec<_> = site.campuses.iter().map(|c| l.campus_card(c)).collect();
    let facets = mapdata::facets(l, map_data);

    // The map page's list starts with the first page of actors, so that it is there before
    // (and without) JavaScript; the script redraws it with the visitor's filters.
    let first_page: Vec<_> = l
        .sorted_cards(map_data.actors.iter().copied())
        .into_iter()
        .take(json::LIST_PAGE)
        .collect();
    for (path, template, focus, title, listed) in [
        (
            String::new(),
            "map.html",
            json::Focus::Map,
            text(&site.config.title, l),
            first_page.as_slice(),
        ),
        (
            urls::EMBED.to_string(),
            "embed.html",
            json::Focus::Embed,
            tr("map"),
            &[][..],
        ),
    ] {
        let mut ctx = tera::Context::new();
        ctx.insert("list_actors", listed);
        ctx.insert("actor_total", &map_data.actors.len());
        ctx.insert("types", &types);
        ctx.insert("sectors", &sectors);
        ctx.insert("facets", &facets);
        ctx.insert("map_config", &json::map_config(l, t, focus));
        jobs.push(Job {
            path,
            template,
            title,
            data: ctx,
        });
    }

    let mut ctx = tera::Context::new();
    ctx.insert("actors", &all_cards);
    ctx.insert("types", &types);
    jobs.push(Job {
        path: "actors/".into(),
        template: "actors.html",
        title: tr("actors"),
        data: ctx,
    });

    for a in &site.actors {
        let view = l.actor_view(a);
        let mut ctx = tera::Context::new();
        ctx.insert(
            "map_config",
            &json::map_config(l, t, json::Focus::Actor(&a.slug)),
        );
        ctx.insert("actor", &view);
        jobs.push(Job {
            path: urls::actor(&a.slug),
            template: "actor.html",
            title: view.card.name.clone(),
            data: ctx,
        });
    }

    let mut ctx = tera::Context::new();
    ctx.insert("campuses", &campuses);
    jobs.push(Job {
        path: "campuses/".into(),
        template: "campuses.html",
        title: tr("campuses"),
        data: ctx,
    });

    for c in &site.campuses {
        jobs.push(campus::job(l, t, c));
    }

    for (kind, keys, by) in [
        (
            TermKind::Type,
            site.config.actor_types.keys().collect::<Vec<_>>(),
            &l.index.actors_by_type,
        ),
        (
            TermKind::Sector,
            site.config.sectors.keys().collect::<Vec<_>>(),
            &l.index.actors_by_sector,
        ),
    ] {
        for key in keys {
            let term = l.term(kind, key);
            let actors = l.sorted_cards(by.get(key.as_str()).into_iter().flatten().copied());
            let mut ctx = tera::Context::new();
            ctx.insert("term", &term);
            ctx.insert(
                "term_kind",
                match kind {
                    TermKind::Type => "type",
                    TermKind::Sector => "sector",
                },
            );
            ctx.insert("actors", &actors);
            let path = match kind {
                TermKind::Type => urls::actor_type(key),
                TermKind::Sector => urls::sector(key),
            };
            jobs.push(Job {
                path,
                template: "term.html",
                title: term.label.clone(),
                data: ctx,
            });
        }
    }

    for p in &site.pages {
        let text = text_or_default(&p.text, l.lang, l.default_lang)
            .cloned()
            .unwrap_or_default();
        let mut ctx = tera::Context::new();
        ctx.insert("body_html", &l.markdown(&text.body));
        ctx.insert("summary", &text.summary);
        ctx.insert(
            "text_lang",
            &(!p.text.has(l.lang)).then_some(l.default_lang),
        );
        let template = match p.layout {
            PageLayout::Page => "page.html",
            PageLayout::Guide => {
                ctx.insert("guide", &guide::view(l, t));
                "guide.html"
            }
        };
        jobs.push(Job {
            path: urls::page(&p.slug),
            template,
            title: text.title,
            data: ctx,
        });
    }

    jobs.extend(news::jobs(l, t));

    let mut ctx = tera::Context::new();
    ctx.insert("schema_version", &SCHEMA_VERSION);
    ctx.insert("actor_total", &site.actors.len());
    ctx.insert("campus_total", &site.campuses.len());
    jobs.push(Job {
        path: "data/".into(),
        template: "data.html",
        title: tr("open_data"),
        data: ctx,
    });

    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html",
        title: tr("not_found_title"),
        data: tera::Context::new(),
    });
    jobs
}

fn text(l10n: &crate::config::Localized, l: &Lang<'_>) -> String {
    l10n.get(l.lang, l.default_lang).to_string()
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    path: String,
}

/// The main navigation: the map, actors, campuses, news, then pages with `menu:` in order.
fn nav(l: &Lang<'_>, t: &BTreeMap<String, String>) -> Vec<NavItem> {
    let tr = |key: &str| t.get(key).cloned().unwrap_or_else(|| key.to_string());
    let mut items = vec![
        NavItem {
            title: tr("map"),
            url: l.urls.link(""),
            path: String::new(),
        },
        NavItem {
            title: tr("actors"),
            url: l.urls.link("actors/"),
            path: "actors/".into(),
        },
        NavItem {
            title: tr("campuses"),
            url: l.urls.link("campuses/"),
            path: "campuses/".into(),
        },
    ];
    if !l.site.news.is_empty() {
        items.push(NavItem {
            title: tr("news"),
            url: l.urls.link("news/"),
            path: "news/".into(),
        });
    }
    items.push(NavItem {
        title: tr("key_figures"),
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
}

fn site_view<'a>(
    l: &'a Lang<'a>,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
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
            canonical: l.urls.absolute(&url),
            url,
            alternates,
        }
    }
}

/// Links to the theme's main assets, each with a content hash so browsers refetch on change.
fn asset_urls(theme: &Theme, base_path: &str) -> BTreeMap<&'static str, String> {
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
