//! Actor logos: an SVG, PNG or JPEG file kept beside the record (`logo: logos/ki.svg`). The file
//! must exist inside the site, be the image its name says, and an SVG must not run scripts or
//! load anything from elsewhere (it is published on the site's own origin).

use super::files::ContentFile;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{ImageFormat, Logo};
use crate::site_files::{inside_site, read_regular, regular_metadata, ReadError};
use quick_xml::events::{BytesStart, Event};
use std::path::{Component, Path, PathBuf};

/// Logos larger than this are reported (they are downloaded with every page that shows them).
const LARGE: usize = 512 * 1024;
/// Logos larger than this are refused unread.
const TOO_LARGE: u64 = 8 * 1024 * 1024;

/// Reads and checks the logo `value` of the record `record` (`line`: the line of `logo:`).
/// Returns the logo and any warnings, or the error that makes it unusable.
pub(super) fn read(
    root: &Path,
    record: &ContentFile,
    value: &str,
    line: usize,
) -> Result<(Logo, Vec<Diagnostic>), Diagnostic> {
    let err = |message: String| {
        Diagnostic::error(&record.display, message)
            .at(line, 1)
            .field("logo")
            .text(value.trim())
    };
    let rel = Path::new(value.trim());
    if value.trim().is_empty()
        || !rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(err(format!(
            "the logo path `{value}` must be relative to the record's folder, without `..`"
        ))
        .hint("keep the image beside the record, e.g. `logo: logos/ki.svg`"));
    }
    let display = display_path(record, value);
    let rel: PathBuf = rel
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    let rel = rel.as_path();
    let path = record.path.parent().unwrap_or(Path::new(".")).join(rel);
    if let Err(e @ (ReadError::NotRegular(_) | ReadError::Io(_))) = regular_metadata(&path) {
        return Err(err(format!("the logo `{}` {e}", display.display()))
            .hint("a logo is an image file; replace it with the file itself"));
    }
    if !path.is_file() {
        let mut d = err(format!("the logo `{}` does not exist", display.display()));
        if let Some(best) = nearest_image(&path, rel) {
            d = d.hint(format!("did you mean `{best}`?"));
        }
        return Err(d);
    }
    if !inside_site(root, &path) {
        return Err(err(format!(
            "the logo `{}` lies outside the site's folder",
            display.display()
        )));
    }
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let named = match ext.as_str() {
        "svg" => ImageFormat::Svg,
        "png" => ImageFormat::Png,
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        _ => {
            return Err(err(format!(
                "`{}` is not an SVG, PNG or JPEG file",
                display.display()
            ))
            .hint("a logo is a .svg, .png, .jpg or .jpeg file"))
        }
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > TOO_LARGE {
        return Err(err(format!(
            "the logo `{}` is {} MB, far too large for a logo",
            display.display(),
            size / (1024 * 1024)
        ))
        .hint("a logo rarely needs more than 100 kB; use SVG or a smaller PNG"));
    }
    let bytes = read_regular(&path, TOO_LARGE)
        .map_err(|e| err(format!("the logo `{}` {e}", display.display())))?;
    let (format, width, height) = match sniff(&bytes) {
        Some(ImageFormat::Svg) => {
            let (w, h) = check_svg(&bytes).map_err(|m| {
                err(format!("`{}`: {m}", display.display()))
                    .hint("export the logo as a plain SVG without scripts or external links")
            })?;
            (ImageFormat::Svg, w, h)
        }
        Some(raster) => {
            let size = imagesize::blob_size(&bytes).map_err(|_| {
                err(format!(
                    "`{}` is {} but cannot be read (damaged or cut short?)",
                    display.display(),
                    raster.name()
                ))
            })?;
            (
                raster,
                u32::try_from(size.width).ok(),
                u32::try_from(size.height).ok(),
            )
        }
        None => {
            return Err(err(format!(
                "`{}` is not an image: its content is neither SVG, PNG nor JPEG",
                display.display()
            )))
        }
    };
    if format != named {
        return Err(err(format!(
            "`{}` is {}, but its name says otherwise",
            display.display(),
            format.name()
        ))
        .hint(format!("rename the file to end in .{}", format.extension())));
    }
    let mut warnings = Vec::new();
    if bytes.len() > LARGE {
        warnings.push(
            Diagnostic::warning(
                &record.display,
                format!(
                    "the logo `{}` is {} kB; every page that shows it downloads it",
                    display.display(),
                    bytes.len() / 1024
                ),
            )
            .at(line, 1)
            .field("logo")
            .text(value.trim())
            .hint("a logo rarely needs more than 100 kB; use SVG or a smaller PNG"),
        );
    }
    Ok((
        Logo {
            file: display,
            bytes,
            format,
            width,
            height,
        },
        warnings,
    ))
}

/// The file a `logo:` value names, relative to the site root (as messages show it).
pub(super) fn display_path(record: &ContentFile, value: &str) -> PathBuf {
    let rel: PathBuf = Path::new(value.trim())
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    record.display.parent().unwrap_or(Path::new("")).join(rel)
}

/// The format by content: PNG and JPEG by their magic bytes, SVG by an `<svg>` root element.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(ImageFormat::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(ImageFormat::Jpeg);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = quick_xml::Reader::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                return (e.local_name().as_ref() == b"svg").then_some(ImageFormat::Svg)
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Refuses SVGs that could run code or fetch from other servers; returns the intrinsic size
/// (from `width`/`height`, else `viewBox`), when stated.
fn check_svg(bytes: &[u8]) -> Result<(Option<u32>, Option<u32>), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
    let mut reader = quick_xml::Reader::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut size = None;
    let mut in_style = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignobject")
                {
                    return Err(format!("the SVG contains a <{name}> element"));
                }
                check_attributes(&e)?;
                if size.is_none() {
                    size = Some(intrinsic_size(&e));
                }
                in_style = name == "style";
            }
            Event::Text(t) if in_style => {
                let css = String::from_utf8_lossy(t.as_ref()).to_ascii_lowercase();
                check_css(&css)?;
            }
            Event::CData(t) if in_style => {
                let css = String::from_utf8_lossy(t.as_ref()).to_ascii_lowercase();
                check_css(&css)?;
            }
            Event::End(_) => in_style = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(size.unwrap_or((None, None)))
}

fn check_attributes(e: &BytesStart<'_>) -> Result<(), String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        let value = String::from_utf8_lossy(&attr.value)
            .trim()
            .to_ascii_lowercase();
        if key.starts_with("on") {
            return Err(format!("the SVG has an event handler `{key}`"));
        }
        if key == "href" && !(value.starts_with('#') || value.starts_with("data:image/")) {
            return Err(format!(
                "the SVG links to `{}`; a logo may only refer to its own parts",
                String::from_utf8_lossy(&attr.value)
            ));
        }
        if key == "style" {
            check_css(&value)?;
        }
    }
    Ok(())
}

fn check_css(css: &str) -> Result<(), String> {
    if css.contains("@import") {
        return Err("the SVG's CSS imports another style sheet".into());
    }
    for (i, _) in css.match_indices("url(") {
        let target = css[i + 4..].trim_start_matches(['"', '\'', ' ']);
        if !(target.starts_with('#') || target.starts_with("data:")) {
            return Err("the SVG's CSS loads a resource from elsewhere".into());
        }
    }
    Ok(())
}

/// `width`/`height` in plain numbers or px, else the `viewBox`'s size.
fn intrinsic_size(e: &BytesStart<'_>) -> (Option<u32>, Option<u32>) {
    let attr = |name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| String::from_utf8_lossy(&a.value).trim().to_string())
    };
    let px = |v: Option<String>| {
        let v = v?;
        let n: f64 = v.strip_suffix("px").unwrap_or(&v).trim().parse().ok()?;
        (n > 0.0 && n < 100_000.0).then(|| n.round() as u32)
    };
    let (w, h) = (px(attr(b"width")), px(attr(b"height")));
    if w.is_some() && h.is_some() {
        return (w, h);
    }
    let view_box: Vec<f64> = attr(b"viewBox")
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 && *w < 100_000.0 && *h < 100_000.0 => {
            (Some(w.round() as u32), Some(h.round() as u32))
        }
        _ => (None, None),
    }
}

/// The image beside `path` whose name is closest to the one given, for a hint.
fn nearest_image(path: &Path, rel: &Path) -> Option<String> {
    let dir = path.parent()?;
    let wanted = path.file_name()?.to_string_lossy().to_string();
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            [".svg", ".png", ".jpg", ".jpeg"]
                .iter()
                .any(|x| lower.ends_with(x))
        })
        .collect();
    let best = did_you_mean(&wanted, names.iter().map(String::as_str))?;
    Some(
        rel.parent()
            .map(|p| p.join(best))
            .unwrap_or_else(|| best.into())
            .display()
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(ImageFormat::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageFormat::Jpeg));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(ImageFormat::Svg)
        );
        assert_eq!(sniff(b"<html><body>no</body></html>"), None);
        assert_eq!(sniff(b"GIF89a"), None);
    }

    #[test]
    fn svgs_that_run_code_or_load_elsewhere_are_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><use href="#a"/><style>.a{fill:url(#g)}</style></svg>"##;
        assert_eq!(check_svg(ok), Ok((Some(120), Some(40))));
        for bad in [
            &br#"<svg><script>alert(1)</script></svg>"#[..],
            br#"<svg onload="alert(1)"/>"#,
            br#"<svg><image href="https://tracker.example/x.png"/></svg>"#,
            br#"<svg><style>@import url(https://x.example/a.css);</style></svg>"#,
            br#"<svg><rect style="fill:url(https://x.example/p)"/></svg>"#,
            br#"<svg><foreignObject/></svg>"#,
        ] {
            assert!(check_svg(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(
            check_svg(br#"<svg width="64px" height="32" viewBox="0 0 1 1"/>"#),
            Ok((Some(64), Some(32)))
        );
    }
}
