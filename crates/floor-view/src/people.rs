//! Approximate people count: footprints tracked over time and paired into people.
//!
//! Each frame, active segments that touch form *blobs* (two segments are adjacent when
//! their triangles share an edge: neighbouring triangles of one module, and triangles of
//! two modules whose outer edges lie on each other, worked out from the geometry, so
//! modules of other sizes or offsets work too; corners alone do not connect). A foot
//! presses one to three triangles, so a blob is usually one foot, sometimes two feet of one
//! person, and in a tight group several people's.
//!
//! People are *tracks* with two feet, followed from frame to frame ([`People::update`]):
//!
//! 1. a foot still pressing is the blob within [`MATCH_CM`] of where it was (several
//!    feet may share one blob, one per two of its segments: a merged group keeps the
//!    people that walked into it, each with a foot before anyone with two);
//! 2. a new footprint within [`REACH_CM`] of a track's foot goes to that track if its
//!    other foot is lifted: a walker's feet alternate, a stride apart, so a walker's foot
//!    lands about two steps ahead of where it last was; someone who arrived on one foot
//!    less than [`FIRST_STEP_MS`] ago takes only a footprint within [`PAIR_CM`] (their
//!    other foot); where footprints could go to several tracks (people side by side), the
//!    one with fewest choices first;
//! 3. what is left starts new tracks: two blobs within [`PAIR_CM`] are one person
//!    standing, a blob larger than one person presses ([`People::segments_per_person`],
//!    learnt from the floor's footprints) that nobody walked into counts by its size,
//!    anything else is one person; two new one-footed tracks within [`PAIR_CM`] are
//!    joined (people who have stood apart for a while are not);
//! 4. a track with no foot down for [`LOST_MS`] has left (a lifted foot, a jump, a short
//!    gap in the data do not end it), and a new track counts only after [`CONFIRM_MS`] (a
//!    stray reading is nobody).
//!
//! Where the floor cannot tell, the count is a range ([`Counts::total_min`] to
//! [`Counts::total_max`]): a lone footprint that never stepped within [`DOUBT_CM`] of
//! someone else's foot may be that person's other foot; a blob larger than the people whose
//! feet are in it explain may hold more. A track belongs to the
//! zone that contains the middle of its feet; tracks outside every zone count only in the
//! total. Nothing is allocated per frame once the buffers have grown to the crowd.

use lernort_floor_protocol::{Layout, Triangle, TRIANGLES_PER_MODULE};

/// How many active segments one person's feet press at most, on a floor whose feet press
/// one segment each: a blob larger than this that nobody walked into counts as
/// `ceil(size / per person)` people. Where feet press more, the estimator learns it
/// ([`People::segments_per_person`]).
pub const SEGMENTS_PER_PERSON: u32 = 6;
/// How fast the typical footprint's size is learnt: each lone footprint weighs this much.
const FOOT_LEARNING: f32 = 0.01;
/// A foot still pressing is found again within this distance (cm) of where it was.
pub const MATCH_CM: f32 = 25.0;
/// A new footprint this close (cm) to a track's foot can be that track's other foot.
pub const REACH_CM: f32 = 90.0;
/// Two new blobs this close (cm) are one person's two feet.
pub const PAIR_CM: f32 = 45.0;
/// A track with no foot down for this long (ms) has left the floor.
pub const LOST_MS: u64 = 1_000;
/// A lifted foot is forgotten after this long (ms): its place is free for a new footprint.
pub const FORGET_MS: u64 = 1_500;
/// A one-footed track this close (cm) to another's foot may be that person's other foot.
pub const DOUBT_CM: f32 = 60.0;
/// A track that arrived on one foot makes its first step no sooner than this (ms).
pub const FIRST_STEP_MS: u64 = 300;
/// A new track counts once it has lasted this long (ms).
pub const CONFIRM_MS: u64 = 200;

/// How many people there are, approximately, in total and per zone (layout order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Everyone on the floor: the best estimate.
    pub total: u32,
    /// The lower end of the total: less than `total` when some people may be one person's
    /// feet taken for two (a lone footprint that never stepped, a stride from another's).
    pub total_min: u32,
    /// The upper end of the total: more than `total` when a footprint presses more of the
    /// floor than the feet in it explain (a tight group).
    pub total_max: u32,
    /// Per zone of the layout, in its order.
    pub zones: Vec<u32>,
}

impl Counts {
    /// Counts the floor is sure of: `total` people, `zones` of them per zone.
    pub fn certain(total: u32, zones: Vec<u32>) -> Counts {
        Counts {
            total,
            total_min: total,
            total_max: total,
            zones,
        }
    }

    /// Whether the floor cannot tell exactly: the total is a range.
    pub fn is_range(&self) -> bool {
        self.total_min < self.total_max
    }

    /// The zone with the most people (the first of equals); `None` when every zone is empty.
    ///
    /// ```
    /// use lernort_floor_view::Counts;
    /// let counts = Counts::certain(6, vec![1, 3, 3]);
    /// assert_eq!(counts.busiest(), Some((1, 3)));
    /// assert_eq!(Counts::certain(1, vec![0, 0]).busiest(), None);
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

/// A blob of touching active segments in one frame.
#[derive(Clone, Copy, Debug)]
struct Blob {
    x: f32,
    y: f32,
    size: u32,
    /// Feet that found themselves in it this frame.
    claims: u32,
}

/// One foot of a [`Track`].
#[derive(Clone, Copy, Debug, Default)]
struct Foot {
    x: f32,
    y: f32,
    /// It has a place (it pressed, and not longer ago than [`FORGET_MS`]).
    used: bool,
    /// It presses now.
    down: bool,
    last_down_ms: u64,
}

/// One person, followed over time.
#[derive(Clone, Copy, Debug)]
struct Track {
    feet: [Foot; 2],
    /// Which way its last step went (a unit vector), once it stepped.
    heading: Option<(f32, f32)>,
    born_ms: u64,
    confirmed: bool,
}

impl Track {
    fn new(x: f32, y: f32, now_ms: u64, confirmed: bool) -> Track {
        let foot = Foot {
            x,
            y,
            used: true,
            down: true,
            last_down_ms: now_ms,
        };
        Track {
            feet: [foot, Foot::default()],
            heading: None,
            born_ms: now_ms,
            confirmed,
        }
    }

    fn last_down_ms(&self) -> u64 {
        self.feet[0].last_down_ms.max(self.feet[1].last_down_ms)
    }

    /// The middle of the feet that press now, else of those it knows.
    fn position(&self) -> (f32, f32) {
        let mean = |pick: fn(&Foot) -> bool| {
            let feet = self.feet.iter().filter(|f| pick(f));
            let (n, x, y) = feet.fold((0.0, 0.0, 0.0), |(n, x, y), f| (n + 1.0, x + f.x, y + f.y));
            (n > 0.0).then(|| (x / n, y / n))
        };
        mean(|f| f.down)
            .or_else(|| mean(|f| f.used))
            .unwrap_or((0.0, 0.0))
    }
}

/// The estimator, set up once per layout: the floor's geometry, the tracks, and the
/// buffers each frame reuses.
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
    blobs: Vec<Blob>,
    /// Foot-to-blob pairs within reach this frame: distance (step 1) or cost (step 2), track,
    /// foot, blob.
    candidates: Vec<(f32, u16, u8, u16)>,
    tracks: Vec<Track>,
    /// The typical number of segments one foot presses, learnt from footprints that hold
    /// one foot alone.
    foot_segments: f32,
    /// The time of the last frame; `None` before the first.
    last_ms: Option<u64>,
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
            blobs: Vec::new(),
            candidates: Vec::new(),
            tracks: Vec::new(),
            foot_segments: 1.0,
            last_ms: None,
            counts: Counts::certain(0, vec![0; layout.zones.len()]),
        }
    }

    /// Pairs of segments whose triangles share an edge, each once, lower index first.
    pub fn edges(&self) -> &[(u16, u16)] {
        &self.edges
    }

    /// Follows the people into the frame `values` (raw, layout order; active from `active`
    /// on) of time `now_ms` (the frame's timestamp; frames in order) and counts them.
    /// The first frame has no history: everyone in it counts at once.
    pub fn update(&mut self, values: &[u8], active: u8, now_ms: u64) -> &Counts {
        let first = self.last_ms.is_none();
        self.last_ms = Some(now_ms);
        self.find_blobs(values, active);
        self.follow_feet(now_ms);
        self.take_new_footprints(now_ms);
        self.start_tracks(now_ms, first);
        self.tracks
            .retain(|t| now_ms.saturating_sub(t.last_down_ms()) <= LOST_MS);
        self.join_halves(now_ms);
        for track in &mut self.tracks {
            if now_ms.saturating_sub(track.born_ms) >= CONFIRM_MS {
                track.confirmed = true;
            }
        }
        self.tally(first);
        &self.counts
    }

    /// Counts the people in `values` alone, without history (a frame on its own):
    /// every blob is new, pairs of blobs close together are one person each.
    pub fn count(&mut self, values: &[u8], active: u8) -> &Counts {
        self.tracks.clear();
        self.last_ms = None;
        self.update(values, active, 0)
    }

    /// How many segments one person's feet press at most on this floor: two feet of up to
    /// twice the typical footprint, at least [`SEGMENTS_PER_PERSON`].
    pub fn segments_per_person(&self) -> u32 {
        ((4.0 * self.foot_segments).ceil() as u32).max(SEGMENTS_PER_PERSON)
    }

    /// The segments under the pressing feet of the people counted now: for each foot, the
    /// segment whose triangle's centroid is nearest (co-working's presence at a desk).
    pub fn under_feet(&self) -> impl Iterator<Item = usize> + '_ {
        let feet = self
            .tracks
            .iter()
            .filter(|t| t.confirmed)
            .flat_map(|t| t.feet);
        feet.filter(|f| f.down).filter_map(|f| {
            let distances = self
                .centroids
                .iter()
                .map(|&(x, y)| distance(x, y, f.x, f.y));
            distances
                .enumerate()
                .min_by(|(_, a), (_, b)| a.total_cmp(b))
                .map(|(s, _)| s)
        })
    }

    /// The latest counts.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The blobs of touching active segments: centroid and size.
    fn find_blobs(&mut self, values: &[u8], active: u8) {
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
        self.blobs.clear();
        for r in 0..n {
            let size = self.size[r];
            if size > 0 {
                let (x, y) = (self.sum[r].0 / size as f32, self.sum[r].1 / size as f32);
                self.blobs.push(Blob {
                    x,
                    y,
                    size,
                    claims: 0,
                });
            }
        }
    }

    /// Step 1: each known foot finds the blob it still presses, if any: the nearest pairs
    /// first, and no blob holds more feet than one per two segments (so two tracks never
    /// keep each other alive on one footprint, however many triangles a foot presses).
    fn follow_feet(&mut self, now_ms: u64) {
        self.candidates.clear();
        for (t, track) in self.tracks.iter().enumerate() {
            for (k, foot) in track.feet.iter().enumerate().filter(|(_, f)| f.used) {
                for (b, blob) in self.blobs.iter().enumerate() {
                    let d = distance(foot.x, foot.y, blob.x, blob.y);
                    if d <= MATCH_CM + reach_of(blob) {
                        self.candidates.push((d, t as u16, k as u8, b as u16));
                    }
                }
            }
        }
        // Nearest first. An insertion sort: the list is a few dozen pairs, and the standard
        // library's sort costs the wasm about 2 KiB.
        for i in 1..self.candidates.len() {
            let mut j = i;
            while j > 0 && self.candidates[j - 1].0 > self.candidates[j].0 {
                self.candidates.swap(j - 1, j);
                j -= 1;
            }
        }
        for track in &mut self.tracks {
            for foot in &mut track.feet {
                foot.down = false;
            }
        }
        // First one foot per track, then the second feet: in a merged group every person
        // keeps a foot before anyone keeps two.
        let foot_segments = self.foot_segments;
        for second in [false, true] {
            for &(_, t, k, b) in &self.candidates {
                let blob = &mut self.blobs[usize::from(b)];
                let track = &mut self.tracks[usize::from(t)];
                let has_one = track.feet.iter().any(|f| f.down);
                let foot = &mut track.feet[usize::from(k)];
                if foot.down || has_one != second || blob.claims >= capacity(blob, foot_segments) {
                    continue;
                }
                blob.claims += 1;
                if blob.size <= 3 {
                    (foot.x, foot.y) = (blob.x, blob.y);
                }
                foot.down = true;
                foot.last_down_ms = now_ms;
            }
        }
        for blob in self.blobs.iter().filter(|b| b.claims == 1) {
            let size = blob.size.min(SEGMENTS_PER_PERSON) as f32;
            self.foot_segments += FOOT_LEARNING * (size - self.foot_segments);
        }
        for track in &mut self.tracks {
            for foot in &mut track.feet {
                if !foot.down && now_ms.saturating_sub(foot.last_down_ms) > FORGET_MS {
                    foot.used = false;
                }
            }
        }
    }

    /// Step 2: a new footprint near a track whose other foot is lifted is that foot. Where
    /// footprints could go to more than one track (people side by side), the footprint
    /// with the fewest tracks to choose from goes first, so that no footprint takes the
    /// only track another one could have.
    fn take_new_footprints(&mut self, now_ms: u64) {
        let per_person = self.segments_per_person();
        self.candidates.clear();
        for (b, blob) in self.blobs.iter().enumerate() {
            if blob.claims > 0 || blob.size > per_person {
                continue;
            }
            for (t, track) in self.tracks.iter().enumerate() {
                if let Some((free, cost)) = step_cost(track, blob, now_ms) {
                    self.candidates.push((cost, t as u16, free as u8, b as u16));
                }
            }
        }
        while let Some(i) = self.most_constrained_step() {
            let (_, t, free, b) = self.candidates[i];
            let blob = &mut self.blobs[usize::from(b)];
            blob.claims = 1;
            let track = &mut self.tracks[usize::from(t)];
            let free = usize::from(free);
            // The way goes from where this foot was before (a stride: feet zigzag across
            // it), or from the other foot on the first step.
            let from = if track.feet[free].used {
                track.feet[free]
            } else {
                track.feet[1 - free]
            };
            let (dx, dy) = (blob.x - from.x, blob.y - from.y);
            let step = (dx * dx + dy * dy).sqrt();
            if from.used && step >= 30.0 {
                track.heading = Some((dx / step, dy / step));
            }
            track.feet[free] = Foot {
                x: blob.x,
                y: blob.y,
                used: true,
                down: true,
                last_down_ms: now_ms,
            };
        }
    }

    /// The open step (footprint still unclaimed, track's foot still lifted) whose footprint
    /// has the fewest open steps, the cheapest of equals.
    fn most_constrained_step(&self) -> Option<usize> {
        let open = |&(_, t, free, b): &(f32, u16, u8, u16)| {
            self.blobs[usize::from(b)].claims == 0
                && !self.tracks[usize::from(t)].feet[usize::from(free)].down
        };
        let mut best: Option<(usize, usize, f32)> = None;
        for (i, candidate) in self.candidates.iter().enumerate() {
            if !open(candidate) {
                continue;
            }
            let choices = self
                .candidates
                .iter()
                .filter(|c| c.3 == candidate.3 && open(c))
                .count();
            if best.is_none_or(|(_, n, cost)| (choices, candidate.0) < (n, cost)) {
                best = Some((i, choices, candidate.0));
            }
        }
        best.map(|(i, _, _)| i)
    }

    /// Step 3: what nobody explains starts tracks: pairs of blobs close together are one
    /// person each, a large blob counts by its size, any other blob is one person.
    fn start_tracks(&mut self, now_ms: u64, confirmed: bool) {
        let per_person = self.segments_per_person();
        for i in 0..self.blobs.len() {
            let blob = self.blobs[i];
            if blob.claims > 0 {
                continue;
            }
            self.blobs[i].claims = 1;
            if blob.size > per_person {
                // A group nobody walked into: people by its size, each with both feet in it.
                let people = blob.size.div_ceil(per_person);
                self.blobs[i].claims = 2 * people;
                for _ in 0..people {
                    let mut track = Track::new(blob.x, blob.y, now_ms, confirmed);
                    track.feet[1] = track.feet[0];
                    self.tracks.push(track);
                }
                continue;
            }
            let mut track = Track::new(blob.x, blob.y, now_ms, confirmed);
            let partner = nearest(&self.blobs, blob.x, blob.y, |b| {
                b.claims == 0 && b.size <= per_person
            });
            if let Some((j, _)) = partner.filter(|&(_, d)| d <= PAIR_CM) {
                let other = &mut self.blobs[j];
                other.claims = 1;
                track.feet[1] = Foot {
                    x: other.x,
                    y: other.y,
                    ..track.feet[0]
                };
            }
            self.tracks.push(track);
        }
    }

    /// Two tracks with one foot each, both pressing within [`PAIR_CM`] of each other, are
    /// one person's two feet that were taken for two people (both feet appeared at once,
    /// too far apart to pair): the younger track's foot joins the older one. Unless both
    /// have stood still on their own for a while: then they are two people close together
    /// (round a table), and one shifting their weight must not make them one.
    fn join_halves(&mut self, now_ms: u64) {
        let one_foot = |t: &Track| t.feet.iter().filter(|f| f.used).count() == 1;
        // Standing still on one footprint each for a while: two people close together.
        let settled = |t: &Track| t.heading.is_none() && now_ms - t.born_ms >= LOST_MS;
        let mut i = 0;
        while i < self.tracks.len() {
            let a = self.tracks[i];
            let partner = (one_foot(&a))
                .then(|| {
                    let fa = a.feet.iter().find(|f| f.used && f.down)?;
                    (0..self.tracks.len()).find(|&j| {
                        let b = &self.tracks[j];
                        j != i
                            && one_foot(b)
                            && b.born_ms >= a.born_ms
                            && !(settled(&a) && settled(b))
                            && b.feet.iter().any(|fb| {
                                fb.used && fb.down && distance(fa.x, fa.y, fb.x, fb.y) <= PAIR_CM
                            })
                    })
                })
                .flatten();
            match partner {
                Some(j) => {
                    let foot = *self.tracks[j]
                        .feet
                        .iter()
                        .find(|f| f.used)
                        .expect("one foot");
                    let free = self.tracks[i]
                        .feet
                        .iter()
                        .position(|f| !f.used)
                        .expect("a free foot");
                    self.tracks[i].feet[free] = foot;
                    self.tracks[i].confirmed |= self.tracks[j].confirmed;
                    self.tracks.swap_remove(j);
                    if j < i {
                        i -= 1;
                    }
                }
                None => i += 1,
            }
        }
    }

    /// Whether `track` is one foot that never stepped, within a stride of another confirmed
    /// track's foot.
    fn may_be_anothers_foot(&self, track: &Track) -> bool {
        let mut used = track.feet.iter().filter(|f| f.used);
        let (Some(foot), None, None) = (used.next(), used.next(), track.heading) else {
            return false;
        };
        self.tracks.iter().filter(|t| t.confirmed).any(|other| {
            !std::ptr::eq(other, track)
                && other
                    .feet
                    .iter()
                    .any(|f| f.used && distance(f.x, f.y, foot.x, foot.y) <= DOUBT_CM)
        })
    }

    /// The counts of the confirmed tracks, and the range around them (in the first frame
    /// only its upper end: without history no footprint is more doubtful than another).
    fn tally(&mut self, first: bool) {
        let per_person = self.segments_per_person();
        self.counts.total = 0;
        self.counts.zones.fill(0);
        let mut doubtful = 0;
        for track in self.tracks.iter().filter(|t| t.confirmed) {
            self.counts.total += 1;
            // One foot that never stepped, a stride from someone else's: often that
            // person's other foot.
            doubtful += u32::from(!first && self.may_be_anothers_foot(track));
            let (x, y) = track.position();
            let zone = self
                .zones
                .iter()
                .position(|&[zx, zy, zw, zh]| x >= zx && x < zx + zw && y >= zy && y < zy + zh);
            if let Some(zone) = zone {
                self.counts.zones[zone] += 1;
            }
        }
        // A blob larger than the people whose feet are in it (two feet each) explain may
        // hold more people than the floor can tell apart.
        let hidden: u32 = self
            .blobs
            .iter()
            .map(|b| {
                b.size
                    .div_ceil(per_person)
                    .saturating_sub(b.claims.div_ceil(2).max(1))
            })
            .sum();
        // Someone pressing the floor is at least one person.
        self.counts.total_min = (self.counts.total - doubtful).max(self.counts.total.min(1));
        self.counts.total_max = self.counts.total + hidden;
    }
}

/// Whether `blob` can be `track`'s next step: the foot it would be (the lifted one) and
/// how unlikely the step is: for a walker, how far it lands from where their way leads;
/// else its length, sideways steps weighing three times.
fn step_cost(track: &Track, blob: &Blob, now_ms: u64) -> Option<(usize, f32)> {
    let free = track.feet.iter().position(|f| !f.down)?;
    let anchors = [&track.feet[1 - free], &track.feet[free]];
    // Someone who just arrived on one foot steps no sooner than a step takes: a footprint
    // beside them that soon is their other foot if it is close, else someone else's.
    let just_arrived = track.heading.is_none()
        && !track.feet[free].used
        && now_ms.saturating_sub(track.born_ms) < FIRST_STEP_MS;
    let reach = if just_arrived { PAIR_CM } else { REACH_CM };
    // A walker's foot lands two of their steps ahead of where it last was: the way the
    // other foot went from it, once more.
    let (other, old) = (&track.feet[1 - free], &track.feet[free]);
    if let (Some((hx, hy)), true, true) = (track.heading, other.used, old.used) {
        let step = (other.x - old.x) * hx + (other.y - old.y) * hy;
        let reach = distance(blob.x, blob.y, other.x, other.y);
        if step >= 30.0 && reach <= REACH_CM {
            let (px, py) = (old.x + 2.0 * step * hx, old.y + 2.0 * step * hy);
            return Some((free, distance(blob.x, blob.y, px, py)));
        }
    }
    let mut best: Option<f32> = None;
    for anchor in anchors.into_iter().filter(|f| f.used) {
        let (dx, dy) = (blob.x - anchor.x, blob.y - anchor.y);
        let d = (dx * dx + dy * dy).sqrt();
        if d > reach {
            continue;
        }
        // A walker steps on along their way, not sideways: beside someone walking, a
        // footprint across their path is their neighbour's.
        let sideways = track
            .heading
            .map_or(0.0, |(hx, hy)| (dx * hy - dy * hx).abs());
        let cost = d + 2.0 * sideways;
        if best.is_none_or(|b| cost < b) {
            best = Some(cost);
        }
    }
    best.map(|cost| (free, cost))
}

/// How many feet a blob can hold: one per typical footprint, at least one. A footprint is
/// counted at 0.85 of the typical size, as it shrinks while a foot lands and lifts; and at
/// two segments at least, as one foot so often presses two (without that, a group's feet
/// in one blob keep too many tracks alive: measured, +3 % against about +1 % bias).
fn capacity(blob: &Blob, foot_segments: f32) -> u32 {
    ((blob.size as f32 / (0.85 * foot_segments).max(2.0)).ceil() as u32).max(1)
}

/// How far a blob reaches beyond its centroid, in cm: about 8 cm per segment beyond one,
/// at most 30 (a large blob is a group; its feet are found near where they were).
fn reach_of(blob: &Blob) -> f32 {
    (8.0 * (blob.size.saturating_sub(1)) as f32).min(30.0)
}

fn distance(ax: f32, ay: f32, bx: f32, by: f32) -> f32 {
    ((ax - bx) * (ax - bx) + (ay - by) * (ay - by)).sqrt()
}

/// The blob nearest to a point among those `pick` allows, with its distance.
fn nearest(blobs: &[Blob], x: f32, y: f32, pick: impl Fn(&Blob) -> bool) -> Option<(usize, f32)> {
    let mut best: Option<(usize, f32)> = None;
    for (i, blob) in blobs.iter().enumerate() {
        if !pick(blob) {
            continue;
        }
        let d = distance(x, y, blob.x, blob.y);
        if best.is_none_or(|(_, b)| d < b) {
            best = Some((i, d));
        }
    }
    best
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
    fn under_feet_are_the_segments_of_counted_people_only() {
        let layout = grid_layout(16, 10);
        let mut people = People::new(&layout);
        let standing = feet_on(&people, &stander(50, 400.0, 250.0));
        people.update(&standing, ACTIVE, 0);
        people.update(&feet_on(&people, &[]), ACTIVE, 50);
        // A stray reading is nobody: no segment under anyone's feet.
        people.update(&feet_on(&people, &[(100.0, 100.0)]), ACTIVE, 2_000);
        assert_eq!(people.under_feet().count(), 0);
        // Someone standing, once counted: the two segments their feet press.
        for t in (2_050..=3_000).step_by(50) {
            people.update(&standing, ACTIVE, t);
        }
        let mut under: Vec<usize> = people.under_feet().collect();
        under.sort_unstable();
        let mut pressed: Vec<usize> = (0..standing.len())
            .filter(|&s| standing[s] >= ACTIVE)
            .collect();
        pressed.sort_unstable();
        assert_eq!(under, pressed);
    }

    #[test]
    fn a_footprint_that_grows_into_a_crowd_is_a_range() {
        let layout = grid_layout(2, 1);
        let mut people = People::new(&layout);
        let order = [0, 1, 2, 3, 4, 5, 6, 7, 14, 13, 12, 15, 11, 8, 10, 9];
        // Someone on two triangles, followed for a second: one person, sure.
        for t in (0..=1_000).step_by(50) {
            people.update(&values(&layout, &order[..2]), ACTIVE, t);
        }
        assert_eq!(*people.counts(), Counts::certain(1, vec![]));
        // The footprint grows to 14 triangles without anyone stepping in apart from it:
        // still the one person the floor followed, but up to three may stand there.
        let counts = people.update(&values(&layout, &order[..14]), ACTIVE, 1_050);
        assert_eq!(
            (counts.total, counts.total_min, counts.total_max),
            (1, 1, 3)
        );
        assert!(counts.is_range());
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
        assert_eq!(counts, Counts::certain(3, vec![1, 1]));
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

    /// Feet pressing at these points (cm), as the floor sees them: the segment whose
    /// triangle's centroid is nearest reads 180.
    fn feet_on(people: &People, feet: &[(f32, f32)]) -> Vec<u8> {
        let mut v = vec![128; people.centroids.len()];
        for &(x, y) in feet {
            let nearest = people
                .centroids
                .iter()
                .enumerate()
                .min_by(|(_, a), (_, b)| {
                    distance(a.0, a.1, x, y).total_cmp(&distance(b.0, b.1, x, y))
                })
                .map(|(i, _)| i);
            if let Some(i) = nearest {
                v[i] = 180;
            }
        }
        v
    }

    /// A walker's feet at `t` ms: going right along `y` from `x0` at 1.3 m/s, a 65 cm
    /// stride, feet 18 cm apart across the path, each pressing for 1.25 steps from landing
    /// (so both press for a moment at each step), the first step at `start` ms.
    fn walker(t: u64, start: u64, x0: f32, y: f32) -> Vec<(f32, f32)> {
        const STEP_MS: u64 = 500;
        let mut feet = Vec::new();
        if t < start {
            return feet;
        }
        let n = (t - start) / STEP_MS;
        for k in n.saturating_sub(1)..=n {
            let landed = start + k * STEP_MS;
            if t < landed + STEP_MS * 5 / 4 {
                let side = if k % 2 == 0 { -9.0 } else { 9.0 };
                feet.push((x0 + 65.0 * k as f32, y + side));
            }
        }
        feet
    }

    /// Someone standing at (x, y), feet 22 cm apart; every 10 s one foot lifts for 300 ms.
    fn stander(t: u64, x: f32, y: f32) -> Vec<(f32, f32)> {
        let shifting = t % 10_000 < 300;
        let left = (x - 11.0, y);
        let right = (x + 11.0, y);
        if shifting {
            vec![right]
        } else {
            vec![left, right]
        }
    }

    /// Runs a scene on an 8 x 5 m floor at 20 frames a second from an empty floor and
    /// returns the counts from `settle` ms on.
    fn run(scene: impl Fn(u64) -> Vec<(f32, f32)>, until: u64, settle: u64) -> Vec<u32> {
        let layout = grid_layout(16, 10);
        let mut people = People::new(&layout);
        people.update(&feet_on(&people, &[]), ACTIVE, 0);
        let mut counts = Vec::new();
        for t in (50..=until).step_by(50) {
            let values = feet_on(&people, &scene(t));
            let total = people.update(&values, ACTIVE, t).total;
            if t >= settle {
                counts.push(total);
            }
        }
        counts
    }

    /// Scenes whose answer is known by construction (not the simulator the estimator was
    /// measured on): the count must be right in every frame once a newcomer has counted.
    #[test]
    fn scenes_whose_answer_is_known() {
        // What the scene is, where feet press at a time, until when, counted from, people.
        type Scene = (
            &'static str,
            Box<dyn Fn(u64) -> Vec<(f32, f32)>>,
            u64,
            u64,
            u32,
        );
        let scenes: [Scene; 7] = [
            (
                "one walker crossing the floor",
                Box::new(|t| walker(t, 0, 30.0, 250.0)),
                5_500,
                300,
                1,
            ),
            (
                "someone standing still for ten minutes",
                Box::new(|t| stander(t, 400.0, 250.0)),
                600_000,
                300,
                1,
            ),
            (
                "someone jumping: both feet off the floor for 400 ms each second",
                Box::new(|t| {
                    if t % 1_000 < 400 {
                        Vec::new()
                    } else {
                        stander(t, 400.0, 250.0)
                    }
                }),
                20_000,
                700,
                1,
            ),
            (
                "two walkers side by side 50 cm apart, in step",
                Box::new(|t| [walker(t, 0, 30.0, 225.0), walker(t, 0, 30.0, 275.0)].concat()),
                5_500,
                700,
                2,
            ),
            (
                "a queue of five, 60 cm apart",
                Box::new(|t| {
                    (0..5u64)
                        .flat_map(|i| facing(t, 100.0 + 60.0 * i as f32, 250.0, 1_700 * i))
                        .collect()
                }),
                30_000,
                300,
                5,
            ),
            (
                "six people round a table",
                Box::new(round_table),
                30_000,
                300,
                6,
            ),
            (
                "two walkers side by side 50 cm apart, out of step",
                Box::new(|t| [walker(t, 0, 30.0, 225.0), walker(t, 250, 30.0, 275.0)].concat()),
                5_500,
                700,
                2,
            ),
        ];
        for (name, scene, until, settle, people) in scenes {
            let counts = run(scene, until, settle);
            let wrong = counts.iter().filter(|&&n| n != people).count();
            assert_eq!(
                wrong,
                0,
                "{name}: {wrong} of {} frames not {people}: {:?}",
                counts.len(),
                &counts[..counts.len().min(40)]
            );
        }
    }

    /// Someone standing at (x, y) facing along x, feet 22 cm apart across; shifts their
    /// weight (one foot up for 300 ms) every 10 s, `phase` ms into the cycle.
    fn facing(t: u64, x: f32, y: f32, phase: u64) -> Vec<(f32, f32)> {
        stander(t + phase, 0.0, 0.0)
            .into_iter()
            .map(|(dx, _)| (x, y + dx))
            .collect()
    }

    /// Six people sitting round a table at (400, 250), 65 cm from its middle (65 cm from
    /// their neighbours), feet 20 cm apart; each shifts a foot every 10 s at their own time.
    fn round_table(t: u64) -> Vec<(f32, f32)> {
        (0..6u64)
            .flat_map(|i| {
                let a = i as f32 * std::f32::consts::PI / 3.0;
                let (x, y) = (400.0 + 65.0 * a.cos(), 250.0 + 65.0 * a.sin());
                let (dx, dy) = (-a.sin() * 10.0, a.cos() * 10.0);
                let lifted = (t + 1_300 * i) % 10_000 < 300;
                let mut feet = vec![(x + dx, y + dy)];
                if !lifted {
                    feet.push((x - dx, y - dy));
                }
                feet
            })
            .collect()
    }

    #[test]
    fn the_footprint_size_is_learnt_from_the_floor() {
        // Feet that press every triangle within 20 cm (three to six each).
        let layout = grid_layout(16, 10);
        let mut people = People::new(&layout);
        let wide = |people: &People, feet: &[(f32, f32)]| {
            let mut v = vec![128; people.centroids.len()];
            for &(x, y) in feet {
                for (s, &(cx, cy)) in people.centroids.iter().enumerate() {
                    if distance(cx, cy, x, y) <= 20.0 {
                        v[s] = 180;
                    }
                }
            }
            v
        };
        assert_eq!(people.segments_per_person(), SEGMENTS_PER_PERSON);
        // Someone crosses the floor and leaves: the floor learns how large a foot is.
        for t in (0..=8_000).step_by(50) {
            people.update(&wide(&people, &walker(t, 0, 30.0, 250.0)), ACTIVE, t);
        }
        assert!(people.segments_per_person() > SEGMENTS_PER_PERSON);
        assert_eq!(people.counts().total, 0);
        // Someone steps on with both feet at once, their footprints one blob: one person,
        // not a group counted by its size.
        let feet = [(389.0, 250.0), (411.0, 250.0)];
        let pressed = wide(&people, &feet)
            .iter()
            .filter(|&&v| v >= ACTIVE)
            .count();
        assert!(pressed > SEGMENTS_PER_PERSON as usize, "{pressed} segments");
        for t in (8_050..=9_000).step_by(50) {
            people.update(&wide(&people, &feet), ACTIVE, t);
        }
        assert_eq!(people.counts().total, 1);
    }

    #[test]
    fn someone_who_left_is_gone_after_lost_ms_and_a_stray_reading_is_nobody() {
        let layout = grid_layout(16, 10);
        let mut people = People::new(&layout);
        people.update(&feet_on(&people, &[]), ACTIVE, 0);
        let standing = feet_on(&people, &stander(50, 400.0, 250.0));
        for t in (50..=1_000).step_by(50) {
            people.update(&standing, ACTIVE, t);
        }
        assert_eq!(people.counts().total, 1);
        let empty = feet_on(&people, &[]);
        people.update(&empty, ACTIVE, 1_000 + LOST_MS);
        assert_eq!(people.counts().total, 1, "still there within LOST_MS");
        people.update(&empty, ACTIVE, 1_050 + LOST_MS);
        assert_eq!(people.counts().total, 0, "gone after LOST_MS");
        // One frame with a reading, then nothing: nobody is counted.
        let stray = feet_on(&people, &[(100.0, 100.0)]);
        assert_eq!(people.update(&stray, ACTIVE, 5_000).total, 0);
        assert_eq!(people.update(&empty, ACTIVE, 5_050).total, 0);
    }
}
