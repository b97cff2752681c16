//! `ecoatlas init DIR`: a new, minimal site that builds at once.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The starter site, embedded in the binary.
const FILES: [(&str, &str); 7] = [
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/actors/exempeluniversitetet.md",
        include_str!("starter/content/actors/exempeluniversitetet.md"),
    ),
    (
        "content/actors/exempeluniversitetet.en.md",
        include_str!("starter/content/actors/exempeluniversitetet.en.md"),
    ),
    (
        "content/actors/provlabbet.md",
        include_str!("starter/content/actors/provlabbet.md"),
    ),
    (
        "content/campuses/exempelcampus.geojson",
        include_str!("starter/content/campuses/exempelcampus.geojson"),
    ),
    (
        "content/campuses/exempelcampus.md",
        include_str!("starter/content/campuses/exempelcampus.md"),
    ),
    (
        "content/pages/om.md",
        include_str!("starter/content/pages/om.md"),
    ),
];

/// What `init` may set besides the starter's defaults.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The site's title, one text for every language.
    pub title: Option<String>,
    /// The site's languages, the default first.
    pub languages: Option<Vec<String>>,
    /// The region the site covers, `[west, south, east, north]`: the map's bounds, its centre and
    /// a zoom that shows it all; the starter campus is moved to its middle.
    pub bounds: Option<[f64; 4]>,
}

/// Creates a new site in `dir` (which must not exist yet, or be empty).
pub fn init(dir: &Path, opts: &InitOptions) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} already exists and is not empty; choose a new folder",
            dir.display()
        );
    }
    if let Some([west, south, east, north]) = opts.bounds {
        let on_earth = (-180.0..=180.0).contains(&west)
            && (-180.0..=180.0).contains(&east)
            && (-85.0..=85.0).contains(&south)
            && (-85.0..=85.0).contains(&north);
        if !(on_earth && west < east && south < north) {
            bail!("--bounds {west},{south},{east},{north}: give WEST,SOUTH,EAST,NORTH in degrees, with west < east and south < north");
        }
    }
    let languages = opts.languages.as_deref();
    let starter_center = (59.86, 17.64);
    for (path, text) in FILES {
        // A translation into a language the site does not have would be an error.
        let lang = Path::new(path)
            .file_stem()
            .and_then(|s| Path::new(s).extension())
            .and_then(|e| e.to_str());
        if let (Some(lang), Some(languages)) = (lang, languages) {
            if !languages.iter().any(|l| l == lang) {
                continue;
            }
        }
        let text = match path {
            "site.yaml" => site_yaml(text, opts),
            "content/campuses/exempelcampus.geojson" => match opts.bounds {
                Some([w, s, e, n]) => moved(
                    text,
                    (
                        (s + n) / 2.0 - starter_center.0,
                        (w + e) / 2.0 - starter_center.1,
                    ),
                )?,
                None => text.to_string(),
            },
            _ if path.starts_with("content/actors/") => match opts.bounds {
                Some([w, s, e, n]) => moved_location(
                    text,
                    (
                        (s + n) / 2.0 - starter_center.0,
                        (w + e) / 2.0 - starter_center.1,
                    ),
                ),
                None => text.to_string(),
            },
            _ => text.to_string(),
        };
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    std::fs::write(dir.join(".gitignore"), "/output/\n")
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    // What was given must make a site.yaml that checks; otherwise nothing is left behind.
    if let Err(problems) = crate::config::SiteConfig::load(dir) {
        let _ = std::fs::remove_dir_all(dir);
        let first = problems.first().map(|d| match &d.hint {
            Some(h) => format!(
                "{}: {} ({h})",
                d.field.as_deref().unwrap_or("site.yaml"),
                d.message
            ),
            None => format!(
                "{}: {}",
                d.field.as_deref().unwrap_or("site.yaml"),
                d.message
            ),
        });
        bail!(
            "the site.yaml these options make does not check: {}",
            first.unwrap_or_default()
        );
    }
    write_editor_support(dir)
}

/// The site's own schemas ([`crate::schema::site_schemas`]) and the editor settings that use
/// them, so that a new site completes its types, sectors and campuses from the start.
fn write_editor_support(dir: &Path) -> Result<()> {
    let config = crate::config::SiteConfig::load(dir)
        .map_err(|_| anyhow::anyhow!("the new site.yaml does not check"))?;
    let schemas = crate::schema::site_schemas(dir)
        .map_err(|_| anyhow::anyhow!("the new site.yaml does not check"))?;
    crate::schema::write_all(&dir.join(crate::schema::SITE_DIR), schemas)?;
    let settings = dir.join(crate::schema::EDITOR_SETTINGS);
    if let Some(parent) = settings.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&settings, crate::schema::editor_settings(&config.languages))
        .with_context(|| format!("cannot write {}", settings.display()))
}

/// The starter's site.yaml with the options' title, languages and region.
fn site_yaml(starter: &str, opts: &InitOptions) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = String::with_capacity(starter.len() + 128);
    let mut in_map = false;
    for line in starter.lines() {
        let replaced = if line.starts_with("title:") {
            opts.title.as_ref().map(|t| format!("title: {}", quoted(t)))
        } else if line.starts_with("languages:") {
            opts.languages
                .as_ref()
                .map(|l| format!("languages: [{}]", l.join(", ")))
        } else {
            None
        };
        if line.starts_with("map:") {
            in_map = true;
        } else if !line.starts_with(' ') {
            in_map = false;
        }
        if let (true, Some([w, s, e, n])) = (in_map, opts.bounds) {
            let key = line.trim_start().split(':').next().unwrap_or("");
            let value = match key {
                "center" => Some(format!(
                    "{{lat: {:.4}, lon: {:.4}}}",
                    (s + n) / 2.0,
                    (w + e) / 2.0
                )),
                "zoom" => Some(zoom_showing([w, s, e, n]).to_string()),
                "min_zoom" => Some(
                    zoom_showing([w, s, e, n])
                        .saturating_sub(2)
                        .min(5)
                        .to_string(),
                ),
                "bounds" => Some(format!("{{west: {w}, south: {s}, east: {e}, north: {n}}}")),
                _ => None,
            };
            if let Some(v) = value {
                out.push_str(&format!("  {key}: {v}\n"));
                continue;
            }
        }
        out.push_str(replaced.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The largest zoom at which the region fits a map of about 800 by 500 pixels (Web Mercator,
/// 256-pixel tiles), between 3 and 15.
fn zoom_showing([west, south, east, north]: [f64; 4]) -> u8 {
    let mercator = |lat: f64| {
        (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
            .tan()
            .ln()
    };
    let across = (800.0 * 360.0 / (256.0 * (east - west))).log2();
    let down =
        (500.0 * std::f64::consts::TAU / (256.0 * (mercator(north) - mercator(south)))).log2();
    across.min(down).floor().clamp(3.0, 15.0) as u8
}

/// A starter actor's `location: {lat: .., lon: .., ...}` line moved by `(dlat, dlon)` degrees.
fn moved_location(record: &str, (dlat, dlon): (f64, f64)) -> String {
    let mut out = String::with_capacity(record.len());
    for line in record.lines() {
        let number = |key: &str| -> Option<f64> {
            let rest = line.split(&format!("{key}: ")).nth(1)?;
            rest.split([',', '}']).next()?.trim().parse().ok()
        };
        match (line.starts_with("location:"), number("lat"), number("lon")) {
            (true, Some(lat), Some(lon)) => {
                let round = |x: f64| (x * 1e5).round() / 1e5;
                out.push_str(&format!(
                    "location: {{lat: {}, lon: {}, approximate: true}}",
                    round(lat + dlat),
                    round(lon + dlon)
                ));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The starter campus's GeoJSON moved by `(dlat, dlon)` degrees.
fn moved(geojson: &str, (dlat, dlon): (f64, f64)) -> Result<String> {
    let mut value: serde_json::Value = serde_json::from_str(geojson)?;
    fn shift(v: &mut serde_json::Value, d: (f64, f64)) {
        match v {
            serde_json::Value::Array(items)
                if items.len() == 2 && items.iter().all(|x| x.is_number()) =>
            {
                let (lon, lat) = (
                    items[0].as_f64().unwrap_or(0.0),
                    items[1].as_f64().unwrap_or(0.0),
                );
                let round = |x: f64| (x * 1e5).round() / 1e5;
                *v = serde_json::json!([round(lon + d.1), round(lat + d.0)]);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|x| shift(x, d)),
            _ => {}
        }
    }
    shift(&mut value["geometry"]["coordinates"], (dlat, dlon));
    Ok(format!("{value:#}\n"))
}

#[cfg(test)]
mod tests {
    use super::zoom_showing;

    #[test]
    fn the_zoom_shows_the_whole_region() {
        // Stockholm–Uppsala, about 2.1° by 1.1°: zoom 8.
        assert_eq!(zoom_showing([16.8, 58.95, 18.9, 60.05]), 8);
        // A city district: the highest zoom the starter allows.
        assert_eq!(zoom_showing([18.05, 59.33, 18.06, 59.335]), 15);
        // A continent: no lower than 3.
        assert_eq!(zoom_showing([-30.0, 30.0, 60.0, 72.0]), 3);
    }
}
