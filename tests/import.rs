//! `ecoatlas import`: actor records from a spreadsheet with the columns of data/actors.csv.

mod support;

use std::path::Path;
use support::*;

fn import(sheet: &Path, root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        sheet.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend(extra);
    ecoatlas(&args)
}

#[test]
fn the_shipped_sites_csv_imported_into_an_empty_site_builds_the_same_actors() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let o = build(&repo_root(), &first, &["--today", "2026-12-06"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = first.join("data/actors.csv");

    // The same site without its actors (and without the news and pages that name them).
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::copy(repo_root().join("site.yaml"), site.join("site.yaml")).unwrap();
    for part in ["campuses", "basemap"] {
        copy_dir(
            &repo_root().join("content").join(part),
            &site.join("content").join(part),
        );
    }
    let o = import(&csv, &site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let actors = std::fs::read_dir(repo_root().join("content/actors"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && !name.ends_with(".en.md")
        })
        .count();
    assert!(
        stdout(&o).contains(&format!("Added {actors}, changed 0 and left 0 records.")),
        "{}",
        stdout(&o)
    );

    let second = dir.path().join("second");
    let o = build(&site, &second, &["--today", "2026-12-06"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&first, "data/actors.csv"),
        read(&second, "data/actors.csv"),
        "the imported site's actors differ from the exported ones"
    );

    // Importing the same sheet again changes nothing, and into the shipped site neither.
    let o = import(&csv, &site, &[]);
    assert!(stdout(&o).contains(&format!("Added 0, changed 0 and left {actors} records.")));
    let o = import(&csv, &repo_root(), &["--dry-run"]);
    assert!(
        stdout(&o).contains(&format!("Would add 0, change 0 and leave {actors} records")),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
}

const GAMMA: &str = "---\n# Kontrollerad mot webbplatsen i maj.\nname: Gamma AB   # det juridiska namnet\ntype: company\nsectors: [industry]\ncampus: norra-campus\nwebsite: https://gamma.example.org\nsummary: >\n  Ett företag\n  på två rader.\n---\nGamma gör **saker**.\n\n<!-- en kommentar i brödtexten -->\n";

#[test]
fn an_import_writes_only_the_keys_that_differ_and_keeps_body_comments_and_order() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let gamma = site.join("content/actors/gamma.md");
    std::fs::write(&gamma, GAMMA).unwrap();
    let sheet = site.join("ändringar.csv");
    std::fs::write(
        &sheet,
        "slug,name,sectors,website,employees,summary\n\
         gamma,Gamma AB,industry; academia,https://gamma.example.org,,Ett företag på två rader.\n",
    )
    .unwrap();
    let o = import(&sheet, &site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("row 2: change gamma (content/actors/gamma.md): sectors"),
        "{}",
        stdout(&o)
    );
    let after = std::fs::read_to_string(&gamma).unwrap();
    assert_eq!(
        after,
        GAMMA.replace(
            "sectors: [industry]\n",
            "sectors:\n- industry\n- academia\n"
        ),
        "only the sectors are written again"
    );

    let o = import(&sheet, &site, &[]);
    assert!(stdout(&o).contains("Added 0, changed 0 and left 1 records."));
    let o = build(&site, &site.join("out"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_new_row_becomes_a_yaml_record_and_a_dry_run_writes_nothing() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let sheet = site.join("nya.csv");
    std::fs::write(
        &sheet,
        "slug,name,type,sectors,campuses,lat,lon,approximate,summary,employees,open_to\n\
         delta-lab,Delta Lab,company,industry,norra-campus,59.52,17.82,true,\"'=Ett labb, med komma.\",25,sme; industry\n",
    )
    .unwrap();
    let o = import(&sheet, &site, &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("row 2: add delta-lab"),
        "{}",
        stdout(&o)
    );
    assert!(!site.join("content/actors/delta-lab.yaml").exists());

    let o = import(&sheet, &site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let record: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(site.join("content/actors/delta-lab.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(record["name"], "Delta Lab");
    assert_eq!(record["campus"], "norra-campus");
    assert_eq!(record["location"]["lat"], 59.52);
    assert_eq!(record["location"]["approximate"], true);
    // The export's guard against formulas is taken off again.
    assert_eq!(record["summary"], "=Ett labb, med komma.");
    assert_eq!(record["figures"]["employees"], 25);
    assert_eq!(record["access"]["open_to"][1], "industry");
    let out = site.join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "data/actors.csv").contains("delta-lab,Delta Lab,company"));
}

#[test]
fn what_check_would_refuse_is_reported_at_the_sheets_row_and_column_and_nothing_is_written() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let before = read_tree(&site.join("content"));
    let sheet = site.join("fel.csv");
    std::fs::write(
        &sheet,
        "slug,name,type,sectors,website,summary\n\
         beta-ab,Beta AB,company,industri,https://beta.example.org,Ett bolag.\n\
         epsilon,Epsilon,company,industry,ftp://epsilon.example.org,Ett bolag.\n",
    )
    .unwrap();
    let o = import(&sheet, &site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "fel.csv:2:4: error: field `sectors`: column 4 (`sectors`): unknown sector `industri`"
        ),
        "{err}"
    );
    assert!(err.contains("fel.csv:3:5:"), "{err}");
    assert!(err.contains("(`website`)"), "{err}");
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(read_tree(&site.join("content")), before);
}

#[test]
fn a_column_the_export_does_not_have_is_refused_at_the_header() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let sheet = site.join("stavfel.csv");
    std::fs::write(&sheet, "slug,webiste\nbeta-ab,https://beta.example.org\n").unwrap();
    let o = import(&sheet, &site, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "stavfel.csv:1:2: error: field `webiste`: `webiste` is not a column of actors.csv"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_workbook_is_read_from_its_first_sheet_with_lettered_columns() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let path = site.join("aktörer.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 6]; 3] = [
        ["slug", "name", "type", "sectors", "summary", "campuses"],
        [
            "zeta",
            "Zeta",
            "company",
            "industry",
            "Ett bolag i en arbetsbok.",
            "norra-campus",
        ],
        [
            "eta",
            "Eta",
            "company",
            "kemi",
            "Ett bolag med fel bransch.",
            "norra-campus",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    sheet.write_string(0, 6, "employees").unwrap();
    sheet.write_number(1, 6, 40.0).unwrap();
    book.save(&path).unwrap();

    let o = import(&path, &site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("aktörer.xlsx:3:4: error: field `sectors`: column D (`sectors`)"),
        "{}",
        stderr(&o)
    );

    // Without the faulty row, the workbook's actor is added, its number read as a whole one.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows[..2].iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    sheet.write_string(0, 6, "employees").unwrap();
    sheet.write_number(1, 6, 40.0).unwrap();
    book.save(&path).unwrap();
    let o = import(&path, &site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let zeta = std::fs::read_to_string(site.join("content/actors/zeta.yaml")).unwrap();
    assert!(zeta.contains("figures:\n  employees: 40\n"), "{zeta}");
}

/// A source title holding `;` cannot be told apart from the separator of `source_titles`: the
/// record it came from is recognised (the export's cell matches its titles joined), and a new
/// record is refused at that cell rather than given titles paired with the wrong addresses.
#[test]
fn a_source_title_with_a_semicolon_is_kept_or_refused_never_paired_wrongly() {
    let (_dir, site) = fixture_site("minimal", &[]);
    let record = site.join("content/actors/beta-ab.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(
        &record,
        format!(
            "{text}sources:\n  - {{title: \"KI; ett bolag\", url: \"https://a.example.org\"}}\n  - {{title: \"Årsredovisning\", url: \"https://b.example.org\"}}\n"
        ),
    )
    .unwrap();
    let out = site.join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = out.join("data/actors.csv");
    assert!(read(&out, "data/actors.csv").contains("KI; ett bolag; Årsredovisning"));

    // Into the site it came from: the record is left as it is.
    let before = read_tree(&site.join("content"));
    let o = import(&csv, &site, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("changed 0"), "{}", stdout(&o));
    assert_eq!(read_tree(&site.join("content")), before);

    // Into a site without that record: refused at the cell, nothing written.
    std::fs::remove_file(&record).unwrap();
    let before = read_tree(&site.join("content"));
    let o = import(&csv, &site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("(`source_titles`): 3 titles for 2 sources"),
        "{err}"
    );
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(read_tree(&site.join("content")), before);
}
