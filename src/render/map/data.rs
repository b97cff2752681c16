//! The map's own data: `data/map.json` (what the map page needs to draw markers, filter and
//! list actors), the map data it and `data/map-text.json` ([`crate::render::map::text`]) are made from,
//! and the map's filters. One pair of files per language, documented in docs/DATA.md.
//!
//! Both files are compact on purpose (`map.json` takes about 20–35 bytes per actor gzipped): columns
//! instead of objects, small integers that index vocabularies instead of repeated strings, and
//! positions as integers in 1e-5 degrees from an origin. They are an implementation detail of
//! the theme; the open data are the GeoJSON files beside them.

use crate::model::Actor;
use crate::render::views::Lang;
use crate::slug::{slugify, sort_key};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Bumped when the layout of `map.json` or `map-text.json` changes.
pub const MAP_DATA_VERSION: u32 = 1;

pub use crate::config::MAX_SECTORS;

/// Bit of `flags` set when the actor is open to small and medium-sized enterprises.
pub const FLAG_SME: u32 = 1;
/// Bit of `flags` set when the actor's position is approximate.
pub const FLAG_APPROXIMATE: u32 = 2;
/// Bit of `flags` set when the actor is no longer active (closed, merged or acquired): the
/// map leaves it out unless its filter "include closed" (`closed=1`) is on.
pub const FLAG_GONE: u32 = 4;

/// A tag or service that the map can filter on, with a key that is the same in every language.
#[derive(Debug, Clone, Serialize)]
pub struct Keyword {
    /// `slugify` of the tag, or of the service in the default language.
    pub key: String,
    /// The label in this language.
    pub label: String,
    /// How many actors on the map have it.
    pub count: usize,
}

/// The actors of the map in one language, in list order, with the vocabularies they index.
pub struct MapData<'a> {
    /// Actors with a position, sorted by name as a reader of the language expects.
    pub actors: Vec<&'a Actor>,
    /// (Shared, so that the map data can be taken apart and put together again cheaply.)
    pub keywords: Arc<[Keyword]>,
    /// Per actor (same order as `actors`): indices into `keywords`, ascending.
    pub actor_keywords: Arc<[Vec<usize>]>,
}

/// The key of a tag or service: its slug.
pub fn keyword_key(text: &str) -> String {
    slugify(text)
}

/// Picks the most frequent of `candidates` (ties: the smallest string), for stable labels.
fn most_frequent(candidates: &BTreeMap<String, usize>) -> Option<&str> {
    candidates
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s.as_str())
}

/// What [`MapData::new`] reads of one actor besides its place in the lists' order
/// ([`Lang::actor_order`]): whether it is on the map, and the texts its keywords come from.
/// Compare two to know whether the map's actors and keywords would be made the same.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordSource<'a> {
    pub on_map: bool,
    pub tags: Cow<'a, [String]>,
    /// Its services in the default language.
    pub services: Cow<'a, [String]>,
    /// Its services in this language, when that is another and they are as many.
    pub translated: Option<Cow<'a, [String]>>,
}

impl KeywordSource<'_> {
    pub fn into_owned(self) -> KeywordSource<'static> {
        KeywordSource {
            on_map: self.on_map,
            tags: Cow::Owned(self.tags.into_owned()),
            services: Cow::Owned(self.services.into_owned()),
            translated: self.translated.map(|t| Cow::Owned(t.into_owned())),
        }
    }
}

/// What the map data read of actor `a` in `l`'s language.
pub fn keyword_source<'a>(l: &Lang<'_>, a: &'a Actor) -> KeywordSource<'a> {
    let services = |lang: &str| a.text.get(lang).map(|t| t.services.as_slice());
    let base = services(l.default_lang).unwrap_or_default();
    let translated = services(l.lang)
        .filter(|_| l.lang != l.default_lang)
        .filter(|s| s.len() == base.len());
    KeywordSource {
        on_map: a.position.is_some(),
        tags: Cow::Borrowed(&a.tags),
        services: Cow::Borrowed(base),
        translated: translated.map(Cow::Borrowed),
    }
}

impl<'a> MapData<'a> {
    pub fn new(l: &Lang<'a>) -> MapData<'a> {
        let mut actors: Vec<&Actor> = l
            .site
            .actors
            .iter()
            .filter(|a| a.position.is_some())
            .collect();
        actors.sort_by_cached_key(|a| l.actor_order(a));

        // key → (spellings in the default language, labels offered in this language)
        let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut translated: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut per_actor: Vec<Vec<String>> = Vec::with_capacity(actors.len());
        for a in &actors {
            let source = keyword_source(l, a);
            let mut keys = Vec::new();
            for tag in source.tags.iter() {
                let key = keyword_key(tag);
                if key.is_empty() {
                    continue;
                }
                // A keyword of the site's vocabulary is spelled as its labels say.
                let vocabulary = l.site.config.keywords.get(tag.as_str());
                let spelled = vocabulary.map_or(tag.as_str(), |k| {
                    k.label.get(l.default_lang, l.default_lang)
                });
                *spellings
                    .entry(key.clone())
                    .or_default()
                    .entry(spelled.to_string())
                    .or_default() += 1;
                if let Some(k) = vocabulary.filter(|_| l.lang != l.default_lang) {
                    *translated
                        .entry(key.clone())
                        .or_default()
                        .entry(k.label.get(l.lang, l.default_lang).to_string())
                        .or_default() += 1;
                }
                keys.push(key);
            }
            let (base, own) = (&source.services, source.translated.as_deref());
            for (i, service) in base.iter().enumerate() {
                let key = keyword_key(service);
                if key.is_empty() {
                    continue;
                }
                *spellings
                    .entry(key.clone())
                    .or_default()
                    .entry(service.clone())
                    .or_default() += 1;
                if let Some(own) = own {
                    *translated
                        .entry(key.clone())
                        .or_default()
                        .entry(own[i].clone())
                        .or_default() += 1;
                }
                keys.push(key);
            }
            keys.sort();
            keys.dedup();
            per_actor.push(keys);
        }

        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for keys in &per_actor {
            for k in keys {
                *counts.entry(k.as_str()).or_default() += 1;
            }
        }
        let mut keywords: Vec<Keyword> = spellings
            .iter()
            .map(|(key, spelled)| {
                let label = translated
                    .get(key)
                    .and_then(most_frequent)
                    .or_else(|| most_frequent(spelled))
                    .unwrap_or(key)
                    .to_string();
                Keyword {
                    key: key.clone(),
                    label,
                    count: counts.get(key.as_str()).copied().unwrap_or_default(),
                }
            })
            .collect();
        keywords.sort_by_cached_key(|k| (sort_key(l.lang, &k.label), k.key.clone()));
        let index: BTreeMap<&str, usize> = keywords
            .iter()
            .enumerate()
            .map(|(i, k)| (k.key.as_str(), i))
            .collect();
        let actor_keywords: Arc<[Vec<usize>]> = per_actor
            .iter()
            .map(|keys| {
                let mut ix: Vec<usize> = keys
                    .iter()
                    .filter_map(|k| index.get(k.as_str()).copied())
                    .collect();
                ix.sort_unstable();
                ix
            })
            .collect();
        MapData {
            actors,
            keywords: keywords.into(),
            actor_keywords,
        }
    }
}

/// A choice in one of the map's filters, for the templates.
#[derive(Debug, Clone, Serialize)]
pub struct FacetOption {
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// The choices of the map's filters in one language (campuses and keywords sorted by label).
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    pub campuses: Vec<FacetOption>,
    pub keywords: Vec<FacetOption>,
    pub sme_count: usize,
    /// Actors on the map that are closed, merged or acquired (the filter that shows them).
    pub gone_count: usize,
}

pub fn facets(l: &Lang<'_>, data: &MapData<'_>) -> Facets {
    let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    // The counts are those of the map as it opens: without the actors that are gone.
    for a in data.actors.iter().filter(|a| !a.life.gone()) {
        // An actor counts once per campus, however often its record names it.
        for (i, c) in a.campuses.iter().enumerate() {
            if !a.campuses[..i].contains(c) {
                *at.entry(c.as_str()).or_default() += 1;
            }
        }
    }
    let mut campuses: Vec<FacetOption> = l
        .site
        .campuses
        .iter()
        .map(|c| FacetOption {
            key: c.slug.clone(),
            label: c.name.get(l.lang, l.default_lang).to_string(),
            count: at.get(c.slug.as_str()).copied().unwrap_or(0),
        })
        .collect();
    campuses.sort_by_cached_key(|c| (sort_key(l.lang, &c.label), c.key.clone()));
    Facets {
        campuses,
        keywords: data
            .keywords
            .iter()
            .map(|k| FacetOption {
                key: k.key.clone(),
                label: k.label.clone(),
                count: k.count,
            })
            .collect(),
        sme_count: data
            .actors
            .iter()
            .filter(|a| !a.life.gone() && a.open_to.iter().any(|o| o == "sme"))
            .count(),
        gone_count: data.actors.iter().filter(|a| a.life.gone()).count(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::{ActorText, Site};
    use crate::render::urls::Urls;
    use crate::render::views::SiteIndex;
    use std::path::Path;

    fn minimal() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = SiteConfig::load(&root).expect("the minimal fixture's site.yaml");
        let (site, diags) = crate::load::load_site(&root, config);
        assert!(!diags.has_errors());
        site
    }

    pub(crate) fn with_lang<T>(site: &Site, lang: &str, f: impl FnOnce(&Lang<'_>) -> T) -> T {
        let index = SiteIndex::new(site, "2025-01-01".to_string());
        let l = Lang {
            site,
            index: &index,
            lang,
            default_lang: "sv",
            urls: Urls::new("/", None, lang, "sv"),
        };
        f(&l)
    }

    fn translate_services(site: &mut Site, slug: &str, services: &[&str]) {
        let actor = site
            .actors
            .iter_mut()
            .find(|a| a.slug == slug)
            .expect("the actor");
        let base = actor.text.get("sv").cloned().unwrap_or_default();
        actor.text.by_lang.insert(
            "en".into(),
            ActorText {
                services: services.iter().map(|s| s.to_string()).collect(),
                ..base
            },
        );
    }

    /// The minimal fixture with the lab twice more, its service translated as "Microscopy"
    /// once and "Light microscopy" twice.
    pub(crate) fn three_microscopy_labs() -> Site {
        let mut site = minimal();
        let mut twin = site
            .actors
            .iter()
            .find(|a| a.slug == "sodertalje-lab")
            .cloned()
            .expect("the lab");
        twin.slug = "tvillingen".into();
        site.actors.push(twin.clone());
        twin.slug = "trillingen".into();
        site.actors.push(twin);
        translate_services(&mut site, "sodertalje-lab", &["Microscopy"]);
        translate_services(&mut site, "tvillingen", &["Light microscopy"]);
        translate_services(&mut site, "trillingen", &["Light microscopy"]);
        site
    }

    #[test]
    fn services_keep_their_key_and_take_the_most_frequent_translation() {
        // Two actors offer `Mikroskopi`; one translation is used twice as often.
        let site = three_microscopy_labs();
        let en = with_lang(&site, "en", |l| MapData::new(l).keywords);
        let micro = en.iter().find(|k| k.key == "mikroskopi").expect("the key");
        assert_eq!(micro.label, "Light microscopy");
        assert_eq!(micro.count, 3);
        let sv = with_lang(&site, "sv", |l| MapData::new(l).keywords);
        let micro = sv.iter().find(|k| k.key == "mikroskopi").expect("the key");
        assert_eq!(micro.label, "Mikroskopi");
    }

    #[test]
    fn a_translation_with_another_number_of_services_is_not_paired() {
        let mut site = minimal();
        translate_services(&mut site, "sodertalje-lab", &["Microscopy", "Extra"]);
        let en = with_lang(&site, "en", |l| MapData::new(l).keywords);
        let labels: Vec<&str> = en.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(labels, ["forskning", "Mikroskopi"]);
    }

    #[test]
    fn tags_and_services_with_the_same_slug_are_one_keyword() {
        let mut site = minimal();
        let lab = site
            .actors
            .iter_mut()
            .find(|a| a.slug == "sodertalje-lab")
            .expect("the lab");
        lab.tags.push("mikroskopi".into());
        let data = with_lang(&site, "sv", |l| {
            let d = MapData::new(l);
            (d.keywords, d.actor_keywords)
        });
        assert_eq!(data.0.iter().filter(|k| k.key == "mikroskopi").count(), 1);
        assert!(data.1.iter().all(|ix| ix.windows(2).all(|w| w[0] < w[1])));
    }

    #[test]
    fn map_json_counts_positions_from_the_smallest() {
        let site = minimal();
        let json: serde_json::Value = with_lang(&site, "sv", |l| {
            let data = MapData::new(l);
            serde_json::from_slice(&crate::render::map::json::map_json(l, &data)).expect("JSON")
        });
        assert_eq!(json["origin"], serde_json::json!([5930000, 1781000]));
        let lat = json["actors"]["lat"].as_array().expect("lat");
        assert!(lat.iter().all(|v| v.as_i64().is_some_and(|v| v >= 0)));
        assert!(lat.iter().any(|v| v.as_i64() == Some(0)));
        assert_eq!(json["actor_url"], "/actors/");
    }

    #[test]
    fn services_worded_unlike_their_keyword_stay_searchable() {
        let site = three_microscopy_labs();
        let (order, json): (Vec<String>, serde_json::Value) = with_lang(&site, "en", |l| {
            let data = MapData::new(l);
            let order = data.actors.iter().map(|a| a.slug.clone()).collect();
            let json = serde_json::from_slice(&crate::render::map::text::text_json(l, &data))
                .expect("JSON");
            (order, json)
        });
        let services = |slug: &str| {
            let i = order.iter().position(|s| s == slug).expect("listed");
            json["services"][i].clone()
        };
        assert_eq!(services("sodertalje-lab"), "Microscopy");
        assert_eq!(services("tvillingen"), "");
        assert_eq!(services("alfa-universitet"), "");
    }

    #[test]
    fn most_frequent_breaks_ties_by_the_smallest_string() {
        let counts: BTreeMap<String, usize> = [
            ("b".to_string(), 2),
            ("a".to_string(), 2),
            ("c".to_string(), 1),
        ]
        .into();
        assert_eq!(most_frequent(&counts), Some("a"));
        assert_eq!(most_frequent(&BTreeMap::new()), None);
    }
}
