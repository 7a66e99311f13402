#!/usr/bin/env python3
"""Checks the static course pages and feeds `lernort-dist finish` wrote into a dist directory
against the catalogue they were made from, with real parsers:

* every course page (kurse/<slug>/index.html) with extruct (JSON-LD and Open Graph) and
  lxml: one schema.org Event per upcoming session (all sessions for a past course, at
  most 20) with name, startDate/endDate with offset at the catalogue's instants,
  eventStatus, eventAttendanceMode, location (Place with PostalAddress, VirtualLocation),
  offers (price, currency), organizer, url; og:title, og:url (with site_url), the
  canonical link, the title, and the visible summary (h1, booking link);
* every .ics with icalendar: CRLF line ends, lines of at most 75 octets, one event per
  session, start and end as Berlin wall times (converted with zoneinfo) equal to the
  catalogue's, summary, status, unique UIDs;
* the feed data/kurse.ics: exactly the sessions that have not ended, none in the past;
* sitemap.xml (xml.etree): every course page, the start page and /kurse (only with
  site_url; without it there must be none); robots.txt;
* the link-preview cards: on every page with a head of its own (start, kurse, each course,
  coworking, sensorboden, leichte-sprache, merkliste, kiosk; those present) with extruct
  (Open Graph) and lxml: exactly one non-empty og:title and og:description; with site_url
  exactly one og:image under site_url naming a file in dist that is a PNG whose IHDR size
  is og:image:width x og:image:height = 1200 x 630, og:image:type image/png, at most
  200 KB, a non-empty og:image:alt ("Kurs: <name>…" on a course page) and twitter:card
  summary_large_image; without site_url no og:image at all and twitter:card summary;
  every file in data/karten/ is some page's og:image (no orphan cards).

Usage: python3 tests/static/check_static.py DIST [--now 2027-01-15T08:00:00+01:00]
"Now" is the catalogue's `generated` time, as `lernort-dist finish` uses by default.
Prints one line per problem and a summary; exits 1 when there is a problem.
"""

import argparse
import datetime as dt
import json
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import extruct
import icalendar
import lxml.html

BERLIN = ZoneInfo("Europe/Berlin")
MAX_EVENTS = 20
SCHEMA = "https://schema.org/"
# Link-preview cards (og:image): the size lernort-card draws and the most a card may weigh.
CARD_SIZE = (1200, 630)
CARD_MAX_BYTES = 200 * 1000
CARD_DIR = "data/karten"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The pages that `finish` writes a head for, besides the course pages (when present).
CARD_PAGES = [
    "index.html",
    "kurse/index.html",
    "coworking/index.html",
    "sensorboden/index.html",
    "leichte-sprache/index.html",
    "merkliste/index.html",
    "kiosk/index.html",
]
ATTENDANCE = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")

    def check(self, ok, where, message):
        if not ok:
            self.add(where, message)
        return ok


def instant(text):
    """An RFC 3339 date-time with offset as an aware datetime; None for a date."""
    if len(text) == 10:
        return None
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no offset")
    return value


def day(text):
    return dt.date.fromisoformat(text[:10])


def berlin_midnight(date):
    return dt.datetime(date.year, date.month, date.day, tzinfo=BERLIN)


def session_bounds(session):
    """(start, end) instants; an all-day session runs from midnight to midnight after its last day."""
    start, end = instant(session["startDate"]), instant(session["endDate"])
    if start is None:
        start = berlin_midnight(day(session["startDate"]))
        end = berlin_midnight(day(session["endDate"]) + dt.timedelta(days=1))
    return start, end


def is_all_day(session):
    return len(session["startDate"]) == 10


def described_sessions(course, now):
    """The sessions a course page describes: those not ended, or all; by start; at most 20."""
    sessions = sorted(course["sessions"], key=lambda s: session_bounds(s))
    upcoming = [s for s in sessions if session_bounds(s)[1] > now]
    return (upcoming or sessions)[:MAX_EVENTS]


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_event(problems, where, event, course, session, catalogue, page_url):
    check = problems.check
    check(event.get("name") == course["name"], where, f"name {event.get('name')!r}")
    for key, field in (("startDate", "startDate"), ("endDate", "endDate")):
        value = event.get(key)
        if not check(isinstance(value, str), where, f"no {key}"):
            continue
        if is_all_day(session):
            check(value == session[field], where, f"{key} {value!r}, expected {session[field]!r}")
            continue
        try:
            written = instant(value)
        except ValueError as error:
            problems.add(where, f"{key}: {error}")
            continue
        expected = instant(session[field])
        check(written == expected, where, f"{key} {value} is not {session[field]}")
    status = SCHEMA + {"cancelled": "EventCancelled", "postponed": "EventPostponed"}.get(
        course.get("availability"), "EventScheduled"
    )
    check(event.get("eventStatus") == status, where, f"eventStatus {event.get('eventStatus')!r}")
    mode = course.get("eventAttendanceMode", "offline")
    check(
        event.get("eventAttendanceMode") == SCHEMA + ATTENDANCE[mode],
        where,
        f"eventAttendanceMode {event.get('eventAttendanceMode')!r} for {mode}",
    )
    locations = as_list(event.get("location"))
    types = [l.get("@type") for l in locations if isinstance(l, dict)]
    if mode in ("offline", "mixed"):
        venue = next((v for v in catalogue.get("venues", []) if v["id"] == course.get("venue")), None)
        place = next((l for l in locations if isinstance(l, dict) and l.get("@type") == "Place"), None)
        if check(place is not None and venue is not None, where, f"no Place in location {types}"):
            address = place.get("address") or {}
            check(address.get("@type") == "PostalAddress", where, "address is not a PostalAddress")
            check(address.get("streetAddress") == venue["street"], where, f"streetAddress {address.get('streetAddress')!r}")
            check(address.get("addressLocality") == venue["city"], where, f"addressLocality {address.get('addressLocality')!r}")
            check(address.get("postalCode") == venue["postalCode"], where, f"postalCode {address.get('postalCode')!r}")
            check(place.get("name") == venue["name"], where, f"place name {place.get('name')!r}")
    if mode in ("online", "mixed"):
        check("VirtualLocation" in types, where, f"no VirtualLocation in location {types}")
    free = course.get("isAccessibleForFree", False)
    offers = course.get("offers")
    if free or offers:
        offer = event.get("offers")
        if check(isinstance(offer, dict) and offer.get("@type") == "Offer", where, "no Offer"):
            cents = 0 if free else offers["price"]
            check(offer.get("price") == f"{cents // 100}.{cents % 100:02d}", where, f"price {offer.get('price')!r} for {cents} cents")
            currency = (offers or {}).get("currency", "EUR")
            check(offer.get("priceCurrency") == currency, where, f"priceCurrency {offer.get('priceCurrency')!r}")
            check(str(offer.get("availability", "")).startswith(SCHEMA), where, "offers.availability is not a schema.org URL")
            if course.get("bookingUrl"):
                check(offer.get("url") == course["bookingUrl"], where, f"offers.url {offer.get('url')!r}")
    check(event.get("isAccessibleForFree") == (free or (offers or {}).get("price") == 0), where, "isAccessibleForFree")
    provider = next((p for p in catalogue.get("providers", []) if p["id"] == course["provider"]), None)
    organizer = event.get("organizer") or {}
    check(provider is not None and organizer.get("name") == provider["name"], where, f"organizer {organizer.get('name')!r}")
    if course.get("instructor"):
        check((event.get("performer") or {}).get("name") == course["instructor"], where, "performer")
    if page_url:
        check(event.get("url") == page_url, where, f"url {event.get('url')!r}")


def check_page(problems, dist, course, catalogue, site_url, base, now):
    slug = course["slug"]
    path = dist / "kurse" / slug / "index.html"
    where = f"kurse/{slug}/index.html"
    if not problems.check(path.is_file(), where, "missing"):
        return 0
    html = path.read_text(encoding="utf-8")
    page_url = f"{site_url}kurse/{slug}" if site_url else None
    data = extruct.extract(
        html,
        base_url=page_url or f"http://localhost{base}kurse/{slug}",
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )
    events = [e for e in data.get("json-ld", []) if e.get("@type") == "Event"]
    expected = described_sessions(course, now)
    problems.check(len(events) == len(expected), where, f"{len(events)} Events in JSON-LD, expected {len(expected)}")
    for i, (event, session) in enumerate(zip(events, expected)):
        check_event(problems, f"{where} Event {i + 1}", event, course, session, catalogue, page_url)

    og = data.get("opengraph") or [{}]
    og = og[0] if og else {}
    problems.check(og.get("og:title") == course["name"], where, f"og:title {og.get('og:title')!r}")
    description = og.get("og:description", "")
    problems.check(0 < len(description) <= 160, where, f"og:description of {len(description)} characters")
    if site_url:
        problems.check(og.get("og:url") == page_url, where, f"og:url {og.get('og:url')!r}")
    else:
        problems.check("og:url" not in og, where, "og:url without site_url")

    tree = lxml.html.fromstring(html)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    expected_canonical = page_url or f"{base}kurse/{slug}"
    problems.check(canonical == [expected_canonical], where, f"canonical {canonical}, expected {expected_canonical}")
    title = "".join(tree.xpath("//title/text()"))
    problems.check(title.startswith(course["name"] + " – "), where, f"title {title!r}")
    boot = tree.xpath('//*[@id="boot"]')
    if problems.check(len(boot) == 1, where, "no #boot element holding the summary"):
        h1 = ["".join(h.itertext()) for h in boot[0].iter("h1")]
        problems.check(h1 == [course["name"]], where, f"summary h1 {h1}")
        links = boot[0].xpath(".//a/@href")
        if course.get("bookingUrl"):
            problems.check(course["bookingUrl"] in links, where, "the summary has no booking link")
        problems.check("kurse" in links, where, "the summary has no link to the course list")
    return len(events)


def read_calendar(problems, path, where):
    raw = path.read_bytes()
    ok = problems.check(raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n"), where, "line ends are not CRLF")
    long_lines = [line for line in raw.split(b"\r\n") if len(line) > 75]
    ok &= problems.check(not long_lines, where, f"{len(long_lines)} lines longer than 75 octets")
    try:
        return icalendar.Calendar.from_ical(raw), ok
    except ValueError as error:
        problems.add(where, f"icalendar cannot read it: {error}")
        return None, False


def wall_time(value):
    """A DTSTART/DTEND value as Berlin wall time (naive), or the date itself."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a floating time without zone")
        return value.astimezone(BERLIN).replace(tzinfo=None)
    return value


def expected_wall(session, key):
    if is_all_day(session):
        date = day(session[key])
        return date + dt.timedelta(days=1) if key == "endDate" else date
    return instant(session[key]).astimezone(BERLIN).replace(tzinfo=None)


def calendar_events(problems, path, where):
    """The VEVENTs of the calendar at `path`, or None (the problem noted) when it is
    missing or unreadable."""
    if not problems.check(path.is_file(), where, "missing"):
        return None
    calendar, _ = read_calendar(problems, path, where)
    return None if calendar is None else calendar.walk("VEVENT")


def check_calendar(problems, dist, course, uids):
    slug = course["slug"]
    where = f"data/kurse/{slug}.ics"
    events = calendar_events(problems, dist / "data" / "kurse" / f"{slug}.ics", where)
    if events is None:
        return 0
    sessions = sorted(course["sessions"], key=session_bounds)
    problems.check(len(events) == len(sessions), where, f"{len(events)} events for {len(sessions)} sessions")
    events = sorted(events, key=lambda e: str(e.get("DTSTART").to_ical()))
    cancelled = course.get("availability") in ("cancelled", "postponed")
    for i, (event, session) in enumerate(zip(events, sessions)):
        at = f"{where} event {i + 1}"
        try:
            start, end = wall_time(event.decoded("DTSTART")), wall_time(event.decoded("DTEND"))
        except (KeyError, ValueError) as error:
            problems.add(at, f"DTSTART/DTEND: {error}")
            continue
        problems.check(start == expected_wall(session, "startDate"), at, f"starts {start} in Berlin, expected {expected_wall(session, 'startDate')}")
        problems.check(end == expected_wall(session, "endDate"), at, f"ends {end} in Berlin, expected {expected_wall(session, 'endDate')}")
        problems.check(str(event.get("SUMMARY")) == course["name"], at, f"SUMMARY {event.get('SUMMARY')!r}")
        status = "CANCELLED" if cancelled else "CONFIRMED"
        problems.check(str(event.get("STATUS")) == status, at, f"STATUS {event.get('STATUS')}")
        problems.check(event.get("DTSTAMP") is not None, at, "no DTSTAMP")
        uid = str(event.get("UID"))
        problems.check(uid not in uids, at, f"UID {uid} is not unique")
        uids[uid] = (course, session)
    return len(events)


def check_feed(problems, dist, catalogue, now, uids):
    where = "data/kurse.ics"
    events = calendar_events(problems, dist / where, where)
    if events is None:
        return 0
    expected = sum(1 for c in catalogue["courses"] for s in c["sessions"] if session_bounds(s)[1] > now)
    problems.check(len(events) == expected, where, f"{len(events)} events, expected {expected} sessions that have not ended")
    seen = set()
    for event in events:
        uid = str(event.get("UID"))
        at = f"{where} {uid}"
        if not problems.check(uid in uids, at, "UID is not in any course's calendar"):
            continue
        problems.check(uid not in seen, at, "twice in the feed")
        seen.add(uid)
        course, session = uids[uid]
        end = event.decoded("DTEND")
        end = berlin_midnight(end) if not isinstance(end, dt.datetime) else end
        problems.check(end > now, at, f"ended {end}: a past session in the feed")
        problems.check(
            wall_time(event.decoded("DTSTART")) == expected_wall(session, "startDate"),
            at,
            "start differs from the course's calendar",
        )
    return len(events)


def check_sitemap(problems, dist, catalogue, site_url):
    path = dist / "sitemap.xml"
    if not site_url:
        problems.check(not path.exists(), "sitemap.xml", "written without site_url")
        return 0
    if not problems.check(path.is_file(), "sitemap.xml", "missing although site_url is set"):
        return 0
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        problems.add("sitemap.xml", f"not XML: {error}")
        return 0
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    problems.check(root.tag == f"{ns}urlset", "sitemap.xml", f"root element {root.tag}")
    locs = [loc.text for loc in root.iter(f"{ns}loc")]
    wanted = [site_url, f"{site_url}kurse"] + [f"{site_url}kurse/{c['slug']}" for c in catalogue["courses"]]
    missing = [url for url in wanted if url not in locs]
    problems.check(not missing, "sitemap.xml", f"{len(missing)} pages missing, e.g. {missing[:3]}")
    problems.check(len(locs) == len(set(locs)), "sitemap.xml", "a URL is listed twice")
    return len(locs)


def check_robots(problems, dist, site_url):
    path = dist / "robots.txt"
    if not problems.check(path.is_file(), "robots.txt", "missing"):
        return
    text = path.read_text(encoding="utf-8")
    problems.check("User-agent: *" in text, "robots.txt", "no User-agent line")
    if site_url:
        problems.check(f"Sitemap: {site_url}sitemap.xml" in text.splitlines(), "robots.txt", "no Sitemap line")


def check_list(problems, dist, catalogue):
    path = dist / "kurse" / "index.html"
    if not problems.check(path.is_file(), "kurse/index.html", "missing"):
        return
    tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    links = set(tree.xpath('//*[@id="boot"]//a/@href'))
    missing = [c["slug"] for c in catalogue["courses"] if f"kurse/{c['slug']}" not in links]
    problems.check(not missing, "kurse/index.html", f"no link to {missing[:3]}")


def png_size(data):
    """(width, height) from a PNG's IHDR chunk, which must come first; None if not a PNG."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def check_card_page(problems, dist, where, site_url, course, cards):
    """The Open Graph and Twitter tags of one page and the card its og:image names.

    `cards` maps each card file checked (relative to dist) to its size in bytes."""
    html = (dist / where).read_text(encoding="utf-8")
    # The non-uniform form keeps every (property, value) pair: the uniform one keeps only
    # the last of repeated properties, and a second og:image must not go unnoticed.
    properties = {}
    for item in extruct.extract(html, syntaxes=["opengraph"], uniform=False).get("opengraph", []):
        for key, value in item.get("properties", []):
            properties.setdefault(key, []).append(value)

    def one(key):
        values = properties.get(key, [])
        if not problems.check(len(values) == 1, where, f"{len(values)} {key} tags, expected 1"):
            return None
        return values[0].strip()

    for key in ("og:title", "og:description"):
        value = one(key)
        if value is not None:
            problems.check(value != "", where, f"{key} is empty")
    tree = lxml.html.fromstring(html)
    twitter = tree.xpath('//meta[@name="twitter:card"]/@content')

    if not site_url:
        images = sorted(k for k in properties if k.startswith("og:image"))
        problems.check(not images, where, f"{', '.join(images)} without site_url")
        problems.check(twitter == ["summary"], where, f"twitter:card {twitter}, expected ['summary'] without site_url")
        return
    problems.check(twitter == ["summary_large_image"], where, f"twitter:card {twitter}, expected ['summary_large_image']")
    expected = {"og:image:width": str(CARD_SIZE[0]), "og:image:height": str(CARD_SIZE[1]), "og:image:type": "image/png"}
    written = {key: one(key) for key in expected}
    for key, value in expected.items():
        if written[key] is not None:
            problems.check(written[key] == value, where, f"{key} {written[key]!r}, expected {value!r}")
    alt = one("og:image:alt")
    if alt is not None:
        problems.check(alt != "", where, "og:image:alt is empty")
        if course is not None:
            problems.check(alt.startswith(f"Kurs: {course['name']}"), where, f"og:image:alt {alt!r} does not start with 'Kurs: <name>'")

    image = one("og:image")
    if image is None or not problems.check(image.startswith(site_url), where, f"og:image {image!r} is not under {site_url}"):
        return
    file = image[len(site_url):]
    path = dist / file
    # No "../" out of dist, no query string: the address must be a file in dist.
    inside = path.resolve().is_relative_to(dist.resolve())
    if not problems.check(inside and path.is_file(), where, f"og:image {file} is not a file in dist"):
        return
    data = path.read_bytes()
    cards[file] = len(data)
    size = png_size(data)
    if not problems.check(size is not None, file, "not a PNG (signature or IHDR)"):
        return
    tagged = (written["og:image:width"], written["og:image:height"])
    if None not in tagged:
        problems.check(tagged == tuple(str(n) for n in size), where, f"og:image is {size[0]}x{size[1]}, the tags say {tagged[0]}x{tagged[1]}")
    problems.check(size == CARD_SIZE, file, f"{size[0]}x{size[1]}, expected {CARD_SIZE[0]}x{CARD_SIZE[1]}")
    problems.check(len(data) <= CARD_MAX_BYTES, file, f"{len(data)} bytes, more than {CARD_MAX_BYTES}")


def check_cards(problems, dist, catalogue, site_url):
    """Every page's card tags and card, and no card that no page shows; the cards checked."""
    cards = {}
    for where in CARD_PAGES:
        if (dist / where).is_file():
            check_card_page(problems, dist, where, site_url, None, cards)
    for course in catalogue["courses"]:
        where = f"kurse/{course['slug']}/index.html"
        if (dist / where).is_file():  # a missing page is reported by check_page
            check_card_page(problems, dist, where, site_url, course, cards)
    card_dir = dist / CARD_DIR
    if card_dir.is_dir():
        for path in sorted(card_dir.rglob("*")):
            file = path.relative_to(dist).as_posix()
            if path.is_file():
                problems.check(file in cards, file, "no page's og:image (an orphan card)")
    return cards


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--now", help="RFC 3339 time; default: the catalogue's generated time")
    args = parser.parse_args()
    dist = args.dist
    catalogue_path = dist / "data" / "catalogue.json"
    if not catalogue_path.is_file():
        print(f"check_static: {catalogue_path} is missing: build first (scripts/build)", file=sys.stderr)
        return 1
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    centre = json.loads((dist / "centre" / "centre.json").read_text(encoding="utf-8"))
    site_url = centre.get("site_url")
    index = lxml.html.fromstring((dist / "index.html").read_text(encoding="utf-8"))
    base = (index.xpath("//base/@href") or ["/"])[0]
    now = instant(args.now or catalogue["generated"])

    problems = Problems()
    pages = json_ld_events = calendars = calendar_events = 0
    uids = {}
    for course in catalogue["courses"]:
        json_ld_events += check_page(problems, dist, course, catalogue, site_url, base, now)
        pages += 1
        calendar_events += check_calendar(problems, dist, course, uids)
        calendars += 1
    feed_events = check_feed(problems, dist, catalogue, now, uids)
    check_list(problems, dist, catalogue)
    sitemap_urls = check_sitemap(problems, dist, catalogue, site_url)
    check_robots(problems, dist, site_url)
    cards = check_cards(problems, dist, catalogue, site_url)

    for problem in problems.items[:100]:
        print(problem)
    if len(problems.items) > 100:
        print(f"… and {len(problems.items) - 100} more")
    sitemap = f"sitemap.xml: {sitemap_urls} URLs" if site_url else "no site_url: no sitemap.xml"
    print(
        f"calendars: {calendars + 1} checked ({calendar_events} events; feed: {feed_events} "
        f"sessions after {now.isoformat()}); {json_ld_events} JSON-LD events; {sitemap}"
    )
    if cards:
        largest = max(cards, key=cards.get)
        print(f"cards: {len(cards)} checked; the largest {cards[largest]} bytes ({largest})")
    else:
        print("cards: none" + ("" if site_url else " (no site_url)"))
    print(f"static pages: {pages} checked, {len(problems.items)} problems")
    return 1 if problems.items else 0


if __name__ == "__main__":
    sys.exit(main())
