//! `sitemap.xml` (every page in every language, with `hreflang` alternates) and `robots.txt`,
//! both at the site's root.
//!
//! The sitemap protocol wants absolute URLs. With an absolute `base_url` they are; with only a
//! path they are written as paths under the site, and `robots.txt` leaves out its `Sitemap:`
//! line (which must be absolute). docs/DATA.md says so.

use crate::render::urls::Urls;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// One page of the site: its path inside a language (`actors/ki/`, `""` for the home page).
pub struct SitemapInput<'a> {
    pub paths: &'a [String],
    pub languages: &'a [String],
    pub default_lang: &'a str,
    pub base_path: &'a str,
    pub absolute_base: Option<String>,
}

/// What one sitemap file may hold, by the sitemap protocol: 50,000 URLs and 50 MiB.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub urls: usize,
    pub bytes: usize,
}

impl Limits {
    pub const PROTOCOL: Limits = Limits {
        urls: 50_000,
        bytes: 50 * 1024 * 1024,
    };
}

/// The sitemap: one `<url>` per page and language, each listing every language's version as
/// `xhtml:link rel="alternate"`, plus `x-default` pointing at the default language. When they
/// do not fit in one file ([`Limits`]), `sitemap.xml` is a sitemap index naming
/// `sitemap-1.xml`, `sitemap-2.xml`, … that hold them in turn. Each file goes to `put` as soon
/// as it is made, so no more than two are held at once.
pub fn sitemaps(
    input: &SitemapInput<'_>,
    limits: Limits,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> std::io::Result<()> {
    let urls: Vec<Urls> = input
        .languages
        .iter()
        .map(|lang| {
            Urls::new(
                input.base_path,
                input.absolute_base.clone(),
                lang,
                input.default_lang,
            )
        })
        .collect();
    // The last part made, held until it is known whether it is the only one.
    let mut pending: Option<Vec<u8>> = None;
    let mut parts = 0;
    let mut close = |part: UrlSet, pending: &mut Option<Vec<u8>>| -> std::io::Result<()> {
        parts += 1;
        if let Some(earlier) = pending.replace(part.finish()?) {
            put(part_name(parts - 1), earlier);
        }
        Ok(())
    };
    let mut part = UrlSet::start()?;
    let mut last_entry = 0;
    for path in input.paths {
        for u in &urls {
            let full = part.count >= limits.urls
                || (part.count > 0
                    && part.len() + 2 * last_entry + UrlSet::END.len() > limits.bytes);
            if full {
                close(std::mem::replace(&mut part, UrlSet::start()?), &mut pending)?;
            }
            last_entry = part.url(input.languages, &urls, u, path)?;
        }
    }
    // A part is closed only to start the next, so this one is never empty (unless the site
    // has no pages at all: then it is the one, empty sitemap).
    close(part, &mut pending)?;
    let last = pending.unwrap_or_default();
    match urls.first() {
        // Parts past the first hold URLs, so there are languages.
        Some(root) if parts > 1 => {
            put(part_name(parts), last);
            put("sitemap.xml".into(), index(root, parts)?);
        }
        _ => put("sitemap.xml".into(), last),
    }
    Ok(())
}

/// The name of the `n`th part of a sitemap that does not fit in one file.
fn part_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Is `path` (from the output's root) a part of a sitemap ([`part_name`])? A render that
/// makes the sitemap again replaces all of them: there may be fewer than before.
pub fn is_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One `urlset` document being written.
struct UrlSet {
    w: Writer<Vec<u8>>,
    count: usize,
}

impl UrlSet {
    const END: &'static str = "\n</urlset>\n";

    fn start() -> std::io::Result<UrlSet> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut root = BytesStart::new("urlset");
        root.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        root.push_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
        w.write_event(Event::Start(root))?;
        Ok(UrlSet { w, count: 0 })
    }

    fn len(&self) -> usize {
        self.w.get_ref().len()
    }

    /// Writes the `<url>` of `path` in the language of `u`; gives its length in bytes.
    fn url(
        &mut self,
        languages: &[String],
        urls: &[Urls],
        u: &Urls,
        path: &str,
    ) -> std::io::Result<usize> {
        let before = self.len();
        let w = &mut self.w;
        w.write_event(Event::Start(BytesStart::new("url")))?;
        w.write_event(Event::Start(BytesStart::new("loc")))?;
        w.write_event(Event::Text(BytesText::new(&u.absolute(&u.link(path)))))?;
        w.write_event(Event::End(BytesEnd::new("loc")))?;
        let alternates = languages
            .iter()
            .zip(urls)
            .map(|(lang, other)| (lang.as_str(), other))
            .chain(urls.first().map(|first| ("x-default", first)));
        for (lang, other) in alternates {
            let href = other.absolute(&other.link(path));
            let mut link = BytesStart::new("xhtml:link");
            link.push_attribute(("rel", "alternate"));
            link.push_attribute(("hreflang", lang));
            link.push_attribute(("href", href.as_str()));
            w.write_event(Event::Empty(link))?;
        }
        w.write_event(Event::End(BytesEnd::new("url")))?;
        self.count += 1;
        Ok(self.len() - before)
    }

    fn finish(mut self) -> std::io::Result<Vec<u8>> {
        self.w.write_event(Event::End(BytesEnd::new("urlset")))?;
        let mut out = self.w.into_inner();
        out.push(b'\n');
        Ok(out)
    }
}

/// The sitemap index naming the `parts` parts, at the site's root (`u` gives the root's URL).
fn index(u: &Urls, parts: usize) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("sitemapindex");
    root.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    w.write_event(Event::Start(root))?;
    for n in 1..=parts {
        w.write_event(Event::Start(BytesStart::new("sitemap")))?;
        w.write_event(Event::Start(BytesStart::new("loc")))?;
        let loc = u.absolute(&u.asset(&part_name(n)));
        w.write_event(Event::Text(BytesText::new(&loc)))?;
        w.write_event(Event::End(BytesEnd::new("loc")))?;
        w.write_event(Event::End(BytesEnd::new("sitemap")))?;
    }
    w.write_event(Event::End(BytesEnd::new("sitemapindex")))?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// The files at the site's root: the sitemap (one file or several, [`sitemaps`]) and
/// `robots.txt`, each handed to `put`.
pub fn root_files(
    input: &SitemapInput<'_>,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> std::io::Result<()> {
    sitemaps(input, Limits::PROTOCOL, put)?;
    put(
        "robots.txt".into(),
        robots(input.base_path, input.absolute_base.as_deref()),
    );
    Ok(())
}

/// `robots.txt`: everything may be crawled; the sitemap is named when its URL is absolute.
/// (Crawlers read robots.txt only at a host's root, so under a sub-path it is informative.)
pub fn robots(base_path: &str, absolute_base: Option<&str>) -> Vec<u8> {
    let mut text = String::from("# ecoatlas: the whole site may be indexed.\nUser-agent: *\n");
    text.push_str(&format!("Allow: {base_path}\n"));
    if let Some(base) = absolute_base {
        text.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use std::collections::BTreeMap;

    fn input<'a>(paths: &'a [String], languages: &'a [String]) -> SitemapInput<'a> {
        SitemapInput {
            paths,
            languages,
            default_lang: "sv",
            base_path: "/atlas/",
            absolute_base: Some("https://example.org/atlas".into()),
        }
    }

    fn files(input: &SitemapInput<'_>, limits: Limits) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        sitemaps(input, limits, &mut |name, bytes| {
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(out.insert(name, text).is_none(), "each file is put once");
        })
        .expect("written");
        out
    }

    /// The text of every `<loc>` in a document, in order, and the document's root element.
    fn locs(xml: &str) -> (String, Vec<String>) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut root, mut locs, mut in_loc) = (String::new(), Vec::new(), false);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    in_loc = name == "loc";
                    if root.is_empty() {
                        root = name;
                    }
                }
                Event::Text(t) if in_loc => {
                    locs.push(t.decode().expect("text").into_owned());
                    in_loc = false;
                }
                Event::Eof => return (root, locs),
                _ => {}
            }
        }
    }

    fn paths(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("actors/a{i}/")).collect()
    }

    #[test]
    fn a_sitemap_that_fits_is_one_file() {
        let (p, langs) = (paths(4), vec!["sv".to_string(), "en".to_string()]);
        let one = files(&input(&p, &langs), Limits::PROTOCOL);
        assert_eq!(one.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        let (root, locs) = locs(&one["sitemap.xml"]);
        assert_eq!(root, "urlset");
        assert_eq!(locs.len(), 8);
        assert_eq!(locs[1], "https://example.org/atlas/en/actors/a0/");
        // Exactly at the limit is still one file.
        let limits = Limits {
            urls: 8,
            ..Limits::PROTOCOL
        };
        assert_eq!(files(&input(&p, &langs), limits), one);
    }

    #[test]
    fn more_urls_than_a_file_may_hold_are_split_under_a_sitemap_index() {
        let (p, langs) = (paths(4), vec!["sv".to_string(), "en".to_string()]);
        let whole = files(&input(&p, &langs), Limits::PROTOCOL);
        let limits = Limits {
            urls: 3,
            ..Limits::PROTOCOL
        };
        let split = files(&input(&p, &langs), limits);
        assert_eq!(
            split.keys().collect::<Vec<_>>(),
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let (root, parts) = locs(&split["sitemap.xml"]);
        assert_eq!(root, "sitemapindex");
        assert_eq!(
            parts,
            (1..=3)
                .map(|n| format!("https://example.org/atlas/sitemap-{n}.xml"))
                .collect::<Vec<_>>()
        );
        let mut all = Vec::new();
        for n in 1..=3 {
            let (root, locs) = locs(&split[&format!("sitemap-{n}.xml")]);
            assert_eq!(root, "urlset");
            assert!(locs.len() <= 3, "{} URLs in part {n}", locs.len());
            all.extend(locs);
        }
        assert_eq!(
            all,
            locs(&whole["sitemap.xml"]).1,
            "the same URLs, in order"
        );
    }

    #[test]
    fn no_part_is_larger_than_the_byte_limit() {
        let (p, langs) = (paths(40), vec!["sv".to_string(), "en".to_string()]);
        let limits = Limits {
            urls: 50_000,
            bytes: 2_000,
        };
        let split = files(&input(&p, &langs), limits);
        assert!(split.len() > 3, "{} files", split.len());
        for (name, text) in &split {
            assert!(text.len() <= 2_000, "{name} has {} bytes", text.len());
        }
        let whole = files(&input(&p, &langs), Limits::PROTOCOL);
        let urls: usize = split
            .iter()
            .filter(|(name, _)| *name != "sitemap.xml")
            .map(|(_, text)| text.matches("<url>").count())
            .sum();
        assert_eq!(urls, whole["sitemap.xml"].matches("<url>").count());
    }

    #[test]
    fn the_parts_are_told_from_other_files() {
        assert!(is_part("sitemap-1.xml") && is_part("sitemap-12.xml"));
        for other in [
            "sitemap.xml",
            "sitemap-.xml",
            "sitemap-1.xml.gz",
            "en/sitemap-1.xml",
        ] {
            assert!(!is_part(other), "{other}");
        }
    }

    #[test]
    fn without_an_origin_the_index_names_its_parts_by_path() {
        let (p, langs) = (paths(2), vec!["sv".to_string()]);
        let mut local = input(&p, &langs);
        local.absolute_base = None;
        let split = files(
            &local,
            Limits {
                urls: 1,
                ..Limits::PROTOCOL
            },
        );
        assert_eq!(
            locs(&split["sitemap.xml"]).1,
            ["/atlas/sitemap-1.xml", "/atlas/sitemap-2.xml"]
        );
    }
}
