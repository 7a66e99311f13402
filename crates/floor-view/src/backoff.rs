//! When to try again after the floor's connection failed.

/// Exponential backoff with full jitter: after the `n`-th failure in a row, wait a random
/// time between 0 and `min(30 s, 1 s × 2ⁿ)`. Spreads the reconnects of many screens after
/// a gateway restart (RFC 6455 §7.2.3) and never gives up. The random number comes from
/// outside, so tests choose it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// The ceiling of the first wait.
    pub const FIRST_MS: u32 = 1_000;
    /// The largest ceiling.
    pub const CAP_MS: u32 = 30_000;

    /// No failures yet.
    pub fn new() -> Backoff {
        Backoff { failures: 0 }
    }

    /// The longest the next wait can be.
    pub fn ceiling_ms(&self) -> u32 {
        Backoff::FIRST_MS
            .saturating_mul(1 << self.failures.min(16))
            .min(Backoff::CAP_MS)
    }

    /// A connection attempt failed: how long to wait before the next, given a random
    /// `unit` in 0–1 (`Math.random()`; out-of-range values are clamped).
    ///
    /// ```
    /// use lernort_floor_view::Backoff;
    /// let mut backoff = Backoff::new();
    /// assert_eq!(backoff.next_delay_ms(0.5), 500);
    /// assert_eq!(backoff.next_delay_ms(0.5), 1_000);
    /// assert_eq!(backoff.next_delay_ms(1.0), 4_000);
    /// backoff.reset();
    /// assert_eq!(backoff.next_delay_ms(1.0), 1_000);
    /// ```
    pub fn next_delay_ms(&mut self, unit: f64) -> u32 {
        let ceiling = self.ceiling_ms();
        self.failures = self.failures.saturating_add(1);
        (unit.clamp(0.0, 1.0) * f64::from(ceiling)) as u32
    }

    /// A connection succeeded: the next failure starts again at the first ceiling.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_up_to_the_cap_and_stays_there() {
        let mut backoff = Backoff::new();
        let ceilings: Vec<u32> = (0..8)
            .map(|_| {
                let c = backoff.ceiling_ms();
                assert_eq!(backoff.next_delay_ms(1.0), c);
                c
            })
            .collect();
        assert_eq!(
            ceilings,
            [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        // Reconnects forever: thousands of failures later it still answers, capped.
        for _ in 0..10_000 {
            backoff.next_delay_ms(0.7);
        }
        assert_eq!(backoff.ceiling_ms(), 30_000);
        assert_eq!(backoff.next_delay_ms(1.0), 30_000);
    }

    #[test]
    fn jitter_stays_within_zero_and_the_ceiling() {
        // A deterministic "random" source: a small linear congruential generator.
        let mut state = 12_345u64;
        let mut random = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut backoff = Backoff::new();
        let mut seen_low = false;
        for _ in 0..200 {
            let ceiling = backoff.ceiling_ms();
            let delay = backoff.next_delay_ms(random());
            assert!(delay <= ceiling, "{delay} > {ceiling}");
            seen_low |= ceiling == Backoff::CAP_MS && delay < Backoff::CAP_MS / 2;
        }
        assert!(seen_low, "full jitter spreads over the whole range");
        assert_eq!(backoff.next_delay_ms(0.0), 0);
        assert_eq!(backoff.next_delay_ms(-3.0), 0);
        assert_eq!(backoff.next_delay_ms(f64::NAN), 0);
        assert_eq!(backoff.next_delay_ms(9.0), Backoff::CAP_MS);
    }

    #[test]
    fn success_resets() {
        let mut backoff = Backoff::new();
        for _ in 0..4 {
            backoff.next_delay_ms(0.5);
        }
        assert_eq!(backoff.ceiling_ms(), 16_000);
        backoff.reset();
        assert_eq!(backoff.ceiling_ms(), 1_000);
        assert_eq!(backoff, Backoff::new());
    }
}
