//! Any bytes as an actor record (Markdown, translation, YAML), a page or site.yaml: the loader
//! must return diagnostics, never panic or hang.
#![no_main]

use ecoatlas::load::probe::{parse_bytes, Kind};
use libfuzzer_sys::fuzz_target;

const KINDS: [Kind; 5] = [Kind::ActorMarkdown, Kind::ActorTranslation, Kind::ActorYaml, Kind::Page, Kind::SiteConfig];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let _ = parse_bytes(KINDS[usize::from(selector) % KINDS.len()], bytes);
});
