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

/// How deep Markdown may nest list items and block quotes, and how deep raw HTML elements may
/// be open. The HTML sanitiser's time (html5ever's tree builder) grows with the square of the
/// depth of what it is given, so 100 KB of nesting took minutes; no real page needs more
/// than a few levels.
pub const MAX_NESTING: usize = 100;

/// What nests too deep, found by [`too_deep`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// List items and block quotes.
    Blocks,
    /// Raw HTML elements that are opened and not (yet) closed.
    Html,
}

impl Nesting {
    /// The message and hint of a diagnostic about nesting too deep.
    pub fn message(self) -> (String, &'static str) {
        match self {
            Nesting::Blocks => (
                format!("lists and block quotes are nested more than {MAX_NESTING} deep"),
                "a page needs only a few levels; look for lines that start with many `-` or `>`",
            ),
            Nesting::Html => (
                format!("HTML elements are open more than {MAX_NESTING} deep"),
                "close every element you open (`<div>` … `</div>`)",
            ),
        }
    }
}

/// Where (0-based line, 1-based column) `markdown` first nests deeper than [`MAX_NESTING`],
/// in one pass over its bytes, before anything parses it. It may count more than a parser
/// would (markers and tags inside code), never less: a line's depth of list items and block
/// quotes is at most its markers plus half its indentation, and an HTML element is open from
/// its start tag (unless void or self-closed) to its end tag.
pub fn too_deep(markdown: &str) -> Option<(usize, usize, Nesting)> {
    let mut html_depth = 0usize;
    for (n, line) in markdown.lines().enumerate() {
        if let Some(col) = block_depth_exceeded(line.as_bytes()) {
            return Some((n, col, Nesting::Blocks));
        }
        let bytes = line.as_bytes();
        let mut i = 0;
        while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
            i += at + 1;
            match bytes.get(i) {
                Some(b'/') if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    html_depth = html_depth.saturating_sub(1);
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    let name_len = bytes[i..]
                        .iter()
                        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
                        .unwrap_or(bytes.len() - i);
                    let name = &line[i..i + name_len];
                    let end = bytes[i..].iter().position(|&b| b == b'>').map(|e| i + e);
                    let self_closed = end.is_some_and(|e| bytes[e - 1] == b'/');
                    if !(self_closed || is_void(name)) {
                        html_depth += 1;
                        if html_depth > MAX_NESTING {
                            return Some((n, i, Nesting::Html));
                        }
                    }
                    i += name_len;
                }
                _ => {}
            }
        }
    }
    None
}

/// The column at which `line`'s list markers and block-quote markers, with half the
/// indentation before them, pass [`MAX_NESTING`].
fn block_depth_exceeded(line: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut indent = 0usize;
    let mut i = 0;
    while i < line.len() {
        let marker = match line[i] {
            b' ' => {
                indent += 1;
                i += 1;
                continue;
            }
            b'\t' => {
                indent += 4;
                i += 1;
                continue;
            }
            b'>' => 1,
            b'-' | b'*' | b'+' if matches!(line.get(i + 1), Some(b' ' | b'\t') | None) => 1,
            b'0'..=b'9' => {
                let digits = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match line.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 => digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        depth += 1;
        let start = i;
        i += marker;
        // The spaces after a marker are part of it, not indentation.
        i += line[i..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if depth + indent / 2 > MAX_NESTING {
            return Some(start + 1);
        }
    }
    None
}

/// Elements that have no end tag.
fn is_void(name: &str) -> bool {
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ]
    .iter()
    .any(|v| name.eq_ignore_ascii_case(v))
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

    #[test]
    fn nesting_up_to_the_bound_passes_and_deeper_is_found_where_it_starts() {
        let at = MAX_NESTING;
        let deep = [
            ("- ".repeat(at), Nesting::Blocks),
            ("> ".repeat(at), Nesting::Blocks),
            ("1. ".repeat(at), Nesting::Blocks),
            ("> - 2) ".repeat(at / 3) + "* ", Nesting::Blocks),
            ("<div>".repeat(at), Nesting::Html),
            ("<DIV class=\"a\"><span>".repeat(at / 2), Nesting::Html),
        ];
        for (text, what) in deep {
            let ok = format!("# Title\n\n{text}x\n");
            assert_eq!(too_deep(&ok), None, "{ok}");
            let bad = format!(
                "# Title\n\n{text}{}x\n",
                if what == Nesting::Html { "<p>" } else { "- " }
            );
            assert_eq!(
                too_deep(&bad).map(|(n, _, w)| (n, w)),
                Some((2, what)),
                "{bad}"
            );
        }
        let indented: String = (0..=at)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert_eq!(
            too_deep(&indented).map(|(n, _, w)| (n, w)),
            Some((at, Nesting::Blocks))
        );
        let col = too_deep(&"- ".repeat(at + 5)).map(|(_, c, _)| c);
        assert_eq!(
            col,
            Some(2 * at + 1),
            "the column of the marker past the bound"
        );
        let col = too_deep(&format!("x {}", "<i>".repeat(at + 5))).map(|(_, c, _)| c);
        assert_eq!(
            col,
            Some(3 + 3 * at),
            "the column of the tag past the bound"
        );
    }

    #[test]
    fn closed_void_and_self_closed_elements_do_not_add_up() {
        let closed = "<div><p>x</p></div>\n".repeat(10 * MAX_NESTING);
        let void = "a<br>b<img src=x><hr/><wbr><svg/>\n".repeat(10 * MAX_NESTING);
        assert_eq!(too_deep(&closed), None);
        assert_eq!(too_deep(&void), None);
        assert_eq!(too_deep(&"1 < 2 and a <- b, x</ y\n".repeat(1000)), None);
        assert_eq!(too_deep(&"---\n* * *\n- a\n  - b\n".repeat(1000)), None);
    }
}
