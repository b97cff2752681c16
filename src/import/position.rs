//! Where a row of the sheet puts its actor: the record's `sites:` from the `sites` column and
//! its `location:` from `lat`, `lon` and `approximate`, keeping what the record wrote where it
//! says the same to the 5 decimals the export writes.

use super::record::{CellProblems, Keys};
use super::table::{Row, Table};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

/// A position as the export writes it (5 decimals), to compare with what a record holds.
fn rounded(lat: f64, lon: f64) -> (String, String) {
    (format!("{lat:.5}"), format!("{lon:.5}"))
}

/// `sites:` from a cell of the export's `sites` column (a JSON list of `{approximate, campus,
/// label, lat, lon}`): each site a campus, a label and a location where it is not the campus's
/// centre; a site of the record that says the same is kept as written.
pub(super) fn sites(
    cell: &str,
    existing: &Mapping,
    centres: &BTreeMap<&str, (f64, f64)>,
) -> Result<Value, String> {
    #[derive(serde::Deserialize)]
    struct Cell {
        #[serde(default)]
        approximate: bool,
        #[serde(default)]
        campus: Option<String>,
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        lat: Option<f64>,
        #[serde(default)]
        lon: Option<f64>,
    }
    let cells: Vec<Cell> = serde_json::from_str(cell).map_err(|e| {
        format!("not a list of sites as actors.csv writes them (`[{{\"campus\": ...}}]`): {e}")
    })?;
    let old = existing.get("sites").and_then(Value::as_sequence);
    let made = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut m = Mapping::new();
            if let Some(campus) = &c.campus {
                m.insert("campus".into(), campus.as_str().into());
            }
            if let Some(label) = &c.label {
                m.insert("label".into(), label.as_str().into());
            }
            let at = c.lat.zip(c.lon).map(|(a, b)| rounded(a, b));
            let centre = c.campus.as_deref().and_then(|k| centres.get(k));
            let at_centre =
                c.approximate && centre.is_some_and(|&(a, b)| Some(rounded(a, b)) == at);
            if let (Some((lat, lon)), false) = (c.lat.zip(c.lon), at_centre) {
                let mut l = Mapping::new();
                l.insert("lat".into(), lat.into());
                l.insert("lon".into(), lon.into());
                if c.approximate {
                    l.insert("approximate".into(), true.into());
                }
                m.insert("location".into(), Value::Mapping(l));
            }
            // The record's own site, when it says the same (its numbers as written).
            let kept = old.and_then(|o| o.get(i)).filter(|o| {
                let text = |k: &str| o.get(k).and_then(Value::as_str);
                let location = o.get("location");
                let same_place = match (location, m.get("location")) {
                    (None, None) => true,
                    (Some(l), Some(_)) => {
                        let n = |k: &str| l.get(k).and_then(Value::as_f64);
                        n("lat").zip(n("lon")).map(|(a, b)| rounded(a, b)) == at
                            && l.get("approximate")
                                .and_then(Value::as_bool)
                                .unwrap_or(false)
                                == c.approximate
                    }
                    _ => false,
                };
                text("campus") == c.campus.as_deref()
                    && text("label") == c.label.as_deref()
                    && same_place
            });
            kept.cloned().unwrap_or(Value::Mapping(m))
        })
        .collect();
    Ok(Value::Sequence(made))
}

/// The `location:` the row asks for: `None` when the sheet has no `lat`/`lon`; `Some(None)`
/// when the record needs none (no position on a campus, or the centre of its first campus,
/// which is where the build puts an actor without one); `unknown` for no position and no
/// campus; the record's own location when it rounds to the cells.
pub(super) fn location(
    table: &Table,
    row: &Row,
    existing: &Mapping,
    desired: &Keys,
    centres: &BTreeMap<&str, (f64, f64)>,
) -> Result<Option<Option<Value>>, CellProblems> {
    let (Some(lat), Some(lon)) = (table.cell(row, "lat"), table.cell(row, "lon")) else {
        return Ok(None);
    };
    let (lat, lon) = (lat.trim(), lon.trim());
    let first = |v: &'_ Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Sequence(s) => s.first().and_then(Value::as_str).map(String::from),
            _ => None,
        }
    };
    let first_campus = match desired.get("campus") {
        Some(v) => v.as_ref().and_then(first),
        None => existing.get("campus").and_then(first),
    };
    if lat.is_empty() && lon.is_empty() {
        // No position: at its campus's centre, or, without a campus, a place not known.
        return Ok(Some(
            first_campus
                .is_none()
                .then(|| Value::String(crate::load::LOCATION_UNKNOWN.into())),
        ));
    }
    let mut problems = Vec::new();
    let number = |name: &'static str, cell: &str, problems: &mut Vec<_>| {
        cell.parse::<f64>().map_or_else(
            |_| {
                problems.push((name, format!("`{cell}` is not a number of degrees")));
                None
            },
            Some,
        )
    };
    let (la, lo) = (
        number("lat", lat, &mut problems),
        number("lon", lon, &mut problems),
    );
    let approximate = match table.cell(row, "approximate").map(str::trim) {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            problems.push((
                "approximate",
                format!("`{other}` is neither `true` nor `false`"),
            ));
            false
        }
    };
    let (Some(la), Some(lo)) = (la, lo) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let wanted = rounded(la, lo);
    if let Some(old) = existing.get("location") {
        let (ola, olo) = (
            old.get("lat").and_then(Value::as_f64),
            old.get("lon").and_then(Value::as_f64),
        );
        let old_approximate = old
            .get("approximate")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let (Some(a), Some(b)) = (ola, olo) {
            if rounded(a, b) == wanted && old_approximate == approximate {
                return Ok(Some(Some(old.clone())));
            }
        }
    } else {
        let centre = first_campus.and_then(|c| centres.get(c.as_str()));
        if centre.is_some_and(|&(a, b)| rounded(a, b) == wanted) {
            return Ok(Some(None));
        }
    }
    let mut m = Mapping::new();
    m.insert("lat".into(), la.into());
    m.insert("lon".into(), lo.into());
    if approximate {
        m.insert("approximate".into(), true.into());
    }
    Ok(Some(Some(Value::Mapping(m))))
}
