//! What a commit does: the operations ([`Op`]) that turn the output folder's old site into
//! the new one, planned from the files there and the files the build staged. The journal
//! ([`super::journal`]) applies them, or undoes them.

use super::journal::{Op, STAGING};
use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// What the commit must do to make the output folder `out` hold exactly the site whose files
/// are `paths`, of which `staged` (path, staged file number) are new or changed; the rest are
/// already there with the right bytes. Also returns how many files it removes.
///
/// The operations come in an order that each can be applied in: first everything that is not
/// part of the site moves away (so that a page may become a folder or a folder a page), then
/// the missing folders are made, shallowest first, then the files go in.
pub fn plan(
    out: &Path,
    paths: &BTreeSet<String>,
    staged: &[(String, u64)],
) -> Result<(Vec<Op>, usize)> {
    let folders: BTreeSet<&str> = paths
        .iter()
        .flat_map(|p| {
            p.match_indices('/')
                .map(move |(i, _)| &p[..i])
                .collect::<Vec<_>>()
        })
        .collect();
    let mut ops = Vec::new();
    let mut trash = 0u64;
    let mut removed = 0;
    let mut it = walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = entry.with_context(|| format!("cannot read {}", out.display()))?;
        let key = relative_key(out, entry.path());
        if entry.depth() == 1 && (key == super::MARKER || key == STAGING) {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if is_dir && folders.contains(key.as_str()) {
            continue;
        }
        if !is_dir && paths.contains(&key) {
            continue;
        }
        if entry.path_is_symlink() && folders.contains(key.as_str()) {
            bail!(
                "{} is a symbolic link where the site needs a folder; remove it and build again",
                entry.path().display()
            );
        }
        removed += if is_dir {
            it.skip_current_dir();
            walkdir::WalkDir::new(entry.path())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .count()
        } else {
            1
        };
        ops.push(Op::Remove { path: key, trash });
        trash += 1;
    }
    let removed_paths: BTreeSet<String> = ops
        .iter()
        .filter_map(|op| match op {
            Op::Remove { path, .. } => Some(path.clone()),
            _ => None,
        })
        .collect();
    for dir in &folders {
        let is_dir = out
            .join(dir)
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_dir());
        if !is_dir || removed_paths.contains(*dir) {
            ops.push(Op::Mkdir {
                path: dir.to_string(),
            });
        }
    }
    let mut files: Vec<&(String, u64)> = staged.iter().collect();
    files.sort();
    for (path, n) in files {
        let is_file = out
            .join(path)
            .symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_dir());
        if is_file && !removed_paths.contains(path) && !under(&removed_paths, path) {
            ops.push(Op::Replace {
                path: path.clone(),
                staged: *n,
                trash,
            });
            trash += 1;
        } else {
            ops.push(Op::Create {
                path: path.clone(),
                staged: *n,
            });
        }
    }
    Ok((ops, removed))
}

/// Is `path` below one of `dirs`?
fn under(dirs: &BTreeSet<String>, path: &str) -> bool {
    path.match_indices('/')
        .any(|(i, _)| dirs.contains(&path[..i]))
}

/// `path` below `out` as a `/`-separated key.
pub(super) fn relative_key(out: &Path, path: &Path) -> String {
    path.strip_prefix(out)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
