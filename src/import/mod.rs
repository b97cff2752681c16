//! `ecoatlas import FILE`: actor records made and updated from a spreadsheet whose columns are
//! those of `data/actors.csv` ([`crate::render::data::exports::COLUMNS`]).
//!
//! Each row names its record by `slug`. A record that is not there is written as
//! `content/actors/<slug>.yaml`; one that is there has only the keys whose value differs
//! written again ([`yaml_edit`]), so its Markdown body, comments and other keys stay as they
//! were. What the import would make is checked as `check` checks a site (on a copy of the site
//! in a temporary folder) before anything is written; a problem is reported at the sheet's row
//! and column. Derived columns (`type_label`, `url`, `logo`) are read and left.

mod position;
mod record;
pub mod table;
mod yaml_edit;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::pipeline::{check_site, BuildError};
use anyhow::{Context, Result};
use record::{column_of, imports, plan_row, Planned};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::{Row, Table};

pub struct ImportOptions {
    pub file: PathBuf,
    pub root: PathBuf,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Add,
    Change,
    Leave,
}

/// What the import does with one row.
#[derive(Debug)]
pub struct RowOutcome {
    pub row: usize,
    pub slug: String,
    pub outcome: Outcome,
    /// The record's keys it writes (all of them for a new record).
    pub keys: Vec<String>,
    /// The record's file, relative to the site.
    pub file: PathBuf,
}

#[derive(Debug)]
pub struct ImportReport {
    pub rows: Vec<RowOutcome>,
    /// Warnings `check` gives on the records the import writes.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Problems with the sheet or with what it would make: each at the sheet's row and column
    /// where it is known, else at the site's file.
    #[error("{} problems", .0.len())]
    Problems(Vec<Diagnostic>),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let table = table::read(&opts.file)?;
    let sheet = opts.file.clone();
    let config = SiteConfig::load(&opts.root).map_err(ImportError::Problems)?;
    let mut problems = header_problems(&table, &sheet);
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    let (site, _) = crate::load::load_site(&opts.root, config);
    let centres: BTreeMap<&str, (f64, f64)> = site
        .campuses
        .iter()
        .map(|c| (c.slug.as_str(), (c.centre.lat, c.centre.lon)))
        .collect();

    let mut planned: Vec<Planned> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let at = |name: &str, message: String| cell_problem(&table, &sheet, row, name, message);
        let slug = table.cell(row, "slug").unwrap_or("").trim().to_string();
        if slug.is_empty() {
            problems.push(at("slug", "the row has no slug".into()).hint(
                "give each row the slug of its record: lower case letters, digits and hyphens",
            ));
            continue;
        }
        let canonical = crate::slug::slugify(&slug);
        if canonical != slug {
            problems.push(
                at("slug", format!("`{slug}` is not a slug")).hint(format!("write `{canonical}`")),
            );
            continue;
        }
        if let Some(first) = seen.insert(slug.clone(), row.number) {
            problems.push(at(
                "slug",
                format!("`{slug}` is also in row {first}; a record is one row"),
            ));
            continue;
        }
        match plan_row(&opts.root, &table, &sheet, row, &slug, &centres) {
            Ok(p) => planned.push(p),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }

    let warnings = check_planned(&opts.root, &planned, &table, &sheet)?;
    if !opts.dry_run {
        for p in planned.iter().filter(|p| p.old.as_deref() != Some(&p.new)) {
            write_atomically(&opts.root.join(&p.file), &p.new)?;
        }
    }
    let rows = planned
        .into_iter()
        .map(|p| RowOutcome {
            row: p.row,
            outcome: match &p.old {
                None => Outcome::Add,
                Some(old) if *old == p.new => Outcome::Leave,
                Some(_) => Outcome::Change,
            },
            slug: p.slug,
            keys: p.keys,
            file: p.file,
        })
        .collect();
    Ok(ImportReport { rows, warnings })
}

/// Columns the import does not know, given twice, or missing (`slug`; `lat` without `lon`).
fn header_problems(table: &Table, sheet: &Path) -> Vec<Diagnostic> {
    let known: Vec<&str> = imports().map(|(n, _)| n).collect();
    let mut out = Vec::new();
    for (i, name) in table.header.iter().enumerate() {
        let problem = if !known.contains(&name.as_str()) {
            Some(format!("`{name}` is not a column of actors.csv"))
        } else if table.header[..i].contains(name) {
            Some(format!("the column `{name}` is there twice"))
        } else {
            None
        };
        if let Some(message) = problem {
            out.push(
                Diagnostic::error(sheet, message)
                    .at(1, i + 1)
                    .field(name.clone())
                    .hint(format!(
                        "the columns are those of data/actors.csv: {}",
                        known.join(", ")
                    )),
            );
        }
    }
    let has = |n: &str| table.header.iter().any(|h| h == n);
    if !has("slug") {
        out.push(
            Diagnostic::error(sheet, "the sheet has no `slug` column")
                .at(1, 0)
                .hint("each row names its record by its slug, as data/actors.csv does"),
        );
    }
    if has("lat") != has("lon") {
        out.push(Diagnostic::error(sheet, "`lat` and `lon` come together").at(1, 0));
    }
    out
}

/// A problem at `row`'s cell in the column `name`.
pub(super) fn cell_problem(
    table: &Table,
    sheet: &Path,
    row: &Row,
    name: &str,
    message: String,
) -> Diagnostic {
    let column = table
        .header
        .iter()
        .position(|h| h == name)
        .map_or(0, |i| i + 1);
    Diagnostic::error(
        sheet,
        format!("column {} (`{name}`): {message}", table.column_label(name)),
    )
    .at(row.number, column)
    .field(name.to_string())
}

/// Runs `check` on a copy of the site with the planned records in place. Errors refuse the
/// import (at the row and column of the record's field when the sheet has it); warnings on the
/// planned records are returned.
fn check_planned(
    root: &Path,
    planned: &[Planned],
    table: &Table,
    sheet: &Path,
) -> Result<Vec<Diagnostic>, ImportError> {
    let copy = tempfile::tempdir().context("cannot make a temporary folder")?;
    for part in [SiteConfig::FILE, "content", "themes"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_dir(&from, &copy.path().join(part))?;
        } else if from.is_file() {
            std::fs::copy(&from, copy.path().join(part))
                .with_context(|| format!("cannot copy {}", from.display()))?;
        }
    }
    for p in planned.iter().filter(|p| p.old.as_deref() != Some(&p.new)) {
        let to = copy.path().join(&p.file);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&to, &p.new).with_context(|| format!("cannot write {}", to.display()))?;
    }
    let by_file: BTreeMap<&Path, &Planned> =
        planned.iter().map(|p| (p.file.as_path(), p)).collect();
    let at_cell = |d: Diagnostic| -> Diagnostic {
        let Some(p) = by_file.get(d.file.as_path()) else {
            return d;
        };
        let column = d.field.as_deref().and_then(column_of);
        let row = table.rows.iter().find(|r| r.number == p.row);
        match (row, column) {
            (Some(row), Some(name)) if table.header.iter().any(|h| h == name) => {
                let mut c = cell_problem(table, sheet, row, name, d.message.clone());
                c.severity = d.severity;
                c.hint = d.hint;
                c
            }
            _ => {
                let message = format!("row {} ({}): {}", p.row, p.file.display(), d.message);
                let mut c = d;
                c.message = message;
                c
            }
        }
    };
    match check_site(copy.path(), false, None) {
        Ok(report) => Ok(report
            .warnings
            .into_iter()
            .filter(|d| by_file.contains_key(d.file.as_path()))
            .map(at_cell)
            .collect()),
        Err(BuildError::Content(errors)) => Err(ImportError::Problems(
            errors.0.into_iter().map(at_cell).collect(),
        )),
        Err(BuildError::Other(e)) => Err(ImportError::Other(e)),
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Writes `text` to `path` through a temporary file in the same folder, so that a record is
/// never half written.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().context("a record file has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
