//! When to try again after a connection failed: the app's floor socket and the gateway's
//! floor sources (SensFloor, MQTT) use the same rule.

/// Exponential backoff with full jitter: after the `n`-th failure in a row, wait a random
/// time between 0 and `min(30 s, 1 s × 2ⁿ)`. Spreads the reconnects of many screens after
/// a gateway restart (RFC 6455 §7.2.3) and never gives up. The random number comes from
/// outside, so tests choose it.
///
/// A connection that comes up is not yet a success: one that ends within
/// [`Backoff::HEALTHY_MS`] counts as a failure, so a peer that accepts and closes at once is
/// tried ever more slowly, not once a second. Only a connection that stayed up that long
/// (or one the caller knows is healthy, [`Backoff::reset`]) starts again at the first wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
    up_since_ms: Option<u64>,
}

impl Backoff {
    /// The ceiling of the first wait.
    pub const FIRST_MS: u32 = 1_000;
    /// The largest ceiling.
    pub const CAP_MS: u32 = 30_000;
    /// How long a connection must stay up to count as healthy.
    pub const HEALTHY_MS: u64 = 30_000;

    /// No failures yet.
    pub fn new() -> Backoff {
        Backoff {
            failures: 0,
            up_since_ms: None,
        }
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
    /// use lernort_floor_protocol::Backoff;
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
        self.up_since_ms = None;
    }

    /// A connection came up at `now_ms` (any monotonic milliseconds).
    pub fn connected(&mut self, now_ms: u64) {
        self.up_since_ms = Some(now_ms);
    }

    /// The connection ended at `now_ms`: how long to wait before the next attempt. One that
    /// stayed up [`Backoff::HEALTHY_MS`] starts the waits afresh; a shorter one is one more
    /// failure.
    ///
    /// ```
    /// use lernort_floor_protocol::Backoff;
    /// let mut backoff = Backoff::new();
    /// // A peer that accepts and closes at once: the waits keep growing.
    /// let waits: Vec<u32> = (0..4).map(|i| {
    ///     backoff.connected(i * 100);
    ///     backoff.disconnected(i * 100 + 5, 1.0)
    /// }).collect();
    /// assert_eq!(waits, [1_000, 2_000, 4_000, 8_000]);
    /// // One that stayed up a minute: back to the first wait.
    /// backoff.connected(10_000);
    /// assert_eq!(backoff.disconnected(70_000, 1.0), 1_000);
    /// ```
    pub fn disconnected(&mut self, now_ms: u64, unit: f64) -> u32 {
        if let Some(since) = self.up_since_ms.take() {
            if now_ms.saturating_sub(since) >= Backoff::HEALTHY_MS {
                self.failures = 0;
            }
        }
        self.next_delay_ms(unit)
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

    #[test]
    fn a_connection_counts_as_healthy_only_after_it_stayed_up() {
        let mut backoff = Backoff::new();
        for _ in 0..3 {
            backoff.next_delay_ms(1.0);
        }
        // Up for 29.9 s: still a failure, the ceiling grows from 8 s to 16 s.
        backoff.connected(0);
        assert_eq!(backoff.disconnected(29_999, 1.0), 8_000);
        assert_eq!(backoff.ceiling_ms(), 16_000);
        // Up for 30 s: healthy, the next wait is the first one.
        backoff.connected(100_000);
        assert_eq!(backoff.disconnected(130_000, 1.0), 1_000);
        // A failure to connect at all has no "since": one more failure.
        assert_eq!(backoff.disconnected(131_000, 1.0), 2_000);
    }
}
