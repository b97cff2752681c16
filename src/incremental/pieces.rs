//! Per-actor pieces of the outputs that show every actor, kept between the partial renders of
//! the live preview ([`super`]): each actor's list item and its entries of
//! `actors.json`, `actors.csv`, `actors.geojson`, `relations.json`, `map.json` and
//! `map-text.json`, in every language, and what of each actor the map data, `relations.json`
//! and the key figures read. A partial render makes the pieces of the changed actors again and
//! splices the files from the pieces; a file whose pieces did not change is left as it is, and
//! so is every shared output of a language where no piece changed. The pieces are made by the
//! very functions a full render assembles those files from, so both give the same bytes.

use super::map as mapparts;
use crate::diagnostic::Diagnostic;
use crate::render::data::{self as files, exports, geojson as data, relations};
use crate::render::map::{data as mapdata, json as mapjson, text as maptext};
use crate::render::pages::lists::{self as items, Item, ItemMaker, Items};
use crate::render::views::Lang;
use crate::render::{LangSupply, PageKey, SiteStats, Supply};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

/// What a partial render may reuse: the kept pieces, and the actors whose pieces are to be made
/// again (every actor whose record changed since the pieces were made).
#[derive(Clone)]
pub struct Reuse {
    pub memo: Arc<Pieces>,
    pub changed: BTreeSet<String>,
}

impl std::fmt::Debug for Reuse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reuse")
            .field("changed", &self.changed)
            .finish_non_exhaustive()
    }
}

/// The kept pieces, per language; empty until a partial render makes them.
#[derive(Default)]
pub struct Pieces {
    langs: Mutex<BTreeMap<String, Arc<Mutex<Option<LangPieces>>>>>,
}

/// The pieces of one language, in the order of the site's actors (by slug).
pub struct LangPieces {
    slugs: Vec<String>,
    items: Vec<String>,
    keys: Vec<(String, String)>,
    /// The actors sorted by `keys` ([`items::sorted`]), kept so as the keys change
    /// ([`super::order::move_to_place`]); `None` until first needed.
    order: Option<Vec<usize>>,
    /// Every list of actors ([`Items::all_lists`]); `None` when an actor changed the lists it
    /// is in, or moved in `order` and the lists could not follow ([`super::order::move_in_lists`]).
    lists: Option<items::Lists>,
    json: Vec<Vec<u8>>,
    csv: Vec<Result<Vec<u8>, String>>,
    features: Vec<Option<Vec<u8>>>,
    relations: Vec<relations::RelationsKey>,
    relation_pieces: Vec<relations::RelationsPiece>,
    map: Vec<mapparts::MapKey>,
    map_parts: Option<mapparts::MapParts>,
    /// The actors' pieces of `map-text.json`, in the order of the site's actors (`None` for
    /// actors not on the map), made with the keywords of `map_parts` (`None` when those are
    /// made again).
    text: Option<Vec<Option<maptext::TextPiece>>>,
    /// Actors (positions among the site's actors) whose pieces of `text` are out of date.
    text_changed: Vec<usize>,
    figures: Option<SiteStats>,
    /// What each page that shows many actors was made of when it was last made ([`PageKey`]), by path.
    pages: Mutex<FxHashMap<String, PageKey>>,
}

impl LangPieces {
    fn new(l: &Lang<'_>, maker: &ItemMaker<'_>) -> (LangPieces, Option<Diagnostic>) {
        use rayon::prelude::*;
        let actors = &l.site.actors;
        let (items, problem) = Items::render_all(l, maker);
        let (items, keys) = items.into_iter().unzip();
        let vocabularies = mapjson::Vocabularies::new(l);
        let memo = LangPieces {
            slugs: actors.iter().map(|a| a.slug.clone()).collect(),
            items,
            keys,
            order: None,
            lists: None,
            json: actors
                .par_iter()
                .map(|a| tight(exports::actor_json(l, a)))
                .collect(),
            csv: actors.par_iter().map(|a| csv_row(l, a)).collect(),
            features: actors
                .par_iter()
                .map(|a| data::actor_feature(l, a).map(tight))
                .collect(),
            relations: actors
                .iter()
                .map(|a| relations::relations_key(l, a))
                .collect(),
            relation_pieces: actors
                .par_iter()
                .map(|a| relations::relations_piece(l, a))
                .collect(),
            map: actors
                .par_iter()
                .map(|a| mapparts::map_key(l, &vocabularies, a))
                .collect(),
            map_parts: None,
            text: None,
            text_changed: Vec::new(),
            figures: None,
            pages: Mutex::default(),
        };
        (memo, problem)
    }

    /// Makes the pieces of `changed` again, and moves the actors whose sort keys changed to
    /// their new places in `order`; says what stayed the same.
    fn refresh(
        &mut self,
        l: &Lang<'_>,
        maker: &ItemMaker<'_>,
        changed: &BTreeSet<String>,
    ) -> Refreshed {
        let mut same = Refreshed {
            items: true,
            lists: true,
            exports: [true; 3],
            relations: true,
            map: true,
            map_parts_but_order: true,
            problem: None,
        };
        let mut moved = Vec::new();
        // The actors whose pieces of `relations.json` to make again: the changed ones, and
        // those their relations pointed or point at (which may now be involved in none, or in
        // one).
        let mut relation_pieces = BTreeSet::new();
        let vocabularies = mapjson::Vocabularies::new(l);
        for slug in changed {
            let (Some(a), Ok(i)) = (l.site.actor(slug), self.slugs.binary_search(slug)) else {
                continue;
            };
            let item: Item = maker.item(l, a).unwrap_or_else(|d| {
                same.problem.get_or_insert(d);
                Default::default()
            });
            if item.1 != self.keys[i] {
                moved.push(i);
            }
            same.items &= item.0 == self.items[i] && item.1 == self.keys[i];
            (self.items[i], self.keys[i]) = item;
            let json = tight(exports::actor_json(l, a));
            let csv = csv_row(l, a);
            let feature = data::actor_feature(l, a).map(tight);
            same.exports[0] &= json == self.json[i];
            same.exports[1] &= csv == self.csv[i];
            same.exports[2] &= feature == self.features[i];
            (self.json[i], self.csv[i], self.features[i]) = (json, csv, feature);
            let key = relations::relations_key(l, a);
            same.relations &= key == self.relations[i];
            if !key.same_relations(&self.relations[i]) {
                for target in self.relations[i].targets().chain(key.targets()) {
                    let at = self.slugs.binary_search_by(|s| s.as_str().cmp(target));
                    relation_pieces.extend(at.ok());
                }
            }
            relation_pieces.insert(i);
            self.relations[i] = key;
            let key = mapparts::map_key(l, &vocabularies, a);
            same.map &= key == self.map[i];
            same.lists &= key.same_lists(&self.map[i]);
            same.map_parts_but_order &= key.same_parts_but_order(&self.map[i]);
            self.map[i] = key;
            self.text_changed.push(i);
        }
        for i in relation_pieces {
            if let Some(a) = l.site.actors.get(i) {
                self.relation_pieces[i] = relations::relations_piece(l, a);
            }
        }
        if !moved.is_empty() {
            // Every list is sorted as `order` is.
            match self.order.as_mut() {
                Some(order) => {
                    super::order::move_to_place(order, &self.keys, &moved);
                    let actors = &l.site.actors;
                    let kept = self
                        .lists
                        .as_mut()
                        .filter(|_| same.lists)
                        .is_some_and(|lists| {
                            super::order::move_in_lists(lists, actors, &self.keys, order, &moved)
                        });
                    if !kept {
                        self.lists = None;
                    }
                }
                None => self.lists = None,
            }
        }
        same
    }
}

impl LangPieces {
    /// The kept items, with their order when known.
    fn items_of<'m>(&'m self, site: &'m crate::model::Site) -> Items<'m> {
        let items = Items::from_parts(site, &self.items[..], &self.keys[..]);
        match &self.order {
            Some(order) => items.sorted_as(order),
            None => items,
        }
    }
}

/// What stayed the same when the pieces of the changed actors were made again.
struct Refreshed {
    /// What of every changed actor the lists it is in are made of (its type, sectors and
    /// campuses; [`mapparts::MapKey::same_lists`]).
    lists: bool,
    /// Every changed actor's item and sort key.
    items: bool,
    /// Every changed actor's pieces of `actors.json`, `actors.csv` and `actors.geojson`.
    exports: [bool; 3],
    /// Every changed actor's [`relations::RelationsKey`].
    relations: bool,
    /// Every changed actor's [`mapparts::MapKey`].
    map: bool,
    /// What of every changed actor's [`mapparts::MapKey`] the map's keywords and order of
    /// actors are made of, but its name ([`mapparts::MapKey::same_parts_but_order`]).
    map_parts_but_order: bool,
    /// What went wrong making an item.
    problem: Option<Diagnostic>,
}

/// How long pieces of these lengths are together, with `sep` bytes after each.
fn joined_len(lens: impl Iterator<Item = usize>, sep: usize) -> usize {
    lens.map(|n| n + sep).sum()
}

fn csv_row(l: &Lang<'_>, a: &crate::model::Actor) -> Result<Vec<u8>, String> {
    exports::csv_row(l, a).map(tight).map_err(|e| e.to_string())
}

/// `piece` holding only its bytes: pieces are kept, and serialising into a growing buffer
/// leaves up to as much again unused behind them.
fn tight(mut piece: Vec<u8>) -> Vec<u8> {
    piece.shrink_to_fit();
    piece
}

/// The pieces of one language, brought up to date for a partial render.
pub struct Reused<'m> {
    memo: MutexGuard<'m, Option<LangPieces>>,
    /// No changed actor's piece or key of any kind changed, nor the key figures: every shared
    /// output of the language is as the last render made it.
    unchanged: bool,
    /// No changed actor's piece of `actors.json`, `actors.csv`, `actors.geojson` changed.
    same_exports: [bool; 3],
    /// No changed actor's entries of `relations.json` changed.
    same_relations: bool,
    /// The map data were kept: no changed actor's map key changed.
    same_map: bool,
    /// The key figures are those of the last render.
    same_figures: bool,
    /// The actors whose records changed since the pieces were last brought up to date, as
    /// positions among the site's actors, sorted.
    changed: Vec<usize>,
    /// What went wrong making the items of changed actors.
    pub problem: Option<Diagnostic>,
}

impl Reuse {
    /// The pieces of `l`'s language, made for every actor if there are none yet or the site's
    /// actors are not those they were made for, else for the changed actors only.
    pub fn lang<'m>(
        &self,
        l: &Lang<'_>,
        maker: &ItemMaker<'_>,
        cell: &'m Mutex<Option<LangPieces>>,
        figures: &SiteStats,
    ) -> Reused<'m> {
        let mut memo = cell.lock().unwrap_or_else(|e| e.into_inner());
        let actors = &l.site.actors;
        let aligned = memo.as_ref().is_some_and(|m| {
            m.slugs.len() == actors.len() && m.slugs.iter().zip(actors).all(|(s, a)| *s == a.slug)
        });
        let same = match memo.as_mut().filter(|_| aligned) {
            Some(m) => m.refresh(l, maker, &self.changed),
            None => {
                let (made, problem) = LangPieces::new(l, maker);
                *memo = Some(made);
                Refreshed {
                    items: false,
                    lists: false,
                    exports: [false; 3],
                    relations: false,
                    map: false,
                    map_parts_but_order: false,
                    problem,
                }
            }
        };
        let (mut same_figures, mut kept_map) = (false, false);
        if let Some(m) = memo.as_mut() {
            if m.order.is_none() {
                m.order = Some(items::sorted(&m.keys));
                m.lists = None;
            }
            if !same.lists {
                m.lists = None;
            }
            if !same.map {
                // When only names and what the map data do not keep changed, the map has the
                // same actors and keywords, in the lists' order; the map's texts stay the same
                // but those of the changed actors. `map.json` is made again.
                let moved = m.map_parts.take().filter(|_| same.map_parts_but_order);
                m.map_parts = moved
                    .zip(m.order.as_deref())
                    .map(|(parts, order)| parts.reordered(actors, order));
                if m.map_parts.is_none() {
                    m.text = None;
                }
            }
            if m.lists.is_none() {
                m.lists = Some(m.items_of(l.site).all_lists());
            }
            kept_map = same.map && m.map_parts.is_some();
            same_figures = m.figures.as_ref() == Some(figures);
            m.figures = Some(figures.clone());
        }
        // Nothing a shared output of the language shows of an actor but is in one of its
        // pieces or keys (each made by what makes that output).
        let unchanged = same.items
            && same.exports.iter().all(|s| *s)
            && same.relations
            && same.map
            && same_figures
            && same.problem.is_none();
        let mut changed: Vec<usize> = memo
            .as_ref()
            .map(|m| {
                self.changed
                    .iter()
                    .filter_map(|s| m.slugs.binary_search(s).ok())
                    .collect()
            })
            .unwrap_or_default();
        changed.sort_unstable();
        Reused {
            memo,
            unchanged,
            changed,
            same_exports: same.exports,
            same_relations: same.relations,
            same_map: kept_map,
            same_figures,
            problem: same.problem,
        }
    }

    /// The cell of one language's pieces.
    pub fn cell(&self, lang: &str) -> Arc<Mutex<Option<LangPieces>>> {
        let mut langs = self.memo.langs.lock().unwrap_or_else(|e| e.into_inner());
        langs.entry(lang.to_string()).or_default().clone()
    }
}

impl Reused<'_> {
    fn memo(&self) -> Option<&LangPieces> {
        self.memo.as_ref()
    }

    /// Every actor's item (the memo always has them once made).
    pub fn items<'r>(&'r self, l: &Lang<'r>) -> Option<Items<'r>> {
        let m = self.memo()?;
        let items = m.items_of(l.site);
        Some(match &m.lists {
            Some(lists) => items.listed_as(lists),
            None => items,
        })
    }

    /// The map's actors and keywords: kept when no changed actor's map key changed.
    pub fn map_data<'a>(&mut self, l: &Lang<'a>) -> mapdata::MapData<'a> {
        if let Some(parts) = self.memo().and_then(|m| m.map_parts.as_ref()) {
            return mapdata::MapData::from_parts(l, parts);
        }
        let data = mapdata::MapData::new(l);
        if let Some(m) = self.memo.as_mut() {
            m.map_parts = Some(data.parts(l.site));
        }
        data
    }

    /// `map-text.json` from the actors' pieces, made again for the actors changed since, or
    /// for all when the map data (which the pieces are made with) were made again. Call after
    /// [`Reused::map_data`], with its data.
    pub fn text_json(&mut self, l: &Lang<'_>, data: &mapdata::MapData<'_>) -> Vec<u8> {
        let Some(m) = self.memo.as_mut() else {
            return maptext::text_json(l, data);
        };
        let changed = std::mem::take(&mut m.text_changed);
        let Some(order) = m.map_parts.as_ref().map(mapparts::MapParts::order) else {
            return maptext::text_json(l, data);
        };
        let actors = l.site.actors.len();
        let text = match m.text.as_mut() {
            Some(text) if text.len() == actors && order.len() == data.actors.len() => {
                for i in changed {
                    if let Some(at) = order.iter().position(|j| *j == i) {
                        text[i] = Some(maptext::text_piece(l, data, at));
                    }
                }
                text
            }
            _ => {
                let mut text = vec![None; actors];
                for (at, i) in order.iter().enumerate().take(data.actors.len()) {
                    if let Some(piece) = text.get_mut(*i) {
                        *piece = Some(maptext::text_piece(l, data, at));
                    }
                }
                m.text.insert(text)
            }
        };
        let pieces: Option<Vec<&maptext::TextPiece>> =
            order.iter().map(|i| text.get(*i)?.as_ref()).collect();
        match pieces {
            Some(pieces) if pieces.len() == data.actors.len() => maptext::text_json_of(l, &pieces),
            _ => maptext::text_json(l, data),
        }
    }

    /// `map.json` from the actors' pieces; call after [`Reused::map_data`], with its data.
    pub fn map_json(&self, l: &Lang<'_>, data: &mapdata::MapData<'_>) -> Vec<u8> {
        let pieces: Option<Vec<&mapjson::MapPiece>> = self.memo().and_then(|m| {
            let order = m.map_parts.as_ref()?.order();
            order
                .iter()
                .map(|i| m.map.get(*i).map(|k| &k.piece))
                .collect()
        });
        match pieces {
            Some(pieces) if pieces.len() == data.actors.len() => {
                mapjson::map_json_of(l, &mapjson::Vocabularies::new(l), data, &pieces)
            }
            _ => mapjson::map_json(l, data),
        }
    }

    /// Were the map data kept (and `map.json` is so the same)?
    pub fn same_map(&self) -> bool {
        self.same_map
    }

    /// Is every shared output of the language as the last render made it (no changed actor's
    /// piece or key changed in this language, nor the key figures)? Then none is made again.
    pub fn unchanged(&self) -> bool {
        self.unchanged
    }

    pub fn same_figures(&self) -> bool {
        self.same_figures
    }

    /// Is the page of a long list at `path` as the last render made it: made of the same
    /// [`PageKey`] (the same actors in the same places, the same data), none of its actors
    /// changed since? Else it is made, and its key kept for the next render.
    pub fn same_page(&self, path: &str, key: &PageKey) -> bool {
        let Some(m) = self.memo() else {
            return false;
        };
        let mut pages = m.pages.lock().unwrap_or_else(|e| e.into_inner());
        let same = pages.get(path) == Some(key)
            && !key
                .actors
                .iter()
                .any(|i| self.changed.binary_search(i).is_ok());
        if !same {
            pages.insert(path.to_string(), key.clone());
        }
        same
    }

    /// The data files made from pieces (when they are written), and those left as they are
    /// (`None`).
    pub fn data_files<'r>(&'r self, l: &'r Lang<'r>) -> files::GivenFiles<'r> {
        let mut given = files::GivenFiles::new();
        let Some(m) = self.memo() else {
            return given;
        };
        let [same_json, same_csv, same_features] = self.same_exports;
        let json: files::Make<'r> = Box::new(move || {
            let size = joined_len(m.json.iter().map(Vec::len), 6);
            let pieces = m.json.iter().map(Vec::as_slice);
            Ok(exports::actors_json_file(l, pieces, size))
        });
        given.insert("data/actors.json", (!same_json).then_some(json));
        let csv: files::Make<'r> = Box::new(move || {
            let rows: Vec<&[u8]> = m
                .csv
                .iter()
                .map(|r| r.as_deref().map_err(Clone::clone))
                .collect::<Result<_, String>>()?;
            let size = joined_len(rows.iter().map(|r| r.len()), 0);
            exports::csv_file(rows.into_iter(), size).map_err(|e| e.to_string())
        });
        given.insert("data/actors.csv", (!same_csv).then_some(csv));
        let features: files::Make<'r> = Box::new(move || {
            let features = m.features.iter().flatten().map(Vec::as_slice);
            let size = joined_len(m.features.iter().flatten().map(Vec::len), 1);
            Ok(data::actors_geojson_file(l, features, size))
        });
        given.insert("data/actors.geojson", (!same_features).then_some(features));
        let relations_file: Option<files::Make<'r>> = if self.same_relations {
            None
        } else {
            Some(Box::new(move || {
                Ok(relations::relations_file(l, &m.relation_pieces))
            }))
        };
        given.insert("data/relations.json", relations_file);
        if self.same_figures {
            given.insert("data/stats.json", None);
        }
        given
    }
}

impl Supply for Reuse {
    fn language(
        &self,
        l: &Lang<'_>,
        maker: &ItemMaker<'_>,
        stats: &SiteStats,
        answer: &mut dyn FnMut(&mut dyn LangSupply),
    ) {
        let cell = self.cell(l.lang);
        let mut reused = self.lang(l, maker, &cell, stats);
        answer(&mut reused);
    }
}

impl LangSupply for Reused<'_> {
    fn take_problem(&mut self) -> Option<Diagnostic> {
        self.problem.take()
    }

    fn unchanged(&self) -> bool {
        Reused::unchanged(self)
    }

    fn map_data<'a>(&mut self, l: &Lang<'a>) -> mapdata::MapData<'a> {
        Reused::map_data(self, l)
    }

    fn text_json(&mut self, l: &Lang<'_>, data: &mapdata::MapData<'_>) -> Option<Vec<u8>> {
        Some(Reused::text_json(self, l, data))
    }

    fn items<'r>(&'r self, l: &Lang<'r>) -> Option<Items<'r>> {
        Reused::items(self, l)
    }

    fn same_stats(&self) -> bool {
        self.same_figures()
    }

    fn data_files<'r>(&'r self, l: &'r Lang<'r>) -> files::GivenFiles<'r> {
        Reused::data_files(self, l)
    }

    fn same_map(&self) -> bool {
        Reused::same_map(self)
    }

    fn map_json(&self, l: &Lang<'_>, data: &mapdata::MapData<'_>) -> Vec<u8> {
        Reused::map_json(self, l, data)
    }

    fn made_of_pieces(&self) -> bool {
        true
    }

    fn same_page(&self, path: &str, key: &PageKey) -> bool {
        Reused::same_page(self, path, key)
    }
}
