//! Actors' list items: the theme's `partials/actor_item.html` rendered once per actor and
//! language, and every list of actors (all of them, a type's, a sector's, a campus's by type,
//! the first page of the map's list) joined from those items in the order a reader of the
//! language expects. An actor appears in four or more lists; rendering its item once, instead
//! of through an include in every list, is what makes lists of 10,000 actors cheap to render,
//! and cheap to join again from items at hand when one actor changes.
//!
//! The item template sees `a` (the actor's card: `slug`, `name`, `summary`, `text_lang`,
//! `url`, `type`, `sectors`, `campuses`), `t` (the theme's strings) and `site`; not the
//! variables of the page the list is on.

use crate::diagnostic::Diagnostic;
use crate::model::{Actor, Site};
use crate::render::page::PageEnv;
use crate::render::views::{Lang, TermKind};
use crate::render::{Shared, Templates};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::Path;

/// The template every list item is rendered with.
pub const ITEM_TEMPLATE: &str = "partials/actor_item.html";

/// An actor's item and the key lists sort it by (its name as sorted in the language, then its
/// slug).
pub type Item = (String, (String, String));

/// Renders list items in one language.
pub struct ItemMaker<'a> {
    parts: CardParts,
    base: tera::Context,
    templates: &'a Templates,
    root: &'a Path,
}

impl<'a> ItemMaker<'a> {
    pub fn new(env: &PageEnv<'_>, templates: &'a Templates, root: &'a Path) -> ItemMaker<'a> {
        ItemMaker {
            parts: CardParts::new(&env.l),
            base: env.item_context(),
            templates,
            root,
        }
    }

    /// The item of `a`, or why its template failed.
    pub fn item(&self, l: &Lang<'_>, a: &Actor) -> Result<Item, Diagnostic> {
        let key = l.actor_order(a);
        let mut ctx = self.base.clone();
        ctx.insert_value("a", self.parts.card(l, a));
        let mut html = self.templates.render(ITEM_TEMPLATE, &ctx, self.root)?;
        // Tera starts its output at a few KiB; every item is held until its lists are made,
        // so an item holds only its bytes (a third of that, typically).
        html.shrink_to_fit();
        Ok((html, key))
    }
}

/// Every actor's item in one language, in the order of the site's actors (by slug).
pub struct Items<'a> {
    site: &'a Site,
    html: Cow<'a, [String]>,
    keys: Cow<'a, [(String, String)]>,
    /// The actors sorted by their keys, when known ([`sorted`]).
    order: Option<&'a [usize]>,
    /// Every list, when known ([`Items::all_lists`]).
    lists: Option<&'a Lists>,
}

/// Positions among the site's actors, sorted by the actors' keys.
pub fn sorted(keys: &[(String, String)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|i, j| keys[*i].cmp(&keys[*j]));
    order
}

impl<'a> Items<'a> {
    /// Renders every actor's item (side by side). A template that fails gives its first
    /// error; the items are then incomplete, and so is the render.
    pub fn new(l: &Lang<'a>, maker: &ItemMaker<'_>) -> (Items<'a>, Option<Diagnostic>) {
        let (items, problem) = Items::render_all(l, maker);
        let (html, keys): (Vec<String>, Vec<(String, String)>) = items.into_iter().unzip();
        (Items::from_parts(l.site, html, keys), problem)
    }

    /// Every actor's item, in the order of the site's actors, and the first error.
    pub fn render_all(l: &Lang<'_>, maker: &ItemMaker<'_>) -> (Vec<Item>, Option<Diagnostic>) {
        use rayon::prelude::*;
        let results: Vec<Result<Item, Diagnostic>> =
            l.site.actors.par_iter().map(|a| maker.item(l, a)).collect();
        let mut problem = None;
        let items = results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|d| {
                    problem.get_or_insert(d);
                    (String::new(), (String::new(), String::new()))
                })
            })
            .collect();
        (items, problem)
    }

    pub fn from_parts(
        site: &'a Site,
        html: impl Into<Cow<'a, [String]>>,
        keys: impl Into<Cow<'a, [(String, String)]>>,
    ) -> Items<'a> {
        Items {
            site,
            html: html.into(),
            keys: keys.into(),
            order: None,
            lists: None,
        }
    }

    /// The same items, with every list ([`Items::all_lists`]) known.
    pub fn listed_as(self, lists: &'a Lists) -> Items<'a> {
        Items {
            lists: Some(lists),
            ..self
        }
    }

    /// The same items, with their order ([`sorted`] of their keys) known.
    pub fn sorted_as(self, order: &'a [usize]) -> Items<'a> {
        Items {
            order: Some(order),
            ..self
        }
    }

    /// Where `a` stands among the site's actors.
    fn at(&self, a: &Actor) -> Option<usize> {
        self.site.actor_index(a)
    }

    /// The items of `actors`, in the order given, as one piece of HTML.
    pub fn html_of<'b>(&self, actors: impl Iterator<Item = &'b Actor>) -> String {
        let mut html = String::new();
        for i in actors.filter_map(|a| self.at(a)) {
            html.push_str(&self.html[i]);
        }
        html
    }

    /// Every list that `part` names, sorted by name as a reader of this language expects
    /// (then by slug).
    pub fn lists(&self, part: &Shared) -> Lists {
        match self.lists {
            Some(all) => all.named(part),
            None => self.list_all(Some(part)),
        }
    }

    /// Every list of the language.
    pub fn all_lists(&self) -> Lists {
        self.list_all(None)
    }

    /// The lists `part` names (all without it), made in one pass over the sorted actors.
    fn list_all(&self, part: Option<&Shared>) -> Lists {
        let order = match self.order {
            Some(order) => order.to_vec(),
            None => sorted(&self.keys),
        };
        let wanted = |kind, key: &str| part.is_none_or(|p| p.term(kind, key));
        let mut lists = Lists::default();
        for &i in &order {
            let a = membership(&self.site.actors[i]);
            if !a.listed {
                continue;
            }
            if wanted(TermKind::Type, &a.kind) {
                push(&mut lists.types, &a.kind, i);
            }
            for s in a.sectors.iter().filter(|s| wanted(TermKind::Sector, s)) {
                push(&mut lists.sectors, s, i);
            }
            for c in a
                .campuses
                .iter()
                .filter(|c| part.is_none_or(|p| p.campus(c)))
            {
                let list = match lists.campuses.get_mut(c.as_str()) {
                    Some(list) => list,
                    None => lists.campuses.entry(c.clone()).or_default(),
                };
                push(list, &a.kind, i);
            }
        }
        lists.all = listed(&self.site.actors, &order);
        lists
    }

    /// The items of a list of [`Items::lists`].
    pub fn join(&self, list: &[usize]) -> List {
        let mut html = String::with_capacity(self.len_of(list));
        self.push_to(&mut html, list);
        List {
            count: list.len(),
            html,
        }
    }

    /// Sorts positions among the site's actors into list order.
    pub fn sort(&self, list: &mut [usize]) {
        list.sort_unstable_by(|i, j| self.keys[*i].cmp(&self.keys[*j]));
    }

    /// How long the items of `list` are together.
    fn len_of(&self, list: &[usize]) -> usize {
        list.iter().map(|i| self.html[*i].len()).sum()
    }

    /// Appends the items of `list` to `html`.
    fn push_to(&self, html: &mut String, list: &[usize]) {
        for i in list {
            html.push_str(&self.html[*i]);
        }
    }
}

/// The list of actors a page shows ([`crate::render::Job::list`]): positions among the site's actors,
/// in list order, and the items they are joined from. The page sees `actor_total` (how many)
/// and `actor_items` (their HTML).
pub struct ActorList<'a> {
    items: &'a Items<'a>,
    list: Vec<usize>,
    /// How many the whole list has (more than `list` on a page of a longer list).
    total: usize,
}

/// What a page is rendered with in place of its list's items when they are put in afterwards
/// ([`ActorList::render`]); a text no template or record is expected to hold (and where one
/// does, the page is rendered the plain way).
const STAND_IN: &str = "\u{1}ecoatlas:actor_items\u{1}";

impl<'a> ActorList<'a> {
    /// One page of a list of `total` actors: those of `list`.
    pub fn page(items: &'a Items<'a>, list: Vec<usize>, total: usize) -> ActorList<'a> {
        ActorList { items, list, total }
    }

    /// Renders `template` with `ctx` and the list. The items of a long list come to megabytes,
    /// and the template engine copies a value at each step that prints it; so where the theme's
    /// templates only ever print `actor_items` whole ([`Templates::prints_items_whole`]), the
    /// page is rendered around a short stand-in that the items then replace, joined straight
    /// into the page. Both ways give the same page.
    pub fn render(
        self,
        templates: &Templates,
        template: &str,
        mut ctx: tera::Context,
        root: &Path,
    ) -> Result<String, Diagnostic> {
        ctx.insert("actor_total", &self.total);
        if templates.prints_items_whole() {
            ctx.insert("actor_items", STAND_IN);
            let page = templates.render(template, &ctx, root)?;
            if let Some(at) = only_once(&page, STAND_IN) {
                let (before, after) = (&page[..at], &page[at + STAND_IN.len()..]);
                let mut html = String::with_capacity(
                    before.len() + self.items.len_of(&self.list) + after.len(),
                );
                html.push_str(before);
                self.items.push_to(&mut html, &self.list);
                html.push_str(after);
                return Ok(html);
            }
        }
        let list = self.items.join(&self.list);
        ctx.insert_value("actor_items", list.html.into());
        templates.render(template, &ctx, root)
    }
}

/// Where `needle` is in `text`, if it is there exactly once.
fn only_once(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    (!text[at + needle.len()..].contains(needle)).then_some(at)
}

/// Adds position `i` to the list of `key`.
fn push(lists: &mut FxHashMap<String, Vec<usize>>, key: &str, i: usize) {
    match lists.get_mut(key) {
        Some(list) => list.push(i),
        None => {
            lists.insert(key.to_string(), vec![i]);
        }
    }
}

/// What the lists of actors ([`Items::lists`]) read of an actor besides its place in their
/// order ([`Lang::actor_order`]): its type, sectors and campuses. Compare two to know whether
/// the actor is in the same lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership<'a> {
    /// In the lists at all: active (closed, merged and acquired actors are left out).
    pub listed: bool,
    pub kind: Cow<'a, str>,
    pub sectors: Cow<'a, [String]>,
    pub campuses: Cow<'a, [String]>,
}

impl Membership<'_> {
    pub fn into_owned(self) -> Membership<'static> {
        Membership {
            listed: self.listed,
            kind: Cow::Owned(self.kind.into_owned()),
            sectors: Cow::Owned(self.sectors.into_owned()),
            campuses: Cow::Owned(self.campuses.into_owned()),
        }
    }
}

/// The lists actor `a` is in.
pub fn membership(a: &Actor) -> Membership<'_> {
    Membership {
        listed: !a.life.gone(),
        kind: Cow::Borrowed(&a.kind),
        sectors: Cow::Borrowed(&a.sectors),
        campuses: Cow::Borrowed(&a.campuses),
    }
}

/// The lists of actors in one language ([`Items::lists`]) as positions among the site's
/// actors: all of them, and by the key of their type, sector, or campus and type.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct Lists {
    pub all: Vec<usize>,
    pub types: FxHashMap<String, Vec<usize>>,
    pub sectors: FxHashMap<String, Vec<usize>>,
    pub campuses: FxHashMap<String, FxHashMap<String, Vec<usize>>>,
}

impl Lists {
    /// The lists of these that `part` names.
    fn named(&self, part: &Shared) -> Lists {
        let pick = |lists: &FxHashMap<String, Vec<usize>>, kind| {
            lists
                .iter()
                .filter(|(k, _)| part.term(kind, k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        Lists {
            all: self.all.clone(),
            types: pick(&self.types, TermKind::Type),
            sectors: pick(&self.sectors, TermKind::Sector),
            campuses: self
                .campuses
                .iter()
                .filter(|(c, _)| part.campus(c))
                .map(|(c, v)| (c.clone(), v.clone()))
                .collect(),
        }
    }

    /// The list of a type or sector (empty when it has no actors).
    pub fn term(&mut self, kind: TermKind, key: &str) -> Vec<usize> {
        let lists = match kind {
            TermKind::Type => &mut self.types,
            TermKind::Sector => &mut self.sectors,
        };
        lists.remove(key).unwrap_or_default()
    }
}

/// The actors of `order` that lists show (active ones), in that order.
pub fn listed(actors: &[Actor], order: &[usize]) -> Vec<usize> {
    order
        .iter()
        .copied()
        .filter(|i| actors.get(*i).is_some_and(|a| !a.life.gone()))
        .collect()
}

/// A list of actors, ready for a template.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct List {
    /// How many actors the list has.
    pub count: usize,
    /// Their items, in order.
    pub html: String,
}

/// The parts of cards that many cards have in common, as template values made once and shared
/// by every card (template values share what they hold): a card costs its own texts only.
pub struct CardParts {
    types: FxHashMap<String, tera::Value>,
    sectors: FxHashMap<String, tera::Value>,
    campuses: FxHashMap<String, tera::Value>,
}

impl CardParts {
    pub fn new(l: &Lang<'_>) -> CardParts {
        let config = &l.site.config;
        let terms = |kind, keys: Vec<&String>| {
            keys.into_iter()
                .map(|k| (k.clone(), tera::Value::from_serializable(&l.term(kind, k))))
                .collect()
        };
        CardParts {
            types: terms(TermKind::Type, config.actor_types.keys().collect()),
            sectors: terms(TermKind::Sector, config.sectors.keys().collect()),
            campuses: l
                .site
                .campuses
                .iter()
                .map(|c| {
                    let link = tera::Value::from_serializable(&l.campus_link(c));
                    (c.slug.clone(), link)
                })
                .collect(),
        }
    }

    /// The card of `a` as a template value: the same as converting
    /// [`Lang::actor_card`] whole, with the shared parts shared.
    pub fn card(&self, l: &Lang<'_>, a: &Actor) -> tera::Value {
        let term = |made: &FxHashMap<String, tera::Value>, kind, key: &str| {
            made.get(key)
                .cloned()
                .unwrap_or_else(|| tera::Value::from_serializable(&l.term(kind, key)))
        };
        let sectors: Vec<tera::Value> = a
            .sectors
            .iter()
            .map(|s| term(&self.sectors, TermKind::Sector, s))
            .collect();
        let campuses: Vec<tera::Value> = a
            .campuses
            .iter()
            .filter_map(|c| self.campuses.get(c).cloned())
            .collect();
        let mut map = tera::Map::default();
        map.insert("slug".into(), a.slug.as_str().into());
        map.insert("name".into(), a.name_in(l.lang, l.default_lang).into());
        map.insert(
            "summary".into(),
            a.summary_in(l.lang, l.default_lang).into(),
        );
        map.insert("text_lang".into(), l.card_text_lang(a).into());
        map.insert("url".into(), l.actor_url(a).into());
        map.insert("type".into(), term(&self.types, TermKind::Type, &a.kind));
        map.insert("sectors".into(), sectors.into());
        map.insert("campuses".into(), campuses.into());
        map.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared card is the card converted whole: themes see the same value either way.
    #[test]
    fn a_card_with_shared_parts_is_the_card_converted_whole() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = crate::config::SiteConfig::load(&root).expect("config");
        let (site, _) = crate::load::load_site(&root, config);
        let index = crate::render::views::SiteIndex::new(&site, "2026-11-22".into());
        for lang in &site.config.languages {
            let l = Lang {
                site: &site,
                index: &index,
                lang,
                default_lang: site.config.default_language(),
                urls: crate::render::urls::Urls::new(
                    "/",
                    None,
                    lang,
                    site.config.default_language(),
                ),
            };
            let parts = CardParts::new(&l);
            assert!(!site.actors.is_empty());
            for a in &site.actors {
                let whole = tera::Value::from_serializable(&l.actor_card(a));
                assert_eq!(parts.card(&l, a), whole, "{} in {lang}", a.slug);
            }
        }
    }
}
