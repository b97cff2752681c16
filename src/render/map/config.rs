//! The map's configuration, embedded in pages as JSON that cannot break out of its
//! `<script type="application/json">` element.

use crate::render::templates::Strings;
use crate::render::views::Lang;
use serde_json::{json, Map, Value};

/// How many actors the map page's list shows at first (and adds with "show more").
pub const LIST_PAGE: usize = 100;

/// Which page a map is on: the map page itself, the embeddable view, or a record's page
/// (whose small map centres on the actor or campus).
pub enum Focus<'a> {
    Map,
    Embed,
    Actor(&'a str),
    Campus(&'a str),
}

/// The JSON text for `<script type="application/json" id="ea-config">`, already escaped.
pub fn map_config(l: &Lang<'_>, t: &Strings, focus: Focus<'_>) -> String {
    let c = l.config();
    let m = &c.map;
    let types: Map<String, Value> = c
        .actor_types
        .iter()
        .map(|(k, v)| {
            let term = l.term(crate::render::views::TermKind::Type, k);
            (k.clone(), json!({"label": v.label.get(l.lang, l.default_lang), "colour": v.colour, "symbol": term.symbol, "shape": term.shape}))
        })
        .collect();
    let strings: Map<String, Value> = t
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("js_").map(|k| (k.to_string(), json!(v))))
        .collect();
    let (page, focus) = match focus {
        Focus::Map => ("map", Value::Null),
        Focus::Embed => ("embed", Value::Null),
        Focus::Actor(s) => ("actor", json!({"actor": s})),
        Focus::Campus(s) => ("campus", json!({"campus": s})),
    };
    let mut value = json!({
        "lang": l.lang,
        "page": page,
        "focus": focus,
        "title": c.title.get(l.lang, l.default_lang),
        "data": {
            "map": l.urls.link("data/map.json"),
            "text": l.urls.link("data/map-text.json"),
            "campuses": l.urls.link("data/campuses.geojson"),
            "relations": l.urls.link("data/relations.json"),
            "countries": l.urls.asset("assets/base/countries.geojson"),
        },
        "links": {
            "map": l.urls.link(""),
            "embed": l.urls.link(crate::render::urls::EMBED),
        },
        "map": {
            "center": [m.center.lat, m.center.lon],
            "zoom": m.zoom,
            "minZoom": m.min_zoom,
            "maxZoom": m.max_zoom,
            "bounds": m.bounds.map(|b| json!([[b.south, b.west], [b.north, b.east]])),
        },
        // The site's own vector base map (crate::basemap); without it, the country outlines.
        "basemap": c.basemap.as_ref().and_then(|b| {
            let path = crate::basemap::published_path(b)?;
            Some(json!({
                "url": l.urls.asset(&path),
                "attribution": crate::attribution::sanitise(&b.attribution),
                "script": l.urls.asset("assets/vendor/protomaps-leaflet/protomaps-leaflet.js"),
            }))
        }),
                "tiles": c.tiles.as_ref().map(|t| json!({"url": t.url, "attribution": crate::attribution::sanitise(&t.attribution), "maxZoom": t.max_zoom})),
        "types": types,
        "listPage": LIST_PAGE,
        "strings": strings,
    });
    if let (Some(popup), Some(config)) = (super::popup::labels(c, t), value.as_object_mut()) {
        config.insert("popup".into(), popup);
    }
    script_safe(&value.to_string())
}

/// The map configuration of every actor page, serialised once: pages differ only in the
/// actor they focus on, which [`FocusedConfig::for_slug`] splices in.
pub struct FocusedConfig {
    prefix: String,
    suffix: String,
}

impl FocusedConfig {
    pub fn actor(l: &Lang<'_>, t: &Strings) -> FocusedConfig {
        // A value no slug can be, to find where the slug goes.
        const MARK: &str = "\u{1}focus\u{1}";
        let whole = map_config(l, t, Focus::Actor(MARK));
        let mark = script_safe(&json!(MARK).to_string());
        let (prefix, suffix) = whole.split_once(&mark).unwrap_or((&whole, ""));
        FocusedConfig {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
        }
    }

    /// The configuration of the page of the actor `slug`, as [`map_config`] writes it.
    pub fn for_slug(&self, slug: &str) -> String {
        let slug = script_safe(&json!(slug).to_string());
        let mut out = String::with_capacity(self.prefix.len() + slug.len() + self.suffix.len());
        out.push_str(&self.prefix);
        out.push_str(&slug);
        out.push_str(&self.suffix);
        out
    }
}

/// JSON text that is safe inside a `<script>` element: `<`, `>`, `&` and the JavaScript line
/// separators are written as `\u` escapes, which JSON parsers read back unchanged.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn script_end_tags_cannot_appear() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script>&"});
        let s = script_safe(&v.to_string());
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
