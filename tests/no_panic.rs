//! No input makes the loaders panic or hang: property tests mutate real records (and throw
//! random bytes) at every kind of content file, each parse bounded in time. The same entry point
//! (`ecoatlas::load::probe::parse_bytes`) is what the cargo-fuzz targets in fuzz/ drive.

mod support;

use ecoatlas::load::probe::{parse_bytes, Kind};
use proptest::prelude::*;
use std::sync::mpsc;
use std::time::Duration;

/// How long one parse may take before it counts as a hang (debug build, loaded machine).
const LIMIT: Duration = Duration::from_secs(10);

/// Parses in a worker thread; fails on a panic or when the parse outlives [`LIMIT`].
fn parse_bounded(kind: Kind, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let shown = String::from_utf8_lossy(&bytes)
        .chars()
        .take(400)
        .collect::<String>();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| parse_bytes(kind, &bytes).len());
        let _ = tx.send(result.is_ok());
    });
    match rx.recv_timeout(LIMIT) {
        Ok(true) => Ok(()),
        Ok(false) => Err(TestCaseError::fail(format!(
            "{kind:?} panicked on {shown:?}"
        ))),
        Err(_) => Err(TestCaseError::fail(format!(
            "{kind:?} took over {LIMIT:?} on {shown:?}"
        ))),
    }
}

/// Real files of each kind, to mutate.
fn seeds() -> Vec<(Kind, Vec<u8>)> {
    let root = support::repo_root();
    let read = |p: &str| std::fs::read(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    vec![
        (Kind::ActorMarkdown, read("content/actors/ana-futura.md")),
        (
            Kind::ActorMarkdown,
            read("content/actors/karolinska-institutet.md"),
        ),
        (Kind::ActorTranslation, read("content/actors/vecura.en.md")),
        (
            Kind::ActorYaml,
            read("tests/fixtures/minimal/content/actors/beta-ab.yaml"),
        ),
        (Kind::Campus, read("content/campuses/flemingsberg.geojson")),
        (
            Kind::Campus,
            read("tests/fixtures/minimal/content/campuses/punkten.geojson"),
        ),
        (Kind::Page, read("content/pages/forskningsinfrastruktur.md")),
        (Kind::SiteConfig, read("site.yaml")),
    ]
}

/// Bytes that matter to YAML, JSON, Markdown and UTF-8.
const NASTY: &[&[u8]] = &[
    b"\"",
    b"'",
    b":",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\t",
    b"\n",
    b"\r",
    b"#",
    b"&a ",
    b"*a",
    b"!!",
    b"|",
    b">",
    b"%",
    b"@",
    b"`",
    b",",
    b"\\",
    b"\0",
    b"\xff",
    b"\xe4",
    "ä".as_bytes(),
    b"---\n",
    b"...",
    b"<script>",
    b"[x](javascript:1)",
    b"1e999",
    b"-0",
    b"NaN",
    b"null",
    b"~",
    b"99999999999999999999",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 0..NASTY.len()).prop_map(|(p, n)| Edit::Insert(p, n)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Edit::Delete(p, n)),
        any::<usize>().prop_map(Edit::DuplicateLine),
    ];
    prop::collection::vec(edit, 1..8)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Insert(p, n) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, NASTY[n].iter().copied());
            }
            Edit::Delete(p, n) => {
                let at = p % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Edit::DuplicateLine(p) => {
                let at = p % len;
                let start = bytes[..at.min(bytes.len())]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| start + i + 1);
                let line = bytes[start..end].to_vec();
                bytes.splice(start..start, line);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_records_never_panic_or_hang(seed in 0usize..8, edits in edits()) {
        let seeds = seeds();
        let (kind, bytes) = seeds[seed % seeds.len()].clone();
        parse_bounded(kind, apply(bytes, &edits))?;
    }

    #[test]
    fn random_bytes_never_panic_or_hang(kind in 0usize..6, bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let kinds = [Kind::ActorMarkdown, Kind::ActorTranslation, Kind::ActorYaml, Kind::Campus, Kind::Page, Kind::SiteConfig];
        parse_bounded(kinds[kind], bytes)?;
    }
}

#[test]
fn valid_seeds_parse_cleanly() {
    for (kind, bytes) in seeds() {
        let diags = parse_bytes(kind, &bytes);
        assert!(diags.is_empty(), "{kind:?}: {diags:?}");
    }
}

#[test]
fn alias_bombs_and_deep_nesting_end_quickly() {
    let bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n";
    parse_bounded(Kind::ActorMarkdown, bomb.as_bytes().to_vec()).unwrap();
    let deep = format!("---\nname: {}\n---\n", "[".repeat(100_000));
    parse_bounded(Kind::ActorMarkdown, deep.into_bytes()).unwrap();
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    parse_bounded(Kind::Campus, deep_json.into_bytes()).unwrap();
    let deep_md = format!("---\nname: a\n---\n{}", "> ".repeat(50_000));
    parse_bounded(Kind::Page, deep_md.into_bytes()).unwrap();
}
