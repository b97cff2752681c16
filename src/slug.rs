//! Slugs: the stable, URL-safe names of records, derived from file names.

/// Turns a file stem (or any name) into a slug: lower-case ASCII letters and digits separated by
/// single hyphens. Letters outside ASCII are transliterated (`Södertälje` → `sodertalje`), so a
/// slug never depends on how an editor's file system normalises Unicode.
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A key that sorts names the way a reader of `lang` expects: case-insensitive, and in Swedish
/// with å, ä and ö after z (in that order), as in a Swedish dictionary.
pub fn sort_key(lang: &str, name: &str) -> String {
    let lower = name.to_lowercase();
    let mut key = String::with_capacity(lower.len());
    for c in lower.chars() {
        match (lang, c) {
            // `{`, `|` and `}` follow `z` in ASCII, so these letters sort after every z-word.
            ("sv", 'å') => key.push('{'),
            ("sv", 'ä' | 'æ') => key.push('|'),
            ("sv", 'ö' | 'ø') => key.push('}'),
            _ => key.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase()),
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_are_transliterated() {
        assert_eq!(slugify("Södertälje"), "sodertalje");
        assert_eq!(slugify("Ångström Laboratoriet"), "angstrom-laboratoriet");
        assert_eq!(slugify("Campus Flemingsberg"), "campus-flemingsberg");
    }

    #[test]
    fn punctuation_collapses_to_single_hyphens() {
        assert_eq!(
            slugify("  KTH -- Royal Inst. (Valhallavägen) "),
            "kth-royal-inst-valhallavagen"
        );
        assert_eq!(slugify("a_b.c"), "a-b-c");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn case_and_transliteration_collide_into_one_slug() {
        assert_eq!(slugify("Ki"), slugify("KI"));
        assert_eq!(slugify("Malmö"), slugify("malmo"));
    }

    #[test]
    fn swedish_sorting_puts_a_ring_after_z() {
        let mut names = vec!["Östra", "Zeta", "Ägir", "Alfa", "Åland"];
        names.sort_by_key(|n| sort_key("sv", n));
        assert_eq!(names, ["Alfa", "Zeta", "Åland", "Ägir", "Östra"]);
        names.sort_by_key(|n| sort_key("en", n));
        assert_eq!(names, ["Ägir", "Åland", "Alfa", "Östra", "Zeta"]);
    }
}
