//! Background tiles are opt-in, in a real browser: with a tile source configured
//! (tests/fixtures/tiles, pointing at a host that does not exist), the map makes no request to
//! any other host until the visitor switches the tiles on; then it tries the tile host and shows
//! the attribution; the choice is remembered (localStorage) and can be taken back.

mod support;

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Result};
use fantoccini::{Client, Locator};
use support::browser::{js, network_requests, run_browser_test};
use support::page::*;

const TILE_HOST: &str = "https://tiles.invalid/";
const ATTRIBUTION: &str = "Test Tiles contributors";

/// Requests to any host but the site's own, since the last read of the network log.
async fn foreign(c: &Client) -> Result<Vec<String>> {
    let origin = js(c, "return location.origin;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok(network_requests(c)
        .await?
        .into_iter()
        .filter(|u| is_network_url(u) && !u.starts_with(&origin))
        .collect())
}

async fn attribution(c: &Client) -> Result<String> {
    Ok(js(
        c,
        "const a = document.querySelector('.leaflet-control-attribution'); return a ? a.textContent : '';",
        vec![],
    )
    .await?
    .as_str()
    .unwrap_or_default()
    .to_owned())
}

async fn toggle_state(c: &Client) -> Result<String> {
    let button = c
        .find(Locator::Css("#map .ea-tiles-toggle"))
        .await
        .map_err(|e| anyhow::anyhow!("no tiles switch on the map: {e}"))?;
    Ok(button.attr("aria-pressed").await?.unwrap_or_default())
}

/// Waits until the browser has tried to load a tile.
async fn wait_tile_request(c: &Client, what: &str) -> Result<Vec<String>> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        seen.extend(foreign(c).await?);
        if seen.iter().any(|u| u.starts_with(TILE_HOST)) {
            let other: Vec<&String> = seen.iter().filter(|u| !u.starts_with(TILE_HOST)).collect();
            ensure!(
                other.is_empty(),
                "{what}: requests to other hosts too: {other:?}"
            );
            return Ok(seen);
        }
        if Instant::now() > deadline {
            bail!("{what}: no tile was requested from {TILE_HOST} (requests elsewhere: {seen:?})");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Failed tile loads are logged by the browser; nothing else may be.
fn tile_error(message: &str) -> bool {
    message.contains("tiles.invalid")
}

#[test]
fn tiles_stay_off_until_the_visitor_switches_them_on() {
    let (_dir, site) = support::fixture_site("minimal", &["tiles"]);
    let server = serve(&site);
    let url = server.url().to_owned();
    run_browser_test(
        "tiles_stay_off_until_the_visitor_switches_them_on",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            // Give a late request the chance to happen, and move the map around.
            js(
                &c,
                "window.ecoatlas.app.view.map.setZoom(11); return true;",
                vec![],
            )
            .await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let early = foreign(&c).await?;
            ensure!(
                early.is_empty(),
                "before opting in the page contacted {early:?}"
            );
            ensure!(
                toggle_state(&c).await? == "false",
                "the tiles switch is on by default"
            );
            ensure!(
                !attribution(&c).await?.contains(ATTRIBUTION),
                "the tile attribution shows although no tile is shown"
            );
            let label = js(
                &c,
                "const b = document.querySelector('#map .ea-tiles-toggle'); return b.getAttribute('aria-label') + ' | ' + document.getElementById(b.getAttribute('aria-describedby')).textContent;",
                vec![],
            )
            .await?;
            ensure!(
                label
                    .as_str()
                    .is_some_and(|l| l.contains("Bakgrundskarta") && l.contains("tiles.invalid")),
                "the switch does not say what it does and where tiles come from: {label}"
            );

            // Switching on: tiles are requested from the configured host, with the attribution.
            c.find(Locator::Css("#map .ea-tiles-toggle"))
                .await?
                .click()
                .await?;
            ensure!(toggle_state(&c).await? == "true");
            wait_tile_request(&c, "after switching the tiles on").await?;
            ensure!(
                attribution(&c).await?.contains(ATTRIBUTION),
                "the attribution reads {:?}",
                attribution(&c).await?
            );
            let stored = js(
                &c,
                "return Object.entries(localStorage).filter(([k]) => k.startsWith('ecoatlas:tiles')).map(([k, v]) => v);",
                vec![],
            )
            .await?;
            ensure!(
                stored == serde_json::json!(["on"]),
                "the choice is stored as {stored}"
            );

            // Remembered: the next visit shows tiles at once.
            open(&c, &format!("{url}en/")).await?;
            ensure!(
                toggle_state(&c).await? == "true",
                "the choice is not remembered"
            );
            wait_tile_request(&c, "after reloading with tiles on").await?;
            ensure!(attribution(&c).await?.contains(ATTRIBUTION));

            // Switching off is remembered too: no request after the next load.
            c.find(Locator::Css("#map .ea-tiles-toggle"))
                .await?
                .click()
                .await?;
            ensure!(toggle_state(&c).await? == "false");
            ensure!(!attribution(&c).await?.contains(ATTRIBUTION));
            open(&c, &url).await?;
            foreign(&c).await?; // what the previous page did
            js(&c, "location.reload(); return true;", vec![]).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            wait_ready(&c, "the map after switching tiles off").await?;
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let late = foreign(&c).await?;
            ensure!(
                late.is_empty(),
                "with tiles switched off the page contacted {late:?}"
            );
            ensure!(toggle_state(&c).await? == "false");
            assert_clean(&c, &url, tile_error).await
        },
    );
}

#[test]
fn without_a_tile_source_there_is_no_switch_and_no_other_host() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "without_a_tile_source_there_is_no_switch_and_no_other_host",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            js(
                &c,
                "window.ecoatlas.app.view.map.setZoom(12); return true;",
                vec![],
            )
            .await?;
            wait_settled(&c).await?;
            let switch = js(
                &c,
                "return document.querySelector('.ea-tiles-toggle') !== null;",
                vec![],
            )
            .await?;
            ensure!(
                switch == serde_json::json!(false),
                "a tiles switch without a tile source"
            );
            let imgs = js(
                &c,
                "return document.querySelectorAll('img.leaflet-tile').length;",
                vec![],
            )
            .await?;
            ensure!(
                imgs == serde_json::json!(0),
                "tile images on a site without tiles"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}
