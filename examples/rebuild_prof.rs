//! Times the live preview's rebuilds in-process, without the watcher and the debounce: builds a
//! site with `serve::Preview`, then edits the summary of one actor after another (a different
//! record each time) and rebuilds after each edit, printing the p50 of the rebuilds' wall
//! time. For profiling (`perf record … rebuild_prof SITE N`); the edits change SITE, so run it
//! on a copy. docs/BENCHMARKS.md quotes it:
//!
//! ```sh
//! cargo build --release --example rebuild_prof --example synth
//! ./target/release/examples/synth --actors 10000 --seed 42 /tmp/s10k
//! ./target/release/examples/rebuild_prof /tmp/s10k 30
//! ```

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: rebuild_prof SITE [EDITS]"));
    let n: usize = args
        .next()
        .map_or(30, |s| s.parse().expect("a number of edits"));
    let preview = ecoatlas::serve::Preview::new(root.clone(), "http://127.0.0.1:1/".into());
    preview.rebuild(&[]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/actors"))
        .expect("content/actors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().contains(".sv.")
        })
        .collect();
    files.sort();
    let mut wall = Vec::new();
    for i in 0..n {
        let file = &files[(i * 7919) % files.len()];
        let text = std::fs::read_to_string(file).expect("a record");
        let edited = text.replacen("summary: ", &format!("summary: Edit {i}. "), 1);
        std::fs::write(file, edited).expect("writable");
        let t = Instant::now();
        preview.rebuild(std::slice::from_ref(file));
        wall.push(t.elapsed().as_secs_f64() * 1e3);
    }
    wall.sort_by(f64::total_cmp);
    eprintln!(
        "{n} summary edits: rebuild p50 {:.1} ms (min {:.1}, max {:.1})",
        wall[n / 2],
        wall[0],
        wall[n - 1]
    );
}
