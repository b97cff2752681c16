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
            // Already lower case, and its own transliteration (a quick path: most names are
            // ASCII, and deunicode's result would be lowercased through a new string).
            _ if c == ' ' || c.is_ascii_graphic() => key.push(c),
            _ => {
                let ascii = deunicode::deunicode_char(c).unwrap_or("");
                key.extend(ascii.chars().flat_map(char::to_lowercase));
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sort_key` keeps printable ASCII as it is without asking deunicode, which gives the same
    /// (and drops control characters).
    #[test]
    fn ascii_is_its_own_transliteration() {
        for c in (0u8..128)
            .map(char::from)
            .filter(|c| !c.is_ascii_uppercase())
        {
            let ascii = deunicode::deunicode_char(c).unwrap_or("").to_lowercase();
            let kept = if c == ' ' || c.is_ascii_graphic() {
                c.to_string()
            } else {
                String::new()
            };
            assert_eq!(ascii, kept, "{c:?}");
        }
    }

    #[test]
    fn sort_keys_fold_case_and_accents() {
        assert_eq!(sort_key("en", "Ångström Lab"), "angstrom lab");
        assert_eq!(sort_key("sv", "Ångström Lab"), "{ngstr}m lab");
        assert_eq!(sort_key("en", "Æther Ørsted"), "aether orsted");
    }

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
