//! An actor's life: whether it is still active, when it closed, what it became or who bought
//! it (`status`, `closed`, `successor`, `acquired_by`), and when a relation held (`since`,
//! `until`).

use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Whether an actor still exists as itself.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It is active (the default).
    #[default]
    Active,
    /// It was wound up.
    Closed,
    /// It merged into another actor (its `successor`).
    Merged,
    /// It was bought by another actor (`acquired_by`).
    Acquired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Closed => "closed",
            Status::Merged => "merged",
            Status::Acquired => "acquired",
        }
    }
}

/// A point in time that records give either as a year or as a day: `2019` or `2019-06-30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Year(i32),
    Day(Date),
}

impl When {
    pub fn year(self) -> i32 {
        match self {
            When::Year(y) => y,
            When::Day(d) => d.year,
        }
    }

    /// Could `self` lie before `other`, as far as the two say? (Only what is certainly earlier
    /// counts: 2019 is not before 2019-06-30.)
    pub fn surely_before(self, other: When) -> bool {
        match (self, other) {
            (When::Day(a), When::Day(b)) => a < b,
            _ => self.year() < other.year(),
        }
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Year(y) => write!(f, "{y}"),
            When::Day(d) => write!(f, "{d}"),
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            When::Year(y) => s.serialize_i32(*y),
            When::Day(d) => s.collect_str(d),
        }
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, Unexpected};
        struct Visit;
        impl de::Visitor<'_> for Visit {
            type Value = When;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a year (2019) or a day (2019-06-30)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<When, E> {
                i32::try_from(v)
                    .ok()
                    .filter(|y| (1000..=2100).contains(y))
                    .map(When::Year)
                    .ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<When, E> {
                match i64::try_from(v) {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<When, E> {
                let v = v.trim();
                if let Some(day) = Date::parse(v) {
                    return Ok(When::Day(day));
                }
                match v.parse::<i64>() {
                    Ok(y) if v.len() == 4 => self.visit_i64(y),
                    _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(Visit)
    }
}

impl schemars::JsonSchema for When {
    fn schema_name() -> Cow<'static, str> {
        "YearOrDay".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A year (2019) or a day (2019-06-30).",
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 2100},
                {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
            ]
        })
    }
}

/// What a record says of an actor's life.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Life {
    pub status: Status,
    pub closed: Option<When>,
    /// The actor it became (merged into, or was replaced by).
    pub successor: Option<String>,
    /// The actor that bought it.
    pub acquired_by: Option<String>,
}

impl Life {
    /// Has the actor ceased to exist as itself (closed, merged or acquired)? Such actors stay
    /// in the data and on their pages, and leave the map and the lists unless asked for.
    pub fn gone(&self) -> bool {
        self.status != Status::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_a_year_or_a_day() {
        let y: When = serde_yaml::from_str("2019").unwrap();
        assert_eq!(y, When::Year(2019));
        let d: When = serde_yaml::from_str("2019-06-30").unwrap();
        assert_eq!(d.to_string(), "2019-06-30");
        assert_eq!(
            serde_yaml::from_str::<When>("\"2019\"").unwrap(),
            When::Year(2019)
        );
        for bad in ["19", "2019-13-01", "juni 2019", "99999"] {
            let e = serde_yaml::from_str::<When>(bad).unwrap_err().to_string();
            assert!(e.contains("a year (2019) or a day"), "{bad}: {e}");
        }
        assert!(When::Year(2018).surely_before(When::Day(Date::parse("2019-01-01").unwrap())));
        assert!(!When::Year(2019).surely_before(When::Day(Date::parse("2019-06-30").unwrap())));
        assert!(!When::Day(Date::parse("2019-06-30").unwrap()).surely_before(When::Year(2019)));
    }
}
