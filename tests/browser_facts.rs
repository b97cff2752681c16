//! The fact sheet of the shipped site printed by headless Chromium to PDF through WebDriver's
//! print endpoint (A4): at most two pages, in Swedish and in English, with the key figures and
//! the map of the campuses on it.

mod support;

use anyhow::ensure;
use support::browser::{js, pdf_pages, print_a4, run_browser_test};
use support::page::*;

#[test]
fn the_fact_sheet_prints_on_at_most_two_a4_pages_in_both_languages() {
    let server = serve(&support::repo_root());
    let url = server.url().to_owned();
    run_browser_test(
        "the_fact_sheet_prints_on_at_most_two_a4_pages_in_both_languages",
        TEST_LIMIT,
        Some(&server),
        |c| async move {
            for path in ["facts/", "en/facts/"] {
                c.goto(&format!("{url}{path}")).await?;
                let shown = js(
                    &c,
                    "return [document.querySelectorAll('.facts-figures tbody tr').length, \
                     document.querySelectorAll('.facts-map-mark').length, \
                     document.querySelectorAll('.facts-places li').length];",
                    vec![],
                )
                .await?;
                ensure!(
                    shown[0].as_u64() >= Some(1)
                        && shown[1].as_u64() >= Some(8)
                        && shown[1] == shown[2],
                    "{path}: key figures, campus marks and their list: {shown}"
                );
                let pdf = print_a4(&c).await?;
                ensure!(pdf.starts_with(b"%PDF-"), "{path}: not a PDF");
                let pages = pdf_pages(&pdf);
                eprintln!("{path}: {pages} A4 pages");
                ensure!((1..=2).contains(&pages), "{path} prints on {pages} pages");
            }
            Ok(())
        },
    );
}
