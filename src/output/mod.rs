//! Where rendered files go. Rendering hands every file to a [`Sink`] as soon as it is made:
//! [`Writer`] writes it into the output folder (`build`), staged and committed through a journal
//! so that a build that fails or is killed never leaves a half-written site; [`Collect`] keeps it
//! in an [`OutputTree`] in memory (the preview); [`Listing`] keeps only its path (`check`).
//! [`check_output_dir`] says which folders a build may empty; [`names`] which output paths file
//! systems can hold.

mod guard;
mod journal;
mod lock;
pub mod names;
mod plan;
mod write;

use anyhow::{bail, Result};
use imbl::ordmap::{DiffItem, OrdMap};
use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use guard::{check_output_dir, real_path};
pub use journal::STAGING;
pub use names::NameProblem;
pub use write::{write_tree, Writer};

/// The file that marks a folder as ecoatlas output, so that it may be emptied.
pub const MARKER: &str = ".ecoatlas-output";

/// Every file of a built site, by path relative to the output folder (`/`-separated), in path
/// order.
///
/// The preview keeps one tree for what it serves and one for the next rebuild to start from,
/// and a partial rebuild changes a few dozen files of tens of thousands. So the map is persistent
/// ([`imbl::OrdMap`], a B-tree whose nodes are shared between copies): a clone costs O(1), a
/// change copies only the nodes on its path, dropping a tree frees only what no other tree
/// shares, and [`OutputTree::changes`] skips what two trees share. Files themselves are shared
/// `Arc`s too, never copied. What would need a walk over the whole tree (the page count) is
/// kept up to date as files come and go instead.
#[derive(Debug, Default, Clone)]
pub struct OutputTree {
    files: OrdMap<String, File>,
    /// How many of `files` are HTML pages.
    pages: usize,
}

/// The bytes of one file, shared between trees. Equal only to itself (the same allocation):
/// that is what lets [`OutputTree::changes`] tell cheaply which files a rebuild put in, and
/// leaves comparing their bytes to the caller, who may not need to.
#[derive(Debug, Clone)]
struct File(Arc<Vec<u8>>);

impl PartialEq for File {
    fn eq(&self, other: &File) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for File {}

impl File {
    fn bytes(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Two trees are equal when they have the same files with the same bytes.
impl PartialEq for OutputTree {
    fn eq(&self, other: &OutputTree) -> bool {
        self.len() == other.len() && self.changes(other).all(|c| c.old == c.new)
    }
}

impl Eq for OutputTree {}

impl OutputTree {
    /// Adds a file. Paths are checked so that no name can point outside the output folder.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) -> Result<()> {
        let path = path.into();
        if !is_safe_relative(&path) {
            bail!("refusing to write `{path}`: outside the output folder");
        }
        if self.files.contains_key(path.as_str()) {
            bail!("two outputs want the same file `{path}`");
        }
        self.put(path, File(Arc::new(bytes)));
        Ok(())
    }

    /// Takes every file of `part`, replacing files of the same path. Costs O(m log n) for `m`
    /// files in `part`, whatever the size of this tree.
    pub fn replace(&mut self, part: OutputTree) {
        for (path, file) in part.files {
            self.put(path, file);
        }
    }

    /// Sets the file at `path` (checked already), keeping the page count.
    fn put(&mut self, path: String, file: File) {
        let page = is_page(&path);
        if self.files.insert(path, file).is_none() && page {
            self.pages += 1;
        }
    }

    /// Removes a file; says whether it was there.
    pub fn remove(&mut self, path: &str) -> bool {
        let was = self.files.remove(path).is_some();
        if was && is_page(path) {
            self.pages -= 1;
        }
        was
    }

    /// Is the file at `path` in both trees the very same (shared, not only equal) bytes?
    pub fn same_file(&self, other: &OutputTree, path: &str) -> bool {
        match (self.files.get(path), other.files.get(path)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(File::bytes)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many of the files are HTML pages (counted as files come and go: O(1)).
    pub fn pages(&self) -> usize {
        self.pages
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.bytes()))
    }

    /// The files of this tree and `new` that are not the very same bytes ([`Self::same_file`]),
    /// in path order: added (`old` is `None`), removed (`new` is `None`), or put in again. A
    /// file put in again may have the same bytes as before (a rebuild renders again more than
    /// changes): comparing `old` and `new` says, and a caller that can decide on cheaper facts
    /// first (a file removed, a length that changed) need not read megabytes to do so.
    ///
    /// Parts of the trees that are shared (`new` made from a clone of this tree, as a partial
    /// rebuild makes it) are skipped without being visited, so this costs time in proportion
    /// to the files put in, not to the size of the site; two trees built apart are walked
    /// whole.
    pub fn changes<'a>(&'a self, new: &'a OutputTree) -> impl Iterator<Item = FileChange<'a>> {
        self.files.diff(&new.files).map(|item| match item {
            DiffItem::Add(path, file) => FileChange {
                path,
                old: None,
                new: Some(file.bytes()),
            },
            DiffItem::Remove(path, file) => FileChange {
                path,
                old: Some(file.bytes()),
                new: None,
            },
            DiffItem::Update {
                old: (path, old),
                new: (_, new),
            } => FileChange {
                path,
                old: Some(old.bytes()),
                new: Some(new.bytes()),
            },
        })
    }
}

/// A file that is not shared between two trees ([`OutputTree::changes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileChange<'a> {
    pub path: &'a str,
    /// The bytes before; `None` when the file was added.
    pub old: Option<&'a [u8]>,
    /// The bytes after; `None` when the file was removed.
    pub new: Option<&'a [u8]>,
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

    /// The paths put so far that file systems cannot hold ([`names`]); sinks that write
    /// nothing to disk need not look.
    fn name_problems(&self) -> Vec<NameProblem> {
        Vec::new()
    }
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
    fn put(&self, path: String, mut bytes: Vec<u8>) -> Result<()> {
        // The tree is kept (the preview serves from it); a page rendered into a growing
        // buffer has up to as much again unused behind it, which would be held as long.
        bytes.shrink_to_fit();
        lock(&self.0).insert(path, bytes)
    }

    fn has(&self, path: &str) -> bool {
        lock(&self.0).get(path).is_some()
    }

    fn pages(&self) -> usize {
        lock(&self.0).pages()
    }
}

/// The paths of a site's files, each checked and taken once, with what file systems would
/// make of them ([`names::NameRules`]).
#[derive(Debug, Default)]
pub struct Manifest(Mutex<Paths>);

#[derive(Debug, Default)]
struct Paths {
    set: BTreeSet<String>,
    names: names::NameRules,
}

impl Manifest {
    /// A manifest of files to go below the folder `out`.
    pub fn for_output(out: &Path) -> Manifest {
        Manifest(Mutex::new(Paths {
            set: BTreeSet::new(),
            names: names::NameRules::for_output(out),
        }))
    }

    /// Takes `path` for a file; fails when it is unsafe or taken.
    pub fn take(&self, path: &str) -> Result<()> {
        if !is_safe_relative(path) {
            bail!("refusing to write `{path}`: outside the output folder");
        }
        if path.starts_with(".ecoatlas-") {
            bail!("refusing to write `{path}`: the name is kept for ecoatlas's own files");
        }
        let mut paths = lock(&self.0);
        let Paths { set, names } = &mut *paths;
        if set.contains(path) {
            bail!("two outputs want the same file `{path}`");
        }
        names.see(path, &|p| set.contains(p));
        set.insert(path.to_string());
        Ok(())
    }

    pub fn has(&self, path: &str) -> bool {
        lock(&self.0).set.contains(path)
    }

    pub fn pages(&self) -> usize {
        lock(&self.0).set.iter().filter(|p| is_page(p)).count()
    }

    pub fn name_problems(&self) -> Vec<NameProblem> {
        lock(&self.0).names.problems()
    }

    /// Every path taken, leaving the manifest empty.
    fn take_paths(&self) -> BTreeSet<String> {
        std::mem::take(&mut lock(&self.0).set)
    }
}

/// A sink that keeps only the paths of the files (what `check` needs: which pages exist, and
/// whether the file systems can hold them).
#[derive(Debug, Default)]
pub struct Listing(Manifest);

impl Listing {
    /// A listing that judges path lengths for the output folder `out`.
    pub fn for_output(out: &Path) -> Listing {
        Listing(Manifest::for_output(out))
    }
}

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

    fn name_problems(&self) -> Vec<NameProblem> {
        self.0.name_problems()
    }
}

/// Completes or rolls back what a killed build left in the output folder `out`, saying so in
/// one line, unless a build is writing there now (`check` calls this for the default output
/// folder; `build` does the same, under the lock, before anything else).
pub fn recover_interrupted(out: &Path) -> Result<()> {
    let staging = journal::Staging::of(out);
    if !staging.exists() {
        return Ok(());
    }
    let Some(_lock) = lock::try_acquire(out)? else {
        return Ok(());
    };
    if let Some(what) = staging.recover()? {
        eprintln!("note: {}: {what}", out.display());
    }
    Ok(())
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
    fn pages_are_counted_as_files_come_and_go() {
        let mut t = tree_of(&[
            ("index.html", "A"),
            ("a/index.html", "A"),
            ("data.json", "[]"),
        ]);
        assert_eq!(t.pages(), 2);
        t.replace(tree_of(&[
            ("a/index.html", "B"),
            ("b/index.html", "B"),
            ("x.css", ""),
        ]));
        assert_eq!(t.pages(), 3);
        assert!(t.remove("index.html"));
        assert!(!t.remove("index.html"));
        assert!(t.remove("data.json"));
        assert_eq!(t.pages(), 2);
        assert_eq!(
            t.paths().collect::<Vec<_>>(),
            ["a/index.html", "b/index.html", "x.css"],
            "in path order"
        );
        assert_eq!(t.get("a/index.html"), Some(&b"B"[..]));
    }

    #[test]
    fn trees_are_equal_by_bytes_and_clones_share_files() {
        let a = tree_of(&[("index.html", "A"), ("data.json", "[]")]);
        let b = tree_of(&[("index.html", "A"), ("data.json", "[]")]);
        assert_eq!(a, b);
        assert!(!a.same_file(&b, "index.html"));
        assert_eq!(a.changes(&b).count(), 2, "built apart: nothing shared");

        let mut c = a.clone();
        assert!(a.same_file(&c, "index.html"));
        assert_eq!(a.changes(&c).count(), 0);
        c.replace(tree_of(&[("data.json", "[]")]));
        assert_eq!(a, c, "put in again with the same bytes");
        assert!(a.same_file(&c, "index.html"));
        assert!(!a.same_file(&c, "data.json"));
        assert_eq!(
            a.changes(&c).collect::<Vec<_>>(),
            [FileChange {
                path: "data.json",
                old: Some(&b"[]"[..]),
                new: Some(&b"[]"[..]),
            }]
        );
        c.replace(tree_of(&[("data.json", "[1]")]));
        c.remove("index.html");
        assert_ne!(a, c);
        assert_eq!(
            a.changes(&c).collect::<Vec<_>>(),
            [
                FileChange {
                    path: "data.json",
                    old: Some(&b"[]"[..]),
                    new: Some(&b"[1]"[..]),
                },
                FileChange {
                    path: "index.html",
                    old: Some(&b"A"[..]),
                    new: None,
                },
            ]
        );
        assert_eq!(
            a.get("data.json"),
            Some(&b"[]"[..]),
            "the clone is untouched"
        );
    }
}
