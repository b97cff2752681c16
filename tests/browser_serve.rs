//! Live preview in a real browser: headless Chromium has the map open, a record is edited on
//! disk, and the page shows the new text without anyone touching the browser; a broken edit
//! shows the errors over the last good page, and fixing it clears them.

mod support;

use anyhow::{anyhow, ensure};
use std::path::Path;
use std::time::Duration;
use support::browser::{js, run_browser_test, wait_for_js, SiteServer};

const ALFA: &str = "content/actors/alfa-universitet.md";
/// The list item's summary, as a JavaScript expression.
const SUMMARY_EXPR: &str = "((document.querySelector('#actor-list li[data-slug=\"alfa-universitet\"] .ea-summary') || {}).textContent || '')";
const SUMMARY: &str = "return ((document.querySelector('#actor-list li[data-slug=\"alfa-universitet\"] .ea-summary') || {}).textContent || '');";
const OVERLAY_EXPR: &str = "((document.getElementById('ecoatlas-errors') || {}).textContent || '')";

fn summary_is(text: &str) -> String {
    format!("return {SUMMARY_EXPR} === '{text}';")
}

#[test]
fn an_edit_on_disk_shows_in_the_open_page() {
    support::browser::require_browser();
    let (_dir, site) = support::fixture_site("minimal", &[]);
    let binary = Path::new(env!("CARGO_BIN_EXE_ecoatlas"));
    let server = SiteServer::start(binary, &site).unwrap_or_else(|e| panic!("server: {e:#}"));
    let url = server.url().to_string();
    let record = site.join(ALFA);
    let original = std::fs::read_to_string(&record).unwrap();
    run_browser_test(
        "an_edit_on_disk_shows_in_the_open_page",
        Duration::from_secs(120),
        Some(&server),
        |c| async move {
            c.goto(&url).await.map_err(|e| anyhow!("{url}: {e}"))?;
            wait_for_js(
                &c,
                "map ready",
                Duration::from_secs(20),
                "return document.querySelector('#map').dataset.ready === 'true';",
                SUMMARY,
            )
            .await?;
            ensure!(
                js(&c, SUMMARY, vec![]).await? == "Ett lärosäte för tester.",
                "unexpected starting text"
            );
            // Mark this page: a reload replaces the window, so the mark disappears.
            js(&c, "window.__before_edit = true; return true;", vec![]).await?;

            std::fs::write(
                &record,
                original.replace("Ett lärosäte för tester.", "Ändrad i editorn."),
            )?;
            wait_for_js(
                &c,
                "the new summary",
                Duration::from_secs(15),
                &summary_is("Ändrad i editorn."),
                SUMMARY,
            )
            .await?;
            ensure!(
                js(&c, "return window.__before_edit === undefined;", vec![]).await? == true,
                "the page was not reloaded"
            );

            std::fs::write(&record, "---\nname: [Alfa\n---\n")?;
            let overlay = format!("return {OVERLAY_EXPR};");
            let has_error = format!("return {OVERLAY_EXPR}.includes('alfa-universitet.md:2:7');");
            wait_for_js(
                &c,
                "the error overlay",
                Duration::from_secs(15),
                &has_error,
                &overlay,
            )
            .await?;
            ensure!(
                js(&c, SUMMARY, vec![]).await? == "Ändrad i editorn.",
                "the last good page stays under the overlay"
            );

            std::fs::write(
                &record,
                original.replace("Ett lärosäte för tester.", "Rättad igen."),
            )?;
            let fixed = format!("return {SUMMARY_EXPR} === 'Rättad igen.' && !document.getElementById('ecoatlas-errors');");
            wait_for_js(
                &c,
                "the fixed page",
                Duration::from_secs(15),
                &fixed,
                SUMMARY,
            )
            .await?;
            Ok::<(), anyhow::Error>(())
        },
    );
}
