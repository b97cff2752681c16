//! Rendering: the [`Site`] in every language through the theme's Tera templates, plus data
//! files and static assets, each handed to a [`Sink`] as soon as it is made. Pages render in
//! parallel; [`Outputs`] limits a render to some of them, and a [`Supply`] may answer some of
//! what the outputs that show every actor are made of instead of render making it.

pub(crate) mod data;
mod edit;
mod format;
pub(crate) mod map;
mod page;
pub(crate) mod pages;
mod provenance;
pub(crate) mod share;
pub(crate) mod share_image;
mod templates;
pub mod urls;
pub(crate) mod views;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Sink;
use page::PageEnv;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use urls::Urls;
use views::{Lang, SiteIndex};

pub use data::exports::{columns_markdown, csv_columns, ColumnType, COLUMNS, CSV_LIST_SEPARATOR};
pub use data::SCHEMA_VERSION;
pub use pages::campus::neighbours;
pub use pages::stats::SiteStats;
pub use templates::Templates;

/// Options that change what is rendered without changing the content.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` from site.yaml (for a local server and sub-path hosting).
    pub base_url: Option<String>,
    /// The build's "today" (`yyyy-mm-dd`), which tells upcoming events from past ones; see
    /// [`crate::date::today`] for where it comes from when not given.
    pub today: Option<String>,
}

/// A page to render: its path inside a language, its template and its specific data; with
/// `later`, data made only when the page is rendered (a long list, so that the pages of a
/// language do not all hold theirs at once); with `list`, the list of actors the page shows as
/// `actor_items` and `actor_total` ([`pages::lists::ActorList`]); with `key`, what a page of a
/// long list is made of, for a [`LangSupply`] that may have it already ([`LangSupply::same_page`]).
pub(crate) struct Job<'a> {
    path: String,
    template: &'static str,
    title: String,
    data: tera::Context,
    later: Option<Later<'a>>,
    list: Option<pages::lists::ActorList<'a>>,
    key: Option<PageKey>,
}

/// What a page that shows many actors (a page of a list of actors, of a campus's full list,
/// of the guide; a campus page) is made of: everything its [`Job`] gives the page but the
/// actors it shows, and those actors. Two pages with equal keys are the same page as long as none of their actors
/// changed; made from the very values the page is rendered with, so that a value a page comes
/// to show is compared without being named here.
#[derive(Debug, Clone, PartialEq)]
pub struct PageKey {
    pub template: &'static str,
    pub title: String,
    /// The job's data and what its later data are made of but the actors' own parts (on a list,
    /// `actor_total`; on a page of the guide, its sections and which section each card is in).
    pub data: tera::Context,
    /// The actors the page shows, as positions among the site's actors (on a list, in its
    /// order; on a campus page, its first actors of each type and both ends of its relations).
    pub actors: Vec<usize>,
}

/// Data of a [`Job`] made when it is rendered.
type Later<'a> = Box<dyn FnOnce(&mut tera::Context) + Send + 'a>;

/// Which outputs a render produces.
#[derive(Debug, Clone, Default)]
pub enum Outputs {
    /// Every file of the site.
    #[default]
    All,
    /// The own pages of these actors, in every language, and with `shared` the outputs that are
    /// not an actor's own page that [`Shared`] names.
    Part {
        actors: BTreeSet<String>,
        shared: Option<Shared>,
    },
}

/// The outputs other than actors' own pages that a partial render produces: always the lists
/// (map, actors, campuses), free pages, news, statistics and data files of every language;
/// campus and term pages as listed here; the sitemap on request. Theme files and logos never
/// (a partial render is only for changes that cannot touch them).
#[derive(Debug, Clone, Default)]
pub struct Shared {
    /// The campus pages to render (slugs); `None`: all.
    pub campuses: Option<BTreeSet<String>>,
    /// The type pages to render (keys); `None`: all.
    pub types: Option<BTreeSet<String>>,
    /// The sector pages to render (keys); `None`: all.
    pub sectors: Option<BTreeSet<String>>,
    /// `sitemap.xml` and `robots.txt` (needs every campus and term page in the outputs).
    pub sitemap: bool,
    /// Who answers what the outputs that show every actor are made of ([`Supply`]); `None`:
    /// render makes all of it.
    pub supply: Option<std::sync::Arc<dyn Supply>>,
}

/// What render asks, per language, before making the outputs that show every actor (lists,
/// map, data files, statistics). A plain render answers "make it" ([`MakeAll`]); a caller that
/// has some of them already made answers with those ([`Supply`]).
pub trait LangSupply: Sync {
    /// What went wrong answering (a list item's template failing on a record).
    fn take_problem(&mut self) -> Option<Diagnostic>;
    /// Is every output of this language that shows every actor as it is already (then none
    /// is made)?
    fn unchanged(&self) -> bool;
    /// The map's actors and keywords.
    fn map_data<'a>(&mut self, l: &Lang<'a>) -> map::data::MapData<'a>;
    /// `data/map-text.json` made with `data`, or `None`: make it.
    fn text_json(&mut self, l: &Lang<'_>, data: &map::data::MapData<'_>) -> Option<Vec<u8>>;
    /// Every actor's list item and the lists, or `None`: make them.
    fn items<'r>(&'r self, l: &Lang<'r>) -> Option<pages::lists::Items<'r>>;
    /// Are the statistics page and `stats.json` as they are already?
    fn same_stats(&self) -> bool;
    /// Data files made another way (`Some`) or left as they are (`None`); the rest are made.
    fn data_files<'r>(&'r self, l: &'r Lang<'r>) -> data::GivenFiles<'r>;
    /// Is `map.json` as it is already?
    fn same_map(&self) -> bool;
    /// `data/map.json` made with `data`.
    fn map_json(&self, l: &Lang<'_>, data: &map::data::MapData<'_>) -> Vec<u8>;
    /// Are the data files made from pieces at hand (then side by side), not from the site?
    fn made_of_pieces(&self) -> bool;
    /// Is the page at `path` (one that shows many actors), made of `key`, as it is already
    /// (then it is not made)? Asked once per such page and render.
    fn same_page(&self, path: &str, key: &PageKey) -> bool;
}

/// The answers of a plain render: make everything.
pub struct MakeAll;

impl LangSupply for MakeAll {
    fn take_problem(&mut self) -> Option<Diagnostic> {
        None
    }

    fn unchanged(&self) -> bool {
        false
    }

    fn map_data<'a>(&mut self, l: &Lang<'a>) -> map::data::MapData<'a> {
        map::data::MapData::new(l)
    }

    fn text_json(&mut self, _: &Lang<'_>, _: &map::data::MapData<'_>) -> Option<Vec<u8>> {
        None
    }

    fn items<'r>(&'r self, _: &Lang<'r>) -> Option<pages::lists::Items<'r>> {
        None
    }

    fn same_stats(&self) -> bool {
        false
    }

    fn data_files<'r>(&'r self, _: &'r Lang<'r>) -> data::GivenFiles<'r> {
        data::GivenFiles::new()
    }

    fn same_map(&self) -> bool {
        false
    }

    fn map_json(&self, l: &Lang<'_>, data: &map::data::MapData<'_>) -> Vec<u8> {
        map::json::map_json(l, data)
    }

    fn made_of_pieces(&self) -> bool {
        false
    }

    fn same_page(&self, _: &str, _: &PageKey) -> bool {
        false
    }
}

/// Gives the answers of each language ([`LangSupply`]) to `answer`.
pub trait Supply: std::fmt::Debug + Send + Sync {
    fn language(
        &self,
        l: &Lang<'_>,
        maker: &pages::lists::ItemMaker<'_>,
        stats: &SiteStats,
        answer: &mut dyn FnMut(&mut dyn LangSupply),
    );
}

impl Shared {
    /// Every shared output.
    pub fn all() -> Shared {
        Shared {
            sitemap: true,
            ..Shared::default()
        }
    }

    pub fn campus(&self, slug: &str) -> bool {
        self.campuses.as_ref().is_none_or(|s| s.contains(slug))
    }

    pub fn term(&self, kind: views::TermKind, key: &str) -> bool {
        let keys = match kind {
            views::TermKind::Type => &self.types,
            views::TermKind::Sector => &self.sectors,
        };
        keys.as_ref().is_none_or(|s| s.contains(key))
    }
}

impl Outputs {
    fn shared(&self) -> Option<Shared> {
        match self {
            Outputs::All => Some(Shared::all()),
            Outputs::Part { shared, .. } => shared.clone(),
        }
    }
}

/// The output files of an actor's own pages, one per language, given the base path the site is
/// rendered for.
pub fn actor_files(site: &Site, base_path: &str, slug: &str) -> Vec<String> {
    let default_lang = site.config.default_language();
    site.config
        .languages
        .iter()
        .map(|lang| Urls::new(base_path, None, lang, default_lang).file(&urls::actor(slug)))
        .collect()
}

/// Renders the site, or the part of it that `outputs` names, into `sink`. Content errors found
/// while rendering (a template that fails on some record) are returned as diagnostics; the
/// output is only complete when there are none.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    root: &Path,
    opts: &RenderOptions,
    outputs: &Outputs,
    sink: &dyn Sink,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
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
                return diags;
            }
        };
    // Both read every actor; side by side.
    let (index, figures) = rayon::join(|| SiteIndex::new(site, today), || SiteStats::of(site));

    let mut strings = BTreeMap::new();
    for lang in &config.languages {
        match templates.strings(root, lang, default_lang) {
            Ok(s) => {
                strings.insert(lang.clone(), s);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return diags;
    }

    let assets = page::asset_urls(templates.theme(), &base_path);
    let shared = outputs.shared();
    if matches!(outputs, Outputs::All) {
        for (path, logo) in index.logos.values() {
            if let Err(e) = sink.put(path.clone(), logo.bytes.clone()) {
                diags.push(Diagnostic::error(&logo.file, e.to_string()));
            }
        }
        let l = Lang {
            site,
            index: &index,
            lang: default_lang,
            default_lang,
            urls: Urls::new(
                &base_path,
                absolute_base.clone(),
                default_lang,
                default_lang,
            ),
        };
        for (path, png) in share_image::images(&l) {
            let png = png.map_err(|e| Diagnostic::error("<output>", format!("{path}: {e}")));
            diags.extend(emit(sink, path, png));
        }
        for (path, file) in templates.theme().static_files() {
            if let Err(e) = sink.put(format!("assets/{path}"), file.bytes.to_vec()) {
                diags.push(Diagnostic::error(
                    templates
                        .theme()
                        .display_path(root, &format!("static/{path}")),
                    e.to_string(),
                ));
            }
        }
    }

    // The pages of a language render side by side. A full render takes one language after the
    // other (its pages keep every core busy, and only one language's lists and data files are
    // held at a time); a partial render, little work per language, takes them side by side.
    let one_language = |lang: &String| {
        let env = PageEnv::new(
            Lang {
                site,
                index: &index,
                lang,
                default_lang,
                urls: Urls::new(&base_path, absolute_base.clone(), lang, default_lang),
            },
            &strings,
            &assets,
        );
        let input = LangInput {
            templates,
            root,
            outputs,
            shared: shared.as_ref(),
            figures: &figures,
        };
        render_language(&env, &input, sink)
    };
    let outputs: Vec<LangOutput> = match outputs {
        Outputs::All => config.languages.iter().map(one_language).collect(),
        Outputs::Part { .. } => config.languages.par_iter().map(one_language).collect(),
    };
    let mut sitemap_paths: Vec<String> = Vec::new();
    for (lang, out) in config.languages.iter().zip(outputs) {
        if lang == default_lang {
            sitemap_paths = out.page_paths;
        }
        diags.extend(out.problems);
    }
    if shared.as_ref().is_some_and(|s| s.sitemap) {
        let input = data::sitemap::SitemapInput {
            paths: &sitemap_paths,
            languages: &config.languages,
            default_lang,
            base_path: &base_path,
            absolute_base: absolute_base.clone(),
        };
        let mut put = |name: String, bytes: Vec<u8>| {
            diags.extend(emit(sink, name, Ok(bytes)));
        };
        if let Err(e) = data::sitemap::root_files(&input, &mut put) {
            diags.push(Diagnostic::error("<output>", format!("sitemap.xml: {e}")));
        }
    }
    diags
}

/// What rendering one language found wrong (its files went to the sink), and the paths of its
/// pages in sitemap order (when the outputs has the shared outputs).
struct LangOutput {
    problems: Vec<Diagnostic>,
    page_paths: Vec<String>,
}

/// Hands one rendered file to `sink`; says what went wrong, if anything.
fn emit(sink: &dyn Sink, file: String, bytes: Result<Vec<u8>, Diagnostic>) -> Option<Diagnostic> {
    match bytes {
        Ok(bytes) => sink
            .put(file, bytes)
            .err()
            .map(|e| Diagnostic::error("<output>", e.to_string())),
        Err(d) => Some(d),
    }
}

/// What every language's render reads besides its own [`PageEnv`].
struct LangInput<'a> {
    templates: &'a Templates,
    root: &'a Path,
    outputs: &'a Outputs,
    shared: Option<&'a Shared>,
    figures: &'a SiteStats,
}

/// The pages and data files of one language that `outputs` names.
fn render_language(env: &PageEnv<'_>, input: &LangInput<'_>, sink: &dyn Sink) -> LangOutput {
    let LangInput {
        templates,
        root,
        outputs,
        shared,
        figures,
    } = *input;
    let (l, t) = (&env.l, env.t);
    let site = l.site;
    let render = |mut job: Job| {
        let file = l.urls.file(&job.path);
        let html = match job.list.take() {
            Some(list) => list.render(templates, job.template, env.context(job), root),
            None => templates.render(job.template, &env.context(job), root),
        };
        emit(sink, file, html.map(String::into_bytes))
    };
    let actor_pages = || -> Vec<_> {
        let config = map::config::FocusedConfig::actor(l, t);
        match outputs {
            Outputs::All => site
                .actors
                .par_iter()
                .filter_map(|a| render(pages::actor_job(l, &config, a)))
                .collect(),
            Outputs::Part { actors, .. } => actors
                .par_iter()
                .filter_map(|slug| site.actor(slug))
                .filter_map(|a| render(pages::actor_job(l, &config, a)))
                .collect(),
        }
    };
    let shared = || {
        let Some(part) = shared else {
            return (Vec::new(), Vec::new());
        };
        let maker = pages::lists::ItemMaker::new(env, templates, root);
        let mut out = (Vec::new(), Vec::new());
        let mut answer = |supply: &mut dyn LangSupply| {
            out = shared_outputs(env, input, part, &maker, supply, &render, sink);
        };
        match &part.supply {
            Some(s) => s.language(l, &maker, figures, &mut answer),
            None => answer(&mut MakeAll),
        }
        out
    };
    let (mut problems, (shared_problems, page_paths)) = rayon::join(actor_pages, shared);
    problems.extend(shared_problems);
    LangOutput {
        problems,
        page_paths,
    }
}

/// The outputs of one language that show every actor (lists, map, statistics, data files),
/// with what `supply` answers; their problems and, for the sitemap, the paths of the pages.
fn shared_outputs(
    env: &PageEnv<'_>,
    input: &LangInput<'_>,
    part: &Shared,
    maker: &pages::lists::ItemMaker<'_>,
    supply: &mut dyn LangSupply,
    render: &(dyn Fn(Job) -> Option<Diagnostic> + Sync),
    sink: &dyn Sink,
) -> (Vec<Diagnostic>, Vec<String>) {
    let (l, t) = (&env.l, env.t);
    let (site, figures) = (l.site, input.figures);
    let mut problems: Vec<Diagnostic> = supply.take_problem().into_iter().collect();
    if supply.unchanged() && !part.sitemap {
        return (problems, Vec::new());
    }
    let map_data = supply.map_data(l);
    // Made here when answered (what it is made of stays with this thread); else when
    // written.
    let text = supply.text_json(l, &map_data);
    let supply: &dyn LangSupply = supply;
    let items = supply.items(l).unwrap_or_else(|| {
        let (items, problem) = pages::lists::Items::new(l, maker);
        problems.extend(problem);
        items
    });
    let (mut shared, leading) = pages::shared_jobs(l, t, &map_data, &items, part, figures);
    let derived = pages::indicators::derived_series(l, t, figures);
    let (stats_job, stats_json) = pages::stats::job(l, t, figures, &derived);
    if !supply.same_stats() {
        shared.push(stats_job);
        shared.push(pages::facts::job(l, t, figures, &derived));
    }
    let given = supply.data_files(l);
    // Only the sitemap needs them.
    let shared_paths = shared.iter().map(|j| j.path.clone());
    let page_paths = if part.sitemap {
        shared_paths
            .clone()
            .take(leading)
            .chain(site.actors.iter().map(|a| urls::actor(&a.slug)))
            .chain(shared_paths.skip(leading))
            .filter(|p| !p.ends_with(".html") && !p.starts_with("embed/"))
            .collect()
    } else {
        Vec::new()
    };
    // Pages that show many actors and are as they are already are not made again.
    shared.retain(|job| {
        job.key
            .as_ref()
            .is_none_or(|key| !supply.same_page(&job.path, key))
    });
    let data = data::data_files(l, t, stats_json, given)
        .into_iter()
        .chain(data::indicators::files(l, derived));
    let map_ref = &map_data;
    let mut map_files: Vec<(&str, data::Make<'_>)> = vec![(
        "data/map-text.json",
        Box::new(move || Ok(text.unwrap_or_else(|| map::text::text_json(l, map_ref)))),
    )];
    if !supply.same_map() {
        map_files.push((
            "data/map.json",
            Box::new(move || Ok(supply.map_json(l, map_ref))),
        ));
    }
    let make_data = |(name, make): (&str, data::Make<'_>)| {
        let bytes = make().map_err(|e| Diagnostic::error("<output>", format!("{name}: {e}")));
        emit(sink, l.urls.file(name), bytes)
    };
    let (page_problems, data_problems): (Vec<_>, Vec<_>) = rayon::join(
        || shared.into_par_iter().filter_map(render).collect(),
        // Made from the site, one data file after the other (the large ones are made side
        // by side inside), so that few are held at once; from pieces at hand, side by side.
        || {
            let files = data.into_iter().chain(map_files);
            if supply.made_of_pieces() {
                files
                    .collect::<Vec<_>>()
                    .into_par_iter()
                    .filter_map(make_data)
                    .collect()
            } else {
                files.filter_map(make_data).collect()
            }
        },
    );
    problems.extend(page_problems);
    problems.extend(data_problems);
    (problems, page_paths)
}
