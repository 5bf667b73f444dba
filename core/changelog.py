"""The append-only change log of user data (app.change_log) and undo.

Every write of user data goes through `write_row`/`delete_row`, which change the row and
`record` one log row per field in the same transaction (the caller's cursor). Rows of one
submit share a `change_set`; undo works on a change set and is itself a logged change set.
The only update the log ever sees is `undone_by` on the rows an undo reversed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from core.clock import now
from core.store import Store
from core.usertables import BY_NAME, UserTable


class UserDataError(ValueError):
    """Input the store refuses; the message is one Danish sentence naming the field."""


def dump(value: Any) -> str | None:
    """A value as JSON text for the log (None stays None)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return json.dumps(value, ensure_ascii=False)


def load(text: str | None) -> Any:
    """A logged value back (a missing value, also pandas' NaN, is None)."""
    return json.loads(text) if isinstance(text, str) else None


def key_text(key: dict) -> str:
    return json.dumps(key, ensure_ascii=False, sort_keys=True)


def next_change_set(cur: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: a result left open blocks the cursor's next register() (DuckDB 2)
    return cur.execute("SELECT coalesce(max(change_set), 0) + 1 FROM app.change_log").fetchall()[0][0]


def record(
    cur: duckdb.DuckDBPyConnection, *, change_set: int, who: str, cluster_id: str | None,
    table: str, key: dict, field: str, old: Any, new: Any, action: str, why: str,
) -> None:
    """One log row, inside the caller's transaction."""
    change_id = cur.execute("SELECT coalesce(max(change_id), 0) + 1 FROM app.change_log").fetchone()[0]
    cur.execute(
        "INSERT INTO app.change_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [change_id, change_set, now(), who, cluster_id, table, key_text(key), field,
         dump(old), dump(new), action, why],
    )


def _where(table: UserTable) -> str:
    return " AND ".join(f"{k} = ?" for k in table.key)


def current_row(cur: duckdb.DuckDBPyConnection, table: UserTable, key: dict) -> dict | None:
    found = cur.execute(
        f"SELECT {', '.join(table.values)} FROM app.{table.name} WHERE {_where(table)}",
        [key[k] for k in table.key],
    ).fetchone()
    return None if found is None else dict(zip(table.values, found))


def _same(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return dump(a) == dump(b) or (a is not None and b is not None and str(a) == str(b))


def write_row(
    cur: duckdb.DuckDBPyConnection, table_name: str, key: dict, values: dict, *,
    change_set: int, who: str, why: str, cluster_id: str | None,
) -> bool:
    """Insert or update one user row and log each changed field. False if nothing changed."""
    table = BY_NAME[table_name]
    values = {c: values.get(c) for c in table.values}
    old = current_row(cur, table, key)
    if old is None:
        columns = table.columns + ("entered_by", "entered_at")
        cur.execute(
            f"INSERT INTO app.{table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [key[k] for k in table.key] + [values[c] for c in table.values] + [who, now()],
        )
        changed = [(c, None, values[c]) for c in table.values if values[c] is not None]
        changed = changed or [(c, None, None) for c in table.values]
        action = "opret"
    else:
        changed = [(c, old[c], values[c]) for c in table.values if not _same(old[c], values[c])]
        if not changed:
            return False
        sets = ", ".join(f"{c} = ?" for c, _, _ in changed)
        cur.execute(
            f"UPDATE app.{table.name} SET {sets}, entered_by = ?, entered_at = ? WHERE {_where(table)}",
            [n for _, _, n in changed] + [who, now()] + [key[k] for k in table.key],
        )
        action = "ret"
    for field, before, after in changed:
        record(cur, change_set=change_set, who=who, cluster_id=cluster_id, table=table.name, key=key,
               field=field, old=before, new=after, action=action, why=why)
    return True


def write_rows(
    cur: duckdb.DuckDBPyConnection, table_name: str, rows: list[tuple[dict, dict]], *,
    change_set: int, who: str, why: str, cluster_id: str | None,
) -> bool:
    """`write_row` for many rows of one table at once (an import: up to 98 municipalities or
    thousands of indicators), with the same rows and log as calling it row by row, in a handful
    of statements instead of ~10 per row. False if nothing changed."""
    table = BY_NAME[table_name]
    if not rows:
        return False
    keys = [tuple(key[k] for k in table.key) for key, _ in rows]
    if len(set(keys)) < len(keys):  # a key twice: the second write sees the first, row by row
        changed = False
        for key, values in rows:
            changed |= write_row(cur, table_name, key, values, change_set=change_set, who=who, why=why,
                                 cluster_id=cluster_id)
        return changed
    key_list = ", ".join(table.key)
    cur.register("_batch_keys", pd.DataFrame(keys, columns=list(table.key)).astype(object))
    try:
        found = cur.execute(
            f"SELECT {', '.join('t.' + c for c in table.columns)} FROM app.{table.name} t "
            f"JOIN _batch_keys USING ({key_list})"
        ).fetchall()
    finally:
        cur.unregister("_batch_keys")
    width = len(table.key)
    current = {tuple(str(v) for v in row[:width]): dict(zip(table.values, row[width:])) for row in found}
    at = now()
    inserts, updates, log = [], [], []
    for key, values in rows:
        values = {c: values.get(c) for c in table.values}
        old = current.get(tuple(str(key[k]) for k in table.key))
        if old is None:
            inserts.append([key[k] for k in table.key] + [values[c] for c in table.values])
            changed = [(c, None, values[c]) for c in table.values if values[c] is not None]
            changed = changed or [(c, None, None) for c in table.values]
            action = "opret"
        else:
            changed = [(c, old[c], values[c]) for c in table.values if not _same(old[c], values[c])]
            if not changed:
                continue
            updates.append([key[k] for k in table.key] + [values[c] for c in table.values])
            action = "ret"
        log += [(key_text(key), f, dump(b), dump(a), action) for f, b, a in changed]
    if not log:
        return False
    for name, data, sql in (
        ("_batch_inserts", inserts,
         f"INSERT INTO app.{table.name} ({', '.join(table.columns)}, entered_by, entered_at) "
         f"SELECT {', '.join(_cast(table, c) for c in table.columns)}, $who, $at FROM _batch_inserts"),
        ("_batch_updates", updates,
         f"UPDATE app.{table.name} t SET {', '.join(c + ' = ' + _cast(table, c, 'u') for c in table.values)}, "
         f"entered_by = $who, entered_at = $at FROM _batch_updates u "
         f"WHERE {' AND '.join('t.' + k + ' = ' + _cast(table, k, 'u') for k in table.key)}"),
    ):
        if data:
            cur.register(name, pd.DataFrame(data, columns=list(table.columns)).astype(object))
            try:
                cur.execute(sql, {"who": who, "at": at}).fetchall()  # finished before the next register
            finally:
                cur.unregister(name)
    first = cur.execute("SELECT coalesce(max(change_id), 0) + 1 FROM app.change_log").fetchall()[0][0]
    entries = pd.DataFrame(
        [(first + i, change_set, at, who, cluster_id, table.name, k, f, o, n, a, why)
         for i, (k, f, o, n, a) in enumerate(log)],
        columns=["change_id", "change_set", "changed_at", "who", "cluster_id", "table_name", "row_key", "field",
                 "old_value", "new_value", "action", "why"],
    )
    cur.register("_batch_log", entries)
    try:
        cur.execute(
            "INSERT INTO app.change_log SELECT change_id, change_set, changed_at, who, cluster_id::VARCHAR, "
            "table_name, row_key, field, old_value::VARCHAR, new_value::VARCHAR, action, why, NULL "
            "FROM _batch_log"
        ).fetchall()
    finally:
        cur.unregister("_batch_log")
    return True


def _cast(table: UserTable, column: str, alias: str | None = None) -> str:
    """A batch frame's column cast to the user table's type (frames hold Python objects)."""
    return f"{alias + '.' if alias else ''}{column}::{table.sql_type(column)}"


def delete_row(
    cur: duckdb.DuckDBPyConnection, table_name: str, key: dict, *,
    change_set: int, who: str, why: str, cluster_id: str | None,
) -> bool:
    """Delete one user row (the curated row, if any, shows again) and log its values."""
    table = BY_NAME[table_name]
    old = current_row(cur, table, key)
    if old is None:
        return False
    cur.execute(f"DELETE FROM app.{table.name} WHERE {_where(table)}", [key[k] for k in table.key])
    fields = [f for f in table.values if old[f] is not None] or list(table.values)
    for field in fields:
        record(cur, change_set=change_set, who=who, cluster_id=cluster_id, table=table.name, key=key,
               field=field, old=old[field], new=None, action="slet", why=why)
    return True


def undo(store: Store, change_set: int, *, who: str, why: str = "") -> int:
    """Reverse a change set (as a new, logged change set); returns the new set's number.

    Refused (UserDataError, nothing written) when it is already undone or when a field it
    changed has been changed again since: the later change must be undone first."""
    who = (who or "").strip()
    if not who:
        raise UserDataError("Feltet »Indtastet af« skal udfyldes for at fortryde.")
    with store.transaction() as cur:
        entries = cur.execute(
            """SELECT table_name, row_key, field, old_value, new_value, action, cluster_id, undone_by
               FROM app.change_log WHERE change_set = ? ORDER BY change_id""",
            [change_set],
        ).fetchall()
        if not entries:
            raise UserDataError(f"Ændring nr. {change_set} findes ikke i ændringsloggen.")
        if any(e[7] is not None for e in entries):
            raise UserDataError(f"Ændring nr. {change_set} er allerede fortrudt.")
        new_set = next_change_set(cur)
        reason = why.strip() or f"Fortryder ændring nr. {change_set}"
        rows: dict[tuple[str, str], list] = {}
        for entry in entries:
            rows.setdefault((entry[0], entry[1]), []).append(entry)
        for (table_name, row_key), fields in rows.items():
            _undo_row(cur, BY_NAME[table_name], json.loads(row_key), fields,
                      change_set=new_set, who=who, why=reason, cluster_id=fields[0][6])
        cur.execute("UPDATE app.change_log SET undone_by = ? WHERE change_set = ?", [new_set, change_set])
    return new_set


def _undo_row(cur, table: UserTable, key: dict, fields: list, **log) -> None:
    current = current_row(cur, table, key)
    action = fields[0][5]
    label = f"{table.label} {', '.join(str(v) for v in key.values())}"
    later = UserDataError(
        f"Ændringen af {label} kan ikke fortrydes, fordi rækken er ændret siden; fortryd den senere ændring først."
    )
    if action == "slet":
        if current is not None:
            raise later
        write_row(cur, table.name, key, {f[2]: load(f[3]) for f in fields}, **log)
        return
    if current is None or any(not _same(current[f[2]], load(f[4])) for f in fields):
        raise later
    if action == "opret":
        delete_row(cur, table.name, key, **log)
    else:
        restored = dict(current)
        restored.update({f[2]: load(f[3]) for f in fields})
        write_row(cur, table.name, key, restored, **log)


def entries(store: Store, cluster_id: str | None = None, limit: int = 500,
            include_unfiled: bool = False) -> pd.DataFrame:
    """The change log, newest first; one body's entries when cluster_id is given, plus the
    entries filed under no body (e.g. a command-line import of all municipalities) when
    include_unfiled."""
    return store.query(
        """SELECT change_id, change_set, changed_at, who, cluster_id, table_name, row_key, field,
                  old_value, new_value, action, why, undone_by
           FROM app.change_log
           WHERE ? IS NULL OR cluster_id = ? OR (? AND cluster_id IS NULL)
           ORDER BY change_id DESC LIMIT ?""",
        [cluster_id, cluster_id, include_unfiled, limit],
    )
