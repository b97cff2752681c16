//! Markdown to HTML: CommonMark plus tables, links inside the site rewritten for the base path
//! and language, raw HTML sanitised unless the site trusts it.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// How links inside the site are written out.
#[derive(Debug, Clone)]
pub struct LinkContext<'a> {
    /// The site's base path (`/` or `/atlas/`).
    pub base_path: &'a str,
    /// The language prefix of the page being rendered (`""` or `"en/"`).
    pub lang_prefix: &'a str,
    /// Keep raw HTML as written (`trust_html` in site.yaml).
    pub trust_html: bool,
}

/// The HTML of `markdown`, plus the site-internal paths it links to (as written, e.g. `/actors/ki/`).
pub fn render(markdown: &str, links: &LinkContext<'_>) -> (String, Vec<String>) {
    let mut internal = Vec::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rewrite(dest_url, links, &mut internal);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = rewrite(dest_url, links, &mut internal);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if !links.trust_html {
        out = ammonia::Builder::default()
            .link_rel(Some("noopener"))
            .clean(&out)
            .to_string();
    }
    (out, internal)
}

fn rewrite<'a>(
    dest: CowStr<'a>,
    links: &LinkContext<'_>,
    internal: &mut Vec<String>,
) -> CowStr<'a> {
    if !dest.starts_with('/') || dest.starts_with("//") {
        return dest;
    }
    internal.push(dest.to_string());
    let path = dest.trim_start_matches('/');
    let prefix = if path.starts_with("assets/") {
        ""
    } else {
        links.lang_prefix
    };
    CowStr::from(format!("{}{}{}", links.base_path, prefix, path))
}

/// Markdown reduced to plain text (for summaries in data files and meta descriptions).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(end) if is_block(&end) && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::TableCell
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(trust_html: bool) -> LinkContext<'static> {
        LinkContext {
            base_path: "/atlas/",
            lang_prefix: "en/",
            trust_html,
        }
    }

    #[test]
    fn internal_links_get_base_path_and_language() {
        let (html, links) = render(
            "[KI](/actors/ki/) [logo](/assets/x.png) [ext](https://ki.se)",
            &ctx(false),
        );
        assert!(html.contains(r#"href="/atlas/en/actors/ki/""#), "{html}");
        assert!(html.contains(r#"href="/atlas/assets/x.png""#), "{html}");
        assert!(html.contains(r#"href="https://ki.se""#), "{html}");
        assert_eq!(links, ["/actors/ki/", "/assets/x.png"]);
    }

    #[test]
    fn raw_html_is_sanitised_unless_trusted() {
        let md =
            "Hi <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))";
        let (html, _) = render(md, &ctx(false));
        assert!(
            !html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"),
            "{html}"
        );
        let (html, _) = render("<b class=\"k\">b</b>", &ctx(true));
        assert!(html.contains("<b class=\"k\">"), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Title\n\nSome *bold* and [link](/x/).\n"),
            "Title Some bold and link."
        );
    }
}
