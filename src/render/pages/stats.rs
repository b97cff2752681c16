//! Key figures: counted from the records at build time, shown on the statistics page as
//! accessible inline SVG bar charts (each with a table of the same numbers) and published as
//! `data/stats.json`. Nothing is computed in the browser.

use crate::render::format;
use crate::render::templates::Strings;
use crate::render::views::{Lang, TermKind};
use crate::render::Job;
use crate::slug::sort_key;
use crate::validate::OPEN_TO;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The figures of the whole site, independent of language. Like the map and the lists, they
/// count the actors still active; only the years of founding and closing count every actor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteStats {
    /// Active actors (not closed, merged or acquired).
    pub actors: usize,
    pub campuses: usize,
    /// Actor type key → actors (every type of the vocabulary, zeros included).
    pub by_type: BTreeMap<String, usize>,
    pub by_sector: BTreeMap<String, usize>,
    /// Campus slug → actors at that campus (an actor at two campuses counts at both).
    pub by_campus: BTreeMap<String, usize>,
    /// The sum of `figures.employees` over the actors that state it.
    pub employees_total: u64,
    pub employees_known: usize,
    pub companies: usize,
    /// Year → companies founded that year (companies that state `figures.founded`).
    pub companies_founded: BTreeMap<i32, usize>,
    /// Year → actors of any type founded that year.
    pub actors_founded: BTreeMap<i32, usize>,
    /// Year → actors counted in `actors_founded` that closed, merged or were bought that year.
    pub actors_closed: BTreeMap<i32, usize>,
    /// The same, of the companies in `companies_founded`.
    pub companies_closed: BTreeMap<i32, usize>,
    pub infrastructures: usize,
    /// Audience → infrastructures open to it (`access.open_to`).
    pub infrastructures_by_audience: BTreeMap<String, usize>,
    pub relations: usize,
}

impl SiteStats {
    pub fn of(site: &crate::model::Site) -> SiteStats {
        let c = &site.config;
        let companies = c.company_types();
        let infrastructures = c.infrastructure_types();
        // Counted by borrowed key (hashing a short key is cheaper than finding it in a tree),
        // then sorted into the figures.
        let mut by_type: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_sector: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_campus: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_audience: FxHashMap<&str, usize> = FxHashMap::default();
        let mut f = SiteStats {
            campuses: site.campuses.len(),
            ..SiteStats::default()
        };
        for a in &site.actors {
            // The years of founding and closing are counted over every actor; the rest, like
            // the map and the lists, over those still active.
            let founded = a.figures.founded_counted();
            let closed = founded
                .and(a.life.closed)
                .filter(|_| a.life.gone())
                .map(|c| c.year());
            let company = companies.contains(&a.kind.as_str());
            if let Some(year) = founded {
                *f.actors_founded.entry(year).or_default() += 1;
                if company {
                    *f.companies_founded.entry(year).or_default() += 1;
                }
            }
            if let Some(year) = closed {
                *f.actors_closed.entry(year).or_default() += 1;
                if company {
                    *f.companies_closed.entry(year).or_default() += 1;
                }
            }
            if a.life.gone() {
                continue;
            }
            f.actors += 1;
            *by_type.entry(&a.kind).or_default() += 1;
            for s in &a.sectors {
                *by_sector.entry(s).or_default() += 1;
            }
            for campus in &a.campuses {
                *by_campus.entry(campus).or_default() += 1;
            }
            // Only figures that validation lets pass are counted (a build with others fails,
            // but a render may still be asked of such a site), and the sum saturates rather
            // than wraps: no absurd total is ever shown.
            if let Some(n) = a.figures.employees_counted() {
                f.employees_total = f.employees_total.saturating_add(n);
                f.employees_known += 1;
            }
            if company {
                f.companies += 1;
            }
            if infrastructures.contains(&a.kind.as_str()) {
                f.infrastructures += 1;
                for o in &a.open_to {
                    *by_audience.entry(o).or_default() += 1;
                }
            }
            f.relations += a.relations.len();
        }
        // Every type, sector and campus of the site, zeros included.
        let sorted = |counts: FxHashMap<&str, usize>, zeros: &mut dyn Iterator<Item = &String>| {
            let mut sorted: BTreeMap<String, usize> = zeros.map(|k| (k.clone(), 0)).collect();
            for (k, n) in counts {
                *sorted.entry(k.to_string()).or_default() += n;
            }
            sorted
        };
        f.by_type = sorted(by_type, &mut c.actor_types.keys());
        f.by_sector = sorted(by_sector, &mut c.sectors.keys());
        f.by_campus = sorted(by_campus, &mut site.campuses.iter().map(|c| &c.slug));
        f.infrastructures_by_audience = sorted(by_audience, &mut std::iter::empty());
        f
    }

    pub fn infrastructures_open_to_sme(&self) -> usize {
        self.infrastructures_by_audience
            .get("sme")
            .copied()
            .unwrap_or(0)
    }
}

/// One bar of a chart and one row of its table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub value: u64,
    pub value_text: String,
    pub url: Option<String>,
    /// Geometry in the SVG's user units.
    pub y: u32,
    pub bar_width: String,
}

/// A horizontal bar chart and the table beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// A sentence for screen readers (the SVG's `<desc>`).
    pub desc: String,
    pub label_header: String,
    pub value_header: String,
    pub rows: Vec<Row>,
    pub width: u32,
    pub height: u32,
}

const WIDTH: u32 = 640;
const ROW: u32 = 34;
/// Room right of the longest bar for its number.
const VALUE_ROOM: f64 = 64.0;

fn chart(
    l: &Lang<'_>,
    id: &str,
    title: String,
    headers: (String, String),
    rows: Vec<(String, String, u64, Option<String>)>,
) -> Chart {
    let max = rows.iter().map(|r| r.2).max().unwrap_or(0).max(1) as f64;
    let desc = rows
        .iter()
        .map(|(_, label, v, _)| format!("{label}: {}", format::int(*v, l.lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (key, label, value, url))| Row {
            key,
            label,
            value,
            value_text: format::int(value, l.lang),
            url,
            y: rows_height(i),
            bar_width: format!(
                "{:.1}",
                (value as f64 / max * (f64::from(WIDTH) - VALUE_ROOM)).max(0.0)
            ),
        })
        .collect();
    Chart {
        id: id.to_string(),
        title,
        desc,
        label_header: headers.0,
        value_header: headers.1,
        height: rows_height(rows.len()).saturating_add(4),
        rows,
        width: WIDTH,
    }
}

/// The height of `n` rows in the SVG's user units (saturating: a chart of millions of rows
/// is absurd, not wrapped).
fn rows_height(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX).saturating_mul(ROW)
}

/// Rows by count (largest first), then by label as readers of the language sort.
fn by_count(
    l: &Lang<'_>,
    mut rows: Vec<(String, String, u64, Option<String>)>,
) -> Vec<(String, String, u64, Option<String>)> {
    rows.sort_by_cached_key(|r| (std::cmp::Reverse(r.2), sort_key(l.lang, &r.1), r.0.clone()));
    rows
}

/// The statistics page of one language (the indicators, then the map's own data with the
/// `derived` series), and `data/stats.json`.
pub fn job(
    l: &Lang<'_>,
    t: &Strings,
    f: &SiteStats,
    derived: &[crate::indicator::Indicator],
) -> (Job<'static>, Vec<u8>) {
    let count_header = t.tr("stats_actors_column");
    let types = by_count(
        l,
        f.by_type
            .iter()
            .map(|(k, n)| {
                let term = l.term(TermKind::Type, k);
                (k.clone(), term.label, *n as u64, Some(term.url))
            })
            .collect(),
    );
    let sectors = by_count(
        l,
        f.by_sector
            .iter()
            .map(|(k, n)| {
                let term = l.term(TermKind::Sector, k);
                (k.clone(), term.label, *n as u64, Some(term.url))
            })
            .collect(),
    );
    let campuses = by_count(
        l,
        f.by_campus
            .iter()
            .filter_map(|(slug, n)| {
                let c = l.site.campus(slug)?;
                let link = l.campus_link(c);
                Some((slug.clone(), link.name, *n as u64, Some(link.url)))
            })
            .collect(),
    );
    let audiences: Vec<_> = OPEN_TO
        .iter()
        .map(|o| {
            let n = f.infrastructures_by_audience.get(*o).copied().unwrap_or(0);
            let label = format::upper_first(&t.tr(&format!("audience_{o}")));
            (o.to_string(), label, n as u64, None)
        })
        .collect();
    let mut charts = vec![
        chart(
            l,
            "by-type",
            t.tr("stats_by_type"),
            (t.tr("type"), count_header.clone()),
            types.clone(),
        ),
        chart(
            l,
            "by-sector",
            t.tr("stats_by_sector"),
            (t.tr("sector"), count_header.clone()),
            sectors.clone(),
        ),
        chart(
            l,
            "by-campus",
            t.tr("stats_by_campus"),
            (t.tr("campus"), count_header.clone()),
            campuses.clone(),
        ),
    ];
    if f.infrastructures > 0 {
        charts.push(chart(
            l,
            "infrastructures-open-to",
            t.tr("stats_infrastructures_open_to"),
            (t.tr("open_to"), t.tr("stats_infrastructures_column")),
            audiences.clone(),
        ));
    }
    let tiles = vec![
        tile(
            t.tr("stats_tile_actors"),
            format::int(f.actors as u64, l.lang),
            None,
        ),
        tile(
            t.tr("stats_tile_campuses"),
            format::int(f.campuses as u64, l.lang),
            None,
        ),
        if f.employees_known == 0 {
            tile(
                t.tr("stats_tile_employees"),
                "–".into(),
                Some(t.tr("stats_employees_none")),
            )
        } else {
            tile(
                t.tr("stats_tile_employees"),
                format::int(f.employees_total, l.lang),
                Some(
                    t.tr("stats_employees_known")
                        .replace("%n", &format::int(f.employees_known as u64, l.lang))
                        .replace("%total", &format::int(f.actors as u64, l.lang)),
                ),
            )
        },
        tile(
            t.tr("stats_tile_open_to_sme"),
            format::int(f.infrastructures_open_to_sme() as u64, l.lang),
            Some(
                t.tr("stats_of_infrastructures")
                    .replace("%total", &format::int(f.infrastructures as u64, l.lang)),
            ),
        ),
    ];
    let indicators: Vec<_> = l
        .site
        .indicators
        .iter()
        .map(|i| super::indicators::view(l, t, i))
        .collect();
    let derived: Vec<_> = derived
        .iter()
        .map(|i| super::indicators::view(l, t, i))
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("indicators", &indicators);
    ctx.insert("facts_url", &l.urls.link("facts/"));
    ctx.insert("derived", &derived);
    ctx.insert("tiles", &tiles);
    ctx.insert("charts", &charts);
    ctx.insert("companies", &f.companies);
    let job = Job {
        path: "stats/".into(),
        template: "stats.html",
        title: t.tr("key_figures"),
        data: ctx,
        later: None,
        list: None,
        key: None,
    };
    let list = |rows: &[(String, String, u64, Option<String>)], key: &str| {
        rows.iter()
            .map(|(k, label, n, _)| json!({key: k, "label": label, "count": n}))
            .collect::<Vec<_>>()
    };
    let stats = json!({
        "ecoatlas": crate::render::data::meta(l, "stats"),
        "actors": f.actors,
        "campuses": f.campuses,
        "by_type": list(&types, "key"),
        "by_sector": list(&sectors, "key"),
        "by_campus": list(&campuses, "slug"),
        "employees": {"total": f.employees_total, "actors_with_figure": f.employees_known},
        "companies": {
            "total": f.companies,
            "founded_per_year": f.companies_founded.iter()
                .map(|(y, n)| json!({"year": y, "count": n})).collect::<Vec<_>>(),
        },
        "infrastructures": {
            "total": f.infrastructures,
            "open_to_sme": f.infrastructures_open_to_sme(),
            "by_audience": list(&audiences, "key"),
        },
        "relations": f.relations,
    });
    let mut bytes = serde_json::to_vec_pretty(&stats).unwrap_or_default();
    bytes.push(b'\n');
    (job, bytes)
}

#[derive(Debug, Clone, Serialize)]
struct Tile {
    label: String,
    value: String,
    note: Option<String>,
}

fn tile(label: String, value: String, note: Option<String>) -> Tile {
    Tile { label, value, note }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use std::path::Path;

    #[test]
    fn absurd_employee_figures_are_neither_summed_nor_wrapped() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = SiteConfig::load(&root).expect("the minimal fixture's site.yaml");
        let (mut site, _) = crate::load::load_site(&root, config);
        assert!(site.actors.len() >= 3);
        // Two figures that sum to 2^64 - 2 (what stats.json once printed), and a real one.
        site.actors[0].figures.employees = Some(i64::MAX as u64);
        site.actors[1].figures.employees = Some(i64::MAX as u64);
        site.actors[2].figures.employees = Some(1200);
        site.actors[2].figures.founded = Some(i32::MIN);
        let f = SiteStats::of(&site);
        assert_eq!(f.employees_total, 1200);
        assert_eq!(f.employees_known, 1);
        assert!(f.companies_founded.keys().all(|y| *y >= 1000));
        // At the limit, a site far larger than any could not overflow the sum.
        assert!(crate::model::Figures::EMPLOYEES
            .end()
            .checked_mul(u64::from(u32::MAX))
            .is_some());
        assert_eq!(rows_height(usize::MAX), u32::MAX);
    }
}
