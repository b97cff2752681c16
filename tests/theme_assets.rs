//! How the theme's scripts and stylesheets are published, through the real binary: minified
//! (the built-in theme's and a site's own), the same bytes at every build, and loaded without
//! blocking the page's rendering.

mod support;

use support::*;

/// Every `<script src=…>` tag of the built HTML pages that is neither `defer` nor `async`.
fn blocking_scripts(out: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in read_tree(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for tag in html.split("<script").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if tag.contains("src=") && !tag.contains(" defer") && !tag.contains(" async") {
                found.push(format!("{path}: <script{tag}>"));
            }
        }
    }
    found
}

#[test]
fn the_themes_scripts_and_stylesheets_are_published_minified_deferred_and_the_same_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("one"), dir.path().join("two"));
    build(&repo_root(), &first, &[]);
    build(&repo_root(), &second, &[]);
    let blocking = blocking_scripts(&first);
    assert!(
        blocking.is_empty(),
        "render-blocking scripts: {blocking:#?}"
    );

    let theme = repo_root().join("themes/default/static");
    let mut source_total = 0;
    let mut published_total = 0;
    for file in [
        "js/map.js",
        "js/relations.js",
        "js/guide.js",
        "js/ea/core.js",
        "js/ea/mapview.js",
        "css/site.css",
        "css/print.css",
    ] {
        let source = std::fs::read(theme.join(file)).unwrap();
        let published = std::fs::read(first.join("assets").join(file)).unwrap();
        assert!(
            published.len() < source.len() * 9 / 10,
            "assets/{file} is not minified: {} bytes of {}",
            published.len(),
            source.len()
        );
        assert!(
            !String::from_utf8_lossy(&published).contains("/*"),
            "assets/{file} keeps comments"
        );
        source_total += source.len();
        published_total += published.len();
    }
    assert!(published_total < source_total * 2 / 3);
    assert_eq!(
        read_tree(&first.join("assets")),
        read_tree(&second.join("assets")),
        "two builds publish different assets"
    );
}

#[test]
fn a_sites_own_theme_files_are_minified_too() {
    let (dir, site) = fixture_site("minimal", &[]);
    let own = site.join("themes/default/static");
    std::fs::create_dir_all(own.join("css")).unwrap();
    std::fs::create_dir_all(own.join("js")).unwrap();
    std::fs::write(
        own.join("css/extra.css"),
        "/* The site's own colours. */\n.site-header {\n  background: #ffffff;\n}\n",
    )
    .unwrap();
    std::fs::write(
        own.join("js/extra.js"),
        "/* The site's own script. */\n(function () {\n  var message = 'hello';\n  document.title = message;\n})();\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(&site, &out, &[]);
    assert_eq!(
        read(&out, "assets/css/extra.css"),
        ".site-header{background:#fff}"
    );
    let js = read(&out, "assets/js/extra.js");
    assert!(
        !js.contains("own script") && !js.contains('\n') && js.contains("hello"),
        "{js}"
    );
}
