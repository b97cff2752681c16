//! The site's own vector base map: the PMTiles file that `site.yaml` names under `basemap:`.
//!
//! [`read`] checks it (a PMTiles v3 archive of Mapbox Vector Tiles whose directory can be read,
//! whose bounds cover the site's map and whose zoom range reaches the map's first view) with
//! the `pmtiles` crate; [`publish`] puts it into the output under a stable name
//! ([`published_path`]), byte for byte. The browser reads it with HTTP range requests, which
//! static hosts and `ecoatlas serve` answer.

use crate::config::{BaseMapConfig, Bounds, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::source::key_line;
use pmtiles::{AsyncBackend, AsyncPmTilesReader, BackendResponse, Compression, PmtError};
use pmtiles::{PmtResult, TileCoord, TileType};
use std::path::{Component, Path};

/// Where the base map is published, below the site's root.
pub const PUBLISHED_DIR: &str = "assets/basemap/";

/// The largest file accepted: the preview holds it in memory, and a visitor's browser reads
/// only the parts it shows, but an extract this large is almost certainly a mistake.
pub const MAX_BYTES: u64 = 1 << 30;

/// A checked base-map file.
pub struct BaseMap {
    /// Where it is published, relative to the site's root.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The published path of the configured file (`assets/basemap/<file name>`), if its name is
/// one a URL can carry as it is.
pub fn published_path(config: &BaseMapConfig) -> Option<String> {
    let name = Path::new(&config.file).file_name()?.to_str()?;
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    (plain && name.ends_with(".pmtiles") && !name.starts_with('.'))
        .then(|| format!("{PUBLISHED_DIR}{name}"))
}

/// Reads and checks the base map that `site.yaml` names, if any. Every problem is an error
/// naming the file (or site.yaml's `basemap.file` when the file cannot be read).
pub fn read(root: &Path, config: &SiteConfig) -> Result<Option<BaseMap>, Vec<Diagnostic>> {
    let Some(basemap) = &config.basemap else {
        return Ok(None);
    };
    let yaml = std::fs::read_to_string(root.join(SiteConfig::FILE)).unwrap_or_default();
    let at = |field: &str, message: String| {
        Diagnostic::error(SiteConfig::FILE, message)
            .at(key_line(&yaml, 1, field), 1)
            .field(field.to_string())
    };
    let mut problems = Vec::new();
    if basemap.attribution.trim().is_empty() {
        problems.push(
            at(
                "basemap.attribution",
                "the base map needs the attribution its data's licences require".into(),
            )
            .hint("for an OpenStreetMap extract: © OpenStreetMap contributors"),
        );
    } else if let Some(message) = crate::attribution::lost_markup(&basemap.attribution) {
        problems
            .push(at("basemap.attribution", message).hint(crate::attribution::LOST_MARKUP_HINT));
    }
    let relative = Path::new(&basemap.file);
    let inside = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    let Some(path) = published_path(basemap).filter(|_| inside) else {
        problems.push(
            at(
                "basemap.file",
                format!("`{}` is not a .pmtiles file inside the site", basemap.file),
            )
            .hint("a path relative to the site's folder whose file name has only letters, digits, `.`, `-` and `_` and ends with .pmtiles, e.g. content/basemap/region.pmtiles"),
        );
        return Err(problems);
    };
    let bytes = match std::fs::metadata(root.join(relative)) {
        Ok(m) if m.len() > MAX_BYTES => Err(format!(
            "{} bytes; a base map may have at most {MAX_BYTES}",
            m.len()
        )),
        Ok(_) => std::fs::read(root.join(relative)).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            problems.push(
                at(
                    "basemap.file",
                    format!("cannot read the base map `{}`: {e}", basemap.file),
                )
                .hint("docs/MAP.md says how to make one for the site's region"),
            );
            return Err(problems);
        }
    };
    problems.extend(check(&bytes, config, &basemap.file));
    if problems.is_empty() {
        Ok(Some(BaseMap { path, bytes }))
    } else {
        Err(problems)
    }
}

/// Puts the base map into the output.
pub fn publish(basemap: BaseMap, sink: &dyn Sink) -> anyhow::Result<()> {
    sink.put(basemap.path, basemap.bytes)
}

/// The problems of the PMTiles archive `bytes` as the base map of a site with `config`; `file`
/// names it in the diagnostics.
pub fn check(bytes: &[u8], config: &SiteConfig, file: &str) -> Vec<Diagnostic> {
    let error = |message: String| Diagnostic::error(file, message);
    let reader = match block_on(AsyncPmTilesReader::try_from_source(Memory(bytes))) {
        Ok(r) => r,
        Err(e) => return vec![broken(file, &e)],
    };
    let header = reader.get_header();
    let mut out = Vec::new();
    if header.tile_type != TileType::Mvt {
        out.push(
            error(format!(
                "the base map holds {:?} tiles; the map draws vector tiles (MVT) only",
                header.tile_type
            ))
            .hint("make a vector extract (docs/MAP.md), not a raster one"),
        );
    }
    // What browsers decompress (DecompressionStream): gzip, or nothing.
    for (what, compression) in [
        ("its tiles", header.tile_compression),
        ("its directories", header.internal_compression()),
    ] {
        if !matches!(compression, Compression::Gzip | Compression::None) {
            out.push(
                error(format!(
                    "{what} are compressed with {compression:?}, which browsers cannot read"
                ))
                .hint("make the extract with gzip compression (`pmtiles extract` keeps the build's gzip)"),
            );
        }
    }
    let map = &config.map;
    if header.min_zoom > header.max_zoom || header.max_zoom > pmtiles::MAX_ZOOM {
        out.push(error(format!(
            "zoom levels {} to {} are not a zoom range",
            header.min_zoom, header.max_zoom
        )));
    } else if header.min_zoom > map.zoom {
        out.push(
            error(format!(
                "the base map starts at zoom {}, after the map's first view (zoom {})",
                header.min_zoom, map.zoom
            ))
            .hint("make the extract from zoom 0 (`pmtiles extract` does unless told otherwise)"),
        );
    }
    let have = Bounds {
        west: header.min_longitude,
        south: header.min_latitude,
        east: header.max_longitude,
        north: header.max_latitude,
    };
    let need = map.bounds.unwrap_or(Bounds {
        west: map.center.lon,
        south: map.center.lat,
        east: map.center.lon,
        north: map.center.lat,
    });
    // The header stores degrees × 10⁷ as integers: allow for their rounding.
    const SLACK: f64 = 1e-6;
    let covers = have.west <= need.west + SLACK
        && have.south <= need.south + SLACK
        && have.east >= need.east - SLACK
        && have.north >= need.north - SLACK;
    if !covers {
        out.push(
            error(format!(
                "the base map covers west {} south {} east {} north {}, not the whole map \
                 (west {} south {} east {} north {} in site.yaml's map.bounds)",
                have.west,
                have.south,
                have.east,
                have.north,
                need.west,
                need.south,
                need.east,
                need.north
            ))
            .hint("make an extract for the map's bounds (docs/MAP.md: pmtiles extract --bbox)"),
        );
    }
    if out.is_empty() {
        // The map's first view must find a tile over its centre.
        let zoom = map.zoom.clamp(header.min_zoom, header.max_zoom);
        let tile = tile_at(map.center.lon, map.center.lat, zoom)
            .and_then(|coord| block_on(reader.get_tile(coord)));
        match tile {
            Ok(Some(_)) => {}
            Ok(None) => out.push(
                Diagnostic::warning(
                    file,
                    format!("the base map has no tile at zoom {zoom} over the map's centre"),
                )
                .hint(
                    "the first view will show no base map there; is it the extract of this region?",
                ),
            ),
            Err(e) => out.push(broken(file, &e)),
        }
    }
    out
}

fn broken(file: &str, e: &PmtError) -> Diagnostic {
    let what = match e {
        PmtError::InvalidMagicNumber => "it is not a PMTiles file".to_string(),
        PmtError::UnsupportedPmTilesVersion => "it is a PMTiles file of version 2".to_string(),
        other => format!("it is damaged or cut short ({other})"),
    };
    Diagnostic::error(file, format!("the base map cannot be read: {what}")).hint(
        "ecoatlas reads PMTiles version 3; make the file again (docs/MAP.md), or convert an old \
         one with `pmtiles convert`",
    )
}

/// The tile at zoom `z` that holds a position (Web Mercator, as the tiles are cut).
fn tile_at(lon: f64, lat: f64, z: u8) -> PmtResult<TileCoord> {
    let n = f64::from(1u32 << z);
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = ((lon + 180.0) / 360.0 * n).floor().clamp(0.0, n - 1.0);
    let y = ((1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * n)
        .floor()
        .clamp(0.0, n - 1.0);
    // Both are whole numbers in 0..2^z, so the casts are exact.
    TileCoord::new(z, x as u32, y as u32)
}

/// The archive in memory, as the `pmtiles` reader's backend.
struct Memory<'a>(&'a [u8]);

impl AsyncBackend for Memory<'_> {
    async fn read(&self, offset: u64, length: usize) -> PmtResult<BackendResponse> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.0.len());
        let end = start.saturating_add(length).min(self.0.len());
        Ok(BackendResponse::new(bytes::Bytes::copy_from_slice(
            &self.0[start..end],
        )))
    }
}

/// Runs a future of the in-memory reader, which never waits on anything.
fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_are_found_where_they_are_cut() {
        // Stockholm at zoom 9 is tile 281/150 (as any slippy-map tool computes it).
        let t = tile_at(18.0686, 59.3293, 9).unwrap();
        assert_eq!((t.x(), t.y()), (281, 150));
        let t = tile_at(-180.0, 85.1, 0).unwrap();
        assert_eq!((t.x(), t.y()), (0, 0));
    }

    #[test]
    fn only_plain_pmtiles_names_are_published() {
        let c = |f: &str| BaseMapConfig {
            file: f.into(),
            attribution: "x".into(),
        };
        assert_eq!(
            published_path(&c("content/basemap/region.pmtiles")).as_deref(),
            Some("assets/basemap/region.pmtiles")
        );
        assert_eq!(published_path(&c("map.mbtiles")), None);
        assert_eq!(published_path(&c("a b.pmtiles")), None);
        assert_eq!(published_path(&c(".pmtiles")), None);
    }

    #[test]
    fn garbage_is_not_a_base_map() {
        let config: SiteConfig = serde_yaml::from_str(
            "title: t\nmap: {center: {lat: 59, lon: 18}}\nactor_types: {}\nsectors: {}",
        )
        .unwrap();
        let d = check(b"not a pmtiles file at all", &config, "x.pmtiles");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("not a PMTiles file"), "{d:?}");
        let d = check(b"PMTiles\x03", &config, "x.pmtiles");
        assert!(d[0].message.contains("damaged or cut short"), "{d:?}");
    }
}
