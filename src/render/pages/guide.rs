//! The research-infrastructure guide: the page with `layout: guide` shows its own text (the
//! steps a company goes through), then every infrastructure of the site grouped by service area,
//! with what it offers, who may use it, how to start and on what terms, and links that open the
//! map filtered to them (the map's URL parameters `type`, `sme` and `actor`).

use crate::model::Actor;
use crate::render::pages::paging;
use crate::render::templates::Strings;
use crate::render::views::{AccessContactView, ActorCard, KeyLabel, Lang};
use crate::render::PageKey;
use crate::slug::sort_key;
use crate::validate::OPEN_TO;
use serde::Serialize;
use std::collections::BTreeMap;

/// One infrastructure in the guide.
#[derive(Debug, Clone, Serialize)]
pub struct GuideCard {
    /// Name, summary, link and type, as in every list of actors.
    #[serde(flatten)]
    pub card: ActorCard,
    pub services: Vec<String>,
    pub equipment: Vec<String>,
    pub open_to: Vec<KeyLabel>,
    /// `open_to` keys joined with spaces, for the page's filter script.
    pub audiences: String,
    pub areas: String,
    pub access_how: Option<String>,
    pub steps: Vec<String>,
    pub contact: Option<AccessContactView>,
    pub terms: Option<String>,
    /// The map, showing this actor (`None` for an actor without a position).
    pub map_url: Option<String>,
}

/// A service area and the infrastructures that offer it (on one page of the guide: those of
/// them that page shows).
#[derive(Debug, Clone, Serialize)]
pub struct GuideSection {
    pub key: String,
    pub label: String,
    pub cards: Vec<GuideCard>,
}

/// A link to a service area's section: how many it has in all, and the page it starts on
/// (empty when that is this page).
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub page: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    /// The sections this page shows.
    pub sections: Vec<GuideSection>,
    /// Every section of the guide, for the links to them.
    pub section_links: Vec<SectionLink>,
    /// Every infrastructure once (the number the page states).
    pub total: usize,
    pub audiences: Vec<KeyLabel>,
    pub areas: Vec<KeyLabel>,
    /// The map filtered to the guide's actor types.
    pub map_url: String,
    /// The same, only those open to small and medium-sized companies.
    pub map_url_sme: String,
    /// The actor types in the guide, comma-separated (the map's `type` parameter).
    pub map_types: String,
}

/// Is `a` part of the guide? Actors of the infrastructure types, and any actor that says whom
/// it is open to.
pub fn in_guide(l: &Lang<'_>, a: &Actor) -> bool {
    l.config().infrastructure_types().contains(&a.kind.as_str()) || !a.open_to.is_empty()
}

/// How many cards the guide shows in all (an infrastructure once in each of its service areas,
/// or once among the others), which its pages are counted by.
pub fn entries(site: &crate::model::Site) -> usize {
    let infrastructure = site.config.infrastructure_types();
    site.actors
        .iter()
        .filter(|a| infrastructure.contains(&a.kind.as_str()) || !a.open_to.is_empty())
        .map(|a| {
            let areas = site
                .config
                .service_areas
                .keys()
                .filter(|k| a.service_areas.contains(k))
                .count();
            if a.service_areas.is_empty() {
                1
            } else {
                areas
            }
        })
        .sum()
}

/// The guide before its cards are made: its sections and which infrastructure each card of each
/// page shows. A page's cards are made when it is rendered ([`GuidePlan::page`]), so that the
/// pages of a guide of 100,000 cards do not hold them all at once.
pub struct GuidePlan<'a> {
    /// Each section's key, label and number of cards, in order.
    heads: Vec<(String, String, usize)>,
    /// Every card as (section, infrastructure), in the order the guide shows them.
    entries: Vec<(usize, &'a Actor)>,
    /// The audiences' labels, by key.
    audience_labels: BTreeMap<String, String>,
    total: usize,
    audiences: Vec<KeyLabel>,
    areas: Vec<KeyLabel>,
    map_types: String,
}

impl<'a> GuidePlan<'a> {
    pub fn new(l: &Lang<'a>, t: &Strings) -> GuidePlan<'a> {
        let mut actors: Vec<&'a Actor> = l.site.actors.iter().filter(|a| in_guide(l, a)).collect();
        actors.sort_by_cached_key(|a| l.actor_order(a));
        let mut areas: Vec<KeyLabel> = l
            .config()
            .service_areas
            .keys()
            .map(|k| l.service_area(k))
            .collect();
        areas.sort_by_cached_key(|a| sort_key(l.lang, &a.label));
        let mut heads = Vec::new();
        let mut entries = Vec::new();
        let mut section = |key: &str, label: &str, of: Vec<&'a Actor>| {
            if !of.is_empty() {
                heads.push((key.to_string(), label.to_string(), of.len()));
                entries.extend(of.into_iter().map(|a| (heads.len() - 1, a)));
            }
        };
        for area in &areas {
            let of = actors
                .iter()
                .copied()
                .filter(|a| a.service_areas.contains(&area.key))
                .collect();
            section(&area.key, &area.label, of);
        }
        let others = actors
            .iter()
            .copied()
            .filter(|a| a.service_areas.is_empty())
            .collect();
        section("other", &t.tr("guide_other_services"), others);
        areas.retain(|a| heads.iter().any(|h| h.0 == a.key));
        let audiences = OPEN_TO
            .iter()
            .filter(|o| actors.iter().any(|a| a.open_to.iter().any(|x| x == *o)))
            .map(|o| KeyLabel {
                key: o.to_string(),
                label: crate::render::format::upper_first(&t.tr(&format!("audience_{o}"))),
            })
            .collect();
        let audience_labels = OPEN_TO
            .iter()
            .map(|o| (o.to_string(), t.tr(&format!("audience_{o}"))))
            .collect();
        let mut types: Vec<&str> = actors.iter().map(|a| a.kind.as_str()).collect();
        types.sort_unstable();
        types.dedup();
        GuidePlan {
            heads,
            entries,
            audience_labels,
            total: actors.len(),
            audiences,
            areas,
            map_types: types.join(","),
        }
    }

    /// How many pages of `size` cards the guide takes.
    pub fn page_count(&self, size: usize) -> usize {
        paging::page_count(self.entries.len(), size)
    }

    /// Page `n` (from 1) of the guide at `base` in pages of `size` cards: the sections, or the
    /// parts of sections, whose cards fall on it, and links to every section where it starts.
    pub fn page(&self, l: &Lang<'_>, base: &str, n: usize, size: usize) -> GuideView {
        let (mut view, cards) = self.frame(l, base, n, size);
        for (section, a) in cards {
            view.sections[section].cards.push(self.card(l, a));
        }
        view
    }

    /// What page `n` is made of ([`PageKey`]): `data`, the page without its cards
    /// ([`GuidePlan::frame`]), the section each card is in and the infrastructure it shows.
    #[allow(clippy::too_many_arguments)]
    pub fn key(
        &self,
        l: &Lang<'_>,
        base: &str,
        n: usize,
        size: usize,
        template: &'static str,
        title: &str,
        data: &tera::Context,
    ) -> PageKey {
        let (view, cards) = self.frame(l, base, n, size);
        let mut data = data.clone();
        data.insert("guide", &view);
        let sections: Vec<usize> = cards.iter().map(|(s, _)| *s).collect();
        data.insert("guide_card_sections", &sections);
        let actors = cards
            .iter()
            .filter_map(|(_, a)| l.site.actor_index(a))
            .collect();
        PageKey {
            template,
            title: title.to_string(),
            data,
            actors,
        }
    }

    /// Page `n` without its cards (each section's `cards` empty), and its cards as the section
    /// of the page each is in and the infrastructure it shows, in order.
    fn frame(
        &self,
        l: &Lang<'_>,
        base: &str,
        n: usize,
        size: usize,
    ) -> (GuideView, Vec<(usize, &'a Actor)>) {
        let size = size.max(1);
        let from = ((n - 1) * size).min(self.entries.len());
        let to = (n * size).min(self.entries.len());
        let mut sections: Vec<GuideSection> = Vec::new();
        let mut cards = Vec::with_capacity(to - from);
        for &(i, a) in &self.entries[from..to] {
            if sections
                .last()
                .is_none_or(|last| last.key != self.heads[i].0)
            {
                sections.push(GuideSection {
                    key: self.heads[i].0.clone(),
                    label: self.heads[i].1.clone(),
                    cards: Vec::new(),
                });
            }
            cards.push((sections.len() - 1, a));
        }
        let mut at = 0;
        let section_links = self
            .heads
            .iter()
            .map(|(key, label, count)| {
                let start = at / size + 1;
                at += count;
                SectionLink {
                    key: key.clone(),
                    label: label.clone(),
                    count: *count,
                    page: if start == n {
                        String::new()
                    } else {
                        l.urls.link(&paging::page_path(base, start))
                    },
                }
            })
            .collect();
        let home = l.urls.link("");
        let view = GuideView {
            sections,
            section_links,
            total: self.total,
            audiences: self.audiences.clone(),
            areas: self.areas.clone(),
            map_url: format!("{home}?type={}", self.map_types),
            map_url_sme: format!("{home}?type={}&sme=1", self.map_types),
            map_types: self.map_types.clone(),
        };
        (view, cards)
    }

    fn card(&self, l: &Lang<'_>, a: &Actor) -> GuideCard {
        let text = a.text_ref(l.lang, l.default_lang);
        let view = l.actor_view(a);
        GuideCard {
            card: view.card,
            services: text.services.to_vec(),
            equipment: text.equipment.to_vec(),
            open_to: a
                .open_to
                .iter()
                .map(|o| KeyLabel {
                    key: o.clone(),
                    label: self
                        .audience_labels
                        .get(o)
                        .cloned()
                        .unwrap_or_else(|| format!("audience_{o}")),
                })
                .collect(),
            audiences: a.open_to.join(" "),
            areas: a.service_areas.join(" "),
            access_how: text.access_how.cloned(),
            steps: text.access_steps.to_vec(),
            contact: view.access_contact,
            terms: text.terms.cloned(),
            map_url: a
                .position
                .map(|_| format!("{}?actor={}", l.urls.link(""), a.slug)),
        }
    }
}
