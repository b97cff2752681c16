//! Real-browser tests of the cluster's story on `tests/fixtures/story` (served by the real
//! `ecoatlas serve`, opened in Debian's headless Chromium): the map's relations overlay and the
//! research-infrastructure guide's own filtering and map links.
//!
//! Like tests/browser.rs they need `/usr/bin/chromium` and `/usr/bin/chromedriver` and fail
//! without them (`bash scripts/install-test-deps.sh` installs them).
//!
//! The contract checked: the map page has a `.ea-relations-control` with a checkbox
//! `#ea-relations-toggle` (off by default); switched on, every relation of data/relations.json
//! is a `path.ea-relation` with `data-source`, `data-target` and `data-type`, the control gets
//! `data-state="on"` and `data-relations-drawn`, and lists the relations as text. The guide page
//! has a `#guide-filter` form (hidden without script) with `select[name=service]` and radios
//! `open_to`, cards `.guide-card[data-slug]` in `.guide-section`s, and `#guide-status`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use fantoccini::{Client, Locator};
use serde_json::Value;

use support::browser::{
    js, require_browser, run_browser_test, severe_console_entries, third_party_requests,
    wait_for_js, SiteServer,
};

const TEST_LIMIT: Duration = Duration::from_secs(180);
const WAIT: Duration = Duration::from_secs(20);

/// The fixture's relations: (source, target, type).
const RELATIONS: [(&str, &str, &str); 6] = [
    ("alfa-universitetet", "beta-hogskolan", "partner-of"),
    ("cellbolaget", "alfa-universitetet", "spin-off-of"),
    ("dotterbolaget", "genbolaget", "owned-by"),
    ("genbolaget", "cellbolaget", "partner-of"),
    ("gmp-enheten", "sjukhuset", "operates-at"),
    ("sekvenseringsplattformen", "alfa-universitetet", "owned-by"),
];

const PAGE_STATE: &str = r#"
    const c = document.querySelector('.ea-relations-control');
    const f = document.querySelector('#guide-filter');
    return {
        url: location.href,
        map_ready: (document.querySelector('#map') || {dataset: {}}).dataset.ready,
        control: c ? Object.fromEntries([...c.attributes].map(a => [a.name, a.value])) : null,
        relation_paths: document.querySelectorAll('path.ea-relation').length,
        guide_status: (document.querySelector('#guide-status') || {}).textContent,
        guide_shown: f ? f.getAttribute('data-shown') : null,
        visible_cards: [...document.querySelectorAll('.guide-card')].filter(e => e.checkVisibility()).map(e => e.dataset.slug),
    };
"#;

fn story_site() -> SiteServer {
    require_browser();
    let binary = Path::new(env!("CARGO_BIN_EXE_ecoatlas"));
    let root = support::fixture("story");
    match SiteServer::start(binary, &root) {
        Ok(server) => server,
        Err(e) => panic!("could not start the site server: {e:#}"),
    }
}

async fn wait(c: &Client, what: &str, script: &str) -> Result<()> {
    wait_for_js(c, what, WAIT, script, PAGE_STATE).await
}

async fn clean_console_and_same_origin(c: &Client, page: &str) -> Result<()> {
    let severe = severe_console_entries(c).await?;
    ensure!(
        severe.is_empty(),
        "{page}: SEVERE console entries: {severe:?}"
    );
    let (_, foreign) = third_party_requests(c).await?;
    ensure!(
        foreign.is_empty(),
        "{page}: requests to other origins: {foreign:?}"
    );
    Ok(())
}

/// The (source, target, type) of every drawn relation line.
async fn drawn_lines(c: &Client) -> Result<BTreeSet<(String, String, String)>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('path.ea-relation')].map(p => [p.dataset.source, p.dataset.target, p.dataset.type]);",
        vec![],
    )
    .await?;
    let lines: Vec<(String, String, String)> = serde_json::from_value(v)?;
    Ok(lines.into_iter().collect())
}

async fn press_space_on(c: &Client, css: &str) -> Result<()> {
    js(
        c,
        &format!("document.querySelector('{css}').focus(); return true;"),
        vec![],
    )
    .await?;
    let focused = c.active_element().await?;
    let id = focused.attr("id").await?.unwrap_or_default();
    ensure!(
        format!("#{id}") == css,
        "{css} cannot take the keyboard focus (focus is on #{id})"
    );
    focused.send_keys(" ").await?;
    Ok(())
}

#[test]
fn the_relations_overlay_is_off_by_default_and_switched_on_from_the_keyboard() {
    let server = story_site();
    let root = server.url().to_owned();
    run_browser_test(
        "the_relations_overlay_is_off_by_default_and_switched_on_from_the_keyboard",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            c.goto(&root).await?;
            wait(
                &c,
                "the map to be ready",
                "return document.querySelector('#map[data-ready=\"true\"]') !== null;",
            )
            .await?;
            wait(
                &c,
                "the relations control",
                "return document.querySelector('.ea-relations-control #ea-relations-toggle') !== null;",
            )
            .await?;
            let label = js(
                &c,
                "const i = document.querySelector('#ea-relations-toggle'); return [i.checked, i.labels[0].textContent.trim(), i.tabIndex];",
                vec![],
            )
            .await?;
            ensure!(
                label[0] == Value::Bool(false),
                "the overlay must start off: {label}"
            );
            ensure!(
                label[1] == "Visa samband",
                "the checkbox's label is {label}"
            );
            ensure!(
                label[2].as_i64().unwrap_or(-1) >= 0,
                "not in the tab order: {label}"
            );
            ensure!(
                drawn_lines(&c).await?.is_empty(),
                "lines drawn before switching on"
            );

            press_space_on(&c, "#ea-relations-toggle").await?;
            wait(
                &c,
                "the overlay to switch on",
                "return document.querySelector('.ea-relations-control[data-state=\"on\"]') !== null;",
            )
            .await?;
            let expected: BTreeSet<(String, String, String)> = RELATIONS
                .iter()
                .map(|(a, b, t)| (a.to_string(), b.to_string(), t.to_string()))
                .collect();
            let lines = drawn_lines(&c).await?;
            ensure!(
                lines == expected,
                "drawn lines {lines:?}, expected {expected:?}"
            );
            let state = js(
                &c,
                r#"const c = document.querySelector('.ea-relations-control');
                   return [c.dataset.relationsDrawn, c.querySelector('.ea-relations-status').textContent,
                           [...c.querySelectorAll('.ea-relations-list li')].map(li => li.textContent),
                           document.querySelectorAll('#ea-legend .ea-relations-legend li:not([hidden])').length,
                           c.querySelector('.ea-relations-details').hidden];"#,
                vec![],
            )
            .await?;
            ensure!(state[0] == "6", "data-relations-drawn: {state}");
            ensure!(state[1] == "6 samband visas.", "status: {state}");
            let items: Vec<String> = serde_json::from_value(state[2].clone())?;
            ensure!(
                items.contains(&"Cellbolaget AB avknoppning från Alfauniversitetet".to_string()),
                "the text list lacks a relation: {items:?}"
            );
            ensure!(items.len() == 6, "{items:?}");
            ensure!(
                state[3] == 4,
                "one legend entry per relation type drawn: {state}"
            );
            ensure!(
                state[4] == false,
                "the list is offered once the overlay is on"
            );

            // A line tells what it stands for when hovered.
            c.find(Locator::Css("path.ea-relation[data-type=\"spin-off-of\"]"))
                .await
                .map_err(|e| anyhow!("no spin-off line: {e}"))?;
            js(
                &c,
                "const p = document.querySelector('path.ea-relation[data-type=\"spin-off-of\"]'); p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); return true;",
                vec![],
            )
            .await?;
            wait(
                &c,
                "the line's tooltip",
                "const t = document.querySelector('.leaflet-tooltip'); return t !== null && t.textContent.includes('avknoppning från');",
            )
            .await?;

            press_space_on(&c, "#ea-relations-toggle").await?;
            wait(
                &c,
                "the overlay to switch off",
                "return document.querySelector('.ea-relations-control[data-state=\"off\"]') !== null && document.querySelectorAll('path.ea-relation').length === 0;",
            )
            .await?;
            clean_console_and_same_origin(&c, &root).await?;

            // The English map labels the control and the relations in English.
            let en = format!("{root}en/");
            c.goto(&en).await?;
            wait(
                &c,
                "the English map",
                "return document.querySelector('#map[data-ready=\"true\"]') !== null && document.querySelector('#ea-relations-toggle') !== null;",
            )
            .await?;
            press_space_on(&c, "#ea-relations-toggle").await?;
            wait(
                &c,
                "the English overlay",
                "const c = document.querySelector('.ea-relations-control[data-state=\"on\"]'); return c !== null && c.textContent.includes('6 relations shown.') && c.textContent.includes('Cellbolaget AB spin-off of Alpha University');",
            )
            .await?;
            clean_console_and_same_origin(&c, &en).await?;
            Ok(())
        },
    );
}

/// The slugs the map's list shows (the actors matching the filters).
async fn listed_actors(c: &Client) -> Result<BTreeSet<String>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#actor-list li[data-slug]')].map(li => li.dataset.slug);",
        vec![],
    )
    .await?;
    let slugs: Vec<String> = serde_json::from_value(v)?;
    Ok(slugs.into_iter().collect())
}

#[test]
fn the_relations_overlay_follows_the_filters_and_is_kept_in_the_url() {
    let server = story_site();
    let root = server.url().to_owned();
    run_browser_test(
        "the_relations_overlay_follows_the_filters_and_is_kept_in_the_url",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            c.goto(&root).await?;
            wait(
                &c,
                "the map and the relations control",
                "return document.querySelector('#map[data-ready=\"true\"]') !== null && document.querySelector('#ea-relations-toggle') !== null;",
            )
            .await?;
            press_space_on(&c, "#ea-relations-toggle").await?;
            wait(
                &c,
                "the overlay to switch on",
                "return document.querySelector('.ea-relations-control[data-state=\"on\"]') !== null;",
            )
            .await?;
            let before = drawn_lines(&c).await?;
            ensure!(
                before.len() == RELATIONS.len(),
                "before filtering: {before:?}"
            );
            wait(
                &c,
                "relations=1 in the URL",
                "return new URLSearchParams(location.search).get('relations') === '1';",
            )
            .await?;
            // The legend explains every line style drawn.
            let keys = js(
                &c,
                "return [...document.querySelectorAll('#ea-legend .ea-relations-legend li')].filter(li => li.checkVisibility()).map(li => [li.dataset.type, li.textContent.trim(), li.querySelector('svg line') !== null]);",
                vec![],
            )
            .await?;
            let keys: Vec<(String, String, bool)> = serde_json::from_value(keys)?;
            let types: BTreeSet<&str> = RELATIONS.iter().map(|r| r.2).collect();
            ensure!(
                keys.len() == types.len()
                    && keys
                        .iter()
                        .all(|(t, label, sample)| types.contains(t.as_str())
                            && !label.is_empty()
                            && *sample),
                "the legend's relation keys: {keys:?}"
            );

            // A type filter: only the companies, and only the lines between two of them.
            js(
                &c,
                "const d = document.querySelector('#ea-facets'); if (d && !d.open) d.querySelector('summary').click(); return true;",
                vec![],
            )
            .await?;
            c.find(Locator::Css(
                "#ea-filters input[name=\"type\"][value=\"company\"]",
            ))
            .await?
            .click()
            .await?;
            wait(
                &c,
                "the company filter in the URL",
                "return new URLSearchParams(location.search).get('type') === 'company';",
            )
            .await?;
            let companies: BTreeSet<String> = [
                "cellbolaget",
                "dotterbolaget",
                "fristaende-ab",
                "genbolaget",
            ]
            .map(String::from)
            .into();
            let expected: BTreeSet<(String, String, String)> = RELATIONS
                .iter()
                .filter(|(a, b, _)| companies.contains(*a) && companies.contains(*b))
                .map(|(a, b, t)| (a.to_string(), b.to_string(), t.to_string()))
                .collect();
            ensure!(expected.len() == 2 && expected.len() < before.len());
            wait(
                &c,
                "the lines to follow the filter",
                &format!(
                    "return document.querySelectorAll('path.ea-relation').length === {};",
                    expected.len()
                ),
            )
            .await?;
            let after = drawn_lines(&c).await?;
            let shown = listed_actors(&c).await?;
            ensure!(shown == companies, "the list shows {shown:?}");
            ensure!(
                after
                    .iter()
                    .all(|(a, b, _)| shown.contains(a) && shown.contains(b)),
                "a line ends at an actor that is not shown: {after:?}, shown {shown:?}"
            );
            ensure!(after == expected, "drawn {after:?}, expected {expected:?}");
            let status = js(
                &c,
                "const c = document.querySelector('.ea-relations-control'); return [c.dataset.relationsDrawn, c.querySelector('.ea-relations-status').textContent, [...c.querySelectorAll('.ea-relations-list li')].filter(li => !li.hidden).length];",
                vec![],
            )
            .await?;
            ensure!(
                status == serde_json::json!(["2", "2 samband visas.", 2]),
                "the control after filtering: {status}"
            );

            // The URL brings the overlay back, with the filter.
            let here = c.current_url().await?.to_string();
            ensure!(here.contains("relations=1"), "{here}");
            c.goto(&here).await?;
            wait(
                &c,
                "the overlay to be on after reloading",
                "return document.querySelector('#map[data-ready=\"true\"]') !== null && document.querySelector('.ea-relations-control[data-state=\"on\"]') !== null && document.querySelector('#ea-relations-toggle').checked;",
            )
            .await?;
            let reloaded = drawn_lines(&c).await?;
            ensure!(reloaded == expected, "after reloading: {reloaded:?}");

            // Clearing the filter brings every line back; switching off leaves the URL.
            c.find(Locator::Css("#ea-clear")).await?.click().await?;
            wait(
                &c,
                "every line after clearing the filters",
                &format!(
                    "return document.querySelectorAll('path.ea-relation').length === {};",
                    RELATIONS.len()
                ),
            )
            .await?;
            press_space_on(&c, "#ea-relations-toggle").await?;
            wait(
                &c,
                "relations=1 to leave the URL",
                "return !new URLSearchParams(location.search).has('relations') && document.querySelectorAll('path.ea-relation').length === 0;",
            )
            .await?;
            clean_console_and_same_origin(&c, &root).await
        },
    );
}

async fn visible_cards(c: &Client) -> Result<Vec<String>> {
    let v = js(
        c,
        "return [...new Set([...document.querySelectorAll('.guide-card')].filter(e => e.checkVisibility()).map(e => e.dataset.slug))].sort();",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

async fn visible_sections(c: &Client) -> Result<Vec<String>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('.guide-section')].filter(e => e.checkVisibility()).map(e => e.dataset.area);",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

async fn status(c: &Client) -> Result<String> {
    let v = js(
        c,
        "return document.querySelector('#guide-status').textContent;",
        vec![],
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn choose_area(c: &Client, value: &str) -> Result<()> {
    c.find(Locator::Css(&format!(
        "#guide-area option[value=\"{value}\"]"
    )))
    .await
    .map_err(|e| anyhow!("no service-area option {value:?}: {e}"))?
    .click()
    .await?;
    Ok(())
}

async fn choose_audience(c: &Client, value: &str) -> Result<()> {
    c.find(Locator::Css(&format!(
        "input[name=\"open_to\"][value=\"{value}\"]"
    )))
    .await
    .map_err(|e| anyhow!("no audience radio {value:?}: {e}"))?
    .click()
    .await?;
    Ok(())
}

async fn expect_filtered(c: &Client, cards: &[&str], sections: &[&str], text: &str) -> Result<()> {
    let want = format!("{} av 3 infrastrukturer visas.", cards.len());
    wait(
        c,
        &format!("the status {want:?}"),
        &format!("return document.querySelector('#guide-status').textContent === {want:?};"),
    )
    .await?;
    let got = visible_cards(c).await?;
    ensure!(
        got == cards,
        "{text}: visible cards {got:?}, expected {cards:?}"
    );
    let got = visible_sections(c).await?;
    ensure!(
        got == sections,
        "{text}: visible sections {got:?}, expected {sections:?}"
    );
    Ok(())
}

#[test]
fn the_guide_filters_its_list_by_service_and_audience_and_links_to_the_filtered_map() {
    let server = story_site();
    let root = server.url().to_owned();
    run_browser_test(
        "the_guide_filters_its_list_by_service_and_audience_and_links_to_the_filtered_map",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let guide = format!("{root}guiden/");
            c.goto(&guide).await?;
            wait(
                &c,
                "the filter to appear",
                "return document.querySelector('#guide-filter') !== null && !document.querySelector('#guide-filter').hidden;",
            )
            .await?;
            ensure!(
                status(&c).await? == "3 av 3 infrastrukturer visas.",
                "{}",
                status(&c).await?
            );
            let all = ["bildcentrum", "gmp-enheten", "sekvenseringsplattformen"];
            expect_filtered(&c, &all, &["imaging", "genomics", "gmp"], "unfiltered").await?;

            choose_area(&c, "imaging").await?;
            expect_filtered(
                &c,
                &["bildcentrum", "sekvenseringsplattformen"],
                &["imaging"],
                "imaging",
            )
            .await?;
            choose_audience(&c, "sme").await?;
            expect_filtered(
                &c,
                &["bildcentrum", "sekvenseringsplattformen"],
                &["imaging"],
                "imaging + sme",
            )
            .await?;
            choose_area(&c, "gmp").await?;
            expect_filtered(&c, &[], &[], "gmp + sme").await?;
            choose_area(&c, "").await?;
            expect_filtered(
                &c,
                &["bildcentrum", "sekvenseringsplattformen"],
                &["imaging", "genomics"],
                "sme",
            )
            .await?;
            choose_audience(&c, "industry").await?;
            expect_filtered(&c, &["gmp-enheten"], &["gmp"], "industry").await?;
            let search = js(&c, "return location.search;", vec![]).await?;
            ensure!(
                search == "?open_to=industry",
                "the filter is not in the URL: {search}"
            );

            // A shared, filtered link opens filtered.
            c.goto(&format!("{guide}?service=genomics&open_to=sme"))
                .await?;
            wait(
                &c,
                "the filter from the URL",
                "return document.querySelector('#guide-filter') !== null && !document.querySelector('#guide-filter').hidden;",
            )
            .await?;
            expect_filtered(
                &c,
                &["sekvenseringsplattformen"],
                &["genomics"],
                "from the URL",
            )
            .await?;
            let area = js(
                &c,
                "return document.querySelector('#guide-area').value;",
                vec![],
            )
            .await?;
            ensure!(area == "genomics", "the select shows {area}");

            // The map links carry the map's own URL parameters.
            let link = c.find(Locator::Css("#guide-map-sme")).await?;
            let href = link.prop("href").await?.unwrap_or_default();
            let url = url::Url::parse(&href)?;
            let params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            ensure!(
                params
                    == [
                        ("type".to_string(), "infrastructure".to_string()),
                        ("sme".to_string(), "1".to_string())
                    ],
                "the SME map link is {href}"
            );
            ensure!(url.path() == "/", "the map link leads to {href}");
            let card_link = js(
                &c,
                "return document.querySelector('.guide-card[data-slug=\"gmp-enheten\"] .guide-card-links a').href;",
                vec![],
            )
            .await?;
            ensure!(
                card_link
                    .as_str()
                    .is_some_and(|h| h.ends_with("/?actor=gmp-enheten")),
                "per-card map link: {card_link}"
            );
            clean_console_and_same_origin(&c, &guide).await?;

            link.click().await?;
            wait(
                &c,
                "the map opened from the guide",
                "return location.search === '?type=infrastructure&sme=1' && document.querySelector('#map[data-ready=\"true\"]') !== null;",
            )
            .await?;
            Ok(())
        },
    );
}
