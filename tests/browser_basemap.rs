//! The site's own vector base map in a real browser: over central Stockholm at zoom 13, with the
//! markers hidden, the shipped base map draws water where the water is, land where the land is,
//! and the names of the districts and of Saltsjön; at zoom 9 those of the towns, Mälaren and the
//! archipelago, clear of the markers and of the towns' names; an editor's extract (a small PMTiles archive the test makes,
//! tests/support/pmtiles.rs) is drawn the same way; and no request leaves the site, with the
//! base map or with the country outlines of a site without one.

mod support;

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Result};
use fantoccini::Client;
use serde_json::{json, Value};
use support::browser::{js, run_browser_test, third_party_requests, wait_for_js};
use support::page::*;

/// Hides what is drawn over the base map, so that only the base map is looked at.
const HIDE_OVERLAYS: &str = "const s = document.createElement('style'); s.textContent = '.leaflet-marker-pane, .leaflet-shadow-pane, .leaflet-overlay-pane, .leaflet-ea-labels-pane, .leaflet-tooltip-pane, .leaflet-popup-pane { display: none !important; }'; document.head.appendChild(s); return true;";

/// The colour (`#rrggbb`) the base map's canvases show at each `[lat, lon]` of `arguments[0]`
/// (null where no canvas is drawn yet), and the names of the labels drawn so far.
const PROBE: &str = r#"
const map = window.ecoatlas.app.view.map;
const box = map.getContainer().getBoundingClientRect();
const hex = (v) => '#' + Array.from(v.slice(0, 3), (c) => c.toString(16).padStart(2, '0')).join('');
const colours = arguments[0].map(([lat, lon]) => {
  const p = map.latLngToContainerPoint([lat, lon]);
  const x = box.left + p.x, y = box.top + p.y;
  for (const c of document.querySelectorAll('.leaflet-ea-base-pane canvas')) {
    const r = c.getBoundingClientRect();
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
    const px = c.getContext('2d').getImageData(Math.floor((x - r.left) * c.width / r.width),
      Math.floor((y - r.top) * c.height / r.height), 1, 1).data;
    if (px[3] === 0) return null;
    return hex(px);
  }
  return null;
});
const b = window.ecoatlas.basemap;
return { colours, painted: Object.keys(b.painted).sort(), water: b.WATER, land: b.LAND,
         layer: !!window.ecoatlas.app.view.baseLayer };
"#;

/// Is the colour `a` (`#rrggbb`) within a few steps of `b` (canvas colours may be managed)?
fn near(a: &Value, b: &Value) -> bool {
    let rgb = |v: &Value| -> Option<Vec<i64>> {
        let s = v.as_str()?.strip_prefix('#')?;
        (0..3)
            .map(|i| i64::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
            .collect()
    };
    match (rgb(a), rgb(b)) {
        (Some(a), Some(b)) => a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= 6),
        _ => false,
    }
}

/// Waits until the points `water` show the water colour, `land` the land colour, and every
/// name of `names` was drawn.
async fn wait_drawn(
    c: &Client,
    what: &str,
    water: &[[f64; 2]],
    land: &[[f64; 2]],
    names: &[&str],
) -> Result<Value> {
    let points: Vec<[f64; 2]> = water.iter().chain(land).copied().collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = js(c, PROBE, vec![json!(points)]).await?;
        let colours = v["colours"].as_array().cloned().unwrap_or_default();
        let wet = colours[..water.len()].iter().all(|c| near(c, &v["water"]));
        let dry = colours[water.len()..].iter().all(|c| near(c, &v["land"]));
        let painted = v["painted"].as_array().cloned().unwrap_or_default();
        let named = names.iter().all(|n| painted.contains(&json!(n)));
        if wet && dry && named {
            return Ok(v);
        }
        if Instant::now() > deadline {
            bail!("{what}: the base map was not drawn as expected (water at {water:?}, land at {land:?}, names {names:?}); last look: {v}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// With `ECOATLAS_SCREENSHOTS` set to a folder, saves what the test saw there.
async fn screenshot(c: &Client, name: &str) -> Result<()> {
    if let Some(dir) = std::env::var_os("ECOATLAS_SCREENSHOTS") {
        std::fs::write(std::path::Path::new(&dir).join(name), c.screenshot().await?)?;
    }
    Ok(())
}

/// Looks with `probe` every 250 ms, for at most 30 s, until it finds the names drawn as they
/// should be (it returns `None`, else what is wrong), and saves a screenshot `png` either way.
async fn wait_clear(
    c: &Client,
    png: &str,
    mut probe: impl AsyncFnMut() -> Result<Option<String>>,
) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let wrong = probe().await?;
        if wrong.is_none() || Instant::now() > deadline {
            screenshot(c, png).await?;
            return match wrong {
                None => Ok(()),
                Some(wrong) => bail!("{wrong}"),
            };
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn assert_no_other_host(c: &Client, what: &str) -> Result<()> {
    let (total, foreign) = third_party_requests(c).await?;
    ensure!(total > 0, "{what}: the page made no request at all?");
    ensure!(
        foreign.is_empty(),
        "{what}: requests to other hosts: {foreign:?}"
    );
    Ok(())
}

#[test]
fn the_shipped_base_map_shows_water_and_district_names_in_central_stockholm() {
    let server = serve(&support::repo_root());
    let url = format!("{}en/?map=13/59.3200/18.0800", server.url());
    run_browser_test(
        "the_shipped_base_map_shows_water_and_district_names_in_central_stockholm",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            js(&c, HIDE_OVERLAYS, vec![]).await?;
            // Saltsjön between Södermalm and Djurgården is water, and so is Hammarby sjö, which
            // GSHHG draws as land and OpenStreetMap's coastline keeps; Södermalm and Östermalm
            // are land; the water between Södermalm and Djurgården is named
            // (scripts/basemap/water-names.toml).
            wait_drawn(
                &c,
                "zoom 13 over central Stockholm",
                &[[59.3200, 18.0950], [59.3070, 18.1005]],
                &[[59.3140, 18.0700], [59.3400, 18.0750]],
                &[
                    "Södermalm",
                    "Kungsholmen",
                    "Östermalm",
                    "Vasastan",
                    "Saltsjön",
                ],
            )
            .await?;
            screenshot(&c, "basemap-stockholm-13.png").await?;
            let attribution = js(
                &c,
                "return document.querySelector('.leaflet-control-attribution').textContent;",
                vec![],
            )
            .await?;
            ensure!(
                attribution.as_str().is_some_and(|a| {
                    a.contains("© OpenStreetMap contributors")
                        && a.contains("GSHHG")
                        && a.contains("GeoNames")
                }),
                "the attribution reads {attribution}"
            );
            // OpenStreetMap's licence asks for a link to its copyright page.
            let link = js(
                &c,
                "const a = [...document.querySelectorAll('.leaflet-control-attribution a')].find((a) => a.textContent === 'OpenStreetMap'); return a ? a.href : null;",
                vec![],
            )
            .await?;
            ensure!(
                link == "https://www.openstreetmap.org/copyright",
                "the OpenStreetMap link goes to {link}"
            );
            // The region at zoom 9: the towns around Mälaren are named, and so are the lake and
            // the archipelago.
            js(&c, "window.ecoatlas.app.view.map.setView([59.55, 17.85], 9, {animate: false}); return true;", vec![]).await?;
            // Mälaren west of Stockholm and the sea beyond the archipelago are water; the land
            // west of Uppsala, south of Södertälje and by Arlanda is land (away from the names).
            wait_drawn(
                &c,
                "zoom 9 over the region",
                &[[59.45, 17.30], [59.40, 17.10], [59.20, 18.80]],
                &[[59.80, 17.50], [59.10, 17.60], [59.65, 17.95]],
                &[
                    "Stockholm",
                    "Uppsala",
                    "Södertälje",
                    "Mälaren",
                    "Stockholms skärgård",
                ],
            )
            .await?;
            screenshot(&c, "basemap-region-9.png").await?;
            assert_no_other_host(&c, "the shipped site with its base map").await
        },
    );
}

#[test]
fn an_editors_extract_is_drawn_and_no_request_leaves_the_site() {
    let (_dir, site) = support::fixture_site("minimal", &[]);
    std::fs::create_dir_all(site.join("basemap")).unwrap();
    support::pmtiles::write(
        &site.join("basemap/extract.pmtiles"),
        [16.5, 58.5, 19.0, 60.5],
    );
    support::pmtiles::configure(&site, "basemap/extract.pmtiles", "Test data contributors");
    let with = serve(&site);
    let (_plain, plain) = support::fixture_site("minimal", &[]);
    let without = serve(&plain);
    let with_url = format!("{}?map=9/59.5000/17.8000", with.url());
    let without_url = without.url().to_owned();
    run_browser_test(
        "an_editors_extract_is_drawn_and_no_request_leaves_the_site",
        TEST_LIMIT,
        Some(&with),
        |c| async move {
            open(&c, &with_url).await?;
            js(&c, HIDE_OVERLAYS, vec![]).await?;
            let [w, s, e, n] = support::pmtiles::LAKE;
            let [lon, lat] = support::pmtiles::PLACE_AT;
            wait_drawn(
                &c,
                "the test extract",
                &[[(s + n) / 2.0, (w + e) / 2.0]],
                &[[lat - 0.1, lon]],
                &[support::pmtiles::PLACE],
            )
            .await?;
            screenshot(&c, "basemap-fixture.png").await?;
            let attribution = js(
                &c,
                "return document.querySelector('.leaflet-control-attribution').textContent;",
                vec![],
            )
            .await?;
            ensure!(
                attribution.as_str().is_some_and(
                    |a| a.contains("Test data contributors") && !a.contains("Natural Earth")
                ),
                "the attribution credits what is not drawn or not what is: {attribution}"
            );
            assert_no_other_host(&c, "a site with an extract").await?;

            // Without a base map: the country outlines, and still no other host.
            open(&c, &without_url).await?;
            wait_for_js(
                &c,
                "the country outlines of a site without a base map",
                Duration::from_secs(20),
                "return document.querySelectorAll('.leaflet-ea-base-pane path').length > 0 && document.querySelectorAll('.leaflet-ea-base-pane canvas').length === 0;",
                "return document.querySelector('.leaflet-ea-base-pane').innerHTML.slice(0, 300);",
            )
            .await?;
            assert_no_other_host(&c, "a site without a base map").await
        },
    );
}

/// The bytes of the base map that the map page's first view loads (the archive's header and
/// directory, then the tiles of the view; tiles are stored gzipped, so these are gzipped
/// bytes) stay within 150 KB.
#[test]
fn the_first_view_loads_at_most_150_kb_of_base_map() {
    let server = serve(&support::repo_root());
    let url = server.url().to_owned();
    run_browser_test(
        "the_first_view_loads_at_most_150_kb_of_base_map",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            // The tiles of the view are drawn (the names of the region are).
            wait_drawn(&c, "the first view", &[], &[], &["Stockholm", "Uppsala"]).await?;
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let v = js(
                &c,
                "const e = performance.getEntriesByType('resource').filter(e => e.name.includes('/assets/basemap/')); \
                 return { requests: e.length, bytes: e.reduce((n, x) => n + x.encodedBodySize, 0), \
                          size: [innerWidth, innerHeight], zoom: window.ecoatlas.app.view.map.getZoom() };",
                vec![],
            )
            .await?;
            eprintln!("first view of the base map: {v}");
            let bytes = v["bytes"].as_u64().unwrap_or(u64::MAX);
            ensure!(
                v["requests"].as_u64().unwrap_or(0) > 0,
                "no base map was loaded: {v}"
            );
            ensure!(
                bytes <= 150 * 1024,
                "the first view loads {bytes} bytes of base map: {v}"
            );
            Ok(())
        },
    );
}

/// Where the base map drew each of `arguments[0]` at the map's zoom (null: not drawn at this
/// zoom since the names were last laid out), and which visible marker, cluster badge or campus
/// label its box covers, in the map's pixels.
const NAMES_AND_MARKERS: &str = r#"
const map = window.ecoatlas.app.view.map;
const z = map.getZoom();
const o = map.getPixelBounds().min;
const frame = map.getContainer().getBoundingClientRect();
const boxes = [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon, .leaflet-ea-labels-pane .ea-campus-label:not(.ea-label-hidden)')]
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom)
  .map(([e, r]) => ({ what: e.getAttribute('title') || e.textContent.trim() || e.className,
                     minX: o.x + r.left - frame.left, minY: o.y + r.top - frame.top,
                     maxX: o.x + r.right - frame.left, maxY: o.y + r.bottom - frame.top }));
const names = {};
for (const name of arguments[0]) {
  const p = window.ecoatlas.basemap.placed[name];
  if (!p || p.z !== z) { names[name] = null; continue; }
  names[name] = boxes.filter((b) => p.minX < b.maxX && p.maxX > b.minX && p.minY < b.maxY && p.maxY > b.minY).map((b) => b.what);
}
return { z, labels: map.getContainer().getAttribute('data-labels'), obstacles: boxes.length, names };
"#;

/// At the first view of the shipped site the towns' names are drawn, and none of them under a
/// marker, a cluster badge or a campus label (the names move beside what is in their way).
#[test]
fn town_names_are_drawn_beside_the_markers_at_the_first_view() {
    let server = serve(&support::repo_root());
    let url = format!("{}en/", server.url());
    run_browser_test(
        "town_names_are_drawn_beside_the_markers_at_the_first_view",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            let towns = ["Stockholm", "Uppsala", "Södertälje"];
            wait_clear(&c, "basemap-first-view.png", async || {
                let v = js(&c, NAMES_AND_MARKERS, vec![json!(towns)]).await?;
                let clear = v["labels"].is_string()
                    && v["obstacles"].as_u64().unwrap_or(0) > 0
                    && towns.iter().all(|t| {
                        v["names"][t]
                            .as_array()
                            .is_some_and(|covered| covered.is_empty())
                    });
                Ok((!clear).then(|| format!("the towns' names are not all drawn clear of the markers (null: not drawn; else what each covers): {v}")))
            })
            .await
        },
    );
}

/// At the first view of the shipped site the names of water are drawn (Mälaren and the
/// archipelago, in the water layer's label points), each under no marker, cluster badge or
/// campus label, and over none of the towns' names: they go through the same placement as the
/// towns' names, which keep their place where both cannot stand.
#[test]
fn water_names_are_drawn_clear_of_markers_and_town_names_at_the_first_view() {
    let server = serve(&support::repo_root());
    let url = format!("{}en/", server.url());
    run_browser_test(
        "water_names_are_drawn_clear_of_markers_and_town_names_at_the_first_view",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            let water = ["Mälaren", "Stockholms skärgård"];
            let towns = ["Stockholm", "Uppsala", "Södertälje"];
            let all: Vec<&str> = water.iter().chain(&towns).copied().collect();
            wait_clear(&c, "basemap-water-names.png", async || {
                let v = js(&c, NAMES_AND_MARKERS, vec![json!(all)]).await?;
                let placed = js(
                    &c,
                    "const p = window.ecoatlas.basemap.placed; return Object.fromEntries(arguments[0].map((n) => [n, p[n] || null]));",
                    vec![json!(all)],
                )
                .await?;
                let overlap = |a: &Value, b: &Value| -> bool {
                    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
                    f(a, "minX") < f(b, "maxX")
                        && f(a, "maxX") > f(b, "minX")
                        && f(a, "minY") < f(b, "maxY")
                        && f(a, "maxY") > f(b, "minY")
                };
                let clear = v["labels"].is_string()
                    && v["obstacles"].as_u64().unwrap_or(0) > 0
                    && water.iter().all(|w| {
                        v["names"][w]
                            .as_array()
                            .is_some_and(|covered| covered.is_empty())
                            && towns
                                .iter()
                                .all(|t| placed[t].is_null() || !overlap(&placed[w], &placed[t]))
                    });
                Ok((!clear).then(|| format!("the names of water are not all drawn clear of the markers and the towns' names (null: not drawn; else what each covers): {v}; boxes: {placed}")))
            })
            .await
        },
    );
}
