//! The theme's Tera templates, compiled once, and their errors as diagnostics on the template's
//! file and line.

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The templates, compiled once per build, and the theme they came from.
pub struct Templates {
    tera: tera::Tera,
    theme: Theme,
    /// Do the templates only ever print `actor_items` whole, as `{{ actor_items | safe }}`?
    items_whole: bool,
    /// The theme's strings by language and default language, as read the first time
    /// ([`Templates::strings`]).
    strings: Mutex<BTreeMap<(String, String), Arc<Strings>>>,
}

/// The theme's UI strings in one language, by key; templates see them as `t`.
#[derive(Debug, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// The string `key`, or the key itself when the theme has no such string.
    pub fn tr(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

impl std::ops::Deref for Strings {
    type Target = BTreeMap<String, String>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// The variable that holds the HTML of a list page's actors ([`crate::render::pages::lists::ActorList`]).
pub const ACTOR_ITEMS: &str = "actor_items";

impl Templates {
    /// Compiles every template of the theme; errors name the template file and line.
    pub fn compile(theme: Theme, root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(
                    theme.display_path(root, &format!("templates/{name}")),
                    "the template is not valid UTF-8",
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let items_whole = sources
            .iter()
            .all(|(_, text)| only_printed_whole(text, ACTOR_ITEMS));
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![template_error(&e, &theme, root)]);
        }
        Ok(Templates {
            tera,
            theme,
            items_whole,
            strings: Mutex::default(),
        })
    }

    /// The theme's strings for `lang` ([`Theme::strings`]), read once: a server
    /// renders with the same templates again and again.
    pub fn strings(
        &self,
        root: &Path,
        lang: &str,
        default_lang: &str,
    ) -> Result<Arc<Strings>, Diagnostic> {
        let key = (lang.to_string(), default_lang.to_string());
        let mut read = self.strings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(strings) = read.get(&key) {
            return Ok(Arc::clone(strings));
        }
        let strings = Arc::new(Strings(self.theme.strings(root, lang, default_lang)?));
        read.insert(key, Arc::clone(&strings));
        Ok(strings)
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Is every mention of `actor_items` in the templates a `{{ actor_items | safe }}` (any
    /// spacing, `-` trims allowed)? Then a page shows the value exactly where it is printed,
    /// unchanged, which lets a long list be put in after rendering.
    pub fn prints_items_whole(&self) -> bool {
        self.items_whole
    }

    pub(super) fn render(
        &self,
        name: &str,
        ctx: &tera::Context,
        root: &Path,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&e, &self.theme, root))
    }
}

/// Is every mention of `var` in `source` the whole of a `{{ var | safe }}` tag? (Anything
/// else, a comment or a test included, counts as another use.)
fn only_printed_whole(source: &str, var: &str) -> bool {
    fn word<'s>(rest: &'s str, w: &str) -> Option<&'s str> {
        rest.strip_prefix(w)
            .filter(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            .map(str::trim_start)
    }
    let printed = source
        .match_indices("{{")
        .filter(|(at, _)| {
            let rest = &source[at + 2..];
            let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
            word(rest, var)
                .and_then(|r| r.strip_prefix('|'))
                .and_then(|r| word(r.trim_start(), "safe"))
                .is_some_and(|r| r.strip_prefix('-').unwrap_or(r).starts_with("}}"))
        })
        .count();
    printed == source.matches(var).count()
}

/// A Tera error as a diagnostic on the template's file and line.
fn template_error(e: &tera::Error, theme: &Theme, root: &Path) -> Diagnostic {
    use std::error::Error as _;
    let (file, line, column, mut message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            current.clone(),
            0,
            0,
            format!("extends `{parent}`, which does not exist"),
        ),
        _ => (String::new(), 0, 0, e.to_string()),
    };
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    let path = if file.is_empty() {
        Path::new("<theme>").to_path_buf()
    } else {
        theme.display_path(root, &format!("templates/{file}"))
    };
    Diagnostic::error(path, message).at(line, column)
}

#[cfg(test)]
mod tests {
    use super::only_printed_whole;

    #[test]
    fn items_printed_whole_only_in_a_safe_print_tag() {
        for whole in [
            "<ul>{{ actor_items | safe }}</ul>",
            "{{actor_items|safe}}",
            "{{- actor_items | safe -}} and {{ actor_items |safe}}",
            "no list here",
        ] {
            assert!(only_printed_whole(whole, "actor_items"), "{whole}");
        }
        for other in [
            "{{ actor_items }}",
            "{{ actor_items | safe | upper }}",
            "{{ actor_items | safe }}{% if actor_items %}x{% endif %}",
            "{# actor_items #}{{ actor_items | safe }}",
            "{{ actor_items | safely }}",
            "{{ actor_items_count | safe }}",
            "{% set list = actor_items %}{{ list | safe }}",
        ] {
            assert!(!only_printed_whole(other, "actor_items"), "{other}");
        }
    }
}
