"""Indicators a cluster follows (its "datapakke"): the read, a text filter, Danish display
rows, and the comparable groups the Indikatorer page charts.

A value is a point (`value`) or a range (`value_low`–`value_high`); a range is shown as a
range, never as an invented point. Charts only group figures with the same unit.
"""

from __future__ import annotations

import pandas as pd

from core import formatting, freshness
from core.store import Store

TABLE_COLUMNS = ["Indikator", "Geografi", "Periode", "Opgjort", "Værdi", "Enhed", "Note", "Kilde"]
IMPORTED_PREFIX = "import-"  # the ids of imported figures (core/imports/write.py indicator_id)


def indicators(store: Store, cluster_id: str, include_national: bool = False) -> pd.DataFrame:
    """The cluster's indicators, plus the national ones (no cluster) when asked for."""
    return store.query(
        """SELECT indicator_id, name, geography, period, value, value_low, value_high, unit,
                  source, cluster_id, note, origin, entered_at
           FROM indicators
           WHERE cluster_id = $c OR ($national AND cluster_id IS NULL)
           ORDER BY cluster_id IS NULL, name, geography, period""",
        {"c": cluster_id, "national": include_national},
    )


def display_value(row: pd.Series) -> str:
    return formatting.indicator_value(
        _number(row["value"]), _number(row["value_low"]), _number(row["value_high"]), row["unit"]
    )


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """Indikator, Geografi, Periode, Værdi, Enhed, Note, Kilde."""
    if frame.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    return pd.DataFrame(
        {
            "Indikator": frame["name"],
            "Geografi": frame["geography"],
            "Periode": frame["period"],
            "Opgjort": [freshness.label(freshness.indicator_as_of(p, e)) for p, e in
                        zip(frame["period"], frame.get("entered_at", pd.Series([None] * len(frame))))],
            "Værdi": frame.apply(display_value, axis=1),
            "Enhed": frame["unit"],
            "Note": frame["note"].fillna(""),
            "Kilde": _source(frame),
        }
    ).reset_index(drop=True)


def imported(frame: pd.DataFrame) -> pd.Series:
    """True for a figure imported from a file (user data with an import id)."""
    if not {"origin", "indicator_id"} <= set(frame.columns):
        return pd.Series(False, index=frame.index)
    return (frame["origin"] == "bruger") & frame["indicator_id"].astype(str).str.startswith(IMPORTED_PREFIX)


def _source(frame: pd.DataFrame) -> pd.Series:
    """The figure's source. The view appends who entered a user row and when
    ("· indtastet af Bo 02.12.2026 14:05"); an imported figure says "importeret af" instead,
    after the file it came from (stored in its source: "eSundhed 2025 (fil indikatorer.csv)")."""
    rows = imported(frame)
    return frame["source"].where(~rows, frame["source"].str.replace(" · indtastet af ", " · importeret af ", n=1,
                                                                   regex=False))


def series(frame: pd.DataFrame) -> pd.DataFrame:
    """Point values of indicators measured in several periods (same name, geography and
    unit), e.g. the share referred to the emergency department 6,3 % (2021) → 9,6 % (2022)."""
    points = frame.dropna(subset=["value"])
    periods = points.groupby(["name", "geography", "unit"])["period"].transform("nunique")
    found = points[periods >= 2].sort_values(["unit", "geography", "name", "period"])
    return found.assign(shown=found.apply(display_value, axis=1)).reset_index(drop=True)


def ranges(frame: pd.DataFrame) -> pd.DataFrame:
    """Values stated only as a range, with a two-line label: what, then where and when."""
    found = frame[frame["value"].isna() & frame["value_low"].notna() & frame["value_high"].notna()]
    found = found.sort_values(["unit", "name", "geography"])
    return found.assign(
        label=found["name"] + "\n" + found["geography"] + " · " + found["period"],
        shown=found.apply(display_value, axis=1),
    ).reset_index(drop=True)


def series_groups(frame: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """`series(frame)` split into comparable charts: (unit, geography, rows)."""
    found = series(frame)
    return [
        (unit, geography, rows) for (unit, geography), rows in found.groupby(["unit", "geography"], sort=True)
    ]


def range_groups(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """`ranges(frame)` split by unit: only ranges in the same unit share a chart."""
    found = ranges(frame)
    return [(unit, rows) for unit, rows in found.groupby("unit", sort=True)]
