//! The floor's words: status line, summary for screen readers, times.

use lernort_floor_protocol::Zone;
use lernort_i18n::{fill, Lang, Msg};

use crate::{Counts, Status};

/// A time as `hh:mm:ss` on the Europe/Berlin wall clock.
///
/// ```
/// use lernort_floor_view::clock;
/// // 2026-11-21 12:00:03 UTC is 13:00:03 in Soest (winter time).
/// assert_eq!(clock(1_795_262_403_000), "13:00:03");
/// ```
pub fn clock(unix_ms: u64) -> String {
    let t = lernort_time::to_berlin((unix_ms / 1000) as i64);
    format!("{:02}:{:02}:{:02}", t.time.hour, t.time.minute, t.second)
}

/// The status line. While paused (`paused_at`: when the frozen picture arrived, if one
/// did) a live stream reads "Angehalten – Bild von …"; other states say what they are,
/// after "Angehalten".
///
/// ```
/// use lernort_floor_view::{status_line, Status};
/// use lernort_i18n::Lang;
/// let live = Status::Live { last_frame_ms: 1_795_262_403_000 };
/// assert_eq!(status_line(live, None, Lang::De), "Live – aktualisiert 13:00:03");
/// assert_eq!(status_line(live, Some(Some(1_795_262_400_000)), Lang::De), "Angehalten – Bild von 13:00:00");
/// ```
pub fn status_line(status: Status, paused_at: Option<Option<u64>>, lang: Lang) -> String {
    let with_last = |msg: Msg, last: Option<u64>| match last {
        Some(ms) => format!(
            "{} ({})",
            msg.text(lang),
            fill(Msg::FloorLastPicture.text(lang), &[&clock(ms)])
        ),
        None => msg.text(lang).to_string(),
    };
    let state = match status {
        Status::Connecting => Msg::FloorConnecting.text(lang).to_string(),
        Status::Live { last_frame_ms } => {
            if let Some(picture) = paused_at {
                return match picture {
                    Some(ms) => fill(Msg::FloorPausedAt.text(lang), &[&clock(ms)]),
                    None => Msg::FloorPaused.text(lang).to_string(),
                };
            }
            fill(Msg::FloorLive.text(lang), &[&clock(last_frame_ms)])
        }
        Status::Stale { last_frame_ms } => with_last(Msg::FloorStale, last_frame_ms),
        Status::Offline { last_frame_ms } => with_last(Msg::FloorOffline, last_frame_ms),
        Status::Incompatible => Msg::FloorIncompatible.text(lang).to_string(),
    };
    match paused_at {
        Some(_) => format!("{} · {state}", Msg::FloorPaused.text(lang)),
        None => state,
    }
}

/// One word for the stylesheet (`data-state`): `connecting`, `live`, `paused`, `stale` or
/// `offline`. It dims the picture unless live, shows the badge, colours the status dot.
///
/// ```
/// use lernort_floor_view::{state_word, Status};
/// assert_eq!(state_word(Status::Live { last_frame_ms: 0 }, false), "live");
/// assert_eq!(state_word(Status::Live { last_frame_ms: 0 }, true), "paused");
/// assert_eq!(state_word(Status::Incompatible, true), "offline");
/// ```
pub fn state_word(status: Status, paused: bool) -> &'static str {
    match status {
        Status::Live { .. } if paused => "paused",
        Status::Live { .. } => "live",
        Status::Connecting => "connecting",
        Status::Stale { .. } => "stale",
        Status::Offline { .. } | Status::Incompatible => "offline",
    }
}

/// The short label over the picture when it is not live ("Veraltet", "Keine Verbindung";
/// "Angehalten" over a paused live picture). Not colour alone: the dimmed picture says it
/// in words too.
///
/// ```
/// use lernort_floor_view::{badge, Status};
/// use lernort_i18n::Lang;
/// assert_eq!(badge(Status::Stale { last_frame_ms: None }, Lang::De), "Veraltet");
/// assert_eq!(badge(Status::Offline { last_frame_ms: None }, Lang::En), "No connection");
/// ```
pub fn badge(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Live { .. } => Msg::FloorPaused,
        Status::Connecting => Msg::FloorConnecting,
        Status::Stale { .. } => Msg::FloorBadgeStale,
        Status::Offline { .. } | Status::Incompatible => Msg::FloorBadgeOffline,
    }
    .text(lang)
}

/// The text alternative: approximate people count and the busiest zone, e.g. "Etwa 12
/// Personen im Haus, am meisten los: Makerspace (5)." `None` counts: no frame yet.
///
/// ```
/// use lernort_floor_view::{grid_layout, summary, Counts};
/// use lernort_i18n::Lang;
/// let layout = grid_layout(1, 1);
/// let counts = Counts::certain(1, vec![]);
/// assert_eq!(summary(Some(&counts), &layout.zones, Lang::En), "About one person in the building.");
/// ```
pub fn summary(counts: Option<&Counts>, zones: &[Zone], lang: Lang) -> String {
    let Some(counts) = counts else {
        return Msg::FloorNoData.text(lang).to_string();
    };
    let mut text = match counts.total {
        0 => return Msg::FloorNobody.text(lang).to_string(),
        1 if !counts.is_range() => Msg::FloorOnePerson.text(lang).to_string(),
        _ => fill(Msg::FloorPeople.text(lang), &[&total_text(counts, lang)]),
    };
    if let Some((zone, n)) = counts.busiest() {
        if let Some(zone) = zones.get(zone) {
            text.push_str(", ");
            text.push_str(&fill(
                Msg::FloorBusiest.text(lang),
                &[zone.name.get(lang), &n.to_string()],
            ));
        }
    }
    text.push('.');
    text
}

/// The total as a number, or as a range in words ("8 bis 10") where the floor cannot tell.
pub(crate) fn total_text(counts: &Counts, lang: Lang) -> String {
    if counts.is_range() {
        let ends = [counts.total_min.to_string(), counts.total_max.to_string()];
        fill(Msg::FloorRange.text(lang), &[&ends[0], &ends[1]])
    } else {
        counts.total.to_string()
    }
}

/// The live region speaks at most this often.
pub const ANNOUNCE_EVERY_MS: u64 = 30_000;

/// Decides when the polite live region gets a new text: only when the text differs from
/// what it said last, and at most once per [`ANNOUNCE_EVERY_MS`] (a change in between
/// waits; the caller offers the current text again later). Not every frame, not every
/// second: a screen reader user hears a calm update, never a stream.
///
/// ```
/// use lernort_floor_view::Announcer;
/// let mut a = Announcer::default();
/// assert!(a.offer(0, "Etwa 3 Personen im Haus."));
/// assert!(!a.offer(1_000, "Etwa 4 Personen im Haus."), "too soon");
/// assert!(a.offer(30_000, "Etwa 4 Personen im Haus."));
/// assert!(!a.offer(90_000, "Etwa 4 Personen im Haus."), "nothing new");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Announcer {
    last_ms: Option<u64>,
    last: String,
}

impl Announcer {
    /// Whether `text` should be announced now; if so, it is remembered as said.
    pub fn offer(&mut self, now_ms: u64, text: &str) -> bool {
        let due = self
            .last_ms
            .is_none_or(|last| now_ms.saturating_sub(last) >= ANNOUNCE_EVERY_MS);
        if !due || text == self.last {
            return false;
        }
        self.last_ms = Some(now_ms);
        self.last.clear();
        self.last.push_str(text);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_i18n::Localized;

    /// 2026-07-01 10:15:42 UTC: summer time, 12:15:42 in Soest.
    const SUMMER: u64 = 1_782_900_942_000;

    fn zones() -> Vec<Zone> {
        ["Eingang", "Makerspace"]
            .into_iter()
            .map(|name| Zone {
                id: name.to_lowercase(),
                name: Localized::Translated {
                    de: name.into(),
                    en: Some(if name == "Eingang" { "Entrance" } else { name }.into()),
                },
                x_cm: 0,
                y_cm: 0,
                w_cm: 50,
                h_cm: 50,
            })
            .collect()
    }

    /// The summary of `total` people, `in_zones` of them in the entrance and the makerspace.
    fn summary_of(total: u32, in_zones: [u32; 2], lang: Lang) -> String {
        let counts = Counts::certain(total, in_zones.to_vec());
        summary(Some(&counts), &zones(), lang)
    }

    #[test]
    fn summary_gives_the_count_and_busiest_zone_or_says_nobody_or_no_data() {
        for (total, in_zones, lang, expected) in [
            (
                12,
                [2, 5],
                Lang::De,
                "Etwa 12 Personen im Haus, am meisten los: Makerspace (5).",
            ),
            (
                12,
                [2, 5],
                Lang::En,
                "About 12 people in the building, busiest: Makerspace (5).",
            ),
            (
                1,
                [1, 0],
                Lang::De,
                "Etwa eine Person im Haus, am meisten los: Eingang (1).",
            ),
            (
                1,
                [1, 0],
                Lang::En,
                "About one person in the building, busiest: Entrance (1).",
            ),
            (
                0,
                [0, 0],
                Lang::De,
                "Gerade ist niemand auf dem Sensorboden.",
            ),
            // People, but none in a zone: no busiest zone.
            (3, [0, 0], Lang::De, "Etwa 3 Personen im Haus."),
        ] {
            let said = summary_of(total, in_zones, lang);
            assert_eq!(said, expected, "{total} {in_zones:?} {lang:?}");
        }
        assert_eq!(
            summary(None, &zones(), Lang::En),
            "No data from the sensor floor yet."
        );
        // Where the floor cannot tell, a range in words, for the eye and the ear alike.
        let range = |total, total_min, total_max| Counts {
            total,
            total_min,
            total_max,
            zones: vec![2, 5],
        };
        for (counts, lang, expected) in [
            (
                range(9, 8, 10),
                Lang::De,
                "Etwa 8 bis 10 Personen im Haus, am meisten los: Makerspace (5).",
            ),
            (
                range(9, 8, 10),
                Lang::En,
                "About 8 to 10 people in the building, busiest: Makerspace (5).",
            ),
            (
                range(1, 1, 2),
                Lang::De,
                "Etwa 1 bis 2 Personen im Haus, am meisten los: Makerspace (5).",
            ),
        ] {
            assert_eq!(summary(Some(&counts), &zones(), lang), expected);
        }
    }

    #[test]
    fn clock_uses_berlin_time() {
        assert_eq!(clock(SUMMER), "12:15:42");
        assert_eq!(clock(0), "01:00:00");
    }

    #[test]
    fn status_lines() {
        let live = Status::Live {
            last_frame_ms: SUMMER,
        };
        let stale = Status::Stale {
            last_frame_ms: Some(SUMMER),
        };
        let offline = Status::Offline {
            last_frame_ms: None,
        };
        let de = Lang::De;
        for (status, paused, lang, expected) in [
            (Status::Connecting, None, de, "Verbindung wird aufgebaut …"),
            (live, None, de, "Live – aktualisiert 12:15:42"),
            (
                stale,
                None,
                de,
                "Veraltet – keine neuen Daten (letztes Bild von 12:15:42)",
            ),
            (
                offline,
                None,
                de,
                "Offline – keine Verbindung, neuer Versuch läuft automatisch",
            ),
            (
                offline,
                Some(None),
                de,
                "Angehalten · Offline – keine Verbindung, neuer Versuch läuft automatisch",
            ),
            (
                live,
                Some(Some(SUMMER - 2_000)),
                de,
                "Angehalten – Bild von 12:15:40",
            ),
            (live, None, Lang::En, "Live – updated 12:15:42"),
        ] {
            let line = status_line(status, paused, lang);
            assert_eq!(line, expected, "{status:?} {paused:?} {lang:?}");
        }
        assert!(status_line(Status::Incompatible, None, de).contains("nicht lesen"));
    }

    #[test]
    fn announcements_are_rare_and_only_news() {
        let mut a = Announcer::default();
        assert!(!a.offer(0, ""), "an empty text is nothing to say");
        assert!(a.offer(5, "A"));
        // Changes within 30 s are held back, whatever the frame rate.
        for ms in (10..30_005).step_by(16) {
            assert!(
                !a.offer(ms, if ms % 32 == 0 { "B" } else { "C" }),
                "at {ms}"
            );
        }
        assert!(a.offer(30_005, "B"));
        assert!(!a.offer(60_005, "B"));
        assert!(!a.offer(61_000, "B"));
        assert!(a.offer(61_000, "A"), "due since 60 005 and new");
    }
}
