//! Where every generated page lives, as site-relative paths and as links.

/// URLs in one language of the site.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `/` or `/atlas/`.
    pub base_path: String,
    /// `https://example.org/atlas` (no trailing slash) when base_url is absolute.
    pub absolute_base: Option<String>,
    /// `""` for the default language, `"en/"` for others.
    pub lang_prefix: String,
}

impl Urls {
    pub fn new(
        base_path: &str,
        absolute_base: Option<String>,
        lang: &str,
        default_lang: &str,
    ) -> Urls {
        let lang_prefix = if lang == default_lang {
            String::new()
        } else {
            format!("{lang}/")
        };
        Urls {
            base_path: base_path.to_string(),
            absolute_base,
            lang_prefix,
        }
    }

    /// The link to a path inside this language (`actors/ki/` → `/atlas/en/actors/ki/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{}{}", self.base_path, self.lang_prefix, path)
    }

    /// The link to a language-independent asset (`assets/site.css` → `/atlas/assets/site.css`).
    pub fn asset(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The absolute URL of a link, when the site knows its origin; else the link itself.
    pub fn absolute(&self, link: &str) -> String {
        match &self.absolute_base {
            Some(origin_and_path) => {
                let path = link
                    .strip_prefix(&self.base_path)
                    .unwrap_or(link.trim_start_matches('/'));
                format!("{origin_and_path}/{path}")
            }
            None => link.to_string(),
        }
    }

    /// The output file of a page path (`actors/ki/` → `en/actors/ki/index.html`).
    pub fn file(&self, path: &str) -> String {
        if path.is_empty() || path.ends_with('/') {
            format!("{}{}index.html", self.lang_prefix, path)
        } else {
            format!("{}{}", self.lang_prefix, path)
        }
    }
}

/// The embeddable map (`/embed/`, `/en/embed/`).
pub const EMBED: &str = "embed/";

pub fn actor(slug: &str) -> String {
    format!("actors/{slug}/")
}
pub fn campus(slug: &str) -> String {
    format!("campuses/{slug}/")
}
pub fn actor_type(key: &str) -> String {
    format!("types/{key}/")
}
pub fn sector(key: &str) -> String {
    format!("sectors/{key}/")
}
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}
pub fn news(slug: &str) -> String {
    format!("news/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_files_and_absolute_urls() {
        let en = Urls::new("/atlas/", Some("https://x.org/atlas".into()), "en", "sv");
        assert_eq!(en.link(&actor("ki")), "/atlas/en/actors/ki/");
        assert_eq!(en.file(&actor("ki")), "en/actors/ki/index.html");
        assert_eq!(en.file(""), "en/index.html");
        assert_eq!(en.file("404.html"), "en/404.html");
        assert_eq!(en.asset("assets/site.css"), "/atlas/assets/site.css");
        assert_eq!(
            en.absolute("/atlas/en/actors/ki/"),
            "https://x.org/atlas/en/actors/ki/"
        );
        let sv = Urls::new("/", None, "sv", "sv");
        assert_eq!(sv.link(""), "/");
        assert_eq!(sv.absolute("/actors/ki/"), "/actors/ki/");
    }
}
