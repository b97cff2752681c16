//! `sitemap.xml` (every page in every language, with `hreflang` alternates) and `robots.txt`,
//! both at the site's root.
//!
//! The sitemap protocol wants absolute URLs. With an absolute `base_url` they are; with only a
//! path they are written as paths under the site, and `robots.txt` leaves out its `Sitemap:`
//! line (which must be absolute). docs/DATA.md says so.

use super::urls::Urls;
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

/// The sitemap: one `<url>` per page and language, each listing every language's version as
/// `xhtml:link rel="alternate"`, plus `x-default` pointing at the default language.
pub fn sitemap(input: &SitemapInput<'_>) -> std::io::Result<Vec<u8>> {
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
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("urlset");
    root.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    root.push_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
    w.write_event(Event::Start(root))?;
    for path in input.paths {
        for u in &urls {
            w.write_event(Event::Start(BytesStart::new("url")))?;
            w.write_event(Event::Start(BytesStart::new("loc")))?;
            w.write_event(Event::Text(BytesText::new(&u.absolute(&u.link(path)))))?;
            w.write_event(Event::End(BytesEnd::new("loc")))?;
            let alternates = input
                .languages
                .iter()
                .zip(&urls)
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
        }
    }
    w.write_event(Event::End(BytesEnd::new("urlset")))?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// The files at the site's root: `sitemap.xml` and `robots.txt`.
pub fn root_files(input: &SitemapInput<'_>) -> [(&'static str, Result<Vec<u8>, String>); 2] {
    [
        ("sitemap.xml", sitemap(input).map_err(|e| e.to_string())),
        (
            "robots.txt",
            Ok(robots(input.base_path, input.absolute_base.as_deref())),
        ),
    ]
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
