//! Benchmark (not run by default) of `ecoatlas serve`'s edit-to-reload latency: the time from
//! writing one actor file to the reload message reaching a connected client, and the server's
//! resident memory. Run through scripts/bench-serve.sh, which makes the synthetic sites:
//!
//! ```sh
//! ECOATLAS_BENCH_SITE=/tmp/synth-10000 cargo test --release --test bench_serve -- --ignored --nocapture
//! ```
//!
//! `ECOATLAS_BENCH_BIN=<path>` measures another `ecoatlas` binary (an older commit's, to compare
//! before and after a change in one sitting) instead of this crate's.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn rss_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore = "benchmark: run with --ignored through scripts/bench-serve.sh"]
fn edit_to_reload_latency() {
    let site = PathBuf::from(
        std::env::var("ECOATLAS_BENCH_SITE").expect("ECOATLAS_BENCH_SITE: a site folder to serve"),
    );
    let edits: usize = std::env::var("ECOATLAS_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let kind = std::env::var("ECOATLAS_BENCH_EDIT").unwrap_or_else(|_| "body".into());
    let mut actors: Vec<PathBuf> = std::fs::read_dir(site.join("content/actors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    actors.sort();
    let bin = std::env::var_os("ECOATLAS_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ecoatlas")));
    let mut child = Command::new(bin)
        .args(["serve", "--root", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(600))
            .expect("server start");
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..]
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    let first_build = started.elapsed();
    let authority = url.trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&authority).unwrap();
    write!(
        stream,
        "GET /__ecoatlas/events HTTP/1.1\r\nHost: {authority}\r\n\r\n"
    )
    .unwrap();
    let (etx, erx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                let _ = etx.send((name.to_string(), Instant::now()));
            }
        }
    });
    assert_eq!(erx.recv_timeout(Duration::from_secs(60)).unwrap().0, "ok");

    let mut latencies = Vec::new();
    // The server's own figure for each rebuild ("... in N ms"): the latency without the
    // debounce and the event's way to the client.
    let mut rebuilds = Vec::new();
    for i in 0..edits {
        let file = &actors[(i * 7919) % actors.len()];
        let text = std::fs::read_to_string(file).unwrap();
        let edited = match kind.as_str() {
            // A change to the Markdown body only (the actor's own page).
            "body" => format!("{text}\nEdit {i}.\n"),
            // A change to the name: shown wherever the actor is, and it moves the actor in
            // every list (the synthetic records quote their names).
            "name" => text.replacen("name: \"", &format!("name: \"Edit {i} "), 1),
            // A change to the summary, shown in lists and on the map too.
            _ => text.replacen("summary: ", &format!("summary: Edit {i}. "), 1),
        };
        std::thread::sleep(Duration::from_millis(150));
        while erx.try_recv().is_ok() {}
        let t0 = Instant::now();
        std::fs::write(file, edited).unwrap();
        let (name, at) = erx
            .recv_timeout(Duration::from_secs(120))
            .expect("a reload");
        assert_eq!(name, "reload");
        latencies.push(at.duration_since(t0).as_secs_f64() * 1e3);
        while let Ok(line) = rx.recv_timeout(Duration::from_millis(20)) {
            let ms = line
                .strip_suffix(" ms")
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|n| n.parse::<f64>().ok());
            if let (true, Some(ms)) = (line.starts_with("Rebuilt"), ms) {
                rebuilds.push(ms);
            }
        }
    }
    let pid = child.id();
    let (rss, peak) = (rss_kib(pid, "VmRSS:"), rss_kib(pid, "VmHWM:"));
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort_by(f64::total_cmp);
    rebuilds.sort_by(f64::total_cmp);
    println!(
        "site {} | {} actors | {kind} edits: {edits} | first build {:.2} s | p50 {:.1} ms | p95 {:.1} ms | max {:.1} ms | rebuild alone p50 {:.0} ms p95 {:.0} ms ({} seen) | RSS {} MiB (peak {} MiB)",
        site.display(),
        actors.len(),
        first_build.as_secs_f64(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 95.0),
        latencies.last().copied().unwrap_or(0.0),
        percentile(&rebuilds, 50.0),
        percentile(&rebuilds, 95.0),
        rebuilds.len(),
        rss / 1024,
        peak / 1024,
    );
}
