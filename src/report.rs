//! Printing diagnostics: for people (with the source line), as JSON lines for tools, or as
//! GitHub Actions annotations so each problem appears on the changed line of a pull request.

use crate::diagnostic::{Diagnostic, Severity};
use std::io::Write;
use std::path::Path;

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// Readable text with the offending line, on standard error.
    #[default]
    Human,
    /// One JSON object per diagnostic and line, on standard output.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`), on standard output.
    Github,
}

/// Writes `diags` in `format`; `root` is the site root as given on the command line, so that
/// annotation paths are relative to where the command ran.
pub fn print(diags: &[Diagnostic], format: MessageFormat, root: &Path) {
    let result = match format {
        MessageFormat::Human => {
            let mut err = std::io::stderr().lock();
            diags.iter().try_for_each(|d| writeln!(err, "{d}"))
        }
        MessageFormat::Json => {
            let mut out = std::io::stdout().lock();
            diags.iter().try_for_each(|d| writeln!(out, "{}", json(d)))
        }
        MessageFormat::Github => {
            let mut out = std::io::stdout().lock();
            diags
                .iter()
                .try_for_each(|d| writeln!(out, "{}", github(d, root)))
        }
    };
    // Nothing sensible to do when the terminal is gone.
    let _ = result;
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// One diagnostic as a JSON object (keys in a fixed order).
pub fn json(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": severity(d.severity),
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.line,
        "column": d.column,
        "field": d.field,
        "message": d.message,
        "text": d.text,
        "hint": d.hint,
    })
    .to_string()
}

/// One diagnostic as a GitHub Actions annotation.
pub fn github(d: &Diagnostic, root: &Path) -> String {
    let file = if root == Path::new(".") || root.as_os_str().is_empty() || d.file.is_absolute() {
        d.file.clone()
    } else {
        root.join(&d.file)
    };
    let mut props = vec![format!("file={}", escape_property(&file.to_string_lossy()))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.column > 0 {
            props.push(format!("col={}", d.column));
        }
    }
    let title = match &d.field {
        Some(f) => format!("ecoatlas: field {f}"),
        None => "ecoatlas".to_string(),
    };
    props.push(format!("title={}", escape_property(&title)));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    let command = match d.severity {
        Severity::Note => "notice",
        other => severity(other),
    };
    format!(
        "::{} {}::{}",
        command,
        props.join(","),
        escape_data(&message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error("content/actors/ki.md", "unknown actor type `uni`")
            .at(3, 7)
            .field("type")
            .text("uni")
            .hint("did you mean `university`?")
    }

    #[test]
    fn json_lines_carry_every_part() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(v["file"], "content/actors/ki.md");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(3), Some(7))
        );
        assert_eq!(v["severity"], "error");
        assert_eq!(v["field"], "type");
        assert_eq!(v["hint"], "did you mean `university`?");
    }

    #[test]
    fn github_annotations_are_escaped_and_relative_to_the_working_folder() {
        let line = github(&sample(), Path::new("site"));
        assert_eq!(
            line,
            "::error file=site/content/actors/ki.md,line=3,col=7,title=ecoatlas%3A field type::unknown actor type `uni`%0Ahint: did you mean `university`?"
        );
        let w = Diagnostic::warning("a,b.md", "50% off").at(0, 0);
        assert_eq!(
            github(&w, Path::new(".")),
            "::warning file=a%2Cb.md,title=ecoatlas::50%25 off"
        );
    }
}
