"""Amounts in kroner as Danish minutes print them, with the words around them.

"1,4 mio. kr." is 1.400.000, "0,26 mio. kr." 260.000, "12.581 t.kr." 12.581.000,
"kr. 500.000", "244.350kr/år", "ca. 0,5 mio. kr.", "1,400 mio. kr." (the comma is the decimal
mark, the dot groups thousands). Only a number written next to a currency word counts, so case
numbers, dates, clock times, ages, years, phone numbers and item numbers never become amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = (
    r"(?P<scale>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.\s?kr\.?|tkr\.?|tusind(?:e)?)"
)
_KR = r"(?:kr\b\.?|kroner\b|dkk\b)"
# number [scale] kr  |  number t.kr.  |  kr. number [scale]
SUFFIX = re.compile(
    rf"(?<![\d.,/-])(?P<num>{_NUMBER})\s*(?:{_SCALE}\s*(?:{_KR})?|{_KR})",
    re.IGNORECASE,
)
PREFIX = re.compile(
    rf"(?<![\w.])(?:kr\.?|dkk)\s*(?P<num>{_NUMBER})(?![\d,]|\.\d)(?:\s*(?P<scale>mia\.|mio\.|mill\.))?",
    re.IGNORECASE,
)
_FACTORS = {"mia": 10**9, "milliard": 10**9, "mio": 10**6, "mill": 10**6, "million": 10**6,
            "t": 10**3, "tkr": 10**3, "tusind": 10**3}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n\s*\n")


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
    """The sentence around text[start:end], cut to at most about `width` characters."""
    left = max(text.rfind("\n\n", 0, start), max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=-1))
    left = max(left, 0, start - width)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    right = min(right, end + width)
    return " ".join(text[left:right].split())


def _is_year(number: str) -> bool:
    return re.fullmatch(r"(19|20)\d\d", number) is not None


def extract(text: str) -> list[Amount]:
    """Every amount in kroner in `text`, in order of appearance."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for match in SUFFIX.finditer(text):
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
            start = text.lower().rfind("ca.", 0, match.start())
        figure = " ".join(text[start:match.end()].split())
        found.append(Amount(dkk, _context(text, match.start(), match.end()), figure, match.start()))
        taken.append((match.start(), match.end()))
    for match in PREFIX.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
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
