"""Indicator import: a CSV (comma or semicolon separated) in long format, one figure per row.

Columns: `name`, `geography`, `period`, `value` (or `value_low` and `value_high` for a
range), `unit`, `source`, and optional `cluster_id` and `note`. Numbers may be written the
Danish way: `6,3`, `140.000`, `1.234,5` (a dot followed by exactly three digits is a
thousands separator; otherwise a dot is a decimal point, so `6.3` is 6,3 too).

`parse_indicators` validates the whole file (naming row and column for anything wrong) and
returns an `IndicatorPreview`: each figure new, changed (from what to what) or unchanged
against what the store shows now. A figure is the same figure when name, geography, period
and cluster agree: its id (`core.imports.write.indicator_id`) is derived from them, so a newer
import of it replaces the older (as user data, in the change log), while curated figures
from data/ stay beside imported ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from core import formatting
from core.imports.common import ImportFileError, check_bytes, first_row, header_line, read_frame, shown

REQUIRED = ("name", "geography", "period", "unit", "source")
NUMBERS = ("value", "value_low", "value_high")
OPTIONAL = ("cluster_id", "note")
ALLOWED = (*REQUIRED, *NUMBERS, *OPTIONAL)
KEY = ["name", "geography", "period", "cluster_id"]
MAX_VALUE = 100_000_000_000  # the scenario format's limit for an amount
MAX_LENGTH = {"name": 200, "geography": 200, "period": 200, "unit": 200, "cluster_id": 200,
              "source": 1000, "note": 5000}
_DANISH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")

STATUS_NEW = "ny"
STATUS_CHANGED = "ændres"
STATUS_UNCHANGED = "uændret"


@dataclass
class IndicatorPreview:
    """`rows`: the file's figures (ALLOWED columns, row = line in the file) with `status`
    and `old` (the value shown now, for a changed figure)."""

    file_name: str
    rows: pd.DataFrame

    @property
    def to_write(self) -> pd.DataFrame:
        return self.rows[self.rows["status"] != STATUS_UNCHANGED]

    def summary(self) -> dict:
        status = self.rows["status"]
        return {
            "file": self.file_name,
            "rows": len(self.rows),
            "new": int((status == STATUS_NEW).sum()),
            "changed": int((status == STATUS_CHANGED).sum()),
            "unchanged": int((status == STATUS_UNCHANGED).sum()),
        }


def danish_numbers(text: pd.Series) -> pd.Series:
    """Strings to floats (NaN for empty); `6,3`, `1.234,5`, `140.000`, `6.3`. Unparseable → NaN
    with the text kept non-empty, so the caller can tell empty from wrong."""
    text = text.str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    thousands = text.str.match(_DANISH_THOUSANDS)
    text = text.where(~thousands, text.str.replace(".", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text.where(text != ""), errors="coerce")


def _separator(data: bytes, file_name: str) -> str:
    header = header_line(data, file_name)
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


def _fail(file_name: str, mask: pd.Series, column: str, problem) -> None:
    """Raise for the first row where mask holds; `problem` may take the row's cell."""
    if mask.any():
        row = first_row(mask)
        raise ImportFileError(file_name, row, column, problem(row) if callable(problem) else problem)


def parse_indicators(data: bytes, file_name: str, known_clusters: set[str], existing) -> IndicatorPreview:
    """Validate an indicator CSV; `existing` holds the figures shown now under the file's ids
    (indicator_id, value, value_low, value_high, unit), or is a function of the ids that gives
    them. Raises ImportFileError; writes nothing."""
    check_bytes(data, file_name)
    separator = _separator(data, file_name)
    if separator not in header_line(data, file_name):
        raise ImportFileError(
            file_name, 1, None,
            "første linje er ikke en overskrift med kolonnerne " + ", ".join(REQUIRED) + " og value",
        )
    frame = read_frame(data, file_name, separator)
    frame.columns = [str(c).strip().lstrip("\ufeff").lower() for c in frame.columns]
    for column in frame.columns:
        if column not in ALLOWED:
            raise ImportFileError(
                file_name, 1, column, "ukendt kolonne (tilladt: " + ", ".join(ALLOWED) + ")"
            )
    for column in REQUIRED:
        if column not in frame.columns:
            raise ImportFileError(file_name, 1, column, "kolonnen mangler")
    if "value" not in frame.columns and not {"value_low", "value_high"} <= set(frame.columns):
        raise ImportFileError(file_name, 1, "value", "kolonnen mangler (eller value_low og value_high for et interval)")
    if frame.empty:
        raise ImportFileError(file_name, None, None, "filen har en overskrift, men ingen rækker")
    for column in ALLOWED:
        frame[column] = frame[column].str.strip() if column in frame.columns else ""

    for column in REQUIRED:
        _fail(file_name, frame[column] == "", column, "feltet er tomt")
    for column, limit in MAX_LENGTH.items():
        _fail(file_name, frame[column].str.len() > limit, column, f"teksten er længere end {limit} tegn")

    numbers = {}
    for column in NUMBERS:
        parsed = danish_numbers(frame[column])
        _fail(file_name, parsed.isna() & (frame[column] != ""), column,
              lambda row, c=column: f"{shown(frame[c].iloc[row - 2])} er ikke et tal")
        _fail(file_name, parsed.abs() > MAX_VALUE, column,
              f"tallet er over grænsen ({formatting.number(MAX_VALUE)})")
        numbers[column] = parsed
    value, low, high = numbers["value"], numbers["value_low"], numbers["value_high"]
    _fail(file_name, value.isna() & low.isna() & high.isna(), "value",
          "der er hverken en værdi (value) eller et interval (value_low og value_high)")
    _fail(file_name, value.notna() & (low.notna() | high.notna()), "value",
          "angiv enten en værdi (value) eller et interval (value_low og value_high), ikke begge")
    _fail(file_name, low.isna() & high.notna(), "value_low", "intervallet mangler sin laveste værdi")
    _fail(file_name, low.notna() & high.isna(), "value_high", "intervallet mangler sin højeste værdi")
    _fail(file_name, low > high, "value_high", "den højeste værdi er mindre end den laveste")
    _fail(file_name, (frame["cluster_id"] != "") & ~frame["cluster_id"].isin(known_clusters), "cluster_id",
          lambda row: f"{shown(frame['cluster_id'].iloc[row - 2])} er ikke en klynge eller et sundhedsråd i databasen")

    rows = frame[list(ALLOWED)].replace({"": None}).assign(**numbers, row=frame.index + 2)
    keyed = rows[KEY].fillna("")
    twice = keyed.duplicated(keep=False)
    if twice.any():
        first = keyed[twice].iloc[0]
        lines = rows.loc[twice & (keyed == first).all(axis=1), "row"].tolist()
        raise ImportFileError(
            file_name, int(lines[1]), "name",
            f"samme indikator, geografi, periode og klynge står mere end én gang (række {', '.join(map(str, lines))})",
        )
    from core.imports.write import indicator_id

    rows["indicator_id"] = [indicator_id(*key) for key in zip(rows["name"], rows["geography"], rows["period"],
                                                               rows["cluster_id"])]
    if callable(existing):
        existing = existing(rows["indicator_id"].tolist())
    return IndicatorPreview(file_name, _compare(rows, existing))


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a == b) | (a.isna() & b.isna())


def _compare(rows: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """Status and the value shown now, against the figure shown under the same id."""
    old = existing[["indicator_id", "value", "value_low", "value_high", "unit"]].rename(
        columns={"value": "old_value", "value_low": "old_low", "value_high": "old_high", "unit": "old_unit"})
    merged = rows.merge(old, on="indicator_id", how="left", indicator=True)
    found = merged["_merge"] == "both"
    same = (
        _same(merged["value"], merged["old_value"]) & _same(merged["value_low"], merged["old_low"])
        & _same(merged["value_high"], merged["old_high"]) & (merged["unit"] == merged["old_unit"])
    )
    merged["status"] = STATUS_NEW
    merged.loc[found, "status"] = STATUS_CHANGED
    merged.loc[found & same, "status"] = STATUS_UNCHANGED
    merged["old"] = [
        formatting.indicator_value(_num(v), _num(lo), _num(hi), u) if f else ""
        for v, lo, hi, u, f in zip(merged["old_value"], merged["old_low"], merged["old_high"], merged["old_unit"], found)
    ]
    return merged[[*ALLOWED, "indicator_id", "row", "status", "old"]]


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def preview_table(preview: IndicatorPreview) -> pd.DataFrame:
    """Indikator, Geografi, Periode, Værdi nu, Ny værdi, Enhed, Kilde, Status (Danish, for the page)."""
    rows = preview.rows
    new = [
        formatting.indicator_value(_num(v), _num(lo), _num(hi), u)
        for v, lo, hi, u in zip(rows["value"], rows["value_low"], rows["value_high"], rows["unit"])
    ]
    return pd.DataFrame(
        {
            "Række": rows["row"],
            "Indikator": rows["name"],
            "Geografi": rows["geography"],
            "Periode": rows["period"],
            "Værdi nu": rows["old"],
            "Ny værdi": new,
            "Enhed": rows["unit"],
            "Kilde": rows["source"],
            "Status": rows["status"],
        }
    )


# -- the store side ----------------------------------------------------------------------

def existing_imported(store, ids: list[str]) -> pd.DataFrame:
    """The figures shown now under these ids (imported before: the ids are deterministic)."""
    if not ids:
        return pd.DataFrame(columns=["indicator_id", "value", "value_low", "value_high", "unit"])
    return store.query(
        """SELECT indicator_id, value, value_low, value_high, unit
           FROM main.indicators WHERE indicator_id IN (SELECT unnest(?::VARCHAR[]))""",
        [ids],
    )


def preview_indicators(store, data: bytes, file_name: str) -> IndicatorPreview:
    clusters = {r[0] for r in store.rows("SELECT cluster_id FROM main.clusters")}
    return parse_indicators(data, file_name, clusters, lambda ids: existing_imported(store, ids))


def apply_indicators(store, preview: IndicatorPreview, imported_by: str, cluster_id: str | None = None) -> dict:
    """Write the new and changed figures as one change set of the change log, with the import's
    provenance row, in one transaction; the summary gains `import_id` and `change_set` (None
    when every figure was unchanged: nothing is written then)."""
    from core.imports import write

    summary = preview.summary()
    summary["import_id"] = summary["change_set"] = None
    rows = preview.to_write
    if not rows.empty:
        summary["import_id"], summary["change_set"] = write.indicators(
            store, file_name=preview.file_name, imported_by=imported_by, rows=rows, cluster_id=cluster_id,
        )
    return summary
