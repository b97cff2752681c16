//! ecoatlas: a static site generator for interactive ecosystem maps.
//!
//! The pipeline (see docs/ARCHITECTURE.md): [`config`] reads `site.yaml`; [`load`] walks
//! `content/` into a [`model::Site`]; [`validate`] checks references; [`render`] runs the
//! theme's templates into an [`output::OutputTree`] in memory; [`output`] writes it to disk.
//! [`pipeline`] ties them together for `build`, and [`serve`] previews the result.

pub mod config;
pub mod date;
pub mod diagnostic;
pub mod geo;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod slug;
pub mod source;
pub mod theme;
pub mod translations;
pub mod validate;
