#!/usr/bin/env python3
"""The oracle for scripts/ical-corpus: expands every calendar of a folder with the Python
library recurring-ical-events (pinned in tests/ical-corpus/requirements.txt) and prints the
occurrences as one JSON document, the same shape the Rust side (lernort-ical-occurrences)
prints, so that tests/ical-corpus/compare.py can set them side by side.

Usage: python3 tests/ical-corpus/oracle.py --from 1990-01-01 --to 2040-01-01 CALDIR > oracle.json

Output:
  {"from": "1990-01-01", "to": "2040-01-01", "calendars": [
   {"file": "<path relative to CALDIR>", "occurrences": [[START, END], ...]},
   {"file": "...", "error": "<exception type>: <message>"}]}
Calendars are every *.ics under CALDIR, sorted by relative path; occurrences are sorted as
strings by [START, END]. A value is written as
  YYYY-MM-DD            a DATE
  YYYY-MM-DDTHH:MM:SSZ  a DATE-TIME with a zone or in UTC, as the instant in UTC
  YYYY-MM-DDTHH:MM:SS   a floating DATE-TIME (no zone)
END is the occurrence's DTEND as the library reports it: from DTEND, from DURATION, or by
the library's rule for an event with neither (a day for a DATE start, zero otherwise).
"""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import icalendar
import recurring_ical_events


def value(v):
    """One DATE or DATE-TIME in the shared text form (see the module docstring)."""
    # datetime is a subclass of date: test it first.
    if isinstance(v, dt.datetime):
        # A tzinfo whose offset is None is as good as none: the time is floating.
        if v.utcoffset() is None:
            return v.strftime("%Y-%m-%dT%H:%M:%S")
        return v.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    # Anything else (a period, a duration) would be a library surprise: say so loudly.
    raise TypeError(f"unexpected value {v!r} ({type(v).__name__})")


def expand(path, start, stop):
    """The sorted [START, END] pairs of one calendar's events between start and stop."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    # The library's defaults: VEVENT only, X-WR-TIMEZONE applied, a bad series is an error.
    events = recurring_ical_events.of(calendar).between(start, stop)
    return sorted([value(e["DTSTART"].dt), value(e["DTEND"].dt)] for e in events)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="start", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--to", dest="stop", required=True, type=dt.date.fromisoformat)
    parser.add_argument("caldir", type=Path)
    args = parser.parse_args()

    files = sorted(args.caldir.rglob("*.ics"), key=lambda p: p.relative_to(args.caldir).as_posix())
    if not files:
        sys.exit(f"oracle.py: no .ics files under {args.caldir}")

    calendars = []
    for path in files:
        entry = {"file": path.relative_to(args.caldir).as_posix()}
        # One calendar that the library cannot read must not hide the others: its error is
        # an answer too (the Rust side may well fail on the same one).
        try:
            # The window as naive dates: the library reads them in each event's own zone.
            entry["occurrences"] = expand(path, args.start, args.stop)
        except Exception as e:  # noqa: BLE001 (every failure is recorded, none is fatal)
            entry["error"] = f"{type(e).__name__}: {e}"
        calendars.append(entry)

    # One calendar per line: still one JSON document, but a diff or grep shows which one.
    out = sys.stdout
    out.write('{"from": %s, "to": %s, "calendars": [\n' % (
        json.dumps(args.start.isoformat()), json.dumps(args.stop.isoformat())))
    out.write(",\n".join(json.dumps(c) for c in calendars))
    out.write("\n]}\n")


if __name__ == "__main__":
    main()
