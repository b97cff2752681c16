//! Indicators on the key-figures page: per indicator the latest value of the region with its
//! year and the change since the value before, an inline SVG line chart of every scope over the
//! years (ranks drawn with 1 at the top) beside a table of the same numbers, and its sources.
//! No script: everything is drawn at build time.

use crate::indicator::{derived, Indicator, Source, Unit, REGION};
use crate::render::format;
use crate::render::pages::stats::SiteStats;
use crate::render::templates::Strings;
use crate::render::views::Lang;
use serde::Serialize;
use std::collections::BTreeSet;

/// The site's indicators (from `content/indicators/`) and the series derived from the records,
/// in the language of `l`.
pub fn derived_series(l: &Lang<'_>, t: &Strings, f: &SiteStats) -> Vec<Indicator> {
    let year = l
        .index
        .today
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(i32::MIN);
    l.config()
        .derived_series()
        .into_iter()
        .filter_map(|(kind, options)| {
            let (founded, closed) = match kind {
                "active-companies" => (&f.companies_founded, &f.companies_closed),
                "active-actors" => (&f.actors_founded, &f.actors_closed),
                _ => return None,
            };
            let key = format!("indicator_{}", kind.replace('-', "_"));
            derived::series(
                kind,
                founded,
                closed,
                options.since,
                year,
                t.tr(&key),
                t.tr(&format!("{key}_desc")),
            )
        })
        .collect()
}

/// One indicator as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// The section's id: `indicator-<slug>`.
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub unit: &'static str,
    pub unit_label: String,
    pub derived: bool,
    pub latest: Option<Latest>,
    pub chart: LineChart,
    /// The table's columns after the year.
    pub scopes: Vec<ScopeView>,
    pub rows: Vec<TableRow>,
    pub sources: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Latest {
    pub value_text: String,
    pub year: i32,
    pub change: Option<Change>,
}

/// The change from the value before the latest.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// `up`, `down` or `same`: what the number did.
    pub direction: &'static str,
    /// `better`, `worse` or `same`, judged by `higher_is_better`.
    pub verdict: &'static str,
    /// "+60 since 2022, better" in words of the language.
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeView {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    /// `series-<n>`: the line's style (its dash pattern and colour).
    pub class: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub year: i32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub scope: String,
    /// The number as data (`950`, `5.5`), empty when the scope has none that year.
    pub value: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
}

/// An SVG line chart: a series per scope.
#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    pub series: Vec<Series>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub scope: String,
    pub name: String,
    pub class: String,
    /// The line through the points (`M x y L x y ...`).
    pub path: String,
    pub points: Vec<PointView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub x: String,
    pub y: String,
    pub year: i32,
    pub value: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    /// Where along its axis, in the SVG's units.
    pub at: String,
    pub label: String,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 260;
const LEFT: u32 = 56;
const RIGHT: u32 = 16;
const TOP: u32 = 16;
const BOTTOM: u32 = 36;
/// At most this many year labels under the chart.
const MAX_X_LABELS: usize = 8;

/// A number as this language writes it: whole numbers without decimals, others with up to two.
pub fn number(x: f64, lang: &str) -> String {
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    let text = if a.fract() == 0.0 && a < 1e15 {
        format::int(a as u64, lang)
    } else {
        let two = format::decimal(a, 2, lang);
        let trimmed = two.trim_end_matches('0');
        trimmed
            .strip_suffix([',', '.'])
            .unwrap_or(trimmed)
            .to_string()
    };
    format!("{sign}{text}")
}

/// The number as data: plain decimal notation, as a JSON or CSV reader takes it back.
pub fn data_number(x: f64) -> String {
    format!("{x}")
}

/// The name of a scope in this language.
pub fn scope_name(l: &Lang<'_>, t: &Strings, scope: &str) -> (String, Option<String>) {
    if scope == REGION {
        let name = l
            .config()
            .key_figures
            .region
            .as_ref()
            .map(|r| l.text(r))
            .unwrap_or_else(|| t.tr("indicator_region"));
        return (name, None);
    }
    if let Some(p) = l.config().peers.iter().find(|p| p.id == scope) {
        return (l.text(&p.name), p.website.clone());
    }
    match l.site.campus(scope) {
        Some(c) => {
            let link = l.campus_link(c);
            (link.name, Some(link.url))
        }
        None => (scope.to_string(), None),
    }
}

/// The view of one indicator.
pub fn view(l: &Lang<'_>, t: &Strings, i: &Indicator) -> IndicatorView {
    let lang = l.lang;
    let scopes: Vec<ScopeView> = i
        .scopes()
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            let (name, url) = scope_name(l, t, s);
            ScopeView {
                id: s.to_string(),
                name,
                url,
                class: format!("series-{}", n % 4),
            }
        })
        .collect();
    let years: BTreeSet<i32> = i.values.iter().map(|p| p.year).collect();
    let rows = years
        .iter()
        .map(|&year| TableRow {
            year,
            cells: scopes
                .iter()
                .map(|s| {
                    let p = i.series(&s.id).find(|p| p.year == year);
                    Cell {
                        scope: s.id.clone(),
                        value: p.map(|p| data_number(p.value)).unwrap_or_default(),
                        text: p.map_or_else(|| "–".into(), |p| number(p.value, lang)),
                    }
                })
                .collect(),
        })
        .collect();
    let region: Vec<_> = i.series(REGION).collect();
    let latest = region.last().map(|last| Latest {
        value_text: number(last.value, lang),
        year: last.year,
        change: region
            .len()
            .checked_sub(2)
            .map(|k| change(t, lang, region[k].value, region[k].year, last.value, i)),
    });
    let mut sources: Vec<SourceView> = Vec::new();
    let all = i
        .sources
        .iter()
        .chain(i.values.iter().filter_map(|p| p.source.as_ref()));
    for s in all {
        let v = source_view(l, s);
        if !sources.iter().any(|o| o.title == v.title && o.url == v.url) {
            sources.push(v);
        }
    }
    let name = l.text(&i.name);
    IndicatorView {
        id: format!("indicator-{}", i.slug),
        slug: i.slug.clone(),
        description: l.text(&i.description),
        unit: i.unit.as_str(),
        unit_label: t.tr(&format!("unit_{}", i.unit.as_str().to_lowercase())),
        derived: i.file.is_none(),
        latest,
        chart: chart(l, t, i, &name, &scopes),
        name,
        scopes,
        rows,
        sources,
    }
}

fn source_view(l: &Lang<'_>, s: &Source) -> SourceView {
    SourceView {
        title: l.text(&s.title),
        url: s.url.clone(),
        publisher: s.publisher.clone(),
        date: s.date.clone(),
    }
}

fn change(t: &Strings, lang: &str, before: f64, year: i32, now: f64, i: &Indicator) -> Change {
    let delta = now - before;
    let direction = if delta > 0.0 {
        "up"
    } else if delta < 0.0 {
        "down"
    } else {
        "same"
    };
    let verdict = match (direction, i.higher_is_better) {
        ("same", _) => "same",
        ("up", true) | ("down", false) => "better",
        _ => "worse",
    };
    let amount = if delta > 0.0 {
        format!("+{}", number(delta, lang))
    } else {
        number(delta, lang)
    };
    let sentence = t
        .tr(&format!("indicator_change_{verdict}"))
        .replace("%change", &amount)
        .replace("%year", &year.to_string());
    Change {
        direction,
        verdict,
        sentence,
    }
}

/// The line chart of every scope; for a rank, 1 is at the top.
fn chart(l: &Lang<'_>, t: &Strings, i: &Indicator, name: &str, scopes: &[ScopeView]) -> LineChart {
    let lang = l.lang;
    let (first, last) = match (
        i.values.iter().map(|p| p.year).min(),
        i.values.iter().map(|p| p.year).max(),
    ) {
        (Some(a), Some(b)) => (a, b),
        _ => (0, 0),
    };
    let rank = i.unit == Unit::Rank;
    let (lo, hi, y_step) = if rank {
        let worst = i.values.iter().map(|p| p.value).fold(1.0, f64::max);
        // One place of room below the last, in whole steps.
        let step = (worst / 4.0).ceil().max(1.0);
        (1.0, 1.0 + (worst / step).ceil() * step, step)
    } else {
        let min = i.values.iter().map(|p| p.value).fold(0.0, f64::min);
        let max = i.values.iter().map(|p| p.value).fold(0.0, f64::max);
        let step = nice_ceiling((max - min) / 4.0);
        let step = if step > 0.0 { step } else { 1.0 };
        let lo = (min / step).floor() * step;
        (lo, lo + ((max - lo) / step).ceil().max(1.0) * step, step)
    };
    let plot_w = f64::from(WIDTH - LEFT - RIGHT);
    let plot_h = f64::from(HEIGHT - TOP - BOTTOM);
    let x = |year: i32| {
        if last == first {
            f64::from(LEFT) + plot_w / 2.0
        } else {
            f64::from(LEFT) + f64::from(year - first) / f64::from(last - first) * plot_w
        }
    };
    // A larger value is higher up; a rank's 1 is at the top.
    let y = |v: f64| {
        let share = (v - lo) / (hi - lo);
        let share = if rank { share } else { 1.0 - share };
        f64::from(TOP) + share.clamp(0.0, 1.0) * plot_h
    };
    let series: Vec<Series> = scopes
        .iter()
        .map(|s| {
            let points: Vec<PointView> = i
                .series(&s.id)
                .map(|p| PointView {
                    x: coord(x(p.year)),
                    y: coord(y(p.value)),
                    year: p.year,
                    value: data_number(p.value),
                    text: number(p.value, lang),
                })
                .collect();
            let path = points
                .iter()
                .enumerate()
                .map(|(n, p)| format!("{}{} {}", if n == 0 { "M" } else { "L" }, p.x, p.y))
                .collect::<Vec<_>>()
                .join(" ");
            Series {
                scope: s.id.clone(),
                name: s.name.clone(),
                class: s.class.clone(),
                path,
                points,
            }
        })
        .collect();
    let years = (last - first + 1).max(1) as usize;
    let step = years.div_ceil(MAX_X_LABELS).max(1);
    let mut labelled: Vec<i32> = (first..=last).step_by(step).collect();
    if labelled.last() != Some(&last) {
        // The last year is always named; it takes the place of a label too close to it.
        if labelled
            .last()
            .is_some_and(|y| ((last - y) as usize) * 2 < step)
        {
            labelled.pop();
        }
        labelled.push(last);
    }
    let x_ticks = labelled
        .into_iter()
        .map(|year| Tick {
            at: coord(x(year)),
            label: year.to_string(),
        })
        .collect();
    let y_ticks = ticks(lo, hi, y_step)
        .into_iter()
        .map(|v| Tick {
            at: coord(y(v)),
            label: number(v, lang),
        })
        .collect();
    let desc = series
        .iter()
        .map(|s| {
            let values = s
                .points
                .iter()
                .map(|p| format!("{}: {}", p.year, p.text))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} – {values}", s.name)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let desc = if rank {
        format!("{desc}. {}", t.tr("indicator_rank_note"))
    } else {
        desc
    };
    LineChart {
        title: name.to_string(),
        desc,
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        top: TOP,
        bottom: HEIGHT - BOTTOM,
        series,
        x_ticks,
        y_ticks,
    }
}

fn coord(v: f64) -> String {
    format!("{v:.1}")
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `x` (0 for 0 and below).
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * magnitude)
}

/// The values of the horizontal lines: from `lo` to `hi`, `step` apart.
fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let n = ((hi - lo) / step).round().clamp(1.0, 20.0) as u32;
    (0..=n).map(|k| lo + step * f64::from(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_sign_and_only_needed_decimals() {
        assert_eq!(number(1010.0, "sv"), "1010");
        assert_eq!(number(12_345.5, "sv"), "12\u{a0}345,5");
        assert_eq!(number(-60.0, "en"), "−60");
        assert_eq!(number(2.25, "en"), "2.25");
        assert_eq!(number(3.10, "en"), "3.1");
        assert_eq!(data_number(950.0), "950");
        assert_eq!(data_number(5.5), "5.5");
    }

    #[test]
    fn axes_end_at_round_numbers() {
        assert_eq!(nice_ceiling(1450.0), 2000.0);
        assert_eq!(nice_ceiling(6.0), 10.0);
        assert_eq!(nice_ceiling(0.0), 0.0);
        assert_eq!(ticks(1.0, 7.0, 2.0), [1.0, 3.0, 5.0, 7.0]);
        assert_eq!(ticks(0.0, 1500.0, 500.0), [0.0, 500.0, 1000.0, 1500.0]);
    }
}
