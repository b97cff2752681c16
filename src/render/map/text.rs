//! `data/map-text.json`, the map's texts in one language: for each actor on the map (in the
//! order of `map.json`, [`MapData`]) its summary, the language the summary falls back to, and
//! the wording of its services that no keyword label gives. Loaded after `map.json`, for the
//! popups, the list and the free-text search; documented in docs/DATA.md. The file is joined
//! from each actor's entries ([`TextPiece`], [`text_json_of`]).

use crate::model::Actor;
use crate::render::map::data::{MapData, MAP_DATA_VERSION};
use crate::render::map::popup;
use crate::render::views::Lang;
use std::borrow::Cow;

/// One actor's entries of `data/map-text.json`, as JSON, joined into the file
/// ([`text_json_of`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TextPiece {
    summary: Vec<u8>,
    /// The summary falls back to the default language.
    fallback: bool,
    services: Vec<u8>,
    /// The values of the popup's fields ([`popup::values`]; empty when the site has none).
    facts: Vec<u8>,
}

/// The columns of `map-text.json`, each a list with an entry per actor in the order of
/// `map.json`.
#[derive(Clone, Copy)]
enum TextColumn {
    /// The summary.
    Summary,
    /// The language of the summary when it falls back to the default language, else "".
    SummaryLang,
    /// The actor's own wording of its services (joined by "; ") where a keyword's label does
    /// not give it, else "": so that the search finds every service as the actor words it.
    Services,
    /// The values of the fields that `map.popup` names, a list of texts per actor; only in
    /// the file of a site that names some.
    Facts,
}

const TEXT_COLUMNS: [(&str, TextColumn); 4] = [
    ("summary", TextColumn::Summary),
    ("summary_lang", TextColumn::SummaryLang),
    ("services", TextColumn::Services),
    ("facts", TextColumn::Facts),
];

/// Does the summary of `a` fall back to the default language?
fn falls_back(l: &Lang<'_>, a: &Actor) -> bool {
    l.lang != l.default_lang && !a.text.has(l.lang)
}

/// The services of the actor at `at` in `data` that no keyword label of it gives.
fn unlabelled_services<'a>(l: &Lang<'a>, data: &MapData<'a>, at: usize) -> Cow<'a, str> {
    let a = data.actors[at];
    let own = a.text_ref(l.lang, l.default_lang).services;
    let keywords = data.actor_keywords.get(at).map_or(&[][..], Vec::as_slice);
    let labelled = |s: &String| {
        keywords
            .iter()
            .filter_map(|k| data.keywords.get(*k))
            .any(|k| k.label == *s)
    };
    if own.iter().all(labelled) {
        Cow::Borrowed("")
    } else {
        Cow::Owned(own.join("; "))
    }
}

/// Appends `text` as a JSON string.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a vector cannot fail.
    let _ = serde_json::to_writer(out, text);
}

/// The pieces of the actor at `at` in `data` (its position on the map).
pub fn text_piece(l: &Lang<'_>, data: &MapData<'_>, at: usize) -> TextPiece {
    let a = data.actors[at];
    let mut summary = Vec::new();
    push_json_str(&mut summary, a.summary_in(l.lang, l.default_lang));
    let mut services = Vec::new();
    push_json_str(&mut services, &unlabelled_services(l, data, at));
    // A caller may keep the pieces for long: no spare capacity.
    summary.shrink_to_fit();
    services.shrink_to_fit();
    TextPiece {
        summary,
        fallback: falls_back(l, a),
        services,
        facts: popup::values(l, a),
    }
}

/// `data/map-text.json` for one language: `v`, `lang`, then each column.
pub fn text_json<'a>(l: &Lang<'a>, data: &MapData<'a>) -> Vec<u8> {
    text_file(l, data.actors.len(), 0, |column, at, out| {
        let a = data.actors[at];
        match column {
            TextColumn::Summary => push_json_str(out, a.summary_in(l.lang, l.default_lang)),
            TextColumn::SummaryLang => {
                push_json_str(out, if falls_back(l, a) { l.default_lang } else { "" });
            }
            TextColumn::Services => push_json_str(out, &unlabelled_services(l, data, at)),
            TextColumn::Facts => out.extend_from_slice(&popup::values(l, a)),
        }
    })
}

/// `data/map-text.json` from its actors' pieces, in the order of the map: the same bytes as
/// [`text_json`].
pub fn text_json_of(l: &Lang<'_>, pieces: &[&TextPiece]) -> Vec<u8> {
    let mut default_lang = Vec::new();
    push_json_str(&mut default_lang, l.default_lang);
    let size = pieces
        .iter()
        .map(|p| p.summary.len() + p.services.len() + p.facts.len() + default_lang.len() + 4)
        .sum();
    text_file(l, pieces.len(), size, |column, at, out| {
        let p = &pieces[at];
        match column {
            TextColumn::Summary => out.extend_from_slice(&p.summary),
            TextColumn::SummaryLang if p.fallback => out.extend_from_slice(&default_lang),
            TextColumn::SummaryLang => out.extend_from_slice(b"\"\""),
            TextColumn::Services => out.extend_from_slice(&p.services),
            TextColumn::Facts => out.extend_from_slice(&p.facts),
        }
    })
}

/// The file of `actors` actors, `entry` writing each column's entry of the actor at a position;
/// `size`: about how long the entries are together.
fn text_file(
    l: &Lang<'_>,
    actors: usize,
    size: usize,
    mut entry: impl FnMut(TextColumn, usize, &mut Vec<u8>),
) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64);
    out.extend_from_slice(format!("{{\"v\":{MAP_DATA_VERSION},\"lang\":").as_bytes());
    push_json_str(&mut out, l.lang);
    let facts = !l.config().map.popup.is_empty();
    for (name, column) in TEXT_COLUMNS {
        if matches!(column, TextColumn::Facts) && !facts {
            continue;
        }
        out.extend_from_slice(format!(",\"{name}\":[").as_bytes());
        for at in 0..actors {
            if at > 0 {
                out.push(b',');
            }
            entry(column, at, &mut out);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::map::data::tests::{three_microscopy_labs, with_lang};
    use serde::Serialize;

    /// `map-text.json` is its columns serialised as one object, and its actors' pieces join
    /// into the very same bytes.
    #[test]
    fn map_text_is_its_columns_and_its_pieces_join_into_the_same_bytes() {
        let mut site = three_microscopy_labs();
        for t in site.actors[0].text.by_lang.values_mut() {
            t.summary = "Quotes \", a \\ and a\nnew line: Södertälje \u{1F52C}".into();
        }
        for lang in ["sv", "en"] {
            with_lang(&site, lang, |l| {
                let data = MapData::new(l);
                let file = text_json(l, &data);
                // The layout documented in docs/DATA.md, field by field in order.
                #[derive(Serialize)]
                struct TextFile<'a> {
                    v: u32,
                    lang: &'a str,
                    summary: Vec<&'a str>,
                    summary_lang: Vec<&'a str>,
                    services: Vec<Cow<'a, str>>,
                }
                let expected = TextFile {
                    v: MAP_DATA_VERSION,
                    lang,
                    summary: data
                        .actors
                        .iter()
                        .map(|a| a.summary_in(l.lang, l.default_lang))
                        .collect(),
                    summary_lang: data
                        .actors
                        .iter()
                        .map(|a| if falls_back(l, a) { "sv" } else { "" })
                        .collect(),
                    services: (0..data.actors.len())
                        .map(|at| unlabelled_services(l, &data, at))
                        .collect(),
                };
                let mut bytes = serde_json::to_vec(&expected).expect("JSON");
                bytes.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&file),
                    String::from_utf8_lossy(&bytes)
                );
                assert!(data.actors.iter().any(|a| falls_back(l, a)) == (lang == "en"));
                let pieces: Vec<TextPiece> = (0..data.actors.len())
                    .map(|at| text_piece(l, &data, at))
                    .collect();
                let pieces: Vec<&TextPiece> = pieces.iter().collect();
                assert_eq!(text_json_of(l, &pieces), file, "{lang}");
            });
        }
    }
}
