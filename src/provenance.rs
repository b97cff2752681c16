//! Sources and freshness across the site: every record's `sources:` and `reviewed:` and a
//! figure's own source are checked against the day of the build ([`check`]), and
//! `ecoatlas check --stale <MONTHS>` lists the records not reviewed within that many months
//! ([`stale`]). Reading the fields is [`crate::load`]'s part.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::provenance::is_source_date;
use crate::model::{Origin, Provenance, Site, Source};
use crate::validate::check_url;
use std::collections::BTreeSet;

/// One record of any kind, as far as its provenance goes.
pub struct Record<'a> {
    /// `actor`, `campus`, `page` or `news item`.
    pub kind: &'static str,
    pub slug: &'a str,
    pub origin: &'a Origin,
    pub provenance: &'a Provenance,
    /// Where the record's fields stand: `properties.` in a campus file, else nothing.
    pub prefix: &'static str,
}

/// Every record of the site: actors, campuses, pages, news.
pub fn records(site: &Site) -> impl Iterator<Item = Record<'_>> {
    let actors = site.actors.iter().map(|a| Record {
        kind: "actor",
        slug: &a.slug,
        origin: &a.origin,
        provenance: &a.provenance,
        prefix: "",
    });
    let campuses = site.campuses.iter().map(|c| Record {
        kind: "campus",
        slug: &c.slug,
        origin: &c.origin,
        provenance: &c.provenance,
        prefix: "properties.",
    });
    let pages = site.pages.iter().map(|p| Record {
        kind: "page",
        slug: &p.slug,
        origin: &p.origin,
        provenance: &p.provenance,
        prefix: "",
    });
    let news = site.news.iter().map(|n| Record {
        kind: "news item",
        slug: &n.slug,
        origin: &n.origin,
        provenance: &n.provenance,
        prefix: "",
    });
    actors.chain(campuses).chain(pages).chain(news)
}

/// The checks of sources and review days: each source's address and date, a figure's source
/// and year, and no review after `today` (the build's day). Of the actors, only those in
/// `actors` when given (the preview's partial rebuild checks the changed ones).
pub fn check(site: &Site, today: Date, actors: Option<&BTreeSet<String>>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let chosen = records(site)
        .filter(|r| r.kind != "actor" || actors.is_none_or(|only| only.contains(r.slug)));
    for r in chosen {
        let field = |name: &str| format!("{}{name}", r.prefix);
        if let Some(day) = r.provenance.reviewed.filter(|d| *d > today) {
            diags.push(
                Diagnostic::error(
                    &*r.origin.file,
                    format!("the review date {day} is after today ({today})"),
                )
                .at(r.origin.line_of("reviewed"), 1)
                .field(field("reviewed"))
                .text(day.to_string())
                .hint("`reviewed` is the day an editor last checked the record against its sources: a day that has come"),
            );
        }
        let line = r.origin.line_of("sources");
        for (i, s) in r.provenance.sources.iter().enumerate() {
            source(
                &mut diags,
                r.origin,
                line,
                &field(&format!("sources[{i}]")),
                s,
            );
        }
    }
    for a in site
        .actors
        .iter()
        .filter(|a| actors.is_none_or(|only| only.contains(&a.slug)))
    {
        let line = a.origin.line_of("figures");
        let notes = [
            ("employees", &a.figures.employees_note),
            ("founded", &a.figures.founded_note),
        ];
        for (name, note) in notes {
            let Some(note) = note else { continue };
            let field = format!("figures.{name}");
            if let Some(s) = &note.source {
                source(&mut diags, &a.origin, line, &format!("{field}.source"), s);
            }
            if let Some(y) = note.year.filter(|y| !(1900..=today.year).contains(y)) {
                diags.push(
                    Diagnostic::error(
                        &*a.origin.file,
                        format!("{y} is not a year the figure can refer to"),
                    )
                    .at(line, 1)
                    .field(format!("{field}.year"))
                    .text(y.to_string())
                    .hint(format!(
                        "the year the number was counted, from 1900 to {}",
                        today.year
                    )),
                );
            }
        }
    }
    diags
}

/// A source's address (http or https) and date (a day, a month or a year).
fn source(diags: &mut Diagnostics, origin: &Origin, line: usize, field: &str, s: &Source) {
    let at = |message: String| {
        Diagnostic::error(&*origin.file, message)
            .at(line, 1)
            .field(field.to_string())
    };
    let url_ok = check_url(&s.url).and_then(|()| {
        if s.url.trim().to_ascii_lowercase().starts_with("mailto:") {
            Err(format!("`{}` is an e-mail link, not a page", s.url))
        } else {
            Ok(())
        }
    });
    if let Err(m) = url_ok {
        diags.push(
            at(m)
                .field(format!("{field}.url"))
                .text(s.url.clone())
                .hint("a source is a page or document anyone can read: its http(s) address"),
        );
    }
    if s.title.trim().is_empty() {
        diags.push(
            at("the source has no title".into())
                .field(format!("{field}.title"))
                .hint("the title of the page or document, as it names itself"),
        );
    }
    if let Some(d) = s.date.as_deref().filter(|d| !is_source_date(d.trim())) {
        diags.push(
            at(format!("`{d}` is not a date"))
                .field(format!("{field}.date"))
                .text(d)
                .hint("when the source was published: yyyy-mm-dd, yyyy-mm or yyyy"),
        );
    }
}

/// `check --stale <MONTHS>`: a warning for every record not reviewed within `months` months
/// before `today` (reviewed before that day, or never).
pub fn stale(site: &Site, today: Date, months: u32) -> Vec<Diagnostic> {
    let since = months_before(today, months);
    records(site)
        .filter(|r| r.provenance.reviewed.is_none_or(|d| d < since))
        .map(|r| {
            let message = match r.provenance.reviewed {
                Some(d) => format!(
                    "{} `{}` was last reviewed on {d}, more than {} ago",
                    r.kind,
                    r.slug,
                    crate::diagnostic::count(months as usize, "month")
                ),
                None => format!("{} `{}` has never been reviewed", r.kind, r.slug),
            };
            let line = match r.provenance.reviewed {
                Some(_) => r.origin.line_of("reviewed"),
                None => 1,
            };
            Diagnostic::warning(&*r.origin.file, message)
                .at(line, 1)
                .field(format!("{}reviewed", r.prefix))
                .hint(format!(
                    "check the record against its sources, then set `reviewed: {today}`"
                ))
        })
        .collect()
}

/// The day `months` calendar months before `day` (the month's last day when it is shorter).
pub fn months_before(day: Date, months: u32) -> Date {
    let total = i64::from(day.year) * 12 + i64::from(day.month) - 1 - i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MIN);
    let month = u32::try_from(total.rem_euclid(12)).unwrap_or(0) + 1;
    let mut d = day.day;
    loop {
        let text = format!("{year:04}-{month:02}-{d:02}");
        match Date::parse(&text) {
            Some(found) => return found,
            None if d > 28 => d -= 1,
            None => {
                return Date {
                    year,
                    month,
                    day: 1,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::months_before;
    use crate::date::Date;

    fn day(s: &str) -> Date {
        Date::parse(s).expect("a day")
    }

    #[test]
    fn months_before_counts_calendar_months() {
        assert_eq!(months_before(day("2026-12-06"), 12), day("2025-12-06"));
        assert_eq!(months_before(day("2026-03-31"), 1), day("2026-02-28"));
        assert_eq!(months_before(day("2024-03-31"), 1), day("2024-02-29"));
        assert_eq!(months_before(day("2026-01-15"), 1), day("2025-12-15"));
        assert_eq!(months_before(day("2026-01-15"), 0), day("2026-01-15"));
        assert_eq!(months_before(day("2026-01-15"), 25), day("2023-12-15"));
    }
}
