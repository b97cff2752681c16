//! Indicators: series of figures over the years (`content/indicators/<slug>.yaml`), for the
//! site's own region, for peer clusters declared in `site.yaml` (`peers:`) and for campuses;
//! and the series derived from the records (`key_figures.derived`, [`derived`]). Loaded by
//! `load::indicators`, shown on the key-figures page and exported as `data/indicators.*`.

pub mod derived;

use crate::config::Localized;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The scope of a value that names none: the site's own region. No peer or campus may take it.
pub const REGION: &str = "region";

/// What an indicator's values count or measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    People,
    Sek,
    Eur,
    Percent,
    Rank,
    Score,
}

impl Unit {
    /// Every unit, as written in a record.
    pub const NAMES: [&'static str; 7] =
        ["count", "people", "SEK", "EUR", "percent", "rank", "score"];

    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "count" => Unit::Count,
            "people" => Unit::People,
            "SEK" => Unit::Sek,
            "EUR" => Unit::Eur,
            "percent" => Unit::Percent,
            "rank" => Unit::Rank,
            "score" => Unit::Score,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::People => "people",
            Unit::Sek => "SEK",
            Unit::Eur => "EUR",
            Unit::Percent => "percent",
            Unit::Rank => "rank",
            Unit::Score => "score",
        }
    }
}

/// A public source of figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The title of the report, article or table.
    pub title: Localized,
    /// Where it can be read (http or https); leave it out for a source that is not on the web
    /// or whose address is not known, and name the publisher.
    #[serde(default)]
    pub url: Option<String>,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// When it was published, yyyy-mm-dd.
    #[serde(default)]
    pub date: Option<String>,
}

/// One figure: a year's value for a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    /// `None`: the site's own region; else a peer's id or a campus slug.
    pub scope: Option<String>,
    /// The value's own source, besides the indicator's.
    pub source: Option<Source>,
}

impl Point {
    pub fn scope(&self) -> &str {
        self.scope.as_deref().unwrap_or(REGION)
    }
}

/// One indicator: a series per scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub slug: String,
    pub name: Localized,
    pub description: Localized,
    pub unit: Unit,
    pub higher_is_better: bool,
    pub sources: Vec<Source>,
    /// By scope (the region first, then peers and campuses in the order first given), then
    /// by year.
    pub values: Vec<Point>,
    /// The record's file; `None` for a series derived from the records.
    pub file: Option<PathBuf>,
}

impl Indicator {
    /// The scopes that have values, the region first, then in the order first given.
    pub fn scopes(&self) -> Vec<&str> {
        let mut scopes: Vec<&str> = Vec::new();
        if self.values.iter().any(|p| p.scope.is_none()) {
            scopes.push(REGION);
        }
        for p in &self.values {
            if !scopes.contains(&p.scope()) {
                scopes.push(p.scope());
            }
        }
        scopes
    }

    /// The values of one scope, by year.
    pub fn series<'a>(&'a self, scope: &'a str) -> impl Iterator<Item = &'a Point> + 'a {
        self.values.iter().filter(move |p| p.scope() == scope)
    }

    /// Where a value comes from: its own source, else the indicator's first.
    pub fn source_of<'a>(&'a self, p: &'a Point) -> Option<&'a Source> {
        p.source.as_ref().or(self.sources.first())
    }
}

/// A peer cluster that indicators compare the region with (`peers:` in site.yaml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peer {
    /// How values name it (`scope: medicon-valley`): lowercase letters, digits and `-`.
    pub id: String,
    /// Its name, per language.
    pub name: Localized,
    /// Its own web site.
    #[serde(default)]
    pub website: Option<String>,
}

/// Whether `id` is shaped like a scope: lowercase ASCII letters, digits and inner `-`.
pub fn is_scope_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The checks of `peers:` in site.yaml: each id shaped like a scope, not `region`, given once;
/// a website an http(s) address. `at(field, index, message)` makes the diagnostic.
pub fn check_peers(
    peers: &[Peer],
    at: &dyn Fn(&str, usize, String) -> crate::diagnostic::Diagnostic,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out = Vec::new();
    for (i, p) in peers.iter().enumerate() {
        if !is_scope_id(&p.id) || p.id == REGION {
            out.push(
                at("id", i, format!("`{}` cannot be a peer's id", p.id))
                    .text(p.id.as_str())
                    .hint("use lowercase letters, digits and `-`, for example medicon-valley (`region` is the site's own)"),
            );
        } else if peers[..i].iter().any(|q| q.id == p.id) {
            out.push(
                at("id", i, format!("the peer `{}` is declared twice", p.id))
                    .text(p.id.as_str())
                    .hint("give each peer once, with a different id"),
            );
        }
        if let Some(w) = &p.website {
            if !(w.starts_with("https://") || w.starts_with("http://")) {
                out.push(
                    at("website", i, format!("`{w}` is not a web address"))
                        .text(w.as_str())
                        .hint("start it with https://"),
                );
            }
        }
    }
    out
}
