//! The pages of one language: what each renders with which data.

pub(crate) mod campus;
pub(crate) mod facts;
pub(crate) mod guide;
pub(crate) mod indicators;
pub(crate) mod lists;
pub(crate) mod news;
pub(crate) mod paging;
pub(crate) mod stats;

use crate::model::{text_or_default, Actor, PageLayout};
use crate::render::map;
use crate::render::page;
use crate::render::pages::lists::Items;
use crate::render::provenance::ProvenanceView;
use crate::render::share;
use crate::render::templates::Strings;
use crate::render::views::{Lang, TermKind};
use crate::render::{urls, Job, Shared, SiteStats, SCHEMA_VERSION};
use std::collections::BTreeMap;

/// An actor's own page. `config` is the map configuration of actor pages
/// ([`map::config::FocusedConfig`]).
pub fn actor_job(l: &Lang<'_>, config: &map::config::FocusedConfig, a: &Actor) -> Job<'static> {
    let view = l.actor_view(a);
    let mut ctx = tera::Context::new();
    ctx.insert("map_config", &config.for_slug(&a.slug));
    ctx.insert("actor", &view);
    // The file this language's text comes from: its translation, else the record.
    let file = match a.translation_files.get(l.lang) {
        Some(f) if l.lang != l.default_lang => f,
        _ => &a.origin.file,
    };
    let path = urls::actor(&a.slug);
    ctx.insert("edit", &l.edit_links(file, &view.card.name, &path));
    ctx.insert("provenance", &ProvenanceView::of(&a.provenance));
    ctx.insert(share::LD, &share::actor_ld(l, a));
    ctx.insert(share::DESCRIPTION, &view.card.summary);
    Job {
        path,
        template: "actor.html",
        title: view.card.name.clone(),
        data: ctx,
        later: None,
        list: None,
        key: None,
    }
}

/// Every page of one language but the actors' own pages ([`actor_job`]) that `part` names, in
/// the order the sitemap lists them after the actors' pages: the map, the embeddable map and
/// the pages of the list of actors come first (as many as the number returned), the rest after.
pub fn shared_jobs<'j>(
    l: &'j Lang<'_>,
    t: &Strings,
    map_data: &map::data::MapData<'_>,
    items: &'j Items<'_>,
    part: &Shared,
    figures: &SiteStats,
) -> (Vec<Job<'j>>, usize) {
    let site = l.site;
    // What each page that shows many actors is made of, only for a supply that compares them.
    let page_keys = part.supply.is_some();
    let mut lists = items.lists(part);
    let mut jobs = Vec::new();
    // Each type and sector with how many actors it has.
    let with_counts = |kind, keys: Vec<&String>, by: &BTreeMap<String, usize>| -> Vec<_> {
        keys.into_iter()
            .map(|k| {
                let mut v = serde_json::to_value(l.term(kind, k)).unwrap_or_default();
                v["count"] = by.get(k.as_str()).copied().unwrap_or(0).into();
                v
            })
            .collect()
    };
    let types = with_counts(
        TermKind::Type,
        site.config.actor_types.keys().collect(),
        &figures.by_type,
    );
    let sectors = with_counts(
        TermKind::Sector,
        site.config.sectors.keys().collect(),
        &figures.by_sector,
    );
    let campuses: Vec<_> = site.campuses.iter().map(|c| l.campus_card(c)).collect();
    let facets = map::data::facets(l, map_data);

    // The map page's list starts with the first page of actors, so that it is there before
    // (and without) JavaScript; the script redraws it with the visitor's filters.
    let first_page = items.html_of(map_data.actors.iter().take(map::config::LIST_PAGE).copied());
    // Actors the map cannot show (`location: unknown`): named under its list, so that the list
    // stays the map's equivalent without hiding that they exist.
    let mut unplaced: Vec<_> = site
        .actors
        .iter()
        .filter(|a| a.location_unknown)
        .map(|a| l.actor_link(a))
        .collect();
    unplaced.sort_by_cached_key(|a| (crate::slug::sort_key(l.lang, &a.name), a.url.clone()));
    // The embeddable map names none of them: it keeps its minimal chrome.
    for (path, template, focus, title, listed, named) in [
        (
            String::new(),
            "map.html",
            map::config::Focus::Map,
            page::text(&site.config.title, l),
            first_page,
            &unplaced[..],
        ),
        (
            urls::EMBED.to_string(),
            "embed.html",
            map::config::Focus::Embed,
            t.tr("map"),
            String::new(),
            &[][..],
        ),
    ] {
        let mut ctx = tera::Context::new();
        ctx.insert_value("list_items", listed.into());
        ctx.insert("unplaced", named);
        ctx.insert("actor_total", &map_data.actors.len());
        ctx.insert("types", &types);
        ctx.insert("sectors", &sectors);
        ctx.insert("facets", &facets);
        ctx.insert("map_config", &map::config::map_config(l, t, focus));
        jobs.push(Job {
            path,
            template,
            title,
            data: ctx,
            later: None,
            list: None,
            key: None,
        });
    }

    let mut ctx = tera::Context::new();
    ctx.insert("types", &types);
    jobs.extend(paging::list_jobs(
        l,
        t,
        "actors/",
        "actors.html",
        &t.tr("actors"),
        ctx,
        items,
        &lists.all,
        page_keys,
    ));
    let leading = jobs.len();

    let mut ctx = tera::Context::new();
    ctx.insert("campuses", &campuses);
    jobs.push(Job {
        path: "campuses/".into(),
        template: "campuses.html",
        title: t.tr("campuses"),
        data: ctx,
        later: None,
        list: None,
        key: None,
    });

    for c in site.campuses.iter().filter(|c| part.campus(&c.slug)) {
        let groups = lists.campuses.remove(c.slug.as_str()).unwrap_or_default();
        jobs.extend(campus::jobs(l, t, c, items, groups, page_keys));
    }

    for (kind, keys) in [
        (
            TermKind::Type,
            site.config.actor_types.keys().collect::<Vec<_>>(),
        ),
        (TermKind::Sector, site.config.sectors.keys().collect()),
    ] {
        for key in keys.into_iter().filter(|k| part.term(kind, k)) {
            let term = l.term(kind, key);
            let list = lists.term(kind, key);
            let mut ctx = tera::Context::new();
            ctx.insert("term", &term);
            ctx.insert(
                "term_kind",
                match kind {
                    TermKind::Type => "type",
                    TermKind::Sector => "sector",
                },
            );
            let path = match kind {
                TermKind::Type => urls::actor_type(key),
                TermKind::Sector => urls::sector(key),
            };
            let title = term.label.clone();
            jobs.extend(paging::list_jobs(
                l,
                t,
                &path,
                "term.html",
                &title,
                ctx,
                items,
                &list,
                page_keys,
            ));
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
        let path = urls::page(&p.slug);
        ctx.insert(
            "edit",
            &l.edit_links(&text.body_source.file, &text.title, &path),
        );
        ctx.insert("provenance", &ProvenanceView::of(&p.provenance));
        match p.layout {
            PageLayout::Page => jobs.push(Job {
                path,
                template: "page.html",
                title: text.title,
                data: ctx,
                later: None,
                list: None,
                key: None,
            }),
            PageLayout::Guide => {
                let size = site.config.page_size;
                let plan = std::sync::Arc::new(guide::GuidePlan::new(l, t));
                let count = plan.page_count(size);
                for n in 1..=count {
                    let mut ctx = ctx.clone();
                    if let Some(nav) = paging::Pagination::new(l, t, &path, n, count) {
                        ctx.insert("pagination", &nav);
                        ctx.insert("later_page", &(n > 1));
                    }
                    let title = paging::title(t, &text.title, n, count);
                    let template = "guide.html";
                    let key =
                        page_keys.then(|| plan.key(l, &path, n, size, template, &title, &ctx));
                    let (plan, base) = (plan.clone(), path.clone());
                    jobs.push(Job {
                        path: paging::page_path(&path, n),
                        template,
                        title,
                        data: ctx,
                        later: Some(Box::new(move |ctx| {
                            ctx.insert("guide", &plan.page(l, &base, n, size));
                        })),
                        list: None,
                        key,
                    });
                }
            }
        }
    }

    jobs.extend(news::jobs(l, t));

    let mut ctx = tera::Context::new();
    ctx.insert("schema_version", &SCHEMA_VERSION);
    ctx.insert("actor_total", &site.actors.len());
    ctx.insert("campus_total", &site.campuses.len());
    jobs.push(Job {
        path: "data/".into(),
        template: "data.html",
        title: t.tr("open_data"),
        data: ctx,
        later: None,
        list: None,
        key: None,
    });

    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html",
        title: t.tr("not_found_title"),
        data: tera::Context::new(),
        later: None,
        list: None,
        key: None,
    });
    (jobs, leading)
}
