//! Series derived from the records (`key_figures.derived` in site.yaml), so that the record
//! counts become series too.
//!
//! An actor that states `figures.founded` counts as active from that year until the year it
//! closed, merged or was bought (`closed:`, not counted from that year on), else to the build's
//! year.

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

/// The series `kind` from founding years (year → how many were founded that year) and closing
/// years (year → how many of them stopped that year), from `since` (else the first founding
/// year) to `until` (the build's year); `None` when nothing is counted. `name` and
/// `description` are the series' texts in the language rendered.
pub fn series(
    kind: &str,
    founded: &BTreeMap<i32, usize>,
    closed: &BTreeMap<i32, usize>,
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
    let sum = |m: &BTreeMap<i32, usize>| m.range(..since).map(|(_, n)| n).sum::<usize>();
    let mut active = sum(founded).saturating_sub(sum(closed));
    let values = (since..=until)
        .map(|year| {
            active += founded.get(&year).copied().unwrap_or(0);
            active = active.saturating_sub(closed.get(&year).copied().unwrap_or(0));
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
        let none = BTreeMap::new();
        let s = series(
            "active-companies",
            &founded,
            &none,
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
        let all =
            series("a", &founded, &none, None, 2000, "n".into(), "d".into()).expect("a series");
        assert_eq!(all.values.first().map(|p| p.year), Some(1990));
        // A founding year after the build's year still ends the series.
        assert_eq!(
            all.values.last().map(|p| (p.year, p.value)),
            Some((2022, 4.0))
        );
        assert!(series("a", &none, &none, None, 2023, "n".into(), "d".into()).is_none());
    }

    #[test]
    fn an_actor_that_closed_is_not_counted_from_that_year_on() {
        let founded = BTreeMap::from([(1990, 2), (2020, 1)]);
        let closed = BTreeMap::from([(2015, 1), (2022, 1)]);
        let s = series(
            "a",
            &founded,
            &closed,
            Some(2014),
            2023,
            "n".into(),
            "d".into(),
        )
        .expect("a series");
        let got: Vec<(i32, f64)> = s.values.iter().map(|p| (p.year, p.value)).collect();
        assert_eq!(got[0], (2014, 2.0));
        assert_eq!(got[1], (2015, 1.0));
        assert_eq!(got[6], (2020, 2.0));
        assert_eq!(got[8], (2022, 1.0));
    }
}
