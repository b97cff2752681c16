//! Writing a site into its output folder while it is being rendered, so that a build holds only
//! the pages in flight in memory, not the whole site — and yet a build that fails or is killed
//! leaves the last good output as it was (or, killed during its commit, a state the next build
//! completes or rolls back first):
//!
//! - the output folder is locked for the whole build ([`super::lock`]); a second build waits;
//! - what an earlier, killed build left is completed or rolled back first
//!   ([`Staging::recover`]), saying so in one line;
//! - a file whose bytes are already there is not touched (the everyday build changes few files);
//! - every new or changed file is written, and synced, into the staging folder
//!   (`.ecoatlas-staging/new/<n>`), never in place;
//! - [`Writer::commit`], once every check has passed, plans the changes ([`plan::plan`]),
//!   writes them down as a journal, applies them, and only then marks the journal done: each
//!   step can be finished or undone from the files alone ([`super::journal`]). A failure
//!   half-way undoes what was applied.
//!
//! Dropping a [`Writer`] without committing deletes the staging folder, and the output folder
//! and its marker when this build made them.

use super::journal::Staging;
use super::lock::{self, OutputLock};
use super::plan;
use super::{Manifest, Sink, WriteStats, MARKER};
use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// A [`Sink`] that writes into an output folder, staged until [`Writer::commit`].
pub struct Writer {
    out: PathBuf,
    staging: Staging,
    manifest: Manifest,
    log: Mutex<Log>,
    /// The number of the next staged file.
    next: AtomicU64,
    /// Committed: nothing may be undone any more.
    done: bool,
    /// Dropped last, after the undoing.
    lock: OutputLock,
}

/// What writing has done so far.
#[derive(Default)]
struct Log {
    /// (path, number of its staged file)
    staged: Vec<(String, u64)>,
    unchanged: usize,
    /// The first thing that went wrong on the disk.
    error: Option<anyhow::Error>,
}

impl Writer {
    /// Starts writing into `out` (created when missing): takes its lock, waiting for another
    /// build if one holds it, and completes or rolls back what a killed build left.
    pub fn begin(out: &Path) -> Result<Writer> {
        let lock = lock::acquire(out)?;
        let mut writer = Writer {
            out: out.to_path_buf(),
            staging: Staging::of(out),
            manifest: Manifest::for_output(out),
            log: Mutex::new(Log::default()),
            next: AtomicU64::new(0),
            done: false,
            lock,
        };
        match writer.staging.recover() {
            Ok(Some(what)) => eprintln!("note: {}: {what}", out.display()),
            Ok(None) => {}
            Err(e) => {
                // Leave the folder to the next attempt as it is.
                writer.done = true;
                return Err(e.context(format!(
                    "cannot recover from an interrupted build in {}",
                    out.display()
                )));
            }
        }
        writer.staging.create()?;
        test_hook("locked")?;
        Ok(writer)
    }

    /// Makes the output folder hold exactly the files put (see the module's documentation).
    /// Fails, having undone everything, when writing a file failed earlier or the commit
    /// cannot be applied.
    pub fn commit(mut self) -> Result<WriteStats> {
        let log = std::mem::take(&mut *super::lock(&self.log));
        if let Some(e) = log.error {
            return Err(e);
        }
        test_hook("commit")?;
        let paths = self.manifest.take_paths();
        let (ops, removed) = plan::plan(&self.out, &paths, &log.staged)?;
        self.sync_staged(&log.staged)?;
        self.staging.write_journal(&ops)?;
        test_hook("journal")?;
        let applied = self
            .staging
            .apply(&ops, &|| test_hook("apply"))
            .and_then(|()| test_hook("applied"));
        if let Err(e) = applied {
            if let Err(undo) = self.staging.roll_back(&ops) {
                // The journal, marked as being undone, stays for the next build to finish.
                self.done = true;
                return Err(e.context(format!(
                    "and putting the previous site back failed too ({undo:#}); the next build will finish putting it back"
                )));
            }
            return Err(e);
        }
        self.staging.mark_done()?;
        self.done = true;
        test_hook("done")?;
        if let Err(e) = self.staging.remove() {
            eprintln!(
                "note: the site was written, but its temporary files could not be deleted ({e:#}); the next build deletes them"
            );
        }
        Ok(WriteStats {
            written: log.staged.len(),
            unchanged: log.unchanged,
            removed,
        })
    }

    /// Undoes what this build did, so that the folder is as it was before it began.
    fn undo(&mut self) {
        if self.staging.abandon().is_err() {
            // What is left is for the next build's recovery; the marker must stay with it.
            return;
        }
        if self.lock.made_marker {
            let _ = std::fs::remove_file(self.out.join(MARKER));
        }
        if self.lock.made_out {
            let _ = std::fs::remove_dir(&self.out);
        }
    }

    /// Makes the staged files survive a crash of the machine before the journal that names
    /// them is written: on Linux with one `syncfs` of the file system (one flush, rather than
    /// one per file), elsewhere file by file.
    fn sync_staged(&self, staged: &[(String, u64)]) -> Result<()> {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            use std::os::fd::AsRawFd;
            let _ = staged;
            let dir = self.staging.new_dir();
            let f = std::fs::File::open(&dir)
                .with_context(|| format!("cannot open {}", dir.display()))?;
            // SAFETY: syncfs only reads the descriptor, which `f` keeps open for the call.
            if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
                return Err(std::io::Error::last_os_error())
                    .with_context(|| format!("cannot sync {}", dir.display()));
            }
            Ok(())
        }
        #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
        staged.par_iter().try_for_each(|(path, n)| {
            let file = self.staging.new_file(*n);
            std::fs::File::open(&file)
                .and_then(|f| f.sync_data())
                .with_context(|| format!("cannot write {path} (staged as {})", file.display()))
        })
    }

    /// Writes `bytes` into a new staged file; returns its number.
    fn stage(&self, path: &str, bytes: &[u8]) -> Result<u64> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let file = self.staging.new_file(n);
        let mut f = std::fs::File::create(&file)
            .with_context(|| format!("cannot write {} (staged as {})", path, file.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {} (staged as {})", path, file.display()))?;
        Ok(n)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.done {
            self.undo();
        }
    }
}

impl Sink for Writer {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.manifest.take(&path)?;
        if super::lock(&self.log).error.is_some() {
            return Ok(());
        }
        // Anything but the same bytes in a file there (missing, another length, a folder, a
        // file where one of its folders goes, unreadable) is staged; the commit sorts it out.
        let placed = match holds(&self.out.join(&path), &bytes) {
            Ok(true) => None,
            _ => Some(self.stage(&path, &bytes)),
        };
        let mut log = super::lock(&self.log);
        match placed {
            None => log.unchanged += 1,
            Some(Ok(n)) => log.staged.push((path, n)),
            Some(Err(e)) => {
                log.error.get_or_insert(e);
            }
        }
        Ok(())
    }

    fn has(&self, path: &str) -> bool {
        self.manifest.has(path)
    }

    fn pages(&self) -> usize {
        self.manifest.pages()
    }

    fn name_problems(&self) -> Vec<super::NameProblem> {
        self.manifest.name_problems()
    }
}

/// Test-only hooks, for the fault-injection tests (tests/faults.rs), at the named points of a
/// build: `ECOATLAS_TEST_PAUSE=<point>` stops there, saying so on standard error, until the
/// file named by `ECOATLAS_TEST_RESUME` exists (for ever when it is not set), so that a test
/// can kill the build exactly there; `ECOATLAS_TEST_FAIL=<point>` fails the build there. The
/// points: `locked`, `commit` (before the journal), `journal` (written, nothing applied),
/// `apply` (half of it applied), `applied` (all applied, not marked done), `done`.
fn test_hook(point: &str) -> Result<()> {
    if std::env::var_os("ECOATLAS_TEST_PAUSE").is_some_and(|p| p == point) {
        eprintln!("ecoatlas: test pause at {point}");
        let resume = std::env::var_os("ECOATLAS_TEST_RESUME").map(PathBuf::from);
        while !resume.as_deref().is_some_and(Path::exists) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    if std::env::var_os("ECOATLAS_TEST_FAIL").is_some_and(|p| p == point) && point != "done" {
        return Err(anyhow!("test failure at {point} (ECOATLAS_TEST_FAIL)"));
    }
    Ok(())
}

/// Does the file at `path` hold exactly `bytes`? Reads it piece by piece, and not at all when
/// its size differs, so that a large data file is never held twice.
fn holds(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        // A folder where the file goes: as for a file that cannot be read.
        return Err(std::io::Error::other("not a file"));
    }
    if meta.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut buf = vec![0u8; 64 * 1024];
    let mut rest = bytes;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if n > rest.len() || buf[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

/// Writes every file of `tree` into `out` and commits (for callers that have a whole tree).
pub fn write_tree(tree: &super::OutputTree, out: &Path) -> Result<WriteStats> {
    let writer = Writer::begin(out)?;
    tree.iter()
        .collect::<Vec<_>>()
        .par_iter()
        .try_for_each(|(path, bytes)| writer.put(path.to_string(), bytes.to_vec()))?;
    writer.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tree_of as tree;

    /// Every file below `dir` with its text (the marker left out).
    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        all.sort();
        all
    }

    #[test]
    fn a_file_holds_exactly_its_bytes_across_read_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).unwrap();
        assert!(holds(&path, &big).unwrap());
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(
            !holds(&path, &other).unwrap(),
            "a byte differs after the first piece"
        );
        assert!(!holds(&path, &big[..199_999]).unwrap(), "shorter");
        assert!(holds(&dir.path().join("missing"), &big).is_err());
        assert!(holds(dir.path(), b"").is_err(), "a folder is not a file");
    }

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let t = tree(&[("a.html", "A"), ("x/b.html", "B"), ("old/c.html", "C")]);
        assert_eq!(
            write_tree(&t, &out).unwrap(),
            WriteStats {
                written: 3,
                unchanged: 0,
                removed: 0
            }
        );
        let t2 = tree(&[("a.html", "A"), ("x/b.html", "B2")]);
        assert_eq!(
            write_tree(&t2, &out).unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(std::fs::read(out.join("x/b.html")).unwrap(), b"B2");
        assert!(!out.join("old").exists());
        assert!(out.join(MARKER).exists());
    }

    #[test]
    fn an_uncommitted_build_leaves_the_old_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_tree(&tree(&[("a.html", "A"), ("x/b.html", "B")]), &out).unwrap();
        let before = files(&out);

        let w = Writer::begin(&out).unwrap();
        w.put("a.html".into(), b"A2".to_vec()).unwrap();
        w.put("x/b.html".into(), b"B".to_vec()).unwrap();
        w.put("new/deep/c.html".into(), b"C".to_vec()).unwrap();
        // Until the commit, readers see the old bytes of changed files.
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"A");
        drop(w);

        assert_eq!(files(&out), before);
        assert!(!out.join("new").exists(), "folders it made are gone too");
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().contains("ecoatlas-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn an_uncommitted_first_build_leaves_no_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let w = Writer::begin(&out).unwrap();
        w.put("a/b.html".into(), b"B".to_vec()).unwrap();
        drop(w);
        assert!(!out.exists());
    }

    #[test]
    fn pages_may_become_folders_and_folders_pages() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_tree(&tree(&[("a", "file"), ("b/c.html", "C")]), &out).unwrap();
        let stats = write_tree(&tree(&[("a/index.html", "A"), ("b", "file")]), &out).unwrap();
        assert_eq!(stats.written, 2);
        assert_eq!(
            files(&out),
            vec![
                ("a/index.html".into(), "A".into()),
                ("b".into(), "file".into())
            ]
        );
    }

    #[test]
    fn the_same_path_twice_and_paths_outside_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let w = Writer::begin(dir.path()).unwrap();
        w.put("a.html".into(), vec![]).unwrap();
        assert!(w.put("a.html".into(), vec![]).is_err());
        assert!(w.put("../x".into(), vec![]).is_err());
        assert!(w.has("a.html") && !w.has("x"));
        assert_eq!(w.pages(), 1);
    }
}
