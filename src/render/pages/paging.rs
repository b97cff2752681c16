//! Long lists over several pages: the first page at the list's own address, page `n` at
//! `<list>page/<n>/` ([`page_path`]), `page_size` (site.yaml) entries a page, and the
//! pagination links every page of a list shows ([`Pagination`], `partials/pagination.html`).
//! A list that fits on one page has no pagination: its page is as it was before lists had
//! pages.

use crate::model::Site;
use crate::render::pages::lists::{ActorList, Items};
use crate::render::templates::Strings;
use crate::render::urls;
use crate::render::views::Lang;
use crate::render::{Job, PageKey};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many page numbers the links name on either side of the current page (besides the
/// first and the last), so that a list of a thousand pages does not link every one from each.
const AROUND: usize = 2;

/// How many pages a list of `total` entries takes (at least one, even when empty).
pub fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// The path of page `n` (from 1) of the list at `base` (`actors/` → `actors/page/2/`).
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// A page of a list: its number, its path and which entries it shows.
pub struct Page<'s, T> {
    pub number: usize,
    pub path: String,
    pub entries: &'s [T],
}

/// The pages of `entries` as a list at `base`.
pub fn pages<'s, T>(base: &str, entries: &'s [T], size: usize) -> Vec<Page<'s, T>> {
    let count = page_count(entries.len(), size);
    (1..=count)
        .map(|n| {
            let from = ((n - 1) * size).min(entries.len());
            let to = (n * size).min(entries.len());
            Page {
                number: n,
                path: page_path(base, n),
                entries: &entries[from..to],
            }
        })
        .collect()
}

/// The pagination of one page, for templates (`pagination`).
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// The number of this page, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub count: usize,
    /// The navigation's accessible name ("Pages of the list").
    pub label: String,
    /// "Page 2 of 5".
    pub status: String,
    /// The first page, the previous and the next (none before the first, after the last).
    pub first: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The numbered links: the first and last page, and those around the current one; `gap`
    /// where numbers are left out.
    pub links: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

impl Pagination {
    /// The pagination of page `current` of `count` of the list at `base`; `None` when the list
    /// has one page.
    pub fn new(
        l: &Lang<'_>,
        t: &Strings,
        base: &str,
        current: usize,
        count: usize,
    ) -> Option<Pagination> {
        if count <= 1 {
            return None;
        }
        let url = |n: usize| l.urls.link(&page_path(base, n));
        let mut links = Vec::new();
        let mut last = 0;
        for n in 1..=count {
            let shown = n == 1 || n == count || n.abs_diff(current) <= AROUND;
            if !shown {
                continue;
            }
            if n > last + 1 {
                links.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                });
            }
            links.push(PageLink {
                number: n,
                url: url(n),
                current: n == current,
                gap: false,
            });
            last = n;
        }
        Some(Pagination {
            current,
            count,
            label: t.tr("pagination"),
            status: page_of(t, current, count),
            first: url(1),
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < count).then(|| url(current + 1)),
            links,
        })
    }
}

/// "Page 2 of 5" in the theme's words (`page_of`, with `%n` and `%total`).
pub fn page_of(t: &Strings, n: usize, count: usize) -> String {
    t.tr("page_of")
        .replace("%total", &count.to_string())
        .replace("%n", &n.to_string())
}

/// The title of page `n` of a list titled `title`: the title itself on the first page, with
/// "page n of m" after it on the others, so that every page has a title of its own.
pub fn title(t: &Strings, title: &str, n: usize, count: usize) -> String {
    if n <= 1 {
        title.to_string()
    } else {
        format!("{title} – {}", page_of(t, n, count))
    }
}

/// The pages of the list of actors `list` (positions among the site's actors, in list order)
/// at `path`: each rendered with `template` and `data`, and with `pagination` (and
/// `later_page` on all but the first) when there is more than one; with `keys`, each with
/// what it is made of ([`PageKey`], for a supply that compares pages).
#[allow(clippy::too_many_arguments)]
pub fn list_jobs<'j>(
    l: &Lang<'_>,
    t: &Strings,
    path: &str,
    template: &'static str,
    title: &str,
    data: tera::Context,
    items: &'j Items<'j>,
    list: &[usize],
    keys: bool,
) -> Vec<Job<'j>> {
    let pages = pages(path, list, l.config().page_size);
    let count = pages.len();
    pages
        .into_iter()
        .map(|p| {
            let mut ctx = data.clone();
            if let Some(nav) = Pagination::new(l, t, path, p.number, count) {
                ctx.insert("pagination", &nav);
                ctx.insert("later_page", &(p.number > 1));
            }
            let title = self::title(t, title, p.number, count);
            let key = keys.then(|| {
                let mut data = ctx.clone();
                data.insert("actor_total", &list.len());
                PageKey {
                    template,
                    title: title.clone(),
                    data,
                    actors: p.entries.to_vec(),
                }
            });
            Job {
                path: p.path,
                template,
                title,
                data: ctx,
                later: None,
                list: Some(ActorList::page(items, p.entries.to_vec(), list.len())),
                key,
            }
        })
        .collect()
}

/// How many pages each list of the site that takes more than one has, by its path; the same in
/// every language. When these differ between two versions of a site, pages appear or
/// disappear, and so do links to them on other pages.
pub fn page_counts(site: &Site) -> BTreeMap<String, usize> {
    let size = site.config.page_size;
    let mut types: FxHashMap<&str, usize> = FxHashMap::default();
    let mut sectors: FxHashMap<&str, usize> = FxHashMap::default();
    let mut campuses: FxHashMap<&str, usize> = FxHashMap::default();
    // The lists leave out actors that closed, merged or were bought (`lists.rs`): so do their
    // page counts, or such a change would not be seen to add or remove pages.
    let listed: Vec<&crate::model::Actor> = site.actors.iter().filter(|a| !a.life.gone()).collect();
    for a in &listed {
        *types.entry(a.kind.as_str()).or_default() += 1;
        for s in &a.sectors {
            *sectors.entry(s.as_str()).or_default() += 1;
        }
        for c in &a.campuses {
            *campuses.entry(c.as_str()).or_default() += 1;
        }
    }
    let mut counts = BTreeMap::new();
    counts.insert("actors/".to_string(), page_count(listed.len(), size));
    let named = [
        (types, urls::actor_type as fn(&str) -> String),
        (sectors, urls::sector),
        (campuses, super::campus::actors_path),
    ];
    for (by, path) in named {
        for (key, n) in by {
            counts.insert(path(key), page_count(n, size));
        }
    }
    for p in &site.pages {
        if p.layout == crate::model::PageLayout::Guide {
            counts.insert(
                urls::page(&p.slug),
                page_count(super::guide::entries(site), size),
            );
        }
    }
    counts.retain(|_, n| *n > 1);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_a_list_and_the_first_keeps_the_address() {
        let entries: Vec<usize> = (0..7).collect();
        let p = pages("types/x/", &entries, 3);
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["types/x/", "types/x/page/2/", "types/x/page/3/"]);
        assert_eq!(p[2].entries, &[6]);
        assert_eq!(pages("a/", &entries, 7).len(), 1);
        assert_eq!(pages::<usize>("a/", &[], 7).len(), 1);
        assert_eq!(page_count(8, 7), 2);
    }
}
