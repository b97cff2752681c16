//! The open-data exports beside the GeoJSON files (see docs/DATA.md): `data/actors.csv`,
//! `data/actors.json` and `data/datapackage.json`, a Frictionless Data Package that describes
//! every data file with its schema version; `data/relations.json` is made in
//! [`crate::render::data::relations`].

use super::assemble::{in_chunks, nested, splice_list};
use super::{meta, round, SCHEMA_VERSION};
use crate::model::Actor;
use crate::model::ActorTextRef;
use crate::render::urls;
use crate::render::views::{Lang, TermKind};
use serde::Serialize;
use serde_json::{json, Value};

/// Lists inside one CSV cell are joined with this.
pub const CSV_LIST_SEPARATOR: &str = "; ";

/// What a column of `actors.csv` holds, as the data package's Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    String,
    Number,
    Integer,
    Boolean,
}

impl ColumnType {
    /// The Table Schema name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Number => "number",
            ColumnType::Integer => "integer",
            ColumnType::Boolean => "boolean",
        }
    }
}

/// One column of `actors.csv`: the one place that says its name, type, description and value,
/// from which the CSV's header and rows, the data package's schema and the table in
/// docs/DATA.md are all made.
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnType,
    pub description: &'static str,
    value: for<'a> fn(&'a Lang<'a>, &'a Actor, &ActorTextRef<'a>) -> Cell<'a>,
}

const fn column(
    name: &'static str,
    kind: ColumnType,
    description: &'static str,
    value: for<'a> fn(&'a Lang<'a>, &'a Actor, &ActorTextRef<'a>) -> Cell<'a>,
) -> Column {
    Column {
        name,
        kind,
        description,
        value,
    }
}

/// The columns of `actors.csv`, in order (schema version 1; columns are only ever added).
pub const COLUMNS: [Column; 29] = {
    use ColumnType::{Boolean, Integer, Number, String as Text};
    [
        column("slug", Text, "stable identifier, from the record's file name", |_, a, _| Cell::text(a.slug.as_str())),
        column("name", Text, "name in the file's language", |_, _, t| Cell::text(t.name)),
        column("type", Text, "a key of `actor_types` in site.yaml", |_, a, _| Cell::text(a.kind.as_str())),
        column("type_label", Text, "the label of `type` in the file's language", |l, a, _| {
            Cell::text(l.term(TermKind::Type, &a.kind).label)
        }),
        column("sectors", Text, "keys of `sectors` in site.yaml; a list, joined with \"; \"", |_, a, _| Cell::list(&a.sectors)),
        column("campuses", Text, "slugs of the actor's campuses; a list, joined with \"; \"", |_, a, _| Cell::list(&a.campuses)),
        column(
            "lat",
            Number,
            "latitude, WGS84 degrees, 5 decimals; empty without a position",
            |_, a, _| Cell::degrees(a.position.map(|p| p.lat)),
        ),
        column(
            "lon",
            Number,
            "longitude, WGS84 degrees, 5 decimals; empty without a position",
            |_, a, _| Cell::degrees(a.position.map(|p| p.lon)),
        ),
        column(
            "approximate",
            Boolean,
            "`true` when the position is an estimate or the campus centre, else `false`",
            |_, a, _| Cell::text(if a.approximate { "true" } else { "false" }),
        ),
        column("address", Text, "as in the record; empty when not given", |_, a, _| Cell::optional(&a.facts.address)),
        column("website", Text, "the organisation's own website (a URL); empty when not given", |_, a, _| {
            Cell::optional(&a.facts.website)
        }),
        column("email", Text, "a public e-mail address; empty when not given", |_, a, _| Cell::optional(&a.facts.email)),
        column("open_to", Text, "audiences: `sme`, `academia`, `industry`, `healthcare`, `public`; a list, joined with \"; \"", |_, a, _| Cell::list(&a.open_to)),
        column("service_areas", Text, "keys of `service_areas` in site.yaml; a list, joined with \"; \"", |_, a, _| {
            Cell::list(&a.service_areas)
        }),
        column("services", Text, "what the actor offers, in the file's language; a list, joined with \"; \"", |_, _, t| Cell::list(t.services)),
        column("employees", Integer, "number of employees; empty when unknown", |_, a, _| {
            Cell::integer(a.figures.employees)
        }),
        column("founded", Integer, "the year founded; empty when unknown", |_, a, _| {
            Cell::integer(a.figures.founded)
        }),
        column("summary", Text, "one or two sentences, plain text", |_, _, t| Cell::text(t.summary)),
        column("url", Text, "the actor's page on this site (absolute when the site's `base_url` is)", |l, a, _| Cell::text(page_url(l, a))),
        column("logo", Text, "the address of the actor's logo; empty without one", |l, a, _| {
            Cell::text(logo_url(l, a).unwrap_or_default())
        }),
        column("reviewed", Text, "the day an editor last checked the record, yyyy-mm-dd; empty when never", |_, a, _| {
            Cell::text(a.provenance.reviewed.map(|d| d.to_string()).unwrap_or_default())
        }),
        column("sources", Text, "the addresses (URLs) of the record's sources; a list, joined with \"; \"", |_, a, _| {
            Cell::text(source_field(a, |s| &s.url))
        }),
        column("source_titles", Text, "the titles of the same sources, in the same order; a list, joined with \"; \" (titles that hold \"; \" themselves: see `sources` in actors.json)", |_, a, _| {
            Cell::text(source_field(a, |s| &s.title))
        }),
        column("employees_year", Integer, "the year `employees` refers to; empty when not given", |_, a, _| {
            Cell::integer(a.figures.employees_note.as_ref().and_then(|n| n.year))
        }),
        column("status", Text, "`active`, `closed`, `merged` or `acquired`", |_, a, _| Cell::text(a.life.status.as_str())),
        column("closed", Text, "when it closed, merged or was bought: a year or yyyy-mm-dd; empty when active", |_, a, _| {
            Cell::text(a.life.closed.map(|w| w.to_string()).unwrap_or_default())
        }),
        column("successor", Text, "the slug of the actor it became; empty when none", |_, a, _| Cell::optional(&a.life.successor)),
        column("acquired_by", Text, "the slug of the actor that bought it; empty when none", |_, a, _| {
            Cell::optional(&a.life.acquired_by)
        }),
        column("sites", Text, "an actor's sites when its record gives `sites`, as in actors.json: a JSON list of `{approximate, campus, label, lat, lon}` (the first is `lat`, `lon`); empty for an actor at one place", |_, a, _| {
            Cell::text(if a.sites.is_empty() { String::new() } else { sites_value(a).to_string() })
        }),
    ]
};

impl Column {
    /// The column named `name`, if any.
    pub fn named(name: &str) -> Option<&'static Column> {
        COLUMNS.iter().find(|c| c.name == name)
    }

    /// What this column holds for actor `a` in `l`'s language, as plain text: its cell in
    /// `actors.csv` before the guard against formulas (that guard is for spreadsheets).
    pub fn text(&self, l: &Lang<'_>, a: &Actor) -> String {
        let t = a.text_ref(l.lang, l.default_lang);
        match (self.value)(l, a, &t) {
            Cell::Text(s) => s.into_owned(),
            Cell::Number(s) => s,
        }
    }
}

/// An actor's sites (`sites:`) as the exports give them: `[]` for an actor at one place.
pub fn sites_value(a: &Actor) -> Value {
    Value::Array(
        a.sites
            .iter()
            .map(|s| {
                json!({
                    "approximate": s.approximate,
                    "campus": s.campus,
                    "label": s.label,
                    "lat": s.position.map(|p| round(p.lat)),
                    "lon": s.position.map(|p| round(p.lon)),
                })
            })
            .collect(),
    )
}

/// One field of each of the actor's sources, joined as a CSV list.
fn source_field(a: &Actor, field: fn(&crate::model::Source) -> &String) -> String {
    let fields: Vec<&str> = a
        .provenance
        .sources
        .iter()
        .map(|s| field(s).as_str())
        .collect();
    fields.join(CSV_LIST_SEPARATOR)
}

/// The table of the columns of `actors.csv` in docs/DATA.md (a test holds the file to it).
pub fn columns_markdown() -> String {
    let mut md = String::from("| column | type | meaning |\n|---|---|---|\n");
    for c in &COLUMNS {
        md.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.name,
            c.kind.as_str(),
            c.description
        ));
    }
    md
}

/// The names of the columns of `actors.csv`, in order.
pub fn csv_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS.iter().map(|c| c.name)
}

fn pretty(v: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The absolute URL of an actor's page (a path under the base path when the site has no
/// absolute `base_url`).
fn page_url(l: &Lang<'_>, a: &Actor) -> String {
    l.urls.absolute(&l.urls.link(&urls::actor(&a.slug)))
}

fn logo_url(l: &Lang<'_>, a: &Actor) -> Option<String> {
    l.index
        .logos
        .get(a.slug.as_str())
        .map(|(path, _)| l.urls.absolute(&l.urls.asset(path)))
}

/// One cell of `actors.csv`. Text becomes a cell only through [`csv_record`], which guards
/// every text cell against formulas, so no column can miss the guard; numbers can only be
/// made from numbers, so their minus sign stays.
enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(String),
}

impl<'a> Cell<'a> {
    fn text(s: impl Into<std::borrow::Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    fn optional(s: &'a Option<String>) -> Cell<'a> {
        Cell::text(s.as_deref().unwrap_or(""))
    }

    fn list(items: &[String]) -> Cell<'a> {
        Cell::Text(items.join(CSV_LIST_SEPARATOR).into())
    }

    /// A coordinate, to 5 decimals (about a metre); empty when unknown.
    fn degrees(x: Option<f64>) -> Cell<'a> {
        Cell::Number(x.map(|v| format!("{v:.5}")).unwrap_or_default())
    }

    fn integer(n: Option<impl itoa::Integer>) -> Cell<'a> {
        Cell::Number(
            n.map(|n| itoa::Buffer::new().format(n).to_string())
                .unwrap_or_default(),
        )
    }

    /// What is written: a text that a spreadsheet would take for a formula (starting with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, the OWASP
    /// advice against CSV injection.
    fn written(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                format!("'{s}").into()
            }
            Cell::Text(s) => s.as_ref().into(),
            Cell::Number(s) => s.as_str().into(),
        }
    }
}

/// `data/actors.csv`: one row per actor, RFC 4180 (comma, double quotes, CRLF), UTF-8 with a
/// byte-order mark so that spreadsheet programs detect the encoding.
pub fn actors_csv(l: &Lang<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut problem = None;
    let rows = in_chunks(&l.site.actors, |a| csv_row(l, a))
        .map_while(|r| r.map_err(|e| problem = Some(e)).ok());
    let bytes = csv_file(rows, 0)?;
    match problem {
        Some(e) => Err(e),
        None => Ok(bytes),
    }
}

/// `actors.csv` from its rows ([`csv_row`]), in order.
pub fn csv_file(
    rows: impl Iterator<Item = impl AsRef<[u8]>>,
    size: usize,
) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::with_capacity(size + 512);
    bytes.extend_from_slice(b"\xEF\xBB\xBF");
    bytes.extend(csv_record(&COLUMNS.map(|c| Cell::text(c.name)))?);
    for row in rows {
        bytes.extend_from_slice(row.as_ref());
    }
    Ok(bytes)
}

/// One record of `actors.csv`: the one place where cells are written.
fn csv_record(fields: &[Cell<'_>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(fields.iter().map(|c| c.written().into_owned()))?;
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One actor's row of `actors.csv`, with its line end.
pub fn csv_row(l: &Lang<'_>, a: &Actor) -> Result<Vec<u8>, csv::Error> {
    let t = a.text_ref(l.lang, l.default_lang);
    csv_record(&COLUMNS.each_ref().map(|c| (c.value)(l, a, &t)))
}

/// `data/actors.json`: every actor with all its public fields, in this language.
pub fn actors_json(l: &Lang<'_>) -> Vec<u8> {
    actors_json_file(l, in_chunks(&l.site.actors, |a| actor_json(l, a)), 0)
}

/// `actors.json` from its entries ([`actor_json`]), in order: the same bytes as serialising
/// the whole file at once.
pub fn actors_json_file(
    l: &Lang<'_>,
    pieces: impl Iterator<Item = impl AsRef<[u8]>>,
    size: usize,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct File {
        actors: [(); 0],
        ecoatlas: Value,
    }
    let empty = serde_json::to_vec_pretty(&File {
        actors: [],
        ecoatlas: meta(l, "actors"),
    })
    .unwrap_or_default();
    let mut bytes = splice_list(
        &empty,
        b"\"actors\": [",
        (b"\n    ", b",\n    ", b"\n  "),
        pieces,
        size,
    );
    bytes.push(b'\n');
    bytes
}

/// One actor's entry of `actors.json`, indented as in the file. (Fields are declared in
/// alphabetical order: the order the file has always had.)
pub fn actor_json(l: &Lang<'_>, a: &Actor) -> Vec<u8> {
    #[derive(Serialize)]
    struct ActorOut<'a> {
        access: Access<'a>,
        acquired_by: &'a Option<String>,
        address: &'a Option<String>,
        campuses: &'a [String],
        closed: Option<crate::model::When>,
        contacts: Vec<ContactOut<'a>>,
        email: &'a Option<String>,
        equipment: &'a [String],
        figures: Figures<'a>,
        logo: Option<String>,
        name: &'a str,
        position: Option<Position>,
        relations: Vec<RelationOut<'a>>,
        reviewed: Option<String>,
        sectors: &'a [String],
        service_areas: &'a [String],
        services: &'a [String],
        sites: Value,
        slug: &'a str,
        sources: &'a [crate::model::Source],
        status: &'a str,
        successor: &'a Option<String>,
        summary: &'a str,
        tags: &'a [String],
        text_language: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        url: String,
        website: &'a Option<String>,
    }
    #[derive(Serialize)]
    struct Access<'a> {
        contact: Option<AccessContactOut<'a>>,
        how: Option<&'a String>,
        open_to: &'a [String],
        steps: &'a [String],
        terms: Option<&'a String>,
    }
    #[derive(Serialize)]
    struct AccessContactOut<'a> {
        email: &'a Option<String>,
        name: &'a Option<String>,
        phone: &'a Option<String>,
        role: Option<String>,
        url: &'a Option<String>,
    }
    #[derive(Serialize)]
    struct ContactOut<'a> {
        email: &'a Option<String>,
        name: &'a str,
        phone: &'a Option<String>,
        role: Option<String>,
    }
    #[derive(Serialize)]
    struct Figures<'a> {
        employees: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        employees_source: Option<&'a crate::model::Source>,
        #[serde(skip_serializing_if = "Option::is_none")]
        employees_year: Option<i32>,
        founded: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        founded_source: Option<&'a crate::model::Source>,
    }
    #[derive(Serialize)]
    struct Position {
        approximate: bool,
        lat: f64,
        lon: f64,
    }
    #[derive(Serialize)]
    struct RelationOut<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        since: Option<crate::model::When>,
        target: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<crate::model::When>,
    }
    let t = a.text_ref(l.lang, l.default_lang);
    struct Notes<'a> {
        employees: Option<&'a crate::model::FigureNote>,
        founded: Option<&'a crate::model::FigureNote>,
    }
    let note = Notes {
        employees: a.figures.employees_note.as_ref(),
        founded: a.figures.founded_note.as_ref(),
    };
    let out = ActorOut {
        access: Access {
            contact: a.access_contact.as_ref().map(|c| AccessContactOut {
                email: &c.email,
                name: &c.name,
                phone: &c.phone,
                role: c.role.as_ref().map(|r| l.text(r)),
                url: &c.url,
            }),
            how: t.access_how,
            open_to: &a.open_to,
            steps: t.access_steps,
            terms: t.terms,
        },
        acquired_by: &a.life.acquired_by,
        address: &a.facts.address,
        campuses: &a.campuses,
        closed: a.life.closed,
        contacts: a
            .contacts
            .iter()
            .map(|c| ContactOut {
                email: &c.email,
                name: &c.name,
                phone: &c.phone,
                role: c.role.as_ref().map(|r| l.text(r)),
            })
            .collect(),
        email: &a.facts.email,
        equipment: t.equipment,
        figures: Figures {
            employees: a.figures.employees,
            employees_source: note.employees.and_then(|n| n.source.as_ref()),
            employees_year: note.employees.and_then(|n| n.year),
            founded: a.figures.founded,
            founded_source: note.founded.and_then(|n| n.source.as_ref()),
        },
        logo: logo_url(l, a),
        name: t.name,
        position: a.position.map(|p| Position {
            approximate: a.approximate,
            lat: round(p.lat),
            lon: round(p.lon),
        }),
        relations: a
            .relations
            .iter()
            .map(|r| RelationOut {
                since: r.since,
                target: &r.target,
                kind: &r.kind,
                until: r.until,
            })
            .collect(),
        reviewed: a.provenance.reviewed.map(|d| d.to_string()),
        sectors: &a.sectors,
        service_areas: &a.service_areas,
        services: t.services,
        sites: sites_value(a),
        slug: &a.slug,
        sources: &a.provenance.sources,
        status: a.life.status.as_str(),
        successor: &a.life.successor,
        summary: t.summary,
        tags: &a.tags,
        text_language: if a.text.has(l.lang) {
            l.lang
        } else {
            l.default_lang
        },
        kind: &a.kind,
        url: page_url(l, a),
        website: &a.facts.website,
    };
    nested(&out)
}

/// The relation types with their labels in this language, as `relations.json` gives them.
pub fn relation_types(l: &Lang<'_>) -> serde_json::Map<String, Value> {
    l.config()
        .relation_types
        .iter()
        .map(|(k, rt)| {
            (
                k.clone(),
                json!({"label": l.text(&rt.label), "reverse": l.text(&rt.reverse)}),
            )
        })
        .collect()
}

/// `data/datapackage.json`: a Frictionless Data Package (v1) naming every data file of this
/// language, its format and schema version, with a Table Schema for `actors.csv`.
pub fn datapackage(l: &Lang<'_>) -> Vec<u8> {
    let c = l.config();
    let fields: Vec<Value> = COLUMNS
        .iter()
        .map(|c| json!({"name": c.name, "type": c.kind.as_str(), "description": c.description}))
        .collect();
    let resource = |name: &str, path: &str, format: &str, mediatype: &str| {
        json!({
            "name": name,
            "path": path,
            "format": format,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "ecoatlas_schema_version": SCHEMA_VERSION,
        })
    };
    let mut csv = resource("actors-csv", "actors.csv", "csv", "text/csv");
    csv["profile"] = json!("tabular-data-resource");
    csv["dialect"] =
        json!({"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true});
    csv["schema"] = json!({"fields": fields, "primaryKey": "slug"});
    let mut indicators_csv = resource("indicators-csv", "indicators.csv", "csv", "text/csv");
    indicators_csv["profile"] = json!("tabular-data-resource");
    indicators_csv["dialect"] = csv["dialect"].clone();
    indicators_csv["schema"] = json!({
        "fields": super::indicators::CSV_FIELDS
            .iter()
            .map(|(name, kind, description)| json!({"name": name, "type": kind, "description": description}))
            .collect::<Vec<_>>(),
        "primaryKey": ["indicator", "scope", "year"],
    });
    let mut package = json!({
        "profile": "data-package",
        "name": format!("{}-{}", crate::slug::slugify(c.title.get(l.default_lang, l.default_lang)), l.lang),
        "title": l.text(&c.title),
        "description": l.text(&c.description),
        "homepage": l.urls.absolute(&l.urls.link("")),
        "ecoatlas": meta(l, "datapackage"),
        "resources": [
            csv,
            resource("actors-json", "actors.json", "json", "application/json"),
            resource("actors-geojson", "actors.geojson", "geojson", "application/geo+json"),
            resource("campuses-geojson", "campuses.geojson", "geojson", "application/geo+json"),
            resource("relations", "relations.json", "json", "application/json"),
            resource("stats", "stats.json", "json", "application/json"),
            indicators_csv,
            resource("indicators-json", "indicators.json", "json", "application/json"),
        ],
    });
    if let Some(licence) = c.licence() {
        package["licenses"] =
            json!([{"name": licence.id, "path": licence.url, "title": licence.name}]);
    }
    pretty(&package)
}

#[cfg(test)]
mod tests {
    use super::{csv_record, Cell};

    /// docs/DATA.md's table of the CSV's columns is [`super::columns_markdown`]; with
    /// `ECOATLAS_BLESS=1` the test writes it there.
    #[test]
    fn the_column_table_in_data_md_is_the_columns() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DATA.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let (begin, end) = ("<!-- columns: begin -->\n", "<!-- columns: end -->");
        let from = doc.find(begin).expect("the begin marker in docs/DATA.md") + begin.len();
        let to = doc[from..]
            .find(end)
            .expect("the end marker in docs/DATA.md")
            + from;
        let want = super::columns_markdown();
        if doc[from..to] != want && std::env::var_os("ECOATLAS_BLESS").is_some() {
            std::fs::write(&path, format!("{}{want}{}", &doc[..from], &doc[to..])).unwrap();
            return;
        }
        assert_eq!(
            doc[from..to],
            want,
            "docs/DATA.md's column table is stale: run `ECOATLAS_BLESS=1 cargo test --lib the_column_table`"
        );
    }

    #[test]
    fn cells_that_look_like_formulas_are_defused() {
        let written = |c: Cell<'_>| c.written().into_owned();
        assert_eq!(
            written(Cell::text("=HYPERLINK(\"x\")")),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(written(Cell::text("-1+1")), "'-1+1");
        assert_eq!(written(Cell::text("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(
            written(Cell::text("Karolinska Institutet")),
            "Karolinska Institutet"
        );
        assert_eq!(written(Cell::list(&["+46".into(), "x".into()])), "'+46; x");
        // Numbers keep their sign: they are made from numbers only.
        assert_eq!(written(Cell::degrees(Some(-33.8688))), "-33.86880");
        assert_eq!(written(Cell::integer(Some(-5i32))), "-5");
        assert_eq!(written(Cell::integer(None::<u64>)), "");
        // Through the one writer of records, as every row is written.
        let row = csv_record(&[Cell::text("a"), Cell::text("=1+2@example.org")]).unwrap();
        assert_eq!(row, b"a,'=1+2@example.org\r\n");
    }

    #[test]
    fn every_text_column_of_an_actor_is_guarded_the_email_too() {
        // `=1+2@example.org` is a valid address (RFC 5322 allows `=` and `+` before the `@`).
        assert!(crate::validate::is_email("=1+2@example.org"));
        let mut site = crate::render::map::data::tests::three_microscopy_labs();
        let a = &mut site.actors[0];
        a.facts.email = Some("=1+2@example.org".into());
        a.facts.address = Some("@home".into());
        let row = crate::render::map::data::tests::with_lang(&site, "sv", |l| {
            super::csv_row(l, &l.site.actors[0]).unwrap()
        });
        let row = String::from_utf8(row).unwrap();
        assert!(row.contains(",'=1+2@example.org,"), "{row}");
        assert!(row.contains(",'@home,"), "{row}");
    }
}
