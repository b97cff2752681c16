//! Links written in Markdown: each must use an allowed scheme, and each link inside the site
//! must lead to a page or file the build produces. Checked after rendering, against the files
//! the build produced (`exists` tells whether there is a file at a path of the output).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Actor, BodyLink, BodySource, Site};
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Schemes a link may use; anything else (javascript:, data:, file:, ...) is refused.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What the check knows of the built site: whether there is a file at a path of the output, and
/// the site's slugs, from which a broken link gets a "did you mean".
struct Pages<'a> {
    exists: &'a dyn Fn(&str) -> bool,
    site: Option<&'a Site>,
}

impl Pages<'_> {
    /// The page of this site closest to `path` (a path from the site's root without its
    /// leading `/`), for a broken link: the same language and kind of page, the closest slug.
    fn closest(&self, path: &str) -> Option<String> {
        let site = self.site?;
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let (lang, rest) = match parts.split_first() {
            Some((first, rest)) if site.config.languages.iter().any(|l| l == first) => {
                (format!("{first}/"), rest)
            }
            _ => (String::new(), &parts[..]),
        };
        let slugs = |section: &str| -> Vec<&str> {
            match section {
                "actors" => site.actors.iter().map(|a| a.slug.as_str()).collect(),
                "campuses" => site.campuses.iter().map(|c| c.slug.as_str()).collect(),
                "news" => site.news.iter().map(|n| n.slug.as_str()).collect(),
                _ => Vec::new(),
            }
        };
        let guess = match rest {
            [section, slug] => {
                let best = crate::diagnostic::did_you_mean(slug, slugs(section))?;
                format!("{lang}{section}/{best}/")
            }
            [page] => {
                let best = crate::diagnostic::did_you_mean(
                    page,
                    site.pages.iter().map(|p| p.slug.as_str()),
                )?;
                format!("{lang}{best}/")
            }
            _ => return None,
        };
        (self.exists)(&format!("{guess}index.html")).then(|| format!("/{guess}"))
    }
}

/// Checks the links of every Markdown text in the site (each translation where it has its own
/// text).
pub fn check(site: &Site, exists: &dyn Fn(&str) -> bool) -> Diagnostics {
    let pages = Pages {
        exists,
        site: Some(site),
    };
    let exists = &pages;
    let mut diags = check_actor_links(site.actors.iter(), exists);
    let mut bodies: Vec<(&str, &BodySource)> = Vec::new();
    for c in &site.campuses {
        bodies.extend(
            c.prose
                .by_lang
                .values()
                .map(|t| (t.body.as_str(), &t.body_source)),
        );
    }
    for p in &site.pages {
        bodies.extend(
            p.text
                .by_lang
                .values()
                .map(|t| (t.body.as_str(), &t.body_source)),
        );
    }
    for n in &site.news {
        bodies.extend(
            n.text
                .by_lang
                .values()
                .map(|t| (t.body.as_str(), &t.body_source)),
        );
    }
    diags.extend(check_bodies(bodies, exists));
    diags
}

/// Checks the links of the actors `slugs` only (after a rebuild that changed just them).
pub fn check_actors<'a>(
    site: &'a Site,
    slugs: impl Iterator<Item = &'a str>,
    exists: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let pages = Pages {
        exists,
        site: Some(site),
    };
    check_actor_links(slugs.filter_map(|s| site.actor(s)), &pages)
}

/// Checks the links of actors' bodies, as they were found while loading
/// ([`crate::model::ActorText::links`]): actors' bodies are mostly not kept in memory.
fn check_actor_links<'a>(
    actors: impl Iterator<Item = &'a Actor>,
    exists: &Pages<'_>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for t in actors.flat_map(|a| a.text.by_lang.values()) {
        for (link, line) in t.links.iter() {
            report(&mut diags, &t.body_source, link, *line as usize, exists);
        }
    }
    diags
}

fn check_bodies<'a>(
    bodies: impl IntoIterator<Item = (&'a str, &'a BodySource)>,
    exists: &Pages<'_>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (body, source) in bodies {
        for (link, line) in body_links(body, source.line).iter() {
            report(&mut diags, source, link, *line as usize, exists);
        }
    }
    diags
}

/// Adds what is wrong with `link`, on `line` of the body's file, to `diags`.
fn report(
    diags: &mut Diagnostics,
    source: &BodySource,
    link: &str,
    line: usize,
    exists: &Pages<'_>,
) {
    if let Some((message, hint)) = problem(link, exists) {
        diags.push(
            Diagnostic::error(&*source.file, message)
                .at(line, 0)
                .text(link)
                .hint(hint),
        );
    }
}

/// Every link and image destination in a Markdown body that starts on line `first_line` of
/// its file, with the line it is on.
pub(crate) fn body_links(markdown: &str, first_line: usize) -> Box<[BodyLink]> {
    let (mut line, mut counted) = (first_line, 0);
    links(markdown)
        .into_iter()
        .map(|(link, offset)| {
            // Links come in the order they are written; count on from the last one.
            line = match markdown.get(counted..offset) {
                Some(between) => line + between.matches('\n').count(),
                None => first_line + markdown[..offset].matches('\n').count(),
            };
            counted = offset;
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            (link.into_boxed_str(), line)
        })
        .collect()
}

/// Every link and image destination in `markdown`, with its byte offset.
fn links(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// What is wrong with `link`, as (message, hint), if anything.
fn problem(link: &str, pages: &Pages<'_>) -> Option<(String, String)> {
    let exists = pages.exists;
    if let Some(scheme) = scheme(link) {
        return (!ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())).then(|| {
            (
                format!("the link `{link}` uses the scheme `{scheme}:`"),
                "links may only be http, https or mailto".to_string(),
            )
        });
    }
    let Some(path) = link.strip_prefix('/') else {
        if link.starts_with('#') || link.is_empty() {
            return None;
        }
        return Some((
            format!("the relative link `{link}` would change meaning from page to page"),
            "write links inside the site from its root, for example /actors/karolinska-institutet/"
                .into(),
        ));
    };
    if path.starts_with('/') {
        return Some((
            format!("the link `{link}` leaves the site without a scheme"),
            "write https:// before the host name".into(),
        ));
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let found = if path.is_empty() || path.ends_with('/') {
        exists(&format!("{path}index.html"))
    } else {
        exists(path) || exists(&format!("{path}/index.html"))
    };
    (!found).then(|| {
        let hint = match pages.closest(path) {
            Some(page) => format!("did you mean `{page}`?"),
            None => "check the slug; pages live at /actors/<slug>/, /campuses/<slug>/, /<page>/ and /news/<slug>/".into(),
        };
        (format!("broken link: `{link}` is not a page of this site"), hint)
    })
}

/// The scheme of an absolute URL (`https` in `https://x`), if the link has one.
fn scheme(link: &str) -> Option<&str> {
    let (scheme, _) = link.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Pages<'static> {
        fn exists(p: &str) -> bool {
            ["actors/ki/index.html", "index.html", "data/actors.geojson"].contains(&p)
        }
        Pages {
            exists: &exists,
            site: None,
        }
    }

    #[test]
    fn a_broken_link_names_the_closest_page_of_its_kind_and_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = crate::config::SiteConfig::load(&root).expect("config");
        let (site, _) = crate::load::load_site(&root, config);
        let exists = |p: &str| {
            [
                "actors/alfa-universitet/index.html",
                "en/actors/alfa-universitet/index.html",
                "om/index.html",
            ]
            .contains(&p)
        };
        let pages = Pages {
            exists: &exists,
            site: Some(&site),
        };
        let hint = |link: &str| problem(link, &pages).map(|(_, hint)| hint);
        assert_eq!(
            hint("/actors/alfa-universitett/").as_deref(),
            Some("did you mean `/actors/alfa-universitet/`?")
        );
        assert_eq!(
            hint("/en/actors/alfa-universitat/").as_deref(),
            Some("did you mean `/en/actors/alfa-universitet/`?")
        );
        assert_eq!(hint("/omm/").as_deref(), Some("did you mean `/om/`?"));
        // Nothing close, or a suggestion the build did not make: the general hint.
        assert!(hint("/actors/zzzzzzzz/")
            .unwrap()
            .starts_with("check the slug"));
        assert!(hint("/campuses/norra-campuss/")
            .unwrap()
            .starts_with("check the slug"));
    }

    #[test]
    fn internal_links_must_exist() {
        let t = tree();
        assert!(problem("/actors/ki/", &t).is_none());
        assert!(problem("/actors/ki", &t).is_none());
        assert!(problem("/actors/ki/#contacts", &t).is_none());
        assert!(problem("/", &t).is_none());
        assert!(problem("/data/actors.geojson", &t).is_none());
        assert!(problem("/actors/no-such/", &t)
            .unwrap()
            .0
            .contains("broken link"));
    }

    #[test]
    fn only_http_https_and_mailto_schemes() {
        let t = tree();
        assert!(problem("https://ki.se", &t).is_none());
        assert!(problem("mailto:a@ki.se", &t).is_none());
        assert!(problem("javascript:alert(1)", &t)
            .unwrap()
            .0
            .contains("`javascript:`"));
        assert!(problem("JAVASCRIPT:alert(1)", &t).is_some());
        assert!(problem("data:text/html,x", &t).is_some());
        assert!(problem("//evil.example", &t).is_some());
        assert!(problem("actors/ki/", &t)
            .unwrap()
            .0
            .contains("relative link"));
        assert!(problem("#top", &t).is_none());
    }

    #[test]
    fn links_carry_their_offsets() {
        let md = "Intro\n\nSee [a](/x/) and ![i](/y.png).\n";
        let found = links(md);
        assert_eq!(found.len(), 2);
        assert_eq!(md[..found[0].1].matches('\n').count(), 2);
    }
}
