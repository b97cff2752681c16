//! Where rendered files go. Rendering hands every file to a [`Sink`] as soon as it is made:
//! [`Writer`] writes it into the output folder (`build`), staged so that a build that fails
//! leaves the last good output as it was; [`Collect`] keeps it in an [`OutputTree`] in memory
//! (the preview); [`Listing`] keeps only its path (`check`).

mod write;

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use write::{write_tree, Writer};

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

/// Takes the files of a site as they are rendered, from many threads at once.
pub trait Sink: Sync {
    /// Takes one file. Fails, as a mistake in the site rather than on the disk, when the path
    /// would leave the output folder or another file already has it.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;

    /// Has a file been put at `path`?
    fn has(&self, path: &str) -> bool;

    /// How many HTML pages have been put.
    fn pages(&self) -> usize;
}

/// Is `path` an HTML page?
fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere cannot leave these collections half-updated in a way that matters.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<OutputTree>);

impl Collect {
    pub fn into_tree(self) -> OutputTree {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        lock(&self.0).insert(path, bytes)
    }

    fn has(&self, path: &str) -> bool {
        lock(&self.0).get(path).is_some()
    }

    fn pages(&self) -> usize {
        lock(&self.0).paths().filter(|p| is_page(p)).count()
    }
}

/// The paths of a site's files, each checked and taken once.
#[derive(Debug, Default)]
pub struct Manifest(Mutex<BTreeSet<String>>);

impl Manifest {
    /// Takes `path` for a file; fails when it is unsafe or taken.
    pub fn take(&self, path: &str) -> Result<()> {
        if !is_safe_relative(path) {
            bail!("refusing to write `{path}`: outside the output folder");
        }
        if !lock(&self.0).insert(path.to_string()) {
            bail!("two outputs want the same file `{path}`");
        }
        Ok(())
    }

    pub fn has(&self, path: &str) -> bool {
        lock(&self.0).contains(path)
    }

    pub fn pages(&self) -> usize {
        lock(&self.0).iter().filter(|p| is_page(p)).count()
    }
}

/// A sink that keeps only the paths of the files (what `check` needs: which pages exist).
#[derive(Debug, Default)]
pub struct Listing(Manifest);

impl Sink for Listing {
    fn put(&self, path: String, _bytes: Vec<u8>) -> Result<()> {
        self.0.take(&path)
    }

    fn has(&self, path: &str) -> bool {
        self.0.has(path)
    }

    fn pages(&self) -> usize {
        self.0.pages()
    }
}

/// A tree of text files, for tests.
#[cfg(test)]
pub(crate) fn tree_of(files: &[(&str, &str)]) -> OutputTree {
    let mut t = OutputTree::default();
    for (p, b) in files {
        t.insert(*p, b.as_bytes().to_vec())
            .expect("test paths are valid");
    }
    t
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
