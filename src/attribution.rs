//! An attribution the map shows (`tiles.attribution` and `basemap.attribution` in site.yaml). Leaflet
//! puts an attribution into the page as HTML, so it is sanitised here, when the site is built,
//! to text and links: `<a href="https://…">` (http or https only, no other attribute). A
//! typical attribution, `© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>
//! contributors`, passes unchanged; `check` refuses one that would lose markup
//! ([`drops_markup`]), so that what the map shows is what site.yaml says.

use std::collections::HashSet;

/// The attribution as it is published: text and http(s) links, nothing else.
pub fn sanitise(html: &str) -> String {
    ammonia::Builder::empty()
        .add_tags(["a"])
        .add_tag_attributes("a", ["href"])
        .add_url_schemes(["http", "https"])
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// What `check` says of an attribution that [`sanitise`] would change, if it would: the map
/// shows only text and http(s) links, and shows what site.yaml says or nothing.
pub fn lost_markup(html: &str) -> Option<String> {
    drops_markup(html).then(|| {
        format!(
            "the map shows only text and http(s) links of the attribution; it would show `{}`",
            sanitise(html)
        )
    })
}

/// The hint beside [`lost_markup`]'s message.
pub const LOST_MARKUP_HINT: &str =
    "write it as text with links such as <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>";

/// Whether [`sanitise`] drops any of the markup in `html` (an element other than a link, an
/// attribute other than `href`, a link that is not http or https, a comment).
pub fn drops_markup(html: &str) -> bool {
    sanitise(html) != as_written(html)
}

/// `html` parsed and written again by the same parser as [`sanitise`], keeping every element,
/// attribute, URL and comment it has (the names allowed are all the words in it), so that
/// only what [`sanitise`] drops makes the two differ.
fn as_written(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let words: HashSet<&str> = [html, lower.as_str()]
        .into_iter()
        .flat_map(|text| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
        })
        .flat_map(|w| std::iter::once(w).chain(w.split(':')))
        .filter(|w| !w.is_empty())
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .clean_content_tags(HashSet::new())
        .tags(words.clone())
        .generic_attributes(words.clone())
        .url_schemes(words)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(false);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OSM: &str = r#"&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors"#;

    #[test]
    fn a_typical_attribution_keeps_its_link() {
        assert_eq!(
            sanitise(OSM),
            r#"© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors"#
        );
        assert!(!drops_markup(OSM));
        assert!(!drops_markup("© the tile provider & friends"));
        assert!(!drops_markup(
            r#"<a href="http://a.example/">A</a> | <a href='https://b.example/x?y=1&amp;z=2'>B</a>"#
        ));
    }

    #[test]
    fn script_never_survives_and_is_reported() {
        for hostile in [
            r#"<img src=x onerror="alert(1)">OSM"#,
            r#"<a href="javascript:alert(1)">OSM</a>"#,
            r#"<a href="https://osm.org/" onmouseover="alert(1)">OSM</a>"#,
            r#"<a href=" JaVaScRiPt:alert(1)">OSM</a>"#,
            r#"<a href="data:text/html,<script>alert(1)</script>">OSM</a>"#,
            r#"<script>alert(1)</script>OSM"#,
            r#"<svg><a href="javascript:alert(1)"><text>OSM</text></a></svg>"#,
            r#"<a href="/relative">OSM</a>"#,
            r#"<a href="https://osm.org/" target="_blank">OSM</a>"#,
            r#"<b>OSM</b>"#,
            r#"<a class="x" rel="y" id="z" style="color:red" href="https://a.example/">A</a>"#,
            r#"OSM <!-- a comment -->"#,
            r#"<style>a{color:red}</style>OSM"#,
            r#"<iframe src="https://evil.example/"></iframe>OSM"#,
        ] {
            let out = sanitise(hostile);
            let lower = out.to_ascii_lowercase();
            for active in [
                "<img",
                "<script",
                "<svg",
                "<iframe",
                "<style",
                "javascript",
                "data:",
                " on",
            ] {
                assert!(!lower.contains(active), "{hostile} gave {out}");
            }
            assert!(drops_markup(hostile), "{hostile} is not reported");
        }
    }
}
