//! Series derived from the records (`key_figures.derived` in site.yaml), so that the record
//! counts become series too.
//!
//! Actors have no closing date yet: every actor that states `figures.founded` counts as active
//! from that year to the build's year.

use super::{Indicator, Point, Unit};
use crate::config::Localized;
use std::collections::BTreeMap;

/// The series that can be derived, as named in site.yaml.
pub const KINDS: [&str; 2] = ["active-companies", "active-actors"];

/// What is derived by default: the active companies.
pub const DEFAULT: [&str; 1] = ["active-companies"];

/// `key_figures.derived.<kind>` in site.yaml.
#[derive(
    Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The first year of the series (default: the first year an actor counted was founded).
    #[serde(default)]
    pub since: Option<i32>,
}

/// The series `kind` from founding years (year → how many were founded that year), from
/// `since` (else the first founding year) to `until` (the build's year); `None` when nothing
/// is counted. `name` and `description` are the series' texts in the language rendered.
pub fn series(
    kind: &str,
    founded: &BTreeMap<i32, usize>,
    since: Option<i32>,
    until: i32,
    name: String,
    description: String,
) -> Option<Indicator> {
    let first = *founded.keys().next()?;
    let since = since.unwrap_or(first);
    let latest = *founded.keys().next_back()?;
    let until = until.max(latest);
    if since > until {
        return None;
    }
    let before: usize = founded.range(..since).map(|(_, n)| n).sum();
    let mut active = before;
    let values = (since..=until)
        .map(|year| {
            active += founded.get(&year).copied().unwrap_or(0);
            Point {
                year,
                value: active as f64,
                scope: None,
                source: None,
            }
        })
        .collect();
    Some(Indicator {
        slug: kind.to_string(),
        name: Localized::Same(name),
        description: Localized::Same(description),
        unit: Unit::Count,
        higher_is_better: true,
        sources: Vec::new(),
        values,
        file: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_counts_everything_founded_up_to_each_year() {
        let founded = BTreeMap::from([(1990, 1), (2020, 2), (2022, 1)]);
        let s = series(
            "active-companies",
            &founded,
            Some(2019),
            2023,
            "n".into(),
            "d".into(),
        )
        .expect("a series");
        let got: Vec<(i32, f64)> = s.values.iter().map(|p| (p.year, p.value)).collect();
        assert_eq!(
            got,
            [
                (2019, 1.0),
                (2020, 3.0),
                (2021, 3.0),
                (2022, 4.0),
                (2023, 4.0)
            ]
        );
        let all = series("a", &founded, None, 2000, "n".into(), "d".into()).expect("a series");
        assert_eq!(all.values.first().map(|p| p.year), Some(1990));
        // A founding year after the build's year still ends the series.
        assert_eq!(
            all.values.last().map(|p| (p.year, p.value)),
            Some((2022, 4.0))
        );
        assert!(series("a", &BTreeMap::new(), None, 2023, "n".into(), "d".into()).is_none());
    }
}
