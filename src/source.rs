//! Source text: reading files, splitting front matter, and mapping YAML errors and fields back
//! to lines in the file so that every diagnostic points at the editor's own text.

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The largest content file read (records and campus outlines).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How much of a file is searched for NUL bytes to tell binary files from text.
const BINARY_SNIFF: usize = 8192;

/// A text file of the site, normalised: UTF-8, no byte-order mark, `\n` line endings.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in messages (relative to the site root).
    pub display: PathBuf,
    pub text: String,
    /// Whether `text` is the file's bytes as they are (no byte-order mark or CR removed), so
    /// that an offset in `text` is one in the file.
    pub verbatim: bool,
}

impl SourceFile {
    /// Reads `path`; `display` is how messages name it.
    pub fn read(path: &Path, display: PathBuf) -> Result<SourceFile, Diagnostic> {
        use crate::site_files::ReadError;
        let bytes = crate::site_files::read_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::TooLarge(size) => Diagnostic::error(
                &display,
                format!(
                    "the file is {:.1} MiB; a content file may be at most {} MiB",
                    size as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .hint("split the text, or simplify the outline (fewer vertices)"),
            ReadError::NotRegular(_) => Diagnostic::error(&display, format!("this {e}"))
                .hint("ecoatlas reads only regular files; replace it with the file itself"),
            ReadError::Missing | ReadError::Io(_) => {
                Diagnostic::error(&display, format!("the file {e}"))
            }
        })?;
        Self::from_bytes(bytes, display)
    }

    pub fn from_bytes(bytes: Vec<u8>, display: PathBuf) -> Result<SourceFile, Diagnostic> {
        if let Some(at) = bytes.iter().take(BINARY_SNIFF).position(|&b| b == 0) {
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Diagnostic::error(&display, format!("this is a binary file, not text (a NUL byte on line {line})"))
                .hint("content records are UTF-8 text (Markdown, YAML or GeoJSON); keep images out of content/actors"));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Diagnostic::error(&display, "the file is not valid UTF-8 text")
                .at(line, column)
                .hint("save the file as UTF-8")
        })?;
        let (text, verbatim) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), false),
            None => (text, true),
        };
        let (text, verbatim) = if text.contains('\r') {
            (text.replace("\r\n", "\n").replace('\r', "\n"), false)
        } else {
            (text, verbatim)
        };
        Ok(SourceFile {
            display,
            text,
            verbatim,
        })
    }

    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.display, message)
    }
}

/// A Markdown file split into its YAML front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The YAML between the `---` lines (empty when the file has none and none is required).
    pub yaml: &'a str,
    /// The 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Splits `---`-delimited front matter from a Markdown body. When `required` is false a file
/// without front matter is all body.
pub fn split_front_matter(file: &SourceFile, required: bool) -> Result<Document<'_>, Diagnostic> {
    let doc = split(file, required)?;
    if let Some((n, col, what)) = crate::markdown::too_deep(doc.body) {
        let (message, hint) = what.message();
        return Err(file.error(message).at(doc.body_line + n, col).hint(hint));
    }
    Ok(doc)
}

fn split(file: &SourceFile, required: bool) -> Result<Document<'_>, Diagnostic> {
    let text = file.text.as_str();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        if required {
            let found = text.lines().next().unwrap_or("").trim();
            let message = if text.trim().is_empty() {
                "the file is empty".to_string()
            } else {
                format!(
                    "a record starts with a front-matter line `---`, found `{}`",
                    truncate(found, 40)
                )
            };
            return Err(file.error(message).at(1, 1).hint(
                "put the record's fields between two lines of `---` at the top of the file",
            ));
        }
        return Ok(Document {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body = &rest[offset + line.len()..];
            let body_line = 3 + rest[..offset].matches('\n').count();
            return Ok(Document {
                yaml: &rest[..offset],
                yaml_line: 2,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(file
        .error("the front matter is not closed")
        .at(1, 1)
        .hint("end the record's fields with a line `---` before the Markdown text"))
}

/// Parses YAML into `T`, turning serde_yaml's error into a diagnostic at the right line of the
/// file (`first_line` is the line of the file on which `yaml` starts).
pub fn parse_yaml<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some((n, col)) = find_tab_indent(yaml) {
        return Err(file
            .error("a tab is used for indentation")
            .at(first_line + n, col)
            .hint("YAML indents with spaces only"));
    }
    if let Some((n, col)) = too_deep(yaml) {
        return Err(file
            .error(format!(
                "lists and maps are nested more than {MAX_FLOW_DEPTH} deep"
            ))
            .at(first_line + n, col)
            .hint("a record needs only a few levels; look for a `[` or `{` that is never closed"));
    }
    let value = serde_yaml::from_str(yaml).map_err(|e| yaml_error(file, yaml, first_line, &e))?;
    if let Some((n, col)) = folded_list_item(yaml) {
        return Err(file
            .error("this line is not a list item of its own: YAML reads it as more text of the item above")
            .at(first_line + n, col)
            .hint("indent its `-` as far as the `-` of the item above, to make it an item of its own"));
    }
    Ok(value)
}

/// Where (0-based line, 1-based column) a line that looks like a list item (`- text`) is, that
/// YAML folds into the plain text of the list item above it because it is indented further
/// (`- Book a meeting` then `  - Send the samples` is one step, "Book a meeting - Send the
/// samples"), if any.
fn folded_list_item(yaml: &str) -> Option<(usize, usize)> {
    // The column of the `-` of a list item whose text is plain and may go on below.
    let mut open_item: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let dash = trimmed == "-" || trimmed.starts_with("- ");
        match open_item {
            Some(item) if indent > item && dash => return Some((n, indent + 1)),
            // More text of the item.
            Some(item) if indent > item => continue,
            _ => open_item = None,
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            let rest = rest.trim();
            let plain = !rest.is_empty()
                && !rest.starts_with(['-', '[', '{', '"', '\'', '|', '>', '&', '*', '!', '#'])
                && !rest.contains(": ")
                && !rest.ends_with(':');
            if plain {
                open_item = Some(indent);
            }
        }
    }
    None
}

/// How deep `[`/`{` may nest. The YAML scanner's time grows with the square of this depth, so
/// a hostile file of brackets could otherwise stall a build; records need only a few levels.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Where (0-based line, 1-based column) flow collections first nest deeper than allowed,
/// ignoring brackets inside quotes and comments.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (n, line) in yaml.lines().enumerate() {
        let mut prev = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '#' if prev.is_whitespace() => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((n, col + 1));
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            prev = c;
        }
    }
    None
}

fn find_tab_indent(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(n, line)| {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        indent.find('\t').map(|col| (n, col + 1))
    })
}

fn yaml_error(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    e: &serde_yaml::Error,
) -> Diagnostic {
    let raw = e.to_string();
    // A syntax error says where the scanner gave up and, after ", while", what it was reading
    // and where that began: the unclosed quote or bracket is the place to fix.
    if let Some(d) = unclosed(file, &raw, first_line) {
        return d;
    }
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let (line, column) = e
        .location()
        .map(|l| (first_line + l.line() - 1, l.column()))
        .unwrap_or((first_line, 0));
    let mut d = file.error(message.clone()).at(line, column);
    if let Some(field) = unknown_field(&message) {
        d = d.field(field).text(field);
        // serde says "expected `a` or `b`" or "expected one of `a`, `b`, `c`": keep the
        // message short and put the best guess, or else the known fields, in the hint.
        if let Some((head, expected)) = message.split_once(", expected ") {
            let known: Vec<&str> = expected
                .trim_start_matches("one of ")
                .split(", ")
                .flat_map(|s| s.split(" or "))
                .map(|s| s.trim_matches('`'))
                .collect();
            d.message = head.to_string();
            d = match crate::diagnostic::did_you_mean(field, known.iter().copied()) {
                Some(best) => d.hint(format!("did you mean `{best}`?")),
                None => d.hint(format!("known fields: {}", known.join(", "))),
            };
        }
    } else if let Some((path, field)) = message.split_once("missing field `") {
        let field = field.trim_end_matches('`');
        // A field missing inside another ("sources[1]: missing field `url`") is named by its
        // whole path.
        let path = path.trim_end_matches(": ");
        d = if path.is_empty() {
            d.field(field).hint(format!("add `{field}:` to the record"))
        } else {
            d.message = format!("missing field `{field}`");
            let hint = if field == "url" && path.contains("source") {
                format!("a source says where it can be read: add `url:` (its http(s) address) to {path}")
            } else {
                format!("add `{field}:` to {path}")
            };
            d.field(format!("{path}.{field}")).hint(hint)
        };
        if e.location().is_none() {
            d.line = first_line;
            d.column = 1;
        }
    } else if message.contains("invalid type") || message.contains("invalid value") {
        if let Some(field) = field_at_line(yaml, line + 1 - first_line) {
            d = d.field(field);
        }
        if let Some(expected) = message.split(", expected ").nth(1) {
            d = d.hint(format!("write {} here", plain_expected(expected)));
        }
    } else if message.contains("mapping values are not allowed") {
        d = d.hint(
            "check the indentation (a field nested under another is indented by two spaces), or quote a value that contains \": \"",
        );
    } else if message.contains("did not find expected key") || message.contains("block mapping") {
        d = d.hint("check the indentation: fields of one record start in the same column");
    } else if message.contains("duplicate entry") || message.contains("duplicate field") {
        d = d.hint("each field may appear only once; remove or merge the repeated one");
    }
    d
}

/// serde's name for a type, in words an editor knows.
fn plain_expected(expected: &str) -> &str {
    match expected.trim() {
        "a sequence" => "a list, such as [a, b]",
        "a string" => "a text",
        "u64" | "u32" | "i32" | "i64" | "u8" => "a whole number",
        "f64" | "f32" => "a number",
        "a boolean" => "true or false",
        "a map" => "fields indented under this one",
        other => other,
    }
}

/// A quote, list or map that is opened and never closed, reported where it opens.
fn unclosed(file: &SourceFile, raw: &str, first_line: usize) -> Option<Diagnostic> {
    let (_, context) = raw.split_once(", while ")?;
    let (what, at) = context.split_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    let (line, column): (usize, usize) = (line.trim().parse().ok()?, column.trim().parse().ok()?);
    let (message, hint) = match what {
        "scanning a quoted scalar" => (
            "a quoted text is never closed",
            "add the closing quotation mark",
        ),
        "parsing a flow sequence" => (
            "a list `[` is never closed",
            "close the list with `]` on the same line",
        ),
        "parsing a flow mapping" => (
            "a map `{` is never closed",
            "close the map with `}` on the same line",
        ),
        _ => return None,
    };
    Some(
        file.error(message)
            .at(first_line + line - 1, column)
            .hint(hint),
    )
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

/// The key defined on 1-based `line` of `yaml`, if that line starts a `key:`.
fn field_at_line(yaml: &str, line: usize) -> Option<String> {
    let text = yaml.lines().nth(line.checked_sub(1)?)?;
    let key = text
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()?
        .trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// Where a top-level `key:` is defined in `yaml`, as a 1-based line of the file; for a dotted
/// path (`location.lat`) the line of the nested key when it can be found, else of its parent.
pub fn key_line(yaml: &str, first_line: usize, path: &str) -> usize {
    let mut parts = path.split('.');
    let top = parts.next().unwrap_or(path);
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(start) = lines.iter().position(|l| {
        l.strip_prefix(top)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    }) else {
        return first_line;
    };
    if let Some(sub) = parts.next() {
        // Inline (`location: {lat: ..}`) or block style: look on the key's line and its block.
        let block = lines[start..]
            .iter()
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with(' ') || l.starts_with('-'));
        for (i, l) in block {
            if l.contains(&format!("{sub}:")) {
                return first_line + start + i;
            }
        }
    }
    first_line + start
}

/// The 1-based line of the file on which each item of the block list under the top-level
/// `key:` starts (`values:` then `  - {year: 2023, ...}` lines). Empty when the list is
/// written in flow style (`key: [...]`) or the key is not there.
pub fn list_item_lines(yaml: &str, first_line: usize, key: &str) -> Vec<usize> {
    let mut lines = yaml.lines().enumerate();
    let found = lines.by_ref().find(|(_, l)| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    if found.is_none() {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut indent = None;
    for (i, l) in lines {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = l.len() - trimmed.len();
        let dash = trimmed == "-" || trimmed.starts_with("- ");
        if at == 0 && !dash {
            break;
        }
        match indent {
            None if dash => indent = Some(at),
            None => break,
            _ => {}
        }
        if dash && Some(at) == indent {
            items.push(first_line + i);
        } else if at < indent.unwrap_or(0) {
            break;
        }
    }
    items
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_list_item_indented_into_the_one_above_is_found() {
        let folded = "access:\n  steps:\n    - Book a meeting\n      - Send the samples\n";
        assert_eq!(super::folded_list_item(folded), Some((3, 7)));
        // After more text of the same item, too.
        let later = "steps:\n- Book a meeting\n  with us\n  - Send\n";
        assert_eq!(super::folded_list_item(later), Some((3, 3)));
        for fine in [
            "steps:\n  - Book a meeting\n  - Send the samples\n",
            "steps:\n- Book a meeting\n  with the platform\n- Send\n",
            "contacts:\n  - name: A\n    - x\n",
            "list:\n  - |\n    - a line of a block text\n",
            "nested:\n  - - a\n    - b\n",
            "summary: text\n  - not an item\n",
        ] {
            assert_eq!(super::folded_list_item(fine), None, "{fine}");
        }
    }

    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::from_bytes(text.as_bytes().to_vec(), "a.md".into()).unwrap()
    }

    #[test]
    fn the_items_of_a_block_list_are_found_on_their_lines() {
        let yaml = "name: x\nvalues:\n  - {year: 1}\n  # a note\n  - year: 2\n    value: 3\nunit: count\n- not: this\n";
        assert_eq!(list_item_lines(yaml, 2, "values"), [4, 6]);
        let flush = "values:\n- {year: 1}\n- {year: 2}\nnext: 1\n";
        assert_eq!(list_item_lines(flush, 1, "values"), [2, 3]);
        assert!(list_item_lines("values: [{year: 1}]\n", 1, "values").is_empty());
        assert!(list_item_lines("other: 1\n", 1, "values").is_empty());
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        let f = src("\u{feff}---\r\nname: A\r\n---\r\nBody\r\n");
        let doc = split_front_matter(&f, true).unwrap();
        assert_eq!(doc.yaml, "name: A\n");
        assert_eq!(doc.body, "Body\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_reported_at_line_one() {
        let e = split_front_matter(&src("name: A\n"), true).unwrap_err();
        assert!(e.message.contains("front-matter line `---`"), "{e}");
        assert_eq!(e.line, 1);
        let e = split_front_matter(&src("---\nname: A\n"), true).unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        let e = split_front_matter(&src(""), true).unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }

    #[test]
    fn binary_files_are_recognised() {
        let e =
            SourceFile::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0".to_vec(), "x.md".into()).unwrap_err();
        assert!(e.message.contains("binary"), "{e}");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let e = SourceFile::from_bytes(b"---\nname: \xff\n".to_vec(), "x.md".into()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 7));
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct R {
            name: String,
            website: Option<String>,
        }
        let f = src("---\nname: A\nwebiste: x\n---\n");
        let doc = split_front_matter(&f, true).unwrap();
        let e = parse_yaml::<R>(&f, doc.yaml, doc.yaml_line).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.field.as_deref(), Some("webiste"));
        assert_eq!(e.hint.as_deref(), Some("did you mean `website`?"));

        let f = src("---\nname: A\n\twebsite: x\n---\n");
        let doc = split_front_matter(&f, true).unwrap();
        let e = parse_yaml::<R>(&f, doc.yaml, doc.yaml_line).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.contains("tab"));
    }

    #[test]
    fn unclosed_quotes_and_brackets_point_where_they_open() {
        let f = src("---\nname: \"Gamma\ntype: x\n---\n");
        let doc = split_front_matter(&f, true).unwrap();
        let e = parse_yaml::<serde_yaml::Value>(&f, doc.yaml, doc.yaml_line).unwrap_err();
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (2, 7, "a quoted text is never closed")
        );
        let f = src("---\nsectors: [a, b\ntype: x\n---\n");
        let doc = split_front_matter(&f, true).unwrap();
        let e = parse_yaml::<serde_yaml::Value>(&f, doc.yaml, doc.yaml_line).unwrap_err();
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (2, 10, "a list `[` is never closed")
        );
    }

    #[test]
    fn hostile_nesting_is_refused_before_the_yaml_scanner_sees_it() {
        let deep = format!("---\nname: {}\n---\n", "[".repeat(100_000));
        let f = src(&deep);
        let doc = split_front_matter(&f, true).unwrap();
        let started = std::time::Instant::now();
        let e = parse_yaml::<serde_yaml::Value>(&f, doc.yaml, doc.yaml_line).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!((e.line, e.column), (2, 71), "{e}");
        // Brackets in quotes and comments do not count.
        let quoted = format!("name: \"{}\" # {}\n", "[".repeat(100), "{".repeat(100));
        assert!(too_deep(&quoted).is_none());
    }

    #[test]
    fn key_lines_are_found_for_nested_fields() {
        let yaml = "name: A\nlocation:\n  lat: 1\n  lon: 2\ntype: x\n";
        assert_eq!(key_line(yaml, 2, "type"), 6);
        assert_eq!(key_line(yaml, 2, "location.lon"), 5);
        assert_eq!(key_line(yaml, 2, "missing"), 2);
        assert_eq!(
            key_line("location: {lat: 1, lon: 2}\n", 2, "location.lon"),
            2
        );
    }
}
