//! Approximate people count: active segments that touch form clusters, clusters are people.
//!
//! Two segments are adjacent when their triangles share an edge: neighbouring triangles of
//! one module (they share a spoke from the centre), and triangles of two modules whose
//! outer edges lie on each other (worked out from the geometry, so modules of other sizes
//! or offsets work too). Corners alone do not connect.
//!
//! The rule, documented on the page as "approximate": a cluster of `n` active segments
//! counts as `ceil(n / SEGMENTS_PER_PERSON)` people. A person standing usually presses 2–4
//! triangles (two feet, sometimes across a module border), at most about 6; so people close
//! together who merge into one cluster still count as more than one, and one person never
//! counts twice. A cluster belongs to the zone that contains its centroid (the mean of its
//! triangles' centroids); clusters outside every zone count only in the total.

use lernort_floor_protocol::{Layout, Triangle, TRIANGLES_PER_MODULE};

/// How many active segments one person accounts for at most (see the module docs).
pub const SEGMENTS_PER_PERSON: u32 = 6;

/// How many people there are, approximately, in total and per zone (layout order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Everyone on the floor.
    pub total: u32,
    /// Per zone of the layout, in its order.
    pub zones: Vec<u32>,
}

impl Counts {
    /// The zone with the most people (the first of equals); `None` when every zone is empty.
    ///
    /// ```
    /// use lernort_floor_view::Counts;
    /// let counts = Counts { total: 6, zones: vec![1, 3, 3] };
    /// assert_eq!(counts.busiest(), Some((1, 3)));
    /// assert_eq!(Counts { total: 1, zones: vec![0, 0] }.busiest(), None);
    /// ```
    pub fn busiest(&self) -> Option<(usize, u32)> {
        let (zone, &n) = self
            .zones
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, &n)| n)?;
        (n > 0).then_some((zone, n))
    }
}

/// The clustering, set up once per layout; counting reuses its buffers.
#[derive(Clone, Debug)]
pub struct People {
    /// Pairs of adjacent segments, each pair once, lower index first.
    edges: Vec<(u16, u16)>,
    /// Centroid of every segment's triangle, in cm.
    centroids: Vec<(f32, f32)>,
    /// Zone rectangles in cm: x, y, width, height.
    zones: Vec<[f32; 4]>,
    // Buffers of the union-find and the per-cluster sums, one entry per segment.
    parent: Vec<u16>,
    size: Vec<u32>,
    sum: Vec<(f32, f32)>,
    counts: Counts,
}

impl People {
    /// Works out adjacency and triangle centroids for a layout.
    pub fn new(layout: &Layout) -> People {
        let n = layout.segment_count();
        let mut edges = Vec::new();
        let mut centroids = Vec::with_capacity(n);
        // Outer edges in doubled cm (corners fall on half-modules): (vertical, line, from, to).
        let mut rims = Vec::with_capacity(n);
        for (m, module) in layout.modules.iter().enumerate() {
            let (x, y) = (u32::from(module.x_cm), u32::from(module.y_cm));
            let (w, h) = (u32::from(module.w_cm), u32::from(module.h_cm));
            let at =
                |(u, v): (f32, f32)| (2 * x + (u * 2.0) as u32 * w, 2 * y + (v * 2.0) as u32 * h);
            for (t, triangle) in Triangle::ORDER.iter().enumerate() {
                let s = (m * TRIANGLES_PER_MODULE + t) as u16;
                let next = (m * TRIANGLES_PER_MODULE + (t + 1) % TRIANGLES_PER_MODULE) as u16;
                edges.push((s.min(next), s.max(next)));
                let corners = triangle.corners();
                let (cx, cy) = corners
                    .iter()
                    .fold((0.0, 0.0), |(sx, sy), (u, v)| (sx + u / 3.0, sy + v / 3.0));
                centroids.push((x as f32 + cx * w as f32, y as f32 + cy * h as f32));
                let ((x1, y1), (x2, y2)) = (at(corners[1]), at(corners[2]));
                rims.push(if x1 == x2 {
                    (true, x1, y1.min(y2), y1.max(y2))
                } else {
                    (false, y1, x1.min(x2), x1.max(x2))
                });
            }
        }
        // Modules whose rectangles touch: their outer edges on the same line that overlap by
        // more than a point are adjacent. Quadratic in modules, but only a comparison each
        // (a 160-module floor: 13 000; the protocol's maximum of 8191: about a tenth of a
        // second, once per layout), and no sorting code in the app.
        let m = &layout.modules;
        let end = |start: u16, size: u16| u32::from(start) + u32::from(size);
        for a in 0..m.len() {
            for b in a + 1..m.len() {
                let (p, q) = (&m[a], &m[b]);
                if end(p.x_cm, p.w_cm) < u32::from(q.x_cm)
                    || end(q.x_cm, q.w_cm) < u32::from(p.x_cm)
                    || end(p.y_cm, p.h_cm) < u32::from(q.y_cm)
                    || end(q.y_cm, q.h_cm) < u32::from(p.y_cm)
                {
                    continue;
                }
                for i in a * 8..a * 8 + 8 {
                    for j in b * 8..b * 8 + 8 {
                        let ((v1, l1, f1, t1), (v2, l2, f2, t2)) = (rims[i], rims[j]);
                        if v1 == v2 && l1 == l2 && t1.min(t2) > f1.max(f2) {
                            edges.push((i as u16, j as u16));
                        }
                    }
                }
            }
        }
        People {
            edges,
            centroids,
            zones: layout
                .zones
                .iter()
                .map(|z| [z.x_cm, z.y_cm, z.w_cm, z.h_cm].map(f32::from))
                .collect(),
            parent: vec![0; n],
            size: vec![0; n],
            sum: vec![(0.0, 0.0); n],
            counts: Counts {
                total: 0,
                zones: vec![0; layout.zones.len()],
            },
        }
    }

    /// Pairs of segments whose triangles share an edge, each once, lower index first.
    pub fn edges(&self) -> &[(u16, u16)] {
        &self.edges
    }

    /// Counts the people in `values` (raw, layout order; active from `active` on).
    /// Allocates nothing: the buffers were made with the layout.
    pub fn count(&mut self, values: &[u8], active: u8) -> &Counts {
        let n = self.parent.len().min(values.len());
        let is_active = |s: u16| values.get(usize::from(s)).is_some_and(|&v| v >= active);
        for (i, p) in self.parent.iter_mut().enumerate() {
            *p = i as u16;
        }
        for &(a, b) in &self.edges {
            if is_active(a) && is_active(b) {
                let (ra, rb) = (find(&mut self.parent, a), find(&mut self.parent, b));
                if ra != rb {
                    self.parent[usize::from(ra.max(rb))] = ra.min(rb);
                }
            }
        }
        self.size.fill(0);
        self.sum.fill((0.0, 0.0));
        for s in 0..n as u16 {
            if is_active(s) {
                let r = usize::from(find(&mut self.parent, s));
                self.size[r] += 1;
                let (cx, cy) = self.centroids[usize::from(s)];
                self.sum[r].0 += cx;
                self.sum[r].1 += cy;
            }
        }
        self.counts.total = 0;
        self.counts.zones.fill(0);
        for r in 0..n {
            let size = self.size[r];
            if size == 0 {
                continue;
            }
            let people = size.div_ceil(SEGMENTS_PER_PERSON);
            self.counts.total += people;
            let (x, y) = (self.sum[r].0 / size as f32, self.sum[r].1 / size as f32);
            let zone = self
                .zones
                .iter()
                .position(|&[zx, zy, zw, zh]| x >= zx && x < zx + zw && y >= zy && y < zy + zh);
            if let Some(zone) = zone {
                self.counts.zones[zone] += people;
            }
        }
        &self.counts
    }
}

/// Union-find root with path halving.
fn find(parent: &mut [u16], mut s: u16) -> u16 {
    while parent[usize::from(s)] != s {
        let grand = parent[usize::from(parent[usize::from(s)])];
        parent[usize::from(s)] = grand;
        s = grand;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::Zone;
    use lernort_i18n::Localized;

    const ACTIVE: u8 = 140;

    fn values(layout: &Layout, active: &[usize]) -> Vec<u8> {
        let mut v = vec![128; layout.segment_count()];
        for &s in active {
            v[s] = 180;
        }
        v
    }

    fn zone(id: &str, x: u16, y: u16, w: u16, h: u16) -> Zone {
        Zone {
            id: id.into(),
            name: Localized::German(id.into()),
            x_cm: x,
            y_cm: y,
            w_cm: w,
            h_cm: h,
        }
    }

    #[test]
    fn adjacency_within_and_across_modules() {
        let people = People::new(&grid_layout(2, 2));
        let adjacent = |a: u16, b: u16| people.edges().contains(&(a.min(b), a.max(b)));
        // Within a module: a ring of 8.
        assert!(adjacent(0, 1) && adjacent(7, 0) && !adjacent(0, 2));
        // Modules 0 | 1 side by side: 0's ENE (1) and ESE (2) meet 1's WNW (14) and WSW (13).
        assert!(adjacent(1, 14) && adjacent(2, 13));
        assert!(!adjacent(1, 13) && !adjacent(2, 14));
        // Module 0 above module 2: SSE (3) meets NNE (16), SSW (4) meets NNW (23).
        assert!(adjacent(3, 16) && adjacent(4, 23));
        // Modules 0 and 3 only share a corner: no edge between them.
        assert!(!people
            .edges()
            .iter()
            .any(|&(a, b)| a / 8 == 0 && b / 8 == 3));
        // 4 modules x 8 inner + 2 x 2 horizontal + 2 x 2 vertical pairs.
        assert_eq!(people.edges().len(), 32 + 8);
    }

    #[test]
    fn offset_modules_touch_where_their_edges_overlap() {
        let mut layout = grid_layout(2, 1);
        layout.height_cm = 100;
        layout.modules[1].y_cm = 25; // shifted down by half a triangle edge
        let people = People::new(&layout);
        let across: Vec<_> = people
            .edges()
            .iter()
            .filter(|(a, b)| a / 8 != b / 8)
            .collect();
        // 0's ENE (0–25 cm) meets nothing; 0's ESE (25–50) meets 1's WNW (25–50).
        assert_eq!(across, [&(2, 14)]);
    }

    #[test]
    fn two_people_far_apart_and_adjacent_ones() {
        let layout = grid_layout(4, 1);
        let mut people = People::new(&layout);
        assert_eq!(people.count(&values(&layout, &[]), ACTIVE).total, 0);
        // One person on module 0 (2 triangles), one on module 3: two clusters.
        let apart = values(&layout, &[0, 1, 24, 25]);
        assert_eq!(people.count(&apart, ACTIVE).total, 2);
        // Two segments of different modules that do not touch (0's NNE and 1's NNE): two.
        assert_eq!(people.count(&values(&layout, &[0, 8]), ACTIVE).total, 2);
        // Standing on the border of modules 0 and 1: ENE of 0 touches WNW of 1: one person.
        assert_eq!(people.count(&values(&layout, &[1, 14]), ACTIVE).total, 1);
        // Two people side by side merge into one cluster of 9 segments: still 2 by size.
        let close = values(&layout, &[1, 2, 13, 14, 15, 8, 9, 10, 11]);
        assert_eq!(people.count(&close, ACTIVE).total, 2);
        // Values just below the threshold do not count.
        let mut faint = values(&layout, &[0]);
        faint[0] = ACTIVE - 1;
        assert_eq!(people.count(&faint, ACTIVE).total, 0);
    }

    #[test]
    fn a_cluster_counts_by_size() {
        let layout = grid_layout(2, 1);
        let mut people = People::new(&layout);
        // Every prefix of this order is one connected cluster (module 0's ring, then
        // module 1 from its west side).
        let order = [0, 1, 2, 3, 4, 5, 6, 7, 14, 13, 12, 15, 11, 8, 10, 9];
        for (n, expected) in [(1, 1), (6, 1), (7, 2), (12, 2), (13, 3), (16, 3)] {
            let v = values(&layout, &order[..n]);
            assert_eq!(people.count(&v, ACTIVE).total, expected, "{n} segments");
        }
    }

    #[test]
    fn per_zone_counts_follow_the_centroid() {
        let mut layout = grid_layout(4, 2); // 200 x 100 cm
        layout.zones = vec![
            zone("links", 0, 0, 100, 100),
            zone("rechts", 100, 0, 100, 50),
        ];
        let mut people = People::new(&layout);
        // Module 0 (top left), module 3 (top right), module 7 (bottom right, in no zone).
        let v = values(&layout, &[0, 1, 24, 25, 56, 57]);
        let counts = people.count(&v, ACTIVE).clone();
        assert_eq!(
            counts,
            Counts {
                total: 3,
                zones: vec![1, 1]
            }
        );
        // A cluster across the zone border (modules 1 and 2) belongs where its centroid is:
        // 1's ESE + ENE and 2's WNW + WSW + NNW lie mostly right of x = 100.
        let v = values(&layout, &[9, 10, 21, 22, 23]);
        assert_eq!(people.count(&v, ACTIVE).zones, vec![0, 1]);
        assert_eq!(people.count(&v, ACTIVE).busiest(), Some((1, 1)));
    }

    #[test]
    fn counting_reuses_its_buffers() {
        let layout = grid_layout(3, 3);
        let mut people = People::new(&layout);
        let v = values(&layout, &[0, 40, 41]);
        let before = (people.parent.as_ptr(), people.counts.zones.as_ptr());
        people.count(&v, ACTIVE);
        assert_eq!(
            (people.parent.as_ptr(), people.counts.zones.as_ptr()),
            before
        );
        // Shorter value slices (a layout mismatch) are read as far as they go, without panics.
        assert_eq!(people.count(&[200; 4], ACTIVE).total, 1);
    }
}
