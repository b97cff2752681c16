//! Times the live preview's rebuilds in-process, without the watcher and the debounce: builds a
//! site with `serve::Preview`, then edits one actor after another (a different record each
//! time: its summary, or with a third argument its `name`, `body` or `type`) and rebuilds after
//! each edit, printing the p50 and p95 of the rebuilds' wall time. For profiling (`perf record … rebuild_prof SITE N`); the edits change SITE, so run it
//! on a copy. docs/BENCHMARKS.md quotes it:
//!
//! ```sh
//! cargo build --release --example rebuild_prof --example synth
//! ./target/release/examples/synth --actors 10000 --seed 42 /tmp/s10k
//! ./target/release/examples/rebuild_prof /tmp/s10k 30
//! ./target/release/examples/rebuild_prof /tmp/s10k 30 name
//! ```

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .expect("usage: rebuild_prof SITE [EDITS] [summary|name|body|type]"),
    );
    let n: usize = args
        .next()
        .map_or(30, |s| s.parse().expect("a number of edits"));
    let mode = args.next().unwrap_or_else(|| "summary".into());
    let preview = ecoatlas::serve::Preview::new(root.clone(), "http://127.0.0.1:1/".into());
    preview.rebuild(&[]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/actors"))
        .expect("content/actors")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            // The records in the default language, as tests/bench_serve.rs edits them.
            p.extension().is_some_and(|e| e == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    let mut wall = Vec::new();
    let cpu_before = cpu_ms();
    for i in 0..n {
        let file = &files[(i * 7919) % files.len()];
        let text = std::fs::read_to_string(file).expect("a record");
        let edited = match mode.as_str() {
            // The synthetic records quote their names; the edit moves the actor in every list.
            "name" => text.replacen("name: \"", &format!("name: \"Edit {i} "), 1),
            "body" => format!("{text}\nEdit {i}.\n"),
            // Another type of the synthetic vocabulary: the actor moves between type pages.
            "type" => {
                let types = ["company", "university", "infrastructure", "hospital"];
                let kind = types[i % types.len()];
                let line = text.lines().find(|l| l.starts_with("type: ")).unwrap_or("");
                text.replacen(line, &format!("type: {kind}"), 1)
            }
            _ => text.replacen("summary: ", &format!("summary: Edit {i}. "), 1),
        };
        std::fs::write(file, edited).expect("writable");
        let t = Instant::now();
        preview.rebuild(std::slice::from_ref(file));
        wall.push(t.elapsed().as_secs_f64() * 1e3);
    }
    // Less sensitive than wall time to other work on the machine.
    let cpu = cpu_ms()
        .zip(cpu_before)
        .map(|(after, before)| (after - before) / n as f64);
    wall.sort_by(f64::total_cmp);
    eprintln!(
        "{n} {mode} edits: rebuild p50 {:.1} ms, p95 {:.1} (min {:.1}, max {:.1}); {}",
        wall[n / 2],
        wall[(n * 95 / 100).min(n - 1)],
        wall[0],
        wall[n - 1],
        cpu.map_or("CPU time unknown".into(), |c| format!(
            "CPU {c:.0} ms per rebuild"
        )),
    );
}

/// The CPU time the process has used (user and system), on Linux; in clock ticks of 10 ms.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's name, which is in parentheses: utime is the 14th field.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}
