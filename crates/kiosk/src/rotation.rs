//! Which slide is on the screen: a plain state machine, driven by the app's clock.

use crate::settings::Slide;

/// The rotation through the slides. Times are milliseconds on any steady clock (the app
/// uses `Date.now()`, which tests can fake).
///
/// ```
/// use lernort_kiosk::{Rotation, Slide, View};
/// let slides = vec![
///     Slide { view: View::Floor, seconds: 10 },
///     Slide { view: View::Info, seconds: 5 },
/// ];
/// let mut rotation = Rotation::new(slides, 0.0);
/// assert_eq!(rotation.current().view, View::Floor);
/// assert!(!rotation.tick(9_999.0));
/// assert!(rotation.tick(10_000.0));
/// assert_eq!(rotation.current().view, View::Info);
/// assert!(rotation.tick(15_000.0));
/// assert_eq!(rotation.current().view, View::Floor);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Rotation {
    slides: Vec<Slide>,
    index: usize,
    /// When the current slide came on (or the rotation resumed).
    since_ms: f64,
    paused: bool,
}

impl Rotation {
    /// Starts with the first slide at `now_ms`. `slides` must not be empty
    /// ([`crate::Settings`] never is); an empty list gets one info slide.
    pub fn new(mut slides: Vec<Slide>, now_ms: f64) -> Rotation {
        if slides.is_empty() {
            slides.push(Slide {
                view: crate::View::Info,
                seconds: crate::DEFAULT_SECONDS,
            });
        }
        Rotation {
            slides,
            index: 0,
            since_ms: now_ms,
            paused: false,
        }
    }

    /// The slide on the screen.
    pub fn current(&self) -> Slide {
        self.slides[self.index]
    }

    /// Its position, from 0, and the number of slides.
    pub fn position(&self) -> (usize, usize) {
        (self.index, self.slides.len())
    }

    /// Every slide, in order.
    pub fn slides(&self) -> &[Slide] {
        &self.slides
    }

    /// Whether the rotation is paused.
    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// Moves on when the current slide's time is up; `true` if the slide changed. After a
    /// long gap (a sleeping machine, a hung tab) it moves one slide, not many: the new
    /// slide gets its full time from `now_ms`.
    pub fn tick(&mut self, now_ms: f64) -> bool {
        if self.paused || self.slides.len() < 2 {
            return false;
        }
        let due = self.since_ms + f64::from(self.current().seconds) * 1000.0;
        if now_ms < due {
            return false;
        }
        self.index = (self.index + 1) % self.slides.len();
        self.since_ms = now_ms;
        true
    }

    /// The next slide now (a key press), with its full time.
    pub fn next(&mut self, now_ms: f64) {
        self.index = (self.index + 1) % self.slides.len();
        self.since_ms = now_ms;
    }

    /// The previous slide now, with its full time.
    pub fn previous(&mut self, now_ms: f64) {
        self.index = (self.index + self.slides.len() - 1) % self.slides.len();
        self.since_ms = now_ms;
    }

    /// Pauses or resumes; a resumed slide stays for its full time again.
    pub fn set_paused(&mut self, paused: bool, now_ms: f64) {
        self.paused = paused;
        self.since_ms = now_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;

    fn slides() -> Vec<Slide> {
        vec![
            Slide {
                view: View::Floor,
                seconds: 10,
            },
            Slide {
                view: View::Courses,
                seconds: 20,
            },
            Slide {
                view: View::Info,
                seconds: 5,
            },
        ]
    }

    /// Ticks once a second from `from` to `to` (ms) and records when the slide changed.
    fn changes(rotation: &mut Rotation, from: u32, to: u32) -> Vec<(u32, View)> {
        let mut changed = Vec::new();
        for t in (from..=to).step_by(1000) {
            if rotation.tick(f64::from(t)) {
                changed.push((t, rotation.current().view));
            }
        }
        changed
    }

    #[test]
    fn each_slide_stays_its_own_time_in_order() {
        let mut rotation = Rotation::new(slides(), 0.0);
        assert_eq!(
            changes(&mut rotation, 0, 70_000),
            [
                (10_000, View::Courses),
                (30_000, View::Info),
                (35_000, View::Floor),
                (45_000, View::Courses),
                (65_000, View::Info),
                (70_000, View::Floor),
            ]
        );
    }

    #[test]
    fn a_long_gap_moves_one_slide() {
        let mut rotation = Rotation::new(slides(), 0.0);
        assert!(rotation.tick(3_600_000.0));
        assert_eq!(rotation.position(), (1, 3));
        assert!(!rotation.tick(3_619_999.0));
    }

    #[test]
    fn paused_stays_and_resumes_with_full_time() {
        let mut rotation = Rotation::new(slides(), 0.0);
        rotation.set_paused(true, 5_000.0);
        assert!(!rotation.tick(60_000.0));
        rotation.set_paused(false, 60_000.0);
        assert!(!rotation.tick(69_999.0));
        assert!(rotation.tick(70_000.0));
    }

    #[test]
    fn next_and_previous_wrap() {
        let mut rotation = Rotation::new(slides(), 0.0);
        rotation.previous(1.0);
        assert_eq!(rotation.current().view, View::Info);
        rotation.next(2.0);
        rotation.next(3.0);
        assert_eq!(rotation.current().view, View::Courses);
        assert!(!rotation.tick(20_002.0));
        assert!(rotation.tick(20_003.0));
    }

    #[test]
    fn one_slide_never_changes() {
        let mut rotation = Rotation::new(slides()[..1].to_vec(), 0.0);
        assert!(!rotation.tick(1e9));
        let mut empty = Rotation::new(Vec::new(), 0.0);
        assert_eq!(empty.current().view, View::Info);
        assert!(!empty.tick(1e9));
    }
}
