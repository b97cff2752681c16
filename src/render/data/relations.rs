//! `data/relations.json`: every relation between two actors, with the relation types' labels
//! in this language and the names and pages of the actors involved (which the map's relations
//! overlay draws; see docs/DATA.md). The file is assembled from per-actor pieces
//! ([`RelationsPiece`], [`relations_file`]), so that a caller holding the pieces can make the
//! file again from them.

use super::assemble::{in_chunks, nested, splice_list};
use super::exports::relation_types;
use super::meta;
use crate::model::Actor;
use crate::render::views::Lang;
use serde::Serialize;
use serde_json::json;

/// Everything `relations.json` holds of an actor, made by the functions that make its piece:
/// its entry of `actors` (as the file holds it when the actor is involved in a relation), its
/// entries of `relations`, and the actors its relations point at. When no changed actor's key
/// changed (and no actor came or went), the file is the same.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationsKey {
    entry: Vec<u8>,
    relations: Vec<Vec<u8>>,
    targets: Vec<String>,
}

impl RelationsKey {
    /// The actors (slugs) its relations point at.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.targets.iter().map(String::as_str)
    }

    /// Do the two keys have the same relations (so the same actors involved through them)?
    pub fn same_relations(&self, other: &RelationsKey) -> bool {
        self.relations == other.relations && self.targets == other.targets
    }
}

pub fn relations_key(l: &Lang<'_>, a: &Actor) -> RelationsKey {
    RelationsKey {
        entry: actor_entry(l, a),
        relations: relation_entries(l, a),
        targets: a.relations.iter().map(|r| r.target.clone()).collect(),
    }
}

/// One actor's part of `relations.json`, indented as in the file: its entry of `actors` when it
/// is involved in a relation (its own, or one pointing at it), and the entries of `relations`
/// of its own relations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationsPiece {
    actor: Option<Vec<u8>>,
    relations: Vec<Vec<u8>>,
}

/// The piece of `a` (the site's index says which relations point at it).
pub fn relations_piece(l: &Lang<'_>, a: &Actor) -> RelationsPiece {
    let relations = relation_entries(l, a);
    let pointed_at = l
        .index
        .incoming
        .get(a.slug.as_str())
        .is_some_and(|from| !from.is_empty());
    let actor = (!relations.is_empty() || pointed_at).then(|| actor_entry(l, a));
    RelationsPiece { actor, relations }
}

// Fields in alphabetical order: the order the file has always had (a JSON object of serde_json
// sorts its keys).

/// `a`'s entries of the file's `relations`: its relations to actors of the site.
fn relation_entries(l: &Lang<'_>, a: &Actor) -> Vec<Vec<u8>> {
    #[derive(Serialize)]
    struct RelationOut<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        since: Option<crate::model::When>,
        source: &'a str,
        target: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<crate::model::When>,
    }
    a.relations
        .iter()
        .filter(|r| l.actor(&r.target).is_some())
        .map(|r| {
            nested(&RelationOut {
                since: r.since,
                source: &a.slug,
                target: &r.target,
                kind: &r.kind,
                until: r.until,
            })
        })
        .collect()
}

/// `a`'s entry of the file's `actors`, `"slug": {...}`.
fn actor_entry(l: &Lang<'_>, a: &Actor) -> Vec<u8> {
    #[derive(Serialize)]
    struct Involved<'a> {
        name: &'a str,
        positioned: bool,
        url: &'a str,
    }
    let link = l.actor_link(a);
    let mut entry = serde_json::to_vec(&a.slug).unwrap_or_default();
    entry.extend_from_slice(b": ");
    entry.extend_from_slice(&nested(&Involved {
        name: &link.name,
        positioned: a.position.is_some(),
        url: &link.url,
    }));
    entry
}

/// `data/relations.json` for one language.
pub fn relations_json(l: &Lang<'_>) -> Vec<u8> {
    let pieces: Vec<RelationsPiece> =
        in_chunks(&l.site.actors, |a| relations_piece(l, a)).collect();
    relations_file(l, &pieces)
}

/// `data/relations.json` from every actor's piece, in the order of the site's actors (by slug,
/// the order of the file's `actors` object too).
pub fn relations_file<'p>(
    l: &Lang<'_>,
    pieces: impl IntoIterator<Item = &'p RelationsPiece> + Clone,
) -> Vec<u8> {
    let types = relation_types(l);
    let mut empty = serde_json::to_vec_pretty(&json!({
        "actors": {},
        "ecoatlas": meta(l, "relations"),
        "relations": [],
        "types": types,
    }))
    .unwrap_or_default();
    empty.push(b'\n');
    // `actors` comes first in the file, `relations` after it: split there, so that nothing
    // spliced into the one is searched for the other.
    let split = find(&empty, b"\"ecoatlas\": {").unwrap_or(empty.len());
    let (head, tail) = empty.split_at(split);
    let seps: (&[u8], &[u8], &[u8]) = (b"\n    ", b",\n    ", b"\n  ");
    let actors_size = pieces
        .clone()
        .into_iter()
        .filter_map(|p| p.actor.as_ref())
        .map(|a| a.len() + seps.1.len())
        .sum();
    let relations_size = pieces
        .clone()
        .into_iter()
        .flat_map(|p| &p.relations)
        .map(|r| r.len() + seps.1.len())
        .sum();
    let mut bytes = splice_list(
        head,
        b"\"actors\": {",
        seps,
        pieces
            .clone()
            .into_iter()
            .filter_map(|p| p.actor.as_deref()),
        actors_size,
    );
    bytes.extend_from_slice(&splice_list(
        tail,
        b"\"relations\": [",
        seps,
        pieces
            .into_iter()
            .flat_map(|p| p.relations.iter().map(Vec::as_slice)),
        relations_size,
    ));
    bytes
}

/// Where `needle` starts in `bytes`.
fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::map::data::tests::{three_microscopy_labs, with_lang};

    /// What the file was before it was made from pieces: one value serialised whole.
    fn whole(l: &Lang<'_>) -> Vec<u8> {
        let types = relation_types(l);
        let mut involved = std::collections::BTreeMap::new();
        let mut relations = Vec::new();
        for a in &l.site.actors {
            for r in &a.relations {
                let Some(target) = l.actor(&r.target) else {
                    continue;
                };
                relations.push(json!({"source": a.slug, "target": r.target, "type": r.kind}));
                for x in [a, target] {
                    involved.entry(x.slug.clone()).or_insert_with(|| {
                        let link = l.actor_link(x);
                        json!({"name": link.name, "url": link.url, "positioned": x.position.is_some()})
                    });
                }
            }
        }
        let mut bytes = serde_json::to_vec_pretty(&json!({
            "ecoatlas": meta(l, "relations"),
            "types": types,
            "actors": involved,
            "relations": relations,
        }))
        .unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn the_file_from_pieces_is_the_file_serialised_whole() {
        let mut site = three_microscopy_labs();
        // A site's actors are sorted by slug (the fixture adds two at the end).
        site.actors.sort_by(|a, b| a.slug.cmp(&b.slug));
        assert!(site.actors.iter().any(|a| !a.relations.is_empty()));
        for lang in ["sv", "en"] {
            with_lang(&site, lang, |l| {
                assert_eq!(
                    String::from_utf8_lossy(&relations_json(l)),
                    String::from_utf8_lossy(&whole(l))
                );
            });
        }
        // Without any relation: both lists empty.
        for a in &mut site.actors {
            a.relations.clear();
        }
        with_lang(&site, "sv", |l| {
            let file = relations_json(l);
            assert_eq!(file, whole(l));
            assert!(String::from_utf8_lossy(&file).contains("\"actors\": {},"));
        });
    }
}
