//! Where a record's facts come from and when an editor last checked them: `sources:` and
//! `reviewed:` on every kind of record, and a figure's own year and source
//! (`employees: {value: 1200, year: 2024, source: {title, url}}`).

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// A public source of what a record says (an item of `sources:`, or a figure's `source`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the source is called (the page's or document's title).
    pub title: String,
    /// Where it can be read (http or https).
    pub url: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published: yyyy-mm-dd, yyyy-mm or yyyy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "source_date_schema")]
    pub date: Option<String>,
}

/// A source's `date` as records may write it: a year may stand unquoted (`date: 2018`), as
/// `check` reads it.
fn source_date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "When it was published: yyyy-mm-dd, yyyy-mm or yyyy.",
        "anyOf": [
            {"type": "integer", "minimum": 1000, "maximum": 2100},
            {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"},
            {"type": "null"}
        ]
    })
}

/// A record's sources and the day it was last reviewed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    pub sources: Vec<Source>,
    /// The day an editor last checked the record (`reviewed:`), when given and a real day.
    pub reviewed: Option<Date>,
}

/// The year a figure refers to and where it was published (`{value, year, source}`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureNote {
    pub year: Option<i32>,
    pub source: Option<Source>,
}

/// A figure as a record writes it: a plain number, or the number with its year and source.
/// (Read by [`plain_or_noted`], so that a wrong number is reported as a wrong number.)
#[derive(Debug, Clone, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FigureValue<T> {
    Plain(T),
    Noted(NotedFigure<T>),
}

/// `{value: 1200, year: 2024, source: {title: ..., url: ...}}`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotedFigure<T> {
    pub value: T,
    /// The year the number refers to.
    #[serde(default)]
    pub year: Option<i32>,
    /// Where the number was published.
    #[serde(default)]
    pub source: Option<Source>,
}

impl<T> FigureValue<T> {
    /// The number, and what is said about it (nothing for a plain number).
    pub fn split(self) -> (T, Option<FigureNote>) {
        match self {
            FigureValue::Plain(v) => (v, None),
            FigureValue::Noted(n) => (
                n.value,
                (n.year.is_some() || n.source.is_some()).then_some(FigureNote {
                    year: n.year,
                    source: n.source,
                }),
            ),
        }
    }
}

/// A year as a record writes it (`founded`): a plain year, or the year with its source.
#[derive(Debug, Clone, schemars::JsonSchema)]
#[serde(untagged)]
pub enum YearValue {
    Plain(i32),
    Noted(NotedYear),
}

/// `{value: 1810, source: {title: ..., url: ...}}`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotedYear {
    pub value: i32,
    /// Where the year was published.
    #[serde(default)]
    pub source: Option<Source>,
}

impl YearValue {
    /// The year, and its source (nothing for a plain year).
    pub fn split(self) -> (i32, Option<FigureNote>) {
        match self {
            YearValue::Plain(y) => (y, None),
            YearValue::Noted(n) => (
                n.value,
                n.source.map(|source| FigureNote {
                    year: None,
                    source: Some(source),
                }),
            ),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for FigureValue<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match plain_or_noted::<D, T, NotedFigure<T>>(d)? {
            PlainOr::Plain(v) => FigureValue::Plain(v),
            PlainOr::Noted(n) => FigureValue::Noted(n),
        })
    }
}

impl<'de> Deserialize<'de> for YearValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match plain_or_noted::<D, i32, NotedYear>(d)? {
            PlainOr::Plain(v) => YearValue::Plain(v),
            PlainOr::Noted(n) => YearValue::Noted(n),
        })
    }
}

enum PlainOr<P, N> {
    Plain(P),
    Noted(N),
}

/// A mapping is read as `N`, anything else as `P`, so that each form's own mistakes are
/// reported (`invalid type: string "många", expected u64`, `unknown field `yaer``) rather
/// than that the value matches neither.
fn plain_or_noted<'de, D, P, N>(d: D) -> Result<PlainOr<P, N>, D::Error>
where
    D: serde::Deserializer<'de>,
    P: Deserialize<'de>,
    N: Deserialize<'de>,
{
    use serde::de::{self, IntoDeserializer};
    struct Visit<P, N>(std::marker::PhantomData<(P, N)>);
    impl<'de, P: Deserialize<'de>, N: Deserialize<'de>> de::Visitor<'de> for Visit<P, N> {
        type Value = PlainOr<P, N>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a number, or {value: ..., source: ...}")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            P::deserialize(v.into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            P::deserialize(v.into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            P::deserialize(v.into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            P::deserialize(v.into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            P::deserialize(v.into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            P::deserialize(().into_deserializer()).map(PlainOr::Plain)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            P::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(PlainOr::Plain)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            N::deserialize(de::value::MapAccessDeserializer::new(map)).map(PlainOr::Noted)
        }
    }
    d.deserialize_any(Visit(std::marker::PhantomData))
}

/// A source's `date` is a day, a month or a year: `2024-05-02`, `2024-05` or `2024`.
pub fn is_source_date(s: &str) -> bool {
    let year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
    match s.len() {
        4 => year(s),
        7 => {
            let month = s[5..].parse::<u32>().unwrap_or(0);
            year(&s[..4]) && s.as_bytes()[4] == b'-' && (1..=12).contains(&month)
        }
        _ => Date::parse(s).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_dates_are_days_months_or_years() {
        for good in ["2024", "2024-05", "2024-05-02"] {
            assert!(is_source_date(good), "{good}");
        }
        for bad in [
            "24",
            "2024-13",
            "2024-5",
            "2024-02-30",
            "maj 2024",
            "2024-05-02x",
        ] {
            assert!(!is_source_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_figure_is_a_number_or_a_number_with_its_year_and_source() {
        let plain: FigureValue<u64> = serde_yaml::from_str("1200").unwrap();
        assert_eq!(plain.split(), (1200, None));
        let noted: FigureValue<u64> = serde_yaml::from_str(
            "{value: 1200, year: 2024, source: {title: Årsredovisning, url: https://example.org/ar}}",
        )
        .unwrap();
        let (n, note) = noted.split();
        assert_eq!(n, 1200);
        let note = note.unwrap();
        assert_eq!(note.year, Some(2024));
        assert_eq!(note.source.unwrap().url, "https://example.org/ar");
        let bare: FigureValue<u64> = serde_yaml::from_str("{value: 7}").unwrap();
        assert_eq!(bare.split(), (7, None));
        // Each form's own mistake, not "matches no variant".
        let words = serde_yaml::from_str::<FigureValue<u64>>("många").unwrap_err();
        assert!(words.to_string().contains("expected u64"), "{words}");
        let typo = serde_yaml::from_str::<FigureValue<u64>>("{value: 7, yaer: 2024}").unwrap_err();
        assert!(typo.to_string().contains("unknown field `yaer`"), "{typo}");
        let year: YearValue =
            serde_yaml::from_str("{value: 1810, source: {title: T, url: https://example.org}}")
                .unwrap();
        assert_eq!(year.split().0, 1810);
    }
}
