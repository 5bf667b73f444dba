"""The only place that writes imports into the store. An import's figures are user data
(app.user_populations, app.user_indicators) written through `core.userdata.write_rows`: one
change set of the change log (shown and undoable on *Data og regler*), in ONE transaction
together with the import's provenance row in app.imports (migration 6: file, table, period,
rows, when, by whom, the body it is filed under, and the change set it produced).

Nothing changed → nothing written (not even the provenance row)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from core import userdata
from core.clock import now
from core.ids import slug
from core.indicators import IMPORTED_PREFIX
from core.store import Store

POPULATION_NOTE = "Importeret fra Danmarks Statistik"


def stamp(at: dt.datetime) -> str:
    """02.12.2026 14:05, as the public views write an entry's time."""
    return at.strftime("%d.%m.%Y %H:%M")


def population_source(table: str, period: str, file_name: str, at: dt.datetime) -> str:
    """"Danmarks Statistik FOLK1A 2026K3 (fil FOLK1A.csv, importeret 02.12.2026 14:05)"; the
    public view adds "· indtastet af WHO …" (core/views.py _by)."""
    return f"Danmarks Statistik {table} {period} (fil {file_name}, importeret {stamp(at)})"


def indicator_source(source: str, file_name: str) -> str:
    """The file's own source column, followed by the file it was imported from; the Indikatorer
    table adds "· importeret af WHO dd.mm.yyyy hh:mm" (core/indicators.py)."""
    return f"{source} (fil {file_name})"


def indicator_id(name: str, geography: str, period: str, cluster_id: str | None) -> str:
    """A figure's id: the same name, geography, period and cluster always give the same id, so a
    re-import replaces the figure. Readable slug plus 8 hex of the exact key (slugs of two
    different keys can coincide: "Andel 65+" and "Andel 65")."""
    key = "|".join([name, geography, period, cluster_id or ""])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{IMPORTED_PREFIX}{slug(key, 100)}-{digest}"


def _provenance(kind: str, file_name: str, table: str | None, period: str | None, rows: int, by: str,
                at: dt.datetime, cluster_id: str | None, ids: list[int]):
    def insert(cur, change_set: int) -> None:
        import_id = cur.execute("SELECT coalesce(max(import_id), 0) + 1 FROM app.imports").fetchall()[0][0]
        cur.execute(
            "INSERT INTO app.imports (import_id, kind, file_name, stat_table, period, rows, imported_at, "
            "imported_by, cluster_id, change_set) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [import_id, kind, file_name, table, period, rows, at, by, cluster_id, change_set],
        ).fetchall()
        ids.append(import_id)

    return insert


def population(store: Store, *, file_name: str, table: str, period: str, as_of: dt.date, imported_by: str,
               rows: pd.DataFrame, cluster_id: str | None = None) -> tuple[int | None, int | None]:
    """One population import (`rows`: municipality, population): one user_populations row per
    municipality, dated the period's first day. Returns (import_id, change_set)."""
    at = now()
    source = population_source(table, period, file_name, at)
    values = [
        ("user_populations", {"municipality": m},
         {"population": int(p), "population_year": as_of.year, "population_as_of": as_of,
          "note": POPULATION_NOTE, "source": source})
        for m, p in zip(rows["municipality"], rows["population"])
    ]
    ids: list[int] = []
    change_set = userdata.write_rows(
        store, values, who=imported_by, why=f"Import af {file_name}: Danmarks Statistik {table} {period}",
        cluster_id=cluster_id,
        before=_provenance("population", file_name, table, period, len(values), imported_by, at, cluster_id, ids),
    )
    return (ids[0] if change_set is not None else None), change_set


def indicators(store: Store, *, file_name: str, imported_by: str, rows: pd.DataFrame,
               cluster_id: str | None = None) -> tuple[int | None, int | None]:
    """One indicator import (`rows`: the indicator columns, `indicator_id`, `row`): the new and
    changed figures as user_indicators rows. Returns (import_id, change_set)."""
    values = []
    for record in rows.to_dict("records"):
        record = {k: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in record.items()}
        record["source"] = indicator_source(record["source"], file_name)
        try:
            key, fields = userdata.indicator_values(record)
        except userdata.UserDataError as exc:  # the import validated already; kept as a guard
            from core.imports.common import ImportFileError

            raise ImportFileError(file_name, int(record["row"]), None, str(exc)) from None
        values.append(("user_indicators", {"indicator_id": key}, fields))
    ids: list[int] = []
    change_set = userdata.write_rows(
        store, values, who=imported_by, why=f"Import af {file_name}: indikatorer", cluster_id=cluster_id,
        before=_provenance("indicators", file_name, None, None, len(values), imported_by, now(), cluster_id, ids),
    )
    return (ids[0] if change_set is not None else None), change_set
