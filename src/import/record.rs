//! What a row of the sheet makes of its record: the value each key should have, and the
//! record's text with only the keys that differ written again.

use super::table::{Row, Table};
use super::{cell_problem, position, yaml_edit};
use crate::diagnostic::Diagnostic;
use crate::model::Facts;
use crate::render::data::exports::{COLUMNS, CSV_LIST_SEPARATOR};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a column of `actors.csv` becomes in a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
    /// The record's file name.
    Slug,
    /// A text field of that key.
    Text(&'static str),
    /// A list field of that key (cells joined with [`CSV_LIST_SEPARATOR`]).
    List(&'static str),
    /// `campus:`, one slug or a list of them.
    Campus,
    /// `location:` (with `lon` and `approximate`).
    Lat,
    Lon,
    Approximate,
    /// `access.open_to`.
    OpenTo,
    /// `figures.<key>`, a whole number.
    Figure(&'static str),
    /// The year of `figures.<key>` (`{value, year}`).
    FigureYear(&'static str),
    /// `sources:` from the sources' addresses (and `source_titles`, their titles).
    Sources,
    SourceTitles,
    /// `status:`: `active` is what a record without it says.
    Status,
    /// A year (a number) or a day.
    YearOrDay(&'static str),
    /// `sites:`, from the JSON list the export writes (each site's campus, label, position).
    Sites,
    /// Made by the build (labels, addresses): read and left.
    Derived,
}

/// What each column of `actors.csv` becomes, except the record's plain facts
/// ([`Facts::FIELDS`]), each of which is a text field of its name ([`imports`]; a test holds
/// the two to `COLUMNS`).
const OWN_IMPORTS: [(&str, Target); 26] = [
    ("slug", Target::Slug),
    ("name", Target::Text("name")),
    ("type", Target::Text("type")),
    ("type_label", Target::Derived),
    ("sectors", Target::List("sectors")),
    ("campuses", Target::Campus),
    ("lat", Target::Lat),
    ("lon", Target::Lon),
    ("approximate", Target::Approximate),
    ("open_to", Target::OpenTo),
    ("service_areas", Target::List("service_areas")),
    ("services", Target::List("services")),
    ("employees", Target::Figure("employees")),
    ("founded", Target::Figure("founded")),
    ("summary", Target::Text("summary")),
    ("url", Target::Derived),
    ("logo", Target::Derived),
    ("reviewed", Target::Text("reviewed")),
    ("sources", Target::Sources),
    ("source_titles", Target::SourceTitles),
    ("employees_year", Target::FigureYear("employees")),
    ("status", Target::Status),
    ("closed", Target::YearOrDay("closed")),
    ("successor", Target::Text("successor")),
    ("acquired_by", Target::Text("acquired_by")),
    ("sites", Target::Sites),
];

/// Every column of `actors.csv` that the import knows, in the file's order, and what it
/// becomes in a record.
pub(super) fn imports() -> impl Iterator<Item = (&'static str, Target)> {
    COLUMNS.iter().filter_map(|c| {
        let own = OWN_IMPORTS
            .iter()
            .find(|(n, _)| *n == c.name)
            .map(|(_, t)| *t);
        let fact = || {
            Facts::FIELDS
                .iter()
                .find(|f| **f == c.name)
                .map(|f| Target::Text(f))
        };
        Some((c.name, own.or_else(fact)?))
    })
}

/// The order keys are written in a new record: these, the plain facts, then [`KEY_ORDER_TAIL`].
const KEY_ORDER_HEAD: [&str; 6] = ["name", "type", "sectors", "campus", "location", "sites"];
const KEY_ORDER_TAIL: [&str; 11] = [
    "summary",
    "services",
    "service_areas",
    "access",
    "figures",
    "status",
    "closed",
    "successor",
    "acquired_by",
    "sources",
    "reviewed",
];

fn key_order() -> impl Iterator<Item = &'static str> {
    KEY_ORDER_HEAD
        .into_iter()
        .chain(Facts::FIELDS.iter().copied())
        .chain(KEY_ORDER_TAIL)
}

/// The value each key of a record should have after a row (`None`: the key goes).
pub(super) type Keys = BTreeMap<&'static str, Option<Value>>;
/// Problems with a row's cells, as (column, message).
pub(super) type CellProblems = Vec<(&'static str, String)>;

/// A record as the import found it and as it would leave it.
pub(super) struct Planned {
    pub row: usize,
    pub slug: String,
    /// Relative to the site.
    pub file: PathBuf,
    /// The file's text; `None` for a new record.
    pub old: Option<String>,
    pub new: String,
    /// The keys written (all of them for a new record).
    pub keys: Vec<String>,
}

/// The record file of `slug`, if it has one: a `.md`, `.yaml` or `.yml` file of
/// `content/actors/` (not a translation) whose name gives that slug, as loading reads it
/// (`Södertälje Lab.md` is `sodertalje-lab`); the first in name order when several do.
fn record_file(root: &Path, slug: &str) -> Option<PathBuf> {
    let folder = PathBuf::from("content/actors");
    let mut names: Vec<String> = std::fs::read_dir(root.join(&folder))
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
        .into_iter()
        .find(|name| {
            crate::load::split_name(name, &[]).is_some_and(|(stem, lang, ext)| {
                lang.is_none()
                    && matches!(ext.as_str(), "md" | "yaml" | "yml")
                    && crate::slug::slugify(&stem) == slug
            })
        })
        .map(|name| folder.join(name))
        .filter(|p| root.join(p).is_file())
}

/// The record's YAML: the whole of a YAML file, the front matter of a Markdown one, with the
/// text before and after it.
fn yaml_part(text: &str, markdown: bool) -> Option<(&str, &str, &str)> {
    if !markdown {
        return Some(("", text, ""));
    }
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let (yaml, after) = rest.split_at(offset);
            return Some((&text[..4], yaml, after));
        }
        offset += line.len();
    }
    None
}

pub(super) fn plan_row(
    root: &Path,
    table: &Table,
    sheet: &Path,
    row: &Row,
    slug: &str,
    centres: &BTreeMap<&str, (f64, f64)>,
) -> Result<Planned, Vec<Diagnostic>> {
    let at = |name: &str, message: String| cell_problem(table, sheet, row, name, message);
    let file = record_file(root, slug);
    let (old, before, yaml, after) = match &file {
        Some(f) => {
            let raw = std::fs::read_to_string(root.join(f))
                .map_err(|e| vec![at("slug", format!("cannot read {}: {e}", f.display()))])?;
            let text = raw.replace("\r\n", "\n");
            let markdown = f.extension().is_some_and(|e| e == "md");
            let Some((b, y, a)) = yaml_part(&text, markdown) else {
                return Err(vec![at(
                    "slug",
                    format!(
                        "{} has no front matter to update; fix it first (`ecoatlas check`)",
                        f.display()
                    ),
                )]);
            };
            (Some(raw), b.to_string(), y.to_string(), a.to_string())
        }
        None => (None, String::new(), String::new(), String::new()),
    };
    let existing: Mapping = if yaml.trim().is_empty() {
        Mapping::new()
    } else {
        serde_yaml::from_str(&yaml).map_err(|e| {
            vec![at(
                "slug",
                format!("the record's YAML does not read ({e}); fix it first (`ecoatlas check`)"),
            )]
        })?
    };
    let desired = desired(table, row, &existing, centres).map_err(|p| {
        p.into_iter()
            .map(|(column, message)| at(column, message))
            .collect::<Vec<_>>()
    })?;
    let mut changes: Vec<(String, Option<Value>)> = Vec::new();
    // Only the keys the sheet has columns for; the record's other keys stay as they are.
    for key in key_order() {
        let Some(new) = desired.get(key).cloned() else {
            continue;
        };
        let old = existing.get(key);
        let same = match (old, &new) {
            (None, None) => true,
            (Some(o), Some(n)) => equivalent(o, n),
            _ => false,
        };
        if !same {
            changes.push((key.to_string(), new));
        }
    }
    let keys: Vec<String> = changes.iter().map(|(k, _)| k.clone()).collect();
    let file = file.unwrap_or_else(|| PathBuf::from("content/actors").join(format!("{slug}.yaml")));
    let new = match &old {
        None => yaml_edit::apply("", &changes),
        Some(raw) if changes.is_empty() => raw.clone(),
        Some(raw) => {
            let text = format!("{before}{}{after}", yaml_edit::apply(&yaml, &changes));
            if raw.contains("\r\n") {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        }
    };
    Ok(Planned {
        row: row.number,
        slug: slug.to_string(),
        file,
        old,
        new,
        keys,
    })
}

/// Whether two values say the same: equal, texts equal but for surrounding white space (a
/// folded block ends in a newline), or one text and a list of just that text (`campus:`).
fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.trim() == y.trim(),
        (Value::String(_), Value::Sequence(s)) | (Value::Sequence(s), Value::String(_))
            if s.len() == 1 =>
        {
            let one = if let Value::String(_) = a { a } else { b };
            equivalent(&s[0], one)
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equivalent(p, q))
        }
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equivalent(v, w)))
        }
        _ => a == b,
    }
}

/// A cell as written before the CSV export guarded it against formulas (a leading `'`).
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn list(cell: &str) -> Vec<Value> {
    cell.split(CSV_LIST_SEPARATOR.trim())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_string()))
        .collect()
}

/// The value each key of the record should have after the row (`None`: the key goes), for the
/// keys the sheet has columns for; or the problems, as (column, message).
fn desired(
    table: &Table,
    row: &Row,
    existing: &Mapping,
    centres: &BTreeMap<&str, (f64, f64)>,
) -> Result<Keys, CellProblems> {
    let mut out: Keys = BTreeMap::new();
    let mut problems = Vec::new();
    let mut figures = existing.get("figures").and_then(Value::as_mapping).cloned();
    let mut access = existing.get("access").and_then(Value::as_mapping).cloned();
    for (name, target) in imports() {
        let Some(cell) = table.cell(row, name) else {
            continue;
        };
        let cell = unguarded(cell.trim());
        let text = || (!cell.is_empty()).then(|| Value::String(cell.to_string()));
        let seq = || {
            let items = list(cell);
            (!items.is_empty()).then_some(Value::Sequence(items))
        };
        match target {
            Target::Text(key) => {
                out.insert(key, text());
            }
            Target::List(key) => {
                out.insert(key, seq());
            }
            Target::Campus => {
                let mut items = list(cell);
                let v = match items.len() {
                    0 => None,
                    1 => items.pop(),
                    _ => Some(Value::Sequence(items)),
                };
                out.insert("campus", v);
            }
            Target::Figure(key) => {
                let f = figures.get_or_insert_with(Mapping::new);
                if cell.is_empty() {
                    f.remove(key);
                } else if let Ok(n) = cell.parse::<i64>() {
                    // A figure given with its year and source keeps them when its value stays.
                    let same = f.get(key).is_some_and(|old| {
                        old.as_i64() == Some(n)
                            || old.get("value").and_then(Value::as_i64) == Some(n)
                    });
                    if !same {
                        f.insert(key.into(), n.into());
                    }
                } else {
                    problems.push((name, format!("`{cell}` is not a whole number")));
                }
            }
            Target::Status => {
                let v = match cell {
                    "" | "active" if existing.get("status").is_none() => None,
                    _ => text(),
                };
                out.insert("status", v);
            }
            Target::YearOrDay(key) => {
                let v = match cell.parse::<i64>() {
                    Ok(year) => Some(Value::from(year)),
                    Err(_) => text(),
                };
                out.insert(key, v);
            }
            Target::OpenTo => {
                let a = access.get_or_insert_with(Mapping::new);
                match seq() {
                    Some(v) => a.insert("open_to".into(), v),
                    None => a.remove("open_to"),
                };
            }
            // Read together after this loop: the location, the employees' year, the sources.
            Target::Lat
            | Target::Lon
            | Target::Approximate
            | Target::FigureYear(_)
            | Target::Sources
            | Target::SourceTitles
            | Target::Sites => {}
            Target::Slug | Target::Derived => {}
        }
    }
    if let (Some(f), Some(cell)) = (figures.as_mut(), table.cell(row, "employees_year")) {
        let year = cell.trim();
        match (f.get("employees").cloned(), year.parse::<i64>()) {
            (None, _) if year.is_empty() => {}
            (None, _) => problems.push(("employees_year", "a year without `employees`".into())),
            (Some(old), _) if year.is_empty() => {
                if let Some(v) = old.get("value").filter(|_| old.get("source").is_none()) {
                    f.insert("employees".into(), v.clone());
                }
            }
            (Some(old), Ok(y)) => {
                if old.get("year").and_then(Value::as_i64) != Some(y) {
                    let mut m = old.as_mapping().cloned().unwrap_or_else(|| {
                        let mut m = Mapping::new();
                        m.insert("value".into(), old.clone());
                        m
                    });
                    m.insert("year".into(), y.into());
                    f.insert("employees".into(), Value::Mapping(m));
                }
            }
            (Some(_), Err(_)) => {
                problems.push(("employees_year", format!("`{year}` is not a year")))
            }
        }
    }
    if let Some(f) = figures {
        out.insert("figures", (!f.is_empty()).then_some(Value::Mapping(f)));
    }
    if let Some(urls) = table.cell(row, "sources") {
        let urls: Vec<String> = list(unguarded(urls.trim()))
            .into_iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let title_cell = table
            .cell(row, "source_titles")
            .map(|t| unguarded(t.trim()).to_string());
        let titles: Vec<String> = title_cell
            .as_deref()
            .map(list)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let old = existing.get("sources").and_then(Value::as_sequence);
        // The record's sources as they are, when the row names the same addresses and titles
        // (compared as the export writes them, so that a title holding `;` matches too).
        let same = old.is_some_and(|old| {
            let old_titles: Vec<&str> = old
                .iter()
                .map(|o| o.get("title").and_then(Value::as_str).unwrap_or_default())
                .collect();
            old.len() == urls.len()
                && old
                    .iter()
                    .zip(&urls)
                    .all(|(o, u)| o.get("url").and_then(Value::as_str) == Some(u.as_str()))
                && title_cell
                    .as_deref()
                    .is_none_or(|cell| cell == old_titles.join(CSV_LIST_SEPARATOR))
        });
        if same {
            out.insert("sources", old.cloned().map(Value::Sequence));
        } else if !titles.is_empty() && titles.len() != urls.len() {
            // A title that holds `;` cannot be told apart from the list's separator: say so
            // rather than pair the titles with the wrong addresses.
            problems.push((
                "source_titles",
                format!(
                    "{} titles for {} sources: a title that holds `;` cannot be told apart in a list cell; write it without `;` (or edit the record's `sources:`)",
                    titles.len(),
                    urls.len()
                ),
            ));
        } else if urls.is_empty() {
            out.insert("sources", None);
        } else {
            let made = urls
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let mut m = Mapping::new();
                    m.insert("title".into(), titles.get(i).unwrap_or(u).as_str().into());
                    m.insert("url".into(), u.as_str().into());
                    Value::Mapping(m)
                })
                .collect();
            out.insert("sources", Some(Value::Sequence(made)));
        }
    }
    if let Some(a) = access {
        out.insert("access", (!a.is_empty()).then_some(Value::Mapping(a)));
    }
    let with_sites = match table.cell(row, "sites").map(|c| unguarded(c.trim())) {
        None => existing.contains_key("sites"),
        Some("") => {
            out.insert("sites", None);
            false
        }
        Some(cell) => match position::sites(cell, existing, centres) {
            Ok(v) => {
                out.insert("sites", Some(v));
                true
            }
            Err(m) => {
                problems.push(("sites", m));
                true
            }
        },
    };
    if with_sites {
        // An actor with sites has its campuses and position in them.
        if table.cell(row, "sites").is_some() {
            out.insert("campus", None);
            out.insert("location", None);
        } else {
            out.remove("campus");
            out.remove("location");
        }
    } else {
        match position::location(table, row, existing, &out, centres) {
            Ok(Some(v)) => {
                out.insert("location", v);
            }
            Ok(None) => {}
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The column of `actors.csv` that holds a record's field (`figures.employees` → `employees`).
pub(super) fn column_of(field: &str) -> Option<&'static str> {
    let first = field.split(['.', '[']).next().unwrap_or(field);
    let pick = |t: Target| match t {
        Target::Text(k) | Target::List(k) => k == first,
        Target::Campus => first == "campus",
        Target::Lat => first == "location" && !field.contains("lon"),
        Target::Lon => first == "location" && field.contains("lon"),
        Target::OpenTo => first == "access",
        Target::Figure(k) => first == "figures" && (field.ends_with(k) || field == "figures"),
        Target::Status => first == "status",
        Target::YearOrDay(k) => first == k,
        Target::Sources => first == "sources",
        Target::Sites => first == "sites",
        Target::FigureYear(_) | Target::SourceTitles => false,
        Target::Slug | Target::Approximate | Target::Derived => false,
    };
    imports().find(|(_, t)| pick(*t)).map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_actors_csv_is_imported_or_named_as_derived() {
        let exported: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let imported: Vec<&str> = imports().map(|(n, _)| n).collect();
        assert_eq!(
            exported, imported,
            "a column of actors.csv changed: say in import::OWN_IMPORTS what it becomes in a record"
        );
        for (name, _) in OWN_IMPORTS {
            assert!(
                exported.contains(&name),
                "`{name}` is no column of actors.csv"
            );
            assert!(!Facts::FIELDS.contains(&name), "`{name}` is a plain fact");
        }
        // Each plain fact is a text field of its name, and written once in a new record.
        for fact in Facts::FIELDS {
            assert!(
                imports().any(|(n, t)| n == *fact && t == Target::Text(fact)),
                "{fact}"
            );
            assert_eq!(key_order().filter(|k| k == fact).count(), 1, "{fact}");
        }
    }

    #[test]
    fn a_record_field_names_its_column() {
        assert_eq!(column_of("sectors"), Some("sectors"));
        assert_eq!(column_of("campus"), Some("campuses"));
        assert_eq!(column_of("location.lat"), Some("lat"));
        assert_eq!(column_of("location.lon"), Some("lon"));
        assert_eq!(column_of("figures.employees"), Some("employees"));
        assert_eq!(column_of("figures.founded"), Some("founded"));
        assert_eq!(column_of("access.open_to"), Some("open_to"));
        assert_eq!(column_of("website"), Some("website"));
        assert_eq!(column_of("logo"), None);
    }

    #[test]
    fn values_that_say_the_same_are_equivalent() {
        let v = |y: &str| -> Value { serde_yaml::from_str(y).unwrap() };
        assert!(equivalent(&v("solna"), &v("[solna]")));
        assert!(equivalent(&v("\"Två rader.\\n\""), &v("Två rader.")));
        assert!(!equivalent(&v("[solna, kista]"), &v("solna")));
        assert!(!equivalent(&v("12"), &v("13")));
    }

    #[test]
    fn a_guarded_cell_is_read_as_written() {
        assert_eq!(unguarded("'=1+1"), "=1+1");
        assert_eq!(unguarded("'-"), "-");
        assert_eq!(unguarded("'quoted'"), "'quoted'");
    }
}
