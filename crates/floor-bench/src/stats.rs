//! Percentiles of samples, and a lock-free latency histogram shared by many tasks.

use std::sync::atomic::{AtomicU64, Ordering};

/// The `p`-th percentile (0–100) of `sorted` by the nearest-rank method: the smallest
/// sample with at least `p` % of the samples at or below it. `NaN` without samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Median and 95th percentile of `samples` (sorted in place).
pub fn median_p95(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (percentile(samples, 50.0), percentile(samples, 95.0))
}

/// Microseconds per bucket of [`Histogram`].
pub const BUCKET_US: u64 = 100;
/// Buckets of [`Histogram`]: 0 to 10 s in 0.1 ms steps, then one bucket for everything above.
const BUCKETS: usize = 100_001;

/// Counts of durations in 0.1 ms buckets up to 10 s (longer ones land in the last bucket),
/// updated with relaxed atomics from any thread.
pub struct Histogram {
    buckets: Vec<AtomicU64>,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram::new()
    }
}

impl Histogram {
    /// Empty.
    pub fn new() -> Histogram {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Counts one duration (negative ones as 0).
    pub fn record_us(&self, us: i64) {
        let bucket = (us.max(0) as u64 / BUCKET_US).min(BUCKETS as u64 - 1) as usize;
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
    }

    /// Empties it.
    pub fn reset(&self) {
        for b in &self.buckets {
            b.store(0, Ordering::Relaxed);
        }
    }

    /// The `p`-th percentile in ms (the upper edge of its bucket); `NaN` when empty.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return f64::NAN;
        }
        let rank = ((p / 100.0 * total as f64).ceil() as u64).clamp(1, total);
        let mut seen = 0;
        for (i, &c) in counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return ((i as u64 + 1) * BUCKET_US) as f64 / 1000.0;
            }
        }
        f64::NAN
    }

    /// The largest duration counted, in ms (upper edge of its bucket).
    pub fn max_ms(&self) -> f64 {
        self.percentile_ms(100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 50.0), 50.0);
        assert_eq!(percentile(&samples, 95.0), 95.0);
        assert_eq!(percentile(&samples, 100.0), 100.0);
        assert_eq!(percentile(&samples, 0.0), 1.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
        let mut shuffled = vec![3.0, 1.0, 2.0, 4.0];
        assert_eq!(median_p95(&mut shuffled), (2.0, 4.0));
    }

    #[test]
    fn histogram_buckets_of_a_tenth_of_a_millisecond() {
        let h = Histogram::new();
        assert!(h.percentile_ms(50.0).is_nan());
        for us in [50, 150, 1_049, 99_999] {
            h.record_us(us);
        }
        h.record_us(-5);
        h.record_us(60_000_000);
        assert_eq!(h.percentile_ms(1.0), 0.1);
        assert_eq!(h.percentile_ms(50.0), 0.2);
        assert_eq!(h.percentile_ms(60.0), 1.1);
        assert_eq!(h.percentile_ms(80.0), 100.0);
        assert_eq!(h.max_ms(), 10_000.1);
        h.reset();
        assert!(h.max_ms().is_nan());
    }
}
