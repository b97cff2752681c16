//! The embeddable view (`/embed/`, `/en/embed/`) and the share dialog in a real browser:
//! minimal chrome, the same URL state as the map page, the `<iframe>` snippet really working in
//! a frame, and everything under a sub-path (`/atlas/`) as a host would serve it.

mod support;

use std::collections::BTreeSet;

use anyhow::{anyhow, ensure, Result};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;
use support::browser::{js, run_browser_test, wait_for_js};
use support::page::*;

async fn attr_all(c: &Client, selector: &str, attr: &str) -> Result<Vec<String>> {
    let v = js(
        c,
        &format!(
            "return [...document.querySelectorAll('{selector}')].map(e => e.getAttribute('{attr}') || '');"
        ),
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

#[test]
fn the_embed_view_shows_a_campus_with_minimal_chrome() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "the_embed_view_shows_a_campus_with_minimal_chrome",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            let here = content.slugs(|a| a.campuses.iter().any(|c| c == "flemingsberg"));
            for (prefix, lang_word) in [("", "aktörer"), ("en/", "actors")] {
                let page = format!("{url}{prefix}embed/?campus=flemingsberg");
                open(&c, &page).await?;
                let chrome = js(&c, r#"return {
                    header: document.querySelector('.site-header') !== null,
                    footer: document.querySelector('.site-footer') !== null,
                    filters: document.querySelector('#ea-filters') !== null,
                    robots: (document.querySelector('meta[name=robots]') || {}).content || null,
                    list_hidden: document.querySelector('#ea-list-panel').hidden,
                    expanded: document.querySelector('#ea-list-toggle').getAttribute('aria-expanded'),
                };"#, vec![]).await?;
                ensure!(
                    chrome
                        == json!({"header": false, "footer": false, "filters": false,
                        "robots": "noindex", "list_hidden": true, "expanded": "false"}),
                    "{page} is not the minimal embeddable view: {chrome}"
                );
                assert_shows(&c, &here, total, &page).await?;
                ensure!(
                    count_text(&c).await?.contains(lang_word),
                    "{page}: {}",
                    count_text(&c).await?
                );

                // The full map opens in a new tab, with the same view.
                let full = c.find(Locator::Css("#ea-full-link")).await?;
                let href = full.prop("href").await?.unwrap_or_default();
                ensure!(
                    href == format!("{url}{prefix}?campus=flemingsberg")
                        || href.starts_with(&format!("{url}{prefix}?campus=flemingsberg&map=")),
                    "{page}: the link to the full map is {href:?}"
                );
                ensure!(full.attr("target").await?.as_deref() == Some("_blank"));

                // The list opens beside the map; its links open in a new tab.
                c.find(Locator::Css("#ea-list-toggle"))
                    .await?
                    .click()
                    .await?;
                ensure!(
                    c.find(Locator::Css("#actor-list"))
                        .await?
                        .is_displayed()
                        .await?,
                    "the list does not open"
                );
                ensure!(
                    c.find(Locator::Css("#ea-list-toggle"))
                        .await?
                        .attr("aria-expanded")
                        .await?
                        .as_deref()
                        == Some("true")
                );
                let targets: BTreeSet<String> = attr_all(&c, "#actor-list a", "target")
                    .await?
                    .into_iter()
                    .collect();
                ensure!(
                    targets == BTreeSet::from(["_blank".to_string()]),
                    "list links open in {targets:?}"
                );
                let slug = here
                    .iter()
                    .next()
                    .ok_or_else(|| anyhow!("no actor at Flemingsberg"))?;
                c.find(Locator::Css(&format!(
                    "#actor-list li[data-slug=\"{slug}\"] button.ea-locate"
                )))
                .await?
                .click()
                .await?;
                let link = c
                    .wait()
                    .at_most(SETTLE_TIMEOUT)
                    .for_element(Locator::Css(".leaflet-popup-content a.ea-popup-link"))
                    .await?;
                ensure!(
                    link.attr("target").await?.as_deref() == Some("_blank"),
                    "the popup link opens in the frame"
                );
                ensure!(
                    link.prop("href")
                        .await?
                        .unwrap_or_default()
                        .ends_with(&format!("/{prefix}actors/{slug}/")),
                    "the popup link leads elsewhere"
                );
                assert_clean(&c, &page, |_| false).await?;
            }
            Ok(())
        },
    );
}

/// The `src` and `title` of the `<iframe>` in `snippet`.
fn iframe_attrs(snippet: &str) -> Result<(String, String)> {
    let attr = |name: &str| -> Result<String> {
        let needle = format!(" {name}=\"");
        let start = snippet
            .find(&needle)
            .ok_or_else(|| anyhow!("the snippet has no {name}: {snippet}"))?
            + needle.len();
        let end = snippet[start..]
            .find('"')
            .ok_or_else(|| anyhow!("unclosed {name} in {snippet}"))?;
        Ok(snippet[start..start + end].replace("&amp;", "&"))
    };
    ensure!(
        snippet.starts_with("<iframe ") && snippet.ends_with("</iframe>"),
        "{snippet}"
    );
    Ok((attr("src")?, attr("title")?))
}

#[test]
fn the_share_dialog_gives_the_link_and_a_working_iframe() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "the_share_dialog_gives_the_link_and_a_working_iframe",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(
                &c,
                &format!("{url}?type=infrastructure&campus=campus-solna"),
            )
            .await?;
            wait_settled(&c).await?;
            let shown = shown_count(&c).await?;
            let opener = c.find(Locator::Css("#ea-share-open")).await?;
            opener.click().await?;
            let dialog = js(
                &c,
                r#"const d = document.querySelector('#ea-share'); return {
                open: d.open, modal: d.matches(':modal'),
                focus_inside: d.contains(document.activeElement),
                link: d.querySelector('#ea-share-link').value,
                snippet: d.querySelector('#ea-share-embed').value,
                href: location.href,
            };"#,
                vec![],
            )
            .await?;
            ensure!(
                dialog["open"] == json!(true)
                    && dialog["modal"] == json!(true)
                    && dialog["focus_inside"] == json!(true),
                "the share dialog did not open with the focus in it: {dialog}"
            );
            ensure!(
                dialog["link"] == dialog["href"],
                "the shared link is not the page's: {dialog}"
            );
            let snippet = dialog["snippet"].as_str().unwrap_or_default().to_owned();
            let (src, title) = iframe_attrs(&snippet)?;
            ensure!(
                src.starts_with(&format!(
                    "{url}embed/?type=infrastructure&campus=campus-solna"
                )),
                "the iframe shows {src:?}, not the embeddable view of this state"
            );
            ensure!(
                title.contains("Stockholm"),
                "the iframe's title is {title:?}"
            );
            ensure!(snippet.contains("loading=\"lazy\""));

            // Copying says what happened.
            c.find(Locator::Css(
                "#ea-share button[data-copy=\"ea-share-embed\"]",
            ))
            .await?
            .click()
            .await?;
            wait_for_js(
                &c,
                "a message after copying",
                SETTLE_TIMEOUT,
                "return document.querySelector('#ea-share-status').textContent.trim() !== '';",
                PAGE_DIAGNOSTIC,
            )
            .await?;

            // Escape closes the dialog and the focus goes back to the button.
            press(&c, &[Key::Escape]).await?;
            wait_for_js(&c, "the dialog to close and the focus to return", SETTLE_TIMEOUT,
                "return !document.querySelector('#ea-share').open && document.activeElement && document.activeElement.id === 'ea-share-open';",
                PAGE_DIAGNOSTIC).await?;

            // The snippet, pasted into a page of another site (another origin), shows the same
            // actors.
            let partner = tempfile::tempdir()?;
            std::fs::write(
                partner.path().join("index.html"),
                format!("<!doctype html><html lang=\"en\"><title>Partner</title><h1>Partner</h1>{snippet}</html>"),
            )?;
            let host = StaticServer::start(partner.path(), "/partner/");
            c.goto(&host.url).await?;
            let frame = c
                .wait()
                .at_most(SETTLE_TIMEOUT)
                .for_element(Locator::Css("iframe"))
                .await?;
            frame.enter_frame().await?;
            wait_ready(&c, "the embedded map in an iframe").await?;
            let in_frame = shown_count(&c).await?;
            ensure!(
                in_frame == shown,
                "the iframe shows {in_frame} actors, the map page {shown}"
            );
            c.enter_parent_frame().await?;
            Ok(())
        },
    );
}

#[test]
fn the_map_and_its_embed_view_work_under_a_sub_path() {
    let (_dir, fixture) = support::fixture_site("minimal", &[]);
    let out = tempfile::tempdir().expect("a temporary folder");
    support::build(&fixture, out.path(), &[]);
    let server = StaticServer::start(out.path(), "/atlas/");
    let url = server.url.clone();
    run_browser_test(
        "the_map_and_its_embed_view_work_under_a_sub_path",
        TEST_LIMIT,
        None,
        |c| async move {
            let page = format!("{url}embed/?campus=norra-campus");
            open(&c, &page).await?;
            let expected =
                BTreeSet::from(["alfa-universitet".to_string(), "sodertalje-lab".to_string()]);
            assert_shows(&c, &expected, 3, &page).await?;
            let links = attr_all(&c, "#actor-list a.ea-name", "href").await?;
            ensure!(
                !links.is_empty() && links.iter().all(|l| l.starts_with("/atlas/actors/")),
                "the list's links ignore the sub-path: {links:?}"
            );

            let page = format!("{url}en/?type=company");
            open(&c, &page).await?;
            assert_shows(&c, &BTreeSet::from(["beta-ab".to_string()]), 3, &page).await?;
            c.find(Locator::Css("#ea-share-open"))
                .await?
                .click()
                .await?;
            let snippet = js(
                &c,
                "return document.querySelector('#ea-share-embed').value;",
                vec![],
            )
            .await?;
            let (src, _) = iframe_attrs(snippet.as_str().unwrap_or_default())?;
            ensure!(
                src.starts_with(&format!("{url}en/embed/?type=company")),
                "under /atlas/ the iframe shows {src:?}"
            );
            press(&c, &[Key::Escape]).await?;
            open(&c, &src).await?;
            assert_shows(&c, &BTreeSet::from(["beta-ab".to_string()]), 3, &src).await?;
            assert_clean(&c, &url, |_| false).await
        },
    );
}
