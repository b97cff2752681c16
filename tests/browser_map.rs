//! The map page in a real browser (headless Chromium): filters, search, the list, URL state,
//! campus focus and the language switch, on the shipped site. What each filter must show is
//! computed from the content with the ecoatlas library (`support/page.rs`), independently of
//! the page's JavaScript.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::{anyhow, ensure, Result};
use ecoatlas::slug::slugify;
use fantoccini::{Client, Locator};
use support::browser::{js, run_browser_test, wait_for_js};
use support::page::*;

fn keyword_match(a: &ecoatlas::model::Actor, key: &str, default_lang: &str) -> bool {
    a.tags.iter().any(|t| slugify(t) == key)
        || a.text_in(default_lang, default_lang)
            .services
            .iter()
            .any(|s| slugify(s) == key)
}

async fn popup_slug(c: &Client) -> Result<Option<String>> {
    let v = js(
        c,
        "const p = document.querySelector('.leaflet-popup-content .ea-popup[data-slug]'); return p ? p.dataset.slug : null;",
        vec![],
    )
    .await?;
    Ok(v.as_str().map(str::to_owned))
}

async fn wait_popup_for(c: &Client, slug: &str, what: &str) -> Result<()> {
    wait_for_js(
        c,
        &format!("the popup of {slug} after {what}"),
        SETTLE_TIMEOUT,
        &format!(
            "const p = document.querySelector('.leaflet-popup-content .ea-popup[data-slug]'); return p !== null && p.dataset.slug === {};",
            serde_json::to_string(slug)?
        ),
        PAGE_DIAGNOSTIC,
    )
    .await
}

async fn selected_items(c: &Client) -> Result<Vec<String>> {
    let v = js(
        c,
        "return [...document.querySelectorAll('#actor-list li.is-selected[aria-current=\"true\"]')].map(li => li.dataset.slug);",
        vec![],
    )
    .await?;
    Ok(serde_json::from_value(v)?)
}

#[test]
fn filters_change_markers_list_and_count_together() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "filters_change_markers_list_and_count_together",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            let sv = content.site.default_language().to_string();
            open(&c, &url).await?;
            assert_shows(&c, &content.slugs(|_| true), total, "no filter").await?;

            click_choice(&c, "type", "infrastructure").await?;
            let infra = content.slugs(|a| a.kind == "infrastructure");
            ensure!(infra.len() >= 3 && infra.len() < total, "{infra:?}");
            assert_shows(&c, &infra, total, "type=infrastructure").await?;
            ensure!(
                url_param(&c, "type").await?.as_deref() == Some("infrastructure"),
                "the URL does not hold type=infrastructure: {}",
                location_search(&c).await?
            );

            click_choice(&c, "type", "company").await?;
            let either = content.slugs(|a| a.kind == "infrastructure" || a.kind == "company");
            assert_shows(&c, &either, total, "type=company,infrastructure").await?;
            ensure!(
                url_param(&c, "type").await?.as_deref() == Some("company,infrastructure"),
                "two types are not one comma-separated parameter: {}",
                location_search(&c).await?
            );

            click_choice(&c, "sme", "1").await?;
            let sme = |a: &ecoatlas::model::Actor| a.open_to.iter().any(|o| o == "sme");
            let either_sme =
                content.slugs(|a| (a.kind == "infrastructure" || a.kind == "company") && sme(a));
            ensure!(!either_sme.is_empty());
            assert_shows(&c, &either_sme, total, "+ sme=1").await?;
            ensure!(url_param(&c, "sme").await?.as_deref() == Some("1"));
            // Facet counts: what each other type would give together with sme=1.
            for ty in ["hospital", "university", "innovation"] {
                let expected = content.slugs(|a| a.kind == ty && sme(a)).len();
                let shown = js(
                    &c,
                    &format!(
                        "return document.querySelector('[data-count=\"type:{ty}\"]').textContent;"
                    ),
                    vec![],
                )
                .await?;
                ensure!(
                    shown.as_str() == Some(expected.to_string().as_str()),
                    "the count beside type {ty} reads {shown}, but {expected} actors of that type are open to SMEs"
                );
            }

            click_choice(&c, "sector", "academia").await?;
            let with_sector = content.slugs(|a| {
                (a.kind == "infrastructure" || a.kind == "company")
                    && sme(a)
                    && a.sectors.iter().any(|s| s == "academia")
            });
            assert_shows(&c, &with_sector, total, "+ sector=academia").await?;

            // The clear button empties everything.
            let before = updates(&c).await?;
            c.find(Locator::Css("#ea-clear")).await?.click().await?;
            wait_update(&c, before, "clearing the filters").await?;
            assert_shows(&c, &content.slugs(|_| true), total, "after clearing").await?;
            ensure!(
                location_search(&c).await?.is_empty(),
                "the URL keeps parameters after clearing: {}",
                location_search(&c).await?
            );

            // A keyword (tag or service), chosen from the select.
            let key = slugify("infrastruktur");
            choose(&c, "tag", &key).await?;
            let tagged = content.slugs(|a| keyword_match(a, &key, &sv));
            ensure!(tagged.len() >= 3, "{tagged:?}");
            assert_shows(&c, &tagged, total, "tag=infrastruktur").await?;
            let service_key = slugify("Flödescytometri och cellsortering");
            choose(&c, "tag", &service_key).await?;
            let offering = content.slugs(|a| keyword_match(a, &service_key, &sv));
            ensure!(offering.contains("ki-core-facilities"), "{offering:?}");
            assert_shows(&c, &offering, total, "tag=<a service>").await?;
            choose(&c, "tag", "").await?;

            // Every list item shows its type, and the map's markers are of the chosen type.
            click_choice(&c, "type", "hospital").await?;
            let types = js(
                &c,
                "return [...document.querySelectorAll('#actor-list li')].map(li => li.dataset.type);",
                vec![],
            )
            .await?;
            ensure!(
                types
                    .as_array()
                    .is_some_and(|t| !t.is_empty() && t.iter().all(|x| x == "hospital")),
                "the list shows other types than hospital: {types}"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

#[test]
fn search_ignores_case_and_diacritics_in_both_languages() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "search_ignores_case_and_diacritics_in_both_languages",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            open(&c, &url).await?;
            let sodertalje = content.search("sv", "sodertalje");
            ensure!(sodertalje.len() >= 2, "{sodertalje:?}");
            for query in ["sodertalje", "Södertälje", "SÖDERTÄLJE", "  södertalje "] {
                search(&c, query).await?;
                assert_shows(&c, &sodertalje, total, &format!("q={query:?}")).await?;
            }
            ensure!(
                url_param(&c, "q").await?.as_deref() == Some("södertalje"),
                "the URL holds q={:?}",
                url_param(&c, "q").await?
            );

            // Summaries are searched, not only names.
            let medical = content.search("sv", "medicinskt");
            ensure!(
                medical
                    .iter()
                    .any(|s| !fold(&content.actor(s).text_in("sv", "sv").name)
                        .contains("medicinskt")),
                "no actor matches `medicinskt` by its summary alone: {medical:?}"
            );
            search(&c, "medicinskt").await?;
            assert_shows(&c, &medical, total, "q=medicinskt (in summaries)").await?;

            // Services are searched.
            let sorting = content.search("sv", "cellsortering");
            ensure!(sorting.contains("ki-core-facilities"), "{sorting:?}");
            search(&c, "cellsortering").await?;
            assert_shows(&c, &sorting, total, "q=cellsortering (a service)").await?;

            // Several words must all match, in any order.
            let two = content.search("sv", "uppsala universitet");
            search(&c, "universitet uppsala").await?;
            assert_shows(&c, &two, total, "q=universitet uppsala").await?;

            search(&c, "qqxyzzy").await?;
            assert_shows(&c, &BTreeSet::new(), total, "q=qqxyzzy (nothing)").await?;
            assert_clean(&c, &url, |_| false).await?;

            // The English page searches the English texts.
            let en_url = format!("{url}en/");
            open(&c, &en_url).await?;
            let en = content.search("en", "sodertalje");
            search(&c, "Sodertalje").await?;
            assert_shows(&c, &en, total, "en: q=Sodertalje").await?;
            let hospital = content.search("en", "university hospital");
            ensure!(!hospital.is_empty());
            search(&c, "UNIVERSITY hospital").await?;
            assert_shows(&c, &hospital, total, "en: q=UNIVERSITY hospital").await?;
            assert_clean(&c, &en_url, |_| false).await
        },
    );
}

#[test]
fn url_state_round_trips_and_back_and_forward_work() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "url_state_round_trips_and_back_and_forward_work",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            // A link with every parameter reproduces the view.
            let query = "?q=karolinska&type=hospital,infrastructure&sector=healthcare&campus=flemingsberg&sme=1&actor=karolinska-atmp-center&map=15/59.2200/17.9400";
            let actor = content.actor("karolinska-atmp-center");
            ensure!(
                actor.kind == "infrastructure"
                    && actor.campuses.iter().any(|c| c == "flemingsberg")
            );
            open(&c, &format!("{url}{query}")).await?;
            let expected = content.slugs(|a| {
                (a.kind == "hospital" || a.kind == "infrastructure")
                    && a.sectors.iter().any(|s| s == "healthcare")
                    && a.campuses.iter().any(|c| c == "flemingsberg")
                    && a.open_to.iter().any(|o| o == "sme")
                    && content.search("sv", "karolinska").contains(&a.slug)
            });
            ensure!(expected.contains("karolinska-atmp-center"), "{expected:?}");
            assert_shows(&c, &expected, total, "the linked view").await?;
            wait_popup_for(&c, "karolinska-atmp-center", "opening a link with actor=").await?;
            ensure!(selected_items(&c).await? == ["karolinska-atmp-center"]);
            let form = js(
                &c,
                r#"const f = document.querySelector('#ea-filters');
                return {
                    q: f.q.value,
                    types: [...f.querySelectorAll('input[name=type]:checked')].map(i => i.value),
                    sectors: [...f.querySelectorAll('input[name=sector]:checked')].map(i => i.value),
                    campus: f.campus.value, tag: f.tag.value, sme: f.sme.checked,
                };"#,
                vec![],
            )
            .await?;
            ensure!(
                form == serde_json::json!({"q": "karolinska", "types": ["hospital", "infrastructure"],
                    "sectors": ["healthcare"], "campus": "flemingsberg", "tag": "", "sme": true}),
                "the filter form does not show the linked state: {form}"
            );
            let (zoom, lat, lon) = map_view(&c).await?;
            ensure!(
                zoom == 15.0 && (lat - 59.22).abs() < 0.0005 && (lon - 17.94).abs() < 0.0005,
                "the map shows {zoom}/{lat}/{lon}, not the linked 15/59.2200/17.9400"
            );
            ensure!(
                location_search(&c).await? == query,
                "the URL changed on load: {}",
                location_search(&c).await?
            );

            // Each choice is a history entry; back and forward step through them.
            click_choice(&c, "sme", "1").await?;
            let without_sme = location_search(&c).await?;
            ensure!(!without_sme.contains("sme="), "{without_sme}");
            let after_sme: BTreeSet<String> = list_slugs(&c).await?.into_iter().collect();
            ensure!(after_sme.len() >= expected.len());
            let other = list_slugs(&c)
                .await?
                .into_iter()
                .find(|s| s != "karolinska-atmp-center")
                .ok_or_else(|| anyhow!("only one actor left to select"))?;
            c.find(Locator::Css(&format!(
                "#actor-list li[data-slug=\"{other}\"] button.ea-locate"
            )))
            .await?
            .click()
            .await?;
            wait_popup_for(&c, &other, "clicking its locate button").await?;
            ensure!(url_param(&c, "actor").await?.as_deref() == Some(other.as_str()));

            c.back().await?;
            wait_popup_for(&c, "karolinska-atmp-center", "going back once").await?;
            ensure!(
                !location_search(&c).await?.contains("sme="),
                "back once should only undo the selection: {}",
                location_search(&c).await?
            );
            c.back().await?;
            wait_for_js(
                &c,
                "sme=1 to come back after going back twice",
                SETTLE_TIMEOUT,
                "return location.search.includes('sme=1') && document.querySelector('#ea-sme').checked;",
                PAGE_DIAGNOSTIC,
            )
            .await?;
            wait_settled(&c).await?;
            assert_shows(&c, &expected, total, "after going back twice").await?;
            c.forward().await?;
            wait_for_js(
                &c,
                "sme=1 to go away after going forward",
                SETTLE_TIMEOUT,
                "return !location.search.includes('sme=') && !document.querySelector('#ea-sme').checked;",
                PAGE_DIAGNOSTIC,
            )
            .await?;
            wait_settled(&c).await?;
            assert_shows(&c, &after_sme, total, "after going forward").await?;

            // Closing the popup takes the actor out of the URL. (The linked view above puts the
            // popup partly outside the map, so its close button is clicked from script.)
            js(
                &c,
                "document.querySelector('.leaflet-popup-close-button').click(); return true;",
                vec![],
            )
            .await?;
            wait_for_js(
                &c,
                "the actor parameter to go when the popup closes",
                SETTLE_TIMEOUT,
                "return !new URLSearchParams(location.search).has('actor') && document.querySelector('.leaflet-popup') === null;",
                PAGE_DIAGNOSTIC,
            )
            .await?;
            ensure!(selected_items(&c).await?.is_empty());

            // Values the site does not know are dropped from the URL, not applied.
            open(
                &c,
                &format!("{url}?type=nonsense&campus=nowhere&tag=nothing&actor=nobody&map=oops"),
            )
            .await?;
            assert_shows(&c, &content.slugs(|_| true), total, "unknown values").await?;
            ensure!(
                location_search(&c).await?.is_empty(),
                "unknown values stay in the URL: {}",
                location_search(&c).await?
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

#[test]
fn list_items_and_markers_select_each_other() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "list_items_and_markers_select_each_other",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            open(&c, &url).await?;
            let slugs = list_slugs(&c).await?;
            ensure!(slugs.len() >= 40);
            // Choosing an item focuses its marker and opens its popup.
            for slug in [&slugs[3], &slugs[slugs.len() - 2]] {
                let button = c
                    .find(Locator::Css(&format!(
                        "#actor-list li[data-slug=\"{slug}\"] button.ea-locate"
                    )))
                    .await?;
                let label = js(
                    &c,
                    "return arguments[0].textContent;",
                    vec![element_arg(&button)?],
                )
                .await?
                .as_str()
                .unwrap_or_default()
                .to_owned();
                let name = js(
                    &c,
                    &format!("return document.querySelector('#actor-list li[data-slug=\"{slug}\"] .ea-name').textContent;"),
                    vec![],
                )
                .await?;
                ensure!(
                    label.contains(name.as_str().unwrap_or("?")),
                    "the locate button of {slug} is labelled {label:?}, without the actor's name {name}"
                );
                button.click().await?;
                wait_popup_for(&c, slug, "choosing its list item").await?;
                wait_for_js(
                    &c,
                    &format!("the marker of {slug} to have the focus"),
                    SETTLE_TIMEOUT,
                    &format!(
                        "const a = document.activeElement; return a !== null && a.classList.contains('ea-marker') && a.dataset.slug === '{slug}';"
                    ),
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                ensure!(selected_items(&c).await? == std::slice::from_ref(slug));
                ensure!(url_param(&c, "actor").await?.as_deref() == Some(slug.as_str()));
                let marker_selected = js(
                    &c,
                    &format!("return document.querySelector('#map .ea-marker.is-selected[data-slug=\"{slug}\"]') !== null;"),
                    vec![],
                )
                .await?;
                ensure!(
                    marker_selected == serde_json::json!(true),
                    "the marker of {slug} is not highlighted"
                );
            }

            // Choosing a marker highlights its item.
            c.find(Locator::Css(".leaflet-popup-close-button"))
                .await?
                .click()
                .await?;
            wait_settled(&c).await?;
            let (marker_slug, _) = click_visible_marker(&c).await?;
            wait_popup_for(&c, &marker_slug, "clicking its marker").await?;
            ensure!(
                selected_items(&c).await? == [marker_slug.clone()],
                "clicking the marker of {marker_slug} highlights {:?} in the list",
                selected_items(&c).await?
            );
            ensure!(popup_slug(&c).await?.as_deref() == Some(marker_slug.as_str()));
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// Zooms in (clicking clusters) until a single marker is visible, clicks it, and returns its
/// slug and the number of clicks it took.
async fn click_visible_marker(c: &Client) -> Result<(String, usize)> {
    for round in 0..12 {
        wait_settled(c).await?;
        let target = js(
            c,
            r#"
            const map = document.querySelector('#map');
            const mr = map.getBoundingClientRect();
            const inside = el => {
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (x < mr.left + 40 || x > mr.right - 40 || y < mr.top + 40 || y > mr.bottom - 40) return false;
                const hit = document.elementFromPoint(x, y);
                return hit && (hit === el || el.contains(hit));
            };
            const marker = [...map.querySelectorAll('.ea-marker')].find(inside);
            if (marker) return {kind: 'marker', slug: marker.dataset.slug};
            const cluster = [...map.querySelectorAll('.marker-cluster')].find(inside);
            if (cluster) { cluster.setAttribute('data-test-target', '1'); return {kind: 'cluster'}; }
            return null;
            "#,
            vec![],
        )
        .await?;
        match target["kind"].as_str() {
            Some("marker") => {
                let slug = target["slug"].as_str().unwrap_or_default().to_owned();
                c.find(Locator::Css(&format!(
                    "#map .ea-marker[data-slug=\"{slug}\"]"
                )))
                .await?
                .click()
                .await?;
                return Ok((slug, round));
            }
            Some("cluster") => {
                c.find(Locator::Css("#map .marker-cluster[data-test-target]"))
                    .await?
                    .click()
                    .await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            _ => anyhow::bail!(
                "nothing clickable on the map; page: {}",
                page_state(c).await
            ),
        }
    }
    anyhow::bail!(
        "no single marker after 12 cluster clicks; page: {}",
        page_state(c).await
    )
}

#[test]
fn choosing_a_campus_fits_the_map_and_lists_its_actors() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "choosing_a_campus_fits_the_map_and_lists_its_actors",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            open(&c, &url).await?;
            for slug in ["flemingsberg", "uppsala-bmc-science-park"] {
                choose(&c, "campus", slug).await?;
                let here = content.slugs(|a| a.campuses.iter().any(|c| c == slug));
                ensure!(here.len() >= 3, "{slug}: {here:?}");
                assert_shows(&c, &here, total, &format!("campus={slug}")).await?;
                let (zoom, lat, lon) = map_view(&c).await?;
                let campus = content
                    .site
                    .campus(slug)
                    .ok_or_else(|| anyhow!("no campus {slug}"))?;
                let (w, s, e, n) = bbox(&campus.shape);
                ensure!(
                    zoom >= 13.0 && lat > s && lat < n && lon > w && lon < e,
                    "after choosing {slug} the map shows {zoom}/{lat}/{lon}, not the campus [{w}, {s}, {e}, {n}]"
                );
            }

            // A campus's popup offers the same filter.
            choose(&c, "campus", "").await?;
            c.goto(&format!("{url}?map=14/59.3480/18.0240")).await?;
            wait_ready(&c, "the map at Campus Solna").await?;
            let clicked = js(
                &c,
                r#"
                const path = [...document.querySelectorAll('path.ea-campus')].find(p => {
                    const r = p.getBoundingClientRect(); return r.width > 60 && r.height > 60;
                });
                if (!path) return false;
                const r = path.getBoundingClientRect();
                path.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
                return true;
                "#,
                vec![],
            )
            .await?;
            ensure!(
                clicked == serde_json::json!(true),
                "no campus outline large enough to click"
            );
            let button = c
                .wait()
                .at_most(SETTLE_TIMEOUT)
                .for_element(Locator::Css(".ea-campus-popup button.ea-popup-filter"))
                .await?;
            let before = updates(&c).await?;
            button.click().await?;
            wait_update(&c, before, "the campus popup's filter button").await?;
            let campus = url_param(&c, "campus")
                .await?
                .ok_or_else(|| anyhow!("the campus popup's button set no campus filter"))?;
            let here = content.slugs(|a| a.campuses.contains(&campus));
            assert_shows(&c, &here, total, &format!("campus={campus} from its popup")).await?;
            assert_clean(&c, &url, |_| false).await
        },
    );
}

fn bbox(shape: &ecoatlas::model::Shape) -> (f64, f64, f64, f64) {
    match shape {
        ecoatlas::model::Shape::Point(p) => {
            (p.lon - 0.01, p.lat - 0.01, p.lon + 0.01, p.lat + 0.01)
        }
        ecoatlas::model::Shape::Polygons(polys) => polys.iter().flatten().flatten().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(w, s, e, n), [lon, lat]| (w.min(*lon), s.min(*lat), e.max(*lon), n.max(*lat)),
        ),
    }
}

#[test]
fn the_language_switch_keeps_the_view() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "the_language_switch_keeps_the_view",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let total = content.site.actors.len();
            open(&c, &url).await?;
            click_choice(&c, "type", "infrastructure").await?;
            c.find(Locator::Css(
                "#actor-list li[data-slug=\"scilifelab\"] button.ea-locate",
            ))
            .await?
            .click()
            .await?;
            wait_popup_for(&c, "scilifelab", "locating it").await?;
            wait_settled(&c).await?;
            let sv_query = location_search(&c).await?;
            ensure!(
                sv_query.contains("actor=scilifelab") && sv_query.contains("map="),
                "{sv_query}"
            );

            let english = c
                .find(Locator::Css("a.ea-lang-link[hreflang=\"en\"]"))
                .await?;
            let href = english.attr("href").await?.unwrap_or_default();
            ensure!(
                href.ends_with(&format!("/en/{sv_query}")),
                "the English link is {href:?}, without the view {sv_query:?}"
            );
            english.click().await?;
            wait_ready(&c, "the English map").await?;
            ensure!(
                location_search(&c).await? == sv_query,
                "the English page shows {:?}, not {sv_query:?}",
                location_search(&c).await?
            );
            let infra = content.slugs(|a| a.kind == "infrastructure");
            assert_shows(&c, &infra, total, "English, type=infrastructure").await?;
            wait_popup_for(&c, "scilifelab", "switching language").await?;
            let popup_text = js(
                &c,
                "return document.querySelector('.leaflet-popup-content').textContent;",
                vec![],
            )
            .await?;
            ensure!(
                popup_text
                    .as_str()
                    .is_some_and(|t| t.contains("Research infrastructure")),
                "the English popup is not in English: {popup_text}"
            );
            let checked = js(
                &c,
                "return document.querySelector('#ea-filters input[name=type][value=infrastructure]').checked;",
                vec![],
            )
            .await?;
            ensure!(checked == serde_json::json!(true));

            // And back: the Swedish link follows each change.
            click_choice(&c, "sme", "1").await?;
            let swedish = c
                .find(Locator::Css("a.ea-lang-link[hreflang=\"sv\"]"))
                .await?;
            let href = swedish.attr("href").await?.unwrap_or_default();
            ensure!(
                href.contains("sme=1") && href.contains("type=infrastructure"),
                "the Swedish link {href:?} does not follow the filters"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// The hook for other scripts (a relations overlay): `ecoatlas:map-ready` with the map, the
/// markers by slug, the cluster layer, the campus layers by slug and the configuration.
#[test]
fn other_scripts_get_the_map_ready_event() {
    let root = support::repo_root();
    // The event names every marker, also those of closed actors, which the map hides.
    let content = Content::load_all(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "other_scripts_get_the_map_ready_event",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            support::browser::cdp(
                &c,
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({"source": r#"
                    document.addEventListener('ecoatlas:map-ready', e => {
                        const d = e.detail;
                        window.__mapReady = {
                            ready_attribute: document.querySelector('#map').getAttribute('data-ready'),
                            zoom: typeof d.map.getZoom(),
                            markers: Object.keys(d.markers).sort(),
                            marker_is_leaflet: d.markers[Object.keys(d.markers)[0]] instanceof L.Marker,
                            cluster_layers: d.cluster.getLayers().length,
                            campus_layers: Object.keys(d.campusLayers).sort(),
                            config_page: d.config.page,
                            count: (window.__mapReady ? window.__mapReady.count : 0) + 1,
                        };
                    });
                "#}),
            )
            .await?;
            open(&c, &format!("{url}?type=company")).await?;
            let ready = js(&c, "return window.__mapReady || null;", vec![]).await?;
            let slugs: Vec<String> = content.slugs(|_| true).into_iter().collect();
            let campuses: Vec<String> = content
                .site
                .campuses
                .iter()
                .map(|c| c.slug.clone())
                .collect();
            // The cluster holds the markers the map shows: not those of closed, merged or
            // acquired companies.
            let companies = content
                .slugs(|a| a.kind == "company" && !a.life.gone())
                .len();
            ensure!(
                ready
                    == serde_json::json!({
                        "ready_attribute": "true", "zoom": "number", "markers": slugs,
                        "marker_is_leaflet": true, "cluster_layers": companies,
                        "campus_layers": campuses, "config_page": "map", "count": 1,
                    }),
                "the ecoatlas:map-ready event carried {ready}"
            );
            Ok(())
        },
    );
}

/// Campus labels and what they may collide with, in the map's own pixels: every pair of visible
/// labels that overlap, and every visible label that overlaps a visible marker or cluster badge.
const LABEL_COLLISIONS: &str = r#"
    const m = document.querySelector('#map');
    const frame = m.getBoundingClientRect();
    const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const inView = r => r.width > 0 && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
    const boxes = (css, name) => [...m.querySelectorAll(css)].filter(shown)
        .map(el => ({ name: name(el), r: el.getBoundingClientRect() })).filter(x => inView(x.r));
    const labels = boxes('.ea-campus-label', el => el.textContent.trim());
    const icons = boxes('.leaflet-marker-pane .leaflet-marker-icon',
        el => el.getAttribute('aria-label') || el.textContent.trim());
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const problems = [];
    labels.forEach((a, i) => {
        labels.slice(i + 1).forEach(b => { if (hit(a.r, b.r)) problems.push(a.name + ' / ' + b.name); });
        icons.forEach(b => { if (hit(a.r, b.r)) problems.push(a.name + ' / marker ' + b.name); });
    });
    return { labels: labels.map(l => l.name), icons: icons.length, problems };
"#;

#[test]
fn campus_labels_cover_no_other_label_marker_or_cluster() {
    let root = support::repo_root();
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "campus_labels_cover_no_other_label_marker_or_cluster",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            // The default view, then Solna (where "KI Campus Solna" and "Hagastaden" meet) from
            // the region's zoom to the street's.
            let mut views = vec![String::new()];
            for zoom in [10, 11, 12, 13, 14] {
                views.push(format!("?map={zoom}/59.3490/18.0300"));
            }
            let mut seen = BTreeSet::new();
            for view in views {
                let page = format!("{url}{view}");
                open(&c, &page).await?;
                wait_settled(&c).await?;
                wait_for_js(
                    &c,
                    &format!("the campus labels to be placed at {page}"),
                    SETTLE_TIMEOUT,
                    "const v = window.ecoatlas.app.view; return !v.labelTimer && document.querySelector('#map').dataset.labels === v.viewParam();",
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                let found = js(&c, LABEL_COLLISIONS, vec![]).await?;
                ensure!(
                    found["problems"].as_array().is_some_and(Vec::is_empty),
                    "{page}: campus labels overlap: {found}"
                );
                let labels: Vec<String> = serde_json::from_value(found["labels"].clone())?;
                ensure!(
                    !labels.is_empty() && found["icons"].as_u64() > Some(0),
                    "{page}: no campus label or no marker to check: {found}"
                );
                if view.starts_with("?map=12/") {
                    ensure!(
                        labels.len() >= 2,
                        "{page}: at zoom 12 over Solna its campuses are named: {found}"
                    );
                }
                seen.extend(labels);
            }
            ensure!(
                seen.contains("KI Campus Solna") && seen.contains("Hagastaden"),
                "KI Campus Solna and Hagastaden are named at some zoom: {seen:?}"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// On an actor's page: its own marker, what covers its centre, whether a control or another
/// marker overlaps it, whether it is in the clusters, and the status message.
const OWN_MARKER: &str = r#"
    const slug = arguments[0];
    const m = document.querySelector('#map');
    m.scrollIntoView({ block: 'center' });
    const own = [...m.querySelectorAll('.leaflet-marker-icon.ea-marker-own')];
    if (own.length !== 1) return { own: own.length };
    const el = own[0];
    const r = el.getBoundingClientRect();
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const covering = [...m.querySelectorAll('.leaflet-control')].filter(c => hit(r, c.getBoundingClientRect()))
        .map(c => c.className);
    const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    const view = window.ecoatlas.app.view;
    return {
        own: 1,
        slug: el.dataset.slug,
        label: el.getAttribute('aria-label'),
        focusable: el.tabIndex >= 0,
        inside: r.top >= m.getBoundingClientRect().top && r.bottom <= m.getBoundingClientRect().bottom,
        on_top: top !== null && el.contains(top),
        covering,
        clustered: view.cluster.hasLayer(view.bySlug[slug]),
        ring: getComputedStyle(el, '::after').borderTopWidth,
        status: document.querySelector('.ea-announcer[role=status]').textContent,
    };
"#;

#[test]
fn an_actors_small_map_marks_its_own_marker_apart_and_clear_of_the_controls() {
    let root = support::repo_root();
    let content = Content::load(&root);
    let server = serve(&root);
    let url = server.url().to_owned();
    run_browser_test(
        "an_actors_small_map_marks_its_own_marker_apart_and_clear_of_the_controls",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            // SciLifeLab stands among many actors at Campus Solna; the ATMP centre takes its
            // campus's centre, where others stand too.
            for width in [1280, 360] {
                support::browser::cdp(
                    &c,
                    "Emulation.setDeviceMetricsOverride",
                    serde_json::json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 400}),
                )
                .await?;
                for (path, slug, suffix) in [
                    ("actors/scilifelab/", "scilifelab", "(den här sidan)"),
                    (
                        "actors/karolinska-atmp-center/",
                        "karolinska-atmp-center",
                        "(den här sidan)",
                    ),
                    ("en/actors/akademiska-hus/", "akademiska-hus", "(this page)"),
                ] {
                    let page = format!("{url}{path}");
                    open(&c, &page).await?;
                    wait_settled(&c).await?;
                    let own = js(&c, OWN_MARKER, vec![serde_json::json!(slug)]).await?;
                    let lang = if path.starts_with("en/") { "en" } else { "sv" };
                    let name = content.actor(slug).text_in(lang, "sv").name;
                    ensure!(
                        own["own"] == 1 && own["slug"] == slug,
                        "{page} at {width} px: its own marker is not marked apart: {own}"
                    );
                    ensure!(
                        own["label"]
                            .as_str()
                            .is_some_and(|l| l.starts_with(name.as_str()) && l.ends_with(suffix))
                            && own["focusable"] == true,
                        "{page}: the own marker's name for screen readers is {own}"
                    );
                    ensure!(
                        own["status"]
                            .as_str()
                            .is_some_and(|s| s.contains(name.as_str())),
                        "{page}: no status message names the marked actor: {own}"
                    );
                    ensure!(
                        own["clustered"] == false && own["on_top"] == true && own["inside"] == true,
                        "{page} at {width} px: the own marker is clustered, covered or cut: {own}"
                    );
                    ensure!(
                        own["covering"].as_array().is_some_and(Vec::is_empty),
                        "{page} at {width} px: a control covers the own marker: {own}"
                    );
                    ensure!(
                        own["ring"] != "0px",
                        "{page}: the own marker has no ring: {own}"
                    );
                }
            }
            assert_clean(&c, &url, |_| false).await
        },
    );
}
