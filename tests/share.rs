//! Sharing, through the real binary on `tests/fixtures/story` (an absolute `base_url`): every
//! page has Open Graph and Twitter card tags with absolute addresses, and one schema.org JSON-LD
//! block that parses, of the type its kind of page calls for.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::*;

const BASE: &str = "https://example.org/story/";

/// The `content` of `<meta property|name="key" content="...">` in `html`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let tag = format!(r#"<meta {attr}="{key}" content=""#);
        let at = html.find(&tag)? + tag.len();
        Some(&html[at..at + html[at..].find('"')?])
    })
}

/// Every JSON-LD block of `html`, parsed.
fn json_ld(html: &str, page: &str) -> Vec<Value> {
    let open = r#"<script type="application/ld+json">"#;
    html.split(open)
        .skip(1)
        .map(|rest| {
            let text = &rest[..rest.find("</script>").expect("closed")];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{page}: {e}: {text}"))
        })
        .collect()
}

/// The kind of page a path is, and the schema.org type its JSON-LD must have.
fn expected_type(path: &str) -> &'static str {
    let inner = path.strip_prefix("en/").unwrap_or(path);
    let parts: Vec<&str> = inner.split('/').collect();
    match parts.as_slice() {
        ["index.html"] => "WebSite",
        ["actors", _, "index.html"] => "Organization",
        ["campuses", _, "index.html"] => "Place",
        ["news", slug, "index.html"] if slug.starts_with("2025-05-20") => "Event",
        ["news", slug, "index.html"] if slug.starts_with("20") => "NewsArticle|Event",
        _ => "WebPage",
    }
}

#[test]
fn every_page_has_open_graph_twitter_and_json_ld() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("story"), &out, &["--today", "2025-06-01"]);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut images = std::collections::BTreeSet::new();
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for key in [
            "og:type",
            "og:title",
            "og:description",
            "og:url",
            "og:site_name",
            "twitter:card",
            "twitter:title",
            "twitter:description",
        ] {
            let value = meta(&html, key).unwrap_or_else(|| panic!("{path}: no {key}"));
            assert!(!value.trim().is_empty(), "{path}: {key} is empty");
        }
        let url = meta(&html, "og:url").unwrap();
        assert!(
            url.starts_with(BASE),
            "{path}: og:url {url} is not absolute"
        );
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{path}: no og:image"));
        assert!(
            image.starts_with(BASE),
            "{path}: og:image {image} is not absolute"
        );
        assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"));
        images.insert(image.to_string());
        let ld = json_ld(&html, &path);
        assert_eq!(ld.len(), 1, "{path}: one JSON-LD block");
        let ld = &ld[0];
        assert_eq!(ld["@context"], "https://schema.org", "{path}");
        let kind = ld["@type"].as_str().unwrap().to_string();
        assert!(
            expected_type(&path).split('|').any(|k| k == kind),
            "{path}: JSON-LD @type {kind}, expected {}",
            expected_type(&path)
        );
        *kinds.entry(kind).or_default() += 1;
    }
    for kind in [
        "WebSite",
        "WebPage",
        "Organization",
        "Place",
        "NewsArticle",
        "Event",
    ] {
        assert!(kinds.contains_key(kind), "no page with {kind}: {kinds:?}");
    }
    // The site's image and one per campus (5), each a PNG of 1200 by 630 pixels.
    assert_eq!(images.len(), 6, "{images:?}");
    for image in &images {
        let file = out.join(image.strip_prefix(BASE).unwrap());
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{image}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{image} is no PNG");
        // Decoded whole, not only its header.
        let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)
            .unwrap_or_else(|e| panic!("{image} does not decode: {e}"));
        assert_eq!((png.width(), png.height()), (1200, 630), "{image}");
    }
    // Drawn the same, byte for byte, by a second build.
    let again = dir.path().join("again");
    build(&fixture("story"), &again, &["--today", "2025-06-01"]);
    for image in &images {
        let rel = image.strip_prefix(BASE).unwrap();
        assert!(
            std::fs::read(out.join(rel)).unwrap() == std::fs::read(again.join(rel)).unwrap(),
            "{image} differs between two builds"
        );
    }
    let campus = read(&out, "campuses/alpha/index.html");
    assert_eq!(
        meta(&campus, "og:image"),
        Some(format!("{BASE}assets/share/campus-alpha.png").as_str())
    );
}

#[test]
fn an_actors_organization_names_its_address_position_founding_and_parent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&fixture("story"), &out, &["--today", "2025-06-01"]);
    let html = read(&out, "actors/dotterbolaget/index.html");
    let ld = &json_ld(&html, "dotterbolaget")[0];
    assert_eq!(ld["name"], "Dotterbolaget AB");
    assert_eq!(ld["foundingDate"], "2020");
    assert_eq!(ld["geo"]["@type"], "GeoCoordinates");
    assert!(ld["geo"]["latitude"].as_f64().is_some());
    // `owned-by: genbolaget` in the record.
    assert_eq!(ld["parentOrganization"]["name"], "Genbolaget AB");
    assert_eq!(
        ld["parentOrganization"]["@id"],
        format!("{BASE}actors/genbolaget/")
    );
    assert_eq!(
        meta(&html, "og:description"),
        Some("Ett dotterbolag till Genbolaget.")
    );
    let university = read(&out, "actors/alfa-universitetet/index.html");
    let university = &json_ld(&university, "alfa-universitetet")[0];
    assert_eq!(
        university["address"]["streetAddress"],
        "Alfavägen 1, Alfastad"
    );
    let campus = read(&out, "en/campuses/alpha/index.html");
    let place = &json_ld(&campus, "alpha")[0];
    assert_eq!(place["name"], "Alpha Campus");
    assert_eq!(place["address"]["addressLocality"], "Alfastad");
    let event = read(&out, "news/2025-05-20-workshop/index.html");
    let event = &json_ld(&event, "workshop")[0];
    assert_eq!(event["startDate"], "2025-06-01");
    assert_eq!(event["location"]["name"], "Deltaparken");
}
