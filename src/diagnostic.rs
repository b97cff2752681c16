//! Diagnostics: what an editor got wrong, where, and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Suspicious but not fatal (for example a position outside the site's region).
    Warning,
    /// Information for editors that is not a problem in itself (for example a text that has
    /// no translation yet). Never printed by `build` unless asked for.
    Note,
}

/// One problem in the site's input, with the file, line and column it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    /// The record field concerned (`type`, `location.lat`, ...), if any.
    pub field: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending text as written, used to point at it exactly (see [`locate`]).
    pub text: Option<String>,
    /// The source line the diagnostic points at, filled in by [`locate`].
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            field: None,
            message: message.into(),
            hint: None,
            text: None,
            source_line: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn note(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The offending text (a value as written), so that the diagnostic can point at it.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {level}: ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n {pad} |\n {number} | {source}")?;
            if self.column > 0 {
                let width = self.text.as_ref().map_or(1, |t| t.chars().count().max(1));
                let lead: String = source
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {lead}{}", "^".repeat(width))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one build, gathered so that an editor sees every problem at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds `note` to the hint of the first error (in file order) in `file`, if there is one.
    pub fn note_on_first_error(&mut self, file: &Path, note: &str) {
        let first = self
            .items
            .iter_mut()
            .filter(|d| d.is_error() && d.file == file)
            .min_by(|a, b| (a.line, a.column).cmp(&(b.line, b.column)));
        if let Some(d) = first {
            d.hint = Some(match d.hint.take() {
                Some(hint) => format!("{hint}. Also: {note}"),
                None => note.to_string(),
            });
        }
    }

    /// The diagnostics in a stable order: by file, then position, then message.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted().into_iter()
    }
}

/// A build that stopped because of errors in the site's content, config or theme.
#[derive(Debug)]
pub struct ContentErrors(pub Vec<Diagnostic>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let warnings = self.0.len() - errors;
        let (e, w) = (count(errors, "error"), count(warnings, "warning"));
        match (errors, warnings) {
            (0, _) => write!(f, "{w}, and warnings are denied"),
            (_, 0) => write!(f, "{e} in the site's input"),
            _ => write!(f, "{e} and {w} in the site's input"),
        }
    }
}

impl std::error::Error for ContentErrors {}

/// `n` things in words: "no warnings", "1 warning", "2 warnings".
pub fn count(n: usize, thing: &str) -> String {
    match n {
        0 => format!("no {thing}s"),
        1 => format!("1 {thing}"),
        n => format!("{n} {thing}s"),
    }
}

/// How far below a field's line its offending text is looked for (a block of a few lines).
const LOCATE_WINDOW: usize = 40;

/// Points each diagnostic at its source: where it carries the offending `text`, finds that text
/// at or below its line and sets the exact line and column; then attaches the source line so the
/// message can show it. Files are read again here, only for the files that have diagnostics.
pub fn locate(diags: &mut [Diagnostic], root: &Path) {
    let mut cache: std::collections::HashMap<PathBuf, Option<Vec<String>>> = Default::default();
    for d in diags.iter_mut().filter(|d| d.line > 0) {
        let lines = cache.entry(d.file.clone()).or_insert_with(|| {
            // Never a named pipe: reading one would wait for a writer.
            let bytes =
                crate::site_files::read_regular(&root.join(&d.file), crate::source::MAX_FILE_BYTES)
                    .ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(
                text.trim_start_matches('\u{feff}')
                    .lines()
                    .map(str::to_string)
                    .collect(),
            )
        });
        let Some(lines) = lines else { continue };
        if let Some(text) = d.text.as_deref().filter(|t| !t.is_empty()) {
            let found = lines
                .iter()
                .enumerate()
                .skip(d.line - 1)
                .take(LOCATE_WINDOW)
                .find_map(|(i, l)| {
                    l.find(text)
                        .map(|byte| (i + 1, l[..byte].chars().count() + 1))
                });
            if let Some((line, column)) = found {
                d.line = line;
                d.column = column;
            }
        }
        d.source_line = lines.get(d.line - 1).map(|l| l.trim_end().to_string());
    }
}

/// The path of `file` relative to `root`, for messages; `file` itself when it lies elsewhere.
pub fn relative_to(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| file.to_path_buf())
}

/// The closest of `candidates` to `word` (for "did you mean" hints), if any is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let bytes = word.len();
    let word: Vec<char> = word.chars().collect();
    let mut rows = (Vec::new(), Vec::new());
    candidates
        .into_iter()
        .filter_map(|c| {
            let limit = (c.len().max(bytes) / 3).max(1);
            edit_distance_within(&word, c, limit, &mut rows).map(|d| (d, c))
        })
        .min()
        .map(|(_, c)| c)
}

/// The edit distance between `a` and `b` when it is at most `limit`. Gives up as soon as a
/// whole row of the table exceeds the limit, so that a site with 100,000 slugs still suggests
/// quickly. `rows` is scratch space, kept between calls.
fn edit_distance_within(
    a: &[char],
    b: &str,
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        cur.clear();
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(d);
        }
        if cur.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_field_and_hint() {
        let d = Diagnostic::error("content/actors/ki.md", "unknown actor type \"uni\"")
            .at(3, 7)
            .field("type")
            .hint("use one of: university, hospital");
        assert_eq!(
            d.to_string(),
            "content/actors/ki.md:3:7: error: field `type`: unknown actor type \"uni\"\n  hint: use one of: university, hospital"
        );
    }

    #[test]
    fn suggests_the_closest_known_word() {
        let known = ["website", "summary", "sectors"];
        assert_eq!(did_you_mean("webiste", known), Some("website"));
        assert_eq!(did_you_mean("sector", known), Some("sectors"));
        assert_eq!(did_you_mean("colour", known), None);
    }

    /// The plain edit distance, to check the pruned one against.
    fn full_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != *cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn pruned_distance_agrees_with_the_full_one_within_the_limit() {
        let words = [
            "",
            "a",
            "ki",
            "kth",
            "karolinska",
            "karolinska-institutet",
            "karolinska-universitetssjukhuset",
            "södertälje",
            "sodertalje",
            "scilifelab",
            "sci-life-lab",
            "uppsala",
            "upsala",
            "ab",
        ];
        let mut rows = (Vec::new(), Vec::new());
        for a in words {
            let chars: Vec<char> = a.chars().collect();
            for b in words {
                for limit in 0..6 {
                    let full = full_distance(a, b);
                    let pruned = edit_distance_within(&chars, b, limit, &mut rows);
                    assert_eq!(
                        pruned,
                        (full <= limit).then_some(full),
                        "{a} / {b} within {limit}"
                    );
                }
            }
        }
    }
}
