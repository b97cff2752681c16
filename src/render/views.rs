//! What templates see: plain serialisable views of the model in one language, with every link
//! already resolved, so templates never build URLs or look things up.

use crate::config::{Localized, SiteConfig};
use crate::markdown::{self, LinkContext};
use crate::model::{text_or_default, Actor, Campus, Contact, NewsItem, Relation, Site};
use crate::render::provenance::FigureNoteView;
use crate::render::urls::{self, Urls};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Everything about one language of the site that views need.
pub struct Lang<'a> {
    pub site: &'a Site,
    pub index: &'a SiteIndex<'a>,
    pub lang: &'a str,
    pub default_lang: &'a str,
    pub urls: Urls,
}

impl<'a> Lang<'a> {
    pub fn config(&self) -> &'a SiteConfig {
        &self.site.config
    }

    /// Where actor `a` goes in every list of actors, on the map and in the guide: by its name
    /// as this language sorts names ([`crate::slug::sort_key`]), then by slug.
    /// "Edit this page" and "suggest a change" for the page at `path` made from `file` (relative
    /// to the site's folder), when site.yaml names the site's repository.
    pub fn edit_links(
        &self,
        file: &std::path::Path,
        title: &str,
        path: &str,
    ) -> Option<crate::render::edit::EditLinks> {
        crate::render::edit::edit_links(
            self.config().repository.as_ref(),
            file,
            title,
            &self.urls.absolute(&self.urls.link(path)),
        )
    }

    pub fn actor_order(&self, a: &Actor) -> (String, String) {
        let name = a.name_in(self.lang, self.default_lang);
        (crate::slug::sort_key(self.lang, name), a.slug.clone())
    }

    /// What a tag says in this language: its keyword's label when the site has a keyword
    /// vocabulary that names it, else the tag as written.
    pub fn keyword(&self, tag: &'a str) -> &'a str {
        match self.site.config.keywords.get(tag) {
            Some(k) => k.label.get(self.lang, self.default_lang),
            None => tag,
        }
    }

    /// The actor `slug`, if there is one.
    pub fn actor(&self, slug: &str) -> Option<&'a Actor> {
        self.index.actors.get(slug).copied()
    }

    pub fn markdown(&self, md: &str) -> String {
        let ctx = LinkContext {
            base_path: &self.urls.base_path,
            lang_prefix: &self.urls.lang_prefix,
            trust_html: self.site.config.trust_html,
        };
        markdown::render(md, &ctx).0
    }

    pub fn term(&self, kind: TermKind, key: &str) -> TermView {
        let c = self.config();
        let (label, colour, symbol, shape, path) = match kind {
            TermKind::Type => {
                let t = c.actor_types.get(key);
                (
                    t.map(|t| t.label.get(self.lang, self.default_lang).to_string()),
                    t.map(|t| t.colour.clone()),
                    t.and_then(|t| t.symbol.clone()),
                    t.map(|t| t.shape.clone()),
                    urls::actor_type(key),
                )
            }
            TermKind::Sector => (
                c.sectors
                    .get(key)
                    .map(|s| s.label.get(self.lang, self.default_lang).to_string()),
                None,
                None,
                None,
                urls::sector(key),
            ),
        };
        let label = label.unwrap_or_else(|| key.to_string());
        let symbol = symbol.unwrap_or_else(|| {
            label
                .chars()
                .next()
                .unwrap_or('?')
                .to_uppercase()
                .to_string()
        });
        TermView {
            key: key.to_string(),
            label,
            colour,
            symbol,
            shape: shape.unwrap_or_else(|| "circle".to_string()),
            url: self.urls.link(&path),
        }
    }

    pub fn actor_card(&self, a: &Actor) -> ActorCard {
        ActorCard {
            slug: a.slug.clone(),
            name: a.name_in(self.lang, self.default_lang).to_string(),
            summary: a.summary_in(self.lang, self.default_lang).to_string(),
            text_lang: self.card_text_lang(a),
            url: self.actor_url(a),
            kind: self.term(TermKind::Type, &a.kind),
            sectors: a
                .sectors
                .iter()
                .map(|s| self.term(TermKind::Sector, s))
                .collect(),
            campuses: a
                .campuses
                .iter()
                .filter_map(|c| self.site.campus(c))
                .map(|c| self.campus_link(c))
                .collect(),
        }
    }

    /// The language of `a`'s name and summary when they fall back to the default language.
    pub fn card_text_lang(&self, a: &Actor) -> Option<String> {
        self.text_lang(a.text.has(self.lang))
    }

    pub fn actor_url(&self, a: &Actor) -> String {
        self.urls.link(&urls::actor(&a.slug))
    }

    pub fn campus_link(&self, c: &Campus) -> Link {
        Link {
            name: c.name.get(self.lang, self.default_lang).to_string(),
            url: self.urls.link(&urls::campus(&c.slug)),
        }
    }

    pub fn campus_card(&self, c: &Campus) -> CampusCard {
        CampusCard {
            slug: c.slug.clone(),
            name: c.name.get(self.lang, self.default_lang).to_string(),
            summary: c.summary.get(self.lang, self.default_lang).to_string(),
            url: self.urls.link(&urls::campus(&c.slug)),
            municipality: c.municipality.clone(),
            // As many as the campus's list shows: not the closed, merged or acquired.
            actor_count: self
                .index
                .actors_by_campus
                .get(c.slug.as_str())
                .map_or(0, |here| here.iter().filter(|a| !a.life.gone()).count()),
        }
    }

    /// `None` when text is in the page's language, else the language it falls back to.
    fn text_lang(&self, translated: bool) -> Option<String> {
        (self.lang != self.default_lang && !translated).then(|| self.default_lang.to_string())
    }

    pub fn actor_view(&self, a: &Actor) -> ActorView {
        let t = a.text_ref(self.lang, self.default_lang);
        let c = self.config();
        let mut relations = Vec::new();
        for r in &a.relations {
            if let (Some(rt), Some(target)) = (c.relation_types.get(&r.kind), self.actor(&r.target))
            {
                relations.push(RelationView {
                    kind: r.kind.clone(),
                    label: rt.label.get(self.lang, self.default_lang).to_string(),
                    actor: self.actor_link(target),
                    since: r.since.map(|w| w.to_string()),
                    until: r.until.map(|w| w.to_string()),
                });
            }
        }
        for (other, r) in self
            .index
            .incoming
            .get(a.slug.as_str())
            .into_iter()
            .flatten()
        {
            if let Some(rt) = c.relation_types.get(&r.kind) {
                relations.push(RelationView {
                    kind: r.kind.clone(),
                    label: rt.reverse.get(self.lang, self.default_lang).to_string(),
                    actor: self.actor_link(other),
                    since: r.since.map(|w| w.to_string()),
                    until: r.until.map(|w| w.to_string()),
                });
            }
        }
        let news = self
            .index
            .news_by_actor
            .get(a.slug.as_str())
            .into_iter()
            .flatten()
            .map(|n| self.news_card(n))
            .collect();
        ActorView {
            card: self.actor_card(a),
            body_html: self.markdown(&self.site.body(t.body, t.body_source)),
            facts: a.facts.clone(),
            tags: a.tags.iter().map(|t| self.keyword(t).to_string()).collect(),
            services: t.services.to_vec(),
            open_to: a.open_to.clone(),
            access_how: t.access_how.cloned(),
            contacts: a.contacts.iter().map(|c| self.contact(c)).collect(),
            relations,
            logo: self
                .index
                .logos
                .get(a.slug.as_str())
                .map(|(path, l)| LogoView {
                    url: self.urls.asset(path),
                    width: l.width,
                    height: l.height,
                }),
            equipment: t.equipment.to_vec(),
            access_steps: t.access_steps.to_vec(),
            terms: t.terms.cloned(),
            access_contact: a.access_contact.as_ref().map(|c| AccessContactView {
                name: c.name.clone(),
                role: self.opt_text(c.role.as_ref()),
                email: c.email.clone(),
                phone: c.phone.clone(),
                url: c.url.clone(),
            }),
            service_areas: a
                .service_areas
                .iter()
                .map(|k| self.service_area(k))
                .collect(),
            employees_text: a
                .figures
                .employees
                .map(|n| crate::render::format::int(n, self.lang)),
            employees: a.figures.employees,
            founded: a.figures.founded,
            life: self.life_view(a),
            employees_note: FigureNoteView::of(a.figures.employees_note.as_ref()),
            founded_note: FigureNoteView::of(a.figures.founded_note.as_ref()),
            lat: a.position.map(|p| p.lat),
            lon: a.position.map(|p| p.lon),
            approximate: a.approximate,
            located_by_campus: a.location.is_none(),
            sites: a
                .sites
                .iter()
                .map(|site| SiteView {
                    campus: site
                        .campus
                        .as_deref()
                        .and_then(|c| self.site.campus(c))
                        .map(|c| self.campus_link(c)),
                    label: site.label.clone(),
                    lat: site.position.map(|p| p.lat),
                    lon: site.position.map(|p| p.lon),
                    approximate: site.approximate,
                    located_by_campus: site.location.is_none(),
                })
                .collect(),
            news,
        }
    }

    fn life_view(&self, a: &Actor) -> LifeView {
        let link = |slug: &Option<String>| {
            slug.as_deref()
                .and_then(|s| self.actor(s))
                .map(|t| self.actor_link(t))
        };
        let links = |of: &FxHashMap<&str, Vec<&Actor>>| -> Vec<Link> {
            of.get(a.slug.as_str())
                .into_iter()
                .flatten()
                .map(|o| self.actor_link(o))
                .collect()
        };
        LifeView {
            status: a.life.status.as_str(),
            gone: a.life.gone(),
            closed: a.life.closed.map(|w| w.to_string()),
            successor: link(&a.life.successor),
            acquired_by: link(&a.life.acquired_by),
            formerly: links(&self.index.predecessors),
            acquired: links(&self.index.acquisitions),
        }
    }

    fn contact(&self, c: &Contact) -> ContactView {
        ContactView {
            name: c.name.clone(),
            role: self.opt_text(c.role.as_ref()),
            email: c.email.clone(),
            phone: c.phone.clone(),
        }
    }

    /// A per-language text in this language (falling back to the default language).
    pub fn text(&self, l: &Localized) -> String {
        l.get(self.lang, self.default_lang).to_string()
    }

    fn opt_text(&self, l: Option<&Localized>) -> Option<String> {
        l.map(|l| self.text(l)).filter(|s| !s.trim().is_empty())
    }

    /// A service area of site.yaml, labelled in this language.
    pub fn service_area(&self, key: &str) -> KeyLabel {
        KeyLabel {
            key: key.to_string(),
            label: self
                .config()
                .service_areas
                .get(key)
                .map(|t| self.text(&t.label))
                .unwrap_or_else(|| key.to_string()),
        }
    }

    pub fn actor_link(&self, a: &Actor) -> Link {
        Link {
            name: a.name_in(self.lang, self.default_lang).to_string(),
            url: self.urls.link(&urls::actor(&a.slug)),
        }
    }

    pub fn news_card(&self, n: &NewsItem) -> NewsCard {
        let t = text_or_default(&n.text, self.lang, self.default_lang)
            .cloned()
            .unwrap_or_default();
        NewsCard {
            slug: n.slug.clone(),
            date: n.date.clone(),
            title: t.title,
            summary: t.summary,
            url: self.urls.link(&urls::news(&n.slug)),
            text_lang: self.text_lang(n.text.has(self.lang)),
            event: n.event.as_ref().map(|e| EventView {
                date: e.date.clone(),
                end: e.end.clone(),
                place: self.text(&e.place),
                url: e.url.clone(),
                upcoming: e.last_day() >= self.index.today.as_str(),
            }),
        }
    }
}

/// Lookups computed once per build, so no page scans the whole site.
#[derive(Default)]
pub struct SiteIndex<'a> {
    /// Every actor by slug: what relations point at is looked up here rather than by a binary
    /// search of the actors, whose every step is a cache miss or two.
    pub actors: FxHashMap<&'a str, &'a Actor>,
    /// Relations pointing at an actor: (from, relation).
    pub incoming: FxHashMap<&'a str, Vec<(&'a Actor, &'a Relation)>>,
    pub news_by_actor: FxHashMap<&'a str, Vec<&'a NewsItem>>,
    pub news_by_campus: FxHashMap<&'a str, Vec<&'a NewsItem>>,
    pub actors_by_campus: FxHashMap<&'a str, Vec<&'a Actor>>,
    /// The actors that became an actor (`successor`), by its slug.
    pub predecessors: FxHashMap<&'a str, Vec<&'a Actor>>,
    /// The actors an actor bought (`acquired_by`), by its slug.
    pub acquisitions: FxHashMap<&'a str, Vec<&'a Actor>>,
    /// Each logo's published path (`assets/logos/<slug>-<hash>.<ext>`).
    pub logos: FxHashMap<&'a str, (String, &'a crate::model::Logo)>,
    /// The build's "today" (`yyyy-mm-dd`), for telling upcoming events from past ones.
    pub today: String,
}

impl<'a> SiteIndex<'a> {
    pub fn new(site: &'a Site, today: String) -> Self {
        let mut ix = SiteIndex {
            today,
            ..SiteIndex::default()
        };
        ix.actors.reserve(site.actors.len());
        for a in &site.actors {
            ix.actors.insert(a.slug.as_str(), a);
            if let Some(logo) = &a.logo {
                ix.logos
                    .insert(a.slug.as_str(), (logo_path(&a.slug, logo), logo));
            }
            for r in &a.relations {
                ix.incoming
                    .entry(r.target.as_str())
                    .or_default()
                    .push((a, r));
            }
            for c in &a.campuses {
                ix.actors_by_campus.entry(c.as_str()).or_default().push(a);
            }
            if let Some(s) = &a.life.successor {
                ix.predecessors.entry(s.as_str()).or_default().push(a);
            }
            if let Some(s) = &a.life.acquired_by {
                ix.acquisitions.entry(s.as_str()).or_default().push(a);
            }
        }
        for n in &site.news {
            for s in &n.actors {
                ix.news_by_actor.entry(s.as_str()).or_default().push(n);
            }
            for s in &n.campuses {
                ix.news_by_campus.entry(s.as_str()).or_default().push(n);
            }
        }
        ix
    }
}

/// Where a logo is published: named by the actor and a hash of its bytes, so that a changed
/// logo gets a new address and browsers may cache each one for ever.
pub fn logo_path(slug: &str, logo: &crate::model::Logo) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(&logo.bytes);
    let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("assets/logos/{slug}-{hash}.{}", logo.format.extension())
}

#[derive(Debug, Clone, Copy)]
pub enum TermKind {
    Type,
    Sector,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// An actor type or sector.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub key: String,
    pub label: String,
    pub colour: Option<String>,
    pub symbol: String,
    /// The marker shape of an actor type (`circle` for sectors).
    pub shape: String,
    pub url: String,
}

/// An actor in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ActorCard {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// The language of the name and summary when they fall back to the default language.
    pub text_lang: Option<String>,
    pub url: String,
    #[serde(rename = "type")]
    pub kind: TermView,
    pub sectors: Vec<TermView>,
    pub campuses: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessContactView {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A vocabulary key with its label in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct KeyLabel {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub date: String,
    pub end: Option<String>,
    pub place: String,
    pub url: Option<String>,
    /// The event has not ended by the build's "today".
    pub upcoming: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub kind: String,
    pub label: String,
    pub actor: Link,
    /// When the relation began and ended (a year or a day), when the record says.
    pub since: Option<String>,
    pub until: Option<String>,
}

/// What became of an actor, and what it came from, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct LifeView {
    /// `active`, `closed`, `merged` or `acquired`.
    pub status: &'static str,
    /// Not active: the page is marked.
    pub gone: bool,
    pub closed: Option<String>,
    pub successor: Option<Link>,
    pub acquired_by: Option<Link>,
    /// The actors that became this one.
    pub formerly: Vec<Link>,
    /// The actors this one bought.
    pub acquired: Vec<Link>,
}

/// An actor's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ActorView {
    #[serde(flatten)]
    pub card: ActorCard,
    pub body_html: String,
    /// The record's plain facts, each under its own name (`actor.address`).
    #[serde(flatten)]
    pub facts: crate::model::Facts,
    pub tags: Vec<String>,
    pub services: Vec<String>,
    pub open_to: Vec<String>,
    pub access_how: Option<String>,
    pub contacts: Vec<ContactView>,
    pub relations: Vec<RelationView>,
    pub logo: Option<LogoView>,
    pub equipment: Vec<String>,
    pub access_steps: Vec<String>,
    pub terms: Option<String>,
    pub access_contact: Option<AccessContactView>,
    pub service_areas: Vec<KeyLabel>,
    /// `employees` written for this language (`12 345`).
    pub employees_text: Option<String>,
    pub employees: Option<u64>,
    pub founded: Option<i32>,
    /// The year and source of `employees`, of `founded`, when the record gives them.
    pub employees_note: Option<FigureNoteView>,
    pub founded_note: Option<FigureNoteView>,
    pub life: LifeView,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub approximate: bool,
    pub located_by_campus: bool,
    /// Its sites, when the record gives `sites`.
    pub sites: Vec<SiteView>,
    pub news: Vec<NewsCard>,
}

/// One of an actor's sites on its page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub campus: Option<Link>,
    pub label: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub approximate: bool,
    pub located_by_campus: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampusCard {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub url: String,
    pub municipality: Option<String>,
    pub actor_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewsCard {
    pub slug: String,
    pub date: String,
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub text_lang: Option<String>,
    pub event: Option<EventView>,
}
