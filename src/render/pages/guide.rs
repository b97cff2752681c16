//! The research-infrastructure guide: the page with `layout: guide` shows its own text (the
//! steps a company goes through), then every infrastructure of the site grouped by service area,
//! with what it offers, who may use it, how to start and on what terms, and links that open the
//! map filtered to them (the map's URL parameters `type`, `sme` and `actor`).

use crate::model::Actor;
use crate::render::pages::paging;
use crate::render::templates::Strings;
use crate::render::views::{AccessContactView, ActorCard, KeyLabel, Lang};
use crate::slug::sort_key;
use crate::validate::OPEN_TO;
use serde::Serialize;

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
    /// The map, showing this actor.
    pub map_url: String,
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

/// The guide split into pages of `size` cards ([`paging::pages`]), for the page at `base`: each
/// page shows the sections, or the parts of sections, whose cards fall on it; every page links
/// to every section where it starts.
pub fn paged(view: GuideView, base: &str, l: &Lang<'_>, size: usize) -> Vec<GuideView> {
    let GuideView {
        sections,
        section_links: _,
        total,
        audiences,
        areas,
        map_url,
        map_url_sme,
        map_types,
    } = view;
    // (section, card) in the order the guide shows them.
    let mut cards: Vec<(usize, GuideCard)> = Vec::new();
    let mut heads = Vec::new();
    for (i, s) in sections.into_iter().enumerate() {
        heads.push((s.key, s.label, s.cards.len()));
        cards.extend(s.cards.into_iter().map(|c| (i, c)));
    }
    let count = paging::page_count(cards.len(), size);
    let page_of_card = |at: usize| at / size.max(1) + 1;
    let mut starts = Vec::new();
    let mut at = 0;
    for (_, _, n) in &heads {
        starts.push(page_of_card(at));
        at += n;
    }
    let mut cards = cards.into_iter();
    (1..=count)
        .map(|n| {
            let mut on_page: Vec<GuideSection> = Vec::new();
            for _ in 0..size {
                let Some((i, card)) = cards.next() else {
                    break;
                };
                match on_page.last_mut() {
                    Some(last) if last.key == heads[i].0 => last.cards.push(card),
                    _ => on_page.push(GuideSection {
                        key: heads[i].0.clone(),
                        label: heads[i].1.clone(),
                        cards: vec![card],
                    }),
                }
            }
            let section_links = heads
                .iter()
                .zip(&starts)
                .map(|((key, label, count), start)| SectionLink {
                    key: key.clone(),
                    label: label.clone(),
                    count: *count,
                    page: if *start == n {
                        String::new()
                    } else {
                        l.urls.link(&paging::page_path(base, *start))
                    },
                })
                .collect();
            GuideView {
                sections: on_page,
                section_links,
                total,
                audiences: audiences.clone(),
                areas: areas.clone(),
                map_url: map_url.clone(),
                map_url_sme: map_url_sme.clone(),
                map_types: map_types.clone(),
            }
        })
        .collect()
}

pub fn view(l: &Lang<'_>, t: &Strings) -> GuideView {
    let mut actors: Vec<&Actor> = l.site.actors.iter().filter(|a| in_guide(l, a)).collect();
    actors.sort_by_cached_key(|a| l.actor_order(a));
    let home = l.urls.link("");
    let card = |a: &Actor| {
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
                    label: t.tr(&format!("audience_{o}")),
                })
                .collect(),
            audiences: a.open_to.join(" "),
            areas: a.service_areas.join(" "),
            access_how: text.access_how.cloned(),
            steps: text.access_steps.to_vec(),
            contact: view.access_contact,
            terms: text.terms.cloned(),
            map_url: format!("{home}?actor={}", a.slug),
        }
    };
    let mut sections: Vec<GuideSection> = Vec::new();
    let mut areas: Vec<KeyLabel> = l
        .config()
        .service_areas
        .keys()
        .map(|k| l.service_area(k))
        .collect();
    areas.sort_by_cached_key(|a| sort_key(l.lang, &a.label));
    for area in &areas {
        let cards: Vec<GuideCard> = actors
            .iter()
            .filter(|a| a.service_areas.contains(&area.key))
            .map(|a| card(a))
            .collect();
        if !cards.is_empty() {
            sections.push(GuideSection {
                key: area.key.clone(),
                label: area.label.clone(),
                cards,
            });
        }
    }
    let others: Vec<GuideCard> = actors
        .iter()
        .filter(|a| a.service_areas.is_empty())
        .map(|a| card(a))
        .collect();
    if !others.is_empty() {
        sections.push(GuideSection {
            key: "other".into(),
            label: t.tr("guide_other_services"),
            cards: others,
        });
    }
    areas.retain(|a| sections.iter().any(|s| s.key == a.key));
    let audiences = OPEN_TO
        .iter()
        .filter(|o| actors.iter().any(|a| a.open_to.iter().any(|x| x == *o)))
        .map(|o| KeyLabel {
            key: o.to_string(),
            label: crate::render::format::upper_first(&t.tr(&format!("audience_{o}"))),
        })
        .collect();
    let mut types: Vec<&str> = actors.iter().map(|a| a.kind.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let map_types = types.join(",");
    GuideView {
        total: actors.len(),
        section_links: Vec::new(),
        sections,
        audiences,
        areas,
        map_url: format!("{home}?type={map_types}"),
        map_url_sme: format!("{home}?type={map_types}&sme=1"),
        map_types,
    }
}
