//! The map of each language: its data and filter choices (`data.rs`), the compact
//! `data/map.json` (`json.rs`) and its texts `data/map-text.json` (`text.rs`), and the map
//! configuration embedded in pages (`config.rs`), with what the popups show of the
//! exports' columns (`popup.rs`). docs/MAP.md and docs/DATA.md describe them.

pub(crate) mod config;
pub(crate) mod data;
pub(crate) mod json;
pub(crate) mod popup;
pub(crate) mod text;
