//! Answering requests from the site in memory. Paths are looked up in the output tree, never on
//! disk, so no path (`..`, `%2e%2e`, absolute, links) can reach a file outside the site.

use super::live;
use super::state::Preview;
use crate::output::OutputTree;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route(live::EVENTS_PATH, get(live::events))
        .route(live::SCRIPT_PATH, get(live::script))
        .fallback(site)
        .with_state(preview)
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String),
    /// A folder asked for without its slash: send the browser to it.
    Redirect(String),
    /// Nothing: answer with this 404 page (if the site has one).
    NotFound(Option<String>),
}

/// Resolves a raw (percent-encoded) request path against `tree`.
pub fn resolve(tree: &OutputTree, raw: &str) -> Resolved {
    let not_found = |tree: &OutputTree, segments: &[String]| {
        let localized = segments.first().map(|lang| format!("{lang}/404.html"));
        let page = localized
            .filter(|p| tree.get(p).is_some())
            .or_else(|| tree.get("404.html").map(|_| "404.html".to_string()));
        Resolved::NotFound(page)
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return not_found(tree, &[]);
    };
    let segments: Vec<String> = decoded
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let unsafe_segment = |s: &String| s == "." || s == ".." || s.contains('\\') || s.contains('\0');
    if segments.iter().any(unsafe_segment) {
        return not_found(tree, &[]);
    }
    let joined = segments.join("/");
    let wants_folder = decoded.ends_with('/') || segments.is_empty();
    let key = if wants_folder {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined.clone()
    };
    if tree.get(&key).is_some() {
        return Resolved::File(key);
    }
    if !wants_folder && tree.get(&format!("{joined}/index.html")).is_some() {
        return Resolved::Redirect(format!("{raw}/"));
    }
    not_found(tree, &segments)
}

async fn site(
    axum::extract::State(preview): axum::extract::State<Arc<Preview>>,
    method: Method,
    uri: Uri,
    request_headers: HeaderMap,
) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    let tree = preview.site();
    let (status, key) = match resolve(&tree, uri.path()) {
        Resolved::File(key) => (StatusCode::OK, Some(key)),
        Resolved::Redirect(to) => {
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, to)
                .body(Body::empty())
                .unwrap_or_default();
        }
        Resolved::NotFound(page) => (StatusCode::NOT_FOUND, page),
    };
    let Some(bytes) = key.as_deref().and_then(|k| tree.get(k)) else {
        // A site so broken it has not even a 404 page yet: show the overlay on an empty page.
        let html = live::inject(b"<!doctype html><title>ecoatlas</title><body></body>");
        return respond(status, "text/html; charset=utf-8", html);
    };
    let key = key.unwrap_or_default();
    let mime = mime_guess::from_path(&key).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        return respond(status, "text/html; charset=utf-8", live::inject(bytes));
    }
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT | mime_guess::mime::APPLICATION if is_text(&key) => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    if status != StatusCode::OK {
        return respond(status, &content_type, bytes.to_vec());
    }
    // Other files answer range requests, as static hosts do (the base map is read so).
    let part = super::range::requested(&request_headers, bytes.len() as u64);
    let mut headers = HeaderMap::new();
    let (status, body) = super::range::apply(part, bytes, &mut headers);
    let mut response = respond(status, &content_type, body);
    response.headers_mut().extend(headers);
    response
}

fn is_text(key: &str) -> bool {
    [
        ".css", ".js", ".json", ".geojson", ".txt", ".xml", ".csv", ".svg",
    ]
    .iter()
    .any(|e| key.ends_with(e))
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    // A preview changes all the time: never let the browser keep an old copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> OutputTree {
        let mut t = OutputTree::default();
        for p in [
            "index.html",
            "404.html",
            "en/404.html",
            "actors/ki/index.html",
            "assets/css/site.css",
        ] {
            t.insert(p, b"x".to_vec()).unwrap();
        }
        t
    }

    #[test]
    fn paths_resolve_to_files_folders_and_redirects() {
        let t = tree();
        assert_eq!(resolve(&t, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&t, "/actors/ki/"),
            Resolved::File("actors/ki/index.html".into())
        );
        assert_eq!(
            resolve(&t, "/actors/ki"),
            Resolved::Redirect("/actors/ki/".into())
        );
        assert_eq!(
            resolve(&t, "/assets/css/site.css"),
            Resolved::File("assets/css/site.css".into())
        );
        assert_eq!(
            resolve(&t, "/actors/%6bi/"),
            Resolved::File("actors/ki/index.html".into())
        );
    }

    #[test]
    fn nothing_outside_the_site_is_reachable() {
        let t = tree();
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/actors/%2E%2E/%2e%2e/x",
            "//etc/passwd",
            "/a\\..\\b",
            "/%ff",
        ] {
            assert!(matches!(resolve(&t, raw), Resolved::NotFound(_)), "{raw}");
        }
        assert_eq!(
            resolve(&t, "/en/nothing/"),
            Resolved::NotFound(Some("en/404.html".into()))
        );
        assert_eq!(
            resolve(&t, "/nothing"),
            Resolved::NotFound(Some("404.html".into()))
        );
    }
}
