//! Actor records: `<slug>.md` (front matter + body) or `<slug>.yaml`, plus translations.

use super::files::{single_main, ContentFile, RecordFiles};
use crate::config::{LatLon, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    AccessContact, Actor, ActorText, BodySource, Campus, Contact, Figures, Origin, Relation,
    Translations,
};
use crate::source::{parse_yaml, split_front_matter, SourceFile};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One or several values (`campus: solna` or `campus: [solna, kista]`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Location {
    /// Latitude, WGS84 (about 59 in Stockholm).
    #[schemars(range(min = -90.0, max = 90.0))]
    lat: f64,
    /// Longitude, WGS84 (about 18 in Stockholm).
    #[schemars(range(min = -180.0, max = 180.0))]
    lon: f64,
    /// True when the position is an estimate.
    #[serde(default)]
    approximate: bool,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Access {
    /// Who may use the services: sme, academia, industry, healthcare, public.
    #[serde(default)]
    open_to: Vec<String>,
    /// How to start a collaboration.
    #[serde(default)]
    how: Option<String>,
    /// How to start a collaboration, step by step.
    #[serde(default)]
    steps: Vec<String>,
    /// Where to start: `{name, role, email, phone, url}`, at least one of email, phone, url.
    #[serde(default)]
    contact: Option<AccessContact>,
}

/// An actor record as written in the default language.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorRecord {
    /// The organisation's name.
    name: String,
    /// A key of `actor_types` in site.yaml.
    #[serde(rename = "type")]
    kind: String,
    /// Keys of `sectors` in site.yaml (at least one).
    sectors: Vec<String>,
    /// The slug of the actor's campus, or a list of them.
    #[serde(default)]
    campus: OneOrMany,
    /// Where the actor is (WGS84); without it, the centre of its first campus.
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    address: Option<String>,
    /// The organisation's own website (http or https).
    #[serde(default)]
    website: Option<String>,
    /// A public e-mail address.
    #[serde(default)]
    email: Option<String>,
    /// One or two sentences on who they are and what they do (plain text).
    summary: String,
    #[serde(default)]
    tags: Vec<String>,
    /// What the actor offers others (for research infrastructures: their services).
    #[serde(default)]
    services: Vec<String>,
    /// Keys of `service_areas` in site.yaml (the guide groups infrastructures by these).
    #[serde(default)]
    service_areas: Vec<String>,
    /// Instruments and facilities.
    #[serde(default)]
    equipment: Vec<String>,
    /// Who may use the actor's services, and how to start.
    #[serde(default)]
    access: Option<Access>,
    /// Terms of access: prices, agreements, confidentiality.
    #[serde(default)]
    terms: Option<String>,
    /// An image beside the record (path relative to the record's folder).
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    contacts: Vec<Contact>,
    /// Typed links to other actors (types from `relation_types` in site.yaml).
    #[serde(default)]
    relations: Vec<Relation>,
    /// Key figures.
    #[serde(default)]
    figures: Option<Figures>,
    /// The body, in a plain YAML record.
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct TranslatedAccess {
    #[serde(default)]
    how: Option<String>,
    #[serde(default)]
    steps: Option<Vec<String>>,
}

/// What a translation may say: only text for readers.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TranslationRecord {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    services: Option<Vec<String>>,
    #[serde(default)]
    equipment: Option<Vec<String>>,
    #[serde(default)]
    access: Option<TranslatedAccess>,
    #[serde(default)]
    terms: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

pub(crate) const EXTS: [&str; 3] = ["md", "yaml", "yml"];

/// Loads every actor record. Also returns the image files that `logo:` fields name (whether
/// or not they could be used), so that unused images can be reported.
pub(super) fn load(
    root: &Path,
    records: Vec<RecordFiles>,
    config: &SiteConfig,
    campuses: &[Campus],
    diags: &mut Diagnostics,
) -> (Vec<Actor>, Vec<PathBuf>) {
    let results: Vec<(Option<Actor>, Option<PathBuf>, Diagnostics)> = records
        .par_iter()
        .map(|record| {
            let mut d = Diagnostics::default();
            let mut logo = None;
            let actor = load_one(root, record, config, campuses, &mut logo, &mut d);
            (actor, logo, d)
        })
        .collect();
    let mut actors = Vec::with_capacity(results.len());
    let mut logos = Vec::new();
    for (actor, logo, d) in results {
        diags.extend(d);
        actors.extend(actor);
        logos.extend(logo);
    }
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
    let (file, yaml, first_line, body, body_line) = match read_record(main) {
        Ok(parts) => parts,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let rec: ActorRecord = match parse_yaml(&file, &yaml, first_line) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let origin = Origin {
        file: main.display.clone(),
        field_lines: top_level_lines(&yaml, first_line),
    };
    let body_source = |line: usize| BodySource {
        file: main.display.clone(),
        line,
    };
    let (body, body_source) = match (&rec.description, body.trim().is_empty()) {
        (Some(desc), true) => (
            desc.clone(),
            body_source(description_line(&yaml, first_line)),
        ),
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
            (body, body_source(body_line))
        }
        (None, _) => (body, body_source(body_line)),
    };
    let default_lang = config.default_language().to_string();
    let access = rec.access.unwrap_or_default();
    let mut text = Translations::default();
    text.by_lang.insert(
        default_lang.clone(),
        ActorText {
            name: rec.name.trim().to_string(),
            summary: rec.summary.trim().to_string(),
            services: rec.services,
            equipment: rec.equipment,
            access_how: access.how,
            access_steps: access.steps,
            terms: rec.terms,
            body,
            body_source,
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
                text.by_lang.insert(lang.clone(), t);
                translation_files.insert(lang.clone(), tf.display.clone());
            }
            Err(d) => diags.push(d),
        }
    }

    let campuses_of: Vec<String> = rec.campus.into_vec();
    let location = rec.location.as_ref().map(|l| LatLon {
        lat: l.lat,
        lon: l.lon,
    });
    let position = location.or_else(|| {
        campuses_of
            .first()
            .and_then(|slug| {
                campuses
                    .binary_search_by(|c| c.slug.as_str().cmp(slug))
                    .ok()
            })
            .map(|i| campuses[i].centre)
    });
    let approximate = match &rec.location {
        Some(l) => l.approximate,
        None => position.is_some(),
    };
    Some(Actor {
        slug: record.slug.clone(),
        origin,
        kind: rec.kind,
        sectors: rec.sectors,
        campuses: campuses_of,
        location,
        position,
        approximate,
        address: rec.address,
        website: rec.website,
        email: rec.email,
        tags: rec.tags,
        open_to: access.open_to,
        service_areas: rec.service_areas,
        access_contact: access.contact,
        contacts: rec.contacts,
        relations: rec.relations,
        figures: rec.figures.unwrap_or_default(),
        logo,
        text,
        translation_files,
    })
}

/// The parts of a record file: source, YAML, the line the YAML starts on, body, body line.
type RecordParts = (SourceFile, String, usize, String, usize);

/// Reads a record file (Markdown with front matter, or plain YAML).
fn read_record(f: &ContentFile) -> Result<RecordParts, Diagnostic> {
    let file = SourceFile::read(&f.path, f.display.clone())?;
    if f.ext == "md" {
        let doc = split_front_matter(&file, true)?;
        let (yaml, line, body) = (doc.yaml.to_string(), doc.yaml_line, doc.body.to_string());
        let body_line = doc.body_line;
        Ok((file, yaml, line, body, body_line))
    } else {
        if file.text.trim().is_empty() {
            return Err(file.error("the file is empty").at(1, 1));
        }
        let yaml = file.text.clone();
        Ok((file, yaml, 1, String::new(), 1))
    }
}

/// The line on which a `description:` block's text starts (the line after the key).
fn description_line(yaml: &str, first_line: usize) -> usize {
    top_level_lines(yaml, first_line)
        .into_iter()
        .find(|(k, _)| k == "description")
        .map_or(first_line, |(_, l)| l + 1)
}

fn read_translation(f: &ContentFile) -> Result<ActorText, Diagnostic> {
    let (file, yaml, line, body, body_line) = read_record(f)?;
    let rec: TranslationRecord = parse_yaml(&file, &yaml, line).map_err(|mut d| {
        if d.message.contains("unknown field") {
            d.hint = Some(
                "a translation holds only name, summary, services, equipment, access.how, access.steps, terms and the body; other fields come from the default-language record"
                    .into(),
            );
        }
        d
    })?;
    Ok(ActorText {
        name: rec.name.unwrap_or_default().trim().to_string(),
        summary: rec.summary.unwrap_or_default().trim().to_string(),
        services: rec.services.unwrap_or_default(),
        equipment: rec.equipment.unwrap_or_default(),
        access_how: rec.access.as_ref().and_then(|a| a.how.clone()),
        access_steps: rec.access.and_then(|a| a.steps).unwrap_or_default(),
        terms: rec.terms,
        body_source: BodySource {
            file: f.display.clone(),
            line: if body.trim().is_empty() {
                description_line(&yaml, line)
            } else {
                body_line
            },
        },
        body: if body.trim().is_empty() {
            rec.description.unwrap_or_default()
        } else {
            body
        },
    })
}

/// The line of every top-level key of `yaml`, for diagnostics.
pub(super) fn top_level_lines(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '#', '-']) && l.contains(':'))
        .filter_map(|(i, l)| {
            let key = l.split(':').next()?.trim().trim_matches(['"', '\'']);
            (!key.is_empty()).then(|| (key.to_string(), first_line + i))
        })
        .collect()
}
