//! The research-infrastructure guide: the page with `layout: guide` shows its own text (the
//! steps a company goes through), then every infrastructure of the site grouped by service area,
//! with what it offers, who may use it, how to start and on what terms, and links that open the
//! map filtered to them (the map's URL parameters `type`, `sme` and `actor`).

use crate::model::Actor;
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

/// A service area and the infrastructures that offer it.
#[derive(Debug, Clone, Serialize)]
pub struct GuideSection {
    pub key: String,
    pub label: String,
    pub cards: Vec<GuideCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    pub sections: Vec<GuideSection>,
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
        sections,
        audiences,
        areas,
        map_url: format!("{home}?type={map_types}"),
        map_url_sme: format!("{home}?type={map_types}&sme=1"),
        map_types,
    }
}
