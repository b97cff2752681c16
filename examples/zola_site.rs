//! Converts a synthetic ecoatlas site (written by `examples/synth.rs`) into an equivalent Zola
//! site, so that `scripts/bench-build.sh` can compare ecoatlas with Zola on the same actors.
//!
//! ```sh
//! cargo run --release --example zola_site -- SYNTH_DIR OUT_DIR
//! zola --root OUT_DIR build --output-dir PUBLIC_DIR --force
//! ```
//!
//! The Zola site has the same actors in the same two languages (Swedish, the default, at `/`,
//! English at `/en/`), the same Markdown bodies and fields, and Zola's own templates (Tera,
//! `examples/zola/templates/`) doing the work of the Hugo site (`examples/hugo_site.rs`) and
//! a little more of ecoatlas's:
//!
//! * `actors/<slug>/index.html`: name, type, summary, the rendered body, services, access,
//!   relations in both directions as links (each target looked up with `get_page`), and the
//!   facts (type, sectors and campus as links to their lists, address, website, e-mail,
//!   employees, founded, tags);
//! * `actors/index.html`: every actor with a link, its type, campus and summary;
//! * `data/actors.json/index.html`: slug, name, type and coordinates of every actor (its own
//!   location, else its campus's centre) as JSON — Zola writes every page as `index.html`;
//! * the actors by type, by sector and by campus: Zola taxonomies, each term's actors on one
//!   page (as the Hugo site's list of actors), and a page listing each taxonomy's terms. Not in
//!   pages of 100 as ecoatlas's lists: Zola 0.22.1 serialises a term with all its pages again
//!   for every page of it, which grows with the square of the term's size;
//! * Zola's `sitemap.xml`, `robots.txt` and `404.html`.
//!
//! As for Hugo, each actor's incoming relations are written into its front matter
//! (`extra.incoming`); the templates still resolve every link. The record's fields go to
//! `extra`, type, sectors and campus also to `taxonomies`; campus names and centres go to
//! `data/campuses.json`, the vocabularies' labels to `data/vocabulary.json` (read with
//! `load_data`).
//!
//! The output depends only on the input: files are read and written in sorted order.
//! `OUT_DIR` must be empty, missing, or a folder written by this program before.

#[path = "peer/input.rs"]
mod input;

use input::{
    campuses, incoming, incoming_value, load_actors, prepare, seq, translated, vocabulary, write,
};
use serde_yaml::{Mapping, Value};
use std::path::PathBuf;

const MARKER: &str = ".ecoatlas-zola-site";
const LANGS: [&str; 2] = ["sv", "en"];
/// Zola's config and templates, written verbatim (`examples/zola/`).
const FILES: [(&str, &str); 9] = [
    ("config.toml", include_str!("zola/config.toml")),
    (
        "templates/base.html",
        include_str!("zola/templates/base.html"),
    ),
    (
        "templates/macros.html",
        include_str!("zola/templates/macros.html"),
    ),
    (
        "templates/index.html",
        include_str!("zola/templates/index.html"),
    ),
    (
        "templates/section.html",
        include_str!("zola/templates/section.html"),
    ),
    (
        "templates/page.html",
        include_str!("zola/templates/page.html"),
    ),
    (
        "templates/taxonomy_single.html",
        include_str!("zola/templates/taxonomy_single.html"),
    ),
    (
        "templates/taxonomy_list.html",
        include_str!("zola/templates/taxonomy_list.html"),
    ),
    (
        "templates/actors-data.html",
        include_str!("zola/templates/actors-data.html"),
    ),
];

fn main() {
    if let Err(e) = run() {
        eprintln!("zola_site: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: zola_site SYNTH_DIR OUT_DIR\nConverts a site written by `synth` into a Zola site.");
        return Ok(());
    }
    let [src, out] = args.as_slice() else {
        return Err("expected SYNTH_DIR OUT_DIR (see --help)".into());
    };
    let (src, out) = (PathBuf::from(src), PathBuf::from(out));
    let site: Value = serde_yaml::from_str(&input::read(&src.join("site.yaml"))?)
        .map_err(|e| format!("{}: {e}", src.join("site.yaml").display()))?;
    let actors = load_actors(&src.join("content/actors"))?;
    let campuses = campuses(&src.join("content/campuses"))?;
    prepare(
        &out,
        "zola_site",
        MARKER,
        "A Zola site written by `cargo run --example zola_site`.\n",
        &["content", "templates", "data"],
    )?;

    for (path, text) in FILES {
        write(&out.join(path), text)?;
    }
    write(&out.join("data/vocabulary.json"), &vocabulary(&site)?)?;
    write(&out.join("data/campuses.json"), &campuses)?;
    // Zola names the default language's files without a language (`a.md`), the others with
    // theirs (`a.en.md`).
    let file = |stem: &str, lang: &str| match lang {
        "sv" => format!("{stem}.md"),
        _ => format!("{stem}.{lang}.md"),
    };
    for (lang, title) in [("sv", "Aktörer"), ("en", "Actors")] {
        let home = "---\n---\n";
        write(&out.join("content").join(file("_index", lang)), home)?;
        let list = format!("---\ntitle: \"{title}\"\nsort_by: title\n---\n");
        write(
            &out.join("content/actors").join(file("_index", lang)),
            &list,
        )?;
        let path = match lang {
            "sv" => "data/actors.json".to_string(),
            _ => format!("{lang}/data/actors.json"),
        };
        let data =
            format!("---\ntitle: actors.json\npath: {path}\ntemplate: actors-data.html\n---\n");
        write(&out.join("content").join(file("actors-data", lang)), &data)?;
    }

    let incoming = incoming(&actors);
    for (slug, a) in &actors {
        let mut sv_extra = a.sv.clone();
        if let Some(list) = incoming.get(slug) {
            sv_extra.insert("incoming".into(), incoming_value(list));
        }
        // The translation overrides texts; everything else is the Swedish record's.
        let en_extra = translated(&sv_extra, &a.en);
        let taxonomies = taxonomies(&a.sv);
        for (lang, extra, body) in [("sv", sv_extra, &a.sv_body), ("en", en_extra, &a.en_body)] {
            let mut fm = Mapping::new();
            if let Some(name) = extra.get("name") {
                fm.insert("title".into(), name.clone());
            }
            fm.insert("taxonomies".into(), Value::Mapping(taxonomies.clone()));
            fm.insert("extra".into(), Value::Mapping(extra));
            let yaml = serde_yaml::to_string(&fm).map_err(|e| format!("{slug}: {e}"))?;
            let text = format!("---\n{yaml}---\n{body}");
            write(&out.join("content/actors").join(file(slug, lang)), &text)?;
        }
    }
    println!(
        "zola_site: wrote {} actors in {} languages to {}",
        actors.len(),
        LANGS.len(),
        out.display()
    );
    Ok(())
}

/// The record's type, sectors and campus as Zola taxonomies (terms are lists of strings).
fn taxonomies(record: &Mapping) -> Mapping {
    let mut t = Mapping::new();
    let one = |key: &str| record.get(key).cloned().map(|v| Value::Sequence(vec![v]));
    if let Some(v) = one("type") {
        t.insert("type".into(), v);
    }
    let sectors = seq(record, "sectors");
    if !sectors.is_empty() {
        t.insert("sector".into(), Value::Sequence(sectors.to_vec()));
    }
    if let Some(v) = one("campus") {
        t.insert("campus".into(), v);
    }
    t
}
