//! Output names that the file systems a site is built on or copied to cannot hold, found while
//! the files are listed (by `check` and `build` alike, so that `check` rejects what `build`
//! would fail on), and traced back to the record, theme file or `site.yaml` entry they come from.
//!
//! The limits: 255 bytes for one name (`NAME_MAX` of ext4, XFS, Btrfs and tmpfs; APFS and NTFS
//! allow 255 characters, which a name of 255 bytes never exceeds); 4095 bytes for the whole
//! path including the output folder (Linux's `PATH_MAX` of 4096 with its final NUL, past which
//! opening the file fails); and two paths that differ only in case, which one file on the
//! case-insensitive file systems of macOS and Windows must hold (the second overwrites the first
//! when the site is copied there).

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The longest name of one file or folder, in bytes.
pub const MAX_NAME: usize = 255;
/// The longest path, in bytes, the output folder included.
pub const MAX_PATH: usize = 4095;

/// An output path that cannot be written everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// A name (file or folder) of more than [`MAX_NAME`] bytes.
    LongName { path: String, name: String },
    /// A path of more than [`MAX_PATH`] bytes with the output folder.
    LongPath { path: String, len: usize },
    /// Two paths equal but for case.
    CaseCollision { path: String, other: String },
}

impl NameProblem {
    fn path(&self) -> &str {
        match self {
            NameProblem::LongName { path, .. }
            | NameProblem::LongPath { path, .. }
            | NameProblem::CaseCollision { path, .. } => path,
        }
    }
}

/// Watches the output paths of one build as they are taken.
#[derive(Debug, Default)]
pub struct NameRules {
    /// The length of the output folder's absolute path and its `/`.
    prefix: usize,
    /// Paths that have upper-case letters, by their lower-case form (few: the site's own paths
    /// are lower case; theme files and vocabulary keys may not be).
    folded: HashMap<String, String>,
    problems: Vec<NameProblem>,
}

impl NameRules {
    /// Rules for files below the folder `out`.
    pub fn for_output(out: &Path) -> NameRules {
        let abs = super::guard::real_path(out).unwrap_or_else(|_| out.to_path_buf());
        NameRules {
            prefix: abs.as_os_str().len() + 1,
            ..NameRules::default()
        }
    }

    /// Looks at `path`, new among `taken` (every path taken before it).
    pub fn see(&mut self, path: &str, taken: &impl Fn(&str) -> bool) {
        if let Some(name) = path.split('/').find(|n| n.len() > MAX_NAME) {
            self.problems.push(NameProblem::LongName {
                path: path.to_string(),
                name: name.to_string(),
            });
        } else if self.prefix + path.len() > MAX_PATH {
            self.problems.push(NameProblem::LongPath {
                path: path.to_string(),
                len: self.prefix + path.len(),
            });
        }
        let lower = lower_case(path);
        match lower {
            // All lower case: collides with a path seen before that had capitals.
            None => {
                if let Some(other) = self.folded.get(path) {
                    self.collision(path, other.clone());
                }
            }
            Some(lower) => {
                if let Some(other) = self.folded.get(&lower) {
                    self.collision(path, other.clone());
                } else if taken(&lower) {
                    self.collision(path, lower.clone());
                }
                self.folded.entry(lower).or_insert_with(|| path.to_string());
            }
        }
    }

    fn collision(&mut self, path: &str, other: String) {
        self.problems.push(NameProblem::CaseCollision {
            path: path.to_string(),
            other,
        });
    }

    pub fn problems(&self) -> Vec<NameProblem> {
        self.problems.clone()
    }
}

/// `path` in lower case, or `None` when it is already.
fn lower_case(path: &str) -> Option<String> {
    let has_upper = if path.is_ascii() {
        path.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        path.chars()
            .any(|c| c.to_lowercase().ne(std::iter::once(c)))
    };
    has_upper.then(|| path.to_lowercase())
}

/// Where an output path comes from: a file of the site, and what in it (field and text) if
/// more than the file name.
struct Source {
    file: PathBuf,
    field: Option<(String, String)>,
    /// Is the name made from the file's name (a slug)?
    slug: bool,
}

/// Diagnostics for `problems`, one per source and kind, at the record, theme file or
/// `site.yaml` entry that makes the path.
pub fn diagnose(
    site: &Site,
    theme: &Theme,
    root: &Path,
    problems: &[NameProblem],
) -> Vec<Diagnostic> {
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    // One diagnostic per source and kind of problem: a long slug makes many long paths.
    let mut seen: BTreeMap<(PathBuf, u8), ()> = BTreeMap::new();
    let mut out = Vec::new();
    for p in problems {
        let src = source(site, theme, root, p.path());
        let kind = match p {
            NameProblem::LongName { .. } => 0,
            NameProblem::LongPath { .. } => 1,
            NameProblem::CaseCollision { .. } => 2,
        };
        let key = (
            src.file
                .join(src.field.as_ref().map_or("", |f| f.1.as_str())),
            kind,
        );
        if seen.insert(key, ()).is_some() {
            continue;
        }
        let made = if src.slug {
            "its file name gives the output path"
        } else {
            "it gives the output path"
        };
        let (message, hint) = match p {
            NameProblem::LongName { path, name } => (
                format!(
                    "{made} `{path}`, with a name of {} bytes; file systems allow at most {MAX_NAME}",
                    name.len()
                ),
                if src.slug {
                    "shorten the file name (letters outside ASCII are spelled out in ASCII, which can make a name longer)"
                } else {
                    "shorten the name"
                },
            ),
            NameProblem::LongPath { path, len } => (
                format!(
                    "{made} `{path}`, which with the output folder is {len} bytes long; file systems allow at most {MAX_PATH}"
                ),
                if src.slug {
                    "shorten the file name, or build into a folder with a shorter path"
                } else {
                    "shorten the name, or build into a folder with a shorter path"
                },
            ),
            NameProblem::CaseCollision { path, other } => (
                format!(
                    "{made} `{path}`, which differs from `{other}` only in case: on macOS and Windows they are one file"
                ),
                "rename one of them",
            ),
        };
        let mut d = Diagnostic::error(&src.file, message).hint(hint);
        if let Some((field, text)) = src.field {
            let line = crate::source::key_line(&yaml, 1, &field);
            d = d.field(field).at(line, 1).text(text);
        }
        out.push(d);
    }
    out
}

/// The source of the output path `path`.
fn source(site: &Site, theme: &Theme, root: &Path, path: &str) -> Source {
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 1
        && parts[0] != site.default_language()
        && site.config.languages.iter().any(|l| l == parts[0])
    {
        parts.remove(0);
    }
    let record = |file: &Path| Source {
        file: crate::diagnostic::relative_to(root, file),
        field: None,
        slug: true,
    };
    let yaml = |field: &str, key: &str| Source {
        file: PathBuf::from("site.yaml"),
        field: Some((format!("{field}.{key}"), key.to_string())),
        slug: false,
    };
    match parts.as_slice() {
        ["actors", slug, ..] => {
            if let Some(a) = site.actor(slug) {
                return record(&a.origin.file);
            }
        }
        ["campuses", slug, ..] => {
            if let Some(c) = site.campus(slug) {
                return record(&c.origin.file);
            }
        }
        ["news", slug, ..] => {
            if let Some(n) = site.news.iter().find(|n| n.slug == *slug) {
                return record(&n.origin.file);
            }
        }
        ["types", key, ..] => return yaml("actor_types", key),
        ["sectors", key, ..] => return yaml("sectors", key),
        ["assets", "logos", name] => {
            if let Some(a) = site
                .actors
                .iter()
                .filter(|a| a.logo.is_some() && name.starts_with(&format!("{}-", a.slug)))
                .max_by_key(|a| a.slug.len())
            {
                return record(&a.origin.file);
            }
        }
        ["assets", ..] => {
            return Source {
                file: theme.display_path(root, &format!("static/{}", &path["assets/".len()..])),
                field: None,
                slug: false,
            }
        }
        [slug, ..] => {
            if let Some(p) = site.pages.iter().find(|p| p.slug == *slug) {
                return record(&p.origin.file);
            }
        }
        [] => {}
    }
    Source {
        file: PathBuf::from("site.yaml"),
        field: None,
        slug: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(prefix: usize, paths: &[&str]) -> Vec<NameProblem> {
        let mut rules = NameRules {
            prefix,
            ..NameRules::default()
        };
        let mut taken = std::collections::BTreeSet::new();
        for p in paths {
            rules.see(p, &|q| taken.contains(q));
            taken.insert(p.to_string());
        }
        rules.problems()
    }

    #[test]
    fn long_names_long_paths_and_case_collisions_are_found() {
        let long = "x".repeat(256);
        let fits = "x".repeat(255);
        let paths = [
            format!("actors/{fits}/index.html"),
            format!("actors/{long}/index.html"),
        ];
        let p = seen(10, &[&paths[0], &paths[1]]);
        assert_eq!(
            p,
            [NameProblem::LongName {
                path: paths[1].clone(),
                name: long.clone()
            }]
        );
        // 4095 bytes with the folder pass, 4096 do not.
        let deep = |n: usize| format!("{}a", "b/".repeat(n));
        let at_limit = deep((MAX_PATH - 100 - 1) / 2);
        assert_eq!(100 + at_limit.len(), MAX_PATH);
        assert!(seen(100, &[&at_limit]).is_empty());
        assert!(matches!(
            seen(101, &[&at_limit])[..],
            [NameProblem::LongPath { len: 4096, .. }]
        ));
        // Either order, and letters outside ASCII.
        for order in [
            ["assets/Logo.png", "assets/logo.png"],
            ["assets/logo.png", "assets/Logo.png"],
        ] {
            let p = seen(1, &order);
            assert_eq!(
                p,
                [NameProblem::CaseCollision {
                    path: order[1].into(),
                    other: order[0].into()
                }],
                "{order:?}"
            );
        }
        assert_eq!(seen(1, &["ÅR.html", "År.html", "år.html"]).len(), 2);
        assert!(seen(1, &["a.html", "b.html", "A/b.html"]).is_empty());
    }
}
