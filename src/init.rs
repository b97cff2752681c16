//! `ecoatlas init DIR`: a new, minimal site that builds at once.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The starter site, embedded in the binary.
const FILES: [(&str, &str); 7] = [
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/actors/exempeluniversitetet.md",
        include_str!("starter/content/actors/exempeluniversitetet.md"),
    ),
    (
        "content/actors/exempeluniversitetet.en.md",
        include_str!("starter/content/actors/exempeluniversitetet.en.md"),
    ),
    (
        "content/actors/provlabbet.md",
        include_str!("starter/content/actors/provlabbet.md"),
    ),
    (
        "content/campuses/exempelcampus.geojson",
        include_str!("starter/content/campuses/exempelcampus.geojson"),
    ),
    (
        "content/campuses/exempelcampus.md",
        include_str!("starter/content/campuses/exempelcampus.md"),
    ),
    (
        "content/pages/om.md",
        include_str!("starter/content/pages/om.md"),
    ),
];

/// Creates a new site in `dir` (which must not exist yet, or be empty).
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} already exists and is not empty; choose a new folder",
            dir.display()
        );
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    std::fs::write(dir.join(".gitignore"), "/output/\n")
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    Ok(())
}
