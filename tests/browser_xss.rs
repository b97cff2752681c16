//! Script-injection payloads in every text field, the Markdown bodies and the GeoJSON
//! properties (tests/fixtures/xss) must never run: every page of the built site is opened in
//! headless Chromium, the map's popups and tooltips are opened, and `window.__xss` (which each
//! payload would set) must stay undefined. The tile attribution runs nothing once a visitor
//! switches the background map on, and the published SVG logo, opened on its own, runs nothing
//! and asks no other host for anything.

mod support;

use anyhow::{anyhow, ensure, Result};
use std::path::Path;
use std::time::Duration;
use support::browser::{js, network_requests, run_browser_test, SiteServer};

/// Opens every popup and tooltip the map can show (and the relations overlay), then reports
/// `window.__xss`.
const PROVOKE: &str = r#"
    const done = arguments[arguments.length - 1];
    const hover = el => ['mouseover', 'mouseenter', 'focus', 'click'].forEach(type =>
        el.dispatchEvent(new MouseEvent(type, {bubbles: true})));
    document.querySelectorAll('path.ea-campus').forEach(hover);
    document.querySelectorAll('button.ea-locate').forEach(b => b.click());
    document.querySelectorAll('.ea-marker').forEach(hover);
    document.querySelectorAll('details').forEach(d => { d.open = !d.open; });
    // The relations overlay: switch it on, then hover its lines once they are drawn.
    const relations = document.querySelector('#ea-relations-toggle');
    if (relations && !relations.checked) relations.click();
    setTimeout(() => document.querySelectorAll('path.ea-relation').forEach(hover), arguments[0] / 2);
    setTimeout(() => done(window.__xss === undefined ? null : String(window.__xss)), arguments[0]);
"#;

#[test]
fn no_payload_runs_on_any_page() {
    let binary = Path::new(env!("CARGO_BIN_EXE_ecoatlas"));
    let root = support::fixture("xss");
    // The list of pages comes from a real build of the same fixture.
    let out = tempfile::tempdir().unwrap();
    let built = std::process::Command::new(binary)
        .args(["build", "--root", root.to_str().unwrap(), "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut pages: Vec<String> = walkdir::WalkDir::new(out.path().join("site"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out.path().join("site"))
                .unwrap()
                .to_string_lossy()
                .to_string();
            rel.trim_end_matches("index.html").to_string()
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 20, "{pages:?}");

    support::browser::require_browser();
    let server = SiteServer::start(binary, &root).unwrap_or_else(|e| panic!("server: {e:#}"));
    let base = server.url().to_string();
    run_browser_test(
        "no_payload_runs_on_any_page",
        Duration::from_secs(240),
        Some(&server),
        |c| async move {
            let mut maps = 0;
            for page in &pages {
                let url = format!("{base}{page}");
                c.goto(&url).await.map_err(|e| anyhow!("{url}: {e}"))?;
                let has_map = js(&c, "return !!document.querySelector('#map');", vec![]).await?;
                if has_map == true {
                    support::browser::wait_for_js(
                        &c,
                        &format!("map ready on {url}"),
                        Duration::from_secs(20),
                        "return document.querySelector('#map').dataset.ready === 'true';",
                        "return document.querySelector('#map').outerHTML.slice(0, 300);",
                    )
                    .await?;
                    maps += 1;
                }
                // Give popups, tooltips and cluster animations time to draw on map pages.
                let settle = if has_map == true { 1200 } else { 50 };
                let result = c
                    .execute_async(PROVOKE, vec![settle.into()])
                    .await
                    .map_err(|e| anyhow!("{url}: {e}"))?;
                ensure!(
                    result.is_null(),
                    "a payload ran on {url}: window.__xss = {result}"
                );
                let title = c.title().await.map_err(|e| anyhow!("{url}: {e}"))?;
                ensure!(!title.is_empty(), "{url} has no title");
            }
            ensure!(maps >= 3, "only {maps} pages had a map to provoke");
            Ok(())
        },
    );
}

/// Hovers, focuses and clicks every element that matches `arguments[1]` (an SVG document has
/// no `body`), then reports `window.__xss` after `arguments[0]` ms.
const PROVOKE_ALL: &str = r#"
    const done = arguments[arguments.length - 1];
    for (const el of document.querySelectorAll(arguments[1])) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
            try { el.dispatchEvent(new MouseEvent(type, {bubbles: true})); } catch (e) {}
        }
    }
    setTimeout(() => done(window.__xss === undefined ? null : String(window.__xss)), arguments[0]);
"#;

#[test]
fn the_tile_attribution_and_the_published_logo_run_nothing() {
    let binary = Path::new(env!("CARGO_BIN_EXE_ecoatlas"));
    let root = support::fixture("xss");
    support::browser::require_browser();
    let server = SiteServer::start(binary, &root).unwrap_or_else(|e| panic!("server: {e:#}"));
    let base = server.url().to_string();
    run_browser_test(
        "the_tile_attribution_and_the_published_logo_run_nothing",
        Duration::from_secs(120),
        Some(&server),
        |c| async move {
            // The map with the background tiles switched on, as a visitor would; then again,
            // as on a later visit (the choice is remembered).
            for visit in ["first", "later"] {
                c.goto(&base).await?;
                support::browser::wait_for_js(
                    &c,
                    "map ready",
                    Duration::from_secs(20),
                    "return document.querySelector('#map').dataset.ready === 'true';",
                    "return document.querySelector('#map').outerHTML.slice(0, 300);",
                )
                .await?;
                if visit == "first" {
                    js(
                        &c,
                        "document.querySelector('#map .ea-tiles-toggle').click();",
                        vec![],
                    )
                    .await?;
                }
                const ATTRIBUTION: &str = "const a = document.querySelector('.leaflet-control-attribution'); return a ? a.textContent : '';";
                support::browser::wait_for_js(
                    &c,
                    &format!("the tile attribution on the {visit} visit"),
                    Duration::from_secs(10),
                    "const a = document.querySelector('.leaflet-control-attribution'); return !!a && a.textContent.includes('Tiles');",
                    ATTRIBUTION,
                )
                .await?;
                let shown = js(&c, ATTRIBUTION, vec![]).await?;
                let shown = shown.as_str().unwrap_or_default();
                // The markup written as entities is shown as text, not made into elements.
                ensure!(
                    shown.contains("<img src=x onerror=") && shown.contains("Tiles &lt;script&gt;"),
                    "{visit} visit: the attribution reads {shown:?}"
                );
                let links = js(
                    &c,
                    "return [...document.querySelectorAll('.leaflet-control-attribution a')].map(a => a.getAttribute('href'));",
                    vec![],
                )
                .await?;
                ensure!(
                    links.as_array().is_some_and(|l| l.iter().any(|h| h
                        .as_str()
                        .is_some_and(|h| h.starts_with("https://tiles.example/")))),
                    "{visit} visit: the attribution's link is lost: {links}"
                );
                let elements = js(
                    &c,
                    "return document.querySelectorAll('.leaflet-control-attribution img, .leaflet-control-attribution script, .leaflet-control-attribution [onmouseover]').length;",
                    vec![],
                )
                .await?;
                ensure!(
                    elements == 0,
                    "{visit} visit: the attribution made elements"
                );
                let result = c
                    .execute_async(
                        PROVOKE_ALL,
                        vec![1000.into(), ".leaflet-control-attribution *".into()],
                    )
                    .await?;
                ensure!(
                    result.is_null(),
                    "{visit} visit: the attribution ran: window.__xss = {result}"
                );
            }

            // The published logo, opened on its own: on the site's origin it would be a page.
            c.goto(&format!("{base}actors/payload/")).await?;
            let logos = js(
                &c,
                "return [...document.querySelectorAll('img')].map(i => i.getAttribute('src')).filter(s => s.includes('/logos/'));",
                vec![],
            )
            .await?;
            let logo = logos[0]
                .as_str()
                .ok_or_else(|| anyhow!("the payload actor's page shows no logo: {logos}"))?
                .to_owned();
            ensure!(logo.ends_with(".svg"), "{logo}");
            let url = format!("{base}{}", logo.trim_start_matches('/'));
            network_requests(&c).await?; // forget what came before
            c.goto(&url).await.map_err(|e| anyhow!("{url}: {e}"))?;
            let root = js(&c, "return document.documentElement.localName;", vec![]).await?;
            ensure!(
                root == "svg",
                "{url} is not shown as an SVG document: {root}"
            );
            let result = c
                .execute_async(PROVOKE_ALL, vec![1500.into(), "*".into()])
                .await?;
            ensure!(
                result.is_null(),
                "the logo ran script: window.__xss = {result}"
            );
            let origin = base.trim_end_matches('/');
            let foreign: Vec<String> = network_requests(&c)
                .await?
                .into_iter()
                .filter(|u| !u.starts_with(origin) && !u.starts_with("data:"))
                .collect();
            ensure!(
                foreign.is_empty(),
                "the logo asked other hosts for {foreign:?}"
            );
            Ok(())
        },
    );
}
