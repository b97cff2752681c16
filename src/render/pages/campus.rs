//! Campus and innovation-node pages: the node's text, specialties and area, its actors by type,
//! the relations of those actors, its news, a small map, and its nearest neighbours.

use crate::geo;
use crate::model::{text_or_default, Actor, Campus};
use crate::render::map;
use crate::render::pages::lists::{Items, List};
use crate::render::templates::Strings;
use crate::render::views::{Lang, Link, TermKind, TermView};
use crate::render::{format, urls, Job, PageKey};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// How many neighbouring nodes a campus page names.
pub const NEIGHBOURS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct TypeGroup {
    #[serde(rename = "type")]
    pub kind: TermView,
    /// The actors of the type, as list items ([`Items`]).
    pub actors: List,
}

#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    pub campus: Link,
    pub slug: String,
    pub km: f64,
    /// The distance written for this language (`12,3 km`).
    pub distance: String,
}

/// The other campuses nearest to `c` by the distance between their centres, nearest first.
pub fn neighbours<'a>(c: &Campus, all: &'a [Campus]) -> Vec<(&'a Campus, f64)> {
    let mut others: Vec<(&Campus, f64)> = all
        .iter()
        .filter(|o| o.slug != c.slug)
        .map(|o| (o, geo::distance_km(c.centre, o.centre)))
        .collect();
    others.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.slug.cmp(&b.0.slug)));
    others.truncate(NEIGHBOURS);
    others
}

/// The relations from or to an actor at campus `c` (`here`, the actors there), sorted by
/// the names of both ends, for the template: each `{from, kind, label, actor}`, `from` and
/// `actor` being links (`{name, url}`); at most `shown` of them (the first by those names), with
/// how many there are in all. Made when the page renders: at 100,000 actors a campus has tens
/// of thousands, and all campuses' at once would hold hundreds of MiB.
fn relations<'a>(
    l: &Lang<'a>,
    touching: Vec<(&'a Actor, usize)>,
    shown: usize,
) -> (tera::Value, usize) {
    // Each end's sort key, made once however many relations it is in; links only for the
    // relations shown.
    let mut ends = Ends::default();
    // Each relation type's label, looked up once (`None`: a type the site does not name).
    let mut labels: FxHashMap<&str, Option<tera::Value>> = FxHashMap::default();
    // (from, to, kind, place in `touching`), the ends as indices into `ends`.
    let mut rows: Vec<(usize, usize, &str, usize)> = Vec::with_capacity(touching.len());
    for (place, (a, i)) in touching.into_iter().enumerate() {
        let r = &a.relations[i];
        let label = labels.entry(r.kind.as_str()).or_insert_with(|| {
            let rt = l.config().relation_types.get(&r.kind)?;
            Some(l.text(&rt.label).into())
        });
        if label.is_none() {
            continue;
        }
        let Some(to) = ends.of_slug(l, &r.target) else {
            continue;
        };
        let from = ends.of(l, a);
        rows.push((from, to, r.kind.as_str(), place));
    }
    let total = rows.len();
    // By the names of both ends and the kind; relations alike in all three keep the order of
    // `touching`. Only the first `shown` are sorted.
    let order = |x: &(usize, usize, &str, usize), y: &(usize, usize, &str, usize)| {
        (ends.key(x.0), ends.key(x.1), x.2, x.3).cmp(&(ends.key(y.0), ends.key(y.1), y.2, y.3))
    };
    if shown < rows.len() {
        rows.select_nth_unstable_by(shown, order);
        rows.truncate(shown);
    }
    rows.sort_unstable_by(order);
    let rows: Vec<tera::Value> = rows
        .into_iter()
        .map(|(from, to, kind, _)| {
            let mut row = tera::Map::default();
            row.insert("from".into(), ends.link(l, from));
            row.insert("kind".into(), kind.into());
            // Every row's kind has a label: rows without one were left out above.
            if let Some(Some(label)) = labels.get(kind) {
                row.insert("label".into(), label.clone());
            }
            row.insert("actor".into(), ends.link(l, to));
            tera::Value::from(row)
        })
        .collect();
    (tera::Value::from(rows), total)
}

/// The relations from or to an actor at campus `c` (`here`, the actors there), as each one's
/// actor and its place among the actor's relations, in the order of the site's actors and their
/// records.
fn touching<'a>(l: &Lang<'a>, c: &Campus, here: &[&'a Actor]) -> Vec<(&'a Actor, usize)> {
    let mut touching: Vec<(&Actor, usize)> = Vec::new();
    for a in here {
        touching.extend((0..a.relations.len()).map(|i| (*a, i)));
        for (from, r) in l.index.incoming.get(a.slug.as_str()).into_iter().flatten() {
            if !from.campuses.contains(&c.slug) {
                let i = from.relations.iter().position(|x| std::ptr::eq(x, *r));
                touching.extend(i.map(|i| (*from, i)));
            }
        }
    }
    touching.sort_by(|x, y| x.0.slug.cmp(&y.0.slug).then(x.1.cmp(&y.1)));
    touching.dedup_by(|x, y| std::ptr::eq(x.0, y.0) && x.1 == y.1);
    touching
}

/// The actors at either end of a campus's relations: each one's sort key once.
#[derive(Default)]
struct Ends<'a> {
    at: FxHashMap<&'a str, usize>,
    ends: Vec<(String, &'a Actor)>,
}

impl<'a> Ends<'a> {
    fn of(&mut self, l: &Lang<'_>, a: &'a Actor) -> usize {
        if let Some(i) = self.at.get(a.slug.as_str()) {
            return *i;
        }
        let key = crate::slug::sort_key(l.lang, a.name_in(l.lang, l.default_lang));
        self.ends.push((key, a));
        self.at.insert(&a.slug, self.ends.len() - 1);
        self.ends.len() - 1
    }

    fn of_slug(&mut self, l: &Lang<'a>, slug: &str) -> Option<usize> {
        match self.at.get(slug) {
            Some(i) => Some(*i),
            None => l.actor(slug).map(|a| self.of(l, a)),
        }
    }

    fn key(&self, i: usize) -> &str {
        &self.ends[i].0
    }

    fn link(&self, l: &Lang<'_>, i: usize) -> tera::Value {
        tera::Value::from_serializable(&l.actor_link(self.ends[i].1))
    }
}

/// The link from a campus page to the full list of its actors.
#[derive(Debug, Clone, Serialize)]
pub struct AllActors {
    pub label: String,
    pub url: String,
}

/// The full list of the actors of campus `slug`, when its page cannot show them all.
pub fn actors_path(slug: &str) -> String {
    format!("{}actors/", urls::campus(slug))
}

/// The page of campus `c`, and when it has more actors than a page of a list holds, the pages
/// of the list of them all ([`actors_path`]); the campus page then shows the first of each
/// type. `groups` are its actors by type, as [`Items::lists`] gives them. With `keys`, each
/// page says what it is made of ([`PageKey`]).
pub fn jobs<'j>(
    l: &'j Lang<'_>,
    t: &Strings,
    c: &'j Campus,
    items: &'j Items<'_>,
    groups: FxHashMap<String, Vec<usize>>,
    keys: bool,
) -> Vec<Job<'j>> {
    let size = l.config().page_size;
    let total: usize = groups.values().map(Vec::len).sum();
    if total <= size {
        return vec![job(l, t, c, items, groups, None, keys)];
    }
    let mut all: Vec<usize> = groups.values().flatten().copied().collect();
    items.sort(&mut all);
    let name = l.campus_link(c).name;
    let path = actors_path(&c.slug);
    let label = t
        .tr("campus_all_actors")
        .replace("%total", &format::int(total as u64, l.lang));
    let full = AllActors {
        label,
        url: l.urls.link(&path),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("campus", &l.campus_card(c));
    ctx.insert("back", &t.tr("back_to_campus").replace("%campus", &name));
    let title = t.tr("campus_actors_title").replace("%campus", &name);
    let mut jobs = vec![job(l, t, c, items, groups, Some(full), keys)];
    jobs.extend(super::paging::list_jobs(
        l,
        t,
        &path,
        "campus_actors.html",
        &title,
        ctx,
        items,
        &all,
        keys,
    ));
    jobs
}

/// The page of campus `c`, with the first actors of each type when `full` (the link to the
/// full list) is given, else all of them.
fn job<'j>(
    l: &'j Lang<'_>,
    t: &Strings,
    c: &'j Campus,
    items: &'j Items<'_>,
    mut groups: FxHashMap<String, Vec<usize>>,
    full: Option<AllActors>,
    keys: bool,
) -> Job<'j> {
    let size = l.config().page_size;
    let card = l.campus_card(c);
    let more = t.tr("relations_first");
    let prose = text_or_default(&c.prose, l.lang, l.default_lang)
        .map(|p| l.markdown(&p.body))
        .unwrap_or_default();
    let here: Vec<_> = l
        .index
        .actors_by_campus
        .get(c.slug.as_str())
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let mut by_type: Vec<(TermView, Vec<usize>)> = l
        .config()
        .actor_types
        .keys()
        .filter_map(|k| {
            let group = groups.remove(k.as_str()).filter(|g| !g.is_empty())?;
            Some((l.term(TermKind::Type, k), group))
        })
        .collect();
    by_type.sort_by_cached_key(|(kind, _)| crate::slug::sort_key(l.lang, &kind.label));
    let news: Vec<_> = l
        .index
        .news_by_campus
        .get(c.slug.as_str())
        .into_iter()
        .flatten()
        .map(|n| l.news_card(n))
        .collect();
    let neighbours: Vec<Neighbour> = neighbours(c, &l.site.campuses)
        .into_iter()
        .map(|(o, km)| Neighbour {
            campus: l.campus_link(o),
            slug: o.slug.clone(),
            km: (km * 10.0).round() / 10.0,
            distance: format!("{} km", format::decimal(km, 1, l.lang)),
        })
        .collect();
    let area = geo::area_km2(&c.shape).map(|a| {
        let decimals = if a < 10.0 { 2 } else { 1 };
        format!("{} km²", format::decimal(a, decimals, l.lang))
    });
    let mut ctx = tera::Context::new();
    ctx.insert("campus", &card);
    ctx.insert("prose_html", &prose);
    ctx.insert("specialties", c.specialties_in(l.lang, l.default_lang));
    ctx.insert("website", &c.website);
    ctx.insert("approximate", &c.approximate);
    ctx.insert("area", &area);
    ctx.insert("actor_total", &here.len());
    ctx.insert("all_actors", &full);
    ctx.insert("news", &news);
    ctx.insert("neighbours", &neighbours);
    ctx.insert(
        "map_config",
        &map::config::map_config(l, t, map::config::Focus::Campus(&c.slug)),
    );
    let path = urls::campus(&c.slug);
    ctx.insert("edit", &l.edit_links(&c.origin.file, &card.name, &path));
    ctx.insert(
        "provenance",
        &crate::render::provenance::ProvenanceView::of(&c.provenance),
    );
    ctx.insert(
        crate::render::share::LD,
        &crate::render::share::campus_ld(l, c),
    );
    ctx.insert(crate::render::share::DESCRIPTION, &card.summary);
    // What the page is made of: its data, how many actors of each type it has and which it
    // shows, and its relations (each as its actor's and its place among the actor's
    // relations), with the actors at both ends.
    let touching = touching(l, c, &here);
    let template = "campus.html";
    let key = keys.then(|| {
        let at = |a: &Actor| l.site.actor_index(a);
        let mut actors: Vec<usize> = by_type
            .iter()
            .flat_map(|(_, list)| list[..list.len().min(size)].iter().copied())
            .collect();
        let mut rows = Vec::with_capacity(touching.len());
        for (a, i) in &touching {
            rows.extend(at(a).map(|from| (from, *i)));
            actors.extend(at(a));
            actors.extend(l.actor(&a.relations[*i].target).and_then(at));
        }
        let mut data = ctx.clone();
        let groups: Vec<(&TermView, usize)> = by_type.iter().map(|(k, l)| (k, l.len())).collect();
        data.insert("campus_groups", &groups);
        data.insert("campus_relations", &rows);
        PageKey {
            template,
            title: card.name.clone(),
            data,
            actors,
        }
    });
    Job {
        path,
        template,
        title: card.name.clone(),
        data: ctx,
        later: Some(Box::new(move |ctx| {
            // A page of them at most: every actor's page lists its own, the open data all.
            let (rows, total) = relations(l, touching, size);
            ctx.insert_value("relations", rows);
            ctx.insert("relations_total", &total);
            ctx.insert(
                "relations_more",
                &(total > size).then(|| {
                    more.replace("%shown", &format::int(size as u64, l.lang))
                        .replace("%total", &format::int(total as u64, l.lang))
                }),
            );
            let by_type: Vec<TypeGroup> = by_type
                .into_iter()
                .map(|(kind, list)| TypeGroup {
                    kind,
                    actors: List {
                        count: list.len(),
                        html: items.join(&list[..list.len().min(size)]).html,
                    },
                })
                .collect();
            ctx.insert("actors_by_type", &by_type);
        })),
        list: None,
        key,
    }
}
