//! Measuring on the globe: distances between points and the area of campus outlines.

use crate::config::LatLon;
use crate::model::Shape;

/// The Earth's mean radius in metres (for distances).
const MEAN_RADIUS_M: f64 = 6_371_008.8;
/// The WGS84 equatorial radius in metres (for areas, as GeoJSON tools use it).
const EQUATORIAL_RADIUS_M: f64 = 6_378_137.0;

/// The great-circle distance between `a` and `b`, in kilometres (haversine formula).
pub fn distance_km(a: LatLon, b: LatLon) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = (b.lat - a.lat).to_radians();
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * MEAN_RADIUS_M * h.sqrt().asin() / 1000.0
}

/// The area of a shape on the globe in square kilometres (outer rings minus holes); `None` for
/// a point.
pub fn area_km2(shape: &Shape) -> Option<f64> {
    match shape {
        Shape::Point(_) => None,
        Shape::Polygons(polys) => Some(
            polys
                .iter()
                .map(|rings| {
                    rings
                        .iter()
                        .enumerate()
                        .map(|(i, r)| if i == 0 { ring_area(r) } else { -ring_area(r) })
                        .sum::<f64>()
                        .max(0.0)
                })
                .sum::<f64>()
                / 1e6,
        ),
    }
}

/// The area of one ring of [lon, lat] positions in square metres, by the spherical-excess
/// approximation of Chamberlain and Duquette ("Some algorithms for polygons on a sphere", 2007).
fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    if n < 3 {
        return 0.0;
    }
    let mut total = 0.0;
    for i in 0..n {
        let lower = ring[i];
        let middle = ring[(i + 1) % n];
        let upper = ring[(i + 2) % n];
        total += (upper[0].to_radians() - lower[0].to_radians()) * middle[1].to_radians().sin();
    }
    (total * EQUATORIAL_RADIUS_M * EQUATORIAL_RADIUS_M / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_stockholm_and_uppsala_is_about_64_km() {
        let stockholm = LatLon {
            lat: 59.3293,
            lon: 18.0686,
        };
        let uppsala = LatLon {
            lat: 59.8586,
            lon: 17.6389,
        };
        let d = distance_km(stockholm, uppsala);
        assert!((d - 64.0).abs() < 1.5, "{d}");
        assert_eq!(distance_km(stockholm, stockholm), 0.0);
    }

    #[test]
    fn a_square_of_a_hundredth_degree_at_the_equator_is_about_1_24_km2() {
        let ring = vec![
            [0.0, 0.0],
            [0.01, 0.0],
            [0.01, 0.01],
            [0.0, 0.01],
            [0.0, 0.0],
        ];
        let hole = vec![
            [0.0025, 0.0025],
            [0.0075, 0.0025],
            [0.0075, 0.0075],
            [0.0025, 0.0075],
            [0.0025, 0.0025],
        ];
        let a = area_km2(&Shape::Polygons(vec![vec![ring.clone()]])).unwrap();
        // (0.01° × 111.32 km)² ≈ 1.2392 km².
        assert!((a - 1.2392).abs() < 0.002, "{a}");
        let with_hole = area_km2(&Shape::Polygons(vec![vec![ring, hole]])).unwrap();
        assert!((with_hole - a * 0.75).abs() < 0.002, "{with_hole}");
        assert_eq!(area_km2(&Shape::Point(LatLon { lat: 0.0, lon: 0.0 })), None);
    }
}
