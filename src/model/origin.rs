//! Where a record came from: its file, and the line of each of its top-level fields, for
//! diagnostics.

use std::path::Path;
use std::sync::Arc;

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

/// Every top-level field of every kind of record (a test holds this to the record types), so
/// that an [`Origin`] names its fields by number. Keys that are none of these are no fields of
/// a record that loaded, so nothing asks for their lines.
pub const FIELD_NAMES: [&str; 39] = [
    "access",
    "acquired_by",
    "actors",
    "address",
    "campus",
    "campuses",
    "closed",
    "contacts",
    "coordinates",
    "date",
    "description",
    "email",
    "equipment",
    "event",
    "figures",
    "geometry",
    "layout",
    "location",
    "logo",
    "menu",
    "municipality",
    "name",
    "properties",
    "relations",
    "reviewed",
    "sectors",
    "service_areas",
    "services",
    "sites",
    "sources",
    "specialties",
    "status",
    "successor",
    "summary",
    "tags",
    "terms",
    "title",
    "type",
    "website",
];

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
        assert!(crate::load::campuses::FIELDS
            .iter()
            .all(|f| FIELD_NAMES.contains(f)));
    }
}
