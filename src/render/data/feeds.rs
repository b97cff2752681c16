//! The Atom feed of news and events, one per language: `news/atom.xml` (RFC 4287).
//!
//! Dates come from the records, never from the clock: an entry is `updated` on its news date,
//! and the feed on its newest entry's date, so that an unchanged site gives an unchanged feed.

use crate::model::text_or_default;
use crate::render::templates::Strings;
use crate::render::urls;
use crate::render::views::Lang;
use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text, WriteConfig,
};

/// The most recent items a feed holds.
pub const MAX_ENTRIES: usize = 50;

/// Where the feed of a language lives, relative to that language's root.
pub const PATH: &str = "news/atom.xml";

fn midnight(date: &str) -> FixedDateTime {
    format!("{date}T00:00:00Z")
        .parse()
        .unwrap_or_else(|_| FixedDateTime::default())
}

/// An identifier that never changes while the page stays where it is: the page's absolute URL,
/// or, for sites without an absolute `base_url`, a URN made of the site, language and path.
fn id(l: &Lang<'_>, path: &str) -> String {
    let link = l.urls.link(path);
    let absolute = l.urls.absolute(&link);
    if absolute.starts_with("http") {
        absolute
    } else {
        let site = crate::slug::slugify(l.config().title.get(l.default_lang, l.default_lang));
        format!(
            "urn:ecoatlas:{site}:{}:{}",
            l.lang,
            path.trim_end_matches('/')
        )
    }
}

fn link(href: String, rel: &str, mime: Option<&str>, lang: &str) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        hreflang: Some(lang.to_string()),
        mime_type: mime.map(str::to_string),
        ..Link::default()
    }
}

/// The feed of one language.
pub fn atom(l: &Lang<'_>, t: &Strings) -> Result<Vec<u8>, atom_syndication::Error> {
    let site = l.site;
    let title = l.text(&site.config.title);
    let entries: Vec<Entry> = site
        .news
        .iter()
        .take(MAX_ENTRIES)
        .map(|n| {
            let text = text_or_default(&n.text, l.lang, l.default_lang)
                .cloned()
                .unwrap_or_default();
            let path = urls::news(&n.slug);
            let mut html = String::new();
            let mut summary = text.summary.clone().unwrap_or_default();
            let mut categories = Vec::new();
            if let Some(e) = &n.event {
                let when = match &e.end {
                    Some(end) => format!("{}–{end}", e.date),
                    None => e.date.clone(),
                };
                let line = format!("{}: {when}, {}", t.tr("event"), l.text(&e.place));
                html.push_str(&format!("<p><strong>{}</strong></p>\n", escape(&line)));
                summary = if summary.is_empty() {
                    line
                } else {
                    format!("{summary} ({line})")
                };
                categories.push(Category {
                    term: "event".into(),
                    label: Some(t.tr("event")),
                    ..Category::default()
                });
            }
            html.push_str(&l.markdown(&text.body));
            let translated = n.text.has(l.lang);
            Entry {
                title: Text::plain(text.title),
                id: id(l, &path),
                updated: midnight(&n.date),
                published: Some(midnight(&n.date)),
                links: vec![link(
                    l.urls.absolute(&l.urls.link(&path)),
                    "alternate",
                    Some("text/html"),
                    if translated { l.lang } else { l.default_lang },
                )],
                summary: (!summary.is_empty()).then(|| Text::plain(summary)),
                content: Some(Content {
                    value: Some(html),
                    content_type: Some("html".into()),
                    lang: Some(if translated { l.lang } else { l.default_lang }.to_string()),
                    ..Content::default()
                }),
                categories,
                ..Entry::default()
            }
        })
        .collect();
    let updated = site
        .news
        .first()
        .map(|n| midnight(&n.date))
        .unwrap_or_else(|| midnight(&l.index.today));
    let feed = Feed {
        title: Text::plain(format!("{} – {}", t.tr("news"), title)),
        id: id(l, PATH),
        updated,
        authors: vec![Person {
            name: title.clone(),
            uri: Some(l.urls.absolute(&l.urls.link(""))),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "ecoatlas".into(),
            ..Generator::default()
        }),
        links: vec![
            link(
                l.urls.absolute(&l.urls.link(PATH)),
                "self",
                Some("application/atom+xml"),
                l.lang,
            ),
            link(
                l.urls.absolute(&l.urls.link("news/")),
                "alternate",
                Some("text/html"),
                l.lang,
            ),
        ],
        subtitle: Some(Text::plain(l.text(&site.config.description))),
        lang: Some(l.lang.to_string()),
        entries,
        ..Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let mut out = feed.write_with_config(Vec::new(), config)?;
    out.push(b'\n');
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
