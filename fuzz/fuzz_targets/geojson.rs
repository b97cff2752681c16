//! Any bytes as a campus GeoJSON file: the loader must return diagnostics, never panic or hang.
#![no_main]

use ecoatlas::load::probe::{parse_bytes, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes(Kind::Campus, data);
});
