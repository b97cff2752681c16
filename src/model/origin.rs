//! Where a record came from: its file, and the line of each of its top-level fields, for
//! diagnostics.

use std::path::Path;
use std::sync::{Arc, LazyLock};

/// Where a record came from, and on which lines its fields stand, for diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// Shared with the record's [`super::BodySource`]s.
    pub file: Arc<Path>,
    /// The line of each top-level field, the field named by its place in [`FIELD_NAMES`].
    field_lines: Box<[(u8, u32)]>,
}

impl Default for Origin {
    fn default() -> Self {
        Origin::new(Arc::from(Path::new("")), [])
    }
}

/// Every top-level field of every kind of record that keeps an [`Origin`], so that an origin
/// names its fields by number: the fields serde reads for each record type (a field added to
/// a record type is here with no more ado) and a campus's fields. Keys that are none of these
/// are no fields of a record that loaded, so nothing asks for their lines.
pub static FIELD_NAMES: LazyLock<Box<[&'static str]>> = LazyLock::new(|| {
    use crate::load::actor_record::{ActorRecord, TranslationRecord};
    use crate::load::pages::{NewsRecord, PageRecord, TranslatedText};
    let mut names = [
        serde_fields::<ActorRecord>(),
        serde_fields::<TranslationRecord>(),
        serde_fields::<PageRecord>(),
        serde_fields::<NewsRecord>(),
        serde_fields::<TranslatedText>(),
        &crate::load::campuses::FIELDS,
    ]
    .concat();
    names.sort_unstable();
    names.dedup();
    names.into()
});

/// The names of the fields that serde reads for the struct `T`, as its derived
/// `Deserialize` hands them to the deserializer (empty for a type that is no plain struct).
fn serde_fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{value::Error, Error as _, Visitor};
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom(
                "only the names of a struct's fields are asked for",
            ))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            *self.0 = fields;
            self.deserialize_any(visitor)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

impl Origin {
    /// The origin of a record in `file` whose fields stand on the given (1-based) lines.
    pub fn new<'a>(file: Arc<Path>, lines: impl IntoIterator<Item = (&'a str, usize)>) -> Origin {
        let field_lines = lines
            .into_iter()
            .filter_map(|(field, line)| {
                let i = FIELD_NAMES.iter().position(|f| *f == field)?;
                Some((u8::try_from(i).ok()?, u32::try_from(line).ok()?))
            })
            .collect();
        Origin { file, field_lines }
    }

    /// The 1-based line of `field` in the record (the record's first line when unknown).
    pub fn line_of(&self, field: &str) -> usize {
        let top = field.split(['.', '[']).next().unwrap_or(field);
        let line = |name: &str| {
            self.field_lines
                .iter()
                .find(|(f, _)| FIELD_NAMES[usize::from(*f)] == name)
                .map(|(_, l)| *l as usize)
        };
        line(field).or_else(|| line(top)).unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_find_the_lines_of_fields_and_their_parents() {
        let o = Origin::new(
            Arc::from(Path::new("a.md")),
            [("name", 2), ("relations", 7), ("not-a-field", 9)],
        );
        assert_eq!(o.line_of("name"), 2);
        assert_eq!(o.line_of("relations[1].target"), 7);
        assert_eq!(o.line_of("summary"), 1);
        assert_eq!(o.line_of("not-a-field"), 1);
    }

    #[test]
    fn field_names_hold_every_top_level_field_of_every_record() {
        let mut checked = 0;
        for (name, schema) in crate::schema::schemas() {
            let Some(props) = schema["properties"].as_object() else {
                continue;
            };
            // site.yaml and indicators have no origin (an indicator is checked whole while
            // loading); a campus's fields are the fixed list below.
            if name.starts_with("site")
                || name.starts_with("campus")
                || name.starts_with("indicator")
            {
                continue;
            }
            for field in props.keys() {
                assert!(
                    FIELD_NAMES.contains(&field.as_str()),
                    "`{field}` of {name} is missing from FIELD_NAMES"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} fields checked");
        // An origin numbers its fields with a byte.
        assert!(
            FIELD_NAMES.len() <= usize::from(u8::MAX),
            "{}",
            FIELD_NAMES.len()
        );
        for f in [
            "type",
            "website",
            "location",
            "coordinates",
            "layout",
            "event",
        ] {
            assert!(FIELD_NAMES.contains(&f), "{f}");
        }
        // A plain fact is read under its own name (the import and the pages rely on it).
        for f in crate::model::Facts::FIELDS {
            assert!(FIELD_NAMES.contains(f), "the fact `{f}` is renamed");
        }
        assert!(crate::load::campuses::FIELDS
            .iter()
            .all(|f| FIELD_NAMES.contains(f)));
    }
}
