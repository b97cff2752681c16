//! Long lists over pages in a real browser (headless Chromium): the story fixture served with
//! pages of two actors; the pagination is reached and followed by keyboard alone, with a
//! visible focus, and list pages, a campus's full list and the guide's later page pass axe-core
//! (WCAG 2.1 A/AA) in both languages.

mod support;

use anyhow::{bail, ensure, Result};
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::Value;
use support::browser::{js, run_browser_test};
use support::page::*;

/// Presses Tab until the focus is on the pagination's link with `rel` (at most `limit`
/// times); returns what has the focus.
async fn tab_to_rel(c: &Client, rel: &str, limit: usize) -> Result<Value> {
    for _ in 0..limit {
        press(c, &[Key::Tab]).await?;
        let rel_now = js(
            c,
            "const el = document.activeElement; return el && el.closest('nav.pagination') ? el.getAttribute('rel') : null;",
            vec![],
        )
        .await?;
        if rel_now.as_str() == Some(rel) {
            return focused(c).await;
        }
    }
    bail!("the pagination's rel=\"{rel}\" link was not reached within {limit} presses of Tab")
}

async fn path(c: &Client) -> Result<String> {
    Ok(js(c, "return location.pathname;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

#[test]
fn pagination_is_reached_and_followed_by_keyboard_and_passes_axe() {
    let (_dir, root) = support::fixture_site("story", &[]);
    let config = root.join("site.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\npage_size: 2\n");
    std::fs::write(&config, text).unwrap();
    let server = serve(&root);
    let url = server.url().to_owned();
    let axe = axe_source();
    run_browser_test(
        "pagination_is_reached_and_followed_by_keyboard_and_passes_axe",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            // From the top of the first page, Tab reaches "next page" and Enter follows it.
            c.goto(&format!("{url}actors/")).await?;
            let next = tab_to_rel(&c, "next", 80).await?;
            ensure!(
                next["visible_focus"] == Value::Bool(true),
                "the next-page link shows no focus: {next}"
            );
            press(&c, &[Key::Enter]).await?;
            wait_path(&c, "/actors/page/2/").await?;
            // The second page marks itself, and "previous page" leads back.
            let current = js(
                &c,
                "const a = document.querySelector('nav.pagination [aria-current=\"page\"]'); return a && a.textContent;",
                vec![],
            )
            .await?;
            ensure!(current.as_str() == Some("2"), "current page: {current}");
            let prev = tab_to_rel(&c, "prev", 80).await?;
            ensure!(
                prev["visible_focus"] == Value::Bool(true),
                "the previous-page link shows no focus: {prev}"
            );
            press(&c, &[Key::Enter]).await?;
            wait_path(&c, "/actors/").await?;

            for page in [
                "actors/page/2/",
                "en/actors/page/3/",
                "types/company/page/2/",
                "campuses/alpha/",
                "en/campuses/alpha/actors/page/2/",
                "guiden/page/2/",
                "en/guiden/",
            ] {
                let page = format!("{url}{page}");
                c.goto(&page).await?;
                assert_axe_clean(&c, &axe, &page).await?;
            }
            assert_clean(&c, &url, |_| false).await
        },
    );
}

/// Waits until the address's path is `want`.
async fn wait_path(c: &Client, want: &str) -> Result<()> {
    for _ in 0..100 {
        if path(c).await? == want {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    bail!("the page did not go to {want}; it is at {}", path(c).await?)
}
