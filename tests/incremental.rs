//! The live preview's rebuilds ([`ecoatlas::incremental`]): after any sequence of edits, the site
//! it serves must be byte for byte the site a fresh full build makes, with the same messages.
//! Random edit scripts add, change, rename and delete actors and translations, and change
//! campuses, site.yaml and templates, with broken records in between.

mod support;

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
    /// Write a record of one type (an actor, its translation, a campus, a page, its
    /// translation, a news item) with every field of that type set, each to a value that
    /// depends on the number ([`every_field`]).
    Every(every_field::Kind, u8),
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
        3 => (every_field::kind(), any::<u8>()).prop_map(|(k, n)| Edit::Every(k, n)),
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
            Edit::Every(kind, n) => {
                let mut touched = Vec::new();
                for (rel, text) in every_field::files(*kind, *n) {
                    let path = self.root.join(&rel);
                    match text {
                        Some(text) => touched.extend(self.write(&rel, &text)),
                        None => {
                            if std::fs::remove_file(&path).is_ok() {
                                touched.push(path);
                            }
                        }
                    }
                }
                touched
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
    run_paged(script, None).0
}

/// Runs `script` on a site whose lists show `page_size` actors a page (site.yaml's default
/// without it); returns how many rebuilds were partial, and for each step whether the list of
/// actors had a second page.
fn run_paged(script: &[Edit], page_size: Option<usize>) -> (usize, Vec<bool>) {
    // With `map.popup`, so that the popups' values in map-text.json are rebuilt too.
    let (_tmp, root) = support::fixture_site("minimal", &["popup"]);
    add_service_areas(&root);
    if let Some(size) = page_size {
        let config = root.join("site.yaml");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str(&format!("page_size: {size}\n"));
        std::fs::write(&config, text).unwrap();
    }
    let mut paged = Vec::new();
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
        if let Ok(r) = &got {
            paged.push(r.tree.get("actors/page/2/index.html").is_some());
        }
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
    (partial, paged)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn rebuilds_equal_full_builds(script in prop::collection::vec(edit(), 1..8)) {
        run(&script);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// With pages of two actors, edits move actors between pages and make lists gain and lose
    /// pages (and campuses their full lists).
    #[test]
    fn rebuilds_of_paged_lists_equal_full_builds(script in prop::collection::vec(edit(), 1..8)) {
        run_paged(&script, Some(2));
    }
}

/// Lists gain a page when an actor is added past a page's end and lose it when one is deleted
/// again; edits in between move actors between pages on the partial path; every rebuild equals
/// a full build.
#[test]
fn pages_come_and_go_as_lists_cross_a_page_boundary() {
    // The minimal site has 3 actors; pages of 4.
    let script = [
        Edit::Add(1, false),
        Edit::Name(1, 1),
        Edit::Name(1, 2),
        Edit::Add(2, false),
        Edit::Name(2, 3),
        Edit::Fields(2, 9),
        Edit::Delete(2),
        Edit::Summary(1, 4),
    ];
    let (partial, paged) = run_paged(&script, Some(4));
    assert_eq!(
        paged,
        [false, false, false, true, true, true, false, false],
        "when the list of actors had a second page"
    );
    assert!(partial >= 4, "only {partial} of 8 rebuilds were partial");
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

/// Records with every field of their type set, for [`Edit::Every`]. What "every field" means is
/// read from the schemas the loader's own record types make (`ecoatlas::schema`), so a field
/// added to a record and not here fails `the_generator_writes_every_field_of_every_record_type`.
mod every_field {
    use proptest::prelude::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Actor,
        ActorTranslation,
        Campus,
        Page,
        PageTranslation,
        News,
        Indicator,
    }

    pub const KINDS: [Kind; 7] = [
        Kind::Actor,
        Kind::ActorTranslation,
        Kind::Campus,
        Kind::Page,
        Kind::PageTranslation,
        Kind::News,
        Kind::Indicator,
    ];

    pub fn kind() -> impl Strategy<Value = Kind> {
        prop::sample::select(KINDS.to_vec())
    }

    /// The schema (a file name of `ecoatlas schema`) that says which fields `kind` has.
    pub fn schema_of(kind: Kind) -> &'static str {
        match kind {
            Kind::Actor => "actor.schema.json",
            Kind::ActorTranslation => "actor-translation.schema.json",
            Kind::Campus => "campus.schema.json",
            Kind::Page => "page.schema.json",
            Kind::PageTranslation => "translation.schema.json",
            Kind::News => "news.schema.json",
            Kind::Indicator => "indicator.schema.json",
        }
    }

    /// The files to write (`Some`) or delete (`None`), relative to the site's root: the record
    /// with every field, and the other form of it removed (an actor is a YAML record with a
    /// `description` for even `n`, Markdown with a body for odd `n`).
    pub fn files(kind: Kind, n: u8) -> Vec<(String, Option<String>)> {
        let yaml = n.is_multiple_of(2);
        let pick = |options: &[&'static str]| options[usize::from(n) % options.len()];
        let forms = |stem: &str, text: String| {
            let (keep, drop) = if yaml { ("yaml", "md") } else { ("md", "yaml") };
            vec![
                (format!("{stem}.{drop}"), None),
                (format!("{stem}.{keep}"), Some(text)),
            ]
        };
        let front = |fields: String, body: &str| format!("---\n{fields}---\n{body}\n");
        match kind {
            Kind::Actor => {
        let figures = match n % 3 {
                        0 => format!(
                            "{{employees: {}, founded: {}}}",
                            u32::from(n) * 3,
                            1900 + u32::from(n)
                        ),
                        1 => format!(
                            "{{employees: {{value: {}, year: {}, source: {{title: Årsredovisning {n}, \
                             url: \"https://example.com/ar/{n}\", publisher: Alla fält AB, date: \"2025-0{}\"}}}}, \
                             founded: {{value: {}, source: {{title: Historik, url: \"https://example.com/historia\", \
                             publisher: Alla fält AB, date: \"2019\"}}}}}}",
                            u32::from(n) * 3,
                            2020 + u32::from(n % 5),
                            n % 9 + 1,
                            1900 + u32::from(n)
                        ),
                        _ => format!("{{employees: {{value: {}, year: 2024}}, founded: {}}}", u32::from(n) * 3, 1900 + u32::from(n)),
                    };
        let reviewed = format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
                let fields = format!(
                    "name: Alla fält {n}\n\
                     type: {kind}\n\
                     sectors: {sectors}\n\
                     {place}\
                     address: Gatan {n}, Alfastad\n\
                     website: https://example.com/{n}\n\
                     email: info{n}@example.com\n\
                     summary: Alla fälten, version {n}.\n\
                     tags: [tagg{tag}, delad]\n\
                     services: [Mikroskopi, Tjänst {service}]\n\
                     service_areas: {areas}\n\
                     equipment: [Mikroskop {equipment}]\n\
                     access:\n  open_to: {open_to}\n  how: Skriv till oss, {n}.\n  \
                     steps: [Boka ett möte, Steg {n}]\n  \
                     contact: {{name: Kontakt {n}, role: {role}, email: fraga@example.com, \
                     phone: \"+46 8 123 {n}\", url: \"https://example.com/kontakt/{n}\"}}\n\
                     terms: Villkor {n}.\n\
                     logo: alla-falt.svg\n\
                     contacts:\n  - {{name: Person {n}, role: {role}, email: p{n}@example.com, \
                     phone: \"+46 8 1{n}\"}}\n\
                     relations:\n  - {{type: part-of, target: {target}{dates}}}\n\
                     {life}\
                     figures: {figures}\n\
                     sources:\n  - {{title: Källa {n}, url: \"https://example.com/kalla/{n}\", publisher: Utgivare {p}, date: \"{source_date}\"}}\n\
                     {extra_source}\
                     reviewed: {reviewed}\n",
                    kind = pick(&["company", "university", "infrastructure"]),
                    sectors = pick(&["[academia]", "[industry]", "[academia, industry]", "[industry]"]),
                    // One place (`campus` and `location`), several sites (every fourth n), or
                    // a place not known (`location: unknown`, every eighth).
                    place = if n % 8 == 5 {
                        "location: unknown\n".to_string()
                    } else if n % 4 == 3 {
                        format!(
                            "sites:\n  - {{campus: {first}}}\n  - campus: punkten\n    label: Labbet {n}\n    \
                             location: {{lat: 59.5{lat}, lon: 17.8{lon}, approximate: {approx}}}\n  \
                             - {{label: Lagret, location: {{lat: 59.4{lon}, lon: 17.9{lat}}}}}\n",
                            first = ["norra-campus", "punkten"][usize::from(n / 4) % 2],
                            lat = n % 10,
                            lon = n % 7,
                            approx = n.is_multiple_of(3),
                        )
                    } else {
                        format!(
                            "campus: {campus}\nlocation: {{lat: 59.5{lat}, lon: 17.8{lon}, approximate: {approx}}}\n",
                            campus = pick(&["norra-campus", "[norra-campus, punkten]", "punkten"]),
                            lat = n % 10,
                            lon = n % 7,
                            approx = n.is_multiple_of(3),
                        )
                    },
                    tag = n % 3,
                    service = n % 4,
                    areas = pick(&["[imaging]", "[genomics, imaging]", "[genomics]"]),
                    equipment = n % 5,
                    open_to = pick(&["[sme]", "[sme, academia]", "[industry, healthcare, public]"]),
                    role = pick(&["{sv: Samordnare, en: Coordinator}", "Samordnare", "{sv: Chef}"]),
                    target = pick(&["alfa-universitet", "beta-ab", "sodertalje-lab"]),
                    dates = pick(&["", ", since: 2019", ", since: 2018, until: 2024-06-30", ", until: 2023"]),
                    life = pick(&[
                        "status: active\n",
                        "",
                        "status: acquired\nclosed: 2024\nacquired_by: beta-ab\n",
                        "status: merged\nclosed: 2023-05-01\nsuccessor: alfa-universitet\n",
                        "status: closed\nclosed: 2025\n",
                    ]),
                    p = n % 3,
                    source_date = pick(&["2025", "2025-03", "2024-11-02"]),
                    extra_source = pick(&["", "  - {title: Årsredovisning, url: \"https://example.com/ar\"}\n"]),
                );
                let mut files = if yaml {
                    forms(
                        "content/actors/alla-falt",
                        format!("{fields}description: |\n  Om alla fält, version {n}.\n"),
                    )
                } else {
                    forms(
                        "content/actors/alla-falt",
                        front(fields, &format!("Om alla fält, version {n}.")),
                    )
                };
                files.push((
                    "content/actors/alla-falt.svg".into(),
                    Some(format!(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\
                         <rect width=\"10\" height=\"{}\" fill=\"#1d4e89\"/></svg>\n",
                        n % 9 + 1
                    )),
                ));
                files
            }
            Kind::ActorTranslation => {
                let fields = format!(
                    "name: Every field {n}\n\
                     summary: Every field, version {n}.\n\
                     services: [Microscopy, Service {s}]\n\
                     equipment: [Microscope {e}]\n\
                     access: {{how: Write to us {n}., steps: [Book a meeting, Step {n}]}}\n\
                     terms: Terms {n}.\n",
                    s = n % 4,
                    e = n % 5,
                );
                let mut files = files(Kind::Actor, n / 2 * 2 + 1);
                files.extend(if yaml {
                    forms(
                        "content/actors/alla-falt.en",
                        format!("{fields}description: |\n  About every field, version {n}.\n"),
                    )
                } else {
                    forms(
                        "content/actors/alla-falt.en",
                        front(fields, &format!("About every field, version {n}.")),
                    )
                });
                files
            }
            Kind::Campus => {
                let east = 17.82 + f64::from(n % 5) / 1000.0;
                let text = serde_json::json!({
                    "type": "Feature",
                    "id": "norra-campus",
                    "bbox": [17.80, 59.50, east, 59.52],
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[17.80, 59.50], [east, 59.50], [east, 59.52], [17.80, 59.52], [17.80, 59.50]]],
                    },
                    "properties": {
                        "name": {"sv": "Norra campus", "en": format!("North Campus {n}")},
                        "summary": {"sv": format!("Campus i norr, version {n}."), "en": "Campus in the north."},
                        "specialties": {"sv": ["Biologi", format!("Kemi {}", n % 3)], "en": ["Biology"]},
                        "municipality": pick(&["Alfastad", "Betaby"]),
                        "approximate": n.is_multiple_of(3),
                        "website": format!("https://example.com/campus/{n}"),
                        "sources": [{"title": format!("Campusets sida {n}"), "url": "https://example.com/campus", "publisher": "Alfastad", "date": "2024-05"}],
                        "reviewed": format!("2025-{:02}-01", n % 12 + 1),
                    },
                });
                // As drawing tools save it, now and then: a collection of the one Feature.
                let text = if n % 3 == 2 {
                    serde_json::json!({"type": "FeatureCollection", "bbox": text["bbox"].clone(), "features": [text]})
                } else {
                    text
                };
                vec![(
                    "content/campuses/norra-campus.geojson".into(),
                    Some(format!("{text:#}\n")),
                )]
            }
            Kind::Page => vec![(
                "content/pages/om.md".into(),
                Some(front(
                    format!(
                        "title: Om {n}\nlayout: {layout}\nmenu: {menu}\nsummary: Om kartan, version {n}.\n\
                         sources: [{{title: Om oss {n}, url: \"https://example.com/om\", publisher: Alfa, date: \"2024\"}}]\n\
                         reviewed: 2025-05-{day:02}\n",
                        layout = pick(&["page", "guide"]),
                        menu = n % 3 + 1,
                        day = n % 28 + 1,
                    ),
                    &format!("Om testkartan, version {n}."),
                )),
            )],
            Kind::PageTranslation => vec![(
                "content/pages/om.en.md".into(),
                Some(front(
                    format!("title: About {n}\nsummary: About the map, version {n}.\n"),
                    &format!("About the test map, version {n}."),
                )),
            )],
            Kind::News => vec![(
                "content/news/2025-08-29-labbet-oppnar.md".into(),
                Some(front(
                    format!(
                        "title: Labbet öppnar {n}\nsummary: Ett nytt labb, {n}.\n\
                         actors: {actors}\ncampuses: {campuses}\n\
                         event: {{date: 2025-09-{day:02}, end: 2025-09-{end:02}, place: {place}, \
                         url: \"https://example.com/event/{n}\"}}\n\
                         sources: [{{title: Pressmeddelande {n}, url: \"https://example.com/press/{n}\", publisher: Labbet, date: \"2025-08-29\"}}]\n\
                         reviewed: 2025-09-{day:02}\n",
                        actors = pick(&["[sodertalje-lab]", "[sodertalje-lab, alfa-universitet]"]),
                        campuses = pick(&["[norra-campus]", "[norra-campus, punkten]", "[punkten]"]),
                        day = n % 20 + 1,
                        end = n % 20 + 3,
                        place = pick(&["Alfastad", "{sv: Alfastad, en: Alpha town}"]),
                    ),
                    &format!("Labbet öppnar för företag, {n}."),
                )),
            )],
            Kind::Indicator => vec![(
                "content/indicators/alla-falt.yaml".into(),
                Some(format!(
                    "name: {{sv: Alla fält {n}, en: Every field {n}}}\n\
                     description: Påhittat, version {n}.\n\
                     unit: {unit}\n\
                     higher_is_better: {better}\n\
                     sources:\n  - {{title: Källan {n}, url: \"https://example.com/{n}\", \
                     publisher: Verket, date: 2024-05-{day:02}}}\n\
                     values:\n  - {{year: 2022, value: {a}}}\n  \
                     - {{year: 2023, value: {b}, scope: {scope}, source: {{title: Egen {n}, \
                     url: \"https://example.com/egen\", publisher: Byrån, date: 2024-06-01}}}}\n",
                    unit = pick(&["count", "rank", "SEK"]),
                    better = n.is_multiple_of(3),
                    day = n % 28 + 1,
                    a = u32::from(n) + 1,
                    b = u32::from(n) % 4 + 1,
                    scope = pick(&["norra-campus", "grannklustret"]),
                )),
            )],
        }
    }

    /// The fields that `text` (the file at `rel`) sets, as dotted paths (`access.contact.email`);
    /// list items add no step.
    pub fn fields_written(rel: &str, text: &str) -> Vec<String> {
        let value: serde_json::Value = if rel.ends_with(".geojson") {
            serde_json::from_str(text).unwrap()
        } else {
            let yaml = match text.strip_prefix("---\n") {
                Some(rest) => &rest[..rest.find("\n---\n").unwrap() + 1],
                None => text,
            };
            serde_yaml::from_str(yaml).unwrap()
        };
        let mut out = Vec::new();
        walk_value(&value, "", &mut out);
        out
    }

    fn walk_value(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let path = format!("{prefix}{k}");
                    walk_value(v, &format!("{path}."), out);
                    out.push(path);
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|v| walk_value(v, prefix, out))
            }
            _ => {}
        }
    }

    /// Every field a schema declares, as dotted paths, through `$ref`s, alternatives and list
    /// items.
    pub fn fields_declared(schema: &serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        walk_schema(schema, schema, "", &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn walk_schema(
        root: &serde_json::Value,
        s: &serde_json::Value,
        prefix: &str,
        out: &mut Vec<String>,
    ) {
        if let Some(r) = s.get("$ref").and_then(|r| r.as_str()) {
            let name = r.trim_start_matches("#/$defs/");
            walk_schema(root, &root["$defs"][name], prefix, out);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alt in s.get(key).and_then(|a| a.as_array()).into_iter().flatten() {
                walk_schema(root, alt, prefix, out);
            }
        }
        if let Some(items) = s.get("items") {
            walk_schema(root, items, prefix, out);
        }
        if let Some(props) = s.get("properties").and_then(|p| p.as_object()) {
            for (k, sub) in props {
                let path = format!("{prefix}{k}");
                walk_schema(root, sub, &format!("{path}."), out);
                out.push(path);
            }
        }
    }
}

/// What the generated records use and `minimal` lacks: a vocabulary of service areas; and a
/// repository, so that every record's page links to its file (which a translation changes).
const SERVICE_AREAS: &str = "service_areas:\n  genomics: {label: {sv: Genomik, en: Genomics}}\n  \
                             imaging: {label: {sv: Bildanalys, en: Imaging}}\n\
                             repository: {url: \"https://github.com/example/atlas\"}\n";

#[test]
fn the_generator_writes_every_field_of_every_record_type() {
    let schemas = ecoatlas::schema::schemas();
    for (name, schema) in &schemas {
        if *name == "site.schema.json" {
            continue; // site.yaml: the site's configuration, not a record the script edits
        }
        let kind = every_field::KINDS
            .into_iter()
            .find(|k| every_field::schema_of(*k) == *name)
            .unwrap_or_else(|| panic!("{name}: a record type the edit script does not generate"));
        let mut written = std::collections::BTreeSet::new();
        for n in 0..12 {
            for (rel, text) in every_field::files(kind, n) {
                let Some(text) = text else { continue };
                let translation = rel.contains(".en.");
                let counts = match kind {
                    every_field::Kind::ActorTranslation => translation,
                    _ => !rel.ends_with(".svg"),
                };
                if !counts {
                    continue;
                }
                written.extend(every_field::fields_written(&rel, &text));
            }
        }
        let missing: Vec<String> = every_field::fields_declared(schema)
            .into_iter()
            .filter(|f| !written.contains(f))
            .collect();
        assert!(
            missing.is_empty(),
            "{name}: the edit script never writes {missing:?}; add them to every_field::files"
        );
    }
}

#[test]
fn every_generated_record_builds() {
    let (_tmp, root) = support::fixture_site("minimal", &[]);
    add_service_areas(&root);
    for n in 0..6 {
        for kind in every_field::KINDS {
            for (rel, text) in every_field::files(kind, n) {
                let path = root.join(&rel);
                match text {
                    Some(text) => std::fs::write(&path, text).unwrap(),
                    None => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            let r = pipeline::render(&root, &options());
            if let Err(e) = outcome(&r) {
                panic!("after {kind:?} {n}, the site does not build: {e:#?}");
            }
        }
    }
}

fn add_service_areas(root: &std::path::Path) {
    let p = root.join("site.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}{SERVICE_AREAS}")).unwrap();
}
