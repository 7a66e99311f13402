//! How well the app counts people, measured against ground truth (docs/people-count.md).
//!
//! The gateway's own simulator (`lernort_floor_sources::simulator::Simulation`) walks,
//! stands and seats people on a floor and knows where each of them is; the app's estimator
//! (`lernort_floor_view::People`) sees only the segment values, frame by frame, as the page
//! does. [`measure_day`] runs a day at 20 frames a second and compares the two every 10 s,
//! in total and per zone; [`Tally`] keeps the figures the issue asks for (exact, within one,
//! mean absolute error, mean bias) and [`Report`] prints them by crowd size and by zone.
//!
//! So that the estimator is not only good on the simulator it was tuned on, the same run
//! goes on other seeds and on visitors with another [`Body`] ([`VARIANTS`]: strides, feet,
//! pressure); [`Report::summary_row`] holds each against the goals ([`GOALS`]).

use std::fmt::{self, Write as _};

use lernort_floor_protocol::Layout;
use lernort_floor_sources::simulator::{Body, Simulation};
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

/// The seeds the estimator was tuned on, one simulated day each.
pub const TUNING_SEEDS: [u64; 4] = [2026, 1, 2, 3];
/// Seeds it was never tuned on.
pub const OTHER_SEEDS: [u64; 4] = [7, 11, 42, 99];

/// What issue #18 asks of the count. A crowd of up to [`Goals::small_crowd`] people is
/// judged by how often the count is within one, a larger one by its error relative to the
/// true count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goals {
    /// The largest crowd judged by "within one".
    pub small_crowd: u32,
    /// Up to `small_crowd` people, and in each zone: the least share of samples within
    /// one, %.
    pub within_one_percent: f64,
    /// Above `small_crowd` people: the largest mean absolute error, % of the true count.
    pub mean_abs_error_percent: f64,
    /// At every crowd size ([`BUCKETS`]): the largest mean bias either way, % of the true
    /// count.
    pub bias_percent: f64,
}

/// The goals: up to 10 people within ±1 in at least 90 % of the samples; above
/// 10, a mean absolute error of at most 10 %; a mean bias of at most ±5 % at every crowd
/// size; each zone within ±1 in at least 90 %.
pub const GOALS: Goals = Goals {
    small_crowd: 10,
    within_one_percent: 90.0,
    mean_abs_error_percent: 10.0,
    bias_percent: 5.0,
};

/// Visitors unlike the simulator's usual ones, one setting changed each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Variant {
    /// Its name on the command line.
    pub name: &'static str,
    /// What differs from the default body, in words.
    pub what: &'static str,
    /// The visitors' body.
    pub body: Body,
}

/// The variants the bench runs besides the default body: each changes one setting of
/// [`Body`] to about the edge of what adults in shoes do (strides of 45–90 cm; a sole
/// that presses the triangles around its middle, or pressure that barely spreads;
/// 0.7–1.3 times the pressure).
pub const VARIANTS: [Variant; 6] = [
    Variant {
        name: "short-strides",
        what: "strides 45-60 cm (default 55-75)",
        body: Body {
            stride_cm: (45.0, 60.0),
            ..Body::USUAL
        },
    },
    Variant {
        name: "long-strides",
        what: "strides 70-90 cm (default 55-75)",
        body: Body {
            stride_cm: (70.0, 90.0),
            ..Body::USUAL
        },
    },
    Variant {
        name: "small-feet",
        what: "pressure spreads 6 cm beyond the foot (default 12)",
        body: Body {
            spread_cm: 6.0,
            ..Body::USUAL
        },
    },
    Variant {
        name: "large-feet",
        what: "a sole of 6 cm radius presses fully (default: a point)",
        body: Body {
            sole_cm: 6.0,
            ..Body::USUAL
        },
    },
    Variant {
        name: "light",
        what: "pressure 21-38.5 above baseline, 0.7x (default 30-55)",
        body: Body {
            press: (21.0, 38.5),
            ..Body::USUAL
        },
    },
    Variant {
        name: "heavy",
        what: "pressure 39-71.5 above baseline, 1.3x (default 30-55)",
        body: Body {
            press: (39.0, 71.5),
            ..Body::USUAL
        },
    },
];

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
    /// Samples where the estimate was a range (the floor could not tell).
    pub ranged: u64,
    /// Samples where the truth lay in the estimate's range (a single number: was it).
    pub in_range: u64,
}

impl Tally {
    /// Counts one sample with a single number.
    pub fn add(&mut self, truth: u32, estimate: u32) {
        self.add_ranged(truth, estimate, (estimate, estimate));
    }

    /// Counts one sample: the estimate and the range it lies in (`low..=high`).
    pub fn add_ranged(&mut self, truth: u32, estimate: u32, (low, high): (u32, u32)) {
        self.ranged += u64::from(low < high);
        self.in_range += u64::from((low..=high).contains(&truth));
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
        self.ranged += other.ranged;
        self.in_range += other.in_range;
    }

    fn share(&self, n: u64) -> f64 {
        100.0 * n as f64 / self.samples.max(1) as f64
    }

    /// % of the samples where the estimate was a range.
    pub fn ranged_percent(&self) -> f64 {
        self.share(self.ranged)
    }

    /// % of the samples whose truth lay in the estimate's range.
    pub fn in_range_percent(&self) -> f64 {
        self.share(self.in_range)
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
    /// The total, split at [`Goals::small_crowd`] of [`GOALS`]: up to it, above it.
    pub by_goal: [Tally; 2],
    /// People seen walking in the samples, and all people seen.
    pub walking: (u64, u64),
    /// What the floor saw of a foot: segments at or above the layout's `active` value, and
    /// feet down, summed over the samples.
    pub footprint: (u64, u64),
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
            by_goal: [Tally::default(); 2],
            walking: (0, 0),
            footprint: (0, 0),
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
        for (a, b) in self.by_goal.iter_mut().zip(&other.by_goal) {
            a.merge(b);
        }
        self.walking.0 += other.walking.0;
        self.walking.1 += other.walking.1;
        self.footprint.0 += other.footprint.0;
        self.footprint.1 += other.footprint.1;
    }

    /// Segments at or above `active` per foot down, on average: how large a foot looks.
    pub fn segments_per_foot(&self) -> f64 {
        self.footprint.0 as f64 / self.footprint.1.max(1) as f64
    }

    /// Counts one sample: the true people per zone and in total, the estimate.
    pub fn add(&mut self, truth_total: u32, truth_zones: &[u32], estimate: &Counts) {
        let bucket = BUCKETS
            .iter()
            .position(|&(lo, hi)| truth_total >= lo && truth_total <= hi)
            .unwrap_or(BUCKETS.len() - 1);
        let range = (estimate.total_min, estimate.total_max);
        self.buckets[bucket].add_ranged(truth_total, estimate.total, range);
        self.by_goal[usize::from(truth_total > GOALS.small_crowd)].add_ranged(
            truth_total,
            estimate.total,
            range,
        );
        for (((_, tally), truth), estimate) in
            self.zones.iter_mut().zip(truth_zones).zip(&estimate.zones)
        {
            tally.add(*truth, *estimate);
        }
    }
}

/// A figure held against its goal: `!` after it when it misses, `-` without samples.
fn judged(tally: &Tally, text: String, met: bool) -> String {
    if tally.samples == 0 {
        "- ".to_string()
    } else if met {
        format!("{text} ")
    } else {
        format!("{text}!")
    }
}

impl Report {
    /// The heading of [`Report::summary_row`]'s table, two lines: the columns and the goals.
    pub fn summary_header() -> String {
        let g = GOALS;
        let within = format!(">={:.0}% ", g.within_one_percent);
        let bias = format!("±{:.0}% ", g.bias_percent);
        format!(
            "{:<30} {:>7} {:>8} {:>8} {:>8} {:>7} {:>7} {:>7} {:>8}  {}\n\
             {:<30} {:>7} {:>8} {:>8} {:>8} {:>7} {:>7} {:>7} {:>8}  {}\n",
            "",
            "samples",
            format!("<={} ±1 ", g.small_crowd),
            format!(">{} MAE ", g.small_crowd),
            "bias 0-4 ",
            "5-9 ",
            "10-19 ",
            "20+ ",
            "seg/foot",
            "worst zone ±1",
            "goal",
            "",
            within,
            format!("<={:.0}% ", g.mean_abs_error_percent),
            bias,
            bias,
            bias,
            bias,
            "",
            within,
        )
    }

    /// One line of key figures, each marked `!` where it misses its goal ([`GOALS`]):
    /// within one up to 10 people, mean absolute error above 10 (% of the true count),
    /// bias by crowd size (%), segments per foot (no goal: what the floor saw), the zone
    /// least often within one. `-` where there were no samples.
    pub fn summary_row(&self, name: &str) -> String {
        let g = GOALS;
        let [small, large] = &self.by_goal;
        let mut s = format!(
            "{:<30} {:>7} {:>8} {:>8}",
            name,
            self.total().samples,
            judged(
                small,
                format!("{:.1}%", small.within_one_percent()),
                small.within_one_percent() >= g.within_one_percent
            ),
            judged(
                large,
                format!("{:.1}%", large.relative_error_percent()),
                large.relative_error_percent() <= g.mean_abs_error_percent
            ),
        );
        for (bucket, width) in self.buckets.iter().zip([8, 7, 7, 7]) {
            let bias = bucket.relative_bias_percent();
            let _ = write!(
                s,
                " {:>width$}",
                judged(bucket, format!("{bias:+.1}%"), bias.abs() <= g.bias_percent)
            );
        }
        let _ = write!(s, " {:>8.2}", self.segments_per_foot());
        let worst = self.zones.iter().min_by(|a, b| {
            a.1.within_one_percent()
                .total_cmp(&b.1.within_one_percent())
        });
        if let Some((id, zone)) = worst {
            let share = zone.within_one_percent();
            let _ = write!(
                s,
                "  {} {id}",
                judged(zone, format!("{share:.1}%"), share >= g.within_one_percent)
            );
        }
        s
    }

    /// Whether every figure of [`Report::summary_row`] meets its goal.
    pub fn meets_goals(&self) -> bool {
        let g = GOALS;
        self.by_goal[0].within_one_percent() >= g.within_one_percent
            && self.by_goal[1].relative_error_percent() <= g.mean_abs_error_percent
            && self
                .buckets
                .iter()
                .all(|b| b.relative_bias_percent().abs() <= g.bias_percent)
            && self
                .zones
                .iter()
                .all(|(_, z)| z.within_one_percent() >= g.within_one_percent)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        let _ = writeln!(s, "{}", self.title);
        let _ = writeln!(
            s,
            "{:<14} {:>8} {:>8} {:>7} {:>8} {:>6} {:>7} {:>8} {:>8} {:>7} {:>8}",
            "people",
            "samples",
            "mean",
            "exact",
            "within 1",
            "MAE",
            "bias",
            "MAE %",
            "bias %",
            "range",
            "in range"
        );
        let row = |s: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                s,
                "{:<14} {:>8} {:>8.1} {:>6.1}% {:>7.1}% {:>6.2} {:>+7.2} {:>7.1}% {:>+7.1}% {:>6.1}% {:>7.1}%",
                name,
                t.samples,
                t.mean_truth(),
                t.exact_percent(),
                t.within_one_percent(),
                t.mean_abs_error(),
                t.mean_bias(),
                t.relative_error_percent(),
                t.relative_bias_percent(),
                t.ranged_percent(),
                t.in_range_percent()
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

/// Runs the simulator with visitors of `body` over `layout` from `start_ms` for
/// `duration_ms`, feeding the estimator every frame and comparing every [`SAMPLE_MS`].
pub fn measure_day(
    layout: &Layout,
    seed: u64,
    body: Body,
    start_ms: u64,
    duration_ms: u64,
    report: &mut Report,
) {
    let mut sim = Simulation::with_body(seed, layout, start_ms, body);
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
        let active = sim.values().iter().filter(|&&v| v >= layout.scale.active);
        report.footprint.0 += active.count() as u64;
        // As the simulator draws them: a foot pressing 1 % of its weight or less is lifted.
        report.footprint.1 += everyone
            .iter()
            .flat_map(|p| p.feet)
            .filter(|f| f.pressure > 0.01)
            .count() as u64;
        report.add(everyone.len() as u32, &truth_zones, counts);
    }
}

/// A body described on the command line: the usual one ([`Body::USUAL`]) with the
/// settings given, e.g. `sole=3,press=35-64`. Settings: `stride` (cm, from-to), `sole`
/// (cm), `spread` (cm), `press` (from-to above the baseline).
pub fn parse_body(spec: &str) -> Result<Body, String> {
    let number = |key: &str, text: &str| -> Result<f32, String> {
        match text.trim().parse::<f32>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
            _ => Err(format!("{key}: {text} is not a number of 0 or more")),
        }
    };
    let range = |key: &str, text: &str| -> Result<(f32, f32), String> {
        let (from, to) = text
            .split_once('-')
            .ok_or_else(|| format!("{key}: {text} is not a range like 30-55"))?;
        let (from, to) = (number(key, from)?, number(key, to)?);
        if from > to {
            return Err(format!("{key}: {text} runs backwards"));
        }
        Ok((from, to))
    };
    let mut body = Body::USUAL;
    for setting in spec.split(',').filter(|s| !s.trim().is_empty()) {
        let (key, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("{setting}: not key=value"))?;
        match key.trim() {
            "stride" => body.stride_cm = range("stride", value)?,
            "sole" => body.sole_cm = number("sole", value)?,
            "spread" => body.spread_cm = number("spread", value)?,
            "press" => body.press = range("press", value)?,
            other => {
                return Err(format!(
                    "{other}: no such setting (stride, sole, spread, press)"
                ))
            }
        }
    }
    Ok(body)
}

/// [`measure_day`] once per seed, on up to `jobs` threads (a simulated day takes one core
/// about 12 s), into `report`. The figures do not depend on `jobs`: every day is
/// simulated on its own and the tallies are sums.
pub fn measure_days(
    layout: &Layout,
    seeds: &[u64],
    body: Body,
    start_ms: u64,
    duration_ms: u64,
    jobs: usize,
    report: &mut Report,
) {
    let jobs = jobs.clamp(1, seeds.len().max(1));
    let empty = Report::new("", layout);
    let parts: Vec<Report> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|job| {
                let mut part = empty.clone();
                scope.spawn(move || {
                    for seed in seeds.iter().skip(job).step_by(jobs) {
                        measure_day(layout, *seed, body, start_ms, duration_ms, &mut part);
                    }
                    part
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a measuring thread panicked"))
            .collect()
    });
    for part in &parts {
        report.merge(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_floor_view::Counts;

    fn layout() -> Layout {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../centres/dilas-soest/floor.json"
        );
        let text = std::fs::read_to_string(file).expect("the DiLAS floor");
        Layout::from_json(&text).expect("a valid layout")
    }

    fn counts(total: u32, zones: &[u32]) -> Counts {
        Counts::certain(total, zones.to_vec())
    }

    #[test]
    fn a_range_holds_the_truth_or_not() {
        let mut tally = Tally::default();
        tally.add_ranged(9, 8, (8, 10)); // a range with the truth in it
        tally.add_ranged(12, 10, (9, 11)); // a range without
        tally.add(5, 5); // a single number, right
        tally.add(5, 6); // a single number, wrong
        assert_eq!((tally.ranged, tally.in_range, tally.exact), (2, 2, 1));
        assert_eq!(tally.ranged_percent(), 50.0);
        assert_eq!(tally.in_range_percent(), 50.0);
    }

    #[test]
    fn ten_people_are_a_small_crowd_and_eleven_a_large_one() {
        let layout = layout();
        let zones = vec![0; layout.zones.len()];
        let mut report = Report::new("", &layout);
        report.add(10, &zones, &counts(11, &zones));
        report.add(11, &zones, &counts(13, &zones));
        assert_eq!(report.by_goal[0].samples, 1);
        assert_eq!(report.by_goal[0].within_one, 1);
        assert_eq!(report.by_goal[1].abs_error, 2);
        assert_eq!(report.buckets[2].samples, 2);
    }

    #[test]
    fn a_missed_goal_is_marked() {
        let layout = layout();
        let zones = vec![0; layout.zones.len()];
        let mut report = Report::new("", &layout);
        for _ in 0..19 {
            report.add(3, &zones, &counts(3, &zones));
        }
        assert!(report.meets_goals());
        assert!(!report.summary_row("x").contains('!'));
        // One sample in twenty two off: 95 % within one, bias +2/60 = +3.3 %.
        report.add(3, &zones, &counts(5, &zones));
        assert!(report.meets_goals());
        // Two more: 3 of 22 off (86 %), bias +6/66 = +9.1 %.
        report.add(3, &zones, &counts(5, &zones));
        report.add(3, &zones, &counts(5, &zones));
        assert!(!report.meets_goals());
        let row = report.summary_row("x");
        assert!(row.contains("86.4%!"), "{row}");
        assert!(row.contains("+9.1%!"), "{row}");
        assert!(!row.contains("0.0%!"), "{row}");
    }

    #[test]
    fn a_body_from_the_command_line() {
        assert_eq!(parse_body(""), Ok(Body::USUAL));
        let body = parse_body("sole=3, press=35-64.5").expect("valid");
        assert_eq!(body.sole_cm, 3.0);
        assert_eq!(body.press, (35.0, 64.5));
        assert_eq!(body.stride_cm, Body::USUAL.stride_cm);
        let body = parse_body("stride=45-60,spread=6").expect("valid");
        assert_eq!((body.stride_cm, body.spread_cm), ((45.0, 60.0), 6.0));
        for wrong in [
            "size=3",
            "sole",
            "sole=-1",
            "press=55-30",
            "stride=60",
            "sole=NaN",
        ] {
            assert!(parse_body(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn threads_do_not_change_the_figures() {
        let layout = layout();
        // Tuesday 18:00-18:02, during the talk.
        let start = TUESDAY_8 + 10 * 3_600_000;
        let body = VARIANTS[4].body;
        let mut one = Report::new("", &layout);
        measure_days(&layout, &[5, 6], body, start, 120_000, 1, &mut one);
        let mut two = Report::new("", &layout);
        measure_days(&layout, &[5, 6], body, start, 120_000, 2, &mut two);
        assert_eq!(one, two);
        assert_eq!(one.total().samples, 24);
        assert!(
            one.total().mean_truth() > 5.0,
            "{}",
            one.total().mean_truth()
        );
    }
}
