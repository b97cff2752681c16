//! The theme's own scripts and stylesheets, minified where the theme is loaded (so that the
//! built-in theme and a site's own files under `themes/<name>/static/` are published alike):
//! JavaScript with oxc (compressed, local names shortened), CSS with lightningcss. Both are
//! deterministic: the same file gives the same bytes.
//!
//! Libraries under `static/vendor/` are published as their packages ship them (their scripts
//! come minified already); their stylesheets are minified like the theme's. A file that does not
//! parse is published as it is (the browser then reports the error on the file the editor
//! wrote), and so is one that minifying would not make smaller.
//!
//! No source maps are published: the theme's scripts are a few plain files, readable in the
//! repository and in a site's own theme folder, and a map per file would add files and bytes to
//! every site for the few who debug the theme.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The minified form of the static file `path` (relative to `static/`), or None when it stays
/// as it is: not a script or stylesheet, a vendor script, not valid, or no smaller.
pub fn minify(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let out = if path.ends_with(".css") {
        css(text)?
    } else if path.ends_with(".js") && !path.starts_with("vendor/") {
        js(text)?
    } else {
        return None;
    };
    (out.len() < bytes.len()).then(|| out.into_bytes())
}

/// A classic script (not a module: the theme's scripts are plain `<script>`s): compressed and
/// with local names shortened; top-level names stay, other scripts may use them.
fn js(text: &str) -> Option<String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::cjs()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        return None;
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).build(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    Some(code)
}

fn css(text: &str) -> Option<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"/* A comment that goes. */
(function () {
  'use strict';
  var EA = window.ecoatlas = window.ecoatlas || {};
  /** Adds up. */
  function total(values) {
    var sum = 0;
    for (var i = 0; i < values.length; i++) {
      sum += values[i];
    }
    return sum;
  }
  EA.total = function (values) { return total(values); };
  console.error('kept');
})();
"#;

    #[test]
    fn scripts_get_smaller_keep_what_they_do_and_always_the_same() {
        let out = minify("js/ea/core.js", SCRIPT.as_bytes()).expect("minified");
        let out = String::from_utf8(out).unwrap();
        assert!(out.len() < SCRIPT.len() * 2 / 3, "{out}");
        assert!(
            !out.contains("comment") && !out.contains("Adds up"),
            "{out}"
        );
        // Names other scripts and the page rely on, strings and the console stay.
        for kept in ["window.ecoatlas", ".total=", "console.error", "use strict"] {
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
        // A local name is shortened.
        assert!(!out.contains("values"), "{out}");
        assert_eq!(
            minify("js/ea/core.js", SCRIPT.as_bytes()).unwrap(),
            out.as_bytes()
        );
    }

    #[test]
    fn stylesheets_get_smaller() {
        let css = "/* the map */\n.ea-map {\n  height: 100%;\n  color: #ff0000;\n}\n\n.ea-map  a { color: red; }\n";
        let out = String::from_utf8(minify("css/site.css", css.as_bytes()).unwrap()).unwrap();
        assert_eq!(out, ".ea-map{color:red;height:100%}.ea-map a{color:red}");
        // Vendor stylesheets too.
        assert!(minify("vendor/leaflet/leaflet.css", css.as_bytes()).is_some());
    }

    #[test]
    fn invalid_vendor_and_other_files_stay_as_they_are() {
        assert_eq!(minify("js/broken.js", b"function ( {"), None);
        assert_eq!(
            minify("css/broken.css", b".a { color: red; } }}} @media {"),
            None
        );
        assert_eq!(minify("js/bytes.js", &[0xff, 0xfe, 0x00]), None);
        assert_eq!(minify("vendor/leaflet/leaflet.js", SCRIPT.as_bytes()), None);
        assert_eq!(minify("favicon.svg", b"<svg>  </svg>"), None);
        assert_eq!(minify("js/small.js", b"a()"), None);
    }
}
