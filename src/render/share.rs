//! What a page tells other sites when it is shared or read by a machine: the Open Graph and
//! Twitter card tags (`share`, printed by `templates/partials/share_meta.html`) and schema.org
//! JSON-LD (`share_ld`): an Organization for an actor, a Place for a campus, a NewsArticle or an
//! Event for a news item, and a WebPage of the WebSite for every other page.
//!
//! Addresses are absolute when `base_url` is; a site published under a path gives paths.

use crate::model::{text_or_default, Actor, Campus, NewsItem};
use crate::render::urls;
use crate::render::views::Lang;
use serde::Serialize;
use serde_json::{json, Value};

/// The context keys a page's job may set: its JSON-LD (text) and its description for sharing.
pub const LD: &str = "share_ld";
pub const DESCRIPTION: &str = "share_description";

/// The relation types whose target an actor belongs to (schema.org `parentOrganization`).
pub const PARENT_RELATIONS: [&str; 2] = ["owned-by", "part-of"];

/// The Open Graph and Twitter card values of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// `website` for the home page, `article` for everything else.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub site_name: String,
    /// The share image's absolute address, when there is one.
    pub image: Option<String>,
}

impl Share {
    pub fn new(l: &Lang<'_>, path: &str, title: &str, description: String) -> Share {
        let c = l.config();
        let site_name = l.text(&c.title);
        Share {
            kind: if path.is_empty() {
                "website"
            } else {
                "article"
            },
            title: if path.is_empty() {
                site_name.clone()
            } else {
                title.to_string()
            },
            description,
            url: page_url(l, path),
            site_name,
            image: Some(crate::render::share_image::for_page(l, path)),
        }
    }
}

fn page_url(l: &Lang<'_>, path: &str) -> String {
    l.urls.absolute(&l.urls.link(path))
}

/// JSON for a `<script type="application/ld+json">`: no `<`, `>` or `&` that an HTML parser
/// could read as the end of the script.
pub fn script_json(v: &Value) -> String {
    serde_json::to_string(&without_nulls(v.clone()))
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `v` without the properties that are `null` (a text the record does not give).
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn geo(p: crate::config::LatLon) -> Value {
    use crate::render::data::round;
    json!({"@type": "GeoCoordinates", "latitude": round(p.lat), "longitude": round(p.lon)})
}

fn website(l: &Lang<'_>) -> Value {
    json!({"@type": "WebSite", "name": l.text(&l.config().title), "url": page_url(l, "")})
}

/// A page that is none of the records': a WebPage of the WebSite.
pub fn page_ld(l: &Lang<'_>, path: &str, title: &str) -> String {
    if path.is_empty() {
        let mut v = website(l);
        v["@context"] = json!("https://schema.org");
        v["inLanguage"] = json!(l.lang);
        v["description"] = json!(l.text(&l.config().description));
        return script_json(&v);
    }
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": page_url(l, path),
        "inLanguage": l.lang,
        "isPartOf": website(l),
    }))
}

/// An actor: an Organization with its address, position, founding year and the organisations
/// it is owned by or part of.
pub fn actor_ld(l: &Lang<'_>, a: &Actor) -> String {
    let text = a.text_ref(l.lang, l.default_lang);
    let page = page_url(l, &urls::actor(&a.slug));
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page,
        "name": a.name_in(l.lang, l.default_lang),
        "description": text.summary,
        "mainEntityOfPage": page,
        "url": a.facts.website.clone().unwrap_or_else(|| page.clone()),
    });
    if let Some(address) = &a.facts.address {
        v["address"] = json!({"@type": "PostalAddress", "streetAddress": address});
    }
    if let Some(p) = a.position {
        v["geo"] = geo(p);
    }
    if let Some(year) = a.figures.founded_counted() {
        v["foundingDate"] = json!(year.to_string());
    }
    if let Some(email) = &a.facts.email {
        v["email"] = json!(email);
    }
    let parents: Vec<Value> = a
        .relations
        .iter()
        .filter(|r| PARENT_RELATIONS.contains(&r.kind.as_str()))
        .filter_map(|r| l.actor(&r.target))
        .map(|p| {
            let url = page_url(l, &urls::actor(&p.slug));
            json!({"@type": "Organization", "@id": url, "name": p.name_in(l.lang, l.default_lang), "url": p.facts.website.clone().unwrap_or(url)})
        })
        .collect();
    match parents.len() {
        0 => {}
        1 => v["parentOrganization"] = parents[0].clone(),
        _ => v["parentOrganization"] = json!(parents),
    }
    script_json(&v)
}

/// A campus or innovation node: a Place with its centre and municipality.
pub fn campus_ld(l: &Lang<'_>, c: &Campus) -> String {
    let page = page_url(l, &urls::campus(&c.slug));
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Place",
        "@id": page,
        "name": l.text(&c.name),
        "description": l.text(&c.summary),
        "url": page,
        "geo": geo(c.centre),
    });
    if let Some(m) = &c.municipality {
        v["address"] = json!({"@type": "PostalAddress", "addressLocality": m});
    }
    if let Some(w) = &c.website {
        v["sameAs"] = json!(w);
    }
    script_json(&v)
}

/// A news item: a NewsArticle, or an Event when it announces one.
pub fn news_ld(l: &Lang<'_>, n: &NewsItem) -> String {
    let text = text_or_default(&n.text, l.lang, l.default_lang);
    let title = text.map(|t| t.title.as_str()).unwrap_or_default();
    let summary = text.and_then(|t| t.summary.as_deref());
    let page = page_url(l, &urls::news(&n.slug));
    let v = match &n.event {
        Some(e) => json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": page,
            "name": title,
            "description": summary,
            "startDate": e.date,
            "endDate": e.end.as_deref().unwrap_or(&e.date),
            "location": {"@type": "Place", "name": l.text(&e.place)},
            "url": e.url.clone().unwrap_or_else(|| page.clone()),
            "mainEntityOfPage": page,
            "inLanguage": l.lang,
        }),
        None => json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": page,
            "headline": title,
            "description": summary,
            "datePublished": n.date,
            "url": page,
            "inLanguage": l.lang,
            "publisher": website(l),
        }),
    };
    script_json(&v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_ld_cannot_end_its_script() {
        let v = serde_json::json!({"name": "</script><b>A & B</b>", "description": null});
        let text = super::script_json(&v);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, serde_json::json!({"name": "</script><b>A & B</b>"}));
    }
}
