//! `data/map.json` (its layout is in docs/DATA.md): the map's actors as columns, assembled from
//! one [`MapPiece`] per actor, each actor's entries already written as the file has them
//! ([`map_json_of`]), so that a caller holding the pieces can make the file from them.

use crate::model::Actor;
use crate::render::map::data::{
    MapData, FLAG_APPROXIMATE, FLAG_GONE, FLAG_SME, MAP_DATA_VERSION, MAX_SECTORS,
};
use crate::render::views::Lang;
use serde::Serialize;

/// The vocabularies of one language's `map.json`, which the columns index: the site's types,
/// sectors and campuses, in the order of `site.yaml` and of the campuses' slugs.
pub struct Vocabularies<'a> {
    types: Vec<&'a str>,
    sectors: Vec<&'a str>,
    campuses: Vec<&'a str>,
}

impl<'a> Vocabularies<'a> {
    pub fn new(l: &Lang<'a>) -> Vocabularies<'a> {
        let c = &l.site.config;
        Vocabularies {
            types: c.actor_types.keys().map(String::as_str).collect(),
            sectors: c.sectors.keys().map(String::as_str).collect(),
            campuses: l.site.campuses.iter().map(|c| c.slug.as_str()).collect(),
        }
    }
}

/// One actor's entries in the columns of `map.json`: the strings and the list of campuses as
/// JSON, the rest as numbers (the position in 1e-5 degrees, before the file's origin is taken
/// off).
#[derive(Debug, Clone, PartialEq)]
pub struct MapPiece {
    slug: String,
    name: String,
    position: Option<(i64, i64)>,
    kind: usize,
    sectors: u64,
    campuses: String,
    flags: u32,
    /// An actor with several sites: each one's position (1e-5 degrees), campus (an index into
    /// the campuses, or -1) and label as JSON. Empty for an actor at one place.
    sites: Vec<(i64, i64, i64, Option<String>)>,
}

fn e5(x: f64) -> i64 {
    (x * 1e5).round() as i64
}

fn json_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The piece of actor `a` in `l`'s language.
pub fn map_piece(l: &Lang<'_>, v: &Vocabularies<'_>, a: &Actor) -> MapPiece {
    let index_of = |list: &[&str], key: &str| list.iter().position(|k| *k == key);
    let campuses: Vec<usize> = a
        .campuses
        .iter()
        .filter_map(|s| index_of(&v.campuses, s))
        .collect();
    let mut flags = 0;
    if a.open_to.iter().any(|o| o == "sme") {
        flags |= FLAG_SME;
    }
    if a.approximate {
        flags |= FLAG_APPROXIMATE;
    }
    if a.life.gone() {
        flags |= FLAG_GONE;
    }
    MapPiece {
        slug: json_text(&a.slug),
        name: json_text(a.name_in(l.lang, l.default_lang)),
        position: a.position.map(|p| (e5(p.lat), e5(p.lon))),
        kind: index_of(&v.types, &a.kind).unwrap_or_default(),
        sectors: a
            .sectors
            .iter()
            .filter_map(|s| index_of(&v.sectors, s))
            .filter(|i| *i < MAX_SECTORS)
            .fold(0, |bits, i| bits | (1u64 << i)),
        campuses: serde_json::to_string(&campuses).unwrap_or_default(),
        flags,
        sites: if a.sites.len() > 1 {
            a.sites
                .iter()
                .filter_map(|site| {
                    let p = site.position?;
                    let campus = site
                        .campus
                        .as_deref()
                        .and_then(|c| index_of(&v.campuses, c))
                        .map_or(-1, |i| i as i64);
                    Some((
                        e5(p.lat),
                        e5(p.lon),
                        campus,
                        site.label.as_deref().map(json_text),
                    ))
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// Everything of `map.json` before its columns.
#[derive(Serialize)]
struct Head<'a> {
    v: u32,
    lang: &'a str,
    /// Actor pages are at `actor_url` + slug + `/`.
    actor_url: String,
    /// Campus pages are at `campus_url` + slug + `/`.
    campus_url: String,
    /// [lat, lon] in 1e-5 degrees that `lat` and `lon` count from.
    origin: [i64; 2],
    types: &'a [&'a str],
    sectors: &'a [&'a str],
    campuses: &'a [&'a str],
    keywords: Vec<&'a str>,
    keyword_labels: Vec<&'a str>,
}

impl<'a> Head<'a> {
    fn new(
        l: &'a Lang<'_>,
        v: &'a Vocabularies<'_>,
        data: &'a MapData<'_>,
        origin: (i64, i64),
    ) -> Head<'a> {
        Head {
            v: MAP_DATA_VERSION,
            lang: l.lang,
            actor_url: l.urls.link("actors/"),
            campus_url: l.urls.link("campuses/"),
            origin: [origin.0, origin.1],
            types: &v.types,
            sectors: &v.sectors,
            campuses: &v.campuses,
            keywords: data.keywords.iter().map(|k| k.key.as_str()).collect(),
            keyword_labels: data.keywords.iter().map(|k| k.label.as_str()).collect(),
        }
    }
}

/// `data/map.json` for one language, its pieces made here.
pub fn map_json(l: &Lang<'_>, data: &MapData<'_>) -> Vec<u8> {
    let v = Vocabularies::new(l);
    let pieces: Vec<MapPiece> = data.actors.iter().map(|a| map_piece(l, &v, a)).collect();
    map_json_of(l, &v, data, &pieces.iter().collect::<Vec<_>>())
}

/// `data/map.json` for one language from the pieces of `data`'s actors, in the same order.
pub fn map_json_of(
    l: &Lang<'_>,
    v: &Vocabularies<'_>,
    data: &MapData<'_>,
    pieces: &[&MapPiece],
) -> Vec<u8> {
    let origin = pieces
        .iter()
        .filter_map(|p| p.position)
        .fold(None, |acc: Option<(i64, i64)>, (lat, lon)| match acc {
            None => Some((lat, lon)),
            Some((a, b)) => Some((a.min(lat), b.min(lon))),
        })
        .unwrap_or_default();
    let head = Head::new(l, v, data, origin);
    let text: usize = pieces
        .iter()
        .map(|p| p.slug.len() + p.name.len() + p.campuses.len() + 48)
        .sum();
    let mut out = Vec::with_capacity(text + 4096);
    if serde_json::to_writer(&mut out, &head).is_err() {
        return Vec::new();
    }
    // The head's object goes on with the columns, as one object would be written.
    out.pop();
    out.extend_from_slice(b",\"actors\":{");
    let position = |p: &MapPiece| p.position.unwrap_or(origin);
    column(&mut out, "slug", pieces, |out, p| {
        out.extend_from_slice(p.slug.as_bytes())
    });
    column(&mut out, "name", pieces, |out, p| {
        out.extend_from_slice(p.name.as_bytes())
    });
    column(&mut out, "lat", pieces, |out, p| {
        number(out, position(p).0 - origin.0)
    });
    column(&mut out, "lon", pieces, |out, p| {
        number(out, position(p).1 - origin.1)
    });
    column(&mut out, "type", pieces, |out, p| number(out, p.kind));
    column(&mut out, "sectors", pieces, |out, p| number(out, p.sectors));
    column(&mut out, "campuses", pieces, |out, p| {
        out.extend_from_slice(p.campuses.as_bytes())
    });
    out.extend_from_slice(b"\"keywords\":");
    if serde_json::to_writer(&mut out, &data.actor_keywords[..]).is_err() {
        return Vec::new();
    }
    out.push(b',');
    column(&mut out, "flags", pieces, |out, p| number(out, p.flags));
    // Only a site with an actor of several sites has this column: per actor `0`, or its sites
    // as `[lat, lon, campus]` (`campus` -1 when none) with the label as a fourth entry.
    if pieces.iter().any(|p| !p.sites.is_empty()) {
        column(&mut out, "sites", pieces, |out, p| {
            if p.sites.is_empty() {
                out.push(b'0');
                return;
            }
            out.push(b'[');
            for (i, (lat, lon, campus, label)) in p.sites.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                number(out, lat - origin.0);
                out.push(b',');
                number(out, lon - origin.1);
                out.push(b',');
                number(out, *campus);
                if let Some(label) = label {
                    out.push(b',');
                    out.extend_from_slice(label.as_bytes());
                }
                out.push(b']');
            }
            out.push(b']');
        });
    }
    // The last column has no comma after it; the two objects close.
    out.pop();
    out.extend_from_slice(b"}}\n");
    out
}

/// Writes `"name":[…],` with `write` giving each piece's entry.
fn column(
    out: &mut Vec<u8>,
    name: &str,
    pieces: &[&MapPiece],
    mut write: impl FnMut(&mut Vec<u8>, &MapPiece),
) {
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":[");
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, p);
    }
    out.extend_from_slice(b"],");
}

fn number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LatLon;
    use crate::render::map::data::tests::{three_microscopy_labs, with_lang};

    /// The file as one serialized object with the layout docs/DATA.md gives: what the pieces
    /// must add up to, byte for byte.
    fn as_one_object(l: &Lang<'_>, data: &MapData<'_>) -> Vec<u8> {
        #[derive(Serialize)]
        struct File<'a> {
            #[serde(flatten)]
            head: Head<'a>,
            actors: Columns<'a>,
        }
        #[derive(Serialize)]
        struct Columns<'a> {
            slug: Vec<&'a str>,
            name: Vec<&'a str>,
            lat: Vec<i64>,
            lon: Vec<i64>,
            #[serde(rename = "type")]
            kind: Vec<usize>,
            sectors: Vec<u64>,
            campuses: Vec<Vec<usize>>,
            keywords: &'a [Vec<usize>],
            flags: Vec<u32>,
        }
        let v = Vocabularies::new(l);
        let at = |a: &Actor| a.position.map(|p| (e5(p.lat), e5(p.lon)));
        let origin = (
            data.actors.iter().filter_map(|a| at(a)).map(|p| p.0).min(),
            data.actors.iter().filter_map(|a| at(a)).map(|p| p.1).min(),
        );
        let origin = (origin.0.unwrap_or(0), origin.1.unwrap_or(0));
        let index_of = |list: &[&str], key: &str| list.iter().position(|k| *k == key);
        let file = File {
            head: Head::new(l, &v, data, origin),
            actors: Columns {
                slug: data.actors.iter().map(|a| a.slug.as_str()).collect(),
                name: data
                    .actors
                    .iter()
                    .map(|a| a.name_in(l.lang, l.default_lang))
                    .collect(),
                lat: data
                    .actors
                    .iter()
                    .map(|a| at(a).unwrap_or(origin).0 - origin.0)
                    .collect(),
                lon: data
                    .actors
                    .iter()
                    .map(|a| at(a).unwrap_or(origin).1 - origin.1)
                    .collect(),
                kind: data
                    .actors
                    .iter()
                    .map(|a| index_of(&v.types, &a.kind).unwrap_or_default())
                    .collect(),
                sectors: data
                    .actors
                    .iter()
                    .map(|a| {
                        a.sectors
                            .iter()
                            .filter_map(|s| index_of(&v.sectors, s))
                            .filter(|i| *i < MAX_SECTORS)
                            .fold(0, |bits, i| bits | (1u64 << i))
                    })
                    .collect(),
                campuses: data
                    .actors
                    .iter()
                    .map(|a| {
                        a.campuses
                            .iter()
                            .filter_map(|c| index_of(&v.campuses, c))
                            .collect()
                    })
                    .collect(),
                keywords: &data.actor_keywords,
                flags: data
                    .actors
                    .iter()
                    .map(|a| {
                        let sme = a.open_to.iter().any(|o| o == "sme");
                        u32::from(sme) * FLAG_SME + u32::from(a.approximate) * FLAG_APPROXIMATE
                    })
                    .collect(),
            },
        };
        let mut bytes = serde_json::to_vec(&file).expect("serializable");
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn the_pieces_add_up_to_the_documented_layout() {
        let mut site = three_microscopy_labs();
        // Every column with something to say: quotes and non-ASCII in names, several sectors
        // and campuses, flags, a position south-west of the others.
        let first = &mut site.actors[0];
        for t in first.text.by_lang.values_mut() {
            t.name = "Lab \"Ångström\" / Södra".into();
        }
        first.approximate = true;
        first.open_to = vec!["sme".into()];
        first.position = Some(LatLon {
            lat: 55.6,
            lon: 12.9,
        });
        let sectors: Vec<String> = site.config.sectors.keys().cloned().collect();
        site.actors[1].sectors = sectors;
        let campuses: Vec<String> = site.campuses.iter().map(|c| c.slug.clone()).collect();
        site.actors[1].campuses = campuses;
        for lang in ["sv", "en"] {
            with_lang(&site, lang, |l| {
                let data = MapData::new(l);
                let made = map_json(l, &data);
                let expected = as_one_object(l, &data);
                assert_eq!(
                    String::from_utf8_lossy(&made),
                    String::from_utf8_lossy(&expected)
                );
            });
        }
    }
}
