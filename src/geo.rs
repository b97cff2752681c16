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

/// Where a polygon's rings cross, if they do: the first such place along the rings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// The place, as [lon, lat].
    pub at: [f64; 2],
    /// The rings that meet there (0: the outer ring, 1...: the holes); the same ring twice when
    /// it crosses itself.
    pub rings: (usize, usize),
    /// The 1-based numbers, within their rings, of the positions that start the two segments
    /// that meet there.
    pub segments: (usize, usize),
}

/// How many pairs of segments whose extents overlap along the sweep's axis the check of one
/// polygon may test. A campus outline has a few hundred segments and tests a few thousand
/// pairs; a ring drawn to defeat the sweep (every segment spanning the whole outline) would
/// test n²/2, so such a polygon is not checked rather than stalling the build.
const MAX_PAIRS: u64 = 20_000_000;

/// Where the closed rings of one polygon (`rings[0]` the outer ring, then the holes; [lon, lat]
/// positions, each ring's first repeated last) cross: a ring that crosses or touches itself
/// other than where one segment meets the next, or two rings that cross or share a stretch.
/// (Two rings may touch at a point, as the OGC rules allow.) A valid polygon gives `None`;
/// repeated consecutive positions are no crossing. Uses the `geo` crate's plane sweep
/// ([`geo::algorithm::sweep::Intersections`]), along whichever axis makes fewer pairs to test;
/// `None` as well for a polygon past [`MAX_PAIRS`].
pub fn polygon_crossing(rings: &[Vec<[f64; 2]>]) -> Option<Crossing> {
    use ::geo::algorithm::sweep::{Cross, Intersections};
    use ::geo::{Coord, Line, LineIntersection};

    /// A segment: its ring, its number in the ring (0-based, repeats left out) and its line.
    #[derive(Clone, Copy, Debug)]
    struct Segment {
        ring: usize,
        index: usize,
        line: Line<f64>,
    }
    impl Cross for Segment {
        type Scalar = f64;
        fn line(&self) -> Line<f64> {
            self.line
        }
    }

    // Each ring's positions without their repeats, each with its number in the file (1-based).
    let rings: Vec<Vec<(usize, [f64; 2])>> = rings
        .iter()
        .map(|ring| {
            let mut points: Vec<(usize, [f64; 2])> = Vec::with_capacity(ring.len());
            for (i, p) in ring.iter().enumerate() {
                if points.last().is_none_or(|(_, q)| q != p) {
                    points.push((i + 1, *p));
                }
            }
            points
        })
        .filter(|points| points.len() >= 4)
        .collect();
    let spans = |axis: usize| {
        overlapping_pairs(
            rings
                .iter()
                .flat_map(|r| r.windows(2).map(move |w| (w[0].1[axis], w[1].1[axis]))),
        )
    };
    let (px, py) = (spans(0), spans(1));
    if px.min(py) > MAX_PAIRS {
        return None;
    }
    // The sweep runs along x: swap the axes when y makes fewer pairs (and swap back the place).
    let swap = py < px;
    let coord = |p: [f64; 2]| {
        if swap {
            Coord { x: p[1], y: p[0] }
        } else {
            Coord { x: p[0], y: p[1] }
        }
    };
    let segments = rings.iter().enumerate().flat_map(|(ring, points)| {
        points
            .windows(2)
            .enumerate()
            .map(move |(index, w)| Segment {
                ring,
                index,
                line: Line::new(coord(w[0].1), coord(w[1].1)),
            })
    });
    let segments_in = |ring: usize| rings[ring].len() - 1;
    let adjacent = |a: &Segment, b: &Segment| {
        let n = segments_in(a.ring);
        a.ring == b.ring && (a.index.abs_diff(b.index) == 1 || a.index.abs_diff(b.index) == n - 1)
    };
    let mut found: Option<Crossing> = None;
    for (a, b, meet) in Intersections::from_iter(segments) {
        let at = match meet {
            // Consecutive segments meet at the position they share, and only there.
            LineIntersection::SinglePoint { .. } if adjacent(&a, &b) => continue,
            // Two rings may touch at a point.
            LineIntersection::SinglePoint {
                is_proper: false, ..
            } if a.ring != b.ring => continue,
            LineIntersection::SinglePoint { intersection, .. } => intersection,
            // Overlapping segments: a spike doubling back, or a stretch drawn twice.
            LineIntersection::Collinear { intersection } => intersection.start,
        };
        let at = if swap { [at.y, at.x] } else { [at.x, at.y] };
        let (first, second) = if (a.ring, a.index) <= (b.ring, b.index) {
            (a, b)
        } else {
            (b, a)
        };
        let crossing = Crossing {
            at,
            rings: (first.ring, second.ring),
            segments: (
                rings[first.ring][first.index].0,
                rings[second.ring][second.index].0,
            ),
        };
        // The sweep's order is not the rings': report the crossing earliest along them.
        if found.is_none_or(|f| (crossing.rings, crossing.segments) < (f.rings, f.segments)) {
            found = Some(crossing);
        }
    }
    found
}

/// How many pairs of the intervals `(a, b)` overlap (share at least a point): the work of a
/// sweep along their axis, counted in O(n log n) without making the pairs.
fn overlapping_pairs(intervals: impl Iterator<Item = (f64, f64)>) -> u64 {
    let mut spans: Vec<(f64, f64)> = intervals.map(|(a, b)| (a.min(b), a.max(b))).collect();
    spans.sort_by(|x, y| x.0.total_cmp(&y.0));
    let starts: Vec<f64> = spans.iter().map(|s| s.0).collect();
    spans
        .iter()
        .enumerate()
        .map(|(i, (_, end))| {
            let reach = starts.partition_point(|s| s <= end);
            reach.saturating_sub(i + 1) as u64
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bow_tie_crosses_itself_where_its_diagonals_meet() {
        // (0,0) → (2,2) → (2,0) → (0,2) → (0,0): the first and third segments cross at (1,1).
        let bow = [[0.0, 0.0], [2.0, 2.0], [2.0, 0.0], [0.0, 2.0], [0.0, 0.0]];
        let c = ring_crossing(&bow).unwrap();
        assert_eq!(c.at, [1.0, 1.0]);
        assert_eq!((c.rings, c.segments), ((0, 0), (1, 3)));
        let square = [
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [0.0, 0.0],
        ];
        assert_eq!(
            ring_crossing(&square),
            None,
            "a repeated position is no crossing"
        );
        // A ring that touches itself at a vertex (a figure eight) is not simple either.
        let eight = [
            [0.0, 0.0],
            [1.0, 1.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [1.0, 1.0],
            [0.0, 2.0],
            [0.0, 0.0],
        ];
        assert_eq!(ring_crossing(&eight).unwrap().at, [1.0, 1.0]);
        // A spike that doubles back on itself.
        let spike = [
            [0.0, 0.0],
            [2.0, 0.0],
            [3.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [0.0, 0.0],
        ];
        assert!(ring_crossing(&spike).is_some());
    }

    fn ring_crossing(ring: &[[f64; 2]]) -> Option<Crossing> {
        polygon_crossing(&[ring.to_vec()])
    }

    #[test]
    fn a_hole_may_touch_its_outer_ring_at_a_point_but_not_cross_it() {
        let outer = vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]];
        let inside = vec![[1.0, 1.0], [1.0, 3.0], [3.0, 3.0], [3.0, 1.0], [1.0, 1.0]];
        assert_eq!(polygon_crossing(&[outer.clone(), inside]), None);
        let touching = vec![[0.0, 2.0], [2.0, 3.0], [2.0, 1.0], [0.0, 2.0]];
        assert_eq!(polygon_crossing(&[outer.clone(), touching]), None);
        let crossing = vec![[3.0, 1.0], [5.0, 1.0], [5.0, 3.0], [3.0, 3.0], [3.0, 1.0]];
        let c = polygon_crossing(&[outer, crossing]).unwrap();
        assert_eq!(c.rings, (0, 1));
        assert_eq!(c.at, [4.0, 1.0]);
    }

    #[test]
    fn a_large_simple_ring_is_checked_quickly() {
        // A circle of 200,000 positions: each segment overlaps only its neighbours.
        let n = 200_000;
        let mut ring: Vec<[f64; 2]> = (0..n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                [18.0 + 0.01 * t.cos(), 59.0 + 0.01 * t.sin()]
            })
            .collect();
        ring.push(ring[0]);
        let started = std::time::Instant::now();
        assert_eq!(ring_crossing(&ring), None);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        assert!(overlapping_pairs(ring.windows(2).map(|w| (w[0][0], w[1][0]))) < 1_000_000);
    }

    #[test]
    fn a_ring_made_to_defeat_the_sweep_is_left_unchecked_not_stalled() {
        // 60,000 chords through the centre, each spanning nearly the whole ring along both
        // axes: ~1.8 billion overlapping pairs either way.
        let n = 60_000;
        let mut ring: Vec<[f64; 2]> = (0..n)
            .map(|i| {
                let t = i as f64 * (std::f64::consts::PI + 1e-4);
                [18.0 + t.cos(), 59.0 + t.sin()]
            })
            .collect();
        ring.push(ring[0]);
        let started = std::time::Instant::now();
        assert_eq!(polygon_crossing(&[ring]), None);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn overlapping_intervals_are_counted() {
        let spans = [(0.0, 1.0), (0.5, 2.0), (3.0, 4.0), (1.0, 0.8)];
        // (0,1)-(0.5,2), (0,1)-(0.8,1), (0.5,2)-(0.8,1).
        assert_eq!(overlapping_pairs(spans.into_iter()), 3);
    }

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
