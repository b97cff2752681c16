//! The live preview's rebuilds ([`ecoatlas::incremental`]): after any sequence of edits, the site
//! it serves must be byte for byte the site a fresh full build makes, with the same messages.
//! Random edit scripts add, change, rename and delete actors and translations, and change
//! campuses, site.yaml and templates, with broken records in between.

mod common;

use ecoatlas::incremental::{Pass, Rebuilder};
use ecoatlas::pipeline::{self, BuildError, Rendered};
use ecoatlas::render::RenderOptions;
use proptest::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Clone)]
enum Edit {
    /// Rewrite an actor's Markdown body (front matter unchanged).
    Body(usize, u8),
    /// Change an actor's summary.
    Summary(usize, u8),
    /// Change an actor's name (and so its place in lists and on the map), with or without a
    /// relation.
    Name(usize, u8),
    /// Change what lists, the map and the data files show of an actor: its name (and so its
    /// place in lists), type, sectors, campus, services, access and relation.
    Fields(usize, u8),
    /// Add an actor, related to an existing one or not.
    Add(u8, bool),
    /// Delete an actor's record and its translations.
    Delete(usize),
    /// Rename an actor's file (a new slug), as a file manager does.
    Rename(usize),
    /// Write or change an actor's English translation, through a temporary file and a rename.
    Translate(usize, u8),
    /// Delete an actor's translation.
    Untranslate(usize),
    /// Give an actor a contact whose role has no English: with a translation, a note that
    /// points into the record (at a line that depends on the number).
    Contact(usize, u8),
    /// Append a line to one of the fixture's own records.
    Append(usize, u8),
    /// Make an actor's front matter invalid (a later edit of it repairs it).
    Break(usize),
    Campus(u8),
    SiteTitle(u8),
    Template(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Body(i, n)),
        3 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Summary(i, n)),
        3 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Fields(i, n)),
        2 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Name(i, n)),
        3 => (any::<u8>(), any::<bool>()).prop_map(|(n, r)| Edit::Add(n, r)),
        2 => (0..8usize).prop_map(Edit::Delete),
        1 => (0..8usize).prop_map(Edit::Rename),
        2 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Translate(i, n)),
        1 => (0..8usize).prop_map(Edit::Untranslate),
        1 => (0..8usize, any::<u8>()).prop_map(|(i, n)| Edit::Contact(i, n)),
        2 => (0..3usize, any::<u8>()).prop_map(|(i, n)| Edit::Append(i, n)),
        1 => (0..8usize).prop_map(Edit::Break),
        1 => any::<u8>().prop_map(Edit::Campus),
        1 => any::<u8>().prop_map(Edit::SiteTitle),
        1 => any::<u8>().prop_map(Edit::Template),
    ]
}

/// The site being edited, and the slugs of the actors the script made (which it may change).
struct Site {
    root: PathBuf,
    made: Vec<String>,
}

fn actor_md(name: &str, summary: &str, body: &str, related: bool) -> String {
    let relation = if related {
        "relations: [{type: part-of, target: alfa-universitet}]\n"
    } else {
        ""
    };
    format!(
        "---\nname: {name}\ntype: company\nsectors: [industry]\ncampus: norra-campus\n\
         website: https://example.com\nsummary: {summary}\n{relation}---\n{body}\n"
    )
}

/// A record whose every listed field depends on `n`.
fn fields_md(slug: &str, n: u8) -> String {
    let n = usize::from(n);
    let name = ["Företag", "Aktör", "Ö-bolaget"][n % 3];
    let kind = ["company", "university", "infrastructure"][n / 3 % 3];
    let sectors = ["[industry]", "[academia]", "[academia, industry]"][n / 9 % 3];
    let campus = ["norra-campus", "punkten"][n / 27 % 2];
    // beta-ab is in no other relation: it is involved in one only while this record says so.
    let extra = [
        "services: [Mikroskopi]\naccess: {open_to: [sme]}\n",
        "relations: [{type: part-of, target: alfa-universitet}]\n",
        "",
        "relations: [{type: part-of, target: beta-ab}]\n",
    ][n / 54 % 4];
    format!(
        "---\nname: {name} {slug}\ntype: {kind}\nsectors: {sectors}\ncampus: {campus}\n\
         website: https://example.com\nsummary: Ett företag.\n{extra}---\nText.\n"
    )
}

impl Site {
    fn actors(&self) -> PathBuf {
        self.root.join("content/actors")
    }

    fn pick(&self, i: usize) -> Option<String> {
        (!self.made.is_empty()).then(|| self.made[i % self.made.len()].clone())
    }

    fn write(&self, rel: &str, text: &str) -> Vec<PathBuf> {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        vec![path]
    }

    /// Applies `e`; returns the paths it touched, as the watcher would report them.
    fn apply(&mut self, e: &Edit) -> Vec<PathBuf> {
        let dir = self.actors();
        match e {
            Edit::Body(i, n) | Edit::Summary(i, n) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let (summary, body) = match e {
                    Edit::Body(..) => ("Ett företag.".to_string(), format!("Text nummer {n}.")),
                    _ => (format!("Sammanfattning {n}."), "Text.".to_string()),
                };
                let text = actor_md(&format!("Företag {slug}"), &summary, &body, n % 2 == 0);
                self.write(&format!("content/actors/{slug}.md"), &text)
            }
            Edit::Name(i, n) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let name = ["Företag", "Aktör", "Ö-bolaget", "bolaget"][usize::from(*n) % 4];
                let related = n / 4 % 2 == 0;
                let text = actor_md(&format!("{name} {slug}"), "Ett företag.", "Text.", related);
                self.write(&format!("content/actors/{slug}.md"), &text)
            }
            Edit::Fields(i, n) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                self.write(&format!("content/actors/{slug}.md"), &fields_md(&slug, *n))
            }
            Edit::Add(n, related) => {
                let slug = format!("foretag-{n}");
                let text = actor_md(&format!("Företag {n}"), "Ett företag.", "Text.", *related);
                if !self.made.contains(&slug) {
                    self.made.push(slug.clone());
                }
                self.write(&format!("content/actors/{slug}.md"), &text)
            }
            Edit::Delete(i) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                self.made.retain(|s| *s != slug);
                let mut gone = Vec::new();
                for name in [format!("{slug}.md"), format!("{slug}.en.md")] {
                    let p = dir.join(name);
                    if std::fs::remove_file(&p).is_ok() {
                        gone.push(p);
                    }
                }
                gone
            }
            Edit::Rename(i) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let to = format!("{slug}-ny");
                let (from_path, to_path) = (dir.join(format!("{slug}.md")), dir.join(format!("{to}.md")));
                if to_path.exists() || std::fs::rename(&from_path, &to_path).is_err() {
                    return vec![];
                }
                self.made.retain(|s| *s != slug);
                self.made.push(to);
                vec![from_path, to_path]
            }
            Edit::Translate(i, n) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let tmp = dir.join(format!(".{slug}.en.md.tmp"));
                let path = dir.join(format!("{slug}.en.md"));
                // With a translated service, the map's label of its keyword may change, and
                // so what other actors' map texts say.
                let services = if n % 2 == 1 { "services: [Microscopy]\n" } else { "" };
                std::fs::write(&tmp, format!("---\nname: Company {slug}\nsummary: Summary {n}.\n{services}---\nText {n}.\n")).unwrap();
                std::fs::rename(&tmp, &path).unwrap();
                vec![tmp, path]
            }
            Edit::Untranslate(i) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let p = dir.join(format!("{slug}.en.md"));
                if std::fs::remove_file(&p).is_ok() {
                    vec![p]
                } else {
                    vec![]
                }
            }
            Edit::Contact(i, n) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                let above = "# En rad.\n".repeat(usize::from(n % 3));
                let text = format!(
                    "---\nname: Företag {slug}\ntype: company\nsectors: [industry]\n\
                     campus: norra-campus\nwebsite: https://example.com\nsummary: Ett företag.\n\
                     {above}contacts: [{{name: Kontakt {n}, role: {{sv: Roll {n}}}, email: k@example.com}}]\n\
                     ---\nText.\n"
                );
                self.write(&format!("content/actors/{slug}.md"), &text)
            }
            Edit::Append(i, n) => {
                let (name, line) = match i {
                    0 => ("alfa-universitet.md", format!("\nMer text {n}.\n")),
                    1 => ("beta-ab.yaml", format!("  Mer text {n}.\n")),
                    _ => ("alfa-universitet.en.md", format!("\nMore text {n}.\n")),
                };
                let p = dir.join(name);
                // The script may have deleted or renamed it.
                let Ok(mut text) = std::fs::read_to_string(&p) else {
                    return vec![];
                };
                text.push_str(&line);
                std::fs::write(&p, text).unwrap();
                vec![p]
            }
            Edit::Break(i) => {
                let Some(slug) = self.pick(*i) else {
                    return vec![];
                };
                self.write(&format!("content/actors/{slug}.md"), "---\nname: [unclosed\n---\nText.\n")
            }
            Edit::Campus(n) => self.write(
                "content/campuses/norra-campus.md",
                &format!("---\nname: Norra campus\nsummary: Ett campus, version {n}.\n---\nOm campuset.\n"),
            ),
            Edit::SiteTitle(n) => {
                let p = self.root.join("site.yaml");
                let text = std::fs::read_to_string(&p).unwrap();
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                for l in &mut lines {
                    if l.starts_with("title:") {
                        *l = format!("title: {{sv: \"Testkartan {n}\", en: \"The test map {n}\"}}");
                    }
                }
                std::fs::write(&p, lines.join("\n") + "\n").unwrap();
                vec![p]
            }
            Edit::Template(n) => self.write(
                "themes/default/templates/404.html",
                &format!("<!doctype html><title>{{{{ page.title }}}}</title><p>Borta {n}.</p>\n"),
            ),
        }
    }
}

fn options() -> RenderOptions {
    RenderOptions {
        base_url: Some("http://127.0.0.1:8000/".into()),
        today: Some("2026-06-01".into()),
    }
}

/// Every file with its bytes, and the messages (warnings, then the untranslated notes).
type Seen = (Vec<(String, Vec<u8>)>, Vec<String>);

/// What a user sees of a result: the files and the messages, or the errors.
fn outcome(r: &Result<Rendered, BuildError>) -> Result<Seen, Vec<String>> {
    match r {
        Ok(r) => Ok((
            r.tree
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
            r.warnings
                .iter()
                .chain(&r.untranslated)
                .map(ToString::to_string)
                .collect(),
        )),
        Err(BuildError::Content(c)) => Err(c.0.iter().map(ToString::to_string).collect()),
        Err(BuildError::Other(e)) => Err(vec![format!("{e:#}")]),
    }
}

/// Runs `script`; returns how many rebuilds were partial.
fn run(script: &[Edit]) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&common::fixture("minimal"), &root);
    let mut site = Site {
        root: root.clone(),
        made: vec!["alfa-universitet".into()],
    };
    let mut rebuilder = Rebuilder::new(root.clone(), options());
    rebuilder.rebuild(&[]).expect("the fixture builds");
    let mut partial = 0;
    for (step, e) in script.iter().enumerate() {
        let changed = site.apply(e);
        if changed.is_empty() {
            continue;
        }
        let got = rebuilder.rebuild(&changed);
        if let Ok((_, Pass::Actors { .. })) = &got {
            partial += 1;
        }
        let got = got.map(|(r, _)| r);
        let want = pipeline::render(&root, &options());
        let (got, want) = (outcome(&got), outcome(&want));
        if got != want {
            let detail = match (&got, &want) {
                (Ok((g, _)), Ok((w, _))) => {
                    let differ: std::collections::BTreeSet<&String> = g
                        .iter()
                        .chain(w.iter())
                        .map(|(p, _)| p)
                        .filter(|p| {
                            g.iter().find(|(x, _)| x == *p) != w.iter().find(|(x, _)| x == *p)
                        })
                        .collect();
                    format!("files that differ: {differ:?}")
                }
                _ => format!("got {got:?}\nwant {want:?}"),
            };
            panic!("after step {step} ({e:?}) of {script:?}, the rebuild differs from a full build: {detail}");
        }
    }
    partial
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn rebuilds_equal_full_builds(script in prop::collection::vec(edit(), 1..8)) {
        run(&script);
    }
}

/// The edits editors make all day take the partial path, and still equal a full build.
#[test]
fn everyday_edits_are_partial_and_exact() {
    let script = [
        Edit::Add(1, true),
        Edit::Body(0, 1),
        Edit::Summary(1, 2),
        Edit::Fields(1, 3),
        Edit::Fields(1, 60),
        Edit::Summary(0, 5),
        Edit::Translate(1, 3),
        Edit::Contact(1, 4),
        Edit::Contact(1, 5),
        Edit::Body(1, 4),
        Edit::Untranslate(1),
        Edit::Delete(1),
    ];
    let partial = run(&script);
    assert!(partial >= 10, "only {partial} of 12 rebuilds were partial");
}

/// Changes to names and relations take the partial path, and still equal a full build: an
/// actor moving in the lists and on the map, and an actor coming into a relation and leaving
/// it again (so that it is listed in `relations.json`, then no longer), and a translated
/// service that changes its keyword's label on the map (and so another actor's map text).
#[test]
fn names_and_relations_are_partial_and_exact() {
    let script = [
        Edit::Add(1, false),
        Edit::Add(2, false),
        Edit::Summary(1, 1),
        Edit::Name(1, 5),
        Edit::Name(1, 6),
        Edit::Name(2, 7),
        Edit::Fields(1, 162),
        Edit::Name(1, 4),
        Edit::Fields(1, 0),
        Edit::Translate(1, 1),
        Edit::Name(2, 3),
        Edit::Fields(2, 170),
        Edit::Name(1, 0),
    ];
    let partial = run(&script);
    assert!(partial >= 10, "only {partial} of 13 rebuilds were partial");
}
