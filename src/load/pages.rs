//! Free pages (`content/pages/<slug>.md`) and news (`content/news/<yyyy-mm-dd>-<slug>.md`).

use super::actors::top_level_lines;
use super::files::{single_main, ContentFile, RecordFiles};
use crate::config::Localized;
use crate::config::SiteConfig;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    BodySource, Event, NewsItem, Origin, Page, PageLayout, PageText, Source, Translations,
};
use crate::source::{parse_yaml, split_front_matter, SourceFile};
use serde::Deserialize;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageRecord {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    menu: Option<u32>,
    /// `page` (the default) or `guide`: the research-infrastructure guide.
    #[serde(default)]
    layout: PageLayout,
    /// Where the page's facts come from: `{title, url, publisher, date}` each.
    #[serde(default)]
    sources: Vec<Source>,
    /// The day an editor last checked the page (yyyy-mm-dd; not after the day of the build).
    #[serde(default)]
    reviewed: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewsRecord {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    /// The slugs of the actors the item is about.
    #[serde(default)]
    #[schemars(extend("x-ecoatlas-names" = "actors"))]
    actors: Vec<String>,
    /// The slugs of the campuses the item is about.
    #[serde(default)]
    #[schemars(extend("x-ecoatlas-names" = "campuses"))]
    campuses: Vec<String>,
    /// For an event: when and where.
    #[serde(default)]
    event: Option<EventRecord>,
    /// Where the news comes from: `{title, url, publisher, date}` each.
    #[serde(default)]
    sources: Vec<Source>,
    /// The day an editor last checked the item (yyyy-mm-dd; not after the day of the build).
    #[serde(default)]
    reviewed: Option<String>,
}

/// `event: {date: 2025-10-10, end: 2025-10-11, place: Stockholm, url: https://...}`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct EventRecord {
    /// The (first) day of the event, yyyy-mm-dd.
    #[schemars(regex(pattern = crate::date::DATE_PATTERN))]
    date: String,
    /// The last day, yyyy-mm-dd, for an event of several days.
    #[serde(default)]
    #[schemars(regex(pattern = crate::date::DATE_PATTERN))]
    end: Option<String>,
    /// Where: one text, or a text per language.
    place: Localized,
    /// A page about the event or for registration.
    #[serde(default)]
    #[schemars(regex(pattern = crate::validate::LINK_PATTERN))]
    url: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TranslatedText {
    title: String,
    #[serde(default)]
    summary: Option<String>,
}

/// Reads a Markdown file with front matter into (record, origin, body, where the body starts).
fn read<T: serde::de::DeserializeOwned>(
    f: &ContentFile,
) -> Result<(T, Origin, String, BodySource), Diagnostic> {
    let file = SourceFile::read(&f.path, f.display.clone())?;
    let doc = split_front_matter(&file, true)?;
    let rec = parse_yaml(&file, doc.yaml, doc.yaml_line)?;
    let file: std::sync::Arc<std::path::Path> = std::sync::Arc::from(f.display.as_path());
    let origin = Origin::new(file.clone(), top_level_lines(doc.yaml, doc.yaml_line));
    let body_source = BodySource {
        file,
        line: doc.body_line,
    };
    Ok((rec, origin, doc.body.to_string(), body_source))
}

/// The texts of a record: the default language from `main`, then every translation.
fn translations(
    record: &RecordFiles,
    default: PageText,
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Translations<PageText> {
    let mut text = Translations::default();
    text.by_lang.insert(default_lang.to_string(), default);
    for (lang, files) in &record.translations {
        let single = RecordFiles {
            slug: record.slug.clone(),
            main: files.clone(),
            ..Default::default()
        };
        let Some(f) = single_main(&single, &["md"], "translation", diags) else {
            continue;
        };
        match read::<TranslatedText>(f) {
            Ok((t, _, body, body_source)) => {
                text.by_lang.insert(
                    lang.clone(),
                    PageText {
                        title: t.title,
                        summary: t.summary,
                        body,
                        body_source,
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
    text
}

fn orphan_translations(record: &RecordFiles, diags: &mut Diagnostics) {
    if record.main.is_empty() {
        for f in record.translations.values().flatten() {
            diags.push(
                Diagnostic::error(
                    &f.display,
                    format!("a translation of `{}`, which has no record", record.slug),
                )
                .hint("add the default-language file beside it"),
            );
        }
    }
}

pub(super) fn load_pages(
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let mut pages = Vec::new();
    for record in records {
        let Some(main) = single_main(&record, &["md"], "page", diags) else {
            orphan_translations(&record, diags);
            continue;
        };
        match read::<PageRecord>(main) {
            Ok((rec, origin, body, body_source)) => {
                let default = PageText {
                    title: rec.title,
                    summary: rec.summary,
                    body,
                    body_source,
                };
                let text = translations(&record, default, config.default_language(), diags);
                let provenance =
                    super::provenance::read(rec.sources, rec.reviewed, &origin, "", diags);
                pages.push(Page {
                    slug: record.slug.clone(),
                    origin,
                    menu: rec.menu,
                    layout: rec.layout,
                    provenance,
                    text,
                });
            }
            Err(d) => diags.push(d),
        }
    }
    pages
}

pub(super) fn load_news(
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<NewsItem> {
    let mut news = Vec::new();
    for record in records {
        let Some(main) = single_main(&record, &["md"], "news", diags) else {
            orphan_translations(&record, diags);
            continue;
        };
        let Some(date) = date_prefix(&record.slug) else {
            diags.push(match shaped_like_a_date(&record.slug) {
                // 2025-02-30-…: the right shape, but no such day.
                Some(day) => Diagnostic::error(
                    &main.display,
                    format!("the file name's date {day} is not a day of the calendar"),
                )
                .text(day)
                .hint("check the month and the day: a news file name starts with the day it was published"),
                None => Diagnostic::error(&main.display, "a news file name starts with its date")
                    .hint(
                        "name it yyyy-mm-dd-title.md, for example 2025-08-29-atmp-center-opens.md",
                    ),
            });
            continue;
        };
        match read::<NewsRecord>(main) {
            Ok((rec, origin, body, body_source)) => {
                let event = rec.event.and_then(|e| event(e, &origin, diags));
                let default = PageText {
                    title: rec.title,
                    summary: rec.summary,
                    body,
                    body_source,
                };
                let text = translations(&record, default, config.default_language(), diags);
                let provenance =
                    super::provenance::read(rec.sources, rec.reviewed, &origin, "", diags);
                news.push(NewsItem {
                    slug: record.slug.clone(),
                    origin,
                    date,
                    actors: rec.actors,
                    campuses: rec.campuses,
                    event,
                    provenance,
                    text,
                });
            }
            Err(d) => diags.push(d),
        }
    }
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    news
}

/// `2025-08-29-atmp` → `2025-08-29`, when the prefix is a real calendar date.
fn date_prefix(slug: &str) -> Option<String> {
    Date::parse(slug.get(..10)?).map(|d| d.to_string())
}

/// The slug's first ten characters when they look like yyyy-mm-dd (digits and dashes), whether
/// or not that day exists.
fn shaped_like_a_date(slug: &str) -> Option<&str> {
    let head = slug.get(..10)?;
    let shaped = head.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    shaped.then_some(head)
}

/// Checks an event's dates (real days, the end not before the start).
fn event(e: EventRecord, origin: &Origin, diags: &mut Diagnostics) -> Option<Event> {
    let line = origin.line_of("event");
    let mut day = |text: &str, field: &str| {
        let parsed = Date::parse(text.trim());
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(&*origin.file, format!("`{text}` is not a date"))
                    .at(line, 1)
                    .field(format!("event.{field}"))
                    .text(text.trim())
                    .hint("write the day as yyyy-mm-dd, for example 2025-10-10"),
            );
        }
        parsed
    };
    let date = day(&e.date, "date");
    let end = match &e.end {
        Some(v) => Some(day(v, "end")?),
        None => None,
    };
    let date = date?;
    if end.is_some_and(|end| end < date) {
        diags.push(
            Diagnostic::error(&*origin.file, "the event ends before it starts")
                .at(line, 1)
                .field("event.end")
                .text(e.end.as_deref().unwrap_or_default().trim()),
        );
        return None;
    }
    Some(Event {
        date: date.to_string(),
        end: end.filter(|e| *e != date).map(|e| e.to_string()),
        place: e.place,
        url: e.url,
    })
}

#[cfg(test)]
mod tests {
    use super::date_prefix;

    #[test]
    fn news_dates_come_from_real_calendar_days() {
        assert_eq!(
            date_prefix("2025-08-29-atmp").as_deref(),
            Some("2025-08-29")
        );
        assert_eq!(
            date_prefix("2024-02-29-leap").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(date_prefix("2023-02-29-no"), None);
        assert_eq!(date_prefix("atmp-center"), None);
        assert_eq!(date_prefix("2025-13-01-x"), None);
    }
}
