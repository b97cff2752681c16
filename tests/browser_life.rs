//! The map's filter "include closed" in a real browser (headless Chromium), on the minimal
//! site with the actors of `tests/fixtures/life` (one bought, one merged, one closed): they are
//! off the map, the list and the count until the filter is on; the filter is kept in the URL
//! (`closed=1`) and a link to such an actor turns it on.

mod support;

use anyhow::ensure;
use support::browser::{js, run_browser_test};
use support::page::*;

#[test]
fn closed_actors_come_back_with_the_include_closed_filter() {
    let (_dir, site) = support::fixture_site("minimal", &["life"]);
    let content = Content::load_all(&site);
    let server = serve(&site);
    let url = server.url().to_owned();
    run_browser_test(
        "closed_actors_come_back_with_the_include_closed_filter",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            let active = content.slugs(|a| !a.life.gone());
            let every = content.slugs(|_| true);
            ensure!(
                active.len() == 3 && every.len() == 6,
                "{active:?} {every:?}"
            );
            let (n_active, n_all) = (active.len(), every.len());

            open(&c, &url).await?;
            assert_shows(&c, &active, n_active, "no filter").await?;
            click_choice(&c, "closed", "1").await?;
            assert_shows(&c, &every, n_all, "include closed").await?;
            ensure!(
                url_param(&c, "closed").await?.as_deref() == Some("1"),
                "the URL does not keep closed=1: {}",
                location_search(&c).await?
            );
            // With another filter: the companies, closed ones among them.
            click_choice(&c, "type", "company").await?;
            let companies = content.slugs(|a| a.kind == "company");
            assert_shows(&c, &companies, n_all, "include closed + type=company").await?;
            click_choice(&c, "closed", "1").await?;
            let active_companies = content.slugs(|a| a.kind == "company" && !a.life.gone());
            assert_shows(&c, &active_companies, n_active, "type=company").await?;
            ensure!(url_param(&c, "closed").await?.is_none());

            // The address alone gives the same view, in either language.
            for lang in ["", "en/"] {
                open(&c, &format!("{url}{lang}?closed=1")).await?;
                assert_shows(&c, &every, n_all, &format!("{lang}?closed=1")).await?;
                let checked = js(
                    &c,
                    "return document.querySelector('#ea-filters input[name=\"closed\"]').checked;",
                    vec![],
                )
                .await?;
                ensure!(checked == serde_json::json!(true), "the box is not ticked");
            }

            // A link to a closed actor (its page's "open in map") shows it.
            open(&c, &format!("{url}?actor=gamma")).await?;
            assert_shows(&c, &every, n_all, "?actor=gamma").await?;
            let query = location_search(&c).await?;
            ensure!(
                query.contains("closed=1") && query.contains("actor=gamma"),
                "{query}"
            );
            assert_clean(&c, &url, |_| false).await
        },
    );
}
