//! Actors' Markdown bodies, kept where they stand in their files and read again when their
//! pages render ([`Body`]), and the site's reader of them ([`BodyFiles`]).

use super::BodySource;
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::hash::Hasher;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The site root that bodies kept in their files are read from, and the problems met doing so
/// while rendering (collected here, because a page's data cannot fail).
#[derive(Debug, Default)]
pub struct BodyFiles {
    root: PathBuf,
    problems: Mutex<Vec<Diagnostic>>,
}

impl BodyFiles {
    pub fn new(root: &Path) -> BodyFiles {
        BodyFiles {
            root: root.to_path_buf(),
            problems: Mutex::default(),
        }
    }
}

impl BodyFiles {
    /// The text of `body`, read again from its file when it stayed there. A file that no longer
    /// holds the text that was loaded gives an empty text here and an error in
    /// [`BodyFiles::take_problems`].
    pub fn read<'a>(&self, body: &'a Body, source: &BodySource) -> Cow<'a, str> {
        match body.text(&self.root, source) {
            Ok(text) => text,
            Err(d) => {
                self.problems
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(d);
                Cow::Borrowed("")
            }
        }
    }

    /// What went wrong reading bodies again since the last call.
    pub fn take_problems(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Clone for BodyFiles {
    /// The same root; problems stay with the site they were met in.
    fn clone(&self) -> Self {
        BodyFiles::new(&self.root)
    }
}

/// An actor's Markdown body. Most bodies are not kept in memory (at 100,000 actors they were
/// half a gigabyte), only where they stand in their file and a hash of their bytes; rendering
/// reads them again ([`Site::body`]) and refuses a file that changed in between. A body stays
/// in memory when its file's text is not its bytes (a byte-order mark or CR line endings were
/// normalised away), when it came from the YAML `description:` field, or when it is blank.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Inline(String),
    /// Bytes `start..start + len` of the file named by the body's [`BodySource`].
    InFile {
        start: u32,
        len: u32,
        hash: u64,
    },
}

impl Default for Body {
    fn default() -> Self {
        Body::Inline(String::new())
    }
}

impl Body {
    /// The body `text[start..]` of a file whose text is `text`. `verbatim` says whether that
    /// text is the file's bytes as they are on disk (no byte-order mark, no CR removed).
    pub fn of_file(text: &str, start: usize, verbatim: bool) -> Body {
        let body = &text[start..];
        let located = u32::try_from(start)
            .ok()
            .zip(u32::try_from(body.len()).ok());
        match located {
            Some((start, len)) if verbatim && !body.trim().is_empty() => Body::InFile {
                start,
                len,
                hash: hash(body.as_bytes()),
            },
            _ => Body::Inline(body.to_string()),
        }
    }

    /// Whether the body has no text (only white space). A body kept in its file never has.
    pub fn is_blank(&self) -> bool {
        match self {
            Body::Inline(s) => s.trim().is_empty(),
            Body::InFile { .. } => false,
        }
    }

    /// The text, read from `source.file` below `root` when it is not in memory.
    pub fn text<'a>(
        &'a self,
        root: &Path,
        source: &BodySource,
    ) -> Result<Cow<'a, str>, Diagnostic> {
        let (start, len, hash_then) = match self {
            Body::Inline(s) => return Ok(Cow::Borrowed(s)),
            Body::InFile { start, len, hash } => (*start, *len, *hash),
        };
        let changed = || {
            Diagnostic::error(
                &*source.file,
                "the file changed while building; build again",
            )
            .at(source.line, 1)
            .field("body")
            .hint("the Markdown text was read again to render it and is no longer what was checked")
        };
        let mut bytes = vec![0; len as usize];
        let read = crate::site_files::open_regular(&root.join(&source.file))
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|mut f| {
                f.seek(SeekFrom::Start(u64::from(start)))?;
                f.read_exact(&mut bytes)
            });
        if read.is_err() || hash(&bytes) != hash_then {
            return Err(changed());
        }
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| changed())
    }
}

/// The hash that tells whether a body read again is the one loaded (within one process).
fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{split_front_matter, SourceFile};
    use std::sync::Arc;

    fn source(file: &str) -> BodySource {
        BodySource {
            file: Arc::from(Path::new(file)),
            line: 4,
        }
    }

    #[test]
    fn a_body_read_again_is_the_one_loaded_and_a_changed_file_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("a.md");
        let text = "---\nname: A\n---\nSome *text* in Malmö.\n";
        std::fs::write(&path, text).expect("written");
        let start = text.find("Some").expect("the body");
        let body = Body::of_file(text, start, true);
        assert!(matches!(body, Body::InFile { .. }), "{body:?}");
        let src = source("a.md");
        let read = body.text(dir.path(), &src).expect("the same file");
        assert_eq!(read, "Some *text* in Malmö.\n");

        // The same length, other text: the hash tells.
        std::fs::write(&path, text.replace("Some", "Sane")).expect("written");
        let d = body.text(dir.path(), &src).expect_err("a changed body");
        assert!(
            d.message.contains("changed while building"),
            "{}",
            d.message
        );
        assert_eq!((d.file.as_path(), d.line), (Path::new("a.md"), 4));
        // A longer front matter moves the body: refused too, not read from the wrong place.
        std::fs::write(&path, text.replace("name: A", "name: AB")).expect("written");
        assert!(body.text(dir.path(), &src).is_err());
        // Shorter, and gone.
        std::fs::write(&path, "---\n").expect("written");
        assert!(body.text(dir.path(), &src).is_err());
        std::fs::remove_file(&path).expect("removed");
        assert!(body.text(dir.path(), &src).is_err());
        // The original again: fine.
        std::fs::write(&path, text).expect("written");
        assert!(body.text(dir.path(), &src).is_ok());
    }

    #[test]
    fn bodies_whose_text_is_not_their_files_bytes_stay_in_memory() {
        for bytes in [
            &b"---\r\nname: A\r\n---\r\nLine one\r\nLine two\r\n"[..],
            "\u{feff}---\nname: A\n---\nLine one\nLine two\n".as_bytes(),
        ] {
            let f = SourceFile::from_bytes(bytes.to_vec(), "a.md".into()).expect("text");
            assert!(!f.verbatim);
            let doc = split_front_matter(&f, true).expect("a record");
            let start = doc.body.as_ptr() as usize - f.text.as_ptr() as usize;
            let body = Body::of_file(&f.text, start, f.verbatim);
            assert_eq!(body, Body::Inline("Line one\nLine two\n".into()));
            // Nothing is read: there is no file.
            let text = body.text(Path::new("/nonexistent"), &source("a.md"));
            assert_eq!(text.expect("in memory"), "Line one\nLine two\n");
        }
        let f = SourceFile::from_bytes(b"---\nname: A\n---\nBody\n".to_vec(), "a.md".into())
            .expect("text");
        assert!(f.verbatim);
        assert!(!Body::of_file(&f.text, 16, true).is_blank());
        let blank = Body::of_file("---\nname: A\n---\n \n", 16, true);
        assert_eq!(blank, Body::Inline(" \n".into()));
        assert!(blank.is_blank());
    }
}
