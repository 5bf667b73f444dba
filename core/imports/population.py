"""Population import from Danmarks Statistik's StatBank (tables FOLK1A and FOLK1AM).

The CSV the website ("Gem som" → CSV) and the API (`/v1/data/FOLK1A/CSV`) give is
semicolon-separated UTF-8 (with or without a byte-order mark) with a header row of the
table's variables, e.g. `OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD`, or fewer columns when a
variable was left out (then StatBank gives its total). Values are labels (`København`,
`I alt`, `Alder i alt`), codes (`101`, `TOT`, `IALT`) or both (`101 København`); periods
are `2026K3` (quarter, FOLK1A) or `2026M09` (month, FOLK1AM); `..` is a suppressed value.

`parse_population` takes the rows where every other variable is at its total (all sexes,
all ages, all marital statuses), keeps one period (the latest unless asked), matches the
areas to the store's municipalities by DST code or name, ignores the country and region
rows, and returns a `PopulationPreview`: what changes, from what to what. Nothing is read
row by row in Python: the file goes through pandas' C parser and the filters work on
whole columns; only the few distinct values of each variable are looked at one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from core import formatting
from core.imports.common import (
    ImportFileError, check_bytes, first_row, header_line, header_names, line_of, read_frame, shown,
)

MAX_POPULATION = 10_000_000  # the scenario format's limit for a population
TABLES = ("FOLK1A", "FOLK1AM")

# Header names as StatBank writes them, and the spellings without Danish letters.
AREA, SEX, AGE, MARITAL, TIME, VALUE = "OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "TID", "INDHOLD"
ALIASES = {
    "OMRÅDE": AREA, "OMRAADE": AREA, "OMRADE": AREA,
    "KØN": SEX, "KOEN": SEX, "KON": SEX,
    "ALDER": AGE, "CIVILSTAND": MARITAL, "TID": TIME, "INDHOLD": VALUE,
}
# The total of each variable other than area and time: label, code, or "code label".
TOTALS = {
    SEX: {"i alt", "køn i alt", "begge køn", "tot"},
    AGE: {"alder i alt", "i alt", "ialt", "tot"},
    MARITAL: {"i alt", "civilstand i alt", "tot"},
}
TOTAL_LABELS = {SEX: "I alt (TOT)", AGE: "Alder i alt (IALT)", MARITAL: "I alt (TOT)"}
COUNTRY = {"000", "hele landet", "danmark"}
REGION_CODES = {"081", "082", "083", "084", "085"}
PERIOD = re.compile(r"^(\d{4})(?:K([1-4])|M(0[1-9]|1[0-2]))$")
CODE_AND_LABEL = re.compile(r"^(\d{3})(?:\s+(.+))?$")

STATUS_UPDATED = "opdateres"
STATUS_UNCHANGED = "uændret"
STATUS_SUPPRESSED = "diskretioneret (..)"


@dataclass
class PopulationPreview:
    """What an import would do. `changes` has one row per recognised municipality:
    municipality, code, old_population, old_source, new_population, status, row."""

    file_name: str
    table: str
    period: str
    periods: list[str]
    as_of: dt.date
    changes: pd.DataFrame
    unmatched: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def updated(self) -> pd.DataFrame:
        return self.changes[self.changes["status"] == STATUS_UPDATED]

    def summary(self) -> dict:
        """The CLI's JSON: period, municipalities updated, unchanged, unmatched names."""
        status = self.changes["status"]
        return {
            "file": self.file_name,
            "table": self.table,
            "period": self.period,
            "periods_in_file": self.periods,
            "municipalities": int((status == STATUS_UPDATED).sum()),
            "unchanged": int((status == STATUS_UNCHANGED).sum()),
            "suppressed": self.changes.loc[status == STATUS_SUPPRESSED, "municipality"].tolist(),
            "unmatched": self.unmatched,
            "rows_read": self.rows_read,
            "changes": [
                {
                    "municipality": r.municipality,
                    "code": None if pd.isna(r.code) else str(r.code),
                    "old": None if pd.isna(r.old_population) else int(r.old_population),
                    "new": int(r.new_population),
                }
                for r in self.updated.itertuples()
            ],
        }


def period_key(period: str) -> tuple[int, int]:
    """Sortable (year, month of the period's first day): 2026K3 → (2026, 7), 2026M09 → (2026, 9)."""
    year, quarter, month = PERIOD.match(period).groups()
    return int(year), (int(quarter) - 1) * 3 + 1 if quarter else int(month)


def period_start(period: str) -> dt.date:
    """FOLK1A counts the population on the first day of the quarter, FOLK1AM of the month."""
    year, month = period_key(period)
    return dt.date(year, month, 1)


def period_label(period: str) -> str:
    """2026K3 → "1. juli 2026"."""
    return formatting.date(period_start(period))


def _columns(frame: pd.DataFrame, file_name: str) -> dict[str, str]:
    """StatBank variable → the frame's column name; a file without area, time and value,
    or with a variable FOLK1A/FOLK1AM does not have, is not such an export."""
    found: dict[str, str] = {}
    for column in frame.columns:
        name = str(column).strip().lstrip("\ufeff").upper()
        variable = ALIASES.get(name)
        if variable is None:
            raise ImportFileError(
                file_name, 1, str(column).strip(),
                "kolonnen findes ikke i FOLK1A/FOLK1AM. Filen skal være et udtræk fra Statistikbanken med "
                "kolonnerne OMRÅDE, (KØN, ALDER, CIVILSTAND,) TID og INDHOLD.",
            )
        found[variable] = column
    for needed in (AREA, TIME, VALUE):
        if needed not in found:
            raise ImportFileError(
                file_name, 1, needed,
                f"kolonnen {needed} mangler: filen er ikke et udtræk af FOLK1A/FOLK1AM fra Statistikbanken "
                "(overskriften skal fx være OMRÅDE;KØN;ALDER;TID;INDHOLD).",
            )
    return found


def _text_categories(frame: pd.DataFrame, columns: dict[str, str]) -> None:
    """pandas infers a category column's categories: a column holding only codes becomes
    integers (`000` → 0, `084` → 84). Turn them back into the codes as written; area codes
    are always three digits at Danmarks Statistik."""
    for variable, column in columns.items():
        values = frame[column]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            continue
        categories = values.cat.categories
        if pd.api.types.is_integer_dtype(categories):
            text = [f"{c:03d}" if variable == AREA else str(c) for c in categories]
            frame[column] = values.cat.rename_categories(text)
        elif not (pd.api.types.is_object_dtype(categories) or pd.api.types.is_string_dtype(categories)):
            frame[column] = values.astype(str)


def _is_total(value: str, variable: str) -> bool:
    text = value.strip().lower()
    if text in TOTALS[variable]:
        return True
    code = text.split(" ", 1)[0]  # "TOT I alt", "IALT Alder i alt"
    return code in TOTALS[variable] and code in {"tot", "ialt"}


def _total_rows(frame: pd.DataFrame, columns: dict[str, str], file_name: str) -> pd.Series:
    """Rows where sex, age and marital status (those present) are at their totals."""
    mask = pd.Series(True, index=frame.index)
    for variable in (SEX, AGE, MARITAL):
        if variable not in columns:
            continue
        values = frame[columns[variable]]
        totals = [v for v in values.unique() if _is_total(v, variable)]
        if not totals:
            raise ImportFileError(
                file_name, None, variable,
                f"ingen rækker med {TOTAL_LABELS[variable]}: vælg totalen for {variable.lower()} i "
                "Statistikbanken (folketallet pr. kommune er summen over alle køn og aldre).",
            )
        mask &= values.isin(totals)
    return mask


def _values(frame: pd.DataFrame, column: str, file_name: str) -> tuple[pd.Series, pd.Series]:
    """INDHOLD as numbers, and where it is suppressed (`..`). Any other non-number, a
    negative, a fraction or a value over the limit stops the import, naming the row."""
    column_values = frame[column]
    if pd.api.types.is_integer_dtype(column_values):  # the parser found only whole numbers
        raw = column_values
        suppressed = pd.Series(False, index=frame.index)
        numbers = column_values
    else:
        raw = column_values.astype(str).str.strip()
        suppressed = raw == ".."
        numbers = pd.to_numeric(raw.where(~suppressed), errors="coerce")
    bad = numbers.isna() & ~suppressed
    if bad.any():
        row = first_row(bad)
        value = raw.iloc[row - 2]
        problem = "værdien er tom" if value == "" else f"{shown(value)} er ikke et tal"
        raise ImportFileError(file_name, row, VALUE, problem)
    checks = (
        (numbers < 0, "er negativ; et folketal kan ikke være negativt"),
        (numbers.notna() & (numbers % 1 != 0), "er ikke et helt tal"),
        (numbers > MAX_POPULATION, f"er over grænsen for et folketal ({formatting.number(MAX_POPULATION)})"),
    )
    for mask, problem in checks:
        mask = mask.fillna(False)
        if mask.any():
            row = first_row(mask)
            raise ImportFileError(file_name, row, VALUE, f"{shown(raw.iloc[row - 2])} {problem}")
    return numbers, suppressed


def _period(frame: pd.DataFrame, column: str, rows: pd.Series, wanted: str | None, file_name: str):
    times = frame.loc[rows, column].astype(str).str.strip()
    periods = sorted(times.unique())
    for period in periods:
        if not PERIOD.match(period):
            row = line_of(times.index[(times == period).to_numpy().argmax()])
            raise ImportFileError(
                file_name, row, TIME,
                f"{shown(period)} er ikke en periode fra Statistikbanken (fx 2026K3 eller 2026M09)",
            )
    periods.sort(key=period_key)
    if wanted is not None:
        wanted = wanted.strip().upper()
        if wanted not in periods:
            raise ImportFileError(
                file_name, None, TIME,
                f"perioden {wanted} findes ikke i filen (filen har {', '.join(periods)})",
            )
        return wanted, periods, times
    return periods[-1], periods, times


def _area_kind(value: str, by_code: dict[str, str], by_name: dict[str, str]) -> tuple[str, str | None]:
    """("municipality", name), ("ignored", None) for country/region rows, or ("unmatched", None)."""
    text = value.strip()
    found = CODE_AND_LABEL.match(text)
    code, label = (found.group(1), (found.group(2) or "")) if found else (None, text)
    lowered = label.strip().casefold()
    if code == "000" or lowered in COUNTRY:
        return "ignored", None
    if code in REGION_CODES or lowered.startswith(("region ", "landsdel ")):
        return "ignored", None
    if code and code in by_code:
        return "municipality", by_code[code]
    if lowered and lowered in by_name:
        return "municipality", by_name[lowered]
    return "unmatched", None


def parse_population(
    data: bytes, file_name: str, known: pd.DataFrame, period: str | None = None
) -> PopulationPreview:
    """Validate a StatBank export against `known` (municipality, code, population, source,
    population_as_of) and return the preview. A municipality is unchanged when it already
    shows the same figure as of the period's first day. Raises ImportFileError; writes nothing."""
    check_bytes(data, file_name)
    header = header_line(data, file_name)
    if ";" not in header:
        raise ImportFileError(
            file_name, 1, None,
            "første linje er ikke en semikolonsepareret overskrift som OMRÅDE;KØN;ALDER;TID;INDHOLD: "
            "filen er ikke en CSV-fil fra Statistikbanken",
        )
    # The variables as categories (few distinct values: filters compare each once), the
    # value column inferred (int64 unless it holds `..` or text).
    names = header_names(header, ";")
    dims = {n: "category" for n in names if ALIASES.get(n.strip().upper()) != VALUE}
    frame = read_frame(data, file_name, ";", dims)
    if frame.empty:
        raise ImportFileError(file_name, None, None, "filen har en overskrift, men ingen rækker")
    columns = _columns(frame, file_name)
    _text_categories(frame, columns)
    numbers, suppressed = _values(frame, columns[VALUE], file_name)
    totals = _total_rows(frame, columns, file_name)
    chosen, periods, times = _period(frame, columns[TIME], totals, period, file_name)
    rows = totals.copy()
    rows[totals] = (times == chosen).to_numpy()

    known = known.drop_duplicates("municipality")
    by_code = {str(c).strip(): m for m, c in zip(known["municipality"], known["code"]) if pd.notna(c) and str(c).strip()}
    by_name = {str(m).casefold(): m for m in known["municipality"]}
    areas = frame.loc[rows, columns[AREA]].astype(str)
    kinds = {value: _area_kind(value, by_code, by_name) for value in areas.unique()}
    kind = areas.map(lambda v: kinds[v][0])
    unmatched = sorted(v.strip() for v in areas[kind == "unmatched"].unique())
    picked = areas[kind == "municipality"]
    if picked.empty:
        example = ", ".join(shown(v) for v in list(areas.unique())[:3]) or "ingen"
        raise ImportFileError(
            file_name, None, AREA,
            f"ingen kommuner genkendt i perioden {chosen} (fx {example}); kommunerne skal stå med "
            "Danmarks Statistiks navn eller kode (fx København eller 101)",
        )
    found = pd.DataFrame(
        {
            "municipality": picked.map(lambda v: kinds[v][1]),
            "new_population": numbers[picked.index],
            "suppressed": suppressed[picked.index],
            "row": picked.index + 2,
        }
    )
    twice = found["municipality"].duplicated(keep=False)
    if twice.any():
        doubles = found[twice]
        name = doubles["municipality"].iloc[0]
        lines = doubles.loc[doubles["municipality"] == name, "row"].tolist()
        raise ImportFileError(
            file_name, int(lines[1]), AREA,
            f"{name} står mere end én gang for perioden {chosen} (række {', '.join(map(str, lines))}): "
            "fjern dubletterne",
        )
    changes = found.merge(
        known[["municipality", "code", "population", "source", "population_as_of"]], on="municipality", how="left"
    ).rename(columns={"population": "old_population", "source": "old_source"})
    as_of = period_start(chosen)
    same = (changes["old_population"] == changes["new_population"]) & (
        pd.to_datetime(changes["population_as_of"]) == pd.Timestamp(as_of))
    changes["status"] = STATUS_UPDATED
    changes.loc[same.fillna(False), "status"] = STATUS_UNCHANGED
    changes.loc[changes["suppressed"], "status"] = STATUS_SUPPRESSED
    changes = changes.sort_values("municipality").reset_index(drop=True)
    table = "FOLK1AM" if "M" in chosen else "FOLK1A"
    return PopulationPreview(
        file_name=file_name,
        table=table,
        period=chosen,
        periods=periods,
        as_of=as_of,
        changes=changes[
            ["municipality", "code", "old_population", "old_source", "new_population", "status", "row"]
        ],
        unmatched=unmatched,
        rows_read=len(frame),
    )


def preview_table(preview: PopulationPreview) -> pd.DataFrame:
    """The preview in Danish, for the page: Kommune, Kode, Nu, Kilde nu, Nyt folketal, Ændring, Status."""

    def number(value) -> str:
        return "–" if value is None or pd.isna(value) else formatting.number(int(value))

    changes = preview.changes
    difference = changes["new_population"] - changes["old_population"]
    return pd.DataFrame(
        {
            "Kommune": changes["municipality"],
            "Kode": changes["code"].fillna("–"),
            "Folketal nu": changes["old_population"].map(number),
            "Kilde nu": changes["old_source"].fillna(""),
            f"Folketal {preview.period}": changes["new_population"].map(number),
            "Ændring": difference.map(lambda d: "–" if pd.isna(d) else ("+" if d > 0 else "") + formatting.number(int(d))),
            "Status": changes["status"],
        }
    )


# -- the store side ----------------------------------------------------------------------

def known_municipalities(store) -> pd.DataFrame:
    """Every municipality in the store with the population it shows now (curated, entered
    or imported), that figure's source and the day it counts (population_as_of)."""
    return store.query(
        """SELECT m.municipality, m.code, v.population, v.source, v.population_as_of
           FROM base.municipalities m
           LEFT JOIN (SELECT DISTINCT municipality, population, source, population_as_of
                      FROM main.municipalities) v USING (municipality)"""
    )


def preview_population(store, data: bytes, file_name: str, period: str | None = None) -> PopulationPreview:
    return parse_population(data, file_name, known_municipalities(store), period)


def apply_population(store, preview: PopulationPreview, imported_by: str, cluster_id: str | None = None) -> dict:
    """Write the preview's updated municipalities as one change set of the change log, with the
    import's provenance row, in one transaction. The summary gains `import_id` and `change_set`
    (None when nothing changed: nothing is written then). `cluster_id` files the change under a
    body (its change log on Data og regler)."""
    from core.imports import write

    summary = preview.summary()
    updated = preview.updated
    summary["import_id"] = summary["change_set"] = None
    if updated.empty:
        return summary
    rows = pd.DataFrame(
        {"municipality": updated["municipality"], "population": updated["new_population"].astype("int64")}
    )
    summary["import_id"], summary["change_set"] = write.population(
        store, file_name=preview.file_name, table=preview.table, period=preview.period, as_of=preview.as_of,
        imported_by=imported_by, rows=rows, cluster_id=cluster_id,
    )
    return summary
