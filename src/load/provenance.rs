//! `sources:` and `reviewed:` as every kind of record writes them, read into the model's
//! [`Provenance`]. Checks that need the whole site or the build's day are in
//! [`crate::provenance`].

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Origin, Provenance, Source};

/// The record's sources and review day; a `reviewed` that is no day of the calendar is an
/// error at its line (`prefix`: where the record's fields stand, `properties.` in a campus).
pub(crate) fn read(
    sources: Vec<Source>,
    reviewed: Option<String>,
    origin: &Origin,
    prefix: &str,
    diags: &mut Diagnostics,
) -> Provenance {
    let reviewed = reviewed.and_then(|text| {
        let day = Date::parse(text.trim());
        if day.is_none() {
            diags.push(
                Diagnostic::error(&*origin.file, format!("`{text}` is not a date"))
                    .at(origin.line_of("reviewed"), 1)
                    .field(format!("{prefix}reviewed"))
                    .text(text.trim())
                    .hint("write the day an editor last checked the record as yyyy-mm-dd, for example 2025-10-10"),
            );
        }
        day
    });
    let mut sources = sources;
    sources.shrink_to_fit();
    Provenance { sources, reviewed }
}
