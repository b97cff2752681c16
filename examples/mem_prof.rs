//! Measures a full build's live heap (bytes allocated and not yet freed) beside its resident
//! memory, sampled every 20 ms, to tell memory in use from memory the allocator keeps.
//!
//! ```sh
//! cargo build --release --example mem_prof
//! ./target/release/examples/mem_prof SITE OUTPUT
//! ./target/release/examples/mem_prof --preview SITE EDITS   # the preview after EDITS name edits
//! ```
//!
//! With `--preview`, builds SITE as `serve` does and makes EDITS name edits (as
//! `rebuild_prof`; they change SITE, so run it on a copy), then prints the live heap beside the
//! resident memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn rss_kib() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn preview(mut args: impl Iterator<Item = String>) {
    let root = std::path::PathBuf::from(args.next().expect("usage: mem_prof --preview SITE EDITS"));
    let n: usize = args.next().map_or(50, |s| s.parse().expect("a number"));
    let preview = ecoatlas::serve::Preview::new(root.clone(), "http://127.0.0.1:1/".into());
    preview.rebuild(&[]);
    let report = |what: &str| {
        eprintln!(
            "{what}: live {} MiB, rss {} MiB, peak live {} MiB",
            LIVE.load(Relaxed) >> 20,
            rss_kib() / 1024,
            PEAK.load(Relaxed) >> 20
        );
    };
    report("built");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("content/actors"))
        .expect("content/actors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    for i in 0..n {
        let file = &files[(i * 7919) % files.len()];
        let text = std::fs::read_to_string(file).expect("a record");
        let edited = text.replacen("name: \"", &format!("name: \"Edit {i} "), 1);
        std::fs::write(file, edited).expect("writable");
        preview.rebuild(std::slice::from_ref(file));
        if i == 0 || i + 1 == n {
            report(&format!("after edit {}", i + 1));
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "--preview") {
        args.next();
        return preview(args);
    }
    let root = std::path::PathBuf::from(args.next().expect("usage: mem_prof SITE OUTPUT"));
    let output = std::path::PathBuf::from(args.next().expect("usage: mem_prof SITE OUTPUT"));
    let start = Instant::now();
    std::thread::spawn(move || {
        let mut max_rss = 0;
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let rss = rss_kib() / 1024;
            let live = LIVE.load(Relaxed) >> 20;
            if rss > max_rss + 20 || start.elapsed().as_millis() % 1000 < 20 {
                max_rss = max_rss.max(rss);
                eprintln!(
                    "{:7.2} s  live {live:5} MiB  rss {rss:5} MiB  peak live {:5} MiB",
                    start.elapsed().as_secs_f64(),
                    PEAK.load(Relaxed) >> 20
                );
            }
        }
    });
    let opts = ecoatlas::pipeline::BuildOptions {
        root,
        output: Some(output),
        base_url: None,
        force: false,
        deny_warnings: false,
        today: Some("2026-11-22".into()),
    };
    let r = ecoatlas::pipeline::build(&opts);
    eprintln!(
        "done in {:.1} s: ok={} peak live {} MiB, rss now {} MiB",
        start.elapsed().as_secs_f64(),
        r.is_ok(),
        PEAK.load(Relaxed) >> 20,
        rss_kib() / 1024
    );
}
