//! The map data a partial render of the live preview keeps ([`super::pieces`]): [`MapParts`],
//! the map's actors and keywords without references into the site, and each actor's
//! [`MapKey`], what of it the map data and `map.json` read, which tells whether the kept parts
//! are the same, the same in another order, or to be made again.

use crate::model::Actor;
use crate::render::map::data::{Keyword, MapData};
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
                .filter_map(|a| site.actors.binary_search_by(|x| x.slug.cmp(&a.slug)).ok())
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

/// Everything of an actor that [`MapData`], `map.json` ([`crate::render::map::data::map_json`]) and the
/// filters ([`crate::render::map::data::facets`]) read in one language:
/// when no changed actor's key changed, they are the same; when only names and what the map
/// data do not keep changed ([`MapKey::same_parts_but_order`]), the map has the same actors
/// and keywords, in the lists' order ([`MapParts::reordered`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MapKey {
    name: String,
    parts: PartsKey,
    rest: KeyRest,
}

/// What of an actor [`MapParts`] are made of besides its name: whether it is on the map, and
/// its keywords.
#[derive(Debug, Clone, PartialEq)]
struct PartsKey {
    positioned: bool,
    tags: Vec<String>,
    services: [Vec<String>; 2],
}

/// What of an actor only `map.json` and the filters read.
#[derive(Debug, Clone, PartialEq)]
struct KeyRest {
    position: Option<(f64, f64)>,
    kind: String,
    sectors: Vec<String>,
    campuses: Vec<String>,
    open_to: Vec<String>,
    approximate: bool,
}

impl MapKey {
    /// Would [`MapParts`] made with the two keys differ in their order alone (the actors'
    /// names being the rest of what they read)?
    pub fn same_parts_but_order(&self, other: &MapKey) -> bool {
        self.parts == other.parts
    }

    /// Is the actor in the same lists of actors ([`crate::render::pages::lists::Lists`]) with either key: of
    /// the same type, sectors and campuses?
    pub fn same_lists(&self, other: &MapKey) -> bool {
        let (a, b) = (&self.rest, &other.rest);
        a.kind == b.kind && a.sectors == b.sectors && a.campuses == b.campuses
    }
}

pub fn map_key(l: &Lang<'_>, a: &Actor) -> MapKey {
    let services = |lang: &str| {
        a.text
            .get(lang)
            .map(|t| t.services.clone())
            .unwrap_or_default()
    };
    MapKey {
        name: a.name_in(l.lang, l.default_lang).to_string(),
        parts: PartsKey {
            positioned: a.position.is_some(),
            tags: a.tags.clone(),
            services: [services(l.default_lang), services(l.lang)],
        },
        rest: KeyRest {
            position: a.position.map(|p| (p.lat, p.lon)),
            kind: a.kind.clone(),
            sectors: a.sectors.clone(),
            campuses: a.campuses.clone(),
            open_to: a.open_to.clone(),
            approximate: a.approximate,
        },
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
