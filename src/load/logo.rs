//! Actor logos: an SVG, PNG or JPEG file kept beside the record (`logo: logos/ki.svg`). The file
//! must exist inside the site and be the image its name says. An SVG is published as usvg
//! re-writes it (`svg.rs`): static drawing only, since it is served from the site's own origin.

use super::files::ContentFile;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{ImageFormat, Logo};
use crate::site_files::{inside_site, read_regular, regular_metadata, ReadError};
use quick_xml::events::Event;
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
    let mut warnings = Vec::new();
    let (format, bytes, width, height) = match sniff(&bytes) {
        Some(ImageFormat::Svg) => {
            let svg = super::svg::make_static(&bytes).map_err(|m| {
                err(format!("`{}`: {m}", display.display()))
                    .hint("export the logo again as a plain SVG (e.g. \"Plain SVG\" in Inkscape)")
            })?;
            if svg.dropped_text {
                warnings.push(
                    Diagnostic::warning(
                        &record.display,
                        format!(
                            "the text in the logo `{}` is not published",
                            display.display()
                        ),
                    )
                    .at(line, 1)
                    .field("logo")
                    .text(value.trim())
                    .hint("convert the text to paths (outlines) in your drawing program"),
                );
            }
            (
                ImageFormat::Svg,
                svg.bytes,
                Some(svg.width),
                Some(svg.height),
            )
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
                bytes,
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
}
