//! The built-in simulator: people walking about a sensor floor, as the floor would see them.
//!
//! [`Simulation`] is the pure, deterministic core: it knows the [`Layout`], a seed and a
//! simulated clock (Unix ms), and [`Simulation::step`] advances that clock and returns every
//! segment's value. It reads no wall clock and no global random generator, so the same
//! seed, layout and start time give the same values frame by frame. The async driver
//! ([`crate::spawn`] with [`SimulatorConfig`]) steps it with the wall clock at `rate_hz`.
//!
//! What it models:
//! - **Who is there**: the number of visitors follows a [`Schedule`] in Europe/Berlin
//!   time: nobody while the centre is closed (everyone leaves in the last 10 minutes, nobody
//!   arrives in the last 15), a few people during quiet hours, more at course times
//!   (weekday evenings, Saturday late morning). Talks in the lecture room bring a group who
//!   arrive in the 12 minutes before the start, sit until the end, and leave together,
//!   plus a speaker pacing between two spots at the front.
//! - **Where they go**: people enter at the entrance zone (`eingang`), walk to places in
//!   the zones (desks in `coworking` and `lernbereich` where they sit for 10–30 minutes,
//!   some twice with a coffee break; workbenches in `makerspace`; exhibits in
//!   `ausstellung` where they stand for 15–75 s; some just try out the sensor floor in
//!   the `ausstellung`, walking about with short stops) and leave by the entrance again.
//!   People standing somewhere take a few steps now and then. Paths are straight where
//!   the floor allows, otherwise they follow the modules (breadth-first search over
//!   neighbouring modules, then shortened by line of sight), so nobody ever leaves the
//!   floor. Walking speed 1.0–1.4 m/s.
//! - **What the floor sees**: two feet per person. Walking, the feet land alternately,
//!   a stride apart (55–75 cm), each pressing for about one step period with a short
//!   overlap; standing, both feet press and the weight sways between them, with an
//!   occasional shuffle; sitting presses less. The segment under a foot reads 140–190
//!   (baseline + 30–55 × pressure, clipped at 190), segments within 12 cm of a foot are
//!   raised a little (up to a quarter of that). An untouched segment reads 128 ± 2: each
//!   segment's small offset changes now and then (about every 2 s), as a real floor's
//!   readings drift; it does not flicker every frame. The stride range, the foot's size
//!   and how hard people press are a [`Body`], these figures its default
//!   ([`Simulation::with_body`]), so that what reads the floor can be tried on other
//!   visitors than the usual ones.
//!
//! Zones are recognised by their id: `eingang`/`entrance`, `coworking`/`lounge`/
//! `lernbereich`/`learning` (sit), `ausstellung`/`exhibition`/`info` (stand briefly),
//! `makerspace`/`werkstatt` (stand at benches), `vortragsraum`/`lecture`/`seminar` (talks);
//! other zones are places to stand for a while. Without an entrance zone people enter at
//! the floor's edge nearest the middle of the bottom side.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use lernort_centre::{OpenStatus, OpeningHours, OpeningPeriod};
use lernort_floor_protocol::{Layout, SourceState, Triangle, TRIANGLES_PER_MODULE};
use lernort_time::{to_berlin, LocalDateTime, TimeOfDay, Weekday};
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};

use crate::rng::Rng;
use crate::{Reporter, SimulatorConfig, SourceEvent};

/// A foot pressing at least this much (0–1) reads at least 140 on the segment under it
/// (with the default [`Body`]; lighter visitors read less).
pub const FIRM_PRESSURE: f32 = 0.6;

/// The value of an untouched segment, before noise.
const BASELINE: i16 = 128;
/// The highest value the simulator produces.
const CEILING: f32 = 190.0;
/// The shortest stride a [`Body`] may ask for, cm: a walker's step period is stride ÷
/// speed, and a period of 0 would never end a frame.
const MIN_STRIDE_CM: f32 = 10.0;
/// The largest sole and spread a [`Body`] may ask for, cm: beyond it a foot would press a
/// whole module and rendering would visit every module for every foot.
const MAX_FOOT_CM: f32 = 50.0;
/// Simulation sub-step; larger steps are split into these.
const TICK_MS: u64 = 50;
/// A step longer than this (the host slept) restarts the crowd instead of replaying it.
const MAX_REPLAY_MS: u64 = 5 * 60 * 1000;
/// How often per second a segment's noise offset changes.
const NOISE_CHANGES_PER_S: f64 = 0.5;
/// Nobody arrives in the last minutes before closing …
const NO_ARRIVALS_BEFORE_CLOSE_MIN: i32 = 15;
/// … and everybody leaves in the last minutes.
const LEAVE_BEFORE_CLOSE_MIN: i32 = 10;
/// More people than this are never on the floor at once.
const MAX_PEOPLE: usize = 80;
/// Talk attendees arrive this long before the start.
const TALK_ARRIVAL_MS: u64 = 12 * 60 * 1000;
/// Someone on the way out for this long is taken off the floor (a safety net).
const MAX_LEAVING_MS: u64 = 10 * 60 * 1000;

/// How visitors' bodies meet the floor. Each visitor draws their own stride and pressure
/// from these ranges when they come in, so a crowd varies; the same seed gives the same
/// visitors, paths and times whatever the body, only their feet differ. The default is the
/// simulator's usual visitor, which the gateway shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Body {
    /// Stride length, cm, from – to: how far apart a walker's feet land one after the
    /// other (the left a stride ahead of the right, the right a stride ahead of that).
    /// Longer strides also mean fewer steps a second at the same speed. Default 55–75.
    pub stride_cm: (f32, f32),
    /// The foot's sole, as a radius around the point it presses, cm: every segment that
    /// comes within it reads the foot's full pressure. Default 0: only the segment under
    /// that point (a 25 cm triangle holds most of a foot).
    pub sole_cm: f32,
    /// How far beyond the sole the pressure spreads, cm: a segment that close is raised a
    /// little, by up to a quarter of the foot's pressure, less the farther away. Default 12.
    pub spread_cm: f32,
    /// How hard people press, from – to: how far a foot carrying a standing person's full
    /// weight raises the segment under it above the baseline (128); sitting presses about
    /// 0.6–0.75 of that, a walking foot less while it lands and lifts. Readings are clipped
    /// at 190. Default 30–55.
    pub press: (f32, f32),
}

impl Default for Body {
    fn default() -> Self {
        Body::USUAL
    }
}

impl Body {
    /// The simulator's usual visitor, the [`Default`]: strides of 55–75 cm, pressure
    /// spreading 12 cm from the point a foot presses, 30–55 above the baseline. Usable in
    /// constants (`Body { press: (20.0, 40.0), ..Body::USUAL }`).
    pub const USUAL: Body = Body {
        stride_cm: (55.0, 75.0),
        sole_cm: 0.0,
        spread_cm: 12.0,
        press: (30.0, 55.0),
    };

    /// The body with values the simulation can run on: finite, ranges in order, strides of
    /// at least [`MIN_STRIDE_CM`], nothing negative, a foot no larger than
    /// [`MAX_FOOT_CM`]. A default body stays as it is.
    fn usable(self) -> Body {
        let at_least = |v: f32, lo: f32| if v.is_finite() { v.max(lo) } else { lo };
        let range = |(a, b): (f32, f32), lo: f32| {
            let (a, b) = (at_least(a, lo), at_least(b, lo));
            (a.min(b), a.max(b))
        };
        Body {
            stride_cm: range(self.stride_cm, MIN_STRIDE_CM),
            sole_cm: at_least(self.sole_cm, 0.0).min(MAX_FOOT_CM),
            spread_cm: at_least(self.spread_cm, 0.0).min(MAX_FOOT_CM),
            press: range(self.press, 0.0),
        }
    }
}

/// Someone on the floor, as the tests and curious callers see them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PersonView {
    /// Body position, cm from the floor plan's left edge.
    pub x_cm: f32,
    /// Body position, cm from the floor plan's top edge.
    pub y_cm: f32,
    /// Whether the person is walking (else standing or sitting).
    pub walking: bool,
    /// The two feet.
    pub feet: [FootView; 2],
}

/// One foot of a [`PersonView`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FootView {
    /// Position, cm from the left edge.
    pub x_cm: f32,
    /// Position, cm from the top edge.
    pub y_cm: f32,
    /// How much weight is on it, 0 (lifted) to 1.
    pub pressure: f32,
}

/// A period of the week with a target number of visitors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusyPeriod {
    /// When.
    pub period: OpeningPeriod,
    /// How many visitors are on the floor then, on average (talk groups come on top).
    pub people: u16,
}

/// When the centre is open and how busy it is: the simulator's week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Opening hours; nobody is on the floor outside them.
    pub hours: OpeningHours,
    /// Visitors on the floor while open and no busy period applies.
    pub quiet_people: u16,
    /// Busier times (courses); the highest applying target wins.
    pub busy: Vec<BusyPeriod>,
    /// Talks in the lecture zone: a group arrives before `opens` and leaves at `closes`.
    pub talks: Vec<OpeningPeriod>,
}

fn hm(text: &str) -> TimeOfDay {
    TimeOfDay::parse(text).unwrap_or(TimeOfDay::END_OF_DAY)
}

fn period(days: &[Weekday], opens: &str, closes: &str) -> OpeningPeriod {
    OpeningPeriod {
        days: days.to_vec(),
        opens: hm(opens),
        closes: hm(closes),
    }
}

impl Schedule {
    /// A week like DiLAS Soest's: open Mon–Fri 9–20 and Sat 10–16; about 4 visitors
    /// during the day, 16 on weekday evenings from 17:00 (courses), 12 on Saturdays
    /// 10:30–13:00; talks Tue and Thu 18:00–19:30, Wed 10:00–11:30 and Sat 11:00–12:30.
    pub fn dilas() -> Schedule {
        use Weekday::*;
        let weekdays = [Mon, Tue, Wed, Thu, Fri];
        Schedule {
            hours: OpeningHours(vec![
                period(&weekdays, "09:00", "20:00"),
                period(&[Sat], "10:00", "16:00"),
            ]),
            quiet_people: 4,
            busy: vec![
                BusyPeriod {
                    period: period(&weekdays, "12:00", "13:30"),
                    people: 7,
                },
                BusyPeriod {
                    period: period(&weekdays, "17:00", "20:00"),
                    people: 16,
                },
                BusyPeriod {
                    period: period(&[Sat], "10:30", "13:00"),
                    people: 12,
                },
            ],
            talks: vec![
                period(&[Tue, Thu], "18:00", "19:30"),
                period(&[Wed], "10:00", "11:30"),
                period(&[Sat], "11:00", "12:30"),
            ],
        }
    }

    /// How many visitors the schedule wants on the floor at a moment (0 when closed).
    pub fn target_people(&self, at: LocalDateTime) -> u16 {
        if !self.hours.status_at(at).is_open() {
            return 0;
        }
        let day = at.date.weekday();
        self.busy
            .iter()
            .filter(|b| b.period.days.contains(&day) && contains(&b.period, at.time))
            .map(|b| b.people)
            .fold(self.quiet_people, u16::max)
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::dilas()
    }
}

fn contains(p: &OpeningPeriod, t: TimeOfDay) -> bool {
    p.opens <= t && t < p.closes
}

// ---------------------------------------------------------------------------------------
// Geometry

#[derive(Clone, Copy, Debug, PartialEq)]
struct Pt {
    x: f32,
    y: f32,
}

impl Pt {
    fn new(x: f32, y: f32) -> Pt {
        Pt { x, y }
    }
    fn add(self, o: Pt) -> Pt {
        Pt::new(self.x + o.x, self.y + o.y)
    }
    fn sub(self, o: Pt) -> Pt {
        Pt::new(self.x - o.x, self.y - o.y)
    }
    fn mul(self, k: f32) -> Pt {
        Pt::new(self.x * k, self.y * k)
    }
    fn dot(self, o: Pt) -> f32 {
        self.x * o.x + self.y * o.y
    }
    fn len(self) -> f32 {
        self.dot(self).sqrt()
    }
    fn dist(self, o: Pt) -> f32 {
        self.sub(o).len()
    }
    /// Perpendicular, to the right of the direction (y points down).
    fn perp(self) -> Pt {
        Pt::new(-self.y, self.x)
    }
    fn unit_or(self, fallback: Pt) -> Pt {
        let l = self.len();
        if l > 1e-3 {
            self.mul(1.0 / l)
        } else {
            fallback
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Rect {
    fn contains(&self, p: Pt) -> bool {
        p.x >= self.x0 && p.x <= self.x1 && p.y >= self.y0 && p.y <= self.y1
    }
    fn centre(&self) -> Pt {
        Pt::new((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    fn distance(&self, p: Pt) -> f32 {
        let dx = (self.x0 - p.x).max(p.x - self.x1).max(0.0);
        let dy = (self.y0 - p.y).max(p.y - self.y1).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }
}

/// The floor as walkable area: modules, their triangles, neighbours and a lookup grid.
struct Geometry {
    rects: Vec<Rect>,
    triangles: Vec<[[Pt; 3]; TRIANGLES_PER_MODULE]>,
    /// Lookup grid: the modules overlapping each cell.
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    /// Neighbouring modules and the middle of the edge they share.
    neighbours: Vec<Vec<(usize, Pt)>>,
    /// Connected component of each module.
    component: Vec<usize>,
}

impl Geometry {
    fn new(layout: &Layout) -> Geometry {
        let rects: Vec<Rect> = layout
            .modules
            .iter()
            .map(|m| Rect {
                x0: f32::from(m.x_cm),
                y0: f32::from(m.y_cm),
                x1: f32::from(m.x_cm) + f32::from(m.w_cm),
                y1: f32::from(m.y_cm) + f32::from(m.h_cm),
            })
            .collect();
        let triangles = rects
            .iter()
            .map(|r| {
                Triangle::ORDER.map(|t| {
                    t.corners()
                        .map(|(u, v)| Pt::new(r.x0 + u * (r.x1 - r.x0), r.y0 + v * (r.y1 - r.y0)))
                })
            })
            .collect();
        let width = rects.iter().map(|r| r.x1).fold(1.0, f32::max);
        let height = rects.iter().map(|r| r.y1).fold(1.0, f32::max);
        let cell = (width.max(height) / 256.0).max(50.0);
        let cols = (width / cell).ceil() as usize + 1;
        let rows = (height / cell).ceil() as usize + 1;
        let mut g = Geometry {
            rects,
            triangles,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
            neighbours: Vec::new(),
            component: Vec::new(),
        };
        for (i, r) in g.rects.iter().enumerate() {
            let (c0, r0) = g.cell_of(Pt::new(r.x0, r.y0));
            let (c1, r1) = g.cell_of(Pt::new(r.x1, r.y1));
            for row in r0..=r1 {
                for col in c0..=c1 {
                    g.cells[row * cols + col].push(i as u32);
                }
            }
        }
        g.neighbours = (0..g.rects.len()).map(|i| g.find_neighbours(i)).collect();
        g.component = g.components();
        g
    }

    fn cell_of(&self, p: Pt) -> (usize, usize) {
        let col = (p.x.max(0.0) / self.cell) as usize;
        let row = (p.y.max(0.0) / self.cell) as usize;
        (col.min(self.cols - 1), row.min(self.rows - 1))
    }

    /// Modules whose rectangle comes within `r` of `p`, into `out`.
    fn modules_near(&self, p: Pt, r: f32, out: &mut Vec<usize>) {
        out.clear();
        let (c0, r0) = self.cell_of(Pt::new(p.x - r, p.y - r));
        let (c1, r1) = self.cell_of(Pt::new(p.x + r, p.y + r));
        for row in r0..=r1 {
            for col in c0..=c1 {
                for &m in &self.cells[row * self.cols + col] {
                    let m = m as usize;
                    if !out.contains(&m) && self.rects[m].distance(p) <= r {
                        out.push(m);
                    }
                }
            }
        }
    }

    fn module_at(&self, p: Pt) -> Option<usize> {
        if !p.x.is_finite() || !p.y.is_finite() {
            return None;
        }
        let (col, row) = self.cell_of(p);
        self.cells[row * self.cols + col]
            .iter()
            .map(|&m| m as usize)
            .find(|&m| self.rects[m].contains(p))
    }

    fn on_floor(&self, p: Pt) -> bool {
        self.module_at(p).is_some()
    }

    /// On the floor with room around: `margin` cm in the four axis directions too.
    fn roomy(&self, p: Pt, margin: f32) -> bool {
        [
            Pt::new(0.0, 0.0),
            Pt::new(margin, 0.0),
            Pt::new(-margin, 0.0),
            Pt::new(0.0, margin),
            Pt::new(0.0, -margin),
        ]
        .iter()
        .all(|d| self.on_floor(p.add(*d)))
    }

    /// Whether the straight line from `a` to `b` stays on the floor: the parts of the line
    /// inside each module (clipped exactly) must cover it without a gap.
    fn walkable(&self, a: Pt, b: Pt) -> bool {
        if !self.on_floor(a) || !self.on_floor(b) {
            return false;
        }
        let d = b.sub(a);
        let mut parts: Vec<(f32, f32)> = Vec::new();
        let (c0, r0) = self.cell_of(Pt::new(a.x.min(b.x), a.y.min(b.y)));
        let (c1, r1) = self.cell_of(Pt::new(a.x.max(b.x), a.y.max(b.y)));
        let mut seen = Vec::new();
        for row in r0..=r1 {
            for col in c0..=c1 {
                for &m in &self.cells[row * self.cols + col] {
                    if seen.contains(&m) {
                        continue;
                    }
                    seen.push(m);
                    if let Some(part) = clip(a, d, &self.rects[m as usize]) {
                        parts.push(part);
                    }
                }
            }
        }
        parts.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut covered = 0.0f32;
        for (t0, t1) in parts {
            if t0 > covered + 1e-4 {
                return false;
            }
            covered = covered.max(t1);
        }
        covered >= 1.0 - 1e-4
    }

    fn find_neighbours(&self, i: usize) -> Vec<(usize, Pt)> {
        let a = self.rects[i];
        let mut near = Vec::new();
        let probe = Rect {
            x0: a.x0 - 1.0,
            y0: a.y0 - 1.0,
            x1: a.x1 + 1.0,
            y1: a.y1 + 1.0,
        };
        self.modules_near(
            probe.centre(),
            (probe.x1 - probe.x0).max(probe.y1 - probe.y0),
            &mut near,
        );
        let mut found = Vec::new();
        for j in near {
            if j == i {
                continue;
            }
            let b = self.rects[j];
            // The overlap of the two rectangles, grown by 1 cm: a shared edge or area.
            let ox0 = a.x0.max(b.x0);
            let ox1 = a.x1.min(b.x1);
            let oy0 = a.y0.max(b.y0);
            let oy1 = a.y1.min(b.y1);
            let (wide, high) = (ox1 - ox0, oy1 - oy0);
            // Touching along an edge at least 20 cm long (room for a foot), or overlapping.
            let shares = (wide >= 20.0 && high > -1.0) || (high >= 20.0 && wide > -1.0);
            if shares {
                found.push((j, Pt::new((ox0 + ox1) / 2.0, (oy0 + oy1) / 2.0)));
            }
        }
        found
    }

    fn components(&self) -> Vec<usize> {
        let n = self.rects.len();
        let mut comp = vec![usize::MAX; n];
        let mut next = 0;
        for start in 0..n {
            if comp[start] != usize::MAX {
                continue;
            }
            let mut queue = VecDeque::from([start]);
            comp[start] = next;
            while let Some(m) = queue.pop_front() {
                for &(k, _) in &self.neighbours[m] {
                    if comp[k] == usize::MAX {
                        comp[k] = next;
                        queue.push_back(k);
                    }
                }
            }
            next += 1;
        }
        comp
    }

    /// Waypoints from `a` to `b` (without `a`, ending in `b`), all on the floor.
    fn path(&self, a: Pt, b: Pt) -> Option<Vec<Pt>> {
        if self.walkable(a, b) {
            return Some(vec![b]);
        }
        let from = self.module_at(a)?;
        let to = self.module_at(b)?;
        // Breadth-first search over neighbouring modules.
        let mut came: Vec<Option<(usize, Pt)>> = vec![None; self.rects.len()];
        let mut seen = vec![false; self.rects.len()];
        seen[from] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(m) = queue.pop_front() {
            if m == to {
                break;
            }
            for &(k, edge) in &self.neighbours[m] {
                if !seen[k] {
                    seen[k] = true;
                    came[k] = Some((m, edge));
                    queue.push_back(k);
                }
            }
        }
        if !seen[to] {
            return None;
        }
        // Edge midpoints and module centres back from `to`, then reversed.
        let mut points = vec![b];
        let mut m = to;
        while let Some((prev, edge)) = came[m] {
            points.push(edge);
            if prev != from {
                points.push(self.rects[prev].centre());
            }
            m = prev;
        }
        points.reverse();
        // Shorten by line of sight: from each point go to the farthest visible one.
        let mut out = Vec::new();
        let mut here = a;
        let mut i = 0;
        while i < points.len() {
            let mut far = i;
            for (j, p) in points.iter().enumerate().skip(i + 1) {
                if self.walkable(here, *p) {
                    far = j;
                }
            }
            here = points[far];
            out.push(here);
            i = far + 1;
        }
        Some(out)
    }
}

/// The part `[t0, t1]` of the segment `a + t·d`, `t` in 0–1, inside `r` (Liang–Barsky).
fn clip(a: Pt, d: Pt, r: &Rect) -> Option<(f32, f32)> {
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - r.x0),
        (d.x, r.x1 - a.x),
        (-d.y, a.y - r.y0),
        (d.y, r.y1 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

fn point_segment_distance(p: Pt, a: Pt, b: Pt) -> f32 {
    let ab = b.sub(a);
    let len2 = ab.dot(ab);
    let t = if len2 > 0.0 {
        (p.sub(a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.dist(a.add(ab.mul(t)))
}

/// Distance from `p` to a triangle; 0 inside or on its edge.
fn point_triangle_distance(p: Pt, t: &[Pt; 3]) -> f32 {
    let cross = |a: Pt, b: Pt, c: Pt| (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    let d1 = cross(t[0], t[1], p);
    let d2 = cross(t[1], t[2], p);
    let d3 = cross(t[2], t[0], p);
    let has_neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let has_pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    if !(has_neg && has_pos) {
        return 0.0;
    }
    point_segment_distance(p, t[0], t[1])
        .min(point_segment_distance(p, t[1], t[2]))
        .min(point_segment_distance(p, t[2], t[0]))
}

// ---------------------------------------------------------------------------------------
// Places

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Entrance,
    Desk,
    Exhibit,
    Bench,
    Lecture,
    Other,
}

impl Kind {
    fn of_zone(id: &str) -> Kind {
        let id = id.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| id.contains(w));
        if has(&["eingang", "entrance", "entry", "foyer"]) {
            Kind::Entrance
        } else if has(&["vortrag", "lecture", "seminar", "talk", "hörsaal"]) {
            Kind::Lecture
        } else if has(&[
            "cowork", "co-work", "lounge", "sitz", "lern", "learn", "desk",
        ]) {
            Kind::Desk
        } else if has(&["ausstellung", "exhibit", "showcase", "info", "stadtlabor"]) {
            Kind::Exhibit
        } else if has(&["maker", "werkstatt", "workshop", "lab", "bench"]) {
            Kind::Bench
        } else {
            Kind::Other
        }
    }

    fn spacing_and_margin(self) -> (f32, f32) {
        match self {
            Kind::Desk => (100.0, 35.0),
            Kind::Exhibit => (110.0, 40.0),
            Kind::Bench => (90.0, 40.0),
            Kind::Lecture => (70.0, 35.0),
            Kind::Entrance | Kind::Other => (100.0, 40.0),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Posture {
    Stand,
    Sit,
}

#[derive(Clone, Debug)]
struct Spot {
    at: Pt,
    /// Which way a person here faces.
    facing: Option<Pt>,
    posture: Posture,
    taken: bool,
}

#[derive(Clone, Debug)]
struct Place {
    kind: Kind,
    area: Rect,
    /// Indices into `Simulation::spots`: where people stand or sit.
    spots: Vec<usize>,
    /// For a lecture zone: the speaker's spots at the front.
    podium: Vec<usize>,
}

// ---------------------------------------------------------------------------------------
// People

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Goal {
    /// A free spot in this place.
    Place(usize),
    /// A podium spot of this (lecture) place.
    Podium(usize),
    /// Any free point of this place.
    Roam(usize),
    /// Out.
    Door,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dwell {
    For(u64),
    Until(u64),
}

#[derive(Clone, Copy, Debug)]
struct Task {
    goal: Goal,
    dwell: Dwell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A visitor of `VISITS[n]`.
    Visitor(usize),
    Talk,
}

#[derive(Clone, Copy, Debug)]
struct Foot {
    pos: Pt,
    /// Where the foot rests while standing or sitting.
    home: Pt,
    /// Walking: when it landed and how long it presses.
    landed_ms: u64,
    stance_ms: u64,
    pressure: f32,
}

#[derive(Clone, Debug)]
enum Mode {
    Walking {
        waypoints: VecDeque<Pt>,
        next_step_ms: u64,
        steps: u32,
        /// What to do on arrival; `None`: leave the floor.
        then: Option<(Dwell, Posture)>,
    },
    Dwelling {
        until_ms: u64,
        posture: Posture,
        since_ms: u64,
        next_shift_ms: u64,
        /// Standing: when to take a few steps to another place nearby.
        next_move_ms: u64,
        /// A foot lifted to shuffle, until when.
        shifting: Option<(usize, u64)>,
    },
}

#[derive(Clone, Debug)]
struct Person {
    role: Role,
    pos: Pt,
    heading: Pt,
    speed: f32,
    stride: f32,
    amplitude: f32,
    sway_period_ms: f32,
    sway_phase: f32,
    plan: VecDeque<Task>,
    mode: Mode,
    feet: [Foot; 2],
    spot: Option<usize>,
    leaving_since: Option<u64>,
}

impl Person {
    fn step_period_ms(&self) -> u64 {
        ((self.stride / self.speed) * 1000.0) as u64
    }
}

/// A talk that has been set up, so it is not set up twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TalkKey {
    day: i64,
    opens: u16,
}

#[derive(Clone, Copy, Debug)]
struct Arrival {
    at_ms: u64,
    place: usize,
    until_ms: u64,
    speaker: bool,
}

/// The deterministic floor simulation. See the module docs for what it models.
pub struct Simulation {
    rng: Rng,
    geo: Geometry,
    schedule: Schedule,
    body: Body,
    places: Vec<Place>,
    spots: Vec<Spot>,
    door: Option<Pt>,
    /// Average visit length per visitor type, s.
    mean_stay_s: Vec<f64>,
    now_ms: u64,
    people: Vec<Person>,
    arrivals: Vec<Arrival>,
    talks: Vec<TalkKey>,
    noise: Vec<i8>,
    noise_due: f64,
    raise: Vec<f32>,
    values: Vec<u8>,
    scratch: Vec<usize>,
}

/// A kind of visitor: what share of the visitors they are, where they go, how often and
/// for how long.
#[derive(Clone, Copy, Debug)]
struct VisitType {
    share: f32,
    kind: Kind,
    visits: (u64, u64),
    dwell_s: (u64, u64),
    /// Walk to random points of the zone instead of its spots (trying out the floor).
    roam: bool,
}

/// The visitor types. Co-workers with two desk sessions take a short break in between
/// (see `visitor_plan`); "trying the floor" is what people do at a sensor floor showcase:
/// walk about it, stop briefly, walk on.
const VISITS: [VisitType; 5] = [
    VisitType {
        share: 0.35,
        kind: Kind::Desk,
        visits: (1, 2),
        dwell_s: (10 * 60, 30 * 60),
        roam: false,
    },
    VisitType {
        share: 0.2,
        kind: Kind::Bench,
        visits: (2, 5),
        dwell_s: (60, 6 * 60),
        roam: false,
    },
    VisitType {
        share: 0.15,
        kind: Kind::Exhibit,
        visits: (3, 6),
        dwell_s: (15, 75),
        roam: false,
    },
    VisitType {
        share: 0.2,
        kind: Kind::Exhibit,
        visits: (8, 16),
        dwell_s: (1, 6),
        roam: true,
    },
    VisitType {
        share: 0.1,
        kind: Kind::Other,
        visits: (3, 5),
        dwell_s: (10, 45),
        roam: false,
    },
];

/// Wandering about the floor's places, for a visitor type whose places the floor lacks.
const WANDER: VisitType = VisitType {
    share: 0.0,
    kind: Kind::Other,
    visits: (3, 5),
    dwell_s: (10, 45),
    roam: false,
};

impl Simulation {
    /// A simulation of `layout` with [`Schedule::dilas`], starting at `start_unix_ms`.
    /// If the centre is open then, the floor starts with people already in it.
    pub fn new(seed: u64, layout: &Layout, start_unix_ms: u64) -> Simulation {
        Simulation::with_schedule(seed, layout, start_unix_ms, Schedule::dilas())
    }

    /// A simulation with another week.
    pub fn with_schedule(
        seed: u64,
        layout: &Layout,
        start_unix_ms: u64,
        schedule: Schedule,
    ) -> Simulation {
        Simulation::with_schedule_and_body(seed, layout, start_unix_ms, schedule, Body::default())
    }

    /// A simulation with [`Schedule::dilas`] whose visitors have another [`Body`]: other
    /// strides, feet or pressure. Out-of-range values are made usable (strides of at
    /// least 10 cm, nothing negative).
    pub fn with_body(seed: u64, layout: &Layout, start_unix_ms: u64, body: Body) -> Simulation {
        Simulation::with_schedule_and_body(seed, layout, start_unix_ms, Schedule::dilas(), body)
    }

    /// A simulation with another week and another [`Body`].
    pub fn with_schedule_and_body(
        seed: u64,
        layout: &Layout,
        start_unix_ms: u64,
        schedule: Schedule,
        body: Body,
    ) -> Simulation {
        let mut rng = Rng::new(seed);
        let geo = Geometry::new(layout);
        let segments = layout.modules.len() * TRIANGLES_PER_MODULE;
        let noise = (0..segments).map(|_| noise_value(&mut rng)).collect();
        let mut sim = Simulation {
            rng,
            geo,
            schedule,
            body: body.usable(),
            places: Vec::new(),
            spots: Vec::new(),
            door: None,
            mean_stay_s: Vec::new(),
            now_ms: start_unix_ms,
            people: Vec::new(),
            arrivals: Vec::new(),
            talks: Vec::new(),
            noise,
            noise_due: 0.0,
            raise: vec![0.0; segments],
            values: vec![BASELINE as u8; segments],
            scratch: Vec::new(),
        };
        sim.find_door(layout);
        sim.make_places(layout);
        sim.mean_stay_s = (0..VISITS.len()).map(|t| sim.mean_stay(t)).collect();
        sim.populate();
        sim.render();
        sim
    }

    /// Advances the clock by `dt_ms` and returns every segment's value, in layout order.
    pub fn step(&mut self, dt_ms: u64) -> &[u8] {
        if dt_ms > MAX_REPLAY_MS {
            self.now_ms = self.now_ms.saturating_add(dt_ms);
            for s in &mut self.spots {
                s.taken = false;
            }
            self.people.clear();
            self.arrivals.clear();
            self.populate();
        } else {
            let mut left = dt_ms;
            while left > 0 {
                let dt = left.min(TICK_MS);
                self.now_ms = self.now_ms.saturating_add(dt);
                self.tick(dt);
                left -= dt;
            }
        }
        self.drift_noise(dt_ms.min(MAX_REPLAY_MS));
        self.render();
        &self.values
    }

    /// Every segment's value now, in layout order.
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    /// The simulated clock, ms since the Unix epoch.
    pub fn now_unix_ms(&self) -> u64 {
        self.now_ms
    }

    /// How many people are on the floor.
    pub fn people_count(&self) -> usize {
        self.people.len()
    }

    /// Everyone on the floor, in no particular order.
    pub fn people(&self) -> Vec<PersonView> {
        self.people
            .iter()
            .map(|p| PersonView {
                x_cm: p.pos.x,
                y_cm: p.pos.y,
                walking: matches!(p.mode, Mode::Walking { .. }),
                feet: p.feet.map(|f| FootView {
                    x_cm: f.pos.x,
                    y_cm: f.pos.y,
                    pressure: f.pressure,
                }),
            })
            .collect()
    }

    // -- set-up --------------------------------------------------------------------------

    fn find_door(&mut self, layout: &Layout) {
        let (w, h) = (f32::from(layout.width_cm), f32::from(layout.height_cm));
        let entrance = layout
            .zones
            .iter()
            .find(|z| Kind::of_zone(&z.id) == Kind::Entrance);
        let candidates: Vec<Pt> = match entrance {
            Some(z) => {
                let r = zone_rect(z);
                let c = r.centre();
                // Middles of the zone's sides, the one nearest the floor's edge first.
                let mut sides = [
                    Pt::new(c.x, r.y1 - 20.0),
                    Pt::new(c.x, r.y0 + 20.0),
                    Pt::new(r.x0 + 20.0, c.y),
                    Pt::new(r.x1 - 20.0, c.y),
                ];
                let to_edge = |p: &Pt| p.x.min(w - p.x).min(p.y).min(h - p.y);
                sides.sort_by(|a, b| to_edge(a).total_cmp(&to_edge(b)));
                sides.into_iter().chain([c]).collect()
            }
            None => vec![Pt::new(w / 2.0, h - 20.0)],
        };
        self.door = candidates
            .into_iter()
            .find(|p| self.geo.on_floor(*p))
            .or_else(|| {
                // The module nearest the wanted point.
                let want = Pt::new(w / 2.0, h);
                self.geo
                    .rects
                    .iter()
                    .map(Rect::centre)
                    .min_by(|a, b| a.dist(want).total_cmp(&b.dist(want)))
            });
    }

    fn make_places(&mut self, layout: &Layout) {
        let Some(door) = self.door else { return };
        let Some(door_module) = self.geo.module_at(door) else {
            return;
        };
        let home = self.geo.component[door_module];
        let reachable = |geo: &Geometry, p: Pt| {
            geo.roomy(p, 20.0) && geo.module_at(p).is_some_and(|m| geo.component[m] == home)
        };
        for zone in &layout.zones {
            let kind = Kind::of_zone(&zone.id);
            let r = zone_rect(zone);
            let (spacing, margin) = kind.spacing_and_margin();
            let mut place = Place {
                kind,
                area: r,
                spots: Vec::new(),
                podium: Vec::new(),
            };
            let mut seats_area = r;
            let mut facing = None;
            if kind == Kind::Lecture {
                // The front is the side farthest from the door.
                let c = r.centre();
                let sides = [
                    (Pt::new(c.x, r.y0), Pt::new(0.0, 1.0)),
                    (Pt::new(c.x, r.y1), Pt::new(0.0, -1.0)),
                    (Pt::new(r.x0, c.y), Pt::new(1.0, 0.0)),
                    (Pt::new(r.x1, c.y), Pt::new(-1.0, 0.0)),
                ];
                let Some(&(front, inward)) = sides
                    .iter()
                    .max_by(|a, b| a.0.dist(door).total_cmp(&b.0.dist(door)))
                else {
                    continue;
                };
                let along = inward.perp();
                let half = if inward.x == 0.0 {
                    (r.x1 - r.x0) / 2.0
                } else {
                    (r.y1 - r.y0) / 2.0
                };
                for k in [-0.35, 0.35] {
                    let p = front.add(inward.mul(45.0)).add(along.mul(half * k));
                    if reachable(&self.geo, p) {
                        place.podium.push(self.spots.len());
                        self.spots.push(Spot {
                            at: p,
                            facing: Some(inward),
                            posture: Posture::Stand,
                            taken: false,
                        });
                    }
                }
                // Seats start 120 cm from the front, facing it.
                if inward.y > 0.0 {
                    seats_area.y0 += 120.0;
                } else if inward.y < 0.0 {
                    seats_area.y1 -= 120.0;
                } else if inward.x > 0.0 {
                    seats_area.x0 += 120.0;
                } else {
                    seats_area.x1 -= 120.0;
                }
                facing = Some(inward.mul(-1.0));
            }
            let posture = match kind {
                Kind::Desk | Kind::Lecture => Posture::Sit,
                _ => Posture::Stand,
            };
            for (row, p) in grid(seats_area, spacing, margin).into_iter().enumerate() {
                if !reachable(&self.geo, p) {
                    continue;
                }
                let facing = facing.or(match kind {
                    // Desks in rows facing each other.
                    Kind::Desk => Some(Pt::new(0.0, if row % 2 == 0 { 1.0 } else { -1.0 })),
                    _ => None,
                });
                place.spots.push(self.spots.len());
                self.spots.push(Spot {
                    at: p,
                    facing,
                    posture,
                    taken: false,
                });
            }
            self.places.push(place);
        }
    }

    /// What visitors of type `t` do on this floor: the type, or wandering when the floor
    /// has no places for it.
    fn visit_type(&self, t: usize) -> VisitType {
        let v = VISITS[t % VISITS.len()];
        if self.has_kind(v.kind) {
            v
        } else {
            WANDER
        }
    }

    /// The average visit length of visitor type `t`, s (walking included roughly).
    fn mean_stay(&self, t: usize) -> f64 {
        let v = self.visit_type(t);
        let visits = (v.visits.0 + v.visits.1) as f64 / 2.0;
        let dwell = (v.dwell_s.0 + v.dwell_s.1) as f64 / 2.0;
        let breaks = if v.kind == Kind::Desk {
            (visits - 1.0) * 120.0
        } else {
            0.0
        };
        visits * (dwell + 5.0) + breaks + 15.0
    }

    fn has_kind(&self, kind: Kind) -> bool {
        self.places
            .iter()
            .any(|p| p.kind == kind && !p.spots.is_empty())
    }

    // -- the clock -----------------------------------------------------------------------

    fn local(&self) -> LocalDateTime {
        to_berlin((self.now_ms / 1000) as i64)
    }

    /// Minutes until closing, or `None` when closed.
    fn minutes_open_left(&self, at: LocalDateTime) -> Option<i32> {
        match self.schedule.hours.status_at(at) {
            OpenStatus::OpenUntil(closes) => {
                Some(i32::from(closes.minutes()) - i32::from(at.time.minutes()))
            }
            _ => None,
        }
    }

    /// Fills the floor as it would be at this moment: visitors mid-visit, talks under way.
    fn populate(&mut self) {
        let at = self.local();
        let left = self.minutes_open_left(at);
        if left.is_some_and(|m| m >= NO_ARRIVALS_BEFORE_CLOSE_MIN) {
            let target = f32::from(self.schedule.target_people(at));
            for (t, v) in VISITS.iter().enumerate() {
                let want = target * v.share;
                let n = want.floor() as usize + usize::from(self.rng.unit() < want.fract());
                for _ in 0..n {
                    let plan = self.visitor_plan(t);
                    self.place_mid_visit(Role::Visitor(t), plan, true);
                }
            }
        }
        self.schedule_talks(at);
    }

    fn tick(&mut self, dt: u64) {
        let at = self.local();
        let left = self.minutes_open_left(at);
        // Arrivals of visitors, per type: on average `target × share` of each type are
        // here; fewer make arrivals likelier, more make them rarer.
        let target = match left {
            Some(m) if m >= NO_ARRIVALS_BEFORE_CLOSE_MIN => self.schedule.target_people(at),
            _ => 0,
        };
        if target > 0 {
            for (t, v) in VISITS.iter().enumerate() {
                if self.people.len() >= MAX_PEOPLE {
                    break;
                }
                let here = self
                    .people
                    .iter()
                    .filter(|p| p.role == Role::Visitor(t) && p.leaving_since.is_none())
                    .count() as f64;
                let want = f64::from(target) * f64::from(v.share);
                let pull = (1.0 + 2.0 * ((want - here) / want).clamp(-1.0, 1.0)).max(0.0);
                let rate = want / self.mean_stay_s[t] * pull;
                if self.rng.chance(rate * dt as f64 / 1000.0) {
                    let plan = self.visitor_plan(t);
                    self.enter(Role::Visitor(t), plan);
                }
            }
        }
        // Talks.
        if left.is_some() {
            self.schedule_talks(at);
        }
        while let Some(i) = self.arrivals.iter().position(|a| a.at_ms <= self.now_ms) {
            let a = self.arrivals.swap_remove(i);
            if self.people.len() < MAX_PEOPLE && left.is_some() {
                let plan = self.talk_plan(&a);
                self.enter(Role::Talk, plan);
            }
        }
        // Closing: everybody out.
        if left.is_none_or(|m| m < LEAVE_BEFORE_CLOSE_MIN) {
            self.arrivals.clear();
            for i in 0..self.people.len() {
                if self.people[i].leaving_since.is_none() {
                    self.people[i].plan.clear();
                    self.start_next(i);
                }
            }
        }
        // Everyone moves.
        let mut i = 0;
        while i < self.people.len() {
            if self.update_person(i, dt) {
                i += 1;
            } else {
                let gone = self.people.swap_remove(i);
                if let Some(s) = gone.spot {
                    self.spots[s].taken = false;
                }
            }
        }
    }

    /// Sets up today's talks that are due (arrivals from 12 minutes before the start).
    fn schedule_talks(&mut self, at: LocalDateTime) {
        let Some(place) = self
            .places
            .iter()
            .position(|p| p.kind == Kind::Lecture && !p.spots.is_empty())
        else {
            return;
        };
        let day = at.date.days_since_epoch();
        let now_min = i64::from(at.time.minutes());
        let today: Vec<OpeningPeriod> = self
            .schedule
            .talks
            .iter()
            .filter(|t| t.days.contains(&at.date.weekday()))
            .cloned()
            .collect();
        // Midnight of today in simulated ms (no summer-time switch happens in the daytime).
        let midnight_ms = self.now_ms as i64
            - (now_min * 60 + i64::from(at.second)) * 1000
            - (self.now_ms % 1000) as i64;
        for talk in today {
            let key = TalkKey {
                day,
                opens: talk.opens.minutes(),
            };
            let start_ms = (midnight_ms + i64::from(talk.opens.minutes()) * 60_000).max(0) as u64;
            let end_ms = (midnight_ms + i64::from(talk.closes.minutes()) * 60_000).max(0) as u64;
            let due = self.now_ms + TALK_ARRIVAL_MS >= start_ms && self.now_ms < end_ms;
            if !due || self.talks.contains(&key) {
                continue;
            }
            self.talks.push(key);
            if self.talks.len() > 16 {
                self.talks.remove(0);
            }
            let seats = self.places[place].spots.len() as u64;
            let group = self.rng.between(6, 14).min(seats);
            let first = self.now_ms.max(start_ms.saturating_sub(TALK_ARRIVAL_MS));
            let last = start_ms + 2 * 60 * 1000;
            let under_way = self.now_ms >= start_ms;
            for _ in 0..group {
                let until_ms = end_ms + self.rng.between(0, 90_000);
                let a = Arrival {
                    at_ms: self.rng.between(first, last),
                    place,
                    until_ms,
                    speaker: false,
                };
                if under_way {
                    let plan = self.talk_plan(&a);
                    self.place_mid_visit(Role::Talk, plan, false);
                } else {
                    self.arrivals.push(a);
                }
            }
            if !self.places[place].podium.is_empty() {
                let a = Arrival {
                    at_ms: first,
                    place,
                    until_ms: end_ms + 60_000,
                    speaker: true,
                };
                if under_way {
                    let plan = self.talk_plan(&a);
                    self.place_mid_visit(Role::Talk, plan, false);
                } else {
                    self.arrivals.push(a);
                }
            }
        }
    }

    fn talk_plan(&mut self, a: &Arrival) -> VecDeque<Task> {
        let mut plan = VecDeque::new();
        if a.speaker {
            // Pacing between the podium spots until the end.
            let mut t = self.now_ms;
            while t + 40_000 < a.until_ms {
                let d = self.rng.between(40_000, 120_000);
                plan.push_back(Task {
                    goal: Goal::Podium(a.place),
                    dwell: Dwell::For(d),
                });
                t += d;
            }
            plan.push_back(Task {
                goal: Goal::Podium(a.place),
                dwell: Dwell::Until(a.until_ms),
            });
        } else {
            plan.push_back(Task {
                goal: Goal::Place(a.place),
                dwell: Dwell::Until(a.until_ms),
            });
        }
        plan.push_back(Task {
            goal: Goal::Door,
            dwell: Dwell::For(0),
        });
        plan
    }

    fn visitor_plan(&mut self, t: usize) -> VecDeque<Task> {
        let mut plan = VecDeque::new();
        // A short look around at the entrance, sometimes.
        if self.rng.chance(0.3) {
            if let Some(p) = self.places.iter().position(|p| p.kind == Kind::Entrance) {
                let d = self.rng.between(3_000, 10_000);
                plan.push_back(Task {
                    goal: Goal::Place(p),
                    dwell: Dwell::For(d),
                });
            }
        }
        let v = self.visit_type(t);
        let kind = v.kind;
        let choices: Vec<usize> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.spots.is_empty())
            .filter(|(_, p)| {
                if self.has_kind(kind) {
                    p.kind == kind
                } else {
                    !matches!(p.kind, Kind::Lecture | Kind::Entrance)
                }
            })
            .map(|(i, _)| i)
            .collect();
        let (n0, n1) = v.visits;
        let (d0, d1) = v.dwell_s;
        let breaks: Vec<usize> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.kind, Kind::Exhibit | Kind::Other | Kind::Entrance))
            .filter(|(_, p)| !p.spots.is_empty())
            .map(|(i, _)| i)
            .collect();
        if !choices.is_empty() {
            for visit in 0..self.rng.between(n0, n1) {
                if visit > 0 && kind == Kind::Desk && !breaks.is_empty() {
                    // A coffee break between two desk sessions.
                    let place = breaks[self.rng.below(breaks.len())];
                    let d = self.rng.between(60_000, 180_000);
                    plan.push_back(Task {
                        goal: Goal::Place(place),
                        dwell: Dwell::For(d),
                    });
                }
                let place = choices[self.rng.below(choices.len())];
                let d = self.rng.between(d0 * 1000, d1 * 1000);
                plan.push_back(Task {
                    goal: if v.roam {
                        Goal::Roam(place)
                    } else {
                        Goal::Place(place)
                    },
                    dwell: Dwell::For(d),
                });
            }
        }
        plan.push_back(Task {
            goal: Goal::Door,
            dwell: Dwell::For(0),
        });
        plan
    }

    fn new_person(&mut self, role: Role, at: Pt, plan: VecDeque<Task>) -> Person {
        let foot = Foot {
            pos: at,
            home: at,
            landed_ms: 0,
            stance_ms: 0,
            pressure: 0.0,
        };
        Person {
            role,
            pos: at,
            heading: Pt::new(0.0, -1.0),
            speed: self.rng.range(100.0, 140.0),
            stride: self.rng.range(self.body.stride_cm.0, self.body.stride_cm.1),
            amplitude: self.rng.range(self.body.press.0, self.body.press.1),
            sway_period_ms: self.rng.range(3_000.0, 9_000.0),
            sway_phase: self.rng.range(0.0, std::f32::consts::TAU),
            plan,
            mode: Mode::Dwelling {
                until_ms: 0,
                posture: Posture::Stand,
                since_ms: 0,
                next_shift_ms: u64::MAX,
                next_move_ms: u64::MAX,
                shifting: None,
            },
            feet: [foot, foot],
            spot: None,
            leaving_since: None,
        }
    }

    /// Someone comes in at the door.
    fn enter(&mut self, role: Role, plan: VecDeque<Task>) {
        let Some(door) = self.door else { return };
        let person = self.new_person(role, door, plan);
        self.people.push(person);
        let i = self.people.len() - 1;
        self.start_next(i);
    }

    /// Someone already at their first place (the floor was busy before the simulation
    /// started). `partly`: part of the dwell time has passed.
    fn place_mid_visit(&mut self, role: Role, mut plan: VecDeque<Task>, partly: bool) {
        if self.people.len() >= MAX_PEOPLE {
            return;
        }
        // Skip a look around at the entrance.
        while plan.front().is_some_and(
            |t| matches!(t.goal, Goal::Place(p) if self.places[p].kind == Kind::Entrance),
        ) {
            plan.pop_front();
        }
        let Some(task) = plan.pop_front() else { return };
        let Some((at, spot, posture)) = self.resolve(task.goal) else {
            return;
        };
        let mut person = self.new_person(role, at, plan);
        person.spot = spot;
        let mut until_ms = self.dwell_end(task.dwell);
        if partly {
            let left = until_ms.saturating_sub(self.now_ms) as f32 * self.rng.range(0.05, 1.0);
            until_ms = self.now_ms + left as u64;
        }
        person.heading = spot
            .and_then(|s| self.spots[s].facing)
            .unwrap_or(Pt::new(0.0, -1.0));
        self.people.push(person);
        let i = self.people.len() - 1;
        self.settle(i, until_ms, posture);
    }

    fn dwell_end(&self, dwell: Dwell) -> u64 {
        match dwell {
            Dwell::For(d) => self.now_ms + d,
            Dwell::Until(t) => t.max(self.now_ms),
        }
    }

    /// Where to go for `goal`: a point, the spot reserved there (if any), the posture
    /// and the facing there. `None`: nothing free.
    fn resolve(&mut self, goal: Goal) -> Option<(Pt, Option<usize>, Posture)> {
        let candidates: Vec<usize> = match goal {
            Goal::Place(p) => self.places[p].spots.clone(),
            Goal::Podium(p) => self.places[p].podium.clone(),
            Goal::Roam(p) => {
                let r = self.places[p].area;
                let home = self.door.and_then(|d| self.geo.module_at(d));
                for _ in 0..8 {
                    let at = Pt::new(
                        self.rng.range(r.x0 + 25.0, r.x1 - 25.0),
                        self.rng.range(r.y0 + 25.0, r.y1 - 25.0),
                    );
                    let same_part = self
                        .geo
                        .module_at(at)
                        .zip(home)
                        .is_some_and(|(m, h)| self.geo.component[m] == self.geo.component[h]);
                    if same_part && self.geo.roomy(at, 15.0) {
                        return Some((at, None, Posture::Stand));
                    }
                }
                return None;
            }
            Goal::Door => return None,
        };
        let free: Vec<usize> = candidates
            .into_iter()
            .filter(|&s| !self.spots[s].taken)
            .collect();
        if free.is_empty() {
            return None;
        }
        let s = free[self.rng.below(free.len())];
        self.spots[s].taken = true;
        Some((self.spots[s].at, Some(s), self.spots[s].posture))
    }

    /// Starts the person's next task (or leaving, when the plan is done).
    fn start_next(&mut self, i: usize) {
        if let Some(s) = self.people[i].spot.take() {
            self.spots[s].taken = false;
        }
        loop {
            let task = self.people[i].plan.pop_front().unwrap_or(Task {
                goal: Goal::Door,
                dwell: Dwell::For(0),
            });
            let (target, then) = match task.goal {
                Goal::Door => match self.door {
                    Some(d) => (d, None),
                    None => return,
                },
                goal => match self.resolve(goal) {
                    Some((at, spot, posture)) => {
                        self.people[i].spot = spot;
                        (at, Some((task.dwell, posture)))
                    }
                    // Taken: on to the next task.
                    None => continue,
                },
            };
            let Some(path) = self.geo.path(self.people[i].pos, target) else {
                if let Some(s) = self.people[i].spot.take() {
                    self.spots[s].taken = false;
                }
                if then.is_none() {
                    // No way out: leave where they are.
                    self.people[i].leaving_since = Some(0);
                    return;
                }
                continue;
            };
            let now = self.now_ms;
            let p = &mut self.people[i];
            if then.is_none() && p.leaving_since.is_none() {
                p.leaving_since = Some(now);
            }
            self.begin_walk(i, path, then);
            return;
        }
    }

    /// Arrived: stand or sit until `until_ms`.
    fn settle(&mut self, i: usize, until_ms: u64, posture: Posture) {
        let now = self.now_ms;
        let facing = self.people[i]
            .spot
            .and_then(|s| self.spots[s].facing)
            .unwrap_or(self.people[i].heading);
        let shift = self.rng.between(3_000, 15_000);
        let next_move_ms = match posture {
            Posture::Stand => now + self.rng.between(12_000, 40_000),
            Posture::Sit => u64::MAX,
        };
        let p = &mut self.people[i];
        p.heading = facing;
        let side = facing.perp();
        let (ahead, apart) = match posture {
            Posture::Stand => (0.0, 11.0),
            Posture::Sit => (14.0, 10.0),
        };
        for (k, f) in p.feet.iter_mut().enumerate() {
            let sign = if k == 0 { -1.0 } else { 1.0 };
            let home = p.pos.add(facing.mul(ahead)).add(side.mul(apart * sign));
            let home = if self.geo.on_floor(home) { home } else { p.pos };
            f.home = home;
            f.pos = home;
        }
        p.mode = Mode::Dwelling {
            until_ms,
            posture,
            since_ms: now,
            next_shift_ms: now + shift,
            next_move_ms,
            shifting: None,
        };
    }

    /// A few steps to another point near the person's spot, then stand on until `until_ms`.
    fn step_aside(&mut self, i: usize, until_ms: u64) {
        let p = &self.people[i];
        let centre = p.spot.map_or(p.pos, |s| self.spots[s].at);
        let from = p.pos;
        for _ in 0..4 {
            let to = centre.add(Pt::new(
                self.rng.range(-45.0, 45.0),
                self.rng.range(-45.0, 45.0),
            ));
            if to.dist(from) >= 20.0 && self.geo.roomy(to, 15.0) && self.geo.walkable(from, to) {
                self.begin_walk(i, vec![to], Some((Dwell::Until(until_ms), Posture::Stand)));
                return;
            }
        }
        if let Mode::Dwelling { next_move_ms, .. } = &mut self.people[i].mode {
            *next_move_ms = self.now_ms + 10_000;
        }
    }

    fn begin_walk(&mut self, i: usize, path: Vec<Pt>, then: Option<(Dwell, Posture)>) {
        let now = self.now_ms;
        let p = &mut self.people[i];
        let period = p.step_period_ms();
        // Planted feet lift within half a step; the first step lands soon.
        for f in &mut p.feet {
            if f.pressure > 0.0 {
                f.landed_ms = now.saturating_sub(period / 2);
                f.stance_ms = period;
            }
        }
        p.mode = Mode::Walking {
            waypoints: path.into(),
            next_step_ms: now + period / 3,
            steps: 0,
            then,
        };
    }

    /// Moves one person by `dt`; false when they left the floor.
    fn update_person(&mut self, i: usize, dt: u64) -> bool {
        let now = self.now_ms;
        if self.people[i]
            .leaving_since
            .is_some_and(|t| now.saturating_sub(t) > MAX_LEAVING_MS)
        {
            return false;
        }
        let mut arrived = None;
        let mut next_task = false;
        let mut shuffle = None;
        let mut aside = None;
        {
            let geo = &self.geo;
            let p = &mut self.people[i];
            let period = p.step_period_ms().max(1);
            match &mut p.mode {
                Mode::Walking {
                    waypoints,
                    next_step_ms,
                    steps,
                    then,
                } => {
                    let mut dist = p.speed * dt as f32 / 1000.0;
                    while dist > 0.0 {
                        let Some(&to) = waypoints.front() else { break };
                        let d = p.pos.dist(to);
                        if d <= dist {
                            p.pos = to;
                            dist -= d;
                            waypoints.pop_front();
                        } else {
                            let dir = to.sub(p.pos).unit_or(p.heading);
                            p.pos = p.pos.add(dir.mul(dist));
                            p.heading = dir;
                            dist = 0.0;
                        }
                    }
                    while *next_step_ms <= now {
                        let k = (*steps % 2) as usize;
                        let sign = if k == 0 { -1.0 } else { 1.0 };
                        let land = p
                            .pos
                            .add(p.heading.mul(p.stride * 0.3))
                            .add(p.heading.perp().mul(9.0 * sign));
                        let f = &mut p.feet[k];
                        f.pos = if geo.on_floor(land) { land } else { p.pos };
                        f.landed_ms = *next_step_ms;
                        f.stance_ms = period + period / 4;
                        *steps += 1;
                        *next_step_ms += period;
                    }
                    for f in &mut p.feet {
                        f.pressure = stance(now.saturating_sub(f.landed_ms), f.stance_ms);
                    }
                    if waypoints.is_empty() {
                        arrived = Some(*then);
                    }
                }
                Mode::Dwelling {
                    until_ms,
                    posture,
                    since_ms,
                    next_shift_ms,
                    next_move_ms,
                    shifting,
                } => {
                    let t = (now as f32 / p.sway_period_ms) * std::f32::consts::TAU;
                    let sway = (t + p.sway_phase).sin();
                    let (base, swing, lifted_other) = match posture {
                        Posture::Stand => (0.8, 0.2, 1.0),
                        Posture::Sit => (0.68, 0.05, 0.75),
                    };
                    let ramp = (now.saturating_sub(*since_ms) as f32 / 250.0).min(1.0);
                    p.feet[0].pressure = ramp * (base + swing * sway);
                    p.feet[1].pressure = ramp * (base - swing * sway);
                    match *shifting {
                        Some((k, until)) if now < until => {
                            p.feet[k].pressure = 0.0;
                            p.feet[1 - k].pressure = ramp * lifted_other;
                        }
                        Some((k, _)) => {
                            *shifting = None;
                            shuffle = Some((k, *posture));
                        }
                        None if now >= *next_shift_ms => {
                            *shifting = Some(((now / 7 % 2) as usize, now + 300));
                        }
                        None => {}
                    }
                    if now >= *until_ms {
                        next_task = true;
                    } else if now >= *next_move_ms && *until_ms > now + 8_000 && shifting.is_none()
                    {
                        aside = Some(*until_ms);
                    }
                }
            }
        }
        if let Some((k, posture)) = shuffle {
            let jx = self.rng.range(-6.0, 6.0);
            let jy = self.rng.range(-6.0, 6.0);
            let wait = match posture {
                Posture::Stand => self.rng.between(4_000, 15_000),
                Posture::Sit => self.rng.between(20_000, 90_000),
            };
            let p = &mut self.people[i];
            let to = p.feet[k].home.add(Pt::new(jx, jy));
            if self.geo.on_floor(to) {
                p.feet[k].pos = to;
            }
            if let Mode::Dwelling { next_shift_ms, .. } = &mut p.mode {
                *next_shift_ms = now + wait;
            }
        }
        if let Some(until) = aside {
            self.step_aside(i, until);
        }
        match arrived {
            Some(None) => return false,
            Some(Some((dwell, posture))) => {
                let until = self.dwell_end(dwell);
                self.settle(i, until, posture);
            }
            None => {}
        }
        if next_task {
            self.start_next(i);
        }
        true
    }

    // -- values --------------------------------------------------------------------------

    fn drift_noise(&mut self, dt_ms: u64) {
        let n = self.noise.len();
        if n == 0 {
            return;
        }
        self.noise_due += n as f64 * NOISE_CHANGES_PER_S * dt_ms as f64 / 1000.0;
        let changes = (self.noise_due.floor() as usize).min(n);
        self.noise_due -= changes as f64;
        self.noise_due = self.noise_due.min(n as f64);
        for _ in 0..changes {
            let s = self.rng.below(n);
            self.noise[s] = noise_value(&mut self.rng);
        }
    }

    fn render(&mut self) {
        self.raise.iter_mut().for_each(|r| *r = 0.0);
        let mut near = std::mem::take(&mut self.scratch);
        let Body {
            sole_cm, spread_cm, ..
        } = self.body;
        let reach = sole_cm + spread_cm;
        for p in &self.people {
            for f in &p.feet {
                if f.pressure <= 0.01 {
                    continue;
                }
                let amp = p.amplitude * f.pressure;
                self.geo.modules_near(f.pos, reach, &mut near);
                for &m in &near {
                    for (t, tri) in self.geo.triangles[m].iter().enumerate() {
                        let d = point_triangle_distance(f.pos, tri);
                        let w = if d <= sole_cm {
                            1.0
                        } else if d < reach {
                            0.25 * (1.0 - (d - sole_cm) / spread_cm)
                        } else {
                            0.0
                        };
                        if let Some(r) = self.raise.get_mut(m * TRIANGLES_PER_MODULE + t) {
                            *r += amp * w;
                        }
                    }
                }
            }
        }
        self.scratch = near;
        for ((v, &n), &r) in self.values.iter_mut().zip(&self.noise).zip(&self.raise) {
            let idle = (BASELINE + i16::from(n)) as f32;
            *v = if r >= 0.5 {
                (idle + r).round().min(CEILING) as u8
            } else {
                idle as u8
            };
        }
    }
}

/// A foot's pressure `t` ms after landing, for a stance of `stance` ms: up in the first
/// 15 %, down in the last 15 %.
fn stance(t: u64, stance: u64) -> f32 {
    if stance == 0 || t >= stance {
        return 0.0;
    }
    let x = t as f32 / stance as f32;
    (x / 0.15).min((1.0 - x) / 0.15).min(1.0)
}

/// A segment's offset from the baseline: -2..=2, mostly small.
fn noise_value(rng: &mut Rng) -> i8 {
    const SPREAD: [i8; 9] = [-2, -1, -1, 0, 0, 0, 1, 1, 2];
    SPREAD[rng.below(SPREAD.len())]
}

fn zone_rect(z: &lernort_floor_protocol::Zone) -> Rect {
    Rect {
        x0: f32::from(z.x_cm),
        y0: f32::from(z.y_cm),
        x1: f32::from(z.x_cm) + f32::from(z.w_cm),
        y1: f32::from(z.y_cm) + f32::from(z.h_cm),
    }
}

/// Points in `r`, `spacing` apart, at least `margin` from its edges, centred.
fn grid(r: Rect, spacing: f32, margin: f32) -> Vec<Pt> {
    let axis = |lo: f32, hi: f32| -> Vec<f32> {
        let room = hi - lo - 2.0 * margin;
        if room < 0.0 {
            return if hi > lo {
                vec![(lo + hi) / 2.0]
            } else {
                Vec::new()
            };
        }
        let n = (room / spacing).floor() as usize + 1;
        let start = lo + (hi - lo - (n - 1) as f32 * spacing) / 2.0;
        (0..n).map(|k| start + k as f32 * spacing).collect()
    };
    let xs = axis(r.x0, r.x1);
    let ys = axis(r.y0, r.y1);
    ys.iter()
        .flat_map(|&y| xs.iter().map(move |&x| Pt::new(x, y)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The driver

/// Steps a [`Simulation`] with the wall clock at `rate_hz` and sends what changed.
///
/// First `Status { Up, 0 }` and a `Snapshot` of every segment, then per frame one
/// `Update` with the segments whose value changed (nothing when nothing changed). The
/// simulated clock follows the wall clock (Europe/Berlin opening hours). Updates
/// keep the channel light: the floor's noise drifts slowly, so a frame changes a few dozen
/// of the 1280 segments, not all of them.
pub(crate) async fn run(
    config: SimulatorConfig,
    layout: Arc<Layout>,
    tx: mpsc::Sender<SourceEvent>,
) {
    let rate = if config.rate_hz.is_finite() {
        config.rate_hz.clamp(0.1, crate::MAX_RATE_HZ)
    } else {
        20.0
    };
    // The programs' clock: the system's, or `LERNORT_NOW` in tests and benchmarks.
    let wall_ms = || lernort_time::clock::unix_ms().unsigned_abs();
    let mut sim = Simulation::new(config.seed, &layout, wall_ms());
    let mut reporter = Reporter::new(tx);
    if reporter.status(SourceState::Up, 0).await.is_err() {
        return;
    }
    let mut last = sim.values().to_vec();
    if reporter
        .send(SourceEvent::Snapshot(last.clone()))
        .await
        .is_err()
    {
        return;
    }
    let mut interval = tokio::time::interval(Duration::from_nanos((1e9 / rate).round() as u64));
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let t0 = Instant::now();
    let mut simulated = 0u64;
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = reporter.closed() => return,
        }
        let elapsed = t0.elapsed().as_millis() as u64;
        let mut dt = elapsed.saturating_sub(simulated);
        simulated = elapsed;
        // The steady clock does not count a suspended host, and the wall clock may be
        // set: follow the wall clock when they part by more than a minute ahead, start
        // afresh when it went back by more than five.
        let wall = wall_ms();
        let expected = sim.now_unix_ms() + dt;
        if wall > expected + 60_000 {
            dt = wall - sim.now_unix_ms();
        } else if wall + 300_000 < expected {
            sim = Simulation::new(config.seed, &layout, wall);
            dt = 0;
        }
        let values = sim.step(dt);
        let changes: Vec<(u16, u8)> = values
            .iter()
            .zip(&mut last)
            .enumerate()
            .filter_map(|(i, (&v, old))| {
                (v != *old).then(|| {
                    *old = v;
                    (i as u16, v)
                })
            })
            .collect();
        if !changes.is_empty() && reporter.send(SourceEvent::Update(changes)).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_floor_protocol::{Module, Scale, Zone};

    /// Tuesday 17.11.2026 18:00 in Soest (a talk day, busy evening).
    const TUE_18: u64 = 1_794_934_800_000;
    /// Friday 20.11.2026 18:00.
    const FRI_18: u64 = 1_795_194_000_000;
    /// Sunday 22.11.2026 12:00 (closed).
    const SUN_12: u64 = 1_795_345_200_000;
    const MIN: u64 = 60_000;

    fn layout(path: &str) -> Layout {
        let file = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
        let json = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        Layout::from_json(&json).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn dilas() -> Layout {
        layout("centres/dilas-soest/floor.json")
    }

    fn segment_at(sim: &Simulation, p: Pt) -> Option<usize> {
        let m = sim.geo.module_at(p)?;
        let t = sim.geo.triangles[m]
            .iter()
            .position(|t| point_triangle_distance(p, t) <= 0.0)?;
        Some(m * TRIANGLES_PER_MODULE + t)
    }

    fn assert_on_floor(sim: &Simulation) {
        for p in sim.people() {
            assert!(sim.geo.on_floor(Pt::new(p.x_cm, p.y_cm)), "{p:?}");
            for f in p.feet {
                assert!(sim.geo.on_floor(Pt::new(f.x_cm, f.y_cm)), "{p:?}");
            }
        }
    }

    #[test]
    fn same_seed_and_start_give_the_same_floor() {
        let layout = dilas();
        let mut a = Simulation::new(7, &layout, TUE_18);
        let mut b = Simulation::new(7, &layout, TUE_18);
        assert_eq!(a.values(), b.values());
        for _ in 0..3000 {
            assert_eq!(a.step(50), b.step(50));
        }
        assert_eq!(a.people(), b.people());
        assert!(a.people_count() > 0);
    }

    #[test]
    fn different_seeds_give_different_floors() {
        let layout = dilas();
        let mut a = Simulation::new(1, &layout, FRI_18);
        let mut b = Simulation::new(2, &layout, FRI_18);
        let differ = (0..100).filter(|_| a.step(50) != b.step(50)).count();
        assert!(differ > 90, "{differ}");
        assert_ne!(a.people(), b.people());
    }

    #[test]
    fn closed_centre_means_an_idle_floor() {
        let layout = dilas();
        let mut sim = Simulation::new(3, &layout, SUN_12);
        for _ in 0..2000 {
            let values = sim.step(100);
            assert_eq!(values.len(), 1280);
            assert!(values.iter().all(|v| (124..=132).contains(v)));
        }
        assert_eq!(sim.people_count(), 0);
        // Also at night on a weekday.
        let mut night = Simulation::new(3, &layout, FRI_18 + 5 * 60 * MIN);
        for _ in 0..600 {
            night.step(100);
        }
        assert_eq!(night.people_count(), 0);
        assert!(night.values().iter().all(|v| (124..=132).contains(v)));
    }

    #[test]
    fn feet_read_like_a_real_floor() {
        let layout = dilas();
        let mut sim = Simulation::new(11, &layout, FRI_18);
        let mut firm_feet = 0;
        let mut raised_neighbours = 0;
        for _ in 0..4000 {
            sim.step(50);
            assert!(sim.values().iter().all(|&v| (124..=190).contains(&v)));
            for p in sim.people() {
                for f in p.feet {
                    if f.pressure >= FIRM_PRESSURE {
                        let s = segment_at(&sim, Pt::new(f.x_cm, f.y_cm)).expect("on a segment");
                        assert!(sim.values()[s] >= 140, "{} under {f:?}", sim.values()[s]);
                        firm_feet += 1;
                    }
                }
            }
            raised_neighbours += sim
                .values()
                .iter()
                .filter(|&&v| (133..140).contains(&v))
                .count();
        }
        assert!(firm_feet > 10_000, "{firm_feet}");
        assert!(raised_neighbours > 1000, "{raised_neighbours}");
    }

    #[test]
    fn walkers_alternate_their_feet_at_walking_speed() {
        let layout = dilas();
        let mut sim = Simulation::new(5, &layout, FRI_18);
        let mut walking_frames = 0;
        let mut one_foot = 0;
        let mut hist = [0; 3];
        for _ in 0..6000 {
            let before: Vec<Pt> = sim.people.iter().map(|p| p.pos).collect();
            let count = sim.people.len();
            sim.step(50);
            if sim.people.len() != count {
                continue; // someone came or went: indices moved
            }
            for (p, old) in sim.people.iter().zip(before) {
                if let Mode::Walking { .. } = p.mode {
                    // 1.0–1.4 m/s: at most 7 cm per 50 ms frame.
                    assert!(p.pos.dist(old) <= 7.01, "{}", p.pos.dist(old));
                    walking_frames += 1;
                    let pressing = p.feet.iter().filter(|f| f.pressure > 0.0).count();
                    if pressing == 1 {
                        one_foot += 1;
                    }
                    hist[pressing] += 1;
                }
            }
        }
        assert!(walking_frames > 300, "{walking_frames}");
        // Mostly one foot down, with short double support.
        assert!(
            one_foot * 2 > walking_frames,
            "{one_foot} of {walking_frames} {hist:?}"
        );
    }

    #[test]
    fn a_busy_evening_has_a_plausible_crowd_and_everybody_leaves_at_closing() {
        let layout = dilas();
        // Tuesday 16:30 to 20:30 with a talk at 18:00.
        let mut sim = Simulation::new(21, &layout, TUE_18 - 90 * MIN);
        let mut counts = Vec::new();
        let mut in_lecture_room_at_talk = 0;
        let lecture = &layout.zones[3];
        assert_eq!(lecture.id, "vortragsraum");
        for minute in 0..240u64 {
            for _ in 0..120 {
                sim.step(500);
                assert_on_floor(&sim);
            }
            let at = minute + 1; // minutes after 16:30
            if (90..200).contains(&at) {
                // 18:00–19:50: course time, until everybody leaves for closing.
                counts.push(sim.people_count());
            }
            if at == 100 {
                // 18:10: the talk is under way.
                in_lecture_room_at_talk = sim
                    .people()
                    .iter()
                    .filter(|p| zone_rect(lecture).contains(Pt::new(p.x_cm, p.y_cm)) && !p.walking)
                    .count();
            }
        }
        assert!(counts.iter().all(|c| (5..=40).contains(c)), "{counts:?}");
        let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
        assert!((10.0..=32.0).contains(&mean), "{mean}");
        assert!(in_lecture_room_at_talk >= 6, "{in_lecture_room_at_talk}");
        // 20:30: closed for half an hour.
        assert_eq!(sim.people_count(), 0);
        assert!(sim.values().iter().all(|v| (124..=132).contains(v)));
    }

    #[test]
    fn quiet_hours_are_quiet() {
        let layout = dilas();
        // Friday 10:00.
        let mut sim = Simulation::new(4, &layout, FRI_18 - 8 * 60 * MIN);
        let mut most = 0;
        for _ in 0..(30 * 60) {
            sim.step(1000);
            most = most.max(sim.people_count());
        }
        assert!((1..=12).contains(&most), "{most}");
    }

    #[test]
    fn the_other_centre_works_too() {
        let layout = layout("centres/netzwerk-gt/floor.json");
        let mut sim = Simulation::new(9, &layout, FRI_18 - 6 * 60 * MIN);
        let mut seen = 0;
        for _ in 0..(20 * 60 * 4) {
            sim.step(250);
            assert_on_floor(&sim);
            seen = seen.max(sim.people_count());
            assert_eq!(sim.values().len(), 48 * 8);
        }
        assert!(seen >= 1, "{seen}");
    }

    /// A U-shaped floor: people must walk around the hole, never across it.
    #[test]
    fn paths_go_around_holes_in_the_floor() {
        let mut modules = Vec::new();
        for y in 0..8u16 {
            for x in 0..8u16 {
                // The hole: columns 3–4, rows 0–5.
                if (3..5).contains(&x) && y < 6 {
                    continue;
                }
                modules.push(Module {
                    id: x * 256 + y,
                    x_cm: x * 50,
                    y_cm: y * 50,
                    w_cm: 50,
                    h_cm: 50,
                });
            }
        }
        let zone = |id: &str, x, y, w, h| Zone {
            id: id.into(),
            name: lernort_i18n::Localized::German(id.into()),
            x_cm: x,
            y_cm: y,
            w_cm: w,
            h_cm: h,
        };
        let layout = Layout {
            protocol: 1,
            width_cm: 400,
            height_cm: 400,
            triangles: Triangle::ORDER.to_vec(),
            modules,
            zones: vec![
                zone("eingang", 0, 300, 150, 100),
                zone("ausstellung", 250, 0, 150, 300),
                zone("coworking", 0, 0, 150, 300),
            ],
            scale: Scale {
                baseline: 128,
                active: 140,
                max: 190,
            },
        };
        assert!(layout.problems().is_empty());
        let mut sim = Simulation::new(13, &layout, FRI_18);
        let path = sim
            .geo
            .path(Pt::new(75.0, 25.0), Pt::new(325.0, 25.0))
            .expect("a way around");
        let mut here = Pt::new(75.0, 25.0);
        for p in path {
            assert!(sim.geo.walkable(here, p), "{here:?} -> {p:?}");
            here = p;
        }
        let mut exhibition_visits = 0;
        for _ in 0..(40 * 60 * 4) {
            sim.step(250);
            assert_on_floor(&sim);
            exhibition_visits += sim
                .people()
                .iter()
                .filter(|p| p.x_cm > 250.0 && p.y_cm < 300.0)
                .count();
        }
        assert!(exhibition_visits > 0);
    }

    #[test]
    fn long_gaps_restart_the_crowd() {
        let layout = dilas();
        let mut sim = Simulation::new(8, &layout, SUN_12);
        assert_eq!(sim.people_count(), 0);
        // Sunday 12:00 + 5 days 6 hours = Friday 18:00.
        sim.step((5 * 24 + 6) * 60 * MIN);
        assert_eq!(sim.now_unix_ms(), FRI_18 + 7 * 24 * 60 * MIN);
        assert!(sim.people_count() >= 5, "{}", sim.people_count());
        for _ in 0..100 {
            sim.step(50);
        }
        assert_on_floor(&sim);
    }

    #[test]
    fn a_broken_layout_does_not_panic() {
        let mut layout = dilas();
        layout.zones.clear();
        let mut sim = Simulation::new(1, &layout, FRI_18);
        for _ in 0..2000 {
            sim.step(500);
            assert_on_floor(&sim);
        }
        layout.modules.clear();
        let mut empty = Simulation::new(1, &layout, FRI_18);
        assert!(empty.step(50).is_empty());
        assert_eq!(empty.people_count(), 0);
    }

    /// Distances, cm, from each foot that lands while walking to the other foot: the
    /// step lengths, over `frames` frames of 50 ms from Friday 18:00.
    fn step_lengths(body: Body, frames: usize) -> Vec<f32> {
        let layout = dilas();
        let mut sim = Simulation::with_body(5, &layout, FRI_18, body);
        let mut lengths = Vec::new();
        for _ in 0..frames {
            let before: Vec<[u64; 2]> = sim
                .people
                .iter()
                .map(|p| p.feet.map(|f| f.landed_ms))
                .collect();
            let count = sim.people.len();
            sim.step(50);
            if sim.people.len() != count {
                continue; // someone came or went: indices moved
            }
            for (p, landed) in sim.people.iter().zip(before) {
                let Mode::Walking { steps, .. } = p.mode else {
                    continue;
                };
                for (k, was) in landed.into_iter().enumerate() {
                    // Not the first step: the other foot has landed walking too.
                    if p.feet[k].landed_ms != was && steps >= 2 {
                        lengths.push(p.feet[k].pos.dist(p.feet[1 - k].pos));
                    }
                }
            }
        }
        lengths
    }

    fn median(mut values: Vec<f32>) -> f32 {
        assert!(!values.is_empty());
        values.sort_by(f32::total_cmp);
        values[values.len() / 2]
    }

    /// Readings above the baseline under feet pressing at least [`FIRM_PRESSURE`], and
    /// segments at or above 140 per such foot, over `frames` frames from Friday 18:00.
    fn firm_feet(body: Body, frames: usize) -> (Vec<f32>, f64) {
        let layout = dilas();
        let mut sim = Simulation::with_body(11, &layout, FRI_18, body);
        let mut raised = Vec::new();
        let (mut feet, mut active) = (0usize, 0usize);
        for _ in 0..frames {
            sim.step(50);
            for p in sim.people() {
                for f in p.feet {
                    if f.pressure >= FIRM_PRESSURE {
                        let s = segment_at(&sim, Pt::new(f.x_cm, f.y_cm)).expect("on a segment");
                        raised.push(f32::from(sim.values()[s]) - f32::from(BASELINE as u8));
                    }
                    feet += usize::from(f.pressure > 0.01);
                }
            }
            active += sim.values().iter().filter(|&&v| v >= 140).count();
        }
        (raised, active as f64 / feet.max(1) as f64)
    }

    #[test]
    fn the_default_body_is_the_usual_visitor() {
        let layout = dilas();
        let mut usual = Simulation::new(7, &layout, TUE_18);
        let mut default = Simulation::with_body(7, &layout, TUE_18, Body::default());
        assert_eq!(usual.values(), default.values());
        for _ in 0..2000 {
            assert_eq!(usual.step(50), default.step(50));
        }
        assert_eq!(usual.people(), default.people());
        // Same seed, another body: the same people in the same places, other readings.
        let heavy = Body {
            press: (45.0, 80.0),
            ..Body::default()
        };
        let mut other = Simulation::with_body(7, &layout, TUE_18, heavy);
        for _ in 0..2000 {
            other.step(50);
        }
        let at = |sim: &Simulation| -> Vec<(f32, f32)> {
            sim.people().iter().map(|p| (p.x_cm, p.y_cm)).collect()
        };
        assert_eq!(at(&usual), at(&other));
        assert_ne!(usual.values(), other.values());
    }

    #[test]
    fn longer_strides_land_farther_apart() {
        let usual = median(step_lengths(Body::default(), 4000));
        let long = median(step_lengths(
            Body {
                stride_cm: (80.0, 100.0),
                ..Body::default()
            },
            4000,
        ));
        let short = median(step_lengths(
            Body {
                stride_cm: (40.0, 50.0),
                ..Body::default()
            },
            4000,
        ));
        // Feet 18 cm apart sideways, a stride apart along the way (turns make some shorter).
        assert!((50.0..=80.0).contains(&usual), "{usual}");
        assert!(long >= usual + 15.0, "{long} vs {usual}");
        assert!(short <= usual - 10.0, "{short} vs {usual}");
    }

    #[test]
    fn lighter_people_read_lower_and_heavier_higher() {
        let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
        let (usual, _) = firm_feet(Body::default(), 2000);
        let (light, _) = firm_feet(
            Body {
                press: (15.0, 28.0),
                ..Body::default()
            },
            2000,
        );
        let (heavy, _) = firm_feet(
            Body {
                press: (60.0, 110.0),
                ..Body::default()
            },
            2000,
        );
        assert!(usual.len() > 1000 && usual.len() == light.len());
        // 0.6–1.0 of the range above the baseline, ± 2 of noise.
        assert!(usual.iter().all(|&r| r >= 12.0), "{}", mean(&usual));
        assert!(mean(&light) < mean(&usual) * 0.7, "{}", mean(&light));
        assert!(
            light.iter().any(|&r| r < 12.0),
            "light feet fall below 140 at times"
        );
        assert!(mean(&heavy) > mean(&usual) * 1.3, "{}", mean(&heavy));
        assert!(heavy.iter().all(|&r| r <= 62.0), "clipped at 190");
    }

    #[test]
    fn larger_feet_press_more_segments() {
        let (_, usual) = firm_feet(Body::default(), 2000);
        let (_, large) = firm_feet(
            Body {
                sole_cm: 10.0,
                ..Body::default()
            },
            2000,
        );
        let (_, small) = firm_feet(
            Body {
                spread_cm: 0.0,
                ..Body::default()
            },
            2000,
        );
        // Per pressing foot, segments reading 140 or more.
        assert!((0.9..=1.6).contains(&usual), "{usual}");
        assert!(large > usual * 1.5, "{large} vs {usual}");
        assert!(small <= usual, "{small} vs {usual}");
    }

    #[test]
    fn an_impossible_body_still_runs() {
        let layout = dilas();
        let body = Body {
            stride_cm: (0.0, f32::NAN),
            sole_cm: -5.0,
            spread_cm: f32::INFINITY,
            press: (-10.0, 40.0),
        };
        let mut sim = Simulation::with_body(3, &layout, FRI_18, body);
        for _ in 0..600 {
            assert!(sim.step(50).iter().all(|&v| (124..=190).contains(&v)));
            assert_on_floor(&sim);
        }
        assert!(sim.people_count() > 0);
    }

    #[tokio::test(start_paused = true)]
    async fn the_driver_sends_up_a_snapshot_then_updates() {
        let layout = Arc::new(dilas());
        let config = SimulatorConfig {
            seed: 1,
            rate_hz: 20.0,
        };
        let mut rx = crate::spawn(crate::SourceConfig::Simulator(config), Arc::clone(&layout));
        assert_eq!(
            rx.recv().await,
            Some(SourceEvent::Status {
                state: SourceState::Up,
                stale_modules: 0
            })
        );
        let Some(SourceEvent::Snapshot(mut values)) = rx.recv().await else {
            panic!("no snapshot");
        };
        assert_eq!(values.len(), layout.segment_count());
        let mut updates = 0;
        while updates < 20 {
            match rx.recv().await {
                Some(SourceEvent::Update(changes)) => {
                    assert!(!changes.is_empty());
                    for (i, v) in changes {
                        assert_ne!(values[usize::from(i)], v);
                        values[usize::from(i)] = v;
                    }
                    updates += 1;
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
