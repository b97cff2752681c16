//! Helpers for the browser tests of the map page, the embeddable view and the record pages:
//! waiting for the map, reading what it shows (markers, clusters, list, count, URL), driving it
//! with the keyboard, and the expected results computed from the site's content with the
//! ecoatlas library itself (so the browser's filtering is checked against an independent
//! implementation).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context as _, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use super::browser::{
    js, network_requests, require_browser, severe_console_entries, third_party_requests,
    wait_for_js, SiteServer,
};

/// Time limit for the browser part of one test.
pub const TEST_LIMIT: Duration = Duration::from_secs(240);
/// How long the map may take to become ready after the page loaded.
pub const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How long markers and clusters may take to settle (animations, chunked loading).
pub const SETTLE_TIMEOUT: Duration = Duration::from_secs(15);

/// What the page looks like, for failure messages.
pub const PAGE_DIAGNOSTIC: &str = r#"
    const m = document.querySelector('#map');
    return {
        url: location.href,
        title: document.title,
        map: m ? Object.fromEntries([...m.attributes].map(a => [a.name, a.value.slice(0, 200)])) : null,
        count: (document.querySelector('#ea-count') || {}).textContent,
        markers: document.querySelectorAll('#map .ea-marker').length,
        clusters: document.querySelectorAll('#map .marker-cluster').length,
        list_items: document.querySelectorAll('#actor-list li[data-slug]').length,
        popups: [...document.querySelectorAll('.leaflet-popup')].map(p => p.textContent.trim().slice(0, 200)),
        active: document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : null,
    };
"#;

/// Markers and clusters drawn on the map right now.
pub const MAP_COUNTS: &str = r#"
    const map = document.querySelector('#map');
    if (!map) return null;
    const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const markers = [...map.querySelectorAll('.ea-marker')]
        .filter(el => !el.closest('.marker-cluster') && shown(el));
    const clusters = [...map.querySelectorAll('.marker-cluster')]
        .filter(el => !(el.parentElement && el.parentElement.closest('.marker-cluster')) && shown(el));
    const texts = clusters.map(el => el.textContent.trim());
    const numbers = texts.filter(t => /^\d+$/.test(t)).map(t => parseInt(t, 10));
    const animating = map.classList.contains('leaflet-zoom-anim')
        || map.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim') !== null;
    return {
        markers: markers.length,
        marker_slugs: markers.map(el => el.dataset.slug).sort(),
        clusters: clusters.length,
        cluster_sum: numbers.reduce((a, b) => a + b, 0),
        not_numbers: texts.filter(t => !/^\d+$/.test(t)),
        animating,
    };
"#;

/// How many markers the actors the map shows should have: one each, and an actor with several
/// sites one per site (with a campus filter, those on that campus, else all), from the map's
/// data (`window.ecoatlas.app`).
pub const MARKERS_EXPECTED: &str = r#"
    const app = window.ecoatlas && window.ecoatlas.app;
    if (!app || !app.store()) return null;
    const s = app.store();
    const v = app.view;
    const campus = app.state().campus;
    const c = campus && campus in s.campusByKey ? s.campusByKey[campus] : -1;
    let n = 0;
    for (let i = 0; i < s.n; i++) {
        if (!v.isShown(i)) continue;
        const sites = s.sitesOf(i);
        if (!sites) { n += 1; continue; }
        const on = sites.filter(x => x.campus === c).length;
        n += c >= 0 && on ? on : sites.length;
    }
    return n;
"#;

/// The site's content, loaded with the ecoatlas library, to compute what a filter must show.
pub struct Content {
    pub site: ecoatlas::model::Site,
}

impl Content {
    /// The actors the map shows by default: those of `root` with a position that have not
    /// closed, merged or been bought (those only with "include closed"; `Content::load_all` has
    /// them too).
    pub fn load(root: &Path) -> Content {
        let mut content = Content::load_all(root);
        content.site.actors.retain(|a| !a.life.gone());
        content
    }

    /// Every actor of `root` that the map can show, closed ones too: all but those without a
    /// position (`location: unknown`), which have their pages and no marker.
    pub fn load_all(root: &Path) -> Content {
        let config = ecoatlas::config::SiteConfig::load(root)
            .unwrap_or_else(|d| panic!("site.yaml of {}: {d:?}", root.display()));
        let (mut site, diags) = ecoatlas::load::load_site(root, config);
        assert!(
            !diags.has_errors(),
            "the content of {} has errors",
            root.display()
        );
        site.actors.retain(|a| a.position.is_some());
        Content { site }
    }

    /// The slugs of the actors for which `keep` is true.
    pub fn slugs(&self, keep: impl Fn(&ecoatlas::model::Actor) -> bool) -> BTreeSet<String> {
        self.site
            .actors
            .iter()
            .filter(|a| keep(a))
            .map(|a| a.slug.clone())
            .collect()
    }

    pub fn actor(&self, slug: &str) -> &ecoatlas::model::Actor {
        self.site
            .actor(slug)
            .unwrap_or_else(|| panic!("no actor {slug}"))
    }

    /// The slugs whose name, summary, services or tags in `lang` contain every word of
    /// `query` once case and diacritics are ignored (deunicode, not the page's own code).
    pub fn search(&self, lang: &str, query: &str) -> BTreeSet<String> {
        let default = self.site.default_language().to_string();
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        self.slugs(|a| {
            let t = a.text_in(lang, &default);
            let mut text = vec![t.name.clone(), t.summary.clone()];
            text.extend(t.services.iter().cloned());
            text.extend(a.tags.iter().cloned());
            let hay = fold(&text.join(" "));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
    }
}

/// Lower case ASCII with punctuation as spaces: `Södertälje` → `sodertalje`.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let spaced: String = ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    format!(
        " {} ",
        spaced.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// Starts `ecoatlas serve` on `root` (after checking that a browser is there).
pub fn serve(root: &Path) -> SiteServer {
    require_browser();
    let binary = Path::new(env!("CARGO_BIN_EXE_ecoatlas"));
    match SiteServer::start(binary, root) {
        Ok(server) => server,
        Err(e) => panic!("could not start the site server: {e:#}"),
    }
}

pub fn element_arg(el: &fantoccini::elements::Element) -> Result<Value> {
    serde_json::to_value(el).context("serialising an element reference")
}

pub async fn page_state(c: &Client) -> String {
    match c.execute(PAGE_DIAGNOSTIC, vec![]).await {
        Ok(v) => v.to_string(),
        Err(e) => format!("(could not inspect the page: {e})"),
    }
}

/// Opens `url` and waits for `#map[data-ready="true"]` and, where the page loads them, the
/// summaries (`data-text="true"`).
pub async fn open(c: &Client, url: &str) -> Result<()> {
    c.goto(url)
        .await
        .map_err(|e| anyhow!("could not open {url}: {e}"))?;
    wait_ready(c, url).await
}

pub async fn wait_ready(c: &Client, what: &str) -> Result<()> {
    wait_for_js(
        c,
        &format!("#map[data-ready=\"true\"] (with data-text=\"true\" unless a small map) on {what}"),
        READY_TIMEOUT,
        "return document.querySelector('#map[data-ready=\"true\"][data-text=\"true\"], #map.ea-minimap[data-ready=\"true\"]') !== null;",
        PAGE_DIAGNOSTIC,
    )
    .await?;
    wait_settled(c).await
}

/// `#map`'s `data-updates`: how many times the markers were redrawn after filtering.
pub async fn updates(c: &Client) -> Result<u64> {
    let v = js(
        c,
        "return Number(document.querySelector('#map').getAttribute('data-updates') || 0);",
        vec![],
    )
    .await?;
    Ok(v.as_u64().unwrap_or_default())
}

/// Waits until the markers were redrawn after `before` and the map settled.
pub async fn wait_update(c: &Client, before: u64, what: &str) -> Result<()> {
    wait_for_js(
        c,
        &format!("the map to redraw after {what}"),
        SETTLE_TIMEOUT,
        &format!(
            "return Number(document.querySelector('#map').getAttribute('data-updates') || 0) > {before};"
        ),
        PAGE_DIAGNOSTIC,
    )
    .await?;
    wait_settled(c).await
}

/// Waits until no zoom or cluster animation runs and the markers stay the same for a moment.
pub async fn wait_settled(c: &Client) -> Result<()> {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    let mut previous = Value::Null;
    let mut same = 0;
    loop {
        let counts = js(c, MAP_COUNTS, vec![]).await?;
        if counts["animating"] == json!(false) && counts == previous {
            same += 1;
            if same >= 3 {
                return Ok(());
            }
        } else {
            same = 0;
        }
        if Instant::now() > deadline {
            bail!("the map did not settle within {SETTLE_TIMEOUT:?} (last counts: {counts})");
        }
        previous = counts;
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
}

/// `data-actors` of `#map`.
pub async fn shown_count(c: &Client) -> Result<u64> {
    let v = js(
        c,
        "return document.querySelector('#map').getAttribute('data-actors');",
        vec![],
    )
    .await?;
    let raw = v.as_str().unwrap_or_default().to_owned();
    raw.trim()
        .parse()
        .map_err(|_| anyhow!("#map's data-actors is {raw:?}, not an integer"))
}

/// The slugs of `#actor-list`, in order.
pub async fn list_slugs(c: &Client) -> Result<Vec<String>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#actor-list li[data-slug]')].map(li => li.dataset.slug);",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

/// How many actors the map's list draws before its "show more" button is used, as the page's
/// map configuration gives it.
pub async fn list_page(c: &Client) -> Result<usize> {
    let v = js(
        c,
        "return JSON.parse(document.getElementById('ea-config').textContent).listPage;",
        vec![],
    )
    .await?;
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| anyhow!("the map configuration has no listPage: {v}"))
}

/// Uses the list's "show more" button until the whole list is drawn, checking that each use
/// draws at most a page more; returns how many items the list then has.
pub async fn show_whole_list(c: &Client) -> Result<usize> {
    let v = js(
        c,
        "const b = document.getElementById('ea-more');
         const items = () => document.querySelectorAll('#actor-list li[data-slug]').length;
         const counts = [items()];
         while (b && !b.hidden && counts.length < 10000) { b.click(); counts.push(items()); }
         return counts;",
        vec![],
    )
    .await?;
    let counts: Vec<usize> = serde_json::from_value(v)?;
    let page = list_page(c).await?;
    for pair in counts.windows(2) {
        ensure!(
            pair[1] > pair[0] && pair[1] - pair[0] <= page,
            "\"show more\" took the list from {} to {} items (a page is {page})",
            pair[0],
            pair[1]
        );
    }
    Ok(counts.last().copied().unwrap_or(0))
}

/// The text of the live result count.
pub async fn count_text(c: &Client) -> Result<String> {
    let v = js(
        c,
        "const n = document.querySelector('#ea-count'); return n ? n.textContent : null;",
        vec![],
    )
    .await?;
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("the page has no #ea-count"))
}

pub async fn location_search(c: &Client) -> Result<String> {
    Ok(js(c, "return location.search;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// The query parameters of the page's URL, decoded.
pub async fn url_params(c: &Client) -> Result<Vec<(String, String)>> {
    let v = js(
        c,
        "return [...new URLSearchParams(location.search)].map(([k, v]) => [k, v]);",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

pub async fn url_param(c: &Client, name: &str) -> Result<Option<String>> {
    Ok(url_params(c)
        .await?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v))
}

/// Checks that the map, the list and the count all show exactly `expected` (slugs), out of
/// `total` actors.
pub async fn assert_shows(
    c: &Client,
    expected: &BTreeSet<String>,
    total: usize,
    what: &str,
) -> Result<()> {
    let n = shown_count(c).await?;
    ensure!(
        n as usize == expected.len(),
        "{what}: #map's data-actors is {n}, expected {} ({expected:?}); page: {}",
        expected.len(),
        page_state(c).await
    );
    let first = list_slugs(c).await?.len();
    let page = list_page(c).await?;
    ensure!(
        first == expected.len().min(page),
        "{what}: the list's first page has {first} items, expected {}",
        expected.len().min(page)
    );
    show_whole_list(c).await?;
    let listed: BTreeSet<String> = list_slugs(c).await?.into_iter().collect();
    ensure!(
        &listed == expected,
        "{what}: the list shows {listed:?}, expected {expected:?}"
    );
    let count = count_text(c).await?;
    ensure!(
        count.contains(&total.to_string())
            && (n as usize == total || count.contains(&n.to_string()) || n <= 1),
        "{what}: the result count reads {count:?}, which does not give {n} of {total}"
    );
    // The markers in the map's cluster layer are exactly these actors ...
    let layers = js(c, MAP_LAYERS, vec![]).await?;
    let on_map: BTreeSet<String> = serde_json::from_value(layers["slugs"].clone())
        .map_err(|_| anyhow!("{what}: cannot read the map's markers: {layers}"))?;
    ensure!(
        &on_map == expected,
        "{what}: the map's cluster layer holds {on_map:?}, expected {expected:?}"
    );
    // ... every marker drawn is one of them ...
    let counts = js(c, MAP_COUNTS, vec![]).await?;
    let drawn: BTreeSet<String> = serde_json::from_value(counts["marker_slugs"].clone())?;
    ensure!(
        drawn.is_subset(expected),
        "{what}: the map draws markers of {:?}, which do not match",
        drawn.difference(expected).collect::<Vec<_>>()
    );
    // ... and when the view holds them all, markers and cluster numbers add up to them.
    if layers["all_in_view"] == json!(true) {
        let markers = js(c, MARKERS_EXPECTED, vec![]).await?.as_u64().unwrap_or(n);
        wait_markers_account_for(c, markers, what).await?;
    }
    Ok(())
}

/// The actors in the map's marker layer (through the page's debugging handle
/// `window.ecoatlas.app`), and whether the current view holds all of them.
pub const MAP_LAYERS: &str = r#"
    const app = window.ecoatlas && window.ecoatlas.app;
    if (!app) return null;
    const v = app.view;
    const layers = v.cluster.getLayers();
    const b = v.map.getBounds();
    return {
        slugs: layers.map(m => m.options.slug).sort(),
        all_in_view: layers.every(m => b.contains(m.getLatLng())),
    };
"#;

/// Waits until the visible markers plus the numbers in the clusters add up to `n`.
pub async fn wait_markers_account_for(c: &Client, n: u64, what: &str) -> Result<Value> {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        let counts = js(c, MAP_COUNTS, vec![]).await?;
        ensure!(!counts.is_null(), "the page has no #map");
        let markers = counts["markers"].as_u64().unwrap_or_default();
        let sum = counts["cluster_sum"].as_u64().unwrap_or_default();
        let animating = counts["animating"].as_bool().unwrap_or(true);
        if !animating && markers + sum == n {
            return Ok(counts);
        }
        if Instant::now() > deadline {
            bail!(
                "{what}: the map does not show {n} actors: {markers} markers + {sum} in clusters \
                 (counts: {counts}); page: {}",
                page_state(c).await
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Opens the filter panel's `<details>` (closed by default) if it is closed.
pub async fn open_filters(c: &Client) -> Result<()> {
    js(
        c,
        "const d = document.querySelector('#ea-facets'); if (d && !d.open) d.querySelector('summary').click(); return true;",
        vec![],
    )
    .await?;
    Ok(())
}

/// Clicks the checkbox `name=value` of the filter form (through its label, like a visitor)
/// and waits for the map to redraw.
pub async fn click_choice(c: &Client, name: &str, value: &str) -> Result<()> {
    open_filters(c).await?;
    let before = updates(c).await?;
    let input = c
        .find(Locator::Css(&format!(
            "#ea-filters input[name=\"{name}\"][value=\"{value}\"]"
        )))
        .await
        .map_err(|e| anyhow!("no checkbox {name}={value} in the filter form: {e}"))?;
    input
        .click()
        .await
        .map_err(|e| anyhow!("clicking the checkbox {name}={value} failed: {e}"))?;
    wait_update(c, before, &format!("clicking {name}={value}")).await
}

/// Chooses `value` in the select `name` of the filter form and waits for the map to redraw.
pub async fn choose(c: &Client, name: &str, value: &str) -> Result<()> {
    open_filters(c).await?;
    let before = updates(c).await?;
    let select = c
        .find(Locator::Css(&format!(
            "#ea-filters select[name=\"{name}\"]"
        )))
        .await
        .map_err(|e| anyhow!("no select {name} in the filter form: {e}"))?;
    select
        .select_by_value(value)
        .await
        .map_err(|e| anyhow!("choosing {value:?} in the select {name} failed: {e}"))?;
    wait_update(c, before, &format!("choosing {name}={value}")).await
}

/// Types `text` into the (emptied) search box, as keys, and waits for the map to redraw.
pub async fn search(c: &Client, text: &str) -> Result<()> {
    let before = updates(c).await?;
    let input = c.find(Locator::Css("#ea-q")).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    wait_update(c, before, &format!("searching for {text:?}")).await
}

/// Presses `keys` (one after the other) on whatever has the focus, like a keyboard.
pub async fn press(c: &Client, keys: &[Key]) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".to_string());
    for key in keys {
        let ch: char = (*key).into();
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions)
        .await
        .map_err(|e| anyhow!("pressing {keys:?} failed: {e}"))?;
    Ok(())
}

/// Types `text` as key presses on whatever has the focus.
pub async fn type_text(c: &Client, text: &str) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".to_string());
    for ch in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await?;
    Ok(())
}

/// Shift+Tab.
pub async fn press_shift_tab(c: &Client) -> Result<()> {
    let shift: char = Key::Shift.into();
    let tab: char = Key::Tab.into();
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: shift })
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab })
        .then(KeyAction::Up { value: shift });
    c.perform_actions(actions).await?;
    Ok(())
}

/// What has the keyboard focus: tag, id, classes, data-slug, text, and whether a focus
/// indicator is drawn (an outline of at least 2 px, or a box shadow).
pub async fn focused(c: &Client) -> Result<Value> {
    js(
        c,
        r#"
        const el = document.activeElement;
        if (!el || el === document.body) return {tag: 'body'};
        const st = getComputedStyle(el);
        const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
        const ring = st.boxShadow && st.boxShadow !== 'none';
        return {
            tag: el.tagName.toLowerCase(),
            id: el.id || null,
            classes: el.className && el.className.baseVal === undefined ? el.className : '',
            slug: el.dataset ? (el.dataset.slug || null) : null,
            text: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 80),
            in_map: el.closest('#map') !== null,
            in_popup: el.closest('.leaflet-popup') !== null,
            in_list: el.closest('#actor-list') !== null,
            in_footer: el.closest('.site-footer') !== null,
            visible_focus: outline || ring,
        };
        "#,
        vec![],
    )
    .await
}

/// The map's zoom and centre, from the page's `map=` URL parameter (written after each move).
pub async fn map_view(c: &Client) -> Result<(f64, f64, f64)> {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        if let Some(v) = url_param(c, "map").await? {
            let parts: Vec<f64> = v.split('/').filter_map(|p| p.parse().ok()).collect();
            if let [z, lat, lon] = parts[..] {
                return Ok((z, lat, lon));
            }
            bail!("the map parameter {v:?} is not zoom/lat/lon");
        }
        if Instant::now() > deadline {
            bail!(
                "the URL never got a map= parameter; page: {}",
                page_state(c).await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// No SEVERE console entries (but those `allowed` returns true for), and no request to
/// another origin, neither finished (resource timing) nor attempted (the network log).
pub async fn assert_clean(c: &Client, page: &str, allowed: impl Fn(&str) -> bool) -> Result<()> {
    let severe: Vec<_> = severe_console_entries(c)
        .await?
        .into_iter()
        .filter(|e| !allowed(&e.message))
        .collect();
    let (total, foreign) = third_party_requests(c).await?;
    let origin = js(c, "return location.origin;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let attempted: Vec<String> = network_requests(c)
        .await?
        .into_iter()
        .filter(|u| is_network_url(u) && !u.starts_with(&origin))
        .collect();
    let mut problems = Vec::new();
    if !severe.is_empty() {
        problems.push(format!(
            "the browser console has {} SEVERE entries on {page}:\n{}",
            severe.len(),
            severe
                .iter()
                .map(|e| format!("    {e}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    if !foreign.is_empty() {
        problems.push(format!(
            "{page} made {} of its {total} requests to another origin:\n    {}",
            foreign.len(),
            foreign.join("\n    ")
        ));
    }
    if !attempted.is_empty() {
        problems.push(format!(
            "{page} tried to reach another host:\n    {}",
            attempted.join("\n    ")
        ));
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n  and "));
    Ok(())
}

/// Whether `url` goes over the network (not `data:`, `blob:` or the browser's own `chrome:`).
pub fn is_network_url(url: &str) -> bool {
    ["http://", "https://", "ws://", "wss://", "ftp://"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The axe-core engine from the test-only npm package `tests/browser`.
pub fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}); run `npm ci --prefix tests/browser --ignore-scripts --no-audit \
             --no-fund` (scripts/test.sh does it)",
            path.display()
        )
    })
}

/// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on any violation of
/// impact "serious" or "critical", listing them; the others are printed.
pub async fn assert_axe_clean(c: &Client, axe: &str, page: &str) -> Result<()> {
    js(c, &format!("{axe}\nreturn typeof axe;"), vec![]).await?;
    let result = c
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
                .then(r => done({ok: true, violations: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
                }))}))
                .catch(e => done({ok: false, error: String(e)}));
            "#,
            vec![],
        )
        .await
        .map_err(|e| anyhow!("running axe on {page} failed: {e}"))?;
    ensure!(
        result["ok"] == json!(true),
        "axe failed on {page}: {}",
        result["error"]
    );
    let violations = result["violations"].as_array().cloned().unwrap_or_default();
    let describe = |v: &Value| {
        let nodes: Vec<String> = v["nodes"]
            .as_array()
            .map(|ns| {
                ns.iter()
                    .take(5)
                    .map(|n| {
                        format!(
                            "      {} — {}",
                            n["target"],
                            n["summary"].as_str().unwrap_or_default().replace('\n', " ")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "    [{}] {}: {} ({} elements)\n{}",
            v["impact"].as_str().unwrap_or("?"),
            v["id"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            v["nodes"].as_array().map_or(0, Vec::len),
            nodes.join("\n")
        )
    };
    let (bad, minor): (Vec<&Value>, Vec<&Value>) = violations
        .iter()
        .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
    if !minor.is_empty() {
        eprintln!(
            "axe on {page}: {} minor or moderate violations:\n{}",
            minor.len(),
            minor
                .iter()
                .map(|v| describe(v))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    ensure!(
        bad.is_empty(),
        "axe finds {} serious or critical violations on {page}:\n{}",
        bad.len(),
        bad.iter()
            .map(|v| describe(v))
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("axe on {page}: no serious or critical violation");
    Ok(())
}

/// A copy of `tests/fixtures/minimal` with `extra` more actors (`extra-001`, ...), spread over
/// the region, of alternating types, every third open to SMEs: for what needs a long list.
pub fn many_actors_site(extra: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, site) = super::fixture_site("minimal", &[]);
    let types = ["company", "university", "infrastructure"];
    for i in 1..=extra {
        let lat = 59.2 + (i % 20) as f64 * 0.03;
        let lon = 17.2 + (i / 20) as f64 * 0.05;
        let access = if i % 3 == 0 {
            "access: {open_to: [sme]}\n"
        } else {
            ""
        };
        let text = format!(
            "---\nname: \"Extra {i:03} Aktör\"\ntype: {}\nsectors: [industry]\nlocation: {{lat: {lat:.4}, lon: {lon:.4}}}\nsummary: \"Aktör nummer {i} för test av långa listor.\"\n{access}---\nText.\n",
            types[i % types.len()]
        );
        std::fs::write(site.join(format!("content/actors/extra-{i:03}.md")), text)
            .expect("writing an actor");
    }
    (dir, site)
}

/// A plain static file server for a built site under a sub-path (`http://127.0.0.1:<port>/atlas/`),
/// as a host would serve it. It runs on its own thread until the test process ends.
pub struct StaticServer {
    pub url: String,
}

impl StaticServer {
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let port = listener.local_addr().expect("the port").port();
        let dir = dir.to_path_buf();
        let prefix = format!("/{}", prefix.trim_matches('/'));
        let route = prefix.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                let files = tower_http::services::ServeDir::new(dir);
                // axum nests no service at the root: there, the files answer every path.
                let app = if route == "/" {
                    axum::Router::new().fallback_service(files)
                } else {
                    axum::Router::new().nest_service(&route, files)
                };
                let _ = axum::serve(listener, app).await;
            });
        });
        StaticServer {
            url: format!("http://127.0.0.1:{port}{}/", prefix.trim_end_matches('/')),
        }
    }
}
