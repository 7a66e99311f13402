// The one "now" of a test run (docs/testing.md). Everything whose outcome depends on the
// time — opening hours, "today", past courses, co-working, the floor simulator's busy
// hours — sees the same clock, whatever the hour the suite runs at:
//   - scripts/test builds with LERNORT_NOW=<INSTANT> (the importer marks past courses and
//     lernort-dist writes the upcoming sessions as of then);
//   - playwright.config.js anchors it (`<INSTANT>@<Unix ms>`), so every gateway it starts,
//     also later ones, runs one shared clock from that instant (crates/time/src/clock.rs);
//   - every page gets Playwright's clock at `testNow()`: the same clock, as the page sees it.
// The instant lies in the bundled sample data's week (`sampleWeek` in the centres'
// import.json): Tuesday 17 November 2026, 10:30 in Berlin — open, two courses running,
// a desk and the meeting room booked, a few people on the floor.
'use strict';

const INSTANT = '2026-11-17T10:30:00+01:00';

/** Sets LERNORT_NOW to `<instant>@<now>` unless it already carries an anchor. */
function anchor() {
  const value = process.env.LERNORT_NOW || INSTANT;
  if (!value.includes('@')) process.env.LERNORT_NOW = `${value}@${Date.now()}`;
}

/** The run's clock now, as a Date (what every gateway of the run shows). */
function testNow() {
  anchor();
  const [instant, since] = process.env.LERNORT_NOW.split('@');
  return new Date(Date.parse(instant) + (Date.now() - Number(since)));
}

/** Playwright's clock in the context (every page in it) at the run's now. */
async function pinClock(context) {
  await context.clock.install({ time: testNow() });
  return context;
}

module.exports = { INSTANT, anchor, testNow, pinClock };
