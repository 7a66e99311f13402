#!/usr/bin/env python3
"""Reads a sample of the link-preview cards `lernort-dist finish` drew into a dist directory
with OCR (tesseract, German), to catch a card whose title is not drawn, drawn off the
card, unreadable or the wrong one, which no parser of the HTML can see.

* The sample, deterministic: the course with the longest name; courses with a badge that
  matters (cancelled, full, waitlist, postponed; taken in turn, up to a third of N); the
  rest spread evenly over the courses sorted by slug. Plus the start page's card.
* Each course card is found through its page's og:image (site_url mapped to dist). The
  first three words of the course name with at least 3 characters must all be among the
  words read (a long title may end in " …", so not every word; a word of 6 letters or
  more may have one character wrong, added or missing, as OCR does); a cancelled course's
  card must read "abgesagt", a full one's "ausgebucht".
* The start card must read every word of the centre's name (centre/centre.json).
* Words are compared normalised: NFKC, casefolded (so ß is ss), apostrophes dropped,
  split into runs of letters and digits (so quotes, dashes and punctuation do not count).

Usage: python3 tests/static/ocr_cards.py DIST [--sample 12]
Prints one line per card and a summary; exits 1 when a card does not read as it should,
2 when it cannot run (no tesseract, no German language data, no dist, no site_url).
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from pathlib import Path

import lxml.html

# The badge word a card must show, by availability.
BADGES = {"cancelled": "abgesagt", "full": "ausgebucht"}
# Availabilities whose badge is worth a place in the sample, in the order they are taken.
FLAGGED = ["cancelled", "full", "waitlist", "postponed"]
# --psm 3 (automatic page segmentation) rather than 6 (one uniform block): tried on all 75
# cards of the DiLAS data, 6 left out the band with the centre's name in 15 of the reads
# of the card as drawn, and once read "Führerschein" as "Fuhrerschein"; 3 read the band
# every time and the titles at least as well. Neither reads the badge as drawn (see below).
TESSERACT_OPTIONS = ["-l", "deu", "--psm", "3"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def words(text):
    """The words of a text, normalised for comparing OCR output with what was drawn."""
    text = re.sub(r"['’‘`´]", "", text)  # "Let's", "Let’s" and "Let´s" all as "lets"
    text = unicodedata.normalize("NFKC", text).casefold()  # casefold: ß -> ss; NFKC: ﬁ -> fi
    return re.findall(r"[^\W_]+", text)  # letters and digits; quotes and dashes split


def edits(a, b):
    """Levenshtein distance: insertions, deletions and substitutions from a to b."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def found(word, seen):
    """Whether OCR read `word`: exactly, or, for a word of 6 letters or more, with one
    character wrong, added or missing. Tesseract doubles a letter now and then
    ("Programmiieren"); a wrong or missing title differs in far more than one character."""
    if word in seen:
        return True
    return len(word) >= 6 and any(abs(len(w) - len(word)) <= 1 and edits(word, w) <= 1 for w in seen)


def title_words(name):
    """The words of a course name the card must show: the first three of 3+ characters."""
    return [w for w in words(name) if len(w) >= 3][:3]


# --- reading a PNG, to hand tesseract a second, easier picture -------------------------
#
# Tesseract does not read light text on a dark filled shape when there is other text
# around it: the badge ("Abgesagt", white on a dark pill at the end of the kicker line) is
# taken for a picture and skipped at every --psm tried (3, 6, 7, 11, 12; tesseract 5.3),
# even in a crop of the card's right half; so, with --psm 6, is the centre's name in the
# coloured band at times. That is a weakness of the OCR, not of the card: a person reads
# them at once. So each card is read twice, as drawn and once more with every large dark
# filled shape inverted (dark text on light then), and the words of both count. Inverting
# keeps the contrast as it is: text too faint to read stays unreadable.


def read_png_grey(path):
    """(width, height, rows): the PNG as rows of 8-bit grey values.

    Enough for lernort-card's output: bit depth 8, not interlaced (palette or RGB)."""
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if depth != 8 or interlace or channels is None:
        raise ValueError(f"PNG with depth {depth}, colour type {colour}, interlace {interlace}")
    palette, idat, at = b"", [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    raw = zlib.decompress(b"".join(idat))

    def luma(r, g, b):
        return (299 * r + 587 * g + 114 * b) // 1000

    stride, bpp = width * channels, channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        # Undo the row filter (PNG spec 9.2): 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth.
        # `a` is the byte to the left (of the same channel), `b` above, `c` above left.
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((v + b) & 255 for v, b in zip(line, previous))
        elif kind == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (a + previous[x]) // 2) & 255
        elif kind == 4:
            for x in range(stride):
                a, b = (line[x - bpp], previous[x]) if x >= bpp else (0, previous[x])
                c = previous[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    if colour == 3:
        greys = bytes(luma(*palette[i : i + 3]) for i in range(0, len(palette), 3))
        table = (greys + bytes(256))[:256]
        grey = [bytearray(line.translate(table)) for line in rows]
    elif colour in (0, 4):
        grey = [line[::channels] for line in rows]
    else:  # RGB, RGBA: alpha is ignored, the cards are opaque
        grey = [bytearray(luma(*line[x : x + 3]) for x in range(0, stride, channels)) for line in rows]
    return width, height, grey


DARK_RUN = re.compile(rb"[\x00-\x7f]+")  # grey below 128


def dark_shapes(rows):
    """Bounding boxes (x0, y0, x1, y1) of the large, mostly filled dark shapes: the band and
    the badge's pill, not letters (a letter is small or fills little of its box)."""
    parent = {}

    def root(run):
        while parent[run] != run:
            parent[run] = parent[parent[run]]
            run = parent[run]
        return run

    # Connected dark pixels, row by row: a run joins the runs above that it touches.
    runs, above = [], []
    for y, row in enumerate(rows):
        here = []
        for match in DARK_RUN.finditer(row):
            x0, x1 = match.span()
            run = len(runs)
            runs.append((y, x0, x1))
            parent[run] = run
            for other in above:
                if runs[other][1] < x1 and x0 < runs[other][2]:
                    parent[root(run)] = root(other)
            here.append(run)
        above = here
    boxes = {}
    for run, (y, x0, x1) in enumerate(runs):
        box = boxes.setdefault(root(run), [x0, y, x1, y + 1, 0])
        box[0], box[1] = min(box[0], x0), min(box[1], y)
        box[2], box[3] = max(box[2], x1), max(box[3], y + 1)
        box[4] += x1 - x0
    return [
        (x0, y0, x1, y1)
        for x0, y0, x1, y1, area in boxes.values()
        if x1 - x0 >= 80 and y1 - y0 >= 30 and area >= 0.6 * (x1 - x0) * (y1 - y0)
    ]


def with_shapes_inverted(png, out):
    """Writes `png` as a grey PGM with its dark shapes inverted to `out`."""
    width, height, rows = read_png_grey(png)
    invert = bytes(range(255, -1, -1))
    for x0, y0, x1, y1 in dark_shapes(rows):
        for y in range(y0, y1):
            rows[y][x0:x1] = rows[y][x0:x1].translate(invert)
    out.write_bytes(b"P5 %d %d 255\n" % (width, height) + b"".join(rows))


def ocr(picture):
    """The text tesseract reads in a picture file (PNG or PGM)."""
    command = ["tesseract", str(picture), "-", *TESSERACT_OPTIONS]  # "-": the text to stdout
    # One thread: on a picture this small tesseract's OpenMP threads cost more than they
    # save (four times as long on two cores).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"tesseract failed: {done.stderr.strip()[:200]}")
    return done.stdout


def read_card(png, scratch):
    """The words read on a card: as drawn, and with its dark shapes inverted."""
    text = ocr(png)
    inverted = scratch / (png.stem + ".pgm")
    with_shapes_inverted(png, inverted)
    text += "\n" + ocr(inverted)
    return words(text), " ".join(text.split())


# --- which cards -----------------------------------------------------------------------


def sample(courses, n):
    """The courses whose cards are read: deterministic, see the module's docstring."""
    courses = sorted(courses, key=lambda c: c["slug"])
    n = min(n, len(courses))
    chosen = []

    def take(course):
        if len(chosen) < n and course not in chosen:
            chosen.append(course)

    take(max(courses, key=lambda c: len(c["name"])))  # the first by slug among equals
    # Badges, one of each kind in turn, so that a cancelled and a full one come first.
    by_kind = [[c for c in courses if c.get("availability") == kind] for kind in FLAGGED]
    quota, added = n // 3, 0
    for i in range(max(map(len, by_kind), default=0)):
        for group in by_kind:
            if i < len(group) and added < quota and group[i] not in chosen:
                take(group[i])
                added += 1
    rest = [c for c in courses if c not in chosen]
    k = n - len(chosen)
    for i in range(k):  # the middles of k equal parts of the rest
        take(rest[(2 * i + 1) * len(rest) // (2 * k)])
    return chosen


def card_of(dist, page, site_url):
    """The card file a page's og:image names, or a reason why there is none."""
    path = dist / page
    if not path.is_file():
        return None, f"{page} is missing"
    images = lxml.html.fromstring(path.read_bytes()).xpath('//meta[@property="og:image"]/@content')
    if len(images) != 1 or not images[0].startswith(site_url):
        return None, f"{page}: og:image {images} is not one address under {site_url}"
    card = dist / images[0][len(site_url) :]
    if not card.is_file():
        return None, f"{page}: og:image {images[0]} is not a file in dist"
    return card, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--sample", type=int, default=12, metavar="N", help="course cards to read (default 12)")
    args = parser.parse_args()
    if args.sample < 0:
        parser.error("--sample must be 0 or more")
    dist = args.dist

    if shutil.which("tesseract") is None:
        print("ocr_cards: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-deu)", file=sys.stderr)
        return 2
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    if "deu" not in (langs.stdout + langs.stderr).split():
        print("ocr_cards: tesseract has no German language data 'deu' (apt-get install tesseract-ocr-deu)", file=sys.stderr)
        return 2
    try:
        catalogue = json.loads((dist / "data" / "catalogue.json").read_text(encoding="utf-8"))
        centre = json.loads((dist / "centre" / "centre.json").read_text(encoding="utf-8"))
    except OSError as error:
        print(f"ocr_cards: {error}: build first (scripts/build)", file=sys.stderr)
        return 2
    site_url = centre.get("site_url")
    if not site_url:
        print("ocr_cards: the centre has no site_url, so no page has a card to read", file=sys.stderr)
        return 2

    # (label, page, the words it must read)
    jobs = []
    for course in sample(catalogue["courses"], args.sample):
        wanted = title_words(course["name"])
        badge = BADGES.get(course.get("availability"))
        if badge:
            wanted.append(badge)
        jobs.append((course["slug"], f"kurse/{course['slug']}/index.html", wanted))
    jobs.append(("start (index.html)", "index.html", words(centre["name"])))

    read = 0
    with tempfile.TemporaryDirectory(prefix="ocr-cards-") as scratch:
        for label, page, wanted in jobs:
            card, problem = card_of(dist, page, site_url)
            if card is None:
                print(f"{label}: FAIL – {problem}")
                continue
            try:
                seen, text = read_card(card, Path(scratch))
            except (RuntimeError, ValueError, OSError, zlib.error) as error:
                print(f"{label}: FAIL – {card.name}: {error}")
                continue
            missing = [w for w in wanted if not found(w, seen)]
            if missing:
                print(f"{label}: FAIL – missing {', '.join(missing)} (wanted {', '.join(wanted)}); read: {text[:300]}")
            else:
                read += 1
                print(f"{label}: OK ({', '.join(wanted)})")
    print(f"OCR: {read} of {len(jobs)} cards read their title")
    return 0 if read == len(jobs) else 1


if __name__ == "__main__":
    sys.exit(main())
