"""Amounts in kroner as Danish minutes print them, with the words around them.

"1,4 mio. kr." is 1.400.000, "0,26 mio. kr." 260.000, "12.581 t.kr." 12.581.000,
"kr. 500.000", "244.350kr/år", "ca. 0,5 mio. kr.", "1,400 mio. kr." (the comma is the decimal
mark, the dot groups thousands). Only a number written next to a currency word counts, so case
numbers, dates, clock times, ages, years, phone numbers and item numbers never become amounts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = (
    r"(?P<scale>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.\s?kr\.?|tkr\.?|tusind(?:e)?)"
)
_KR = r"(?:kr\b\.?|kroner\b|dkk\b)"
# number [scale] kr  |  number t.kr.  |  kr. number [scale]
# (the regex starts with a digit so the engine skips ahead fast; what stands before the
# figure is checked in extract())
SUFFIX = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?:{_SCALE}\s*(?:{_KR})?|{_KR})",
    re.IGNORECASE,
)
PREFIX = re.compile(
    rf"(?<![\w.])(?:kr\.?|dkk)\s*(?P<num>{_NUMBER})(?![\d,]|\.\d)(?:\s*(?P<scale>mia\.|mio\.|mill\.))?",
    re.IGNORECASE,
)
_FACTORS = {"mia": 10**9, "milliard": 10**9, "mio": 10**6, "mill": 10**6, "million": 10**6,
            "t": 10**3, "tkr": 10**3, "tusind": 10**3}
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ])\s+|\n\s*\n")
_CURRENCY = re.compile(r"kr|dkk|kroner", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    dkk: int
    text: str  # the sentence (or its part around the figure) the amount stood in
    match: str  # the figure as printed, e.g. "ca. 0,5 mio. kr."
    start: int


def _factor(scale: str | None) -> int | None:
    if not scale:
        return 1
    key = scale.lower().replace(" ", "").rstrip(".")
    if key.startswith("t.kr") or key.startswith("t.") or key == "tkr":
        return 10**3
    for prefix, factor in _FACTORS.items():
        if key.startswith(prefix):
            return factor
    return None


def to_dkk(number: str, scale: str | None = None) -> int | None:
    """Whole kroner from a printed number and an optional scale word; None when it is not a
    number this module understands."""
    factor = _factor(scale)
    if factor is None:
        return None
    try:
        value = Decimal(number.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None
    if factor == 1 and "," in number:
        value = value.quantize(Decimal(1))  # øre are not kept
    return int(value * factor)


def _context(text: str, start: int, end: int, width: int = 160) -> str:
    """The sentence around text[start:end] (a full stop before a capital letter, or a blank
    line, ends a sentence: "ca." and "kr." do not), cut to at most about `width` characters."""
    floor = max(0, start - width)
    left = floor
    for mark in _SENTENCE_END.finditer(text, floor, start):
        left = mark.end()
    mark = _SENTENCE_END.search(text, end, end + width)
    right = mark.start() + 1 if mark else min(len(text), end + width)
    return " ".join(text[left:right].split())


def _spans(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each currency word (merged), so the figure regexes run only
    where an amount can be: minutes are mostly numbers that are not money."""
    spans: list[tuple[int, int]] = []
    for mark in _CURRENCY.finditer(text):
        start = text.rfind(" ", 0, max(0, mark.start() - 40)) + 1
        start = max(start, text.rfind("\n", 0, max(0, mark.start() - 40)) + 1)
        end = text.find(" ", mark.end() + 30)
        end = len(text) if end == -1 else end
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _is_year(number: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", number) is not None


def extract(text: str) -> list[Amount]:
    """Every amount in kroner in `text`, in order of appearance."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    spans = _spans(text)
    if not spans:
        return found
    for match in (m for a, b in spans for m in SUFFIX.finditer(text, a, b)):
        if match.start() and text[match.start() - 1] in "0123456789.,/-":
            continue  # part of a case number, a date or a range: "23/12345", "3-17"
        number, scale = match.group("num"), match.group("scale")
        if scale and scale.lower().startswith(("mia", "milliard", "mio", "mill", "million", "tusind")) \
                and not re.search(_KR, match.group(0)[len(number):], re.IGNORECASE):
            continue  # "80 mio. borgere" is no amount
        dkk = to_dkk(number, scale)
        if dkk is None:
            continue
        start = match.start()
        prefix = text[max(0, start - 4):start]
        if prefix.lower().endswith(("ca. ", "ca.")):
            start -= 4 if prefix.endswith(" ") else 3
        figure = " ".join(text[start:match.end()].split())
        found.append(Amount(dkk, _context(text, match.start(), match.end()), figure, match.start()))
        taken.append((match.start(), match.end()))
    taken.sort()
    starts = [a for a, _ in taken]
    for match in (m for a, b in spans for m in PREFIX.finditer(text, a, b)):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and taken[at][0] <= match.start() < taken[at][1]:
            continue  # inside a figure already taken (spans of taken figures never overlap)
        number = match.group("num")
        before = text[max(0, match.start() - 12):match.start()]
        if re.search(r"\d\s*$", before):
            continue  # "145.000 kr. 2024": the kr. belongs to the figure before it
        if _is_year(number) and not match.group("scale"):
            continue
        dkk = to_dkk(number, match.group("scale"))
        if dkk is None:
            continue
        figure = " ".join(match.group(0).split())
        found.append(Amount(dkk, _context(text, match.start(), match.end()), figure, match.start()))
    found.sort(key=lambda a: a.start)
    return found
