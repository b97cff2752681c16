//! Finding content files and grouping them into records: `<slug>.<ext>` in the default language
//! and `<slug>.<lang>.<ext>` for translations.

use crate::diagnostic::{relative_to, Diagnostic, Diagnostics};
use crate::site_files::{not_regular, regular_metadata, ReadError, SiteRoot};
use crate::slug::slugify;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One content file.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub display: PathBuf,
    pub ext: String,
}

/// The files of one record: its default-language file(s) and its translations.
#[derive(Debug, Default, Clone)]
pub struct RecordFiles {
    pub slug: String,
    /// Default-language files, by extension (`md`, `yaml`, `geojson`, ...).
    pub main: Vec<ContentFile>,
    /// Translations by language, then files.
    pub translations: BTreeMap<String, Vec<ContentFile>>,
}

/// Is this a file that editors' tools leave behind (swap, backup, temp)?
pub fn is_editor_artifact(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
}

/// Walks `dir` and groups the files with one of `exts` into records, by slug. Files of other
/// kinds are reported, as are names that make two records share a slug.
pub fn content_files(
    root: &Path,
    dir: &Path,
    exts: &[&str],
    languages: &[String],
    diags: &mut Diagnostics,
) -> Vec<RecordFiles> {
    content_files_with_assets(root, dir, exts, &[], languages, diags).0
}

/// Like [`content_files`], but files ending in one of `asset_exts` (images kept beside the
/// records) are returned apart instead of being reported.
pub fn content_files_with_assets(
    root: &Path,
    dir: &Path,
    exts: &[&str],
    asset_exts: &[&str],
    languages: &[String],
    diags: &mut Diagnostics,
) -> (Vec<RecordFiles>, Vec<ContentFile>) {
    let mut records: BTreeMap<String, RecordFiles> = BTreeMap::new();
    let mut assets = Vec::new();
    if !dir.exists() {
        return (Vec::new(), assets);
    }
    let default_lang = languages.first().map(String::as_str).unwrap_or("sv");
    let site = SiteRoot::new(root);
    if !site.contains(dir) {
        diags.push(
            Diagnostic::error(
                relative_to(root, dir),
                "this folder is a link to a folder outside the site's folder",
            )
            .hint(
                "keep the content inside the site: move the folder here instead of linking to it",
            ),
        );
        return (Vec::new(), assets);
    }
    let canonical_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        // A linked folder that contains the folder being read would be read again and again.
        if let Ok(e) = &entry {
            if e.path_is_symlink() && e.file_type().is_dir() {
                let target =
                    std::fs::canonicalize(e.path()).unwrap_or_else(|_| e.path().to_path_buf());
                if canonical_dir.starts_with(&target) {
                    diags.push(Diagnostic::error(
                        relative_to(root, e.path()),
                        "a symbolic link loops back to a folder that contains it",
                    ));
                    walk.skip_current_dir();
                    continue;
                }
            }
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| relative_to(root, p))
                    .unwrap_or_else(|| relative_to(root, dir));
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder that contains it".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                diags.push(Diagnostic::error(at, message));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.depth() > 0 && is_editor_artifact(&name) {
            continue;
        }
        let display = relative_to(root, entry.path());
        // A link may lead to another file or folder of the site, not out of it (files are
        // published); refused as logos outside the site are.
        if entry.path_is_symlink() && !site.contains(entry.path()) {
            let what = if entry.file_type().is_dir() {
                "folder"
            } else {
                "file"
            };
            diags.push(
                Diagnostic::error(
                    &display,
                    format!("this is a link to a {what} outside the site's folder"),
                )
                .hint(format!(
                    "keep the {what} inside the site: copy it here instead of linking to it"
                )),
            );
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            diags.push(
                Diagnostic::error(&display, format!("this {}", not_regular(&entry.file_type())))
                    .hint("ecoatlas reads only regular files; remove it, or replace it with the file itself"),
            );
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if let Some(ext) = asset_exts
            .iter()
            .find(|x| lower.ends_with(&format!(".{x}")))
        {
            assets.push(ContentFile {
                path: entry.path().to_path_buf(),
                display,
                ext: ext.to_string(),
            });
            continue;
        }
        let Some((stem, lang, ext)) = split_name(&name, languages) else {
            diags.push(
                Diagnostic::warning(
                    &display,
                    "this file is not a content record and is not used",
                )
                .hint(format!("records here end in .{}", exts.join(", ."))),
            );
            continue;
        };
        if !exts.contains(&ext.as_str()) {
            diags.push(
                Diagnostic::warning(
                    &display,
                    format!("files ending in .{ext} are not read here"),
                )
                .hint(format!("records here end in .{}", exts.join(", ."))),
            );
            continue;
        }
        if let Some(l) = &lang {
            if !languages.iter().any(|x| x == l) {
                diags.push(
                    Diagnostic::error(
                        &display,
                        format!("a translation into `{l}`, which site.yaml does not list"),
                    )
                    .hint(format!("site.yaml languages: {}", languages.join(", "))),
                );
                continue;
            }
        }
        let slug = slugify(&stem);
        if slug.is_empty() {
            diags.push(
                Diagnostic::error(&display, "the file name gives an empty slug")
                    .hint("name the file after the record, e.g. karolinska-institutet.md"),
            );
            continue;
        }
        let file = ContentFile {
            path: entry.path().to_path_buf(),
            display,
            ext,
        };
        let record = records.entry(slug.clone()).or_insert_with(|| RecordFiles {
            slug,
            ..Default::default()
        });
        match lang {
            Some(l) if l != default_lang => record.translations.entry(l).or_default().push(file),
            _ => record.main.push(file),
        }
    }
    (records.into_values().collect(), assets)
}

/// The files of the one record `slug`, from `paths` (files that exist now, below `dir`; others
/// are left out), grouped as [`content_files_with_assets`] groups them. `None` when the files
/// are not one plain record in one folder: an asset, a name that is not a record's, a second
/// file for the same language, files in two folders. Then only a walk of the whole folder can
/// tell what they are.
pub fn record_of(
    dir: &Path,
    root: &Path,
    slug: &str,
    paths: &[PathBuf],
    exts: &[&str],
    languages: &[String],
) -> Option<RecordFiles> {
    let default_lang = languages.first().map(String::as_str).unwrap_or("sv");
    let mut record = RecordFiles {
        slug: slug.to_string(),
        ..Default::default()
    };
    let mut folder: Option<&Path> = None;
    let site = SiteRoot::new(root);
    for path in paths {
        let name = path.file_name()?.to_string_lossy();
        if is_editor_artifact(&name) || !path.starts_with(dir) {
            return None;
        }
        let (stem, lang, ext) = split_name(&name, languages)?;
        if slugify(&stem) != slug {
            continue;
        }
        match regular_metadata(path) {
            Ok(_) => {}
            Err(ReadError::Missing) => continue,
            // Not a regular file: the walk of the whole folder reports it.
            Err(_) => return None,
        }
        // A link out of the site is reported by the walk of the whole folder.
        if !site.contains(path) {
            return None;
        }
        if !exts.contains(&ext.as_str()) || lang.as_ref().is_some_and(|l| !languages.contains(l)) {
            return None;
        }
        let parent = path.parent()?;
        if folder.is_some_and(|f| f != parent) {
            return None;
        }
        folder = Some(parent);
        let file = ContentFile {
            path: path.clone(),
            display: relative_to(root, path),
            ext,
        };
        let files = match lang {
            Some(l) if l != default_lang => record.translations.entry(l).or_default(),
            _ => &mut record.main,
        };
        if !files.is_empty() {
            return None;
        }
        files.push(file);
    }
    Some(record)
}

/// Splits `name.en.md` into (`name`, Some(`en`), `md`). A two-letter second extension counts
/// as a language code (so a typo such as `.de.md` is caught), other dots belong to the stem.
pub fn split_name(name: &str, languages: &[String]) -> Option<(String, Option<String>, String)> {
    let (rest, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    if let Some((stem, lang)) = rest.rsplit_once('.') {
        let is_code = lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase());
        if is_code || languages.iter().any(|l| l == lang) {
            return Some((stem.to_string(), Some(lang.to_string()), ext));
        }
    }
    Some((rest.to_string(), None, ext))
}

/// The record's one main file with one of `exts`. When several files claim the slug, each
/// extra one is reported and the first (in file-name order) is used, so that the error about
/// the duplicate is not followed by errors about references to a missing record.
pub fn single_main<'a>(
    record: &'a RecordFiles,
    exts: &[&str],
    kind: &str,
    diags: &mut Diagnostics,
) -> Option<&'a ContentFile> {
    let mains: Vec<&ContentFile> = record
        .main
        .iter()
        .filter(|f| exts.contains(&f.ext.as_str()))
        .collect();
    match mains.as_slice() {
        [one] => Some(one),
        [] => None,
        [first, rest @ ..] => {
            for other in rest {
                diags.push(
                    Diagnostic::error(&other.display, format!("duplicate {kind} slug `{}`", record.slug))
                        .hint(format!(
                            "`{}` gives the same slug; file names that differ only in case, accents or punctuation name one record",
                            first.display.display()
                        )),
                );
            }
            Some(first)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_stem_language_and_extension() {
        let langs = vec!["sv".to_string(), "en".to_string()];
        assert_eq!(
            split_name("ki.md", &langs),
            Some(("ki".into(), None, "md".into()))
        );
        assert_eq!(
            split_name("ki.en.md", &langs),
            Some(("ki".into(), Some("en".into()), "md".into()))
        );
        assert_eq!(
            split_name("ki.de.md", &langs),
            Some(("ki".into(), Some("de".into()), "md".into()))
        );
        assert_eq!(
            split_name("a.b.c.yaml", &langs),
            Some(("a.b.c".into(), None, "yaml".into()))
        );
        assert_eq!(split_name("README", &langs), None);
    }

    #[test]
    fn editor_artifacts_are_recognised() {
        for n in [
            ".ki.md.swp",
            "ki.md~",
            "#ki.md#",
            "ki.md.tmp",
            ".#ki.md",
            "ki.md___jb_tmp___",
        ] {
            assert!(is_editor_artifact(n), "{n}");
        }
        assert!(!is_editor_artifact("ki.md"));
    }
}
