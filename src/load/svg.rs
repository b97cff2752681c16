//! SVG logos made static: every SVG is parsed by usvg, which resolves it into a plain tree of
//! paths, groups, paint servers, clips, masks, filters and embedded raster images, and the
//! published bytes are what usvg's writer makes of that tree. Nothing else survives: no script,
//! event handler, animation, `foreignObject`, style sheet, processing instruction, DTD or entity,
//! link to another document or server, and no text (which would need fonts of the machine that
//! builds; editors convert text to paths). Filtering the source instead cannot win: the
//! attacks that got through were ones a filter had not thought of.

use std::sync::Arc;

/// An SVG re-written as static drawing.
#[derive(Debug)]
pub(super) struct StaticSvg {
    /// The bytes to publish (usvg's writer).
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The source had text, which is not published.
    pub dropped_text: bool,
}

/// Parses `bytes` and writes them back as static drawing. The error says why usvg could not
/// read it.
pub(super) fn make_static(bytes: &[u8]) -> Result<StaticSvg, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let xml = usvg::roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = usvg::roxmltree::Document::parse_with_options(text, xml)
        .map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
    let dropped_text = doc
        .descendants()
        .any(|n| n.is_element() && n.tag_name().name() == "text");
    let tree = usvg::Tree::from_xmltree(&doc, &options())
        .map_err(|e| format!("the SVG cannot be read: {e}"))?;
    let size = tree.size();
    let out = tree.to_string(&usvg::WriteOptions {
        indent: usvg::Indent::None,
        attributes_indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    });
    // usvg folds the `viewBox` into the drawing and states only `width` and `height`; a logo
    // drawn smaller or larger than that (an `<img>` sized by CSS) scales only with a `viewBox`.
    let view_box = format!("<svg viewBox=\"0 0 {} {}\" ", size.width(), size.height());
    let out = match out.strip_prefix("<svg ") {
        Some(rest) => view_box + rest,
        None => return Err("usvg wrote no <svg> element".into()),
    };
    Ok(StaticSvg {
        bytes: out.into_bytes(),
        width: pixels(size.width()),
        height: pixels(size.height()),
        dropped_text,
    })
}

/// usvg's options for logos: images only from `data:` URLs (never a file or a server), and no
/// fonts (usvg is built without text support, so no font of this machine is read).
fn options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(embedded_image),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// An image embedded as a `data:` URL: raster images as they are (they cannot run anything),
/// SVGs parsed with the same options, so re-written as static drawing too.
fn embedded_image(mime: &str, data: Arc<Vec<u8>>, opt: &usvg::Options) -> Option<usvg::ImageKind> {
    match mime {
        "image/png" => Some(usvg::ImageKind::PNG(data)),
        "image/jpg" | "image/jpeg" => Some(usvg::ImageKind::JPEG(data)),
        "image/gif" => Some(usvg::ImageKind::GIF(data)),
        "image/webp" => Some(usvg::ImageKind::WEBP(data)),
        "image/svg+xml" => usvg::Tree::from_data(&data, opt)
            .ok()
            .map(usvg::ImageKind::SVG),
        _ => None,
    }
}

fn pixels(n: f32) -> u32 {
    if n.is_finite() && n > 0.0 && n < 100_000.0 {
        (n.round() as u32).max(1)
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    /// What a browser could act on in an SVG: script, handlers, animation, foreign content,
    /// style sheets and anything that names another document.
    fn assert_static(svg: &str, payload: &str) {
        let lower = svg.to_ascii_lowercase();
        for active in [
            "<script",
            "<animate",
            "<set",
            "<foreignobject",
            "<style",
            "<?xml-stylesheet",
            "<!doctype",
            "<!entity",
            "javascript:",
            " on",
            "@import",
            "http:",
            "https:",
            "//evil",
            "&",
            "\\",
            "style=",
        ] {
            if active == "http:" || active == "https:" {
                // The namespace declarations are the only URLs left.
                let rest = lower
                    .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
                    .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
                assert!(
                    !rest.contains(active),
                    "{payload}: `{active}` left in {svg}"
                );
                continue;
            }
            assert!(
                !lower.contains(active),
                "{payload}: `{active}` left in {svg}"
            );
        }
        for href in lower.split("href=\"").skip(1) {
            assert!(
                href.starts_with('#') || href.starts_with("data:image/"),
                "{payload}: a link to elsewhere in {svg}"
            );
        }
        for url in lower.split("url(").skip(1) {
            assert!(
                url.starts_with('#'),
                "{payload}: url() to elsewhere in {svg}"
            );
        }
    }

    fn rewrite(payload: &str) -> String {
        let out = make_static(payload.as_bytes()).unwrap_or_else(|e| panic!("{payload}: {e}"));
        String::from_utf8(out.bytes).expect("usvg writes UTF-8")
    }

    const DRAWING: &str = r##"<rect id="box" width="10" height="10" fill="#0a5"/>"##;

    #[test]
    fn a_plain_logo_keeps_its_drawing_and_size() {
        let svg = rewrite(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">{DRAWING}</svg>"#
        ));
        assert!(
            svg.starts_with(r#"<svg viewBox="0 0 120 40" width="120" height="40""#),
            "{svg}"
        );
        assert!(svg.contains("<path"), "{svg}");
        assert!(svg.contains("fill=\"#00aa55\""), "{svg}");
        let out = make_static(svg.as_bytes()).expect("usvg reads its own output");
        assert_eq!((out.width, out.height), (120, 40));
        assert_eq!(
            String::from_utf8(out.bytes).expect("utf-8"),
            svg,
            "re-writing is stable"
        );
    }

    #[test]
    fn every_payload_class_comes_out_static() {
        let ns = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10""#;
        let payloads = [
            // An internal DTD entity that expands to a script element and a handler.
            format!(
                r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script><image href='https://evil.example/e.png' onerror='alert(2)'/>">]><svg {ns}>&x;{DRAWING}</svg>"#
            ),
            // Animation setting href to javascript:.
            format!(
                r##"<svg {ns}><a href="#x"><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="xlink:href" values="javascript:alert(2)"/>{DRAWING}</a></svg>"##
            ),
            format!(
                r#"<svg {ns}><script>alert(1)</script><script href="https://evil.example/s.js"/>{DRAWING}</svg>"#
            ),
            format!(
                r#"<svg {ns} onload="alert(1)"><g onclick="alert(2)" onmouseover="alert(3)">{DRAWING}</g></svg>"#
            ),
            format!(
                r#"<svg {ns}><foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject>{DRAWING}</svg>"#
            ),
            format!(
                r##"<svg {ns}><image href="https://evil.example/i.png" width="5" height="5"/><image xlink:href="/etc/passwd" width="5" height="5"/><use href="https://evil.example/u.svg#a"/><rect width="5" height="5" fill="url(http://evil.example/p#g)"/><rect width="5" height="5" style="fill:url(https://evil.example/q#g)"/><rect width="5" height="5" filter="url(https://evil.example/f#f)"/>{DRAWING}</svg>"##
            ),
            format!(
                r#"<svg {ns}><style>@import url(https://evil.example/a.css); rect {{ fill: \75 rl(https://evil.example/b); background: u\72l("//evil.example/c") }} @font-face {{ src: url(https://evil.example/f.woff) }}</style><rect width="5" height="5" style="fill:\75 rl(https://evil.example/d)"/>{DRAWING}</svg>"#
            ),
            format!(
                r#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/s.css" type="text/css"?><?xml-stylesheet href="data:text/css,rect{{fill:url(https://evil.example/x)}}"?><svg {ns}>{DRAWING}</svg>"#
            ),
            format!(
                r#"<svg {ns}><a xlink:href="javascript:alert(1)" target="_top">{DRAWING}</a><a href="https://evil.example/">{DRAWING}</a></svg>"#
            ),
        ];
        for payload in &payloads {
            let svg = rewrite(payload);
            assert_static(&svg, payload);
            assert!(
                svg.contains("<path"),
                "{payload}: the drawing was lost: {svg}"
            );
        }
    }

    #[test]
    fn embedded_images_stay_but_embedded_svgs_are_made_static_too() {
        // A 1×1 PNG.
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        let inner = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="alert(1)"><script>alert(2)</script><rect width="4" height="4"/></svg>"#;
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        let svg = rewrite(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image width="4" height="4" href="data:image/png;base64,{png}"/><image x="5" width="4" height="4" href="data:image/svg+xml;base64,{b64}"/><image width="4" height="4" href="data:text/html;base64,{b64}"/></svg>"#
        ));
        assert!(svg.contains("data:image/png;base64"), "{svg}");
        assert!(!svg.contains("text/html"), "{svg}");
        let nested = svg
            .split("data:image/svg+xml;base64, ")
            .nth(1)
            .expect("the embedded SVG is kept");
        let nested = nested.split('"').next().unwrap_or_default();
        assert_ne!(nested, b64, "the embedded SVG was re-written");
    }

    #[test]
    fn text_is_dropped_and_said_so_and_broken_svgs_are_errors() {
        let out = make_static(
            br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>KI</text></svg>"#,
        )
        .expect("parses");
        assert!(out.dropped_text);
        assert!(!String::from_utf8_lossy(&out.bytes).contains("KI"));
        assert!(make_static(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>").is_err());
        assert!(make_static(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\"/>").is_err());
        assert!(make_static(&[0xff, 0xfe, 0x3c]).is_err());
    }

    #[test]
    fn entity_expansion_cannot_blow_up() {
        let mut dtd = String::from(r#"<!ENTITY a0 "lolololololololololo">"#);
        for i in 1..10 {
            let prev = format!("&a{};", i - 1);
            dtd.push_str(&format!(r#"<!ENTITY a{i} "{}">"#, prev.repeat(10)));
        }
        let svg = format!(
            r#"<!DOCTYPE svg [{dtd}]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><desc>&a9;</desc></svg>"#
        );
        // A billion "lol"s: roxmltree refuses to expand that much.
        let out = make_static(svg.as_bytes());
        assert!(out.is_err(), "{out:?}");
    }
}
