//! Loading: walk `content/`, read every record, and build the [`Site`]. Every problem becomes a
//! [`Diagnostic`] naming its file and line; loading goes on so that all are reported at once.

pub(crate) mod actor_record;
pub(crate) mod actors;
pub(crate) mod campuses;
mod files;
pub(crate) mod indicators;
mod logo;
pub(crate) mod pages;
pub mod probe;
mod provenance;
mod sites;
mod strict_json;
mod svg;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{BodyFiles, Site};
use std::collections::BTreeMap;
use std::path::Path;

pub use files::{
    content_files, content_files_with_assets, is_editor_artifact, record_of, split_name,
    ContentFile, RecordFiles,
};

/// How an actor record writes that where the actor is has not been confirmed (`location:
/// unknown`).
pub use sites::UNKNOWN as LOCATION_UNKNOWN;

/// Files in `content/actors/` that are images kept beside the records (logos).
pub const IMAGE_EXTS: [&str; 4] = ["svg", "png", "jpg", "jpeg"];

/// Loads the whole site below `root` (config already read). Returns the site together with
/// the diagnostics; the caller decides whether errors stop the build.
pub fn load_site(root: &Path, config: SiteConfig) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let content = root.join("content");
    let langs = &config.languages;

    let (actor_files, images) = content_files_with_assets(
        root,
        &content.join("actors"),
        &["md", "yaml", "yml"],
        &IMAGE_EXTS,
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
    let indicator_files = content_files(
        root,
        &content.join("indicators"),
        &["yaml", "yml"],
        langs,
        &mut diags,
    );

    // Which records have files, to tell a reference to a record that failed to load from one
    // to a record that is not there.
    let files_of = |records: &[files::RecordFiles]| -> BTreeMap<String, std::path::PathBuf> {
        records
            .iter()
            .filter_map(|r| Some((r.slug.clone(), r.main.first()?.display.clone())))
            .collect()
    };
    let (mut campus_records, mut actor_records) = (files_of(&campus_files), files_of(&actor_files));
    let campuses = campuses::load(campus_files, &config, &mut diags);
    let (actors, logos) = actors::load(root, actor_files, &config, &campuses, &mut diags);
    campus_records.retain(|slug, _| {
        campuses
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .is_err()
    });
    actor_records.retain(|slug, _| {
        actors
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
            .is_err()
    });
    for image in images {
        if !logos.contains(&image.display) {
            diags.push(
                Diagnostic::warning(&image.display, "no actor uses this image as its logo")
                    .hint("refer to it from a record with `logo: <path from the record's folder>`, or remove it"),
            );
        }
    }
    let pages = pages::load_pages(page_files, &config, &mut diags);
    let news = pages::load_news(news_files, &config, &mut diags);
    let indicators = indicators::load(
        indicator_files,
        &config,
        &campuses,
        &campus_records,
        &mut diags,
    );

    let site = Site {
        config,
        actors,
        campuses,
        pages,
        news,
        indicators,
        bodies: BodyFiles::new(root),
        unreadable: crate::model::Unreadable {
            actors: actor_records,
            campuses: campus_records,
        },
    };
    crate::memory::release_free();
    (site, diags)
}
