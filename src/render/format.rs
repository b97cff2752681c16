//! Numbers as readers of each language write them: `12 345,6` in Swedish, `12,345.6` in English.

/// (thousands separator, decimal separator) for `lang`.
fn separators(lang: &str) -> (&'static str, &'static str) {
    match lang {
        // A no-break space keeps the digits of one number on one line.
        "sv" | "fi" | "nb" | "nn" | "no" | "da" | "fr" | "pl" | "cs" | "et" => ("\u{a0}", ","),
        "de" | "nl" | "es" | "it" | "pt" => (".", ","),
        _ => (",", "."),
    }
}

/// An integer with thousands separators. Four-digit numbers stay unbroken (`2025`, `1500`), as
/// Swedish and English style guides both allow; years never get separators either way.
pub fn int(n: u64, lang: &str) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let (sep, _) = separators(lang);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A non-negative number with `decimals` decimals.
pub fn decimal(x: f64, decimals: usize, lang: &str) -> String {
    let text = format!("{:.*}", decimals, x.max(0.0));
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let whole = int(whole.parse().unwrap_or(0), lang);
    if frac.is_empty() {
        whole
    } else {
        format!("{whole}{}{frac}", separators(lang).1)
    }
}

/// `text` with its first letter in upper case (for labels that stand alone, such as audiences
/// written for use inside a sentence).
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_numbers() {
        assert_eq!(int(1810, "sv"), "1810");
        assert_eq!(int(12_345, "sv"), "12\u{a0}345");
        assert_eq!(int(1_234_567, "en"), "1,234,567");
        assert_eq!(decimal(0.456, 2, "sv"), "0,46");
        assert_eq!(decimal(12_345.5, 1, "en"), "12,345.5");
        assert_eq!(decimal(3.0, 0, "en"), "3");
        assert_eq!(upper_first("små företag"), "Små företag");
    }
}
