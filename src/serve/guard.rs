//! Who may talk to the preview. A web page the editor visits can point a host name of its own
//! at 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as if it were its
//! own site; the browser sends that name in `Host`. So every request must name a host the
//! server was bound for (as development servers do with an allowed-hosts list), and a request
//! that says where it comes from (`Origin`) must come from the preview itself.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// The host names (and port) requests may be addressed to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// The address the server listens on.
    bound: IpAddr,
    port: u16,
    /// Names given with `--allowed-host`, lower case.
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(bound: IpAddr, port: u16, names: &[String]) -> AllowedHosts {
        AllowedHosts {
            bound,
            port,
            names: names
                .iter()
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether `authority` (a `Host` header: name or address, and port) is the server's.
    pub fn allows(&self, authority: &str) -> bool {
        let Ok(authority) = authority.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        if authority.port_u16().unwrap_or(80) != self.port {
            return false;
        }
        let host = authority.host();
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name) {
            return true;
        }
        let literal = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        match literal.parse::<IpAddr>() {
            // Any of this machine's addresses when bound to all of them, else the bound one
            // and loopback. An address cannot be rebound: only a page served from it names it.
            Ok(ip) => self.bound.is_unspecified() || ip == self.bound || ip.is_loopback(),
            Err(_) => false,
        }
    }

    /// Whether the request's `Origin`, when it has one, is the preview it is addressed to.
    fn same_origin(&self, headers: &HeaderMap, host: &str) -> bool {
        match headers.get(header::ORIGIN) {
            None => true,
            Some(origin) => origin
                .to_str()
                .ok()
                .and_then(|o| o.strip_prefix("http://"))
                .is_some_and(|o| o.eq_ignore_ascii_case(host) && self.allows(o)),
        }
    }
}

/// The middleware: refuses a request to another host name (403) or from another origin
/// (403), with a plain message saying why.
pub async fn check(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    let Some(host) = host.filter(|h| allowed.allows(h)) else {
        return refuse(
            "This host name is not one the ecoatlas preview was started for. \
             To reach the preview under another name, start it with --allowed-host NAME.\n",
        );
    };
    if !allowed.same_origin(request.headers(), &host) {
        return refuse("The ecoatlas preview answers only its own pages.\n");
    }
    next.run(request).await
}

fn refuse(message: &'static str) -> Response {
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> AllowedHosts {
        AllowedHosts::new("127.0.0.1".parse().unwrap(), 8000, &["preview.lan".into()])
    }

    #[test]
    fn only_the_servers_own_names_and_port_are_allowed() {
        let a = loopback();
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST.:8000",
            "app.localhost:8000",
            "[::1]:8000",
            "preview.lan:8000",
        ] {
            assert!(a.allows(ok), "{ok}");
        }
        for bad in [
            "attacker.example:8000",
            "attacker.example",
            "localhost.attacker.example:8000",
            "127.0.0.1.nip.io:8000",
            "localhost:8001",
            "localhost",
            "192.168.1.5:8000",
            "",
            "local host:8000",
        ] {
            assert!(!a.allows(bad), "{bad}");
        }
        let any = AllowedHosts::new("0.0.0.0".parse().unwrap(), 80, &[]);
        assert!(any.allows("192.168.1.5"));
        assert!(any.allows("[fe80::1]:80"));
        assert!(!any.allows("attacker.example"));
        let lan = AllowedHosts::new("192.168.1.5".parse().unwrap(), 8000, &[]);
        assert!(lan.allows("192.168.1.5:8000"));
        assert!(!lan.allows("192.168.1.6:8000"));
    }

    #[test]
    fn an_origin_must_be_the_preview_itself() {
        let a = loopback();
        let with = |origin: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, origin.parse().unwrap());
            h
        };
        assert!(a.same_origin(&HeaderMap::new(), "localhost:8000"));
        assert!(a.same_origin(&with("http://localhost:8000"), "localhost:8000"));
        for bad in [
            "http://attacker.example",
            "http://127.0.0.1:8000",
            "https://localhost:8000",
            "null",
            "http://localhost:8000.attacker.example",
        ] {
            assert!(!a.same_origin(&with(bad), "localhost:8000"), "{bad}");
        }
    }
}
