//! Script-injection payloads in every text field, the Markdown bodies and the GeoJSON
//! properties (tests/fixtures/xss) must never run: every page of the built site is opened in
//! headless Chromium, the map's popups and tooltips are opened, and `window.__xss` (which each
//! payload would set) must stay undefined.

#[path = "support/browser.rs"]
mod support;

use anyhow::{anyhow, ensure, Result};
use std::path::Path;
use std::time::Duration;
use support::{js, run_browser_test, SiteServer};

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xss");
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

    support::require_browser();
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
                    support::wait_for_js(
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
