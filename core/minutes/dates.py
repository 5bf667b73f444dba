"""Danish dates as minutes print them: "10. maj 2023", "d. 28. maj 2025 kl. 13:00",
"28-05-2025", "den 5. januar 2023", "10/5 2023", "2023-05-10"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
WORDS = re.compile(rf"\b(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTH_NAMES})\.?(?:\s+(?P<year>(?:19|20)\d\d))?\b",
                   re.IGNORECASE)
NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[-./](?P<month>\d{1,2})[-./](?P<year>(?:19|20)\d\d)\b")
ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d{2})-(?P<day>\d{2})\b")


@dataclass(frozen=True)
class FoundDate:
    date: dt.date | None  # None when the year is missing or the day does not exist
    text: str
    day: int
    month: int
    year: int | None
    start: int


def _make(day: int, month: int, year: int | None) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in text, in order; a date without a year has date=None."""
    found = []
    for match in ISO.finditer(text):
        day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
        found.append(FoundDate(_make(day, month, year), match.group(0), day, month, year, match.start()))
    for match in NUMERIC.finditer(text):
        day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
        found.append(FoundDate(_make(day, month, year), match.group(0), day, month, year, match.start()))
    for match in WORDS.finditer(text):
        day, month = int(match["day"]), MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else None
        found.append(FoundDate(_make(day, month, year), match.group(0), day, month, year, match.start()))
    found.sort(key=lambda f: f.start)
    return found


def parse_date(text: str) -> dt.date | None:
    """The first complete date in text, or None."""
    for found in find_dates(text):
        if found.date:
            return found.date
    return None
