//! Benchmark of the map page on a large site (not a timed test: it is ignored by default and
//! asserts nothing about speed). Run it with `bash scripts/bench-map.sh`, or by hand:
//!
//! ```sh
//! cargo run --release --example synth -- --actors 10000 --seed 42 /tmp/synth
//! ECOATLAS_BENCH_SITE=/tmp/synth cargo test --release --test bench_map -- --ignored --nocapture
//! ```
//!
//! With `ECOATLAS_BENCH_OUT=<folder>` (the site already built there, with `base_url: "/"`) the
//! folder is served as a static host would serve it, and nothing is built.
//!
//! It serves the site with the real `ecoatlas serve --port 0`, opens the map page in headless
//! Chromium with an empty cache `ECOATLAS_BENCH_RUNS` times (default 5), and reports medians:
//!
//! * **ready**: from navigation start until the map is ready (markers clustered on the map and
//!   the list drawn: the `ecoatlas:map-ready` event);
//! * **first filter**: from a click on a type checkbox, made at that moment, until map, list
//!   and count show the result (the `data-updates` counter of `#map` moves);
//! * **interactive** = ready + first filter: when a visitor who clicked as soon as the page was
//!   ready would see the answer;
//! * **longest task** and **blocking time** until ready: the main thread's tasks over 50 ms
//!   (Long Tasks API), the longest and the sum of their time over 50 ms, as Lighthouse counts
//!   total blocking time: how long a visitor's click could wait while the data loads;
//! * **search**: from typing a word in the search box until the result shows (this includes the
//!   box's pause of 180 ms that waits for the visitor to stop typing);
//! * bytes: every file the page loaded, gzipped (`gzip -6`), from a build of the same site, in
//!   total and per actor, and the map's data files on their own.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{anyhow, Result};
use serde_json::{json, Value};
use support::browser::{cdp, js, run_browser_test, wait_for_js};
use support::page::*;

/// Installed in every new document before the page's own scripts: on `ecoatlas:map-ready` it
/// notes the time, clicks the type checkbox `company` at once and notes when the map redrew.
const PROBE: &str = r#"
(function () {
  window.__bench = {};
  // Main-thread tasks over 50 ms until the map is ready: how long the page could not answer.
  var tasks = [];
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { tasks.push(e.duration); });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long-task timing: the figures stay empty */ }
  document.addEventListener('ecoatlas:map-ready', function () {
    var b = window.__bench;
    var map = document.getElementById('map');
    b.ready = performance.now();
    b.longest_task = tasks.reduce(function (m, d) { return Math.max(m, d); }, 0);
    b.blocking = tasks.reduce(function (sum, d) { return sum + Math.max(0, d - 50); }, 0);
    b.actors = Number(map.getAttribute('data-actors'));
    b.list_items = document.querySelectorAll('#actor-list li').length;
    var before = Number(map.getAttribute('data-updates') || 0);
    var observer = new MutationObserver(function () {
      if (Number(map.getAttribute('data-updates')) > before) {
        b.filter_done = performance.now();
        b.filtered = Number(map.getAttribute('data-actors'));
        observer.disconnect();
      }
    });
    observer.observe(map, { attributes: true, attributeFilter: ['data-updates'] });
    setTimeout(function () {
      b.filter_start = performance.now();
      document.querySelector('#ea-filters input[name="type"][value="company"]').click();
    }, 0);
  });
})();
"#;

/// Types a word into the search box and notes when the map redrew.
const SEARCH: &str = r#"
  const done = arguments[arguments.length - 1];
  const map = document.getElementById('map');
  const before = Number(map.getAttribute('data-updates'));
  const observer = new MutationObserver(() => {
    if (Number(map.getAttribute('data-updates')) > before) {
      observer.disconnect();
      done({ms: performance.now() - start, shown: Number(map.getAttribute('data-actors'))});
    }
  });
  observer.observe(map, { attributes: true, attributeFilter: ['data-updates'] });
  const q = document.getElementById('ea-q');
  q.value = 'sodertalje';
  const start = performance.now();
  q.dispatchEvent(new Event('input', { bubbles: true }));
"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The size of `file` compressed with `gzip -6`.
fn gzipped(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .arg("-6")
        .arg("-c")
        .arg(file)
        .output()
        .map_err(|e| anyhow!("running gzip: {e}"))?;
    if !out.status.success() {
        return Err(anyhow!("gzip failed on {}", file.display()));
    }
    Ok(out.stdout.len() as u64)
}

/// The built file behind a URL path of the site (`/` → `index.html`).
fn file_of(out: &Path, path: &str) -> PathBuf {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

#[test]
#[ignore = "a benchmark, not a test: run it with scripts/bench-map.sh"]
fn map_page_of_a_large_site() {
    let site = PathBuf::from(
        std::env::var_os("ECOATLAS_BENCH_SITE")
            .expect("set ECOATLAS_BENCH_SITE to a site, e.g. one written by examples/synth"),
    );
    let runs: usize = std::env::var("ECOATLAS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    // ECOATLAS_BENCH_OUT: a folder the site was already built into, served as a static host
    // serves it (nothing built, no preview); without it the site is built here, for the bytes,
    // and served by `ecoatlas serve`.
    let prebuilt = std::env::var_os("ECOATLAS_BENCH_OUT").map(PathBuf::from);
    let built = tempfile::tempdir().expect("a temporary folder");
    let out = match &prebuilt {
        Some(out) => out.clone(),
        None => {
            let started = std::time::Instant::now();
            support::build(&site, built.path(), &[]);
            eprintln!(
                "bench: built {} in {:.1?}",
                site.display(),
                started.elapsed()
            );
            built.path().to_path_buf()
        }
    };
    let (server, url) = match &prebuilt {
        Some(out) => (None, StaticServer::start(out, "/").url),
        None => {
            let server = serve(&site);
            let url = server.url().to_owned();
            (Some(server), url)
        }
    };
    run_browser_test(
        "bench_map_page_of_a_large_site",
        Duration::from_secs(1800),
        server.as_ref(),
        |c| async move {
            cdp(
                &c,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": PROBE }),
            )
            .await?;
            let mut samples: Vec<Value> = Vec::new();
            for run in 0..runs {
                cdp(&c, "Network.clearBrowserCache", json!({})).await?;
                c.goto("about:blank").await?;
                c.goto(&url).await?;
                wait_for_js(
                    &c,
                    "the first filter after the map was ready",
                    Duration::from_secs(120),
                    "return !!(window.__bench && window.__bench.filter_done);",
                    PAGE_DIAGNOSTIC,
                )
                .await?;
                let b = js(&c, "return window.__bench;", vec![]).await?;
                let nav = js(
                    &c,
                    "const n = performance.getEntriesByType('navigation')[0]; return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd};",
                    vec![],
                )
                .await?;
                wait_ready(&c, "the map after the first filter").await?;
                let search = c.execute_async(SEARCH, vec![]).await?;
                let ready = b["ready"].as_f64().unwrap_or(f64::NAN);
                let filter = b["filter_done"].as_f64().unwrap_or(f64::NAN)
                    - b["filter_start"].as_f64().unwrap_or(f64::NAN);
                let sample = json!({
                    "ready_ms": ready, "filter_ms": filter, "interactive_ms": ready + filter,
                    "search_ms": search["ms"], "dcl_ms": nav["dcl"], "load_ms": nav["load"],
                    "actors": b["actors"], "list_items": b["list_items"], "filtered": b["filtered"],
                    "longest_task_ms": b["longest_task"], "blocking_ms": b["blocking"],
                    "search_shown": search["shown"],
                });
                eprintln!("bench: run {} of {runs}: {sample}", run + 1);
                samples.push(sample);
            }

            // What one cold load of the page transfers.
            c.goto("about:blank").await?;
            cdp(&c, "Network.clearBrowserCache", json!({})).await?;
            c.goto(&url).await?;
            wait_ready(&c, "the map, for its resources").await?;
            let resources = js(
                &c,
                "return [location.pathname].concat(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname));",
                vec![],
            )
            .await?;
            let paths: Vec<String> = serde_json::from_value(resources)?;
            let actors = samples[0]["actors"].as_f64().unwrap_or(f64::NAN);
            let mut total = 0;
            let mut rows = Vec::new();
            // `/__ecoatlas/` is the preview's own (its live-reload script), not the site's.
            for path in paths.iter().filter(|p| !p.starts_with("/__ecoatlas/")) {
                let file = file_of(&out, path);
                let raw = std::fs::metadata(&file)
                    .map_err(|e| anyhow!("{path} → {}: {e}", file.display()))?
                    .len();
                let gz = gzipped(&file)?;
                total += gz;
                rows.push((path.clone(), raw, gz));
            }
            let col = |k: &str| median(samples.iter().filter_map(|s| s[k].as_f64()).collect());
            println!(
                "\n## Map page benchmark: {} actors, {runs} cold loads (medians)\n",
                actors
            );
            println!("| measure | median | runs |");
            println!("|---|---|---|");
            for (label, key) in [
                ("map and list ready (ms)", "ready_ms"),
                ("first filter, type=company (ms)", "filter_ms"),
                ("interactive = ready + first filter (ms)", "interactive_ms"),
                (
                    "search 'sodertalje', incl. 180 ms typing pause (ms)",
                    "search_ms",
                ),
                (
                    "longest main-thread task until ready (ms)",
                    "longest_task_ms",
                ),
                (
                    "blocking time until ready: sum of tasks' time over 50 ms (ms)",
                    "blocking_ms",
                ),
                ("DOMContentLoaded (ms)", "dcl_ms"),
                ("load event (ms)", "load_ms"),
            ] {
                let all: Vec<String> = samples
                    .iter()
                    .map(|s| format!("{:.0}", s[key].as_f64().unwrap_or(f64::NAN)))
                    .collect();
                println!("| {label} | {:.0} | {} |", col(key), all.join(", "));
            }
            println!("\n| file the page loads | bytes | gzip -6 | gzip per actor |");
            println!("|---|---|---|---|");
            for (path, raw, gz) in &rows {
                println!("| {path} | {raw} | {gz} | {:.1} |", *gz as f64 / actors);
            }
            println!("| **all** | | {total} | {:.1} |", total as f64 / actors);
            let data: u64 = rows
                .iter()
                .filter(|(p, _, _)| p.ends_with("/data/map.json"))
                .map(|(_, _, gz)| gz)
                .sum();
            println!(
                "\nmap data (data/map.json): {data} bytes gzipped, {:.1} bytes per actor",
                data as f64 / actors
            );
            Ok(())
        },
    );
}
