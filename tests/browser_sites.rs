//! An actor with several sites in a real browser (headless Chromium), on the minimal site with
//! `tests/fixtures/sites` (Zeta Labs on Norra campus, at Punkten and at a position of its own):
//! the map has a marker per site, each opens the one actor, the campus filter shows the site on
//! that campus (and "show on map" goes there), and the actor's page marks all its sites.

mod support;

use anyhow::{ensure, Result};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::browser::{js, run_browser_test, wait_for_js};
use support::page::*;

const SLUG: &str = "zeta-labs";

/// A position in 1e-5 degrees, as the map's data give it.
fn e5((lat, lon): (f64, f64)) -> (i64, i64) {
    ((lat * 1e5).round() as i64, (lon * 1e5).round() as i64)
}

/// Zeta Labs's markers in the map's cluster layer: their positions (1e-5 degrees), sorted.
async fn site_markers(c: &Client) -> Result<Vec<(i64, i64)>> {
    let v = js(
        c,
        "const v = window.ecoatlas.app.view; return v.cluster.getLayers()
            .filter(m => m.options.slug === 'zeta-labs')
            .map(m => [m.getLatLng().lat, m.getLatLng().lng]);",
        vec![],
    )
    .await?;
    let at: Vec<(f64, f64)> = serde_json::from_value(v)?;
    let mut at: Vec<(i64, i64)> = at.into_iter().map(e5).collect();
    at.sort();
    Ok(at)
}

/// Where the actor popup stands.
async fn popup_at(c: &Client) -> Result<Value> {
    js(
        c,
        "const p = window.ecoatlas.app.view.popup; const at = p.getLatLng();
         return window.ecoatlas.app.view.map.hasLayer(p) && at ? [at.lat, at.lng] : null;",
        vec![],
    )
    .await
}

/// Whether `v` ([lat, lon]) is at the site: within 0.001 degrees, since markers that stand on
/// one spot are spread around it (spiderfied) when clicked; the sites are farther apart.
fn near(v: &Value, lat: f64, lon: f64) -> bool {
    let at = |i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    (at(0) - lat).abs() < 1e-3 && (at(1) - lon).abs() < 1e-3
}

async fn wait_popup_for(c: &Client, what: &str) -> Result<()> {
    wait_for_js(
        c,
        &format!("the popup of {SLUG} after {what}"),
        SETTLE_TIMEOUT,
        "const p = document.querySelector('.leaflet-popup-content .ea-popup[data-slug]'); return p !== null && p.dataset.slug === 'zeta-labs';",
        PAGE_DIAGNOSTIC,
    )
    .await
}

#[test]
fn each_site_has_a_marker_that_opens_the_one_actor_and_the_campus_filter_picks_the_site() {
    let (_dir, site) = support::fixture_site("minimal", &["sites"]);
    let content = Content::load(&site);
    let zeta = content.actor(SLUG).clone();
    let sites: Vec<(f64, f64)> = zeta
        .sites
        .iter()
        .map(|s| s.position.map(|p| (p.lat, p.lon)).unwrap())
        .collect();
    let server = serve(&site);
    let url = server.url().to_owned();
    run_browser_test(
        "each_site_has_a_marker_that_opens_the_one_actor_and_the_campus_filter_picks_the_site",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            ensure!(sites.len() == 3, "{sites:?}");
            let every = content.slugs(|_| true);
            let total = every.len();

            // One marker per site, the actor once in the list and the count.
            open(&c, &url).await?;
            assert_shows(&c, &every, total, "no filter").await?;
            let markers = site_markers(&c).await?;
            let mut expected: Vec<(i64, i64)> = sites.iter().copied().map(e5).collect();
            expected.sort();
            ensure!(
                markers == expected,
                "markers at {markers:?}, sites at {sites:?}"
            );
            let listed = list_slugs(&c).await?;
            ensure!(
                listed.iter().filter(|s| *s == SLUG).count() == 1,
                "{listed:?}"
            );

            // Clicking each marker opens the same actor, its popup on that site.
            for (k, (lat, lon)) in sites.iter().enumerate() {
                js(
                    &c,
                    "const v = window.ecoatlas.app.view; v.closeActor(); window.eaShown = -1;
                     const k = arguments[0];
                     const m = v.siteMarkers[window.ecoatlas.app.store().bySlug['zeta-labs']][k];
                     v.cluster.zoomToShowLayer(m, () => { m._icon.id = 'zeta-site-' + k; window.eaShown = k; });
                     return true;",
                    vec![json!(k)],
                )
                .await?;
                wait_for_js(
                    &c,
                    &format!("site {k}'s marker out of its cluster"),
                    SETTLE_TIMEOUT,
                    &format!("return window.eaShown === {k} && document.getElementById('zeta-site-{k}') !== null;"),
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                wait_settled(&c).await?;
                c.find(Locator::Css(&format!("#zeta-site-{k}")))
                    .await?
                    .click()
                    .await?;
                wait_popup_for(&c, &format!("clicking site {k}")).await?;
                let at = popup_at(&c).await?;
                ensure!(near(&at, *lat, *lon), "site {k}: the popup stands at {at}");
                ensure!(
                    url_param(&c, "actor").await?.as_deref() == Some(SLUG),
                    "site {k}: {}",
                    location_search(&c).await?
                );
                // Every marker of the actor is highlighted.
                let selected = js(
                    &c,
                    "return window.ecoatlas.app.view.siteMarkers[window.ecoatlas.app.store().bySlug['zeta-labs']]
                        .filter(m => m._icon && m._icon.classList.contains('is-selected')).length;",
                    vec![],
                )
                .await?;
                ensure!(selected.as_u64() >= Some(1), "site {k}: {selected}");
            }

            // The campus filter shows the site on that campus, and the actor goes there.
            for (campus, (lat, lon)) in [("punkten", sites[1]), ("norra-campus", sites[0])] {
                open(&c, &format!("{url}?campus={campus}")).await?;
                let expected = content.slugs(|a| a.campuses.iter().any(|k| k == campus));
                ensure!(expected.contains(SLUG), "{expected:?}");
                assert_shows(&c, &expected, total, &format!("campus={campus}")).await?;
                let markers = site_markers(&c).await?;
                ensure!(
                    markers == [e5((lat, lon))],
                    "campus={campus}: Zeta Labs's markers are at {markers:?}"
                );
                c.find(Locator::Css(&format!(
                    "#actor-list li[data-slug=\"{SLUG}\"] button.ea-locate"
                )))
                .await?
                .click()
                .await?;
                wait_popup_for(&c, &format!("show on map with campus={campus}")).await?;
                let at = popup_at(&c).await?;
                ensure!(
                    near(&at, lat, lon),
                    "campus={campus}: the popup stands at {at}"
                );
                // A link to the actor with the campus opens it there too.
                open(&c, &format!("{url}?campus={campus}&actor={SLUG}")).await?;
                wait_popup_for(&c, &format!("?campus={campus}&actor={SLUG}")).await?;
                let at = popup_at(&c).await?;
                ensure!(
                    near(&at, lat, lon),
                    "?campus={campus}&actor: the popup stands at {at}"
                );
            }
            // The relations overlay draws Zeta Labs's relation to Beta AB (at Punkten) from the
            // site the map shows: the first without a filter, the one at Punkten with it.
            for (query, (lat, lon)) in [("", sites[0]), ("campus=punkten&", sites[1])] {
                open(&c, &format!("{url}?{query}relations=1")).await?;
                let what = format!("the relation line with ?{query}relations=1");
                wait_for_js(
                    &c,
                    &what,
                    SETTLE_TIMEOUT,
                    "return document.querySelector('path.ea-relation[data-source=\"zeta-labs\"]') !== null;",
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                let ends = js(
                    &c,
                    "let ends = null;
                     window.ecoatlas.app.view.map.eachLayer(l => {
                         const p = l.getElement && l.getElement();
                         if (l instanceof L.Polyline && p && p.dataset.source === 'zeta-labs') {
                             ends = l.getLatLngs().map(x => [x.lat, x.lng]);
                         }
                     });
                     return ends;",
                    vec![],
                )
                .await?;
                ensure!(near(&ends[0], lat, lon), "{what}: it starts at {ends}");
            }

            // Another campus's filter leaves the actor out.
            open(&c, &format!("{url}?campus=punkten&type=university")).await?;
            ensure!(site_markers(&c).await?.is_empty());

            // The actor's page marks every site on its small map.
            for lang in ["", "en/"] {
                c.goto(&format!("{url}{lang}actors/{SLUG}/")).await?;
                wait_ready(&c, "the actor page's small map").await?;
                wait_for_js(
                    &c,
                    "three own markers",
                    SETTLE_TIMEOUT,
                    "return document.querySelectorAll('#map .ea-marker-own[data-slug=\"zeta-labs\"]').length === 3;",
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                let in_view = js(
                    &c,
                    "const v = window.ecoatlas.app.view; const b = v.map.getBounds();
                     return v.markersOf(window.ecoatlas.app.store().bySlug['zeta-labs'])
                        .every(m => b.contains(m.getLatLng()));",
                    vec![],
                )
                .await?;
                ensure!(in_view == json!(true), "{lang}: not every site is in view");
            }
            assert_clean(&c, &url, |_| false).await
        },
    );
}
