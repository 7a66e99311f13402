//! What the picture shows per segment: the latest intensity, with short decaying trails.

use lernort_floor_protocol::Scale;

/// Time constant of the trails' exponential decay, in ms: after 1 s a trail has faded to
/// e⁻⁴ ≈ 1.8 % of where it started, below [`Heat::FADED`].
pub const TRAIL_TAU_MS: f64 = 250.0;

/// Per-segment intensity 0–1 as drawn. Each step shows `max(new, previous × decay)`, the
/// decay depending on the time elapsed (not on the number of steps), so trails last as long
/// at 30 fps as at 144 fps. With trails off (reduced motion) it shows just the new values.
#[derive(Clone, Debug, PartialEq)]
pub struct Heat {
    shown: Vec<f32>,
    trails: bool,
}

impl Heat {
    /// Below this a trail counts as gone: it is dropped to the new value, so the animation
    /// ends instead of drawing invisible changes.
    pub const FADED: f32 = 0.02;

    /// All quiet, for `segments` segments; `trails` false when reduced motion is asked for.
    pub fn new(segments: usize, trails: bool) -> Heat {
        Heat {
            shown: vec![0.0; segments],
            trails,
        }
    }

    /// Turns trails on or off (off: the next step shows just the new values).
    pub fn set_trails(&mut self, trails: bool) {
        self.trails = trails;
    }

    /// The intensities as drawn, one per segment.
    pub fn shown(&self) -> &[f32] {
        &self.shown
    }

    /// One step, `elapsed_ms` after the previous one, towards the raw `values` read on
    /// `scale`. Returns whether a trail is still fading (then another step is worth drawing).
    /// Allocates nothing.
    ///
    /// ```
    /// use lernort_floor_protocol::Scale;
    /// use lernort_floor_view::Heat;
    /// let scale = Scale { baseline: 128, active: 140, max: 228 };
    /// let mut heat = Heat::new(1, true);
    /// heat.step(&[228], scale, 16.0);
    /// assert_eq!(heat.shown(), &[1.0]);
    /// // The person stepped off: the trail decays instead of vanishing...
    /// assert!(heat.step(&[128], scale, 250.0));
    /// assert!((heat.shown()[0] - (-1.0f32).exp()).abs() < 1e-6);
    /// // ...and is gone within a second.
    /// assert!(!heat.step(&[128], scale, 750.0));
    /// assert_eq!(heat.shown(), &[0.0]);
    /// ```
    pub fn step(&mut self, values: &[u8], scale: Scale, elapsed_ms: f64) -> bool {
        let decay = if self.trails {
            (-(elapsed_ms.max(0.0) / TRAIL_TAU_MS)).exp() as f32
        } else {
            0.0
        };
        let mut fading = false;
        for (shown, &value) in self.shown.iter_mut().zip(values) {
            let new = scale.intensity(value);
            let trail = *shown * decay;
            *shown = if trail >= Heat::FADED && trail > new {
                fading = true;
                trail
            } else {
                new
            };
        }
        fading
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCALE: Scale = Scale {
        baseline: 128,
        active: 140,
        max: 228,
    };

    /// Runs `steps` steps of `ms` on quiet values after one full step; the trail's value.
    fn trail_after(steps: usize, ms: f64) -> (f32, bool) {
        let mut heat = Heat::new(1, true);
        heat.step(&[228], SCALE, ms);
        let mut fading = true;
        for _ in 0..steps {
            fading = heat.step(&[128], SCALE, ms);
        }
        (heat.shown()[0], fading)
    }

    #[test]
    fn trails_fade_within_a_second_at_60_fps() {
        let frame = 1000.0 / 60.0;
        let (half, fading) = trail_after(30, frame);
        assert!(fading && (half - (-2.0f32).exp()).abs() < 1e-4, "{half}");
        let (gone, fading) = trail_after(60, frame);
        assert_eq!((gone, fading), (0.0, false), "faded after 1 s");
        let (_, fading) = trail_after(55, frame);
        assert!(fading, "still visible shortly before");
    }

    #[test]
    fn decay_depends_on_time_not_frame_rate() {
        let at_60 = trail_after(30, 1000.0 / 60.0).0;
        let at_30 = trail_after(15, 1000.0 / 30.0).0;
        let at_144 = trail_after(72, 1000.0 / 144.0).0;
        assert!((at_60 - at_30).abs() < 1e-5, "{at_60} {at_30}");
        assert!((at_60 - at_144).abs() < 1e-5, "{at_60} {at_144}");
    }

    #[test]
    fn new_values_win_over_trails_and_rise_at_once() {
        let mut heat = Heat::new(3, true);
        heat.step(&[228, 178, 128], SCALE, 16.0);
        assert_eq!(heat.shown(), &[1.0, 0.5, 0.0]);
        // Segment 1 grows: shown at once; segment 0 drops: trails; 2 stays quiet.
        assert!(heat.step(&[128, 228, 128], SCALE, 16.0));
        let s = heat.shown();
        assert!(s[0] > 0.9 && s[0] < 1.0, "{s:?}");
        assert_eq!(&s[1..], &[1.0, 0.0]);
    }

    #[test]
    fn reduced_motion_has_no_trails() {
        let mut heat = Heat::new(1, false);
        heat.step(&[228], SCALE, 16.0);
        assert!(!heat.step(&[128], SCALE, 16.0));
        assert_eq!(heat.shown(), &[0.0]);
        heat.set_trails(true);
        heat.step(&[228], SCALE, 16.0);
        assert!(heat.step(&[128], SCALE, 16.0));
    }

    #[test]
    fn odd_elapsed_times_are_safe() {
        let mut heat = Heat::new(1, true);
        heat.step(&[228], SCALE, 0.0);
        // A clock going backwards keeps the trail; a very long pause drops it.
        assert!(heat.step(&[128], SCALE, -50.0));
        assert_eq!(heat.shown(), &[1.0]);
        assert!(!heat.step(&[128], SCALE, 1e12));
        assert_eq!(heat.shown(), &[0.0]);
    }
}
