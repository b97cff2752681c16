//! What record pages show of where their facts come from: the sources and the day the record
//! was last checked (`partials/provenance.html`), and a figure's own year and source.

use crate::model::{FigureNote, Provenance, Source};
use serde::Serialize;

/// A record's sources and review day, for its page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProvenanceView {
    /// yyyy-mm-dd.
    pub reviewed: Option<String>,
    pub sources: Vec<Source>,
}

impl ProvenanceView {
    pub fn of(p: &Provenance) -> ProvenanceView {
        ProvenanceView {
            reviewed: p.reviewed.map(|d| d.to_string()),
            sources: p.sources.clone(),
        }
    }
}

/// The year and source of a figure, for its page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FigureNoteView {
    pub year: Option<i32>,
    pub source: Option<Source>,
}

impl FigureNoteView {
    pub fn of(note: Option<&FigureNote>) -> Option<FigureNoteView> {
        note.map(|n| FigureNoteView {
            year: n.year,
            source: n.source.clone(),
        })
    }
}
