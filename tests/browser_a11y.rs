//! Accessibility of the map in a real browser (headless Chromium): everything by keyboard alone
//! with a visible focus and no trap, an axe-core scan (WCAG 2.1 A/AA) of the map page, an actor
//! page, a campus page and the embeddable view, a 360 px wide phone, and printing.
//!
//! axe-core comes from the test-only npm package in `tests/browser/` (see scripts/test.sh).

mod support;

use anyhow::{anyhow, bail, ensure, Result};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::browser::{cdp, js, run_browser_test, wait_for_js};
use support::page::*;

/// Presses Tab until `want` accepts what has the focus (at most `limit` times); returns it.
async fn tab_until(
    c: &Client,
    limit: usize,
    what: &str,
    want: impl Fn(&Value) -> bool,
) -> Result<Value> {
    for _ in 0..limit {
        press(c, &[Key::Tab]).await?;
        let f = focused(c).await?;
        if want(&f) {
            return Ok(f);
        }
    }
    bail!(
        "{what} was not reached within {limit} presses of Tab; page: {}",
        page_state(c).await
    )
}

fn has_class(f: &Value, class: &str) -> bool {
    f["classes"]
        .as_str()
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

#[test]
fn keyboard_alone_reaches_and_operates_everything() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "keyboard_alone_reaches_and_operates_everything",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            // Walk the whole page with Tab from the top: every stop shows its focus, the map's
            // markers and clusters are stops, and Tab leaves the map for the list and the footer.
            js(
                &c,
                "document.activeElement.blur(); window.scrollTo(0, 0); return true;",
                vec![],
            )
            .await?;
            let mut stops = Vec::new();
            for _ in 0..320 {
                press(&c, &[Key::Tab]).await?;
                let f = focused(&c).await?;
                if f["in_footer"] == json!(true) {
                    stops.push(f);
                    break;
                }
                stops.push(f);
            }
            let first = &stops[0];
            ensure!(
                has_class(first, "skip-link"),
                "the first Tab stop is not the skip link: {first}"
            );
            let position = |pred: &dyn Fn(&Value) -> bool, what: &str| {
                stops
                    .iter()
                    .position(pred)
                    .ok_or_else(|| anyhow!("Tab never reaches {what}; stops: {stops:#?}"))
            };
            let search = position(&|f| f["id"] == json!("ea-q"), "the search box")?;
            let map = position(&|f| f["id"] == json!("map"), "the map")?;
            let marker = position(
                &|f| {
                    f["in_map"] == json!(true)
                        && (has_class(f, "ea-marker") || has_class(f, "marker-cluster"))
                },
                "a marker or cluster",
            )?;
            let zoom = position(
                &|f| has_class(f, "leaflet-control-zoom-in"),
                "the zoom-in button",
            )?;
            let list = position(&|f| f["in_list"] == json!(true), "the list")?;
            let footer = position(
                &|f| f["in_footer"] == json!(true),
                "the footer (past the map)",
            )?;
            ensure!(
                search < map && map < marker && marker < list && list < footer && zoom > map,
                "the Tab order is not search → map → markers → list → footer: {search}, {map}, {marker}, {list}, {footer}"
            );
            let invisible: Vec<&Value> = stops
                .iter()
                .filter(|f| f["visible_focus"] != json!(true))
                .collect();
            ensure!(
                invisible.is_empty(),
                "these Tab stops show no focus indicator: {invisible:#?}"
            );
            let clusters = stops
                .iter()
                .filter(|f| has_class(f, "marker-cluster"))
                .count();
            ensure!(clusters > 0, "no cluster is a Tab stop");
            for f in stops.iter().filter(|f| has_class(f, "marker-cluster")) {
                ensure!(
                    f["text"]
                        .as_str()
                        .is_some_and(|t| t.chars().any(char::is_alphabetic)),
                    "a cluster has no spoken name, only {:?}",
                    f["text"]
                );
            }
            eprintln!("{} Tab stops, {clusters} clusters among them", stops.len());

            // The skip link jumps over the map to the list.
            open(&c, &url).await?;
            js(&c, "document.activeElement.blur(); return true;", vec![]).await?;
            tab_until(&c, 60, "the skip link to the list", |f| {
                has_class(f, "skip-inline")
            })
            .await?;
            press(&c, &[Key::Enter]).await?;
            wait_for_js(&c, "the list heading to have the focus", SETTLE_TIMEOUT,
                "return document.activeElement && document.activeElement.id === 'actor-list-heading';",
                PAGE_DIAGNOSTIC).await?;

            // The map moves and zooms with keys.
            open(&c, &url).await?;
            js(&c, "document.activeElement.blur(); return true;", vec![]).await?;
            tab_until(&c, 60, "the map", |f| f["id"] == json!("map")).await?;
            let (z0, _, lon0) = current_view(&c).await?;
            press(&c, &[Key::Add]).await?;
            wait_view(&c, "the + key to zoom in", |z, _, _| z > z0).await?;
            press(&c, &[Key::Right]).await?;
            wait_view(&c, "the right arrow key to move east", |_, _, lon| {
                lon > lon0
            })
            .await?;
            let (z1, _, _) = current_view(&c).await?;
            // (Leaflet drops a zoom key pressed while the pan still moves: wait for its end,
            // which writes the new view into the URL.)
            wait_for_js(&c, "the pan to end", SETTLE_TIMEOUT,
                &format!("const v = new URLSearchParams(location.search).get('map'); return v !== null && Number(v.split('/')[2]) > {lon0};"),
                PAGE_DIAGNOSTIC).await?;
            press(&c, &[Key::Subtract]).await?;
            wait_view(&c, "the - key to zoom out", |z, _, _| z < z1).await?;

            // Enter and Space on a cluster zoom in and keep the focus on the map's markers.
            for key in [Key::Enter, Key::Space] {
                open(&c, &url).await?;
                js(&c, "document.activeElement.blur(); return true;", vec![]).await?;
                tab_until(&c, 60, "the map", |f| f["id"] == json!("map")).await?;
                tab_until(&c, 40, "a cluster", |f| has_class(f, "marker-cluster")).await?;
                let (z0, _, _) = current_view(&c).await?;
                press(&c, &[key]).await?;
                wait_view(
                    &c,
                    &format!("{key:?} on a cluster to zoom in"),
                    |z, _, _| z > z0,
                )
                .await?;
                wait_settled(&c).await?;
                wait_for_js(&c, &format!("the focus to land on a marker or cluster after {key:?}"), SETTLE_TIMEOUT,
                    "const a = document.activeElement; return a !== null && a.classList.contains('leaflet-marker-icon');",
                    PAGE_DIAGNOSTIC).await?;
            }

            // Enter opens a marker's popup; Tab goes into it; Escape closes it and returns.
            let f = tab_until(&c, 80, "a single marker", |f| has_class(f, "ea-marker")).await?;
            let slug = f["slug"].as_str().unwrap_or_default().to_owned();
            press(&c, &[Key::Enter]).await?;
            wait_for_js(&c, "the marker's popup", SETTLE_TIMEOUT,
                &format!("const p = document.querySelector('.leaflet-popup .ea-popup'); return p !== null && p.dataset.slug === '{slug}';"),
                PAGE_DIAGNOSTIC).await?;
            ensure!(url_param(&c, "actor").await?.as_deref() == Some(slug.as_str()));
            // Screen readers hear which actor opened (a status message), the focus stays put.
            let heard = js(
                &c,
                "const s = document.querySelector('.ea-announcer[role=status]'); const n = document.querySelector('.leaflet-popup .ea-popup-name'); return s && n ? [s.textContent, n.textContent] : null;",
                vec![],
            )
            .await?;
            ensure!(
                heard[0]
                    .as_str()
                    .zip(heard[1].as_str())
                    .is_some_and(|(said, name)| said.starts_with(name)),
                "the status message after opening a popup is {heard}"
            );
            press(&c, &[Key::Tab]).await?;
            let inside = focused(&c).await?;
            ensure!(
                inside["in_popup"] == json!(true) && inside["visible_focus"] == json!(true),
                "Tab from a marker with an open popup goes to {inside}, not into the popup"
            );
            press(&c, &[Key::Escape]).await?;
            wait_for_js(&c, "Escape to close the popup and return to the marker", SETTLE_TIMEOUT,
                &format!("const a = document.activeElement; return document.querySelector('.leaflet-popup') === null && a !== null && a.dataset.slug === '{slug}';"),
                PAGE_DIAGNOSTIC).await?;

            // Enter on the popup's close button closes it and returns to the marker too.
            press(&c, &[Key::Enter]).await?;
            wait_for_js(&c, "the marker's popup again", SETTLE_TIMEOUT,
                &format!("const p = document.querySelector('.leaflet-popup .ea-popup'); return p !== null && p.dataset.slug === '{slug}';"),
                PAGE_DIAGNOSTIC).await?;
            press(&c, &[Key::Tab]).await?;
            let close = tab_until(&c, 10, "the popup's close button", |f| {
                has_class(f, "leaflet-popup-close-button")
            })
            .await?;
            ensure!(
                close["visible_focus"] == json!(true),
                "the popup's close button shows no focus: {close}"
            );
            press(&c, &[Key::Enter]).await?;
            wait_for_js(&c, "Enter on the close button to close the popup and return to the marker", SETTLE_TIMEOUT,
                &format!("const a = document.activeElement; return document.querySelector('.leaflet-popup') === null && a !== null && a.dataset.slug === '{slug}';"),
                PAGE_DIAGNOSTIC).await?;

            // The pan buttons work from the keyboard too.
            let east = tab_until(&c, 120, "the button that moves the map east", |f| {
                has_class(f, "ea-pan-e")
            })
            .await?;
            ensure!(east["visible_focus"] == json!(true));
            let (_, _, lon1) = current_view(&c).await?;
            press(&c, &[Key::Enter]).await?;
            wait_view(&c, "the east button", |_, _, lon| lon > lon1).await?;

            // The filters by keyboard: type a search, open the filters, tick a type with Space.
            open(&c, &url).await?;
            js(&c, "document.activeElement.blur(); return true;", vec![]).await?;
            tab_until(&c, 40, "the search box", |f| f["id"] == json!("ea-q")).await?;
            let before = updates(&c).await?;
            type_text(&c, "uppsala").await?;
            wait_update(&c, before, "typing a search").await?;
            ensure!(shown_count(&c).await? < 52);
            tab_until(&c, 10, "the filters' summary", |f| {
                f["tag"] == json!("summary")
            })
            .await?;
            press(&c, &[Key::Enter]).await?;
            tab_until(&c, 10, "the first type checkbox", |f| {
                f["tag"] == json!("input")
            })
            .await?;
            let before = updates(&c).await?;
            press(&c, &[Key::Space]).await?;
            wait_update(&c, before, "ticking a type with Space").await?;
            ensure!(
                url_param(&c, "type").await?.is_some(),
                "Space on a type checkbox set no type filter"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// The map's zoom and centre, read from the map itself.
async fn current_view(c: &Client) -> Result<(f64, f64, f64)> {
    let v = js(
        c,
        "const m = window.ecoatlas.app.view.map; const p = m.getCenter(); return [m.getZoom(), p.lat, p.lng];",
        vec![],
    )
    .await?;
    let a: Vec<f64> = serde_json::from_value(v)?;
    Ok((a[0], a[1], a[2]))
}

async fn wait_view(c: &Client, what: &str, ok: impl Fn(f64, f64, f64) -> bool) -> Result<()> {
    let deadline = std::time::Instant::now() + SETTLE_TIMEOUT;
    loop {
        let (z, lat, lon) = current_view(c).await?;
        if ok(z, lat, lon) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            bail!(
                "{what}: the map stays at {z}/{lat}/{lon}; page: {}",
                page_state(c).await
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[test]
fn axe_finds_no_serious_or_critical_violation() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    let axe = axe_source();
    run_browser_test(
        "axe_finds_no_serious_or_critical_violation",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            for path in [
                "",
                "en/",
                "actors/karolinska-institutet/",
                "en/campuses/flemingsberg/",
                "campuses/flemingsberg/",
                "embed/?campus=flemingsberg",
            ] {
                let page = format!("{url}{path}");
                open(&c, &page).await?;
                assert_axe_clean(&c, &axe, &page).await?;
            }
            // Pages without a map: the key figures with their charts, the fact sheet.
            for path in ["stats/", "en/stats/", "facts/", "en/facts/"] {
                let page = format!("{url}{path}");
                c.goto(&page).await?;
                assert_axe_clean(&c, &axe, &page).await?;
            }
            // The map page with its filters open, a popup open, and the share dialog open.
            let page = format!("{url}?type=infrastructure&actor=scilifelab");
            open(&c, &page).await?;
            open_filters(&c).await?;
            assert_axe_clean(&c, &axe, &format!("{page} (filters and popup open)")).await?;
            c.find(Locator::Css("#ea-share-open"))
                .await?
                .click()
                .await?;
            assert_axe_clean(&c, &axe, &format!("{page} (share dialog open)")).await?;
            // The embeddable view with its list open.
            let page = format!("{url}en/embed/?campus=uppsala-bmc-science-park");
            open(&c, &page).await?;
            c.find(Locator::Css("#ea-list-toggle"))
                .await?
                .click()
                .await?;
            assert_axe_clean(&c, &axe, &format!("{page} (list open)")).await?;
            assert_clean(&c, &url, |_| false).await
        },
    );
}

#[test]
fn a_360_px_phone_gets_the_whole_page_without_sideways_scrolling() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    let axe = axe_source();
    run_browser_test(
        "a_360_px_phone_gets_the_whole_page_without_sideways_scrolling",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            cdp(
                &c,
                "Emulation.setDeviceMetricsOverride",
                json!({
                    "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true
                }),
            )
            .await?;
            for path in ["", "embed/?campus=flemingsberg", "actors/scilifelab/"] {
                let page = format!("{url}{path}");
                open(&c, &page).await?;
                let layout = js(&c, r#"
                    const m = document.querySelector('#map').getBoundingClientRect();
                    const list = document.querySelector('#actor-list');
                    const wide = [...document.querySelectorAll('body *')].filter(el => {
                        const r = el.getBoundingClientRect();
                        return r.width > 0 && r.right > innerWidth + 1 && !el.closest('.leaflet-map-pane, .leaflet-control-container, .ea-shapes');
                    }).map(el => el.tagName + '.' + el.className).slice(0, 5);
                    return {
                        inner: innerWidth,
                        scroll: document.documentElement.scrollWidth,
                        map_width: m.width, map_height: m.height, map_bottom: m.bottom + scrollY,
                        list_top: list ? list.getBoundingClientRect().top + scrollY : null,
                        wide,
                    };
                "#, vec![]).await?;
                save_screenshot(&c, &format!("phone-{}", path.replace(['/', '?', '='], "_")))
                    .await?;
                ensure!(
                    layout["inner"] == json!(360),
                    "the viewport is not 360 px wide: {layout}"
                );
                ensure!(
                    layout["scroll"].as_f64() <= Some(360.0),
                    "{page} scrolls sideways at 360 px: {layout}"
                );
                ensure!(
                    layout["wide"].as_array().is_some_and(Vec::is_empty),
                    "{page}: elements stick out at 360 px: {layout}"
                );
                ensure!(
                    layout["map_width"].as_f64() >= Some(300.0)
                        && layout["map_height"].as_f64() >= Some(250.0),
                    "{page}: the map is too small at 360 px: {layout}"
                );
                if path.is_empty() {
                    ensure!(
                        layout["list_top"].as_f64() >= layout["map_bottom"].as_f64(),
                        "on a phone the list should follow the map: {layout}"
                    );
                }
                assert_axe_clean(&c, &axe, &format!("{page} at 360 px")).await?;
            }
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// Saves a screenshot to `target/screenshots/<name>.png` when ECOATLAS_SCREENSHOTS is set.
async fn save_screenshot(c: &Client, name: &str) -> Result<()> {
    if std::env::var_os("ECOATLAS_SCREENSHOTS").is_none() {
        return Ok(());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    let png = c.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

#[test]
fn long_lists_come_a_page_at_a_time_and_print_whole() {
    let (_dir, site) = many_actors_site(150);
    let server = serve(&site);
    let url = server.url().to_owned();
    run_browser_test(
        "long_lists_come_a_page_at_a_time_and_print_whole",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            let total = shown_count(&c).await?;
            ensure!(total == 153, "{total} actors");
            ensure!(
                list_slugs(&c).await?.len() == 100,
                "the first page is not 100 items"
            );
            let more = c.find(Locator::Css("#ea-more")).await?;
            let label = more.text().await?;
            ensure!(label.contains("53"), "the show-more button reads {label:?}");
            more.click().await?;
            ensure!(list_slugs(&c).await?.len() == 153);
            let focus = focused(&c).await?;
            ensure!(
                focus["in_list"] == json!(true),
                "after showing more the focus is {focus}, not in the list"
            );
            ensure!(
                !more.is_displayed().await?,
                "the show-more button stays after the last page"
            );

            // Selecting an actor beyond the first page draws the list down to it.
            open(&c, &format!("{url}?actor=extra-140")).await?;
            wait_for_js(&c, "the item of extra-140 to be drawn and selected", SETTLE_TIMEOUT,
                "const li = document.querySelector('#actor-list li[data-slug=\"extra-140\"]'); return li !== null && li.classList.contains('is-selected');",
                PAGE_DIAGNOSTIC).await?;

            // Printing gives the whole list and no map.
            open(&c, &url).await?;
            js(
                &c,
                "window.dispatchEvent(new Event('beforeprint')); return true;",
                vec![],
            )
            .await?;
            cdp(&c, "Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
            let printed = js(&c, r#"
                const shown = sel => { const el = document.querySelector(sel); return el !== null && getComputedStyle(el).display !== 'none'; };
                return {
                    items: document.querySelectorAll('#actor-list li').length,
                    map: shown('#map'), filters: shown('.ea-facets'), list: shown('#actor-list'),
                    buttons: [...document.querySelectorAll('#actor-list button')].filter(b => getComputedStyle(b).display !== 'none').length,
                };
            "#, vec![]).await?;
            ensure!(
                printed
                    == json!({"items": 153, "map": false, "filters": false, "list": true, "buttons": 0}),
                "printing shows {printed}"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// Every kind of page of the shipped site, in both languages where the wording differs.
const PAGE_KINDS: [&str; 20] = [
    "",
    "en/",
    "actors/",
    "actors/karolinska-institutet/",
    "en/actors/national-genomics-infrastructure/",
    "campuses/",
    "campuses/campus-solna/",
    "en/campuses/uppsala-bmc-science-park/",
    "types/infrastructure/",
    "sectors/healthcare/",
    "forskningsinfrastruktur/",
    "en/forskningsinfrastruktur/",
    "om/",
    "news/",
    "news/2025-09-26-karolinska-atmp-center-invigt/",
    "stats/",
    "facts/",
    "data/",
    "embed/",
    "no-such-page/",
];

#[test]
fn no_page_scrolls_sideways_on_a_360_px_phone_and_the_map_comes_first() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "no_page_scrolls_sideways_on_a_360_px_phone_and_the_map_comes_first",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            cdp(
                &c,
                "Emulation.setDeviceMetricsOverride",
                json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
            )
            .await?;
            let mut wide_pages = Vec::new();
            for path in PAGE_KINDS {
                let page = format!("{url}{path}");
                c.goto(&page).await?;
                wait_for_js(
                    &c,
                    &format!("{page} to load"),
                    READY_TIMEOUT,
                    "const m = document.querySelector('#map'); return document.readyState === 'complete' && (m === null || m.dataset.ready === 'true');",
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                let layout = js(
                    &c,
                    r#"return {
                        inner: innerWidth,
                        scroll: document.documentElement.scrollWidth,
                        wide: [...document.querySelectorAll('body *')].filter(el => {
                            const r = el.getBoundingClientRect();
                            return r.width > 0 && r.right > 361 && !el.closest('.leaflet-map-pane, .leaflet-control-container, .ea-shapes');
                        }).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)).slice(0, 5),
                    };"#,
                    vec![],
                )
                .await?;
                // A page wider than the phone widens the layout viewport (innerWidth) with it.
                if layout["inner"] != json!(360) || layout["scroll"].as_f64() > Some(360.0) {
                    wide_pages.push(format!("{page}: {layout}"));
                }
            }
            ensure!(
                wide_pages.is_empty(),
                "pages that scroll sideways at 360 px:\n{}",
                wide_pages.join("\n")
            );

            // The map page: the map starts within the first screen (at least 200 px of it).
            for path in ["", "en/", "embed/"] {
                let page = format!("{url}{path}?actor=scilifelab");
                open(&c, &page).await?;
                let at = js(
                    &c,
                    "const r = document.querySelector('#map').getBoundingClientRect(); return [r.top + scrollY, innerHeight];",
                    vec![],
                )
                .await?;
                ensure!(
                    at[0].as_f64().zip(at[1].as_f64()).is_some_and(|(top, h)| top + 200.0 <= h),
                    "{page}: the map starts below the first screen of a phone: [top, height] = {at}"
                );
            }

            // A popup is drawn above the zoom buttons: moved over them, it is what shows.
            wait_for_js(&c, "the popup of scilifelab", SETTLE_TIMEOUT,
                "return document.querySelector('.leaflet-popup .ea-popup[data-slug=\"scilifelab\"]') !== null;",
                PAGE_DIAGNOSTIC).await?;
            let over = js(
                &c,
                r#"const map = window.ecoatlas.app.view.map;
                   const zoom = document.querySelector('.leaflet-control-zoom-in').getBoundingClientRect();
                   const popup = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
                   map.panBy([popup.left - zoom.left - 4, popup.top - zoom.top - 4], { animate: false });
                   const p = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
                   const x = (zoom.left + zoom.right) / 2, y = (zoom.top + zoom.bottom) / 2;
                   const top = document.elementFromPoint(x, y);
                   return { covers: p.left <= x && p.right >= x && p.top <= y && p.bottom >= y,
                            top: top ? top.outerHTML.slice(0, 120) : null,
                            in_popup: top !== null && top.closest('.leaflet-popup') !== null };"#,
                vec![],
            )
            .await?;
            ensure!(
                over["covers"] == json!(true) && over["in_popup"] == json!(true),
                "a popup moved over the zoom buttons is drawn below them: {over}"
            );
            // It stays on its marker when the map moves.
            let stays = js(
                &c,
                r#"const view = window.ecoatlas.app.view;
                   view.map.panBy([40, 60], { animate: false });
                   const tip = document.querySelector('.leaflet-popup-tip').getBoundingClientRect();
                   const marker = view.map.latLngToContainerPoint(view.popup.getLatLng());
                   const frame = view.map.getContainer().getBoundingClientRect();
                   return Math.abs((tip.left + tip.right) / 2 - frame.left - marker.x);"#,
                vec![],
            )
            .await?;
            ensure!(
                stays.as_f64() < Some(3.0),
                "the popup does not follow its marker when the map moves (off by {stays} px)"
            );
            // The only error: the missing page's own 404.
            assert_clean(&c, &url, |m| m.contains("/no-such-page/ ")).await
        },
    );
}
