#!/usr/bin/env python3
"""Sets Lernort's expansion of the iCalendar corpus beside the oracle's (scripts/ical-corpus).

Usage: python3 tests/ical-corpus/compare.py oracle.json lernort.json known-differences.json

oracle.json and lernort.json have the shape tests/ical-corpus/oracle.py prints. A calendar
is equal when both sides list the same occurrences (as multisets: two events at the same
time are two occurrences) or both report an error, whatever the errors say.
known-differences.json maps a calendar's relative path to one sentence on why Lernort reads
it differently, on purpose or for now.

Prints one line per calendar that differs, then a summary. Exits 1 when a calendar differs
without an entry, when an entry is stale (its calendar is now equal, or not in the corpus),
when a calendar is missing from either side or the two sides used different windows.
"""

import json
import sys
from collections import Counter

# How many occurrences found on one side only to show per side: enough to see the pattern.
SHOWN = 3


def load_side(path):
    """The window and the calendars of one side, by relative path."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    calendars = {}
    for entry in doc["calendars"]:
        if entry["file"] in calendars:
            sys.exit(f"compare.py: {path} lists {entry['file']} twice")
        calendars[entry["file"]] = entry
    return (doc.get("from"), doc.get("to")), calendars


def describe(entry):
    """What one side says about a calendar, briefly."""
    if "error" in entry:
        return f"error ({entry['error']})"
    return f"{len(entry['occurrences'])} occurrences"


def only_in(mine, theirs):
    """The occurrences of one side that the other lacks (counting repeats), sorted."""
    extra = Counter(mine) - Counter(theirs)
    return sorted(extra.elements())


def shown(occurrences):
    """A few occurrences as START/END (the iCalendar period notation), and how many more."""
    text = ", ".join(f"{s}/{e}" for s, e in occurrences[:SHOWN])
    if len(occurrences) > SHOWN:
        text += f" and {len(occurrences) - SHOWN} more"
    return text


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: compare.py oracle.json lernort.json known-differences.json")
    oracle_window, oracle = load_side(sys.argv[1])
    lernort_window, lernort = load_side(sys.argv[2])
    with open(sys.argv[3], encoding="utf-8") as f:
        known = json.load(f)
    if not isinstance(known, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in known.items()
    ):
        sys.exit(f"compare.py: {sys.argv[3]} must map each calendar's path to a reason")

    failed = False
    # Different windows make every count differ: say that once rather than 96 times.
    if oracle_window != lernort_window:
        print(f"windows differ: oracle {oracle_window}, lernort {lernort_window}")
        failed = True

    equal, documented, unexplained, missing = 0, 0, 0, 0
    now_equal = []
    for name in sorted(oracle.keys() | lernort.keys()):
        if name not in oracle or name not in lernort:
            side = "oracle.json" if name not in oracle else "lernort.json"
            print(f"{name}: missing from {side}")
            missing += 1
            continue
        o, l = oracle[name], lernort[name]
        if "error" in o and "error" in l:
            same = True
        elif "error" in o or "error" in l:
            same = False
        else:
            # Tuples, so that Counter can count them; sorted, so the order on a side is moot.
            o_occ = sorted(map(tuple, o["occurrences"]))
            l_occ = sorted(map(tuple, l["occurrences"]))
            same = o_occ == l_occ
        if same:
            equal += 1
            if name in known:
                now_equal.append(name)
            continue

        line = f"{name}: oracle {describe(o)}, lernort {describe(l)}"
        if "error" not in o and "error" not in l:
            for label, mine, theirs in (("oracle", o_occ, l_occ), ("lernort", l_occ, o_occ)):
                extra = only_in(mine, theirs)
                if extra:
                    line += f"; only in {label}: {shown(extra)}"
        if name in known:
            documented += 1
            line += f" [documented: {known[name]}]"
        else:
            unexplained += 1
            line += " [UNEXPLAINED: fix it or add it to known-differences.json]"
        print(line)

    # An entry must earn its place: once Lernort agrees, or the calendar is gone, it goes.
    stale = 0
    for name in now_equal:
        print(f"{name}: now equal, remove its entry from known-differences.json")
        stale += 1
    for name in sorted(known.keys() - (oracle.keys() | lernort.keys())):
        print(f"{name}: not in the corpus, remove its entry from known-differences.json")
        stale += 1

    summary = (
        f"ical corpus: {len(oracle.keys() | lernort.keys())} calendars, {equal} equal, "
        f"{documented} differ as documented, {unexplained} differ unexplained, "
        f"{stale} stale entries"
    )
    if missing:
        summary += f", {missing} missing from a side"
    print(summary)
    if failed or unexplained or stale or missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
