//! Actor records: `<slug>.md` (front matter + body) or `<slug>.yaml`, plus translations.

use super::actor_record::{ActorRecord, FiguresRecord, OneOrMany, TranslationRecord};
use super::files::{single_main, ContentFile, RecordFiles};
use super::sites::{read_sites, ActorLocation};
use crate::config::{LatLon, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Actor, ActorText, Body, BodyLink, BodySource, Campus, Life, Origin, Translations,
};
use crate::source::{parse_yaml, split_front_matter, SourceFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) const EXTS: [&str; 3] = ["md", "yaml", "yml"];

/// The logo file a record names, and what was wrong with the record.
type LogoAndDiags = (Option<PathBuf>, Diagnostics);

/// Loads every actor record. Also returns the image files that `logo:` fields name (whether
/// or not they could be used), so that unused images can be reported.
pub(super) fn load(
    root: &Path,
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    campuses: &[Campus],
    diags: &mut Diagnostics,
) -> (Vec<Actor>, Vec<PathBuf>) {
    let (actors, rest): (Vec<Option<Actor>>, Vec<LogoAndDiags>) = records
        .par_iter()
        .map(|record| {
            let mut d = Diagnostics::default();
            let mut logo = None;
            let actor = load_one(root, record, config, campuses, &mut logo, &mut d);
            (actor, (logo, d))
        })
        .unzip();
    let mut logos = Vec::new();
    for (logo, d) in rest {
        diags.extend(d);
        logos.extend(logo);
    }
    // In place (`filter_map` reuses the vector; `flatten` would copy every actor into a second
    // one, 65 MB more at the peak of loading 100,000 actors).
    #[allow(clippy::filter_map_identity)]
    let actors = actors.into_iter().filter_map(|a| a).collect();
    (actors, logos)
}

/// Loads the one actor record `record` (see [`crate::incremental`]): the actor, if it could be
/// read, the logo file it names, and what was wrong.
pub(crate) fn load_record(
    root: &Path,
    record: &RecordFiles,
    config: &SiteConfig,
    campuses: &[Campus],
) -> (Option<Actor>, Option<PathBuf>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut logo = None;
    let actor = load_one(root, record, config, campuses, &mut logo, &mut diags);
    (actor, logo, diags)
}

fn load_one(
    root: &Path,
    record: &RecordFiles,
    config: &SiteConfig,
    campuses: &[Campus],
    logo_file: &mut Option<PathBuf>,
    diags: &mut Diagnostics,
) -> Option<Actor> {
    let Some(main) = single_main(record, &EXTS, "actor", diags) else {
        if record.main.is_empty() {
            for files in record.translations.values() {
                for f in files {
                    diags.push(
                        Diagnostic::error(
                            &f.display,
                            format!("a translation of `{}`, which has no record", record.slug),
                        )
                        .hint(format!(
                            "add the default-language record `{}.md` beside it",
                            record.slug
                        )),
                    );
                }
            }
        }
        return None;
    };
    let parts = match read_record(main) {
        Ok(parts) => parts,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (yaml, first_line) = (parts.yaml(), parts.yaml_line);
    let mut rec: ActorRecord = match parse_yaml(&parts.file, yaml, first_line) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let facts = rec.take_facts();
    let file: Arc<Path> = Arc::from(main.display.as_path());
    let origin = Origin::new(file.clone(), top_level_lines(yaml, first_line));
    let description = rec.description.take();
    let ((body, links), body_source) = match (description, parts.body().trim().is_empty()) {
        (Some(desc), true) => {
            let line = description_line(yaml, first_line);
            if let Some((n, col, what)) = crate::markdown::too_deep(&desc) {
                let (message, hint) = what.message();
                diags.push(
                    Diagnostic::error(&main.display, message)
                        .at(line + n, col)
                        .field("description")
                        .hint(hint),
                );
                return None;
            }
            let links = crate::links::body_links(&desc, line);
            ((Body::Inline(desc), links), BodySource { file, line })
        }
        (Some(_), false) => {
            diags.push(
                Diagnostic::error(
                    &main.display,
                    "both `description` and a Markdown body are given",
                )
                .at(origin.line_of("description"), 1)
                .field("description")
                .hint("keep the text in one place: the body after the front matter"),
            );
            (parts.body_value(), parts.body_source(file))
        }
        (None, _) => (parts.body_value(), parts.body_source(file)),
    };
    let default_lang = config.default_language().to_string();
    let access = rec.access.unwrap_or_default();
    let mut text = Translations::default();
    text.by_lang.insert(
        default_lang.clone(),
        ActorText {
            name: rec.name.trim().to_string(),
            summary: rec.summary.trim().to_string(),
            services: tight(rec.services),
            equipment: tight(rec.equipment),
            access_how: access.how,
            access_steps: tight(access.steps),
            terms: rec.terms,
            body,
            body_source,
            links,
        },
    );
    let logo = rec.logo.as_deref().and_then(|value| {
        *logo_file = Some(super::logo::display_path(main, value));
        let line = origin.line_of("logo");
        match super::logo::read(root, main, value, line) {
            Ok((logo, warnings)) => {
                diags.extend(warnings);
                Some(logo)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    });
    let mut translation_files = crate::model::LangMap::default();
    for (lang, files) in &record.translations {
        let single = RecordFiles {
            slug: record.slug.clone(),
            main: files.clone(),
            ..Default::default()
        };
        let Some(tf) = single_main(&single, &EXTS, "translation", diags) else {
            continue;
        };
        match read_translation(tf) {
            Ok(t) => {
                translation_files.insert(lang.clone(), t.body_source.file.clone());
                text.by_lang.insert(lang.clone(), t);
            }
            Err(d) => diags.push(d),
        }
    }

    let provenance = super::provenance::read(rec.sources, rec.reviewed, &origin, "", diags);
    let centre_of = |slug: &str| {
        campuses
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()
            .map(|i| campuses[i].centre)
    };
    let sites = read_sites(rec.sites, &origin, yaml, first_line, &centre_of);
    let (campuses_of, location, position, approximate) = match sites.first() {
        // An actor with sites: its campuses are theirs, and it stands where its first does.
        Some(first) => {
            for (field, given) in [
                ("campus", !matches!(rec.campus, OneOrMany::None)),
                ("location", rec.location.is_some()),
            ] {
                if given {
                    diags.push(
                        Diagnostic::error(
                            &main.display,
                            format!("both `sites` and `{field}` are given"),
                        )
                        .at(origin.line_of(field), 1)
                        .field(field)
                        .hint(format!(
                            "an actor with `sites` gives each site its campus or location; move `{field}` into the first site"
                        )),
                    );
                }
            }
            let mut of: Vec<String> = Vec::new();
            for c in sites.iter().filter_map(|s| s.campus.as_ref()) {
                if !of.contains(c) {
                    of.push(c.clone());
                }
            }
            (tight(of), first.location, first.position, first.approximate)
        }
        None => {
            let campuses_of: Vec<String> = tight(rec.campus.into_vec());
            let given = rec.location.as_ref().and_then(ActorLocation::known);
            let location = given.map(|l| LatLon {
                lat: l.lat,
                lon: l.lon,
            });
            let position =
                location.or_else(|| campuses_of.first().and_then(|slug| centre_of(slug)));
            let approximate = match given {
                Some(l) => l.approximate,
                None => position.is_some(),
            };
            (campuses_of, location, position, approximate)
        }
    };
    Some(Actor {
        slug: record.slug.clone(),
        origin,
        kind: rec.kind,
        sectors: tight(rec.sectors),
        campuses: campuses_of,
        location,
        position,
        approximate,
        sites,
        location_unknown: matches!(rec.location, Some(ActorLocation::Unknown)),
        facts,
        tags: tight(rec.tags),
        open_to: tight(access.open_to),
        service_areas: tight(rec.service_areas),
        access_contact: access.contact,
        contacts: tight(rec.contacts),
        relations: tight(rec.relations),
        figures: rec
            .figures
            .map(FiguresRecord::into_figures)
            .unwrap_or_default(),
        provenance,
        life: Life {
            status: rec.status.unwrap_or_default(),
            closed: rec.closed,
            successor: rec.successor.map(|s| s.trim().to_string()),
            acquired_by: rec.acquired_by.map(|s| s.trim().to_string()),
        },
        logo,
        text,
        translation_files,
    })
}

/// A record file read: its text, where its YAML and its Markdown body stand.
struct RecordParts {
    file: SourceFile,
    /// Byte range of the YAML in `file.text`.
    yaml: std::ops::Range<usize>,
    /// The line the YAML starts on.
    yaml_line: usize,
    /// Where the body starts in `file.text` (it runs to the end).
    body_start: usize,
    body_line: usize,
}

impl RecordParts {
    fn yaml(&self) -> &str {
        &self.file.text[self.yaml.clone()]
    }

    fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }

    /// The body as the model keeps it, with its links.
    fn body_value(&self) -> (Body, Box<[BodyLink]>) {
        let links = crate::links::body_links(self.body(), self.body_line);
        let body = Body::of_file(&self.file.text, self.body_start, self.file.verbatim);
        (body, links)
    }

    fn body_source(&self, file: Arc<Path>) -> BodySource {
        BodySource {
            file,
            line: self.body_line,
        }
    }
}

/// Reads a record file (Markdown with front matter, or plain YAML).
fn read_record(f: &ContentFile) -> Result<RecordParts, Diagnostic> {
    let file = SourceFile::read(&f.path, f.display.clone())?;
    if f.ext == "md" {
        let doc = split_front_matter(&file, true)?;
        // The body runs to the end of the text; the YAML is a part of it (or empty).
        let body_start = file.text.len() - doc.body.len();
        debug_assert_eq!(&file.text[body_start..], doc.body);
        let yaml = offset_in(&file.text, doc.yaml).map_or(0..0, |at| at..at + doc.yaml.len());
        let (yaml_line, body_line) = (doc.yaml_line, doc.body_line);
        Ok(RecordParts {
            file,
            yaml,
            yaml_line,
            body_start,
            body_line,
        })
    } else {
        if file.text.trim().is_empty() {
            return Err(file.error("the file is empty").at(1, 1));
        }
        let end = file.text.len();
        Ok(RecordParts {
            file,
            yaml: 0..end,
            yaml_line: 1,
            body_start: end,
            body_line: 1,
        })
    }
}

/// Where `part`, a slice of `whole`, starts in it (`None` when it is not one).
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// `v` without room for more: records are not added to after loading.
pub(super) fn tight<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

/// The line on which a `description:` block's text starts (the line after the key).
fn description_line(yaml: &str, first_line: usize) -> usize {
    top_level_lines(yaml, first_line)
        .into_iter()
        .find(|(k, _)| *k == "description")
        .map_or(first_line, |(_, l)| l + 1)
}

fn read_translation(f: &ContentFile) -> Result<ActorText, Diagnostic> {
    let parts = read_record(f)?;
    let (yaml, line) = (parts.yaml(), parts.yaml_line);
    let rec: TranslationRecord = parse_yaml(&parts.file, yaml, line).map_err(|mut d| {
        if d.message.contains("unknown field") {
            d.hint = Some(
                "a translation holds only name, summary, services, equipment, access.how, access.steps, terms and the body; other fields come from the default-language record"
                    .into(),
            );
        }
        d
    })?;
    let file: Arc<Path> = Arc::from(f.display.as_path());
    let ((body, links), body_source) = if parts.body().trim().is_empty() {
        let line = description_line(yaml, line);
        let desc = rec.description.unwrap_or_default();
        let links = crate::links::body_links(&desc, line);
        ((Body::Inline(desc), links), BodySource { file, line })
    } else {
        (parts.body_value(), parts.body_source(file))
    };
    Ok(ActorText {
        name: rec.name.unwrap_or_default().trim().to_string(),
        summary: rec.summary.unwrap_or_default().trim().to_string(),
        services: tight(rec.services.unwrap_or_default()),
        equipment: tight(rec.equipment.unwrap_or_default()),
        access_how: rec.access.as_ref().and_then(|a| a.how.clone()),
        access_steps: tight(rec.access.and_then(|a| a.steps).unwrap_or_default()),
        terms: rec.terms,
        body,
        body_source,
        links,
    })
}

/// The line of every top-level key of `yaml`, for diagnostics.
pub(super) fn top_level_lines(yaml: &str, first_line: usize) -> Vec<(&str, usize)> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '#', '-']) && l.contains(':'))
        .filter_map(|(i, l)| {
            let key = l.split(':').next()?.trim().trim_matches(['"', '\'']);
            (!key.is_empty()).then_some((key, first_line + i))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::config::SiteConfig;
    use crate::model::{Body, Site};
    use std::path::Path;

    /// The minimal fixture in a temporary folder, with `files` (path below content/actors,
    /// bytes) added or replaced, loaded.
    fn minimal_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Site) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let dir = tempfile::tempdir().expect("a temporary folder");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.expect("the fixture");
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).expect("below"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("a folder");
            } else {
                std::fs::copy(entry.path(), &to).expect("a copy");
            }
        }
        for (name, bytes) in files {
            let path = dir.path().join("content/actors").join(name);
            std::fs::write(path, bytes).expect("written");
        }
        let config = SiteConfig::load(dir.path()).expect("site.yaml");
        let (site, diags) = crate::load::load_site(dir.path(), config);
        assert!(!diags.has_errors(), "{diags:?}");
        (dir, site)
    }

    const GAMMA: &str = "---\nname: Gamma\ntype: company\nsectors: [industry]\ncampus: norra-campus\nsummary: Gamma AB.\n---\nGamma makes things.\n\nSee [the lab](/actors/sodertalje-lab/) and [nothing](/nowhere/).\n";

    #[test]
    fn bodies_are_read_again_from_their_files_exactly_as_loaded() {
        let crlf = GAMMA.replace('\n', "\r\n").replace("Gamma", "Delta");
        let (dir, site) = minimal_with(&[
            ("gamma.md", GAMMA.as_bytes()),
            ("delta.md", crlf.as_bytes()),
        ]);
        let text = |slug: &str, lang: &str| {
            let t = site
                .actor(slug)
                .expect("the actor")
                .text
                .get(lang)
                .expect("text");
            (
                t.body.clone(),
                site.body(&t.body, &t.body_source).into_owned(),
            )
        };
        let (body, read) = text("gamma", "sv");
        assert!(matches!(body, Body::InFile { .. }), "{body:?}");
        assert_eq!(read, GAMMA.split("---\n").nth(2).expect("the body"));
        // CR line endings are normalised: kept in memory, with `\n`.
        let (body, read) = text("delta", "sv");
        assert!(matches!(body, Body::Inline(_)), "{body:?}");
        assert!(read.starts_with("Delta makes things.\n\nSee") && !read.contains('\r'));
        // So is a file with a byte-order mark (the fixture's English text).
        let (body, read) = text("alfa-universitet", "en");
        assert!(matches!(body, Body::Inline(_)) && read.contains("**research**"));
        assert!(site.take_body_problems().is_empty());

        // The links were found while loading, on the lines they stand on.
        let links = &site
            .actor("gamma")
            .expect("gamma")
            .text
            .get("sv")
            .expect("sv")
            .links;
        let lines: Vec<(&str, u32)> = links.iter().map(|(l, n)| (&**l, *n)).collect();
        assert_eq!(lines, [("/actors/sodertalje-lab/", 10), ("/nowhere/", 10)]);

        // The file changes after loading: no text, and an error naming it.
        let gamma = dir.path().join("content/actors/gamma.md");
        std::fs::write(&gamma, GAMMA.replace("things", "thangs")).expect("written");
        assert_eq!(text("gamma", "sv").1, "");
        let problems = site.take_body_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, Path::new("content/actors/gamma.md"));
        assert_eq!(problems[0].line, 8);
        assert!(problems[0].message.contains("changed while building"));
        assert!(site.take_body_problems().is_empty());
        // Bodies kept in memory do not mind.
        std::fs::write(dir.path().join("content/actors/delta.md"), "").expect("written");
        assert!(text("delta", "sv").1.starts_with("Delta makes"));
        assert!(site.take_body_problems().is_empty());
    }
}
