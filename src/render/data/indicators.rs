//! `data/indicators.csv` (tidy: one row per indicator, scope and year) and
//! `data/indicators.json` (each indicator whole, with its texts and sources): the site's
//! indicators and the series derived from the records (docs/DATA.md).

use super::{meta, Make};
use crate::indicator::{Indicator, Source};
use crate::render::pages::indicators::data_number;
use crate::render::views::Lang;
use serde_json::{json, Value};

/// The CSV's columns, in order: name, Table Schema type, description (datapackage.json and
/// docs/DATA.md).
pub const CSV_FIELDS: [(&str, &str, &str); 6] = [
    (
        "indicator",
        "string",
        "the indicator's slug (its file name, or the derived series)",
    ),
    (
        "scope",
        "string",
        "`region` (the site's own), a peer's id or a campus slug",
    ),
    ("year", "integer", "the year the value is for"),
    ("value", "number", "the value"),
    (
        "unit",
        "string",
        "count, people, SEK, EUR, percent, rank (1 is best) or score",
    ),
    (
        "source_url",
        "string",
        "the address of the value's source (empty when it is not on the web)",
    ),
];

/// Both files of one language: the site's indicators, then `derived`.
pub fn files<'m>(l: &'m Lang<'m>, derived: Vec<Indicator>) -> Vec<(&'static str, Make<'m>)> {
    let derived = std::sync::Arc::new(derived);
    let for_json = derived.clone();
    vec![
        (
            "data/indicators.csv",
            Box::new(move || csv(l, &derived).map_err(|e| e.to_string())),
        ),
        (
            "data/indicators.json",
            Box::new(move || Ok(indicators_json(l, &for_json))),
        ),
    ]
}

/// Where a derived series comes from: the site's own records, `data/actors.csv`.
fn records_url(l: &Lang<'_>) -> String {
    l.urls.absolute(&l.urls.link("data/actors.csv"))
}

fn all<'a>(l: &'a Lang<'a>, derived: &'a [Indicator]) -> impl Iterator<Item = &'a Indicator> {
    l.site.indicators.iter().chain(derived)
}

/// `indicators.csv`: UTF-8 with a byte-order mark and CRLF line ends, like `actors.csv`.
pub fn csv(l: &Lang<'_>, derived: &[Indicator]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(CSV_FIELDS.map(|f| f.0))?;
    let records = records_url(l);
    for i in all(l, derived) {
        for p in &i.values {
            let source = match i.file {
                None => Some(records.clone()),
                Some(_) => i.source_of(p).and_then(|s| s.url.clone()),
            };
            w.write_record([
                i.slug.as_str(),
                p.scope(),
                &p.year.to_string(),
                &data_number(p.value),
                i.unit.as_str(),
                source.as_deref().unwrap_or(""),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn source_json(l: &Lang<'_>, s: &Source) -> Value {
    json!({"title": l.text(&s.title), "url": s.url, "publisher": s.publisher, "date": s.date})
}

/// `indicators.json`: each indicator with its texts in this language, its sources and values.
pub fn indicators_json(l: &Lang<'_>, derived: &[Indicator]) -> Vec<u8> {
    let records = records_url(l);
    let indicators: Vec<Value> = all(l, derived)
        .map(|i| {
            let sources: Vec<Value> = match i.file {
                None => vec![json!({"title": "data/actors.csv", "url": records})],
                Some(_) => i.sources.iter().map(|s| source_json(l, s)).collect(),
            };
            let values: Vec<Value> = i
                .values
                .iter()
                .map(|p| {
                    let mut v = json!({"scope": p.scope(), "year": p.year, "value": p.value});
                    if let Some(s) = &p.source {
                        v["source"] = source_json(l, s);
                    }
                    v
                })
                .collect();
            json!({
                "slug": i.slug,
                "name": l.text(&i.name),
                "description": l.text(&i.description),
                "unit": i.unit.as_str(),
                "higher_is_better": i.higher_is_better,
                "derived": i.file.is_none(),
                "sources": sources,
                "values": values,
            })
        })
        .collect();
    let peers: Vec<Value> = l
        .config()
        .peers
        .iter()
        .map(|p| json!({"id": p.id, "name": l.text(&p.name), "website": p.website}))
        .collect();
    let doc = json!({
        "ecoatlas": meta(l, "indicators"),
        "peers": peers,
        "indicators": indicators,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
