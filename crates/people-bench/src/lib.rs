//! How well the app counts people, measured against ground truth (docs/people-count.md).
//!
//! The gateway's own simulator (`lernort_floor_sources::simulator::Simulation`) walks,
//! stands and seats people on a floor and knows where each of them is; the app's estimator
//! (`lernort_floor_view::People`) sees only the segment values, frame by frame, as the page
//! does. [`measure_day`] runs a day at 20 frames a second and compares the two every 10 s,
//! in total and per zone; [`Tally`] keeps the figures the issue asks for (exact, within one,
//! mean absolute error, mean bias) and [`Report`] prints them by crowd size and by zone.

use std::fmt::{self, Write as _};

use lernort_floor_protocol::Layout;
use lernort_floor_sources::simulator::Simulation;
use lernort_floor_view::{Counts, People};

/// Frames a second, as the gateway's simulator sends them.
pub const FRAME_MS: u64 = 50;
/// How often the two counts are compared.
pub const SAMPLE_MS: u64 = 10_000;

/// Tuesday 17 November 2026, 08:00 in Soest: the start of the measured day.
pub const TUESDAY_8: u64 = 1_794_898_800_000;
/// Fourteen hours: 08:00 to 22:00.
pub const DAY_MS: u64 = 14 * 3_600_000;

/// The crowd sizes the figures are given for: 0–4, 5–9, 10–19, 20 and more people.
pub const BUCKETS: [(u32, u32); 4] = [(0, 4), (5, 9), (10, 19), (20, u32::MAX)];

/// Estimate against truth, summed over samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Samples.
    pub samples: u64,
    /// Samples where the estimate was the truth.
    pub exact: u64,
    /// Samples where it was at most one off.
    pub within_one: u64,
    /// Sum of |estimate − truth|.
    pub abs_error: u64,
    /// Sum of estimate − truth.
    pub error: i64,
    /// Sum of the truth.
    pub truth: u64,
}

impl Tally {
    /// Counts one sample.
    pub fn add(&mut self, truth: u32, estimate: u32) {
        let error = i64::from(estimate) - i64::from(truth);
        self.samples += 1;
        self.exact += u64::from(error == 0);
        self.within_one += u64::from(error.abs() <= 1);
        self.abs_error += error.unsigned_abs();
        self.error += error;
        self.truth += u64::from(truth);
    }

    /// Adds another tally's samples.
    pub fn merge(&mut self, other: &Tally) {
        self.samples += other.samples;
        self.exact += other.exact;
        self.within_one += other.within_one;
        self.abs_error += other.abs_error;
        self.error += other.error;
        self.truth += other.truth;
    }

    fn share(&self, n: u64) -> f64 {
        100.0 * n as f64 / self.samples.max(1) as f64
    }

    /// % of samples exactly right.
    pub fn exact_percent(&self) -> f64 {
        self.share(self.exact)
    }

    /// % of samples at most one off.
    pub fn within_one_percent(&self) -> f64 {
        self.share(self.within_one)
    }

    /// Mean absolute error, people.
    pub fn mean_abs_error(&self) -> f64 {
        self.abs_error as f64 / self.samples.max(1) as f64
    }

    /// Mean error (positive: too many), people.
    pub fn mean_bias(&self) -> f64 {
        self.error as f64 / self.samples.max(1) as f64
    }

    /// Mean true count.
    pub fn mean_truth(&self) -> f64 {
        self.truth as f64 / self.samples.max(1) as f64
    }

    /// Mean absolute error as % of the mean true count.
    pub fn relative_error_percent(&self) -> f64 {
        100.0 * self.abs_error as f64 / self.truth.max(1) as f64
    }

    /// Mean bias as % of the mean true count.
    pub fn relative_bias_percent(&self) -> f64 {
        100.0 * self.error as f64 / self.truth.max(1) as f64
    }
}

/// The figures of one or more runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// What was measured, one line.
    pub title: String,
    /// The total, by crowd size ([`BUCKETS`]).
    pub buckets: [Tally; 4],
    /// Each zone's count, by zone (layout order), with its id.
    pub zones: Vec<(String, Tally)>,
    /// People seen walking in the samples, and all people seen.
    pub walking: (u64, u64),
}

impl Report {
    /// An empty report for `layout`'s zones.
    pub fn new(title: &str, layout: &Layout) -> Report {
        Report {
            title: title.to_string(),
            buckets: [Tally::default(); 4],
            zones: layout
                .zones
                .iter()
                .map(|z| (z.id.clone(), Tally::default()))
                .collect(),
            walking: (0, 0),
        }
    }

    /// Every sample of the total.
    pub fn total(&self) -> Tally {
        let mut all = Tally::default();
        for bucket in &self.buckets {
            all.merge(bucket);
        }
        all
    }

    /// Every zone's samples together.
    pub fn all_zones(&self) -> Tally {
        let mut all = Tally::default();
        for (_, zone) in &self.zones {
            all.merge(zone);
        }
        all
    }

    /// Adds another report's samples (same layout).
    pub fn merge(&mut self, other: &Report) {
        for (a, b) in self.buckets.iter_mut().zip(&other.buckets) {
            a.merge(b);
        }
        for ((_, a), (_, b)) in self.zones.iter_mut().zip(&other.zones) {
            a.merge(b);
        }
        self.walking.0 += other.walking.0;
        self.walking.1 += other.walking.1;
    }

    /// Counts one sample: the true people per zone and in total, the estimate.
    pub fn add(&mut self, truth_total: u32, truth_zones: &[u32], estimate: &Counts) {
        let bucket = BUCKETS
            .iter()
            .position(|&(lo, hi)| truth_total >= lo && truth_total <= hi)
            .unwrap_or(BUCKETS.len() - 1);
        self.buckets[bucket].add(truth_total, estimate.total);
        for (((_, tally), truth), estimate) in
            self.zones.iter_mut().zip(truth_zones).zip(&estimate.zones)
        {
            tally.add(*truth, *estimate);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.title);
        let _ = writeln!(
            s,
            "{:<14} {:>8} {:>8} {:>7} {:>8} {:>6} {:>7} {:>8} {:>8}",
            "people", "samples", "mean", "exact", "within 1", "MAE", "bias", "MAE %", "bias %"
        );
        let row = |s: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                s,
                "{:<14} {:>8} {:>8.1} {:>6.1}% {:>7.1}% {:>6.2} {:>+7.2} {:>7.1}% {:>+7.1}%",
                name,
                t.samples,
                t.mean_truth(),
                t.exact_percent(),
                t.within_one_percent(),
                t.mean_abs_error(),
                t.mean_bias(),
                t.relative_error_percent(),
                t.relative_bias_percent()
            );
        };
        for (&(lo, hi), tally) in BUCKETS.iter().zip(&self.buckets) {
            let name = if hi == u32::MAX {
                format!("{lo}+")
            } else {
                format!("{lo}-{hi}")
            };
            row(&mut s, &name, tally);
        }
        row(&mut s, "all", &self.total());
        let _ = writeln!(s, "per zone:");
        for (id, tally) in &self.zones {
            row(&mut s, id, tally);
        }
        row(&mut s, "all zones", &self.all_zones());
        let (walking, seen) = self.walking;
        let _ = writeln!(
            s,
            "people walking in the samples: {:.0}% of {seen}",
            100.0 * walking as f64 / seen.max(1) as f64
        );
        f.write_str(&s)
    }
}

/// The zone (layout order) that contains the point, if any; as the estimator assigns a
/// cluster by its centroid, a person is assigned by the middle between their feet.
pub fn zone_at(layout: &Layout, x_cm: f32, y_cm: f32) -> Option<usize> {
    layout.zones.iter().position(|z| {
        let (zx, zy) = (f32::from(z.x_cm), f32::from(z.y_cm));
        x_cm >= zx && x_cm < zx + f32::from(z.w_cm) && y_cm >= zy && y_cm < zy + f32::from(z.h_cm)
    })
}

/// Runs the simulator over `layout` from `start_ms` for `duration_ms`, feeding the
/// estimator every frame and comparing every [`SAMPLE_MS`].
pub fn measure_day(
    layout: &Layout,
    seed: u64,
    start_ms: u64,
    duration_ms: u64,
    report: &mut Report,
) {
    let mut sim = Simulation::new(seed, layout, start_ms);
    let mut people = People::new(layout);
    let mut truth_zones = vec![0u32; layout.zones.len()];
    let frames_per_sample = SAMPLE_MS / FRAME_MS;
    for frame in 1..=duration_ms / FRAME_MS {
        let now = sim.now_unix_ms() + FRAME_MS;
        let values = sim.step(FRAME_MS);
        let counts = people.update(values, layout.scale.active, now);
        if frame % frames_per_sample != 0 {
            continue;
        }
        truth_zones.fill(0);
        let everyone = sim.people();
        for person in &everyone {
            let (x, y) = (
                (person.feet[0].x_cm + person.feet[1].x_cm) / 2.0,
                (person.feet[0].y_cm + person.feet[1].y_cm) / 2.0,
            );
            if let Some(zone) = zone_at(layout, x, y) {
                truth_zones[zone] += 1;
            }
        }
        report.walking.0 += everyone.iter().filter(|p| p.walking).count() as u64;
        report.walking.1 += everyone.len() as u64;
        report.add(everyone.len() as u32, &truth_zones, counts);
    }
}
