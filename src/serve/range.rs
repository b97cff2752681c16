//! HTTP range requests (RFC 9110 §14), as static hosts answer them: the base map's reader asks
//! for the parts of its PMTiles file it needs. The `Range` header is parsed and checked against
//! the file's length by `http-range-header`, the parser tower-http's file service uses.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use std::ops::RangeInclusive;

/// What to send of a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    /// All of it (no `Range`, or several ranges, which a server may answer whole).
    Whole,
    /// One range: 206 Partial Content.
    Bytes(RangeInclusive<u64>),
    /// A range outside the file or a header that is not a byte range: 416.
    Unsatisfiable,
}

/// Which part of a file of `len` bytes the request's headers ask for.
pub fn requested(headers: &HeaderMap, len: u64) -> Part {
    let Some(value) = headers.get(header::RANGE) else {
        return Part::Whole;
    };
    let ranges = value
        .to_str()
        .ok()
        .and_then(|v| http_range_header::parse_range_header(v).ok())
        .and_then(|r| r.validate(len).ok());
    match ranges.as_deref() {
        Some([one]) => Part::Bytes(one.clone()),
        Some(_) => Part::Whole,
        None => Part::Unsatisfiable,
    }
}

/// The status, the extra headers and the bytes of `body` to send for `part`.
pub fn apply(part: Part, body: &[u8], headers: &mut HeaderMap) -> (StatusCode, Vec<u8>) {
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let len = body.len();
    let content_range = |v: String| HeaderValue::from_str(&v).ok();
    match part {
        Part::Whole => (StatusCode::OK, body.to_vec()),
        Part::Bytes(range) => {
            // validate() keeps ranges inside the file, so these fit in usize.
            let (start, end) = (*range.start() as usize, *range.end() as usize);
            if let Some(v) = content_range(format!("bytes {start}-{end}/{len}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::PARTIAL_CONTENT, body[start..=end].to_vec())
        }
        Part::Unsatisfiable => {
            if let Some(v) = content_range(format!("bytes */{len}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::RANGE_NOT_SATISFIABLE, Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(range: &str, len: u64) -> Part {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, HeaderValue::from_str(range).unwrap());
        requested(&h, len)
    }

    #[test]
    fn ranges_are_read_as_static_hosts_read_them() {
        assert_eq!(requested(&HeaderMap::new(), 10), Part::Whole);
        assert_eq!(ask("bytes=0-3", 10), Part::Bytes(0..=3));
        assert_eq!(ask("bytes=7-", 10), Part::Bytes(7..=9));
        assert_eq!(ask("bytes=-2", 10), Part::Bytes(8..=9));
        assert_eq!(ask("bytes=0-1,4-5", 10), Part::Whole);
        assert_eq!(ask("bytes=10-12", 10), Part::Unsatisfiable);
        assert_eq!(ask("lines=1-2", 10), Part::Unsatisfiable);
    }

    #[test]
    fn a_range_sends_its_bytes_and_says_which() {
        let mut h = HeaderMap::new();
        let (status, body) = apply(Part::Bytes(2..=4), b"0123456789", &mut h);
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(body, b"234");
        assert_eq!(h[header::CONTENT_RANGE], "bytes 2-4/10");
        let (status, body) = apply(Part::Unsatisfiable, b"0123", &mut h);
        assert_eq!((status, body.len()), (StatusCode::RANGE_NOT_SATISFIABLE, 0));
        assert_eq!(h[header::CONTENT_RANGE], "bytes */4");
    }
}
