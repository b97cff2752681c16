//! The map data a partial render of the live preview keeps ([`super::pieces`]): [`MapParts`],
//! the map's actors and keywords without references into the site, and each actor's
//! [`MapKey`], what of it the map data and `map.json` read, which tells whether the kept parts
//! are the same, the same in another order, or to be made again.

use crate::model::Actor;
use crate::render::map::data::{keyword_source, Keyword, KeywordSource, MapData};
use crate::render::map::json::{map_piece, MapPiece, Vocabularies};
use crate::render::pages::lists::{membership, Membership};
use crate::render::views::Lang;
use std::sync::Arc;

/// [`MapData`] without its references into the site: the actors as indices into the site's
/// actors. Kept between partial renders ([`super::pieces`]).
pub struct MapParts {
    order: Vec<usize>,
    keywords: Arc<[Keyword]>,
    actor_keywords: Arc<[Vec<usize>]>,
}

impl MapParts {
    /// The map's actors, as positions among the site's actors, in the map's order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The parts after actors changed their names and nothing else that the parts read
    /// ([`MapKey::same_parts_but_order`]): the same actors and keywords in the new order.
    /// `order` is every one of `actors` (positions) sorted as lists are
    /// ([`crate::render::pages::lists::sorted`]), which is the map's order for the actors with a position
    /// ([`MapData::new`]).
    pub fn reordered(&self, actors: &[Actor], order: &[usize]) -> MapParts {
        let mut keywords: Vec<Option<&Vec<usize>>> = vec![None; actors.len()];
        for (i, of) in self.order.iter().zip(self.actor_keywords.iter()) {
            if let Some(slot) = keywords.get_mut(*i) {
                *slot = Some(of);
            }
        }
        let order: Vec<usize> = order
            .iter()
            .copied()
            .filter(|i| actors.get(*i).is_some_and(|a| a.position.is_some()))
            .collect();
        MapParts {
            actor_keywords: order
                .iter()
                .map(|i| {
                    keywords
                        .get(*i)
                        .copied()
                        .flatten()
                        .cloned()
                        .unwrap_or_default()
                })
                .collect(),
            order,
            keywords: Arc::clone(&self.keywords),
        }
    }
}

impl<'a> MapData<'a> {
    pub fn parts(&self, site: &crate::model::Site) -> MapParts {
        MapParts {
            order: self
                .actors
                .iter()
                .filter_map(|a| site.actor_index(a))
                .collect(),
            keywords: Arc::clone(&self.keywords),
            actor_keywords: Arc::clone(&self.actor_keywords),
        }
    }

    /// The map data of `parts`, for the same actors as when they were taken.
    pub fn from_parts(l: &Lang<'a>, parts: &MapParts) -> MapData<'a> {
        MapData {
            actors: parts
                .order
                .iter()
                .filter_map(|i| l.site.actors.get(*i))
                .collect(),
            keywords: Arc::clone(&parts.keywords),
            actor_keywords: Arc::clone(&parts.actor_keywords),
        }
    }
}

/// Everything of an actor that the map data ([`MapData::new`]), its `map.json` piece and the
/// lists it is in are made of in one language, each taken from what makes that output (so a
/// field that one of them comes to read is in the key without being named here): when no
/// changed actor's key changed, they are the same; when only what the map data do not read
/// changed ([`MapKey::same_parts_but_order`]), the map has the same actors and keywords, in
/// the lists' order ([`MapParts::reordered`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MapKey {
    /// The actor's piece of `map.json` (its name among it, which the map's order reads).
    pub piece: MapPiece,
    keywords: KeywordSource<'static>,
    lists: Membership<'static>,
}

impl MapKey {
    /// Would [`MapParts`] made with the two keys differ in their order alone?
    pub fn same_parts_but_order(&self, other: &MapKey) -> bool {
        self.keywords == other.keywords
    }

    /// Is the actor in the same lists of actors ([`crate::render::pages::lists::Lists`]) with
    /// either key?
    pub fn same_lists(&self, other: &MapKey) -> bool {
        self.lists == other.lists
    }
}

pub fn map_key(l: &Lang<'_>, v: &Vocabularies<'_>, a: &Actor) -> MapKey {
    MapKey {
        piece: map_piece(l, v, a),
        keywords: keyword_source(l, a).into_owned(),
        lists: membership(a).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::map::data::tests::{three_microscopy_labs, with_lang};

    /// After names change, the kept parts put in the lists' order are the parts made again.
    #[test]
    fn reordered_parts_are_the_parts_made_again() {
        let mut site = three_microscopy_labs();
        site.actors.sort_by(|a, b| a.slug.cmp(&b.slug));
        site.actors[1].position = None;
        let kept = with_lang(&site, "en", |l| MapData::new(l).parts(l.site));
        for (i, name) in [(0, "Zeta"), (3, "Aardvark"), (2, "Mitten")] {
            for t in site.actors[i].text.by_lang.values_mut() {
                t.name = name.into();
            }
        }
        with_lang(&site, "en", |l| {
            let keys: Vec<(String, String)> =
                l.site.actors.iter().map(|a| l.actor_order(a)).collect();
            let order = crate::render::pages::lists::sorted(&keys);
            let moved = kept.reordered(&l.site.actors, &order);
            let made = MapData::new(l).parts(l.site);
            assert_ne!(kept.order, made.order, "the names change the order");
            assert_eq!(moved.order, made.order);
            assert_eq!(moved.actor_keywords, made.actor_keywords);
            let keys = |p: &MapParts| -> Vec<(String, String, usize)> {
                p.keywords
                    .iter()
                    .map(|k| (k.key.clone(), k.label.clone(), k.count))
                    .collect()
            };
            assert_eq!(keys(&moved), keys(&made));
        });
    }
}
