//! Converts a synthetic ecoatlas site (written by `examples/synth.rs`) into an equivalent Hugo
//! site, so that `scripts/bench-build.sh` can compare ecoatlas with Hugo on the same actors.
//!
//! ```sh
//! cargo run --release --example hugo_site -- SYNTH_DIR OUT_DIR
//! hugo --quiet -s OUT_DIR -d PUBLIC_DIR
//! ```
//!
//! The Hugo site has the same actors in the same two languages (Swedish, the default, at `/`,
//! English at `/en/`), the same Markdown bodies and the same front-matter fields, and a minimal
//! template set doing the work of ecoatlas's actor page, actor list and data file:
//!
//! * `actors/<slug>/index.html`: name, type, summary, the rendered body, services, access,
//!   relations in both directions as links (each target looked up with `site.GetPage`), and the
//!   facts (type, sectors, campus, address, website, e-mail, employees, founded, tags);
//! * `actors/index.html`: every actor with a link, its type, campus and summary;
//! * `data/actors.json`: slug, name, type and coordinates of every actor (its own location,
//!   else its campus's centre).
//!
//! Hugo has no cheap reverse index without taxonomies, so this converter writes each actor's
//! incoming relations into its front matter (`incoming`); the templates still resolve every
//! link. Campus names and centres go to `data/campuses.json`, the vocabularies' labels to
//! `data/vocabulary.json`. Reserved Hugo keys are avoided (`type` becomes `actor_type`).
//!
//! The output depends only on the input: files are read and written in sorted order.
//! `OUT_DIR` must be empty, missing, or a folder written by this program before.

#[path = "peer/input.rs"]
mod input;

use input::{
    campuses, incoming, incoming_value, load_actors, prepare, translated, vocabulary, write,
};
use serde_yaml::{Mapping, Value};
use std::path::PathBuf;

const MARKER: &str = ".ecoatlas-hugo-site";
const LANGS: [&str; 2] = ["sv", "en"];
/// Hugo's layouts, i18n strings and config, written verbatim (`examples/hugo/`).
const FILES: [(&str, &str); 8] = [
    ("hugo.toml", include_str!("hugo/hugo.toml")),
    ("i18n/sv.toml", include_str!("hugo/i18n/sv.toml")),
    ("i18n/en.toml", include_str!("hugo/i18n/en.toml")),
    (
        "layouts/_default/baseof.html",
        include_str!("hugo/layouts/baseof.html"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("hugo/layouts/single.html"),
    ),
    (
        "layouts/_default/list.html",
        include_str!("hugo/layouts/list.html"),
    ),
    (
        "layouts/index.html",
        include_str!("hugo/layouts/index.html"),
    ),
    (
        "layouts/index.actorsdata.json",
        include_str!("hugo/layouts/index.actorsdata.json"),
    ),
];

fn main() {
    if let Err(e) = run() {
        eprintln!("hugo_site: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: hugo_site SYNTH_DIR OUT_DIR\nConverts a site written by `synth` into a Hugo site.");
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
        "hugo_site",
        MARKER,
        "A Hugo site written by `cargo run --example hugo_site`.\n",
        &["content", "layouts", "data", "i18n"],
    )?;

    for (path, text) in FILES {
        write(&out.join(path), text)?;
    }
    write(&out.join("data/vocabulary.json"), &vocabulary(&site)?)?;
    write(&out.join("data/campuses.json"), &campuses)?;
    for (lang, title) in [("sv", "Aktörer"), ("en", "Actors")] {
        let index = format!("---\ntitle: \"{title}\"\n---\n");
        write(
            &out.join(format!("content/actors/_index.{lang}.md")),
            &index,
        )?;
    }

    let incoming = incoming(&actors);
    for (slug, a) in &actors {
        let mut sv = hugo_front_matter(&a.sv);
        if let Some(list) = incoming.get(slug) {
            sv.insert("incoming".into(), incoming_value(list));
        }
        // The translation overrides texts; everything else is the Swedish record's.
        let mut en = translated(&sv, &a.en);
        if let Some(name) = a.en.get("name") {
            en.insert("title".into(), name.clone());
        }
        for (lang, fm, body) in [("sv", &sv, &a.sv_body), ("en", &en, &a.en_body)] {
            let yaml = serde_yaml::to_string(fm).map_err(|e| format!("{slug}: {e}"))?;
            let text = format!("---\n{yaml}---\n{body}");
            write(&out.join(format!("content/actors/{slug}.{lang}.md")), &text)?;
        }
    }
    println!(
        "hugo_site: wrote {} actors in {} languages to {}",
        actors.len(),
        LANGS.len(),
        out.display()
    );
    Ok(())
}

/// The Swedish record's front matter as Hugo front matter: `title` first, `type` renamed.
fn hugo_front_matter(record: &Mapping) -> Mapping {
    let mut fm = Mapping::new();
    if let Some(name) = record.get("name") {
        fm.insert("title".into(), name.clone());
    }
    for (key, value) in record {
        let key = match key.as_str() {
            Some("type") => "actor_type".into(),
            _ => key.clone(),
        };
        fm.insert(key, value.clone());
    }
    fm
}
