//! The preview's state: the last good site in memory, the outcome of the last build, and the
//! channel that tells open pages what happened.

use crate::diagnostic::Diagnostic;
use crate::incremental::{Pass, Rebuilder};
use crate::output::{FileChange, OutputTree};
use crate::pipeline::BuildError;
use crate::render::RenderOptions;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Instant, SystemTime};
use tokio::sync::broadcast;

/// What open pages are told.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The site changed: reload the page.
    Reload { build: u64 },
    /// Only stylesheets changed: swap them (old path → new link), no reload.
    Css {
        build: u64,
        stylesheets: Vec<(String, String)>,
    },
    /// The last build failed: show these messages over the page.
    Errors { build: u64, messages: Vec<String> },
    /// A build succeeded without changing anything: clear any error overlay.
    Ok { build: u64 },
    /// The server is stopping.
    Shutdown,
}

impl LiveEvent {
    /// The SSE event name and JSON data.
    pub fn to_sse(&self) -> (&'static str, String) {
        match self {
            LiveEvent::Reload { build } => ("reload", json!({"build": build}).to_string()),
            LiveEvent::Css { build, stylesheets } => {
                let map: serde_json::Map<String, serde_json::Value> = stylesheets
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(v)))
                    .collect();
                (
                    "css",
                    json!({"build": build, "stylesheets": map}).to_string(),
                )
            }
            LiveEvent::Errors { build, messages } => (
                "errors",
                json!({"build": build, "messages": messages}).to_string(),
            ),
            LiveEvent::Ok { build } => ("ok", json!({"build": build}).to_string()),
            LiveEvent::Shutdown => ("shutdown", "{}".to_string()),
        }
    }
}

/// The outcome of the last build.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Ok { build: u64 },
    Failed { build: u64, messages: Vec<String> },
}

pub struct Preview {
    root: PathBuf,
    site: RwLock<Arc<OutputTree>>,
    status: RwLock<Status>,
    /// Serialises rebuilds (the watcher's, and any other caller's); counts them, and keeps what
    /// the next rebuild can start from.
    building: Mutex<(u64, Rebuilder)>,
    /// Did the last build read every input (so that a late event for a file it read needs
    /// no rebuild)? A partial rebuild reads only the files it was told about.
    last_full: Mutex<bool>,
    /// When the last build began reading its inputs.
    last_started: Mutex<Option<SystemTime>>,
    events: broadcast::Sender<LiveEvent>,
}

impl Preview {
    pub fn new(root: PathBuf, url: String) -> Preview {
        let (events, _) = broadcast::channel(64);
        Preview {
            root: root.clone(),
            site: RwLock::new(Arc::new(OutputTree::default())),
            status: RwLock::new(Status::Ok { build: 0 }),
            building: Mutex::new((
                0,
                Rebuilder::new(
                    root.clone(),
                    RenderOptions {
                        base_url: Some(url),
                        ..RenderOptions::default()
                    },
                ),
            )),
            last_full: Mutex::new(false),
            last_started: Mutex::new(None),
            events,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The site being served now.
    pub fn site(&self) -> Arc<OutputTree> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn status(&self) -> Status {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// Did any of `paths` change after the last build began reading (so that it may not have
    /// seen the change)? Late events for files the last build already read need no rebuild.
    pub fn changed_since_last_build(&self, paths: &[PathBuf]) -> bool {
        if !*self.last_full.lock().unwrap_or_else(|e| e.into_inner()) {
            return true;
        }
        let Some(started) = *self.last_started.lock().unwrap_or_else(|e| e.into_inner()) else {
            return true;
        };
        paths.iter().any(|p| match std::fs::symlink_metadata(p) {
            // Gone: a removal may have come after the build read the file.
            Err(_) => true,
            // File times come from the kernel's coarse clock, a few ms behind the precise one.
            Ok(m) => changed_at(&m).is_none_or(|t| t + CLOCK_SLACK >= started),
        })
    }

    pub fn shut_down(&self) {
        let _ = self.events.send(LiveEvent::Shutdown);
    }

    /// Rebuilds the site (after `changed` inputs changed; empty for the first build), swaps it
    /// in when it succeeded, prints what happened, and then tells open pages.
    pub fn rebuild(&self, changed: &[PathBuf]) {
        let mut building = self.building.lock().unwrap_or_else(|e| e.into_inner());
        building.0 += 1;
        let build = building.0;
        *self.last_started.lock().unwrap_or_else(|e| e.into_inner()) = Some(SystemTime::now());
        let started = Instant::now();
        let result = building.1.rebuild(changed);
        *self.last_full.lock().unwrap_or_else(|e| e.into_inner()) =
            !matches!(result, Ok((_, Pass::Actors { .. })));
        let elapsed = started.elapsed();
        // The site served until now, once replaced: dropped only after pages have been told.
        let mut retired = None;
        let event = match result {
            Ok((rendered, pass)) => {
                print_diagnostics(&rendered.warnings);
                let new = Arc::new(rendered.tree);
                let pages = new.pages();
                let old = std::mem::replace(
                    &mut *self.site.write().unwrap_or_else(|e| e.into_inner()),
                    Arc::clone(&new),
                );
                let event = change_event(build, &old, &new);
                retired = Some(old);
                *self.status.write().unwrap_or_else(|e| e.into_inner()) = Status::Ok { build };
                let what = match (&pass, changed.is_empty()) {
                    (_, true) => "Built".to_string(),
                    (Pass::Full, false) => format!("Rebuilt after {} change(s)", changed.len()),
                    (Pass::Actors { slugs, outputs }, false) => {
                        format!("Rebuilt {outputs} file(s) for {}", slugs.join(", "))
                    }
                };
                say(format_args!(
                    "{what}: {} actors, {} campuses, {} pages in {} ms",
                    rendered.actors,
                    rendered.campuses,
                    pages,
                    elapsed.as_millis()
                ));
                event
            }
            Err(e) => {
                let messages: Vec<String> = match &e {
                    BuildError::Content(c) => c.0.iter().map(ToString::to_string).collect(),
                    BuildError::Other(e) => vec![format!("error: {e:#}")],
                };
                for m in &messages {
                    warn(format_args!("{m}"));
                }
                warn(format_args!(
                    "Build failed: {e}. Still serving the last good site."
                ));
                *self.status.write().unwrap_or_else(|e| e.into_inner()) = Status::Failed {
                    build,
                    messages: messages.clone(),
                };
                LiveEvent::Errors { build, messages }
            }
        };
        // Nobody may be listening; that is fine.
        let _ = self.events.send(event);
        // Freeing what the new site does not share with the old one (the old versions of the
        // files that changed, some of them megabytes) need not keep pages waiting.
        drop(retired);
        // And what was freed goes back to the system, or the process grows by the files and
        // pieces each rebuild replaced (at 10,000 actors in one group, from about 600 to over
        // 700 MiB in 50 name edits; the trim takes a few ms, after the pages were told).
        crate::memory::release_free();
    }
}

/// How far file times may trail the clock the build start is read from.
const CLOCK_SLACK: std::time::Duration = std::time::Duration::from_millis(50);

/// The later of a file's modification and status-change times (a rename changes only the latter).
fn changed_at(m: &std::fs::Metadata) -> Option<SystemTime> {
    use std::os::unix::fs::MetadataExt;
    let ctime = SystemTime::UNIX_EPOCH.checked_add(std::time::Duration::new(
        u64::try_from(m.ctime()).ok()?,
        u32::try_from(m.ctime_nsec()).ok()?,
    ))?;
    Some(m.modified().ok()?.max(ctime))
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        warn(format_args!("{d}"));
    }
}

/// Prints a line on standard output. A closed terminal or pipe must not stop the preview, so
/// write errors are ignored (println! would panic).
fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// The same, on standard error.
fn warn(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// What to tell pages after a successful build that turned `old` into `new`.
///
/// Looks only at the files that the build put in ([`OutputTree::changes`]): after a partial
/// rebuild, whose tree shares everything else with the last one, that costs time in proportion
/// to the files it rendered, not to the site. And it settles on cheap facts first: a file
/// removed or added, or one of another length that is neither a stylesheet nor a page (only
/// pages can differ in nothing but their stylesheet links), means reload before any bytes are
/// compared; files rendered again are compared only when that did not decide.
fn change_event(build: u64, old: &OutputTree, new: &OutputTree) -> LiveEvent {
    let reload = LiveEvent::Reload { build };
    // Put in again: stylesheets (added too), pages (before and after), and other files of the
    // same length as before.
    let mut stylesheets: Vec<FileChange> = Vec::new();
    let mut pages: Vec<(&[u8], &[u8])> = Vec::new();
    let mut others: Vec<(&[u8], &[u8])> = Vec::new();
    for change in old.changes(new) {
        match change {
            FileChange { new: None, .. } => return reload,
            FileChange { path, .. } if path.ends_with(".css") => stylesheets.push(change),
            FileChange {
                path,
                old: Some(before),
                new: Some(after),
            } if path.ends_with(".html") => pages.push((before, after)),
            FileChange {
                old: Some(before),
                new: Some(after),
                ..
            } if before.len() == after.len() => others.push((before, after)),
            // Added, or of another length.
            _ => return reload,
        }
    }
    if stylesheets.is_empty() && pages.iter().any(|(a, b)| a.len() != b.len()) {
        return reload;
    }
    if others.iter().any(|(a, b)| a != b) {
        return reload;
    }
    pages.retain(|(a, b)| a != b);
    stylesheets.retain(|c| c.old != c.new);
    if stylesheets.is_empty() {
        return if pages.is_empty() {
            LiveEvent::Ok { build }
        } else {
            reload
        };
    }
    // A stylesheet changed: the pages may differ only in the versions of their links to it
    // (which takes reading them whole to tell).
    let css_only = pages
        .iter()
        .all(|(a, b)| without_css_versions(a) == without_css_versions(b));
    if !css_only {
        return reload;
    }
    let stylesheets = stylesheets
        .iter()
        .map(|c| {
            let path = format!("/{}", c.path);
            let link = stylesheet_link(new, &path).unwrap_or_else(|| path.clone());
            (path, link)
        })
        .collect();
    LiveEvent::Css { build, stylesheets }
}

/// HTML with every `.css?v=<hash>` reduced to `.css`, to tell a stylesheet-only change.
fn without_css_versions(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(i) = rest.find(".css?v=") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 7..];
        rest = rest.trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out.into_bytes()
}

/// The versioned link to `path` as the new pages write it.
fn stylesheet_link(tree: &OutputTree, path: &str) -> Option<String> {
    let html = String::from_utf8_lossy(tree.get("index.html")?).into_owned();
    let needle = format!("{path}?v=");
    let at = html.find(&needle)?;
    let end = html[at..].find('"').map(|e| at + e)?;
    Some(html[at..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tree_of as tree;

    #[test]
    fn a_stylesheet_change_swaps_stylesheets_without_reload() {
        let old = tree(&[
            (
                "index.html",
                r#"<link href="/assets/css/site.css?v=0000aaaa">A"#,
            ),
            ("assets/css/site.css", "a{}"),
        ]);
        let new = tree(&[
            (
                "index.html",
                r#"<link href="/assets/css/site.css?v=1111bbbb">A"#,
            ),
            ("assets/css/site.css", "b{}"),
        ]);
        assert_eq!(
            change_event(2, &old, &new),
            LiveEvent::Css {
                build: 2,
                stylesheets: vec![(
                    "/assets/css/site.css".into(),
                    "/assets/css/site.css?v=1111bbbb".into()
                )]
            }
        );
    }

    #[test]
    fn content_changes_and_deletions_reload_and_no_change_clears_errors() {
        let old = tree(&[("index.html", "A"), ("actors/x/index.html", "X")]);
        let changed = tree(&[("index.html", "B"), ("actors/x/index.html", "X")]);
        assert_eq!(
            change_event(3, &old, &changed),
            LiveEvent::Reload { build: 3 }
        );
        let removed = tree(&[("index.html", "A")]);
        assert_eq!(
            change_event(4, &old, &removed),
            LiveEvent::Reload { build: 4 }
        );
        assert_eq!(
            change_event(5, &old, &old.clone()),
            LiveEvent::Ok { build: 5 }
        );
    }

    /// `new` as a partial rebuild makes it: a clone of `old` with the files of `part` put in
    /// and the files `gone` taken out.
    fn rebuilt(old: &OutputTree, part: &[(&str, &str)], gone: &[&str]) -> OutputTree {
        let mut new = old.clone();
        for path in gone {
            new.remove(path);
        }
        new.replace(tree(part));
        new
    }

    /// A site of a few thousand files, with a stylesheet its pages link to by version.
    fn site() -> OutputTree {
        let page = |i: usize| format!(r#"<link href="/assets/css/site.css?v=0000aaaa">Page {i}"#);
        let mut t = tree(&[
            ("assets/css/site.css", "a{}"),
            ("data/actors.json", "[1, 2, 3]"),
        ]);
        for i in 0..3000 {
            t.insert(format!("actors/a{i:04}/index.html"), page(i).into_bytes())
                .expect("valid path");
        }
        t.insert("index.html", page(0).into_bytes())
            .expect("valid path");
        t
    }

    #[test]
    fn a_partial_rebuild_is_judged_by_the_files_it_put_in_only() {
        let old = site();
        // Rendered again, the same bytes: nothing to tell (but errors to clear).
        let same = rebuilt(
            &old,
            &[
                (
                    "actors/a0042/index.html",
                    r#"<link href="/assets/css/site.css?v=0000aaaa">Page 42"#,
                ),
                ("data/actors.json", "[1, 2, 3]"),
            ],
            &[],
        );
        let put_in: Vec<&str> = old.changes(&same).map(|c| c.path).collect();
        assert_eq!(put_in, ["actors/a0042/index.html", "data/actors.json"]);
        assert_eq!(change_event(2, &old, &same), LiveEvent::Ok { build: 2 });

        // A page, or a data file of the same length, with other bytes: reload.
        let page = rebuilt(
            &old,
            &[(
                "actors/a0042/index.html",
                r#"<link href="/assets/css/site.css?v=0000aaaa">Page 42!"#,
            )],
            &[],
        );
        assert_eq!(change_event(3, &old, &page), LiveEvent::Reload { build: 3 });
        let data = rebuilt(&old, &[("data/actors.json", "[1, 2, 4]")], &[]);
        assert_eq!(change_event(4, &old, &data), LiveEvent::Reload { build: 4 });

        // A page removed (an actor removed): reload.
        let removed = rebuilt(&old, &[], &["actors/a0042/index.html"]);
        assert_eq!(old.changes(&removed).count(), 1);
        assert_eq!(
            change_event(5, &old, &removed),
            LiveEvent::Reload { build: 5 }
        );

        // The stylesheet and the pages' links to it: swap it.
        let css = rebuilt(
            &old,
            &[
                ("assets/css/site.css", "b{}"),
                (
                    "actors/a0042/index.html",
                    r#"<link href="/assets/css/site.css?v=1111bbbb">Page 42"#,
                ),
                (
                    "index.html",
                    r#"<link href="/assets/css/site.css?v=1111bbbb">Page 0"#,
                ),
            ],
            &[],
        );
        assert_eq!(
            change_event(6, &old, &css),
            LiveEvent::Css {
                build: 6,
                stylesheets: vec![(
                    "/assets/css/site.css".into(),
                    "/assets/css/site.css?v=1111bbbb".into()
                )]
            }
        );
    }

    /// What [`change_event`] says, worked out from every file of both trees (as it was before
    /// it looked only at the files put in), to check it against.
    fn event_from_every_file(build: u64, old: &OutputTree, new: &OutputTree) -> LiveEvent {
        let changed: Vec<&str> = new
            .iter()
            .filter(|(p, b)| old.get(p) != Some(*b))
            .map(|(p, _)| p)
            .collect();
        let removed = old.paths().any(|p| new.get(p).is_none());
        if changed.is_empty() && !removed {
            return LiveEvent::Ok { build };
        }
        let css_only = !removed
            && changed.iter().any(|p| p.ends_with(".css"))
            && changed.iter().all(|p| {
                p.ends_with(".css")
                    || (p.ends_with(".html")
                        && old.get(p).is_some_and(|o| {
                            new.get(p)
                                .is_some_and(|n| without_css_versions(o) == without_css_versions(n))
                        }))
            });
        if !css_only {
            return LiveEvent::Reload { build };
        }
        let stylesheets = changed
            .iter()
            .filter(|p| p.ends_with(".css"))
            .map(|p| {
                let path = format!("/{p}");
                let link = stylesheet_link(new, &path).unwrap_or_else(|| path.clone());
                (path, link)
            })
            .collect();
        LiveEvent::Css { build, stylesheets }
    }

    const PATHS: [&str; 7] = [
        "index.html",
        "a/index.html",
        "b/index.html",
        "assets/css/site.css",
        "assets/css/map.css",
        "data/actors.json",
        "data/actors.csv",
    ];

    const TEXTS: [&str; 6] = [
        r#"<link href="/assets/css/site.css?v=0000aaaa">A"#,
        r#"<link href="/assets/css/site.css?v=1111bbbb">A"#,
        r#"<link href="/assets/css/site.css?v=1111bbbb">B"#,
        "a{}",
        "b{}",
        "bb{}",
    ];

    fn some_tree() -> impl proptest::strategy::Strategy<Value = OutputTree> {
        use proptest::prelude::*;
        prop::collection::btree_map(0..PATHS.len(), 0..TEXTS.len(), 0..=PATHS.len()).prop_map(
            |files| {
                let files: Vec<(&str, &str)> =
                    files.iter().map(|(p, t)| (PATHS[*p], TEXTS[*t])).collect();
                tree(&files)
            },
        )
    }

    proptest::proptest! {
        /// Whether the new tree was rebuilt from the old one (sharing all but what changed) or
        /// built apart, the event is the one the whole trees say.
        #[test]
        fn the_event_is_what_every_file_says(
            old in some_tree(),
            apart in some_tree(),
            puts in proptest::collection::vec((0..PATHS.len(), 0..TEXTS.len()), 0..4),
            gone in proptest::collection::vec(0..PATHS.len(), 0..3),
        ) {
            let mut part = OutputTree::default();
            for (p, t) in &puts {
                let _ = part.insert(PATHS[*p], TEXTS[*t].as_bytes().to_vec());
            }
            let mut partial = old.clone();
            for p in &gone {
                partial.remove(PATHS[*p]);
            }
            partial.replace(part);
            proptest::prop_assert_eq!(
                change_event(7, &old, &partial),
                event_from_every_file(7, &old, &partial)
            );
            proptest::prop_assert_eq!(
                change_event(8, &old, &apart),
                event_from_every_file(8, &old, &apart)
            );
        }
    }
}
