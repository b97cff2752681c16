//! Parsing one file from bytes exactly as loading does, without the disk: the entry point of
//! the fuzz targets (fuzz/) and of the property tests that show no input makes ecoatlas panic.

use super::actor_record::{ActorRecord, TranslationRecord};
use super::pages::PageRecord;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkContext};
use crate::source::{parse_yaml, split_front_matter, SourceFile};

/// What kind of content file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/actors/<slug>.md`: front matter and Markdown.
    ActorMarkdown,
    /// `content/actors/<slug>.en.md`.
    ActorTranslation,
    /// `content/actors/<slug>.yaml`.
    ActorYaml,
    /// `content/campuses/<slug>.geojson`.
    Campus,
    /// `content/pages/<slug>.md`.
    Page,
    /// `site.yaml`.
    SiteConfig,
}

/// Parses `bytes` as a file of `kind` (and renders its Markdown body, if any), returning every
/// diagnostic. It never panics, whatever the bytes.
pub fn parse_bytes(kind: Kind, bytes: &[u8]) -> Vec<Diagnostic> {
    let name = match kind {
        Kind::ActorMarkdown => "content/actors/probe.md",
        Kind::ActorTranslation => "content/actors/probe.en.md",
        Kind::ActorYaml => "content/actors/probe.yaml",
        Kind::Campus => "content/campuses/probe.geojson",
        Kind::Page => "content/pages/probe.md",
        Kind::SiteConfig => "site.yaml",
    };
    let file = match SourceFile::from_bytes(bytes.to_vec(), name.into()) {
        Ok(f) => f,
        Err(d) => return vec![d],
    };
    let mut diags = Diagnostics::default();
    let result = match kind {
        Kind::ActorMarkdown => front_matter::<ActorRecord>(&file),
        Kind::ActorTranslation => front_matter::<TranslationRecord>(&file),
        Kind::Page => front_matter::<PageRecord>(&file),
        Kind::ActorYaml => parse_yaml::<ActorRecord>(&file, &file.text, 1).map(|_| ()),
        Kind::SiteConfig => parse_yaml::<SiteConfig>(&file, &file.text, 1).map(|_| ()),
        Kind::Campus => {
            super::campuses::parse_campus(&file, "probe", &mut diags);
            Ok(())
        }
    };
    if let Err(d) = result {
        diags.push(d);
    }
    diags.sorted()
}

/// Parses the front matter as `T` and renders the body as a page would.
fn front_matter<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<(), Diagnostic> {
    let doc = split_front_matter(file, true)?;
    parse_yaml::<T>(file, doc.yaml, doc.yaml_line)?;
    let ctx = LinkContext {
        base_path: "/",
        lang_prefix: "en/",
        trust_html: false,
    };
    markdown::render(doc.body, &ctx);
    Ok(())
}
