//! The fact sheet (`/facts/`): the region told abroad on at most two printed A4 pages: the key
//! indicators with their sources, the campuses and innovation nodes on a map drawn at build
//! time (SVG, numbered, with the list of names as its text), the actors by type, and where to
//! read more and get in touch. No script.

use super::indicators::{number, scope_name};
use super::stats::SiteStats;
use crate::indicator::{Indicator, REGION};
use crate::model::Shape;
use crate::render::templates::Strings;
use crate::render::views::{Lang, TermKind};
use crate::render::Job;
use serde::Serialize;

/// One indicator in a line: the region's latest value, the peers' of that year, the sources.
#[derive(Debug, Clone, Serialize)]
struct KeyFigure {
    name: String,
    value: String,
    unit: String,
    year: i32,
    /// "Medicon Valley 5" for each peer or campus with a value that year.
    beside: Vec<String>,
    sources: Vec<String>,
}

/// A campus on the map: its outline and its numbered mark.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MapCampus {
    pub slug: String,
    n: usize,
    name: String,
    url: String,
    /// The outline (`M x y L ... Z` per ring), empty for a point.
    pub path: String,
    pub x: String,
    pub y: String,
}

#[derive(Debug, Clone, Serialize)]
struct TypeCount {
    label: String,
    count: usize,
}

const MAP_WIDTH: f64 = 420.0;
const MAP_MAX_HEIGHT: f64 = 360.0;
/// Room around the campuses, as a share of the box that holds them.
const MARGIN: f64 = 0.02;

pub fn job(l: &Lang<'_>, t: &Strings, f: &SiteStats, derived: &[Indicator]) -> Job<'static> {
    let figures: Vec<KeyFigure> = l
        .site
        .indicators
        .iter()
        .chain(derived)
        .filter_map(|i| key_figure(l, t, i))
        .collect();
    let (campuses, width, height) = map(l, MAP_WIDTH, MAP_MAX_HEIGHT);
    let mut types: Vec<TypeCount> = f
        .by_type
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| TypeCount {
            label: l.term(TermKind::Type, k).label,
            count: *n,
        })
        .collect();
    types.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let c = l.config();
    let mut ctx = tera::Context::new();
    ctx.insert("figures", &figures);
    ctx.insert("campuses", &campuses);
    ctx.insert("map_width", &width);
    ctx.insert("map_height", &height);
    ctx.insert("types", &types);
    ctx.insert("actor_total", &f.actors);
    ctx.insert("home_url", &l.urls.absolute(&l.urls.link("")));
    ctx.insert("stats_url", &l.urls.link("stats/"));
    ctx.insert("data_url", &l.urls.absolute(&l.urls.link("data/")));
    ctx.insert("contact", &c.repository.as_ref().map(|r| r.url.as_str()));
    ctx.insert("intro", &l.text(&c.description));
    Job {
        path: "facts/".into(),
        template: "facts.html",
        title: t.tr("facts_title"),
        data: ctx,
        later: None,
        list: None,
        key: None,
    }
}

fn key_figure(l: &Lang<'_>, t: &Strings, i: &Indicator) -> Option<KeyFigure> {
    let last = i.series(REGION).last()?;
    let beside = i
        .scopes()
        .into_iter()
        .filter(|s| *s != REGION)
        .filter_map(|s| {
            let p = i.series(s).find(|p| p.year == last.year)?;
            Some(format!(
                "{} {}",
                scope_name(l, t, s).0,
                number(p.value, l.lang)
            ))
        })
        .collect();
    let mut sources: Vec<String> = Vec::new();
    if i.file.is_none() {
        sources.push(t.tr("facts_source_records"));
    }
    for s in i
        .sources
        .iter()
        .chain(i.values.iter().filter_map(|p| p.source.as_ref()))
    {
        let text = [Some(l.text(&s.title)), s.publisher.clone(), s.url.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !sources.contains(&text) {
            sources.push(text);
        }
    }
    Some(KeyFigure {
        name: l.text(&i.name),
        value: number(last.value, l.lang),
        unit: t.tr(&format!("unit_{}", i.unit.as_str().to_lowercase())),
        year: last.year,
        beside,
        sources,
    })
}

/// Every campus, projected into the region's box (longitudes shortened by the cosine of the middle
/// latitude, so that shapes keep their proportions), numbered west to east; the box's size.
pub(crate) fn map(
    l: &Lang<'_>,
    max_width: f64,
    max_height: f64,
) -> (Vec<MapCampus>, String, String) {
    let campuses = &l.site.campuses;
    let positions = campuses.iter().flat_map(|c| match &c.shape {
        Shape::Point(p) => vec![[p.lon, p.lat]],
        Shape::Polygons(polys) => polys.iter().flatten().flatten().copied().collect(),
    });
    // The region of site.yaml's `map.bounds`, widened to hold every campus.
    let (mut west, mut east, mut south, mut north) = match l.config().map.bounds {
        Some(b) if !campuses.is_empty() => (b.west, b.east, b.south, b.north),
        _ => (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
    };
    for [lon, lat] in positions {
        west = west.min(lon);
        east = east.max(lon);
        south = south.min(lat);
        north = north.max(lat);
    }
    if west > east {
        return (Vec::new(), "0".into(), "0".into());
    }
    let squeeze = ((south + north) / 2.0).to_radians().cos().max(0.1);
    let (span_x, span_y) = (
        ((east - west) * squeeze).max(1e-3),
        (north - south).max(1e-3),
    );
    let (west, north) = (west - span_x / squeeze * MARGIN, north + span_y * MARGIN);
    let (span_x, span_y) = (span_x * (1.0 + 2.0 * MARGIN), span_y * (1.0 + 2.0 * MARGIN));
    let scale = (max_width / span_x).min(max_height / span_y);
    let xy = |lon: f64, lat: f64| ((lon - west) * squeeze * scale, (north - lat) * scale);
    let mut order: Vec<&crate::model::Campus> = campuses.iter().collect();
    order.sort_by(|a, b| a.centre.lon.total_cmp(&b.centre.lon));
    let list = order
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            let path = match &c.shape {
                Shape::Point(_) => String::new(),
                Shape::Polygons(polys) => polys
                    .iter()
                    .flat_map(|rings| rings.first())
                    .map(|ring| {
                        let mut d = String::new();
                        for (k, [lon, lat]) in ring.iter().enumerate() {
                            let (x, y) = xy(*lon, *lat);
                            d.push_str(&format!(
                                "{}{x:.1} {y:.1} ",
                                if k == 0 { "M" } else { "L" }
                            ));
                        }
                        d.push('Z');
                        d
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            let (x, y) = xy(c.centre.lon, c.centre.lat);
            let link = l.campus_link(c);
            MapCampus {
                slug: c.slug.clone(),
                n: n + 1,
                name: link.name,
                url: link.url,
                path,
                x: format!("{x:.1}"),
                y: format!("{y:.1}"),
            }
        })
        .collect();
    (
        list,
        format!("{:.0}", span_x * scale),
        format!("{:.0}", span_y * scale),
    )
}
