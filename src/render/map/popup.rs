//! What an actor's popup on the map shows below its summary: the columns of `actors.csv`
//! that `map.popup` in site.yaml names ([`crate::render::data::exports::COLUMNS`], the one
//! table of an actor's exported fields), each labelled with the theme's string of the same
//! name. The labels go into the map's configuration ([`labels`]); each actor's values into
//! `data/map-text.json` as its `facts` ([`values`]). A site that names none has neither.

use crate::config::SiteConfig;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::Actor;
use crate::render::data::exports::{csv_columns, Column};
use crate::render::templates::Strings;
use crate::render::views::Lang;
use crate::source::key_line;
use serde_json::{json, Value};
use std::path::Path;

/// Each name of `map.popup` that is no column of `actors.csv`, or that repeats one, as an
/// error at its line of site.yaml.
pub fn check(root: &Path, config: &SiteConfig) -> Vec<Diagnostic> {
    let names = &config.map.popup;
    if names.is_empty() {
        return Vec::new();
    }
    let yaml = std::fs::read_to_string(root.join(SiteConfig::FILE)).unwrap_or_default();
    let line = key_line(&yaml, 1, "map.popup");
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let at = |message: String| {
            Diagnostic::error(SiteConfig::FILE, message)
                .at(line, 1)
                .field(format!("map.popup[{i}]"))
                .text(name.as_str())
        };
        if Column::named(name).is_none() {
            let hint = match did_you_mean(name, csv_columns()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    "name columns of data/actors.csv (docs/DATA.md), for example website or founded"
                        .to_string()
                }
            };
            out.push(at(format!("`{name}` is no column of actors.csv")).hint(hint));
        } else if names[..i].contains(name) {
            out.push(at(format!("`{name}` is named twice")).hint("name each column once"));
        }
    }
    out
}

/// The popup's fields for the map's configuration: `[{name, label}]`, `None` without any.
pub fn labels(config: &SiteConfig, t: &Strings) -> Option<Value> {
    let names = &config.map.popup;
    (!names.is_empty()).then(|| {
        names
            .iter()
            .map(|name| json!({"name": name, "label": t.tr(name)}))
            .collect()
    })
}

/// Actor `a`'s values of the popup's fields in `l`'s language, as a JSON list of texts (an
/// empty text where it has none); empty bytes when the site names no field.
pub fn values(l: &Lang<'_>, a: &Actor) -> Vec<u8> {
    let names = &l.config().map.popup;
    if names.is_empty() {
        return Vec::new();
    }
    let texts: Vec<String> = names
        .iter()
        .map(|name| Column::named(name).map_or_else(String::new, |c| c.text(l, a)))
        .collect();
    serde_json::to_vec(&texts).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal fixture's site.yaml with `popup` under `map:`, in a folder of its own.
    fn site_with(popup: &str) -> (tempfile::TempDir, SiteConfig) {
        let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let yaml = std::fs::read_to_string(minimal.join(SiteConfig::FILE)).expect("site.yaml");
        let yaml = yaml.replacen("map:\n", &format!("map:\n  popup: {popup}\n"), 1);
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::write(dir.path().join(SiteConfig::FILE), yaml).expect("written");
        let config = SiteConfig::load(dir.path()).expect("it loads");
        (dir, config)
    }

    #[test]
    fn unknown_and_repeated_columns_are_errors_at_their_line_with_a_hint() {
        let (dir, config) = site_with("[websit, founded, founded]");
        let problems = check(dir.path(), &config);
        let shown: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(problems.len(), 2, "{shown:#?}");
        let yaml = std::fs::read_to_string(dir.path().join(SiteConfig::FILE)).unwrap();
        let line = yaml.lines().position(|l| l.contains("popup:")).unwrap() + 1;
        assert!(
            shown[0].contains(&format!("site.yaml:{line}:")),
            "{}",
            shown[0]
        );
        assert!(
            shown[0].contains("`websit` is no column of actors.csv"),
            "{}",
            shown[0]
        );
        assert!(shown[0].contains("did you mean `website`?"), "{}", shown[0]);
        assert!(shown[0].contains("map.popup[0]"), "{}", shown[0]);
        assert!(
            shown[1].contains("`founded` is named twice"),
            "{}",
            shown[1]
        );
        assert!(shown[1].contains("map.popup[2]"), "{}", shown[1]);

        let (dir, config) = site_with("[website, founded]");
        assert!(check(dir.path(), &config).is_empty());
    }

    #[test]
    fn labels_are_the_themes_strings_and_absent_without_fields() {
        let (_dir, config) = site_with("[website, employees]");
        let t = Strings(
            [("website".to_string(), "Webbplats".to_string())]
                .into_iter()
                .collect(),
        );
        assert_eq!(
            labels(&config, &t),
            Some(json!([
                {"name": "website", "label": "Webbplats"},
                // A theme without the string shows the column's name.
                {"name": "employees", "label": "employees"}
            ]))
        );
        let (_dir, none) = site_with("[]");
        assert_eq!(labels(&none, &t), None);
    }
}
