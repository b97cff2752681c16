//! Reading a spreadsheet: a CSV file (the `csv` crate) or the first sheet of an xlsx, xls, xlsb
//! or ods workbook (calamine), as a header and rows of text cells, each with where it is.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// A table with a header row: every cell as text, rows numbered as the sheet numbers them.
#[derive(Debug)]
pub struct Table {
    /// The header's cells, trimmed.
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Whether columns are named by letters (a workbook) or numbers (CSV).
    pub lettered: bool,
}

#[derive(Debug)]
pub struct Row {
    /// The row's number in the file (the header is row 1).
    pub number: usize,
    pub cells: Vec<String>,
}

impl Table {
    /// The cell of `row` in the column named `name`, if the table has that column.
    pub fn cell<'a>(&self, row: &'a Row, name: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == name)?;
        Some(row.cells.get(i).map_or("", String::as_str))
    }

    /// How a spreadsheet names the column `name`: `F` in a workbook, `6` in a CSV file.
    pub fn column_label(&self, name: &str) -> String {
        let Some(i) = self.header.iter().position(|h| h == name) else {
            return "?".into();
        };
        if self.lettered {
            letters(i)
        } else {
            (i + 1).to_string()
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads `path` by its extension: `.csv`, or a workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`,
/// `.ods`) whose first sheet is read.
pub fn read(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path),
        _ => bail!(
            "{}: import reads .csv, .xlsx, .xls, .xlsb or .ods files",
            path.display()
        ),
    }
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: a CSV file must be UTF-8", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(r) => r
            .with_context(|| format!("{}: row 1", path.display()))?
            .iter()
            .map(|c| c.trim().to_string())
            .collect(),
        None => bail!(
            "{}: the file is empty; it needs a header row",
            path.display()
        ),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.with_context(|| format!("{}: row {}", path.display(), i + 2))?;
        let cells: Vec<String> = record.iter().map(String::from).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            number: i + 2,
            cells,
        });
    }
    Ok(Table {
        header,
        rows,
        lettered: false,
    })
}

fn read_workbook(path: &Path) -> Result<Table> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book =
        open_workbook_auto(path).with_context(|| format!("cannot open {}", path.display()))?;
    let Some(first) = book.sheet_names().first().cloned() else {
        bail!("{}: the workbook has no sheet", path.display());
    };
    let range = book
        .worksheet_range(&first)
        .with_context(|| format!("{}: cannot read the sheet `{first}`", path.display()))?;
    // Rows and columns as the sheet numbers them, even when the used range starts further in.
    let (top, left) = range.start().unwrap_or((0, 0));
    if left != 0 {
        bail!(
            "{}: the sheet `{first}` must start in column A (its first cell is in column {})",
            path.display(),
            letters(left as usize)
        );
    }
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            // Whole numbers as integers (a year, a head count), others as written.
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => d.to_string(),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut rows_iter = range.rows();
    let header = match rows_iter.next() {
        Some(r) => r.iter().map(|c| text(c).trim().to_string()).collect(),
        None => bail!("{}: the sheet `{first}` is empty", path.display()),
    };
    let mut rows = Vec::new();
    for (i, r) in rows_iter.enumerate() {
        let cells: Vec<String> = r.iter().map(text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            number: top as usize + i + 2,
            cells,
        });
    }
    Ok(Table {
        header,
        rows,
        lettered: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }

    #[test]
    fn a_csv_file_is_read_with_its_row_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "\u{feff}slug,name\nalfa,\"A, B\"\n,\nbeta,Beta\n").unwrap();
        let t = read(&path).unwrap();
        assert_eq!(t.header, ["slug", "name"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.cell(&t.rows[0], "name"), Some("A, B"));
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.column_label("name"), "2");
        assert_eq!(t.cell(&t.rows[1], "website"), None);
    }
}
