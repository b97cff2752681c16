//! The output sink: the whole site is rendered into an [`OutputTree`] in memory, then written
//! to disk in one step that only touches files whose bytes changed. A build that fails never
//! reaches this step, so the last good output stays as it was.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The file that marks a folder as ecoatlas output, so that it may be emptied.
pub const MARKER: &str = ".ecoatlas-output";

/// Every file of a built site, by path relative to the output folder (`/`-separated). Files are
/// shared, not copied, between trees: a rebuild that changes a few pages clones the tree cheaply
/// and replaces only those ([`OutputTree::replace`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputTree {
    files: BTreeMap<String, Arc<Vec<u8>>>,
}

impl OutputTree {
    /// Adds a file. Paths are checked so that no name can point outside the output folder.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) -> Result<()> {
        let path = path.into();
        if !is_safe_relative(&path) {
            bail!("refusing to write `{path}`: outside the output folder");
        }
        if self.files.insert(path.clone(), Arc::new(bytes)).is_some() {
            bail!("two outputs want the same file `{path}`");
        }
        Ok(())
    }

    /// Takes every file of `part`, replacing files of the same path.
    pub fn replace(&mut self, part: OutputTree) {
        self.files.extend(part.files);
    }

    /// Removes a file; says whether it was there.
    pub fn remove(&mut self, path: &str) -> bool {
        self.files.remove(path).is_some()
    }

    /// Is the file at `path` in both trees the very same (shared, not only equal) bytes?
    pub fn same_file(&self, other: &OutputTree, path: &str) -> bool {
        match (self.files.get(path), other.files.get(path)) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

/// A relative path made only of normal components (no `..`, no root, no drive).
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// What writing the output did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Why `out` may not be used as an output folder, if it may not.
pub fn check_output_dir(out: &Path, site_root: &Path, force: bool) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out_abs = abs(out);
    let root_abs = abs(site_root);
    let mut protected = vec![
        (root_abs.clone(), "the site's root"),
        (root_abs.join("content"), "the site's content/"),
    ];
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        protected.push((abs(Path::new(&home)), "your home folder"));
    }
    for (p, what) in &protected {
        if p.starts_with(&out_abs) {
            bail!(
                "refusing to use {} as the output folder: it contains {what}, which a build would delete",
                out.display()
            );
        }
    }
    if !out.exists() || force {
        return Ok(());
    }
    if !out.is_dir() {
        bail!(
            "the output path {} exists and is not a folder",
            out.display()
        );
    }
    let has_marker = out.join(MARKER).is_file();
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if !has_marker && !empty {
        bail!(
            "refusing to write into {}: it is not empty and was not created by ecoatlas (no {MARKER} file); pass --force to replace its contents",
            out.display()
        );
    }
    Ok(())
}

/// Makes `out` hold exactly `tree`: writes new files, replaces changed ones (each through a
/// temporary file and a rename, so no reader sees half a file), leaves identical files untouched, and
/// deletes files that are no longer part of the site.
pub fn write_tree(tree: &OutputTree, out: &Path) -> Result<WriteStats> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let marker = out.join(MARKER);
    if !marker.is_file() {
        std::fs::write(
            &marker,
            b"This folder is generated by ecoatlas build; it is replaced on every build.\n",
        )
        .with_context(|| format!("cannot write {}", marker.display()))?;
    }
    let dirs: BTreeSet<PathBuf> = tree
        .paths()
        .filter_map(|p| Path::new(p).parent().map(|d| out.join(d)))
        .collect();
    for d in &dirs {
        if d.is_file() {
            std::fs::remove_file(d).with_context(|| format!("cannot replace {}", d.display()))?;
        }
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let results: Vec<Result<bool>> = tree
        .files
        .par_iter()
        .map(|(rel, bytes)| {
            let path = out.join(rel);
            match std::fs::read(&path) {
                Ok(existing) if existing == **bytes => return Ok(false),
                Ok(_) => {}
                // A new file: nobody can be reading a half of it, so it is written in place
                // (one system call fewer per file than the rename below).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::fs::write(&path, bytes.as_slice())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    return Ok(true);
                }
                Err(_) => {
                    if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                            .with_context(|| format!("cannot replace {}", path.display()))?;
                    }
                }
            }
            let tmp = path.with_file_name(format!(
                ".{}.ecoatlas-tmp",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
            std::fs::write(&tmp, bytes.as_slice())
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(true)
        })
        .collect();
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    stats.removed = remove_stale(tree, out)?;
    Ok(stats)
}

/// Deletes files under `out` that `tree` does not have, then folders left empty.
fn remove_stale(tree: &OutputTree, out: &Path) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).contents_first(true) {
        let entry = entry.with_context(|| format!("cannot read {}", out.display()))?;
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if key != MARKER && tree.get(&key).is_none() {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            removed += 1;
        }
    }
    for d in dirs {
        // Fails harmlessly when the folder still has files.
        let _ = std::fs::remove_dir(&d);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        let mut t = OutputTree::default();
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(t.insert(bad, vec![]).is_err(), "{bad}");
        }
        assert!(t.insert("a/b.html", vec![]).is_ok());
        assert!(t.insert("a/b.html", vec![]).is_err(), "duplicate");
    }

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut t = OutputTree::default();
        t.insert("a.html", b"A".to_vec()).unwrap();
        t.insert("x/b.html", b"B".to_vec()).unwrap();
        t.insert("old/c.html", b"C".to_vec()).unwrap();
        assert_eq!(
            write_tree(&t, &out).unwrap(),
            WriteStats {
                written: 3,
                unchanged: 0,
                removed: 0
            }
        );

        let mut t2 = OutputTree::default();
        t2.insert("a.html", b"A".to_vec()).unwrap();
        t2.insert("x/b.html", b"B2".to_vec()).unwrap();
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
    fn foreign_folders_are_protected() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output_dir(&foreign, &site, false).is_err());
        assert!(check_output_dir(&foreign, &site, true).is_ok());
        assert!(
            check_output_dir(&site, &site, true).is_err(),
            "the site root itself"
        );
        assert!(
            check_output_dir(dir.path(), &site, true).is_err(),
            "a parent of the site"
        );
        assert!(check_output_dir(&site.join("output"), &site, false).is_ok());
    }
}
