//! Checking `site.yaml` once it is read: each problem at its key's line, with a hint. The
//! settings themselves are in [`super`].

use super::*;

impl SiteConfig {
    pub(super) fn check(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |field: &str, message: String| {
            file.error(message)
                .at(key_line(&file.text, 1, field), 1)
                .field(field.to_string())
        };
        if self.languages.is_empty() {
            out.push(at("languages", "at least one language is needed".into()));
        }
        out.extend(self.check_languages(file));
        if let Err(why) = check_base_url(&self.base_url) {
            out.push(
                at("base_url", format!("`{}` {why}", self.base_url))
                    .text(self.base_url.as_str())
                    .hint("for example https://example.org/atlas/ or /atlas/"),
            );
        }
        if !is_theme_name(&self.theme) {
            out.push(
                at(
                    "theme",
                    format!(
                        "`{}` is not the name of a folder in themes/",
                        self.theme
                    ),
                )
                .text(self.theme.as_str())
                .hint("a theme is a folder themes/<name>/ inside the site; give its name, without `/` or `..`"),
            );
        }
        let c = self.map.center;
        if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
            out.push(at(
                "map.center",
                format!("({}, {}) is not a position on Earth", c.lat, c.lon),
            ));
        }
        if self.map.min_zoom > self.map.max_zoom || self.map.max_zoom > 22 {
            out.push(at(
                "map.max_zoom",
                "zoom levels must satisfy min_zoom ≤ max_zoom ≤ 22".into(),
            ));
        }
        if let Some(b) = self.map.bounds {
            if b.west >= b.east || b.south >= b.north {
                out.push(at(
                    "map.bounds",
                    "bounds need west < east and south < north".into(),
                ));
            }
        }
        if let Some(id) = &self.data_licence {
            let exact = spdx::license_id(id.trim());
            if exact.is_none() {
                let ids = spdx::identifiers::LICENSES.iter().map(|l| l.name);
                let guess = licence(id.trim())
                    .map(|l| l.id)
                    .or_else(|| crate::diagnostic::did_you_mean(id.trim(), ids));
                let d = at(
                    "data_licence",
                    format!("`{id}` is not an SPDX licence identifier"),
                )
                .text(id.as_str());
                out.push(match guess {
                    Some(g) => d.hint(format!("did you mean `{g}`?")),
                    None => d.hint(
                        "name the licence by its SPDX identifier (https://spdx.org/licenses/), for example CC-BY-4.0 or CC0-1.0",
                    ),
                });
            }
        }
        if let Some(r) = &self.repository {
            let web = url::Url::parse(&r.url)
                .ok()
                .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
            if web.is_none() {
                out.push(
                    at(
                        "repository.url",
                        format!("`{}` is not a web address", r.url),
                    )
                    .text(r.url.as_str())
                    .hint("the repository's page, for example https://github.com/region/atlas"),
                );
            } else if r.forge().is_none() {
                out.push(
                    at(
                        "repository.url",
                        format!(
                            "which forge hosts `{}` cannot be told from its address",
                            r.url
                        ),
                    )
                    .hint("add `forge: github`, `gitlab`, `forgejo` or `gitea` under repository"),
                );
            }
            if r.path.split('/').any(|part| part == "..") || r.path.starts_with('/') {
                out.push(
                    at("repository.path", format!("`{}` is not a folder inside the repository", r.path))
                        .text(r.path.as_str())
                        .hint("give the site's folder relative to the repository's root, for example sites/stockholm"),
                );
            }
        }
        if let Some(t) = &self.tiles {
            if !t.url.starts_with("https://") && !t.url.starts_with("http://") {
                out.push(at(
                    "tiles.url",
                    "a tile URL must start with https://".into(),
                ));
            }
            if t.attribution.trim().is_empty() {
                out.push(at(
                    "tiles.attribution",
                    "tiles need the attribution their licence requires".into(),
                ));
            } else if let Some(message) = crate::attribution::lost_markup(&t.attribution) {
                out.push(
                    at("tiles.attribution", message).hint(crate::attribution::LOST_MARKUP_HINT),
                );
            }
        }
        if self.page_size == 0 {
            out.push(
                at(
                    "page_size",
                    "a page of a list must hold at least one actor".into(),
                )
                .hint(format!(
                    "leave page_size out for {DEFAULT_PAGE_SIZE}, or give a number such as 50"
                )),
            );
        }
        if self.actor_types.is_empty() {
            out.push(at(
                "actor_types",
                "the vocabulary of actor types is empty".into(),
            ));
        }
        if self.sectors.is_empty() {
            out.push(at("sectors", "the vocabulary of sectors is empty".into()));
        }
        let given = [
            ("key_figures.company_types", &self.key_figures.company_types),
            (
                "key_figures.infrastructure_types",
                &self.key_figures.infrastructure_types,
            ),
        ];
        for (field, list) in given {
            for key in list.iter().flatten() {
                if !self.actor_types.contains_key(key) {
                    let known = self.actor_types.keys().map(String::as_str);
                    let d = at(field, format!("`{key}` is not a key of actor_types"))
                        .text(key.as_str());
                    out.push(match crate::diagnostic::did_you_mean(key, known) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint("list keys of actor_types"),
                    });
                }
            }
        }
        if self.sectors.len() > MAX_SECTORS {
            out.push(at(
                "sectors",
                format!(
                    "{} sectors, but the map can filter on at most {}",
                    self.sectors.len(),
                    MAX_SECTORS
                ),
            ));
        }
        out.extend(self.check_indicator_settings(file));
        for (key, t) in &self.actor_types {
            if !is_hex_colour(&t.colour) {
                out.push(at(
                    "actor_types",
                    format!("actor type `{key}`: colour `{}` is not #rrggbb", t.colour),
                ));
            }
            if !MARKER_SHAPES.contains(&t.shape.as_str()) {
                let mut d = at(
                    &format!("actor_types.{key}"),
                    format!("actor type `{key}`: unknown shape `{}`", t.shape),
                );
                d = match crate::diagnostic::did_you_mean(&t.shape, MARKER_SHAPES) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("one of: {}", MARKER_SHAPES.join(", "))),
                };
                out.push(d);
            }
        }
        out
    }

    /// `peers:` and `key_figures.derived`.
    pub(super) fn check_indicator_settings(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let items = crate::source::list_item_lines(&file.text, 1, "peers");
        let peers_line = key_line(&file.text, 1, "peers");
        let at = |field: &str, i: usize, message: String| {
            file.error(message)
                .at(items.get(i).copied().unwrap_or(peers_line), 1)
                .field(format!("peers.{field}"))
        };
        let mut out = crate::indicator::check_peers(&self.peers, &at);
        use crate::indicator::derived::KINDS;
        for kind in self.key_figures.derived.iter().flat_map(|d| d.keys()) {
            if !KINDS.contains(&kind.as_str()) {
                let d = file
                    .error(format!("`{kind}` is not a series ecoatlas can derive"))
                    .at(key_line(&file.text, 1, "key_figures.derived"), 1)
                    .field("key_figures.derived")
                    .text(kind.as_str());
                out.push(match crate::diagnostic::did_you_mean(kind, KINDS) {
                    Some(best) => d.hint(format!("did you mean `{best}`?")),
                    None => d.hint(format!("one of: {}", KINDS.join(", "))),
                });
            }
        }
        out
    }

    /// Each language code once, shaped like a language tag, and none that is a folder the site
    /// itself writes (`actors`, `data`, ...): other languages live in `/<code>/`, so such a code
    /// would make two outputs want the same files. One error per code, at the code in the list.
    pub(super) fn check_languages(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let key = key_line(&file.text, 1, "languages");
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for lang in &self.languages {
            let nth = seen.entry(lang.as_str()).or_default();
            *nth += 1;
            let (line, column) = item_position(&file.text, key, lang, *nth).unwrap_or((key, 1));
            let d = |message: String| file.error(message).at(line, column).field("languages");
            if *nth > 1 {
                out.push(
                    d(format!("the language `{lang}` is listed twice"))
                        .hint("list each language once; the first is the default"),
                );
            } else if crate::validate::RESERVED_SLUGS.contains(&lang.as_str()) {
                out.push(
                    d(format!(
                        "the language code `{lang}` is a folder the site itself writes"
                    ))
                    .hint(format!(
                        "a language's pages live in /{lang}/; these names are taken: {}",
                        crate::validate::RESERVED_SLUGS.join(", ")
                    )),
                );
            } else if !is_language_code(lang) {
                out.push(
                    d(format!("`{lang}` is not a language code such as `sv`, `en` or `pt-br`"))
                        .hint("a code of 2 or 3 lowercase letters (ISO 639), optionally followed by `-` and a region or script in lowercase"),
                );
            }
        }
        out
    }

    /// The theme's folder, when the site has one, must lie inside the site once links are
    /// resolved (a theme's templates and files are published).
    pub(super) fn check_theme_folder(&self, root: &Path, file: &SourceFile) -> Option<Diagnostic> {
        if !is_theme_name(&self.theme) {
            return None;
        }
        let dir = root.join("themes").join(&self.theme);
        let exists = std::fs::symlink_metadata(&dir).is_ok();
        (exists && !crate::site_files::inside_site(root, &dir)).then(|| {
            file.error(format!(
                "the theme folder `themes/{}/` lies outside the site's folder",
                self.theme
            ))
            .at(key_line(&file.text, 1, "theme"), 1)
            .field("theme")
            .text(self.theme.as_str())
            .hint("keep the theme inside the site: copy it into themes/ instead of linking to it")
        })
    }
}

/// Whether `code` is shaped like a BCP 47 language tag as a site's paths hold it: a language
/// subtag of 2 or 3 lowercase letters, then optional subtags of 1 to 8 lowercase letters or
/// digits, each after a `-` (`sv`, `en`, `pt-br`, `zh-hant`, `se-fi`).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| {
            (1..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `name` names one folder (in `themes/`): no path separators, `.` or `..`.
pub(super) fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.starts_with('.')
}

/// Whether `base_url` is what the site's links can be built on: a path from the server's root
/// (`/`, `/atlas/`) or an absolute http(s) URL with a host, and neither with a query, a
/// fragment, user information or `.`/`..` segments. `Err` says what is wrong.
pub fn check_base_url(base_url: &str) -> Result<(), String> {
    let path = if base_url.starts_with('/') && !base_url.starts_with("//") {
        base_url
    } else {
        let url = url::Url::parse(base_url).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => {
                "is neither a path starting with `/` nor an http(s) URL".to_string()
            }
            e => format!("is not a URL: {e}"),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "is a `{}:` URL; the site's address starts with https:// or http://",
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err("has no host name".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("holds a user name or password".into());
        }
        let scheme_end = base_url.find("://").map(|i| i + 3).unwrap_or(0);
        let rest = &base_url[scheme_end..];
        rest.find(['/', '?', '#'])
            .map(|i| &rest[i..])
            .unwrap_or("/")
    };
    if path.contains('?') {
        return Err("has a query (`?...`); the site's address cannot have one".into());
    }
    if path.contains('#') {
        return Err("has a fragment (`#...`); the site's address cannot have one".into());
    }
    if path
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err("holds spaces, control characters or `\\`".into());
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err("has `.` or `..` in its path".into());
    }
    Ok(())
}

/// Where (line, column) the `nth` (1-based) occurrence of `value` as a whole word stands, on
/// line `from` or below (within the block of a key: a few lines).
fn item_position(text: &str, from: usize, value: &str, nth: usize) -> Option<(usize, usize)> {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut count = 0;
    for (i, line) in text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .take(64)
    {
        let code = line.split(" #").next().unwrap_or(line);
        for (byte, _) in code.match_indices(value) {
            let before = code[..byte].chars().next_back();
            let after = code[byte + value.len()..].chars().next();
            if before.is_some_and(word) || after.is_some_and(word) {
                continue;
            }
            count += 1;
            if count == nth {
                return Some((i + 1, code[..byte].chars().count() + 1));
            }
        }
    }
    None
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
