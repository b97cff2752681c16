//! Loading: walk `content/`, read every record, and build the [`Site`]. Every problem becomes a
//! [`Diagnostic`] naming its file and line; loading goes on so that all are reported at once.

pub(crate) mod actors;
pub(crate) mod campuses;
mod files;
pub(crate) mod pages;
pub mod probe;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostics;
use crate::model::Site;
use std::path::Path;

pub use files::{content_files, is_editor_artifact, ContentFile, RecordFiles};

/// Loads the whole site below `root` (config already read). Returns the site together with
/// the diagnostics; the caller decides whether errors stop the build.
pub fn load_site(root: &Path, config: SiteConfig) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let content = root.join("content");
    let langs = &config.languages;

    let actor_files = content_files(
        root,
        &content.join("actors"),
        &["md", "yaml", "yml"],
        langs,
        &mut diags,
    );
    let campus_files = content_files(
        root,
        &content.join("campuses"),
        &["geojson", "json", "md"],
        langs,
        &mut diags,
    );
    let page_files = content_files(root, &content.join("pages"), &["md"], langs, &mut diags);
    let news_files = content_files(root, &content.join("news"), &["md"], langs, &mut diags);

    let campuses = campuses::load(campus_files, &config, &mut diags);
    let actors = actors::load(actor_files, &config, &campuses, &mut diags);
    let pages = pages::load_pages(page_files, &config, &mut diags);
    let news = pages::load_news(news_files, &config, &mut diags);

    let site = Site {
        config,
        actors,
        campuses,
        pages,
        news,
    };
    (site, diags)
}
