//! Long lists over several pages (`page_size` in site.yaml): the real binary on the minimal and
//! story fixtures with pages of one or two actors, compared with the same sites built with the
//! default page size, where every list fits on one page.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::*;

/// `base` copied with `page_size: size` added to its site.yaml, built; the temporary folder and
/// the output folder.
fn built_with_page_size(base: &str, size: Option<usize>) -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = fixture_site(base, &[]);
    if let Some(size) = size {
        let config = site.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str(&format!("\npage_size: {size}\n"));
        std::fs::write(&config, text).unwrap();
    }
    let out = dir.path().join("out");
    build(&site, &out, &["--today", "2026-11-22"]);
    (dir, out)
}

/// The slugs of the actor items of a list page, in order.
fn listed(html: &str) -> Vec<String> {
    let list = html
        .split_once("<ul class=\"actor-list\">")
        .map(|(_, rest)| rest.split_once("</ul>").map_or(rest, |(l, _)| l))
        .unwrap_or("");
    attr_values(list, "data-slug")
}

/// The `href` of the `<link rel="...">` or `<a rel="...">` of `html` with this `rel`, if any.
fn rel_links(html: &str, rel: &str) -> Vec<String> {
    let needle = format!("rel=\"{rel}\" href=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The pages of the list at `path` (`actors/`) in `out`: the first at its own address, the
/// others at `page/n/`, in order, as far as they go.
fn pages_of(out: &Path, path: &str) -> Vec<String> {
    let mut pages = vec![path.to_string()];
    for n in 2.. {
        let p = format!("{path}page/{n}/");
        if !out.join(&p).join("index.html").exists() {
            break;
        }
        pages.push(p);
    }
    pages
}

#[test]
fn long_lists_go_on_over_pages_that_link_to_each_other() {
    let (_whole, whole) = built_with_page_size("minimal", None);
    let (_paged, out) = built_with_page_size("minimal", Some(1));
    for (lang, prefix, label) in [
        ("sv", "", "Listans sidor"),
        ("en", "en/", "Pages of the list"),
    ] {
        for list in [
            "actors/",
            "sectors/academia/",
            "campuses/norra-campus/actors/",
        ] {
            let whole_list = if list.starts_with("campuses/") {
                // Within one page, the campus page lists its actors by type; the full list is
                // in the order of the list of all actors.
                let page = read(&whole, &format!("{prefix}campuses/norra-campus/index.html"));
                let here: BTreeSet<String> = page
                    .split("<section class=\"type-group\"")
                    .skip(1)
                    .flat_map(listed)
                    .collect();
                let mut all = listed(&read(&whole, &format!("{prefix}actors/index.html")));
                all.retain(|s| here.contains(s));
                all
            } else {
                listed(&read(&whole, &format!("{prefix}{list}index.html")))
            };
            assert!(whole_list.len() > 1, "{lang} {list}: {whole_list:?}");
            let pages = pages_of(&out, &format!("{prefix}{list}"));
            assert_eq!(pages.len(), whole_list.len(), "{lang} {list}: {pages:?}");
            let mut seen = Vec::new();
            for (i, p) in pages.iter().enumerate() {
                let html = read(&out, &format!("{p}index.html"));
                let items = listed(&html);
                assert_eq!(items.len(), 1, "{p}: one actor a page");
                seen.extend(items);
                assert!(
                    html.contains(&format!(
                        "<nav class=\"pagination\" aria-label=\"{label}\">"
                    )),
                    "{p}: the pagination's named nav"
                );
                let link = |n: usize| format!("/atlas/{}", pages[n]);
                let (prev, next) = (rel_links(&html, "prev"), rel_links(&html, "next"));
                match i {
                    0 => assert!(prev.is_empty(), "{p}: {prev:?}"),
                    _ => assert_eq!(prev, [link(i - 1), link(i - 1)], "{p}: head and nav"),
                }
                if i + 1 == pages.len() {
                    assert!(next.is_empty(), "{p}: {next:?}");
                } else {
                    assert_eq!(next, [link(i + 1), link(i + 1)], "{p}: head and nav");
                }
                let nav = html.split_once("<nav class=\"pagination\"").unwrap().1;
                let nav = nav.split_once("</nav>").unwrap().0;
                let current = format!("href=\"{}\" aria-current=\"page\"", link(i));
                assert!(nav.contains(&current), "{p}: the current page");
                assert_eq!(nav.matches("aria-current").count(), 1, "{p}: {nav}");
                // The main menu marks the actors' list as the section every page of it is in.
                if list == "actors/" {
                    let menu = html.split_once("class=\"site-nav\"").unwrap().1;
                    let menu = menu.split_once("</nav>").unwrap().0;
                    let mark = if i == 0 { "page" } else { "true" };
                    let actors = format!("href=\"/atlas/{prefix}actors/\" aria-current=\"{mark}\"");
                    assert!(menu.contains(&actors), "{p}: {menu}");
                    assert_eq!(menu.matches("aria-current").count(), 1, "{p}: {menu}");
                }
                // Every page its own title.
                let title = html
                    .split_once("<title>")
                    .unwrap()
                    .1
                    .split_once("</title>")
                    .unwrap()
                    .0;
                if i > 0 {
                    assert!(title.contains(&format!("{} ", i + 1)), "{p}: {title}");
                }
            }
            // Over the pages, the list as it is whole, in the same order.
            assert_eq!(seen, whole_list, "{lang} {list}");
        }
    }
    // Without a list longer than a page, no pagination at all.
    assert!(!read(&whole, "actors/index.html").contains("pagination"));
    assert!(!whole.join("actors/page").exists());
    assert!(!whole.join("campuses/norra-campus/actors").exists());
}

#[test]
fn a_campus_with_more_actors_than_a_page_shows_the_first_and_links_to_all() {
    let (_paged, out) = built_with_page_size("minimal", Some(1));
    for (prefix, words) in [("", "Alla 2 aktörer här"), ("en/", "All 2 actors here")] {
        let page = read(&out, &format!("{prefix}campuses/norra-campus/index.html"));
        let link = format!("<a href=\"/atlas/{prefix}campuses/norra-campus/actors/\">{words}");
        assert!(page.contains(&link), "{prefix}: {page}");
        // Each type group shows at most a page's worth, and still says how many it has.
        for group in page.split("<section class=\"type-group\"").skip(1) {
            let group = group.split_once("</section>").unwrap().0;
            assert!(
                group.matches("class=\"actor-item\"").count() <= 1,
                "{group}"
            );
        }
        // A campus whose actors fit on a page links to no list.
        let small = read(&out, &format!("{prefix}campuses/punkten/index.html"));
        assert!(!small.contains("all-actors"), "{small}");
        assert!(!out
            .join(format!("{prefix}campuses/punkten/actors"))
            .exists());
    }
}

/// Every `<loc>` of the sitemap.
fn sitemap_locs(out: &Path) -> BTreeSet<String> {
    let text = read(out, "sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut locs, mut in_loc) = (BTreeSet::new(), false);
    loop {
        match reader.read_event().expect("the sitemap is XML") {
            quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.insert(t.decode().unwrap().into_owned());
            }
            quick_xml::events::Event::End(_) => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    locs
}

#[test]
fn every_page_of_every_list_is_in_the_sitemap() {
    let (_whole, whole) = built_with_page_size("story", None);
    let (_paged, out) = built_with_page_size("story", Some(2));
    let (before, after) = (sitemap_locs(&whole), sitemap_locs(&out));
    assert!(before.is_subset(&after), "{:?}", before.difference(&after));
    let added: BTreeSet<&String> = after.difference(&before).collect();
    assert!(!added.is_empty());
    // The pages that are new are those of the lists' later pages, and the full lists of
    // campuses with more actors than a page.
    let old_files = read_tree(&whole);
    let html_pages: BTreeSet<String> = read_tree(&out)
        .into_keys()
        .filter(|p| p.ends_with("index.html") && !old_files.contains_key(p))
        .map(|p| {
            format!(
                "https://example.org/story/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    assert!(html_pages
        .iter()
        .all(|p| p.contains("/page/") || p.ends_with("/actors/")));
    let added: BTreeSet<String> = added.into_iter().cloned().collect();
    assert_eq!(added, html_pages);
    for kind in [
        "actors/page/2/",
        "types/",
        "sectors/",
        "guiden/page/2/",
        "campuses/",
    ] {
        assert!(added.iter().any(|u| u.contains(kind)), "{kind}: {added:?}");
    }
}

#[test]
fn the_guide_goes_on_over_pages_and_shows_every_card_once_per_section() {
    let (_whole, whole) = built_with_page_size("story", None);
    let (_paged, out) = built_with_page_size("story", Some(2));
    for prefix in ["", "en/"] {
        let cards = |html: &str| -> Vec<(String, String)> {
            html.split("<section class=\"guide-section\"")
                .skip(1)
                .flat_map(|s| {
                    let area = attr_values(s, "data-area")[0].clone();
                    let cards: Vec<String> = s
                        .split("<li class=\"guide-card\"")
                        .skip(1)
                        .map(|c| attr_values(c, "data-slug")[0].clone())
                        .collect();
                    cards.into_iter().map(move |c| (area.clone(), c))
                })
                .collect()
        };
        let first = read(&whole, &format!("{prefix}guiden/index.html"));
        let all = cards(&first);
        let pages = pages_of(&out, &format!("{prefix}guiden/"));
        assert_eq!(pages.len(), all.len().div_ceil(2), "{pages:?}");
        let mut seen = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            let html = read(&out, &format!("{p}index.html"));
            let on_page = cards(&html);
            assert!(on_page.len() <= 2 && !on_page.is_empty(), "{p}");
            seen.extend(on_page);
            // The guide's text on its first page only.
            assert_eq!(html.contains("<div class=\"prose\">"), i == 0, "{p}");
            // The links to the sections name every section, on whichever page it starts.
            let chips = html.split_once("<ul class=\"chips\">").unwrap().1;
            let chips = chips.split_once("</ul>").unwrap().0;
            assert_eq!(
                chips.matches("<li>").count(),
                first
                    .split_once("<ul class=\"chips\">")
                    .unwrap()
                    .1
                    .split_once("</ul>")
                    .unwrap()
                    .0
                    .matches("<li>")
                    .count(),
                "{p}"
            );
        }
        assert_eq!(seen, all, "{prefix}");
    }
}

/// A campus page lists at most a page of the relations of its actors (the first by name) and
/// says how many there are, pointing to the actors' pages and the open data for the rest.
#[test]
fn a_campus_page_shows_a_page_of_its_relations_and_says_how_many_there_are() {
    let (_whole, whole) = built_with_page_size("story", None);
    let (_paged, out) = built_with_page_size("story", Some(2));
    let rows = |html: &str| -> Vec<String> {
        html.split("<li data-relation=")
            .skip(1)
            .map(|r| r.split_once("</li>").unwrap().0.to_string())
            .collect()
    };
    let all = rows(&read(&whole, "campuses/alpha/index.html"));
    assert!(all.len() > 2, "the fixture's campus has relations: {all:?}");
    let page = read(&out, "campuses/alpha/index.html");
    assert_eq!(rows(&page), all[..2], "the first by name");
    assert!(
        page.contains(&format!(
            "<span class=\"count\">({})</span></h2>\n      <ul class=\"relations\">",
            all.len()
        )),
        "the heading counts them all"
    );
    let more = page.split_once("<p class=\"relations-more\">").unwrap().1;
    assert!(
        more.starts_with(&format!("De första 2 av {} sambanden", all.len())),
        "{more}"
    );
    assert!(more.contains("href=\"/story/data/\""), "{more}");
    assert!(!read(&whole, "campuses/alpha/index.html").contains("relations-more"));
}
