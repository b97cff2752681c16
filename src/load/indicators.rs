//! Indicators (`content/indicators/<slug>.yaml`): a series of figures per scope (the region,
//! a peer of `site.yaml`'s `peers:`, a campus), each value checked at its line.

use super::files::{single_main, RecordFiles};
use crate::config::{Localized, SiteConfig};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::indicator::{Indicator, Point, Source, Unit, REGION};
use crate::model::Campus;
use crate::source::{key_line, list_item_lines, parse_yaml, SourceFile};
use serde::Deserialize;

/// `content/indicators/<slug>.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorRecord {
    /// The indicator's name, per language.
    name: Localized,
    /// What it measures and how, per language.
    #[serde(default)]
    description: Localized,
    /// What the values are.
    #[schemars(extend("enum" = ["count", "people", "SEK", "EUR", "percent", "rank", "score"]))]
    unit: String,
    /// Whether a rise is good news (false for a rank, where 1 is best).
    higher_is_better: bool,
    /// Where the values come from (a value may name its own source too).
    #[serde(default)]
    sources: Vec<Source>,
    /// The values: one per year and scope.
    values: Vec<ValueRecord>,
}

/// `{year: 2023, value: 1010, scope: medicon-valley, source: {...}}`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ValueRecord {
    year: i32,
    /// A number (a rank: a whole number from 1).
    #[schemars(with = "f64")]
    value: serde_yaml::Value,
    /// A peer's id (site.yaml `peers:`) or a campus slug; without it, the site's own region.
    #[serde(default)]
    scope: Option<String>,
    /// This value's own source.
    #[serde(default)]
    source: Option<Source>,
}

/// The years a value may have.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=2100;

/// `unreadable_campuses`: campuses whose file is there but did not load; a scope naming one is
/// no mistake of its own (the campus file's error is the cause).
pub(super) fn load(
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    campuses: &[Campus],
    unreadable_campuses: &std::collections::BTreeMap<String, std::path::PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<Indicator> {
    let mut out = Vec::new();
    let derived = config.derived_series();
    for record in records {
        for f in record.translations.values().flatten() {
            diags.push(
                Diagnostic::error(&f.display, "an indicator is one file for every language").hint(
                    "give its texts per language inside the one file: name: {sv: ..., en: ...}",
                ),
            );
        }
        let Some(main) = single_main(&record, &["yaml", "yml"], "indicator", diags) else {
            continue;
        };
        let file = match SourceFile::read(&main.path, main.display.clone()) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let rec: IndicatorRecord = match parse_yaml(&file, &file.text, 1) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if derived.iter().any(|(kind, _)| *kind == record.slug) {
            diags.push(
                file.error(format!(
                    "`{}` is the name of a series derived from the records",
                    record.slug
                ))
                .at(1, 1)
                .hint(
                    "rename the file, or leave the series out of key_figures.derived in site.yaml",
                ),
            );
        }
        if let Some(i) = check(
            &file,
            rec,
            &record.slug,
            config,
            (campuses, unreadable_campuses),
            diags,
        ) {
            out.push(i);
        }
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

/// Checks one record and makes it an [`Indicator`] (`None` when its unit is unknown).
fn check(
    file: &SourceFile,
    rec: IndicatorRecord,
    slug: &str,
    config: &SiteConfig,
    (campuses, unreadable_campuses): (
        &[Campus],
        &std::collections::BTreeMap<String, std::path::PathBuf>,
    ),
    diags: &mut Diagnostics,
) -> Option<Indicator> {
    let line = |field: &str| key_line(&file.text, 1, field);
    let unit = Unit::parse(&rec.unit);
    if unit.is_none() {
        let d = file
            .error(format!("`{}` is not a unit ecoatlas knows", rec.unit))
            .at(line("unit"), 1)
            .field("unit")
            .text(rec.unit.as_str());
        diags.push(match did_you_mean(&rec.unit, Unit::NAMES) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None => d.hint(format!("one of: {}", Unit::NAMES.join(", "))),
        });
    }
    for s in &rec.sources {
        check_source(file, s, line("sources"), "sources", diags);
    }
    if rec.sources.is_empty() && rec.values.iter().all(|v| v.source.is_none()) {
        diags.push(
            Diagnostic::warning(&file.display, "the indicator names no source")
                .at(line("name"), 1)
                .field("sources")
                .hint("add `sources: [{title: ..., url: https://..., publisher: ...}]`: readers should be able to check every figure"),
        );
    }
    let items = list_item_lines(&file.text, 1, "values");
    let values_line = line("values");
    let peers: Vec<&str> = config.peers.iter().map(|p| p.id.as_str()).collect();
    let mut values: Vec<Point> = Vec::new();
    for (i, v) in rec.values.into_iter().enumerate() {
        let at = items.get(i).copied().unwrap_or(values_line);
        let err = |field: &str, message: String| {
            let line = field_line(&file.text, at, items.get(i + 1).copied(), field);
            file.error(message)
                .at(line, 1)
                .field(format!("values.{field}"))
        };
        let mut ok = true;
        if !YEARS.contains(&v.year) {
            diags.push(
                err(
                    "year",
                    format!("{} is not a year a figure can be for", v.year),
                )
                .text(v.year.to_string())
                .hint("a year from 1000 to 2100, for example 2023"),
            );
            ok = false;
        }
        let number = v.value.as_f64().filter(|x| x.is_finite());
        match number {
            None => {
                diags.push(
                    err("value", format!("`{}` is not a number", shown(&v.value)))
                        .text(shown(&v.value))
                        .hint("write the number alone, without quotes, spaces or a unit: 1010 or 12.5"),
                );
                ok = false;
            }
            Some(x) if unit == Some(Unit::Rank) && (x.fract() != 0.0 || x < 1.0) => {
                diags.push(
                    err(
                        "value",
                        format!("the rank {x} is not a whole number from 1"),
                    )
                    .text(x.to_string())
                    .hint("a rank is a place in a list: 1, 2, 3, ..."),
                );
                ok = false;
            }
            Some(_) => {}
        }
        if let Some(scope) = &v.scope {
            let campus = campuses
                .binary_search_by(|c| c.slug.as_str().cmp(scope))
                .is_ok();
            if !peers.contains(&scope.as_str())
                && !campus
                && !unreadable_campuses.contains_key(scope.as_str())
            {
                let known = peers
                    .iter()
                    .copied()
                    .chain(campuses.iter().map(|c| c.slug.as_str()));
                let d = err("scope", format!("`{scope}` is no peer and no campus"))
                    .text(scope.as_str());
                diags.push(match did_you_mean(scope, known) {
                    Some(best) => d.hint(format!("did you mean `{best}`?")),
                    None => d.hint(
                        "declare the peer in site.yaml under `peers: [{id: ..., name: {sv: ..., en: ...}}]`, or name a campus's slug; leave `scope` out for the region",
                    ),
                });
                ok = false;
            }
        }
        if let Some(s) = &v.source {
            check_source(file, s, at, "values.source", diags);
        }
        let scope = v.scope.as_deref().unwrap_or(REGION);
        if values
            .iter()
            .any(|p| p.scope() == scope && p.year == v.year)
        {
            diags.push(
                err(
                    "year",
                    format!("{} is given twice for {}", v.year, scope_name(scope)),
                )
                .text(v.year.to_string())
                .hint("keep one value per year and scope"),
            );
            ok = false;
        }
        if let (true, Some(value)) = (ok, number) {
            values.push(Point {
                year: v.year,
                value,
                scope: v.scope,
                source: v.source,
            });
        }
    }
    // The region first, then each scope in the order first given; each by year.
    let order: Vec<String> = {
        let mut o: Vec<String> = Vec::new();
        for p in &values {
            if !o.iter().any(|s| s == p.scope()) {
                o.push(p.scope().to_string());
            }
        }
        o
    };
    let rank = |p: &Point| {
        let at = order.iter().position(|s| s == p.scope()).unwrap_or(0);
        (p.scope.is_some(), at, p.year)
    };
    values.sort_by_key(rank);
    Some(Indicator {
        slug: slug.to_string(),
        name: rec.name,
        description: rec.description,
        unit: unit?,
        higher_is_better: rec.higher_is_better,
        sources: rec.sources,
        values,
        file: Some(file.display.clone()),
    })
}

fn check_source(file: &SourceFile, s: &Source, line: usize, field: &str, diags: &mut Diagnostics) {
    if let Some(address) = &s.url {
        let web = url::Url::parse(address)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
        if web.is_none() {
            diags.push(
                file.error(format!("the source's url `{address}` is not a web address"))
                    .at(line, 1)
                    .field(format!("{field}.url"))
                    .text(address.as_str())
                    .hint("where readers find the source, starting with https://"),
            );
        }
    } else if s.publisher.is_none() {
        diags.push(
            file.error("a source without url needs its publisher")
                .at(line, 1)
                .field(format!("{field}.publisher"))
                .hint("name who published it (publisher: ...), so that readers can find it"),
        );
    }
    if let Some(d) = &s.date {
        if crate::date::Date::parse(d).is_none() {
            diags.push(
                file.error(format!("the source's date `{d}` is not a day yyyy-mm-dd"))
                    .at(line, 1)
                    .field(format!("{field}.date"))
                    .text(d.as_str())
                    .hint("for example 2024-05-01"),
            );
        }
    }
}

fn scope_name(scope: &str) -> String {
    if scope == REGION {
        "the region".into()
    } else {
        format!("`{scope}`")
    }
}

/// A YAML value as the editor wrote it, for a message.
fn shown(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// The line of `field:` in the list item that starts on `item` (1-based) and ends before
/// `next`; the item's line when the field is not found there.
fn field_line(text: &str, item: usize, next: Option<usize>, field: &str) -> usize {
    let end = next.unwrap_or(usize::MAX);
    let key = format!("{field}:");
    text.lines()
        .enumerate()
        .skip(item.saturating_sub(1))
        .take_while(|(n, _)| n + 1 < end)
        .find(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .trim_start_matches('{')
                .trim_start()
                .starts_with(&key)
                || l.contains(&format!(" {key}"))
                || l.contains(&format!("{{{key}"))
        })
        .map_or(item, |(n, _)| n + 1)
}
