//! ecoatlas: a static site generator for interactive ecosystem maps.
//!
//! The pipeline (see docs/ARCHITECTURE.md): [`config`] reads `site.yaml`; [`load`] walks
//! `content/` into a [`model::Site`]; [`validate`] checks references; [`render`] runs the
//! theme's templates, handing each file to an [`output::Sink`] (written to disk, staged, by
//! `build`; kept in memory by the preview).
//! [`pipeline`] ties them together for `build`, and [`serve`] previews the result.

// A `Diagnostic` (file, position, message, hint, source line) travels in `Err` on the cold path
// of a build that is failing anyway; boxing it would only make every call site noisier.
#![allow(clippy::result_large_err)]

pub mod attribution;
pub mod basemap;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod geo;
pub mod import;
pub mod incremental;
pub mod indicator;
pub mod init;
pub mod life;
pub mod links;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod new;
pub mod output;
pub mod pipeline;
pub mod provenance;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;
pub mod site_files;
pub mod slug;
pub mod source;
pub mod theme;
pub mod translations;
pub mod validate;
