//! The site's own files on disk. Two rules hold for every file ecoatlas reads from a site
//! (site.yaml, records, campus outlines, logos, theme files):
//!
//! - only regular files are read: a named pipe (FIFO) or a device named like a record would
//!   block the build, or never end, so it is refused as "not a regular file", and it is never
//!   opened in a way that could wait for a writer;
//! - only files that lie inside the site's folder once symbolic links are resolved are
//!   published: a link inside the site may point to another file of the site, not elsewhere
//!   (which would publish, say, a file from the editor's home folder).

use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The site's folder with its links resolved, for asking whether paths lie inside it.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    canonical: Option<PathBuf>,
}

impl SiteRoot {
    pub fn new(root: &Path) -> SiteRoot {
        SiteRoot {
            canonical: std::fs::canonicalize(root).ok(),
        }
    }

    /// Does `path`, with every symbolic link on the way resolved, lie inside the site? `false`
    /// when it cannot be resolved (it does not exist, or a link dangles).
    pub fn contains(&self, path: &Path) -> bool {
        match (&self.canonical, std::fs::canonicalize(path)) {
            (Some(root), Ok(p)) => p.starts_with(root),
            _ => false,
        }
    }
}

/// Does `path` lie inside the site `root`, after resolving symbolic links? (See
/// [`SiteRoot::contains`]; use a [`SiteRoot`] to ask about many paths.)
pub fn inside_site(root: &Path, path: &Path) -> bool {
    SiteRoot::new(root).contains(path)
}

/// What kind of file this is, for a message that says why it is not read ("a named pipe").
pub fn kind_of(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_char_device() {
            return "a character device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// The message for a path that exists but is not a regular file.
pub fn not_regular(t: &FileType) -> String {
    format!("is not a regular file but {}", kind_of(t))
}

/// Why a file of the site could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing is there (or a symbolic link dangles).
    Missing,
    /// Something is there, but not a regular file: the kind, as [`kind_of`] names it.
    NotRegular(&'static str),
    /// The file is larger than the limit: its size in bytes.
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "does not exist"),
            ReadError::NotRegular(kind) => write!(f, "is not a regular file but {kind}"),
            ReadError::TooLarge(n) => write!(f, "is {n} bytes, too large"),
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

/// The metadata of the regular file at `path` (links followed).
pub fn regular_metadata(path: &Path) -> Result<Metadata, ReadError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(m),
        Ok(m) => Err(ReadError::NotRegular(kind_of(&m.file_type()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::Missing),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Opens the regular file at `path` for reading. Something else is refused, and a named pipe
/// that appears between the check and the opening is opened without waiting for a writer (and
/// then refused), so this never blocks.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    open_with_metadata(path).map(|(file, _)| file)
}

/// [`open_regular`], with the metadata of the file opened.
fn open_with_metadata(path: &Path) -> Result<(File, Metadata), ReadError> {
    regular_metadata(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Without it, opening a FIFO waits for a writer. Reading a regular file ignores it.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    Ok((file, meta))
}

/// The bytes of the regular file at `path`, refused unread when larger than `max` bytes.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_with_metadata(path)?;
    let size = meta.len();
    if size > max {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grows while it is read is cut at the limit plus one byte, and refused.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_files_outside_the_site_are_outside() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::write(site.join("content/a.md"), "a").unwrap();
        std::fs::write(dir.path().join("secret.md"), "s").unwrap();
        let root = SiteRoot::new(&site);
        assert!(root.contains(&site.join("content/a.md")));
        assert!(root.contains(&site.join("content/../content/a.md")));
        assert!(!root.contains(&site.join("../secret.md")));
        assert!(!root.contains(&site.join("content/missing.md")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.md"), site.join("content/out.md"))
                .unwrap();
            std::os::unix::fs::symlink(site.join("content/a.md"), site.join("content/in.md"))
                .unwrap();
            assert!(!root.contains(&site.join("content/out.md")));
            assert!(root.contains(&site.join("content/in.md")));
            assert!(!inside_site(&site, &site.join("content/out.md")));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("site.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo only reads the NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        match read_regular(&fifo, 1024) {
            Err(ReadError::NotRegular(kind)) => assert_eq!(kind, "a named pipe (FIFO)"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_regular(&dir.path().join("none"), 1024),
            Err(ReadError::Missing)
        ));
        assert!(matches!(
            read_regular(dir.path(), 1024),
            Err(ReadError::NotRegular("a folder"))
        ));
        let file = dir.path().join("f");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
        assert!(matches!(
            read_regular(&file, 4),
            Err(ReadError::TooLarge(5))
        ));
    }
}
