"""How old a figure is: its as-of date (period, source date, import or entry time) and the
mark "mere end et år gammelt" for populations, indicators and funds older than a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from core.deferred import pandas as pd

from core import clock, formatting

OLD = "mere end et år gammelt"


def as_date(value: Any) -> dt.date | None:
    if type(value) is dt.date:  # DuckDB's records: no pandas needed (core.deferred); NaT is a datetime
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.date() if isinstance(value, dt.datetime) else value


def period_end(period: Any) -> dt.date | None:
    """The last day of a period: '2021' → 31.12.2021, '2026K3' → 30.09.2026, '2026M09' →
    30.09.2026, '2022/23' → 31.12.2023. None for what is not a period ('frem mod 2030')."""
    text = str(period or "").strip()
    if match := re.fullmatch(r"(\d{4})K([1-4])", text):
        year, month = int(match[1]), int(match[2]) * 3
    elif match := re.fullmatch(r"(\d{4})M(\d{2})", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{4})(?:\s*[/–-]\s*(\d{2}|\d{4}))?", text):
        year = int(match[2]) if match[2] and len(match[2]) == 4 else int(match[1])
        if match[2] and len(match[2]) == 2:
            year = int(match[1][:2] + match[2])
        month = 12
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def is_old(as_of: Any, today: dt.date | None = None) -> bool:
    day = as_date(as_of)
    today = today or clock.today()
    return day is not None and (today - day).days > 365


def label(as_of: Any, today: dt.date | None = None) -> str:
    """'pr. 1. januar 2023 (mere end et år gammelt)', 'pr. 1. juli 2026', or 'ukendt'."""
    day = as_date(as_of)
    if day is None:
        return "ukendt"
    text = f"pr. {formatting.date(day)}"
    return f"{text} ({OLD})" if is_old(day, today) else text


def population_as_of(as_of: Any, year: Any) -> dt.date | None:
    """A population's as-of: its date, else 1 January of its year."""
    day = as_date(as_of)
    if day is None and year is not None and not pd.isna(year):
        day = dt.date(int(year), 1, 1)
    return day


def indicator_as_of(period: Any, entered_at: Any) -> dt.date | None:
    """An indicator's as-of: the end of its period, else when it was entered or imported."""
    return period_end(period) or as_date(entered_at)


def fund_as_of(as_of: Any, entered_at: Any) -> dt.date | None:
    """Funds: the entry time for entered amounts, else the date of the source document."""
    return as_date(entered_at) or as_date(as_of)


def summary(dates: list[Any], today: dt.date | None = None) -> str:
    """One caption for several figures: the newest and oldest as-of, and whether any is old."""
    days = sorted(d for d in (as_date(v) for v in dates) if d is not None)
    if not days:
        return "Opgjort pr.: ukendt."
    span = formatting.date(days[-1]) if days[0] == days[-1] else \
        f"{formatting.date(days[0])} – {formatting.date(days[-1])}"
    old = sum(is_old(d, today) for d in days)
    tail = f" {old} af {len(days)} tal er {OLD}." if old else ""
    return f"Opgjort pr.: {span}.{tail}"
