//! The commit of a build, as a journal of file operations that can be finished or undone from
//! whatever state a failure or a killed process left.
//!
//! Everything a build writes before its commit lives in one folder inside the output folder,
//! [`STAGING`]: `new/<n>` the new and changed files, `old/<n>` the old versions the commit moves
//! aside, and one of three state files:
//!
//! - none: the commit has not begun; the output folder is the old site. Recovery deletes the
//!   staging folder (roll back).
//! - `journal`: the list of operations ([`Op`]) that turn the old site into the new one, written
//!   whole (to `journal.tmp`, synced, renamed) before the first of them is applied. The output
//!   may be anywhere between the two sites. Recovery applies the operations again (each knows
//!   from the files whether it was done) and, should one of them fail, undoes them all.
//! - `undo`: the journal of a commit that failed and is being undone. Recovery undoes it.
//! - `done`: every operation was applied; the output folder is the new site. Recovery deletes
//!   the staging folder, which holds only old versions now.
//!
//! Each operation moves one name with one `rename` (atomic), or makes one folder, so it is
//! either done or not, and can be undone: nothing of the old site is deleted before `done`.

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folder, inside the output folder, that holds everything of a build not yet committed.
pub const STAGING: &str = ".ecoatlas-staging";

const JOURNAL: &str = "journal";
const JOURNAL_TMP: &str = "journal.tmp";
const UNDO: &str = "undo";
const DONE: &str = "done";

/// One step of a commit. Paths are relative to the output folder (`/`-separated); `staged` and
/// `trash` are numbers of files in the staging folder's `new/` and `old/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Op {
    /// Moves `path` (a file, or a folder with everything in it), which is not part of the new
    /// site, to `old/<trash>`.
    Remove { path: String, trash: u64 },
    /// Makes the folder `path`.
    Mkdir { path: String },
    /// Moves `new/<staged>` to `path`, where nothing is.
    Create { path: String, staged: u64 },
    /// Keeps the file at `path` as `old/<trash>` (a hard link where the file system has them,
    /// so that the path never goes missing; else a rename), then moves `new/<staged>` over it.
    Replace {
        path: String,
        staged: u64,
        trash: u64,
    },
}

#[derive(Debug, Serialize, Deserialize)]
struct JournalFile {
    version: u32,
    ops: Vec<Op>,
}

/// The staging folder of the output folder `out`.
#[derive(Debug, Clone)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
}

/// What [`Staging::recover`] found and did, in one line for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// Staged files of a build that had not begun its commit: deleted.
    Discarded,
    /// A commit that had been applied: its leftovers deleted.
    Finished,
    /// A commit interrupted half-way: completed.
    Completed,
    /// A commit interrupted half-way that could not be completed, or was being undone: undone.
    RolledBack(String),
}

impl std::fmt::Display for Recovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovered::Discarded => write!(
                f,
                "an interrupted build had not changed the site; deleted its temporary files"
            ),
            Recovered::Finished => write!(
                f,
                "an interrupted build had finished writing the site; deleted its temporary files"
            ),
            Recovered::Completed => write!(
                f,
                "an interrupted build was half-way through replacing the site; completed it"
            ),
            Recovered::RolledBack(why) => write!(
                f,
                "an interrupted build was half-way through replacing the site; put the previous site back ({why})"
            ),
        }
    }
}

fn exists(p: &Path) -> bool {
    p.symlink_metadata().is_ok()
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))
}

/// Makes what was written to the folder `dir` survive a crash of the machine.
fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

impl Staging {
    pub fn of(out: &Path) -> Staging {
        Staging {
            out: out.to_path_buf(),
            dir: out.join(STAGING),
        }
    }

    /// Is there anything of an earlier build?
    pub fn exists(&self) -> bool {
        exists(&self.dir)
    }

    /// Makes the empty staging folder.
    pub fn create(&self) -> Result<()> {
        for sub in ["new", "old"] {
            let d = self.dir.join(sub);
            std::fs::create_dir_all(&d)
                .with_context(|| format!("cannot create {}", d.display()))?;
        }
        Ok(())
    }

    /// The folder of the staged files.
    pub fn new_dir(&self) -> PathBuf {
        self.dir.join("new")
    }

    /// Where the staged file number `n` is.
    pub fn new_file(&self, n: u64) -> PathBuf {
        self.dir.join("new").join(n.to_string())
    }

    fn old_file(&self, n: u64) -> PathBuf {
        self.dir.join("old").join(n.to_string())
    }

    fn target(&self, path: &str) -> PathBuf {
        self.out.join(path)
    }

    /// Writes the journal whole, so that it is either there complete or not at all.
    pub fn write_journal(&self, ops: &[Op]) -> Result<()> {
        let tmp = self.dir.join(JOURNAL_TMP);
        let json = serde_json::to_vec(&JournalFile {
            version: 1,
            ops: ops.to_vec(),
        })?;
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.write_all(&json)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(f);
        rename(&tmp, &self.dir.join(JOURNAL))?;
        sync_dir(&self.dir)
    }

    fn read_journal(&self, name: &str) -> Result<Vec<Op>> {
        let path = self.dir.join(name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let journal: JournalFile = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a journal this version of ecoatlas can read",
                path.display()
            )
        })?;
        if journal.version != 1 {
            bail!(
                "{} is a journal of version {}, which this version of ecoatlas cannot read",
                path.display(),
                journal.version
            );
        }
        Ok(journal.ops)
    }

    /// Applies `ops` in order; on the first failure stops and returns it (undoing is the
    /// caller's choice: [`Staging::undo`]). `midway` is called once, half-way.
    pub fn apply(&self, ops: &[Op], midway: &dyn Fn() -> Result<()>) -> Result<()> {
        let half = ops.len() / 2;
        for (i, op) in ops.iter().enumerate() {
            if i == half {
                midway()?;
            }
            self.forward(op)?;
        }
        Ok(())
    }

    fn forward(&self, op: &Op) -> Result<()> {
        match op {
            Op::Remove { path, trash } => {
                let old = self.old_file(*trash);
                if !exists(&old) {
                    rename(&self.target(path), &old)
                        .with_context(|| format!("cannot remove {path}"))?;
                }
            }
            Op::Mkdir { path } => {
                let dir = self.target(path);
                match std::fs::create_dir(&dir) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                    Err(e) => {
                        return Err(e).with_context(|| format!("cannot create {}", dir.display()))
                    }
                }
            }
            Op::Create { path, staged } => {
                let new = self.new_file(*staged);
                if exists(&new) {
                    rename(&new, &self.target(path))
                        .with_context(|| format!("cannot write {path}"))?;
                }
            }
            Op::Replace {
                path,
                staged,
                trash,
            } => {
                let (target, new, old) = (
                    self.target(path),
                    self.new_file(*staged),
                    self.old_file(*trash),
                );
                if !exists(&new) {
                    return Ok(());
                }
                if !exists(&old) && std::fs::hard_link(&target, &old).is_err() {
                    rename(&target, &old).with_context(|| format!("cannot replace {path}"))?;
                }
                rename(&new, &target).with_context(|| format!("cannot replace {path}"))?;
            }
        }
        Ok(())
    }

    /// Undoes whatever of `ops` was done, last first, as far as it can; returns the first
    /// thing that could not be undone.
    pub fn undo(&self, ops: &[Op]) -> Result<()> {
        let mut first = None;
        for op in ops.iter().rev() {
            if let Err(e) = self.backward(op) {
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    fn backward(&self, op: &Op) -> Result<()> {
        match op {
            Op::Remove { path, trash } => {
                let old = self.old_file(*trash);
                if exists(&old) {
                    rename(&old, &self.target(path))?;
                }
            }
            Op::Mkdir { path } => {
                // Only a folder is this build's: what else stands there is the old site's
                // (a page that was to become a folder and has not moved away yet).
                let dir = self.target(path);
                if dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                    std::fs::remove_dir(&dir)
                        .with_context(|| format!("cannot remove {}", dir.display()))?;
                }
            }
            Op::Create { path, staged } => {
                let (target, new) = (self.target(path), self.new_file(*staged));
                if !exists(&new) && exists(&target) {
                    rename(&target, &new)?;
                }
            }
            Op::Replace {
                path,
                staged,
                trash,
            } => {
                let (target, new, old) = (
                    self.target(path),
                    self.new_file(*staged),
                    self.old_file(*trash),
                );
                if !exists(&new) && exists(&target) {
                    rename(&target, &new)?;
                }
                if exists(&old) {
                    // When `old` is a hard link of `target` (the new file never moved in),
                    // this does nothing, and `old` goes with the staging folder.
                    rename(&old, &target)?;
                }
            }
        }
        Ok(())
    }

    /// Marks the journal as applied: from here on the output folder is the new site.
    pub fn mark_done(&self) -> Result<()> {
        rename(&self.dir.join(JOURNAL), &self.dir.join(DONE))?;
        sync_dir(&self.dir)
    }

    /// Undoes a journal that was written (and maybe partly applied), so that the output folder
    /// is the old site again, then deletes the staging folder. Marks the journal as being
    /// undone first, so that a recovery after a crash goes on undoing rather than applying.
    pub fn roll_back(&self, ops: &[Op]) -> Result<()> {
        let journal = self.dir.join(JOURNAL);
        if exists(&journal) {
            rename(&journal, &self.dir.join(UNDO))?;
        }
        self.undo(ops)?;
        self.remove()
    }

    /// Gives up a build that did not commit: undoes its journal if it wrote one, then deletes
    /// the staging folder.
    pub fn abandon(&self) -> Result<()> {
        for name in [JOURNAL, UNDO] {
            if exists(&self.dir.join(name)) {
                let ops = self.read_journal(name)?;
                return self.roll_back(&ops);
            }
        }
        self.remove()
    }

    /// Deletes the staging folder: old versions first, the state file last, so that a crash
    /// half-way leaves a state that [`Staging::recover`] still reads the same way.
    pub fn remove(&self) -> Result<()> {
        for sub in ["old", "new"] {
            let d = self.dir.join(sub);
            match std::fs::remove_dir_all(&d) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("cannot delete {}", d.display())),
            }
        }
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).with_context(|| format!("cannot delete {}", self.dir.display())),
        }
    }

    /// Brings the output folder back to a whole site after a build that was killed or crashed:
    /// the old one or the new one, as the state files say (see the module's documentation).
    /// Returns what it did, or `None` when there was nothing to do.
    pub fn recover(&self) -> Result<Option<Recovered>> {
        if !self.exists() {
            return Ok(None);
        }
        let what = if exists(&self.dir.join(DONE)) {
            Recovered::Finished
        } else if exists(&self.dir.join(UNDO)) {
            let ops = self.read_journal(UNDO)?;
            self.undo(&ops).context(
                "cannot put the previous site back after an interrupted build; the output folder is half-way between two sites",
            )?;
            Recovered::RolledBack("it had begun undoing its changes".into())
        } else if exists(&self.dir.join(JOURNAL)) {
            let ops = self.read_journal(JOURNAL)?;
            match self.apply(&ops, &|| Ok(())) {
                Ok(()) => {
                    self.mark_done()?;
                    Recovered::Completed
                }
                Err(e) => {
                    let why = format!("completing it failed: {e:#}");
                    self.roll_back(&ops).map_err(|e2| {
                        anyhow!("{why}; and putting the previous site back failed: {e2:#}")
                    })?;
                    Recovered::RolledBack(why)
                }
            }
        } else {
            Recovered::Discarded
        };
        self.remove()?;
        Ok(Some(what))
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan::{plan, relative_key};
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every file below `dir` (the staging folder and the marker left out) with its text, and
    /// every folder (as `path/`).
    fn snapshot(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| e.file_name() != STAGING)
            .map(|e| e.unwrap())
            .map(|e| {
                let key = relative_key(dir, e.path());
                if e.file_type().is_dir() {
                    (format!("{key}/"), String::new())
                } else {
                    (key, std::fs::read_to_string(e.path()).unwrap())
                }
            })
            .collect()
    }

    fn write_files(dir: &Path, files: &[(&str, &str)]) {
        for (p, text) in files {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    /// An old site in `out` and a staged new one; returns the staging and the plan's ops.
    fn staged(out: &Path, old: &[(&str, &str)], new: &[(&str, &str)]) -> (Staging, Vec<Op>) {
        write_files(out, old);
        let s = Staging::of(out);
        s.create().unwrap();
        let mut staged = Vec::new();
        let mut paths = BTreeSet::new();
        for (i, (p, text)) in new.iter().enumerate() {
            paths.insert(p.to_string());
            if std::fs::read_to_string(out.join(p)).ok().as_deref() != Some(*text) {
                std::fs::write(s.new_file(i as u64), text).unwrap();
                staged.push((p.to_string(), i as u64));
            }
        }
        let (ops, _) = plan(out, &paths, &staged).unwrap();
        (s, ops)
    }

    const OLD: &[(&str, &str)] = &[
        ("index.html", "old home"),
        ("a", "a page that becomes a folder"),
        ("b/c.html", "a folder that becomes a page"),
        ("b/d/e.html", "deep"),
        ("same.html", "unchanged"),
        ("gone/x.html", "removed"),
    ];
    const NEW: &[(&str, &str)] = &[
        ("index.html", "new home"),
        ("a/index.html", "now a folder"),
        ("b", "now a page"),
        ("same.html", "unchanged"),
        ("fresh/deep/y.html", "added"),
    ];

    fn expected(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), files);
        snapshot(dir.path())
    }

    #[test]
    fn a_journal_stopped_after_any_step_is_completed_or_undone_exactly() {
        let (old, new) = (expected(OLD), expected(NEW));
        let dir = tempfile::tempdir().unwrap();
        let (_, ops) = staged(&dir.path().join("probe"), OLD, NEW);
        assert!(ops.len() > 8, "{ops:?}");
        for steps in 0..=ops.len() {
            for (forward, want) in [(true, &new), (false, &old)] {
                let out = dir.path().join(format!("{steps}-{forward}"));
                let (s, ops) = staged(&out, OLD, NEW);
                let same = out.join("same.html").metadata().unwrap();
                s.write_journal(&ops).unwrap();
                // A build killed after `steps` operations...
                for op in &ops[..steps] {
                    s.forward(op).unwrap();
                }
                if !forward {
                    // ... or after it had begun undoing them.
                    std::fs::rename(s.dir.join(JOURNAL), s.dir.join(UNDO)).unwrap();
                }
                let what = s.recover().unwrap().unwrap();
                assert_eq!(
                    what == Recovered::Completed,
                    forward,
                    "{steps} steps: {what}"
                );
                assert_eq!(&snapshot(&out), want, "{steps} steps, forward {forward}");
                assert!(!s.exists(), "the staging folder is gone");
                let after = out.join("same.html").metadata().unwrap();
                assert_eq!(
                    (
                        same.modified().unwrap(),
                        std::os::unix::fs::MetadataExt::ino(&same)
                    ),
                    (
                        after.modified().unwrap(),
                        std::os::unix::fs::MetadataExt::ino(&after)
                    ),
                    "an unchanged file is never touched"
                );
                assert_eq!(s.recover().unwrap(), None, "nothing left to do");
            }
        }
    }

    #[test]
    fn recovery_without_a_journal_discards_and_after_done_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a");
        let (s, _) = staged(&out, OLD, NEW);
        assert_eq!(s.recover().unwrap(), Some(Recovered::Discarded));
        assert_eq!(snapshot(&out), expected(OLD));

        let out = dir.path().join("b");
        let (s, ops) = staged(&out, OLD, NEW);
        s.write_journal(&ops).unwrap();
        s.apply(&ops, &|| Ok(())).unwrap();
        s.mark_done().unwrap();
        assert_eq!(s.recover().unwrap(), Some(Recovered::Finished));
        assert_eq!(snapshot(&out), expected(NEW));
        assert!(!s.exists());
    }

    #[test]
    fn a_journal_that_cannot_be_completed_is_undone() {
        // A name too long for the file system fails the commit late, after most operations.
        let long = format!("{}.html", "x".repeat(300));
        let mut new = NEW.to_vec();
        new.push((long.as_str(), "too long"));
        let dir = tempfile::tempdir().unwrap();
        for killed in [false, true] {
            let out = dir.path().join(killed.to_string());
            let (s, ops) = staged(&out, OLD, &new);
            s.write_journal(&ops).unwrap();
            if killed {
                // Killed before it applied anything: the recovery meets the failure.
                let what = s.recover().unwrap().unwrap();
                assert!(matches!(what, Recovered::RolledBack(_)), "{what}");
                assert!(what.to_string().contains("File name too long"), "{what}");
            } else {
                let e = s.apply(&ops, &|| Ok(())).unwrap_err();
                assert!(format!("{e:#}").contains("File name too long"), "{e:#}");
                s.roll_back(&ops).unwrap();
            }
            assert_eq!(snapshot(&out), expected(OLD), "killed: {killed}");
            assert!(!s.exists());
        }
    }

    #[test]
    fn the_plan_moves_away_what_is_not_part_of_the_site_and_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let (_, ops) = staged(dir.path(), OLD, NEW);
        let removed: Vec<&str> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Remove { path, .. } => Some(path.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(removed, ["a", "b", "gone"], "whole folders move as one");
        assert!(ops.iter().all(|op| !matches!(op, Op::Create { path, .. } | Op::Replace { path, .. } if path == "same.html")));
        assert!(ops.contains(&Op::Mkdir { path: "a".into() }));
        assert!(ops
            .iter()
            .any(|op| matches!(op, Op::Replace { path, .. } if path == "index.html")));
        assert!(ops
            .iter()
            .any(|op| matches!(op, Op::Create { path, .. } if path == "b")));
    }
}
