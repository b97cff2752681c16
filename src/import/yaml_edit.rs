//! Changing a record's YAML a key at a time, so that everything the import does not change
//! (comments, the order of keys, quoting, the Markdown body) stays as the editor wrote it.
//!
//! A top-level key's block is its line and the indented lines after it. A changed key's block
//! is written again in place; a removed key's block is deleted; a new key is added at the end.
//! Comment lines at the left margin belong to no block and are kept.

use serde_yaml::{Mapping, Value};

/// A top-level key and the lines `[start, end)` its block takes.
#[derive(Debug, PartialEq)]
struct Block {
    key: String,
    start: usize,
    end: usize,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // serde_yaml writes a list under a key at the key's own margin (`- item`).
        let indented = line.starts_with([' ', '\t', '-']);
        let blank = line.trim().is_empty();
        if indented || blank {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if last.end == usize::MAX {
                last.end = i;
            }
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']).to_string();
            out.push(Block {
                key,
                start: i,
                end: usize::MAX,
            });
        }
    }
    if let Some(last) = out.last_mut() {
        if last.end == usize::MAX {
            last.end = lines.len();
        }
    }
    // A block ends at its last indented line: trailing blank lines stay where they are.
    for b in &mut out {
        while b.end > b.start + 1 && lines[b.end - 1].trim().is_empty() {
            b.end -= 1;
        }
    }
    out
}

/// `key: value` as serde_yaml writes it (one line, or the key and an indented block).
pub fn entry(key: &str, value: &Value) -> String {
    let mut m = Mapping::new();
    m.insert(Value::String(key.to_string()), value.clone());
    serde_yaml::to_string(&m).unwrap_or_default()
}

/// `yaml` with each `(key, value)` of `changes` applied: `Some` writes the key (in place, or at
/// the end when new), `None` removes it. Lines of other keys and comments are kept byte for byte.
pub fn apply(yaml: &str, changes: &[(String, Option<Value>)]) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let found = blocks(&lines);
    let mut replaced: Vec<Option<String>> = vec![None; lines.len()];
    let mut dropped = vec![false; lines.len()];
    let mut appended = String::new();
    for (key, value) in changes {
        match (found.iter().find(|b| &b.key == key), value) {
            (Some(b), v) => {
                for d in dropped.iter_mut().take(b.end).skip(b.start) {
                    *d = true;
                }
                if let Some(v) = v {
                    replaced[b.start] = Some(entry(key, v));
                }
            }
            (None, Some(v)) => appended.push_str(&entry(key, v)),
            (None, None) => {}
        }
    }
    // New keys go after the last key's block, before any trailing blank lines or comments.
    let at = found.iter().map(|b| b.end).max().unwrap_or(0);
    let mut out = String::with_capacity(yaml.len() + appended.len());
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&appended);
        }
        if let Some(text) = &replaced[i] {
            out.push_str(text);
        } else if !dropped[i] {
            out.push_str(line);
            out.push('\n');
        }
    }
    if at >= lines.len() {
        out.push_str(&appended);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "# Granskad av Eva\nname: Gamma   # the legal name\ntype: company\nsectors:\n  - industry\n\n# where\ncampus: norra\nsummary: >\n  Två\n  rader.\n";

    fn v(yaml: &str) -> Value {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn blocks_are_a_key_and_its_indented_lines() {
        let lines: Vec<&str> = RECORD.lines().collect();
        let keys: Vec<(String, usize, usize)> = blocks(&lines)
            .into_iter()
            .map(|b| (b.key, b.start, b.end))
            .collect();
        assert_eq!(
            keys,
            [
                ("name".into(), 1, 2),
                ("type".into(), 2, 3),
                ("sectors".into(), 3, 5),
                ("campus".into(), 7, 8),
                ("summary".into(), 8, 11)
            ]
        );
    }

    #[test]
    fn a_changed_key_is_written_in_place_and_the_rest_is_kept() {
        let out = apply(
            RECORD,
            &[
                ("sectors".into(), Some(v("[industry, healthcare]"))),
                ("campus".into(), None),
                ("website".into(), Some(v("https://gamma.example.org"))),
            ],
        );
        assert_eq!(
            out,
            "# Granskad av Eva\nname: Gamma   # the legal name\ntype: company\nsectors:\n- industry\n- healthcare\n\n# where\nsummary: >\n  Två\n  rader.\nwebsite: https://gamma.example.org\n"
        );
        let parsed: Mapping = serde_yaml::from_str(&out).unwrap();
        assert_eq!(parsed.get("name"), Some(&v("Gamma")));
        assert_eq!(
            parsed.get("summary"),
            Some(&Value::String("Två rader.\n".into()))
        );
    }

    #[test]
    fn a_list_at_the_margin_belongs_to_its_key() {
        let written = apply(
            "name: Gamma\n",
            &[("sites".into(), Some(v("[{campus: a}, {campus: b}]")))],
        );
        assert_eq!(written, "name: Gamma\nsites:\n- campus: a\n- campus: b\n");
        let again = apply(&written, &[("sites".into(), Some(v("[{campus: c}]")))]);
        assert_eq!(again, "name: Gamma\nsites:\n- campus: c\n");
    }

    #[test]
    fn nothing_changed_is_the_same_text() {
        assert_eq!(apply(RECORD, &[]), RECORD);
    }
}
