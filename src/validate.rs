//! Validation: the checks that need the whole site (references between records, vocabularies,
//! positions against the region). Checks of a single file's shape happen while loading.

use crate::config::{LatLon, SiteConfig};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Figures, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Who a research infrastructure may be open to.
pub const OPEN_TO: [&str; 5] = ["sme", "academia", "industry", "healthcare", "public"];

/// Paths that the generator itself uses; a free page may not take them.
pub const RESERVED_SLUGS: [&str; 11] = [
    "actors", "campuses", "types", "sectors", "news", "data", "assets", "embed", "404", "stats",
    "facts",
];

/// Every check of the whole site.
pub fn validate(site: &Site) -> Diagnostics {
    validate_part(site, None)
}

/// The checks of every record but the actors', and of the actors `actors` only (all of them
/// when `None`). A site that was valid, and then changed only in the actors named (and in
/// those whose relations point at them), is valid again exactly when this finds nothing.
pub fn validate_part(site: &Site, actors: Option<&BTreeSet<String>>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let config = &site.config;
    // References to records that are there but did not load are not mistakes of their own:
    // [`follow_ons`] counts them into the record's own error.
    let unreadable = &site.unreadable;
    let is_actor = |slug: &str| site.actor(slug).is_some();
    let all_slugs = || -> Vec<&str> { site.actors.iter().map(|a| a.slug.as_str()).collect() };
    let campus_slugs: BTreeSet<&str> = site.campuses.iter().map(|c| c.slug.as_str()).collect();
    let types: Vec<&str> = config.actor_types.keys().map(String::as_str).collect();
    let sectors: Vec<&str> = config.sectors.keys().map(String::as_str).collect();
    let relation_types: Vec<&str> = config.relation_types.keys().map(String::as_str).collect();
    let service_areas: Vec<&str> = config.service_areas.keys().map(String::as_str).collect();
    let keywords: Vec<&str> = config.keywords.keys().map(String::as_str).collect();

    let checked = site
        .actors
        .iter()
        .filter(|a| actors.is_none_or(|only| only.contains(&a.slug)));
    for a in checked {
        let at = |field: &str, message: String| {
            Diagnostic::error(&*a.origin.file, message)
                .at(a.origin.line_of(field), 1)
                .field(field.to_string())
        };
        let text = a.text.get(config.default_language());
        if text.is_none_or(|t| t.name.is_empty()) {
            diags.push(at("name", "the name is empty".into()));
        }
        if text.is_none_or(|t| t.summary.is_empty()) {
            diags.push(
                at("summary", "the summary is empty".into())
                    .hint("one or two sentences on who they are and what they do"),
            );
        }
        if !types.contains(&a.kind.as_str()) {
            diags.push(unknown(
                at("type", format!("unknown actor type `{}`", a.kind)),
                &a.kind,
                &types,
                "actor_types",
            ));
        }
        if a.sectors.is_empty() {
            diags.push(
                at("sectors", "at least one sector is needed".into())
                    .hint(format!("one of: {}", sectors.join(", "))),
            );
        }
        for s in &a.sectors {
            if !sectors.contains(&s.as_str()) {
                diags.push(unknown(
                    at("sectors", format!("unknown sector `{s}`")),
                    s,
                    &sectors,
                    "sectors",
                ));
            }
        }
        for (i, site) in a.sites.iter().enumerate() {
            let field = |name: &str| format!("sites[{i}]{name}");
            let at_site = |name: &str, message: String| {
                Diagnostic::error(&*a.origin.file, message)
                    .at(site.line, 1)
                    .field(field(name))
            };
            if let Some(c) = &site.campus {
                if !campus_slugs.contains(c.as_str()) && !unreadable.campuses.contains_key(c) {
                    let known: Vec<&str> = campus_slugs.iter().copied().collect();
                    diags.push(unknown(
                        at_site(".campus", format!("unknown campus `{c}`")),
                        c,
                        &known,
                        "content/campuses/",
                    ));
                }
            }
            match site.location {
                Some(p) => check_position(
                    &mut diags,
                    config,
                    &a.origin.file,
                    site.line,
                    &field(".location"),
                    p,
                ),
                None if site.campus.is_none() => diags.push(
                    at_site(
                        "",
                        format!(
                            "site {} has neither a campus nor a location",
                            site.label
                                .as_deref()
                                .map_or_else(|| (i + 1).to_string(), |l| format!("`{l}`"))
                        ),
                    )
                    .hint("add `campus: <slug>` or `location: {lat: .., lon: ..}` to the site"),
                ),
                None => {}
            }
        }
        for c in a.campuses.iter().filter(|_| a.sites.is_empty()) {
            if !campus_slugs.contains(c.as_str()) && !unreadable.campuses.contains_key(c) {
                let known: Vec<&str> = campus_slugs.iter().copied().collect();
                diags.push(unknown(
                    at("campus", format!("unknown campus `{c}`")),
                    c,
                    &known,
                    "content/campuses/",
                ));
            }
        }
        match a.location {
            _ if !a.sites.is_empty() => {}
            Some(p) => check_position(
                &mut diags,
                config,
                &a.origin.file,
                a.origin.line_of("location"),
                "location",
                p,
            ),
            None if a.location_unknown && !a.campuses.is_empty() => diags.push(
                at(
                    "location",
                    "`location: unknown` is given beside `campus`".into(),
                )
                .hint("leave `location` out: the actor is then drawn at its campus's centre, marked approximate"),
            ),
            None if a.campuses.is_empty() && !a.location_unknown => diags.push(
                at(
                    "location",
                    "the actor has neither a campus nor a location".into(),
                )
                .hint("add `campus: <slug>` or `location: {lat: .., lon: ..}`; write `location: unknown` to keep it off the map until its place is confirmed"),
            ),
            None => {}
        }
        for r in &a.relations {
            if !relation_types.contains(&r.kind.as_str()) {
                diags.push(unknown(
                    at("relations", format!("unknown relation type `{}`", r.kind)),
                    &r.kind,
                    &relation_types,
                    "relation_types",
                ));
            }
            if r.target == a.slug {
                diags.push(at(
                    "relations",
                    "an actor cannot be related to itself".into(),
                ));
            } else if !is_actor(&r.target) && !unreadable.actors.contains_key(&r.target) {
                let known = all_slugs();
                diags.push(unknown(
                    at(
                        "relations",
                        format!("relation target `{}` is not an actor", r.target),
                    ),
                    &r.target,
                    &known,
                    "content/actors/",
                ));
            }
        }
        if let Some(w) = &a.facts.website {
            if let Err(m) = check_url(w) {
                diags.push(at("website", m).text(w));
            }
        }
        if let Some(e) = &a.facts.email {
            if !is_email(e) {
                diags.push(at("email", format!("`{e}` is not an e-mail address")).text(e));
            }
        }
        if let Some(n) = a
            .figures
            .employees
            .filter(|n| !Figures::EMPLOYEES.contains(n))
        {
            diags.push(
                at(
                    "figures",
                    format!("{n} is more employees than any organisation has"),
                )
                .field("figures.employees")
                .text(n.to_string())
                .hint(format!(
                    "give the number of people employed, at most {}",
                    Figures::EMPLOYEES.end()
                )),
            );
        }
        if let Some(y) = a.figures.founded.filter(|y| !Figures::FOUNDED.contains(y)) {
            diags.push(
                at(
                    "figures",
                    format!("{y} is not a plausible year for `founded`"),
                )
                .field("figures.founded")
                .text(y.to_string())
                .hint(format!(
                    "the year the organisation was founded, from {} to {}",
                    Figures::FOUNDED.start(),
                    Figures::FOUNDED.end()
                )),
            );
        }
        for c in &a.contacts {
            if let Some(e) = c.email.as_ref().filter(|e| !is_email(e)) {
                diags.push(
                    at(
                        "contacts",
                        format!("contact {}: `{e}` is not an e-mail address", c.name),
                    )
                    .text(e),
                );
            }
        }
        for t in a.tags.iter().filter(|_| !keywords.is_empty()) {
            if !keywords.contains(&t.as_str()) {
                let mut d = unknown(
                    at("tags", format!("`{t}` is not a keyword of the site")),
                    t,
                    &keywords,
                    "keywords in site.yaml",
                );
                d.severity = crate::diagnostic::Severity::Warning;
                diags.push(d);
            }
        }
        for s in &a.service_areas {
            if !service_areas.contains(&s.as_str()) {
                diags.push(unknown(
                    at("service_areas", format!("unknown service area `{s}`")),
                    s,
                    &service_areas,
                    "service_areas in site.yaml",
                ));
            }
        }
        if let Some(c) = &a.access_contact {
            if c.email.is_none() && c.phone.is_none() && c.url.is_none() {
                diags.push(
                    at("access", "access.contact gives no way to reach it".into())
                        .text("contact")
                        .hint("add `email:`, `phone:` or `url:` to access.contact"),
                );
            }
            if let Some(e) = c.email.as_ref().filter(|e| !is_email(e)) {
                diags.push(
                    at(
                        "access",
                        format!("access.contact: `{e}` is not an e-mail address"),
                    )
                    .text(e),
                );
            }
            if let Some((url, Err(m))) = c.url.as_deref().map(|u| (u, check_url(u))) {
                diags.push(at("access", format!("access.contact.url: {m}")).text(url));
            }
        }
        crate::life::check(site, a, &mut diags);
        for o in &a.open_to {
            if !OPEN_TO.contains(&o.as_str()) {
                diags.push(unknown(
                    at(
                        "access",
                        format!("unknown audience `{o}` in access.open_to"),
                    ),
                    o,
                    &OPEN_TO,
                    "the list",
                ));
            }
        }
    }

    for c in &site.campuses {
        if let Some(w) = &c.website {
            if let Err(m) = check_url(w) {
                diags.push(
                    Diagnostic::error(&*c.origin.file, m)
                        .at(c.origin.line_of("website"), 1)
                        .field("properties.website")
                        .text(w),
                );
            }
        }
        if c.name
            .get(config.default_language(), config.default_language())
            .trim()
            .is_empty()
        {
            diags.push(
                Diagnostic::error(&*c.origin.file, "the campus has no name")
                    .at(c.origin.line_of("name"), 1)
                    .field("properties.name"),
            );
        }
        if let Some(b) = config.map.bounds {
            if !b.contains(c.centre) {
                diags.push(
                    Diagnostic::warning(
                        &*c.origin.file,
                        "the campus lies outside the site's map bounds",
                    )
                    .at(c.origin.line_of("coordinates"), 1)
                    .field("geometry")
                    .hint("GeoJSON writes [longitude, latitude]; check the order and the numbers"),
                );
            }
        }
    }

    let guides: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.layout == crate::model::PageLayout::Guide)
        .collect();
    for extra in guides.iter().skip(1) {
        diags.push(
            Diagnostic::error(
                &*extra.origin.file,
                "a second page with `layout: guide`; the site has one guide",
            )
            .at(extra.origin.line_of("layout"), 1)
            .field("layout")
            .text("guide")
            .hint(format!(
                "the guide is already {}",
                guides[0].origin.file.display()
            )),
        );
    }

    for p in &site.pages {
        if RESERVED_SLUGS.contains(&p.slug.as_str()) || config.languages.contains(&p.slug) {
            diags.push(
                Diagnostic::error(
                    &*p.origin.file,
                    format!("the page slug `{}` is used by the site itself", p.slug),
                )
                .hint("rename the file"),
            );
        }
    }

    for n in &site.news {
        let event_url = n.event.as_ref().and_then(|e| e.url.as_deref());
        if let Some((url, Err(m))) = event_url.map(|u| (u, check_url(u))) {
            diags.push(
                Diagnostic::error(&*n.origin.file, m)
                    .at(n.origin.line_of("event"), 1)
                    .field("event.url")
                    .text(url),
            );
        }
        for s in &n.actors {
            if !is_actor(s) && !unreadable.actors.contains_key(s) {
                let known = all_slugs();
                let d = Diagnostic::error(&*n.origin.file, format!("unknown actor `{s}`"))
                    .at(n.origin.line_of("actors"), 1)
                    .field("actors");
                diags.push(unknown(d, s, &known, "content/actors/"));
            }
        }
        for s in &n.campuses {
            if !campus_slugs.contains(s.as_str()) && !unreadable.campuses.contains_key(s) {
                let known: Vec<&str> = campus_slugs.iter().copied().collect();
                let d = Diagnostic::error(&*n.origin.file, format!("unknown campus `{s}`"))
                    .at(n.origin.line_of("campuses"), 1)
                    .field("campuses");
                diags.push(unknown(d, s, &known, "content/campuses/"));
            }
        }
    }
    diags
}

/// Says, on the first error of each record file that could not be read, how many records name
/// that record (each reference is not reported on its own, since it is no mistake of its own):
/// the cause first, and one line for what follows from it.
pub fn follow_ons(site: &Site, diags: &mut Diagnostics) {
    let u = &site.unreadable;
    let mut named: BTreeMap<std::path::PathBuf, (usize, usize)> = BTreeMap::new();
    let mut count = |file: Option<&std::path::PathBuf>, news: bool| {
        if let Some(file) = file {
            let entry = named.entry(file.clone()).or_default();
            if news {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        }
    };
    for a in &site.actors {
        a.campuses
            .iter()
            .for_each(|c| count(u.campuses.get(c), false));
        a.relations
            .iter()
            .for_each(|r| count(u.actors.get(&r.target), false));
    }
    for n in &site.news {
        n.actors.iter().for_each(|s| count(u.actors.get(s), true));
        n.campuses
            .iter()
            .for_each(|s| count(u.campuses.get(s), true));
    }
    for (file, (actors, news)) in named {
        let by = match (actors, news) {
            (0, n) => crate::diagnostic::count(n, "news item"),
            (a, 0) => crate::diagnostic::count(a, "actor"),
            (a, n) => format!(
                "{} and {}",
                crate::diagnostic::count(a, "actor"),
                crate::diagnostic::count(n, "news item")
            ),
        };
        let (verb, they) = if actors + news == 1 {
            ("names", "it is")
        } else {
            ("name", "they are")
        };
        diags.note_on_first_error(
            &file,
            &format!("{by} {verb} this record; {they} checked again once it reads"),
        );
    }
}

/// Adds the offending word and a "did you mean" (or the known words) to `d`.
pub(crate) fn unknown(d: Diagnostic, word: &str, known: &[&str], whence: &str) -> Diagnostic {
    let d = d.text(word);
    match did_you_mean(word, known.iter().copied()) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None if known.is_empty() => d.hint(format!("it must be defined in {whence}")),
        None if known.len() <= 12 => d.hint(format!("known: {}", known.join(", "))),
        None => d.hint(format!("it must be defined in {whence}")),
    }
}

fn check_position(
    diags: &mut Diagnostics,
    config: &SiteConfig,
    file: &std::path::Path,
    line: usize,
    field: &str,
    p: LatLon,
) {
    if !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lon) {
        diags.push(
            Diagnostic::error(
                file,
                format!("({}, {}) is not a position on Earth", p.lat, p.lon),
            )
            .at(line, 1)
            .field(field.to_string())
            .hint("latitude is between -90 and 90, longitude between -180 and 180"),
        );
        return;
    }
    if let Some(b) = config.map.bounds {
        if !b.contains(p) {
            let swapped = b.contains(LatLon {
                lat: p.lon,
                lon: p.lat,
            });
            // Outside the region, a position is a warning (a partner abroad may belong on the
            // map); one that lies inside the region once latitude and longitude change places
            // is a mistake, and would put the marker far away (in the sea, for Stockholm).
            let message = format!("({}, {}) lies outside the site's map bounds", p.lat, p.lon);
            let d = if swapped {
                Diagnostic::error(file, message).hint(format!(
                    "latitude and longitude are swapped: write `lat: {}, lon: {}`",
                    p.lon, p.lat
                ))
            } else {
                Diagnostic::warning(file, message).hint(format!(
                    "the map covers latitudes {} to {} and longitudes {} to {}; check the numbers (a place abroad may stay)",
                    b.south, b.north, b.west, b.east
                ))
            };
            diags.push(d.at(line, 1).field(field.to_string()));
        }
    }
}

/// Links in records may be http, https or mailto; nothing else reaches a visitor's browser.
/// What [`check_url`] asks of a link's start (an http(s) host, or a mailto address), as an
/// ECMA-262 pattern for the JSON Schemas: editors see a missing scheme while typing.
pub const LINK_PATTERN: &str =
    r"^\s*([Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+|[Mm][Aa][Ii][Ll][Tt][Oo]:[^\s@]+@[^\s@]+)";

pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty()
            || host.contains(' ')
            || !host.contains('.') && !host.starts_with("localhost")
        {
            return Err(format!("`{url}` has no valid host name"));
        }
        return Ok(());
    }
    if let Some(addr) = lower.strip_prefix("mailto:") {
        return if is_email(addr) {
            Ok(())
        } else {
            Err(format!("`{url}` is not a valid e-mail link"))
        };
    }
    Err(format!("`{url}` is not an http(s) or mailto link"))
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_links_pass() {
        assert!(check_url("https://ki.se").is_ok());
        assert!(check_url("http://example.org/a?b").is_ok());
        assert!(check_url("mailto:info@ki.se").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("JavaScript:alert(1)").is_err());
        assert!(check_url("ftp://x.org").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("ki.se").is_err());
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("a.b@ki.se"));
        assert!(!is_email("a.b@ki"));
        assert!(!is_email("@ki.se"));
        assert!(!is_email("a b@ki.se"));
        assert!(!is_email("a@b@ki.se"));
    }
}
