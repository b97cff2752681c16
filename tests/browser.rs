//! Real-browser tests: the shipped site (whose root is the repository root), served by the real
//! `ecoatlas serve`, opened in Debian's headless Chromium through chromedriver.
//!
//! They need `/usr/bin/chromium` and `/usr/bin/chromedriver` and FAIL without them; run
//! `bash scripts/install-test-deps.sh` (or `bash scripts/test.sh`, which runs it) first.
//!
//! The page contract they check: `#map` gets `data-ready="true"` once drawn and carries the number
//! of actors in `data-actors`; campuses are `path.ea-campus`; actors are `.ea-marker` elements or
//! counted in `.marker-cluster` icons; the list `#actor-list li[data-slug]` has one item per actor,
//! with `.ea-name`, `.ea-summary` and a `button.ea-locate`; a popup is
//! `.leaflet-popup-content .ea-popup` with `.ea-popup-name` and `a.ea-popup-link` to the actor's page.

mod support;

use std::time::Duration;

use anyhow::{anyhow, bail, ensure, Context as _, Result};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use support::browser::{js, run_browser_test, severe_console_entries, wait_for_js, SiteServer};

/// Time limit for the browser part of one test.
const TEST_LIMIT: Duration = Duration::from_secs(180);
/// How long the map may take to become ready after the page loaded.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How long markers and clusters may take to settle (animations, chunked loading).
const SETTLE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a popup may take to open after a click.
const POPUP_TIMEOUT: Duration = Duration::from_secs(10);

const MIN_CAMPUSES: usize = 8;
const MIN_ACTORS: u64 = 40;

/// What the page looks like, for failure messages.
const PAGE_DIAGNOSTIC: &str = r#"
    const m = document.querySelector('#map');
    return {
        url: location.href,
        title: document.title,
        map: m ? Object.fromEntries([...m.attributes].map(a => [a.name, a.value.slice(0, 200)])) : null,
        campuses: document.querySelectorAll('path.ea-campus').length,
        markers: document.querySelectorAll('#map .ea-marker').length,
        clusters: document.querySelectorAll('#map .marker-cluster').length,
        list_items: document.querySelectorAll('#actor-list li[data-slug]').length,
        popups: [...document.querySelectorAll('.leaflet-popup')].map(p => p.textContent.trim().slice(0, 200)),
        body_text: (document.body ? document.body.innerText : '').slice(0, 400),
    };
"#;

/// Markers and clusters drawn on the map right now.
const MAP_COUNTS: &str = r#"
    const map = document.querySelector('#map');
    if (!map) return null;
    const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const markers = [...map.querySelectorAll('.ea-marker')]
        .filter(el => !el.closest('.marker-cluster') && shown(el)).length;
    const clusters = [...map.querySelectorAll('.marker-cluster')]
        .filter(el => !(el.parentElement && el.parentElement.closest('.marker-cluster')) && shown(el));
    const texts = clusters.map(el => el.textContent.trim());
    const numbers = texts.filter(t => /^\d+$/.test(t)).map(t => parseInt(t, 10));
    const animating = map.classList.contains('leaflet-zoom-anim')
        || map.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim') !== null;
    return {
        markers,
        clusters: clusters.length,
        cluster_sum: numbers.reduce((a, b) => a + b, 0),
        not_numbers: texts.filter(t => !/^\d+$/.test(t)),
        animating,
    };
"#;

/// Indices (in `#map .ea-marker` order) of the markers, or clusters with `arguments[0] == true`,
/// that are drawn well inside the map and are the topmost element at their centre.
const CLICKABLE: &str = r#"
    const clusters = arguments[0];
    const map = document.querySelector('#map');
    const mr = map.getBoundingClientRect();
    const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const all = [...map.querySelectorAll(clusters ? '.marker-cluster' : '.ea-marker')];
    const ok = [];
    all.forEach((el, i) => {
        if (!clusters && el.closest('.marker-cluster')) return;
        if (!shown(el)) return;
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < mr.left + 8 || x > mr.right - 8 || y < mr.top + 8 || y > mr.bottom - 8) return;
        const hit = document.elementFromPoint(x, y);
        if (hit && (hit === el || el.contains(hit) || hit.contains(el))) ok.push(i);
    });
    return ok;
"#;

/// Starts `ecoatlas serve` on the repository root (after checking that a browser is there, so
/// that a missing Chromium is reported first).
fn site() -> SiteServer {
    support::page::serve(&support::repo_root())
}

fn element_arg(el: &fantoccini::elements::Element) -> Result<Value> {
    serde_json::to_value(el).context("serialising an element reference")
}

/// `el.textContent` with runs of whitespace collapsed.
async fn text_of(c: &Client, el: &fantoccini::elements::Element) -> Result<String> {
    let v = js(
        c,
        "return arguments[0].textContent.replace(/\\s+/g, ' ').trim();",
        vec![element_arg(el)?],
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn page_state(c: &Client) -> String {
    match c.execute(PAGE_DIAGNOSTIC, vec![]).await {
        Ok(v) => v.to_string(),
        Err(e) => format!("(could not inspect the page: {e})"),
    }
}

/// Opens `url` and waits for `#map[data-ready="true"]`.
async fn open_map(c: &Client, url: &str) -> Result<()> {
    c.goto(url)
        .await
        .map_err(|e| anyhow!("could not open {url}: {e}"))?;
    wait_for_js(
        c,
        &format!("#map[data-ready=\"true\"] on {url}"),
        READY_TIMEOUT,
        "return document.querySelector('#map[data-ready=\"true\"]') !== null;",
        PAGE_DIAGNOSTIC,
    )
    .await
}

/// `data-actors` of `#map`, checked to be an integer of at least `MIN_ACTORS`.
async fn actor_count(c: &Client) -> Result<u64> {
    let map = c.find(Locator::Css("#map")).await?;
    let raw = map
        .attr("data-actors")
        .await?
        .ok_or_else(|| anyhow!("#map has no data-actors attribute"))?;
    let n: u64 = raw
        .trim()
        .parse()
        .map_err(|_| anyhow!("#map's data-actors is {raw:?}, not an integer"))?;
    ensure!(
        n >= MIN_ACTORS,
        "#map's data-actors is {n}; the shipped site should have at least {MIN_ACTORS} actors"
    );
    Ok(n)
}

/// Waits until no animation runs and the visible markers plus the numbers in the clusters add up
/// to `n`; returns the last counts.
async fn wait_markers_account_for(c: &Client, n: u64) -> Result<Value> {
    let deadline = std::time::Instant::now() + SETTLE_TIMEOUT;
    loop {
        let counts = js(c, MAP_COUNTS, vec![]).await?;
        ensure!(!counts.is_null(), "the page has no #map");
        let markers = counts["markers"].as_u64().unwrap_or_default();
        let sum = counts["cluster_sum"].as_u64().unwrap_or_default();
        let not_numbers = counts["not_numbers"].as_array().map_or(0, Vec::len);
        let animating = counts["animating"].as_bool().unwrap_or(true);
        if !animating && not_numbers == 0 && markers + sum == n {
            return Ok(counts);
        }
        if std::time::Instant::now() > deadline {
            bail!(
                "the map does not account for all {n} actors: {markers} visible .ea-marker \
                 elements + {sum} counted in .marker-cluster icons = {} (counts: {counts}; \
                 .marker-cluster texts that are not numbers: {}); page: {}",
                markers + sum,
                counts["not_numbers"],
                page_state(c).await
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits until no zoom or cluster animation runs and the markers stay the same for a moment.
async fn wait_map_settled(c: &Client) -> Result<()> {
    let deadline = std::time::Instant::now() + SETTLE_TIMEOUT;
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
        if std::time::Instant::now() > deadline {
            bail!("the map did not settle within {SETTLE_TIMEOUT:?} (last counts: {counts})");
        }
        previous = counts;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits for `.leaflet-popup-content .ea-popup`.
async fn wait_popup(c: &Client, after: &str) -> Result<fantoccini::elements::Element> {
    wait_for_js(
        c,
        &format!(".leaflet-popup-content .ea-popup after {after}"),
        POPUP_TIMEOUT,
        "return document.querySelector('.leaflet-popup-content .ea-popup') !== null;",
        PAGE_DIAGNOSTIC,
    )
    .await?;
    Ok(c.find(Locator::Css(".leaflet-popup-content .ea-popup"))
        .await?)
}

/// What the first actor of the list and its popup (opened with its locate button) show.
struct LocatedActor {
    slug: String,
    name: String,
    popup_text: String,
    link: String,
}

/// Clicks `button.ea-locate` in the first list item and checks the popup that opens: its
/// `.ea-popup-name` is the item's `.ea-name`, and its `a.ea-popup-link` leads to `/actors/<slug>/`.
async fn locate_first_actor(c: &Client) -> Result<LocatedActor> {
    let item = c
        .find(Locator::Css("#actor-list li[data-slug]"))
        .await
        .map_err(|e| anyhow!("no #actor-list li[data-slug]: {e}"))?;
    let slug = item
        .attr("data-slug")
        .await?
        .ok_or_else(|| anyhow!("the first list item has no data-slug"))?;
    let name_el = item
        .find(Locator::Css(".ea-name"))
        .await
        .map_err(|e| anyhow!("the list item of {slug:?} has no .ea-name: {e}"))?;
    let name = text_of(c, &name_el).await?;
    ensure!(
        !name.is_empty(),
        "the .ea-name of list item {slug:?} is empty"
    );
    let button = item
        .find(Locator::Css("button.ea-locate"))
        .await
        .map_err(|e| anyhow!("the list item of {slug:?} has no button.ea-locate: {e}"))?;
    button
        .click()
        .await
        .map_err(|e| anyhow!("clicking button.ea-locate of {slug:?} failed: {e}"))?;

    let popup = wait_popup(c, &format!("clicking button.ea-locate of {slug:?}")).await?;
    let popup_name_el = popup
        .find(Locator::Css(".ea-popup-name"))
        .await
        .map_err(|e| anyhow!("the popup of {slug:?} has no .ea-popup-name: {e}"))?;
    let popup_name = text_of(c, &popup_name_el).await?;
    ensure!(
        popup_name == name,
        "the popup opened by the locate button of {slug:?} shows the name {popup_name:?}, \
         but the list item's .ea-name is {name:?}"
    );
    let link_el = popup
        .find(Locator::Css("a.ea-popup-link"))
        .await
        .map_err(|e| anyhow!("the popup of {slug:?} has no a.ea-popup-link: {e}"))?;
    let link = link_el.prop("href").await?.unwrap_or_default();
    ensure!(
        link.ends_with(&format!("/actors/{slug}/")),
        "the popup link of {slug:?} is {link:?}, which does not end with /actors/{slug}/"
    );
    let popup_text = text_of(c, &popup).await?;
    Ok(LocatedActor {
        slug,
        name,
        popup_text,
        link,
    })
}

/// Closes the open popup with Leaflet's close button.
async fn close_popup(c: &Client) -> Result<()> {
    let close = c
        .find(Locator::Css(".leaflet-popup-close-button"))
        .await
        .map_err(|e| anyhow!("the popup has no .leaflet-popup-close-button: {e}"))?;
    close.click().await?;
    wait_for_js(
        c,
        "the popup to close",
        POPUP_TIMEOUT,
        "return document.querySelector('.leaflet-popup') === null;",
        PAGE_DIAGNOSTIC,
    )
    .await
}

/// Clicks a visible `.ea-marker` (first zooming in through clusters while none is visible) and
/// waits for its popup. Returns the popup's text.
async fn click_a_marker(c: &Client) -> Result<String> {
    js(
        c,
        "document.querySelector('#map').scrollIntoView({block: 'center'}); return true;",
        vec![],
    )
    .await?;
    for _ in 0..10 {
        wait_map_settled(c).await?;
        let markers = js(c, CLICKABLE, vec![json!(false)]).await?;
        let markers: Vec<usize> = serde_json::from_value(markers)?;
        if let Some(&i) = markers.first() {
            let all = c.find_all(Locator::Css("#map .ea-marker")).await?;
            let marker = all
                .get(i)
                .ok_or_else(|| anyhow!("marker {i} vanished before it could be clicked"))?;
            marker
                .click()
                .await
                .map_err(|e| anyhow!("clicking a visible .ea-marker failed: {e}"))?;
            let popup = wait_popup(c, "clicking a .ea-marker").await?;
            return text_of(c, &popup).await;
        }
        let clusters = js(c, CLICKABLE, vec![json!(true)]).await?;
        let clusters: Vec<usize> = serde_json::from_value(clusters)?;
        let Some(&i) = clusters.first() else {
            bail!(
                "neither a single .ea-marker nor a .marker-cluster can be clicked on the map; page: {}",
                page_state(c).await
            );
        };
        let all = c.find_all(Locator::Css("#map .marker-cluster")).await?;
        let cluster = all
            .get(i)
            .ok_or_else(|| anyhow!("cluster {i} vanished before it could be clicked"))?;
        cluster
            .click()
            .await
            .map_err(|e| anyhow!("clicking a .marker-cluster failed: {e}"))?;
    }
    bail!(
        "no single .ea-marker became visible after clicking clusters 10 times; page: {}",
        page_state(c).await
    )
}

/// The checks shared by both languages: ready, campuses, actor count, markers and list.
async fn check_map_page(c: &Client, url: &str) -> Result<u64> {
    open_map(c, url).await?;
    let campuses = c.find_all(Locator::Css("path.ea-campus")).await?.len();
    ensure!(
        campuses >= MIN_CAMPUSES,
        "{url} draws {campuses} path.ea-campus elements; expected at least {MIN_CAMPUSES}"
    );
    let n = actor_count(c).await?;
    // An actor with several sites has a marker for each.
    let markers = js(c, support::page::MARKERS_EXPECTED, vec![])
        .await?
        .as_u64()
        .unwrap_or(n);
    ensure!(markers >= n, "{markers} markers for {n} actors");
    let counts = wait_markers_account_for(c, markers).await?;
    let first = c
        .find_all(Locator::Css("#actor-list li[data-slug]"))
        .await?
        .len();
    let page = support::page::list_page(c).await? as u64;
    ensure!(
        first as u64 == n.min(page),
        "#actor-list draws {first} li[data-slug] items first; #map's data-actors is {n} and a \
         page of the list {page}"
    );
    let items = support::page::show_whole_list(c).await?;
    ensure!(
        items as u64 == n,
        "#actor-list has {items} li[data-slug] items but #map's data-actors is {n}"
    );
    eprintln!("{url}: {campuses} campuses, {n} actors, drawn as {counts}");
    Ok(n)
}

#[test]
fn map_page_draws_campuses_and_markers_and_opens_a_popup() {
    let server = site();
    let root = server.url().to_owned();
    run_browser_test(
        "map_page_draws_campuses_and_markers_and_opens_a_popup",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            check_map_page(&c, &root).await?;
            let located = locate_first_actor(&c).await?;
            close_popup(&c).await?;
            let popup = click_a_marker(&c).await?;
            ensure!(!popup.is_empty(), "the popup opened by a marker is empty");
            support::page::assert_clean(&c, &root, |_| false).await?;
            eprintln!(
                "located {:?} ({}), marker popup: {:?}",
                located.slug,
                located.name,
                popup.chars().take(80).collect::<String>()
            );
            Ok(())
        },
    );
}

#[test]
fn english_map_page_works() {
    let server = site();
    let root = server.url().to_owned();
    run_browser_test(
        "english_map_page_works",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            // The Swedish page first, to compare with.
            let n_sv = check_map_page(&c, &root).await?;
            let sv_summaries = list_summaries(&c).await?;
            let sv = locate_first_actor(&c).await?;
            support::page::assert_clean(&c, &root, |_| false).await?;

            let en_url = format!("{root}en/");
            let n_en = check_map_page(&c, &en_url).await?;
            ensure!(
                n_en == n_sv,
                "the English map has {n_en} actors but the Swedish one has {n_sv}"
            );
            let en_summaries = list_summaries(&c).await?;
            let en = locate_first_actor(&c).await?;
            ensure!(
                en.link.starts_with(&en_url),
                "on the English map the popup link of {:?} is {:?}, not an English page under {en_url}",
                en.slug,
                en.link
            );
            let differing_summaries = sv_summaries
                .iter()
                .filter(|(slug, sv_text)| {
                    en_summaries
                        .iter()
                        .any(|(s, en_text)| s == slug && en_text != sv_text)
                })
                .count();
            ensure!(
                en.popup_text != sv.popup_text || differing_summaries > 0,
                "the English map shows the same texts as the Swedish one: the popup of {:?} \
                 reads {:?} in both, and no .ea-summary in the list differs",
                en.slug,
                en.popup_text
            );
            close_popup(&c).await?;
            click_a_marker(&c).await?;
            support::page::assert_clean(&c, &en_url, |_| false).await?;
            eprintln!(
                "English popup of {:?}: {:?}; {differing_summaries} list summaries differ from Swedish",
                en.slug,
                en.popup_text.chars().take(80).collect::<String>()
            );
            Ok(())
        },
    );
}

/// `(slug, .ea-summary text)` of the list items that have a summary.
async fn list_summaries(c: &Client) -> Result<Vec<(String, String)>> {
    let v = js(
        c,
        r#"
        return [...document.querySelectorAll('#actor-list li[data-slug]')]
            .map(li => [li.dataset.slug, li.querySelector('.ea-summary')])
            .filter(([, s]) => s !== null)
            .map(([slug, s]) => [slug, s.textContent.replace(/\s+/g, ' ').trim()]);
        "#,
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

/// The harness itself: a console error provoked on a page must be reported as SEVERE, so that
/// the "no SEVERE entries" checks above cannot pass just because the log is unreadable.
#[test]
fn harness_reads_severe_console_entries() {
    run_browser_test(
        "harness_reads_severe_console_entries",
        Duration::from_secs(60),
        None,
        |c| async move {
            c.goto("data:text/html;charset=utf-8,%3Cscript%3Econsole.error(%22ecoatlas-harness-probe%22)%3C/script%3E")
                .await?;
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            loop {
                let severe = severe_console_entries(&c).await?;
                if severe
                    .iter()
                    .any(|e| e.message.contains("ecoatlas-harness-probe"))
                {
                    return Ok(());
                }
                if std::time::Instant::now() > deadline {
                    bail!(
                        "a console.error() on the page was not reported as a SEVERE console entry"
                    );
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        },
    );
}
