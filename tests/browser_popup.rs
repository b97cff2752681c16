//! The popup's fields in a real browser (headless Chromium), on the minimal site with
//! `tests/fixtures/popup` (`map.popup: [website, founded, employees]`): a popup lists each
//! field the actor has, with its label, the website as a link, and leaves out the ones it has
//! not; in both languages; and a popup opened by the page's address (before the texts have
//! arrived) gets them once they do.

mod support;

use anyhow::{ensure, Result};
use fantoccini::Client;
use serde_json::Value;
use support::browser::{js, run_browser_test, wait_for_js};
use support::page::*;

/// The open popup's fields: (label, text, link target or "").
async fn popup_fields(c: &Client, slug: &str) -> Result<Vec<(String, String, String)>> {
    wait_for_js(
        c,
        &format!("the popup of {slug} with its fields"),
        SETTLE_TIMEOUT,
        &format!(
            "const p = document.querySelector('.leaflet-popup-content .ea-popup[data-slug=\"{slug}\"] .ea-popup-facts');
             return p !== null && !p.hidden;"
        ),
        PAGE_DIAGNOSTIC,
    )
    .await?;
    let v = js(
        c,
        "const dl = document.querySelector('.leaflet-popup-content .ea-popup-facts');
         return [...dl.querySelectorAll('dt')].map(dt => {
           const dd = dt.nextElementSibling, a = dd.querySelector('a');
           return [dt.textContent, dd.textContent, a ? a.getAttribute('href') : ''];
         });",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value::<Vec<(String, String, String)>>(v)?)
}

fn row(label: &str, text: &str, link: &str) -> (String, String, String) {
    (label.into(), text.into(), link.into())
}

#[test]
fn a_popup_lists_the_fields_the_site_names_that_the_actor_has() {
    let (_dir, site) = support::fixture_site("minimal", &["popup"]);
    let server = serve(&site);
    let url = server.url().to_owned();
    run_browser_test(
        "a_popup_lists_the_fields_the_site_names_that_the_actor_has",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            c.goto(&format!("{url}?actor=alfa-universitet")).await?;
            let alfa = popup_fields(&c, "alfa-universitet").await?;
            ensure!(
                alfa == [
                    row(
                        "Webbplats",
                        "https://alfa.example.org",
                        "https://alfa.example.org"
                    ),
                    row("Grundat", "1901", ""),
                    row("Anställda", "1200", ""),
                ],
                "{alfa:?}"
            );
            // An actor without a year or a head count shows only its website.
            open(&c, &format!("{url}en/?actor=beta-ab")).await?;
            let beta = popup_fields(&c, "beta-ab").await?;
            ensure!(
                beta == [row(
                    "Website",
                    "https://beta.example.org",
                    "https://beta.example.org"
                )],
                "{beta:?}"
            );
            let rel: Value = js(
                &c,
                "return document.querySelector('.ea-popup-facts a').rel;",
                vec![],
            )
            .await?;
            ensure!(rel == "noopener", "{rel}");
            Ok(())
        },
    );
}
