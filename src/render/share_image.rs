//! Share images (`og:image`): PNG pictures of 1200×630 pixels drawn at build time from SVG with
//! resvg, one for the site and one per campus: the region's campuses and innovation nodes as on
//! the fact sheet's map, the campus of the page picked out. They hold no text (text would need
//! fonts, and the same fonts on every machine to give the same bytes); the page's title and
//! description travel beside the image in the Open Graph tags.

use crate::render::pages::facts;
use crate::render::views::Lang;
use rayon::prelude::*;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Where the site's share image is published.
pub const SITE: &str = "assets/share/site.png";

/// Where a campus's share image is published.
pub fn campus_path(slug: &str) -> String {
    format!("assets/share/campus-{slug}.png")
}

/// The share image of the page at `path`: its campus's, else the site's.
pub fn for_page(l: &Lang<'_>, path: &str) -> String {
    let campus = path
        .strip_prefix("campuses/")
        .and_then(|rest| rest.strip_suffix('/'))
        .filter(|slug| l.site.campus(slug).is_some());
    let file = campus.map_or_else(|| SITE.to_string(), campus_path);
    l.urls.absolute(&format!("{}{file}", l.urls.base_path))
}

/// Every share image, as (path, PNG bytes), or what went wrong drawing one.
pub fn images(l: &Lang<'_>) -> Vec<(String, Result<Vec<u8>, String>)> {
    let (campuses, width, height) =
        facts::map(l, f64::from(WIDTH) - 160.0, f64::from(HEIGHT) - 80.0);
    let mut wanted: Vec<(String, Option<&str>)> = vec![(SITE.to_string(), None)];
    wanted.extend(
        campuses
            .iter()
            .map(|c| (campus_path(&c.slug), Some(c.slug.as_str()))),
    );
    wanted
        .into_par_iter()
        .map(|(path, pick)| {
            let svg = svg(&campuses, &width, &height, pick);
            (path, png(&svg))
        })
        .collect()
}

/// The picture: sea, a band in the theme's accent colour, the campuses' outlines and marks.
fn svg(campuses: &[facts::MapCampus], width: &str, height: &str, pick: Option<&str>) -> String {
    let w: f64 = width.parse().unwrap_or(0.0);
    let h: f64 = height.parse().unwrap_or(0.0);
    // The map, centred in the room right of the band.
    let (dx, dy) = (
        120.0 + (f64::from(WIDTH) - 160.0 - w) / 2.0,
        (f64::from(HEIGHT) - h) / 2.0,
    );
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#dce9f2"/><rect width="80" height="{HEIGHT}" fill="#0b5c8c"/><g transform="translate({dx:.1} {dy:.1})">"##
    );
    for c in campuses.iter().filter(|c| !c.path.is_empty()) {
        let (fill, stroke) = if pick == Some(c.slug.as_str()) {
            ("#a34700", "#ffffff")
        } else {
            ("#f6f4ee", "#2b6a4f")
        };
        out.push_str(&format!(
            r#"<path d="{}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>"#,
            c.path
        ));
    }
    for c in campuses {
        let picked = pick == Some(c.slug.as_str());
        let (r, fill) = if picked {
            (18, "#a34700")
        } else {
            (9, "#2b6a4f")
        };
        out.push_str(&format!(
            r##"<circle cx="{}" cy="{}" r="{r}" fill="{fill}" stroke="#ffffff" stroke-width="3"/>"##,
            c.x, c.y
        ));
    }
    out.push_str("</g></svg>");
    out
}

fn png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| format!("the share image's drawing: {e}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| "no room for the share image".to_string())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("the share image as PNG: {e}"))
}
