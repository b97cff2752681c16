//! `ecoatlas new actor|campus|news|page SLUG`: a new record that `check` accepts as it is, with
//! every field it may have written out (the optional ones as comments, with what they hold), in
//! the site's default language and a translation for each other language.

use crate::config::SiteConfig;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The kinds of record `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Actor,
    Campus,
    News,
    Page,
}

/// Writes a new record of `kind` named `slug` into the site at `root`; returns the files
/// written (relative to `root`). `today` dates a news item's file name.
pub fn new_record(root: &Path, kind: Kind, slug: &str, today: &str) -> Result<Vec<PathBuf>> {
    let config = SiteConfig::load(root).map_err(|d| {
        let first = d.first().map(ToString::to_string).unwrap_or_default();
        anyhow::anyhow!("{} is not a site that checks: {first}", root.display())
    })?;
    if slug.is_empty() || crate::slug::slugify(slug) != slug {
        bail!(
            "`{slug}` is not a slug: use lower-case letters, digits and single hyphens, for example `{}`",
            crate::slug::slugify(slug)
        );
    }
    let default = config.default_language().to_string();
    let others: Vec<&String> = config.languages.iter().filter(|l| **l != default).collect();
    let first = |keys: Vec<&String>| keys.first().map(|k| k.to_string()).unwrap_or_default();
    let mut files: Vec<(String, String)> = Vec::new();
    match kind {
        Kind::Actor => {
            let campus = first_campus(root);
            let place = match &campus {
                Some(c) => format!("campus: {c}                      # or a list: [{c}, ...]\n# location: {{lat: {:.4}, lon: {:.4}, approximate: true}}   # where it is, if not its campus's centre\n", config.map.center.lat, config.map.center.lon),
                None => format!("# campus: <slug>                  # a campus in content/campuses/, or a list of them\nlocation: {{lat: {:.4}, lon: {:.4}, approximate: true}}   # where it is (WGS84)\n", config.map.center.lat, config.map.center.lon),
            };
            let main = format!(
                "---\n\
                 name: {slug}                       # the organisation's name\n\
                 type: {kind}                       # one of: {types}\n\
                 sectors: [{sector}]                # one or more of: {sectors}\n\
                 {place}\
                 # sites:                            # instead of campus and location, when it is in several places\n\
                 #   - {{campus: <slug>}}              # a site on a campus (at its centre without location)\n\
                 #   - {{label: A place, location: {{lat: {lat:.4}, lon: {lon:.4}, approximate: true}}}}\n\
                 summary: Write one or two sentences on who they are and what they do.\n\
                 # website: https://example.org      # its own website (http or https)\n\
                 # email: info@example.org           # a public address\n\
                 # address: Street 1, Town\n\
                 # logo: {slug}.svg                  # an image beside this file\n\
                 # tags: [a keyword, another]        # keys of keywords in site.yaml, if it has them\n\
                 # services: [what it offers others]\n\
                 # service_areas: [{areas}]          # for research infrastructures: the guide groups by these\n\
                 # equipment: [instruments and facilities]\n\
                 # access:                           # who may use its services, and how to start\n\
                 #   open_to: [sme, academia, industry, healthcare, public]\n\
                 #   how: How to start a collaboration.\n\
                 #   steps: [First step, Second step]\n\
                 #   contact: {{name: A Person, role: Coordinator, email: contact@example.org, phone: \"+46 8 000 00 00\", url: https://example.org/contact}}\n\
                 # terms: Prices, agreements, confidentiality.\n\
                 # contacts:\n\
                 #   - {{name: A Person, role: Head, email: person@example.org, phone: \"+46 8 000 00 00\"}}\n\
                 # relations:                        # types: {relations}\n\
                 #   - {{type: {relation}, target: <the slug of another actor>, since: 2019, until: 2024-06-30}}\n\
                 # figures: {{employees: 10, founded: 2020}}   # a figure may also be {{value: 10, year: 2024, source: {{title: ..., url: ...}}}}\n\
                 # sources:                          # where the record's facts come from\n\
                 #   - {{title: The organisation's website, url: https://example.org, publisher: Its name, date: 2024-05-01}}\n\
                 # reviewed: {today}                 # the day an editor last checked the record against its sources\n\
                 # status: active                    # or closed, merged, acquired: then it leaves the map and the lists\n\
                 # closed: 2024                      # when it closed, merged or was bought (a year or yyyy-mm-dd)\n\
                 # successor: <slug>                 # the actor it became (merged)\n\
                 # acquired_by: <slug>               # the actor that bought it (acquired)\n\
                 # description: (only in a plain .yaml record: the text below the `---` here)\n\
                 ---\n\
                 A longer description in Markdown, shown on the actor's own page.\n",
                kind = first(config.actor_types.keys().collect()),
                types = config.actor_types.keys().cloned().collect::<Vec<_>>().join(", "),
                sector = first(config.sectors.keys().collect()),
                sectors = config.sectors.keys().cloned().collect::<Vec<_>>().join(", "),
                areas = config.service_areas.keys().cloned().collect::<Vec<_>>().join(", "),
                relations = config.relation_types.keys().cloned().collect::<Vec<_>>().join(", "),
                relation = first(config.relation_types.keys().collect()),
                lat = config.map.center.lat,
                lon = config.map.center.lon,
            );
            files.push((format!("content/actors/{slug}.md"), main));
            for lang in &others {
                files.push((
                    format!("content/actors/{slug}.{lang}.md"),
                    format!(
                        "---\n\
                         # The {lang} text of {slug}.md: only what a reader reads; the rest comes from that file.\n\
                         name: {slug}\n\
                         summary: The summary in this language.\n\
                         # services: [...]\n\
                         # equipment: [...]\n\
                         # access: {{how: ..., steps: [...]}}\n\
                         # terms: ...\n\
                         # description: (only in a plain .yaml translation)\n\
                         ---\n\
                         The description in this language.\n"
                    ),
                ));
            }
        }
        Kind::Campus => {
            let (lat, lon) = (config.map.center.lat, config.map.center.lon);
            let names = config
                .languages
                .iter()
                .map(|l| format!("\"{l}\": \"{slug}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let summaries = config
                .languages
                .iter()
                .map(|l| format!("\"{l}\": \"One sentence on the campus.\""))
                .collect::<Vec<_>>()
                .join(", ");
            let specialties = config
                .languages
                .iter()
                .map(|l| format!("\"{l}\": []"))
                .collect::<Vec<_>>()
                .join(", ");
            files.push((
                format!("content/campuses/{slug}.geojson"),
                format!(
                    "{{\n  \"type\": \"Feature\",\n  \"geometry\": {{\"type\": \"Point\", \"coordinates\": [{lon:.4}, {lat:.4}]}},\n  \"properties\": {{\n    \"name\": {{{names}}},\n    \"summary\": {{{summaries}}},\n    \"specialties\": {{{specialties}}},\n    \"municipality\": null,\n    \"website\": null,\n    \"approximate\": true,\n    \"sources\": [],\n    \"reviewed\": null\n  }}\n}}\n"
                ),
            ));
            files.push((
                format!("content/campuses/{slug}.md"),
                "The campus's own page shows this text (Markdown). Replace the point in the .geojson beside it by the campus's outline (a Polygon or MultiPolygon, [longitude, latitude]), drawn for example on geojson.io.\n".to_string(),
            ));
            for lang in &others {
                files.push((
                    format!("content/campuses/{slug}.{lang}.md"),
                    "The campus page's text in this language.\n".to_string(),
                ));
            }
        }
        Kind::News => {
            let campus = first_campus(root)
                .map(|c| format!("# campuses: [{c}]"))
                .unwrap_or_else(|| "# campuses: [<slug>]".into());
            let file = format!("{today}-{slug}");
            files.push((
                format!("content/news/{file}.md"),
                format!(
                    "---\n\
                     title: {slug}\n\
                     summary: One sentence for the list of news.\n\
                     # actors: [<slug of an actor>]     # the actors it is about\n\
                     {campus}                          # the campuses it is about\n\
                     # event: {{date: {today}, end: {today}, place: Town, url: https://example.org/event}}   # when it is an event\n\
                     # sources: [{{title: Where the news comes from, url: https://example.org/press}}]\n\
                     # reviewed: {today}                 # the day an editor last checked it\n\
                     ---\n\
                     The news in Markdown.\n"
                ),
            ));
            for lang in &others {
                files.push((
                    format!("content/news/{file}.{lang}.md"),
                    "---\ntitle: The title in this language\n# summary: ...\n---\nThe news in this language.\n".into(),
                ));
            }
        }
        Kind::Page => {
            files.push((
                format!("content/pages/{slug}.md"),
                format!(
                    "---\n\
                     title: {slug}\n\
                     # summary: One sentence under the title.\n\
                     # menu: 1                           # its place in the main menu (none: not in the menu)\n\
                     # layout: page                      # or guide: the research-infrastructure guide (one page only)\n\
                     # sources: [{{title: Where the page's facts come from, url: https://example.org}}]\n\
                     # reviewed: {today}                 # the day an editor last checked it\n\
                     ---\n\
                     The page in Markdown.\n"
                ),
            ));
            for lang in &others {
                files.push((
                    format!("content/pages/{slug}.{lang}.md"),
                    "---\ntitle: The title in this language\n# summary: ...\n---\nThe page in this language.\n".into(),
                ));
            }
        }
    }
    for (rel, _) in &files {
        let path = root.join(rel);
        if path.exists() {
            bail!("{} already exists; choose another slug", path.display());
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let text = align_comments(&text);
        let path = root.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Lines with a comment after a field (`field: value   # what it is`) with their comments in one
/// column, so that the record reads as a form.
fn align_comments(text: &str) -> String {
    const COLUMN: usize = 40;
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        let from = usize::from(line.starts_with('#'));
        match line[from..].find("  # ").map(|i| i + from) {
            Some(at) => {
                let field = line[..at].trim_end();
                let pad = COLUMN.saturating_sub(field.chars().count()).max(2);
                out.push_str(field);
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(line[at..].trim_start());
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The first campus of the site (by slug), if it has any.
fn first_campus(root: &Path) -> Option<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(root.join("content/campuses"))
        .ok()?
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".geojson").map(str::to_string)
        })
        .collect();
    slugs.sort();
    slugs.into_iter().next()
}
