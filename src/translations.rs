//! What is not translated yet. A missing translation is never an error: readers get the
//! default language's text (marked with its `lang`). These functions list the gaps as
//! [`Severity::Note`](crate::diagnostic::Severity::Note) diagnostics, for `ecoatlas check` and
//! `ecoatlas build --untranslated`.

use crate::config::Localized;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Actor, ActorText, Site};
use crate::theme::Theme;
use std::path::Path;

/// Every text of the content and of `site.yaml` that has no translation into one of the site's
/// other languages, sorted by file and line.
pub fn untranslated(site: &Site) -> Vec<Diagnostic> {
    let mut out = Diagnostics::default();
    for a in &site.actors {
        out.extend(untranslated_actor(site, a));
    }
    out.extend(untranslated_but_actors(site));
    out.sorted()
}

/// What of actor `a` has no translation ([`untranslated`] is the same for every actor and
/// [`untranslated_but_actors`]).
pub fn untranslated_actor(site: &Site, a: &Actor) -> Vec<Diagnostic> {
    let mut out = Diagnostics::default();
    let default = site.default_language();
    for lang in site.config.languages.iter().filter(|l| *l != default) {
        actor(a, lang, default, &mut out);
    }
    out.sorted()
}

/// What has no translation among the records that are not actors, and in `site.yaml`.
pub fn untranslated_but_actors(site: &Site) -> Vec<Diagnostic> {
    let mut out = Diagnostics::default();
    let default = site.default_language();
    for lang in site.config.languages.iter().filter(|l| *l != default) {
        for c in &site.campuses {
            let file = &*c.origin.file;
            for (field, text) in [("name", &c.name), ("summary", &c.summary)] {
                if missing(text, lang) {
                    out.push(note(file, field, lang).at(c.origin.line_of(field), 1));
                }
            }
            let has = |l: &str| c.specialties.get(l).is_some_and(|v| !v.is_empty());
            if has(default) && !has(lang) {
                out.push(note(file, "specialties", lang));
            }
            if c.prose.has(default) && !c.prose.has(lang) {
                out.push(
                    Diagnostic::note(
                        file,
                        format!("the campus text has no translation into `{lang}`"),
                    )
                    .hint(format!("add content/campuses/{}.{lang}.md", c.slug)),
                );
            }
        }
        let records = site
            .pages
            .iter()
            .map(|p| (&p.origin, p.text.has(lang), "pages", &p.slug))
            .chain(
                site.news
                    .iter()
                    .map(|n| (&n.origin, n.text.has(lang), "news", &n.slug)),
            );
        for (origin, translated, folder, slug) in records {
            if !translated {
                out.push(
                    Diagnostic::note(&*origin.file, format!("no translation into `{lang}`"))
                        .hint(format!("add content/{folder}/{slug}.{lang}.md")),
                );
            }
        }
        for n in &site.news {
            if n.event.as_ref().is_some_and(|e| missing(&e.place, lang)) {
                out.push(
                    note(&n.origin.file, "event.place", lang).at(n.origin.line_of("event"), 1),
                );
            }
        }
        vocabularies(site, lang, &mut out);
    }
    out.sorted()
}

/// The UI strings of the theme's default-language file that `i18n/<lang>.yaml` lacks.
pub fn untranslated_theme(theme: &Theme, root: &Path, languages: &[String]) -> Vec<Diagnostic> {
    let Some(default) = languages.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Ok(base) = theme.strings(root, default, default) else {
        return out;
    };
    // Every language the theme's own strings do not cover, the default one too (a language
    // the theme has no file for shows its strings in English).
    for lang in languages {
        let own = theme.own_strings(root, lang).unwrap_or_default();
        let file = theme.display_path(root, &format!("i18n/{lang}.yaml"));
        for key in base.keys().filter(|k| !own.contains_key(*k)) {
            out.push(
                Diagnostic::note(&file, format!("the UI string `{key}` is not translated"))
                    .field(key.clone()),
            );
        }
    }
    out
}

fn note(file: &Path, field: &str, lang: &str) -> Diagnostic {
    Diagnostic::note(file, format!("not translated into `{lang}`")).field(field)
}

/// A per-language text that lacks `lang`. A single string is meant for every language.
fn missing(text: &Localized, lang: &str) -> bool {
    matches!(text, Localized::PerLanguage(map) if !map.contains_key(lang))
}

fn actor(a: &Actor, lang: &str, default: &str, out: &mut Diagnostics) {
    let file = &*a.origin.file;
    let Some(base) = a.text.get(default) else {
        return;
    };
    let Some(t) = a.text.get(lang) else {
        out.push(
            Diagnostic::note(file, format!("no translation into `{lang}`"))
                .hint(format!("add content/actors/{}.{lang}.md", a.slug)),
        );
        return;
    };
    let tfile = a.translation_files.get(lang).map_or(file, |f| &**f);
    for field in gaps(base, t) {
        out.push(note(tfile, field, lang));
    }
    for c in &a.contacts {
        if c.role.as_ref().is_some_and(|r| missing(r, lang)) {
            out.push(note(file, "contacts.role", lang).at(a.origin.line_of("contacts"), 1));
        }
    }
    let contact_role = a.access_contact.as_ref().and_then(|c| c.role.as_ref());
    if contact_role.is_some_and(|r| missing(r, lang)) {
        out.push(note(file, "access.contact.role", lang).at(a.origin.line_of("access"), 1));
    }
}

/// The translatable fields that the default language has and the translation lacks.
fn gaps(base: &ActorText, t: &ActorText) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let pairs: [(&str, bool, bool); 7] = [
        ("summary", !base.summary.is_empty(), !t.summary.is_empty()),
        (
            "services",
            !base.services.is_empty(),
            !t.services.is_empty(),
        ),
        (
            "equipment",
            !base.equipment.is_empty(),
            !t.equipment.is_empty(),
        ),
        (
            "access.how",
            base.access_how.is_some(),
            t.access_how.is_some(),
        ),
        (
            "access.steps",
            !base.access_steps.is_empty(),
            !t.access_steps.is_empty(),
        ),
        ("terms", base.terms.is_some(), t.terms.is_some()),
        ("body", !base.body.is_blank(), !t.body.is_blank()),
    ];
    for (field, has_base, has_translation) in pairs {
        if has_base && !has_translation {
            fields.push(field);
        }
    }
    fields
}

fn vocabularies(site: &Site, lang: &str, out: &mut Diagnostics) {
    let c = &site.config;
    let file = Path::new(crate::config::SiteConfig::FILE);
    let mut texts: Vec<(String, &Localized)> = vec![
        ("title".into(), &c.title),
        ("description".into(), &c.description),
    ];
    for (k, t) in &c.actor_types {
        texts.push((format!("actor_types.{k}"), &t.label));
    }
    for (k, t) in &c.sectors {
        texts.push((format!("sectors.{k}"), &t.label));
    }
    for (k, t) in &c.service_areas {
        texts.push((format!("service_areas.{k}"), &t.label));
    }
    for (k, t) in &c.relation_types {
        texts.push((format!("relation_types.{k}.label"), &t.label));
        texts.push((format!("relation_types.{k}.reverse"), &t.reverse));
    }
    for (field, t) in texts {
        if missing(t, lang) {
            out.push(note(file, &field, lang));
        }
    }
}
