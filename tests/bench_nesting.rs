//! Benchmark (not run by default): `ecoatlas check` of a site with one record of 100 KB of the
//! worst nesting Markdown allows (list items, block quotes, raw HTML elements, each at the
//! bound `markdown::MAX_NESTING` over and over) and of the same 100 KB nested past the bound
//! (refused). Before the bound the HTML sanitiser's time grew with the square of the depth.
//!
//! ```sh
//! cargo test --release --test bench_nesting -- --ignored --nocapture
//! ```

mod support;
use std::time::Instant;
use support::{ecoatlas, fixture_site};

const SIZE: usize = 100 * 1024;
const BOUND: usize = ecoatlas::markdown::MAX_NESTING;

/// `unit` repeated to about `SIZE` bytes.
fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len())
}

#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn checking_100_kb_of_worst_case_nesting() {
    let deepest_line = |marker: &str| format!("{}x\n", marker.repeat(BOUND));
    let cases = [
        ("list items at the bound", fill(&deepest_line("- ")), true),
        ("block quotes at the bound", fill(&deepest_line("> ")), true),
        (
            "HTML elements at the bound",
            fill(&format!(
                "{}x{}\n",
                "<div>".repeat(BOUND),
                "</div>".repeat(BOUND)
            )),
            true,
        ),
        ("list items past the bound", fill("- "), false),
        ("block quotes past the bound", fill("> "), false),
        ("HTML elements past the bound", fill("<div>"), false),
    ];
    println!("| record body (100 KB) | check |");
    println!("|---|---|");
    for (name, body, passes) in cases {
        let (_dir, site) = fixture_site("minimal", &[]);
        std::fs::write(
            site.join("content/actors/deep.md"),
            format!(
                "---\nname: Deep\ntype: company\nsectors: [industry]\ncampus: norra-campus\nsummary: Deep.\n---\n{body}"
            ),
        )
        .unwrap();
        let started = Instant::now();
        let o = ecoatlas(&["check", "--root", site.to_str().unwrap()]);
        let took = started.elapsed();
        assert_eq!(
            o.status.success(),
            passes,
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        println!("| {name} | {:.2} s |", took.as_secs_f64());
    }
}
