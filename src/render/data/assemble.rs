//! Files that list every actor, assembled from one piece per actor (`actors.json`,
//! `actors.csv`, `actors.geojson`, `relations.json`): the pieces made a chunk at a time
//! ([`in_chunks`]), indented as entries of a file ([`nested`]) and put into the file's empty
//! list ([`splice_list`]).

use crate::model::Actor;
use rayon::prelude::*;
use serde::Serialize;

/// One piece per actor, in the order of `actors`, made side by side a few thousand at a time:
/// the pieces of a large file are never all held at once, besides the file.
pub fn in_chunks<'a, T: Send + 'a>(
    actors: &'a [Actor],
    make: impl Fn(&'a Actor) -> T + Sync + 'a,
) -> impl Iterator<Item = T> + 'a {
    const CHUNK: usize = 2048;
    actors
        .chunks(CHUNK)
        .flat_map(move |chunk| chunk.par_iter().map(&make).collect::<Vec<T>>())
}

/// `file` with `pieces` put into the empty list that follows `before`: after `[`, `open`
/// before the first piece, `sep` between pieces and `close` before `]`. With no pieces, or
/// without `before` in `file`, `file` as it is. `size`: how long the pieces and separators
/// are together, where known (the file is then made without growing it), else 0.
pub fn splice_list(
    file: &[u8],
    before: &[u8],
    (open, sep, close): (&[u8], &[u8], &[u8]),
    pieces: impl Iterator<Item = impl AsRef<[u8]>>,
    size: usize,
) -> Vec<u8> {
    let Some(at) = file
        .windows(before.len())
        .position(|w| w == before)
        .map(|i| i + before.len())
    else {
        return file.to_vec();
    };
    let mut bytes = Vec::with_capacity(file.len() + size + 64);
    bytes.extend_from_slice(&file[..at]);
    let mut any = false;
    for piece in pieces {
        bytes.extend_from_slice(if any { sep } else { open });
        bytes.extend_from_slice(piece.as_ref());
        any = true;
    }
    if any {
        bytes.extend_from_slice(close);
    }
    bytes.extend_from_slice(&file[at..]);
    bytes
}

/// `value` pretty-printed at a file's third level (as an entry of a list or object inside the
/// top-level object): JSON strings hold no raw line breaks, so every line break is between
/// tokens.
pub fn nested<T: Serialize>(value: &T) -> Vec<u8> {
    let alone = serde_json::to_vec_pretty(value).unwrap_or_default();
    let mut bytes = Vec::with_capacity(alone.len() + alone.len() / 4);
    for &b in &alone {
        bytes.push(b);
        if b == b'\n' {
            bytes.extend_from_slice(b"    ");
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::splice_list;

    #[test]
    fn pieces_are_spliced_into_the_empty_list() {
        let file = br#"{"a":[],"b":[]}"#;
        let pieces: [&[u8]; 2] = [b"1", b"2"];
        let spliced = splice_list(file, br#""b":["#, (b"<", b",", b">"), pieces.into_iter(), 0);
        assert_eq!(spliced, br#"{"a":[],"b":[<1,2>]}"#);
        let none = splice_list(
            file,
            br#""b":["#,
            (b"<", b",", b">"),
            std::iter::empty::<&[u8]>(),
            0,
        );
        assert_eq!(none, file);
        let elsewhere = splice_list(file, b"\"c\":[", (b"", b",", b""), pieces.into_iter(), 0);
        assert_eq!(elsewhere, file);
    }
}
