//! The theme's Tera templates, compiled once, and their errors as diagnostics on the template's
//! file and line.

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;
use std::path::Path;

/// The templates, compiled once per build, and the theme they came from.
pub struct Templates {
    tera: tera::Tera,
    theme: Theme,
}

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
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![template_error(&e, &theme, root)]);
        }
        Ok(Templates { tera, theme })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
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
