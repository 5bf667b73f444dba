"""Saved scenarios: named proposals ("Forslag A") kept in schema `app` with every version.

A save that continues from a version someone else has since replaced is refused
(optimistic concurrency): the check and the write happen in one transaction, so two
laptops in one meeting cannot both win and neither loses work silently. Deleting is soft.
Schema `app` is never touched by a rebuild of the curated base.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid

import duckdb
import pandas as pd

from core import clock, formatting
from core.ids import slug
from core.scenario import MAX_NAME, MAX_NOTE, ScenarioError, load_bytes, parse
from core.store import Store

LIST_COLUMNS = ["scenario_id", "cluster_id", "name", "version", "author", "note", "saved_at",
                "created_at", "deleted_at"]
VERSION_COLUMNS = ["version", "name", "author", "note", "saved_at"]
CONFLICT_RETRIES = 60
NAME_LIMIT = 200
CURRENT_SAVE_SQL = "SELECT name, author, saved_at FROM app.scenario_versions WHERE scenario_id = ? AND version = ?"


class StaleVersionError(Exception):
    """The scenario was saved again after the version the user started from."""

    def __init__(self, name: str, base_version: int, current_version: int,
                 author: str | None, saved_at: dt.datetime | None):
        self.name = name
        self.base_version = base_version
        self.current_version = current_version
        self.author = author
        self.saved_at = saved_at
        super().__init__(_stale_message(name, base_version, current_version, author, saved_at))


def _stale_message(name: str, base: int, current: int, author: str | None, saved_at: dt.datetime | None) -> str:
    who = f" af {author}" if author else ""
    when = ""
    if saved_at is not None:
        when = f" kl. {saved_at:%H:%M}" if saved_at.date() == clock.today() else f" {formatting.datetime(saved_at)}"
    return (
        f"Scenariet «{name}» er blevet gemt igen{who}{when} (version {current}), efter du åbnede "
        f"version {base}. Dit arbejde er ikke gemt, men står stadig på skærmen: gem det som et nyt "
        "scenarie, eller åbn den nyeste version."
    )


def _new_id(name: str) -> str:
    return f"{slug(name) or 'scenarie'}-{uuid.uuid4().hex[:8]}"


def _author(author: str) -> str:
    if not isinstance(author, str) or not author.strip():
        raise ScenarioError("Skriv dit navn, før du gemmer scenariet.")
    if len(author.strip()) > MAX_NAME:
        raise ScenarioError(f"Navnet i «Gemt af» må højst være {MAX_NAME} tegn.")
    return author.strip()


def _note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ScenarioError(f"Noten må højst være {MAX_NOTE:,} tegn (er {len(note):,}).".replace(",", "."))
    return note


def _document_json(document: dict) -> str:
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(f"scenariet kan ikke gemmes som JSON ({exc})") from None


def _check_cluster(store: Store, cluster_id: str) -> None:
    if not store.scalar("SELECT count(*) FROM clusters WHERE cluster_id = ?", [cluster_id]):
        raise ScenarioError(f'klyngen "{cluster_id}" findes ikke i databasen')


def _not_found(scenario_id: str, version: int | None = None) -> ScenarioError:
    if version is None:
        return ScenarioError(f'scenariet "{scenario_id}" findes ikke')
    return ScenarioError(f'scenariet "{scenario_id}" har ingen version {version}')


# -- writing ---------------------------------------------------------------------------------


def save(store: Store, document: dict, *, author: str, note: str = "", scenario_id: str | None = None,
         base_version: int | None = None) -> tuple[str, int]:
    """Validate and save; returns (scenario_id, version).

    Without scenario_id a new scenario is created at version 1. With it, version
    base_version + 1 is appended, unless the scenario's current version is no longer
    base_version (StaleVersionError; nothing is written). An invalid document raises
    ScenarioError before anything is written."""
    scenario = parse(document)
    author = _author(author)
    note = _note(note)
    text = _document_json(document)
    _check_cluster(store, scenario.cluster_id)
    if scenario_id is None:
        return _insert_new(store, scenario.name, scenario.cluster_id, text, author, note)
    if base_version is None:
        raise ValueError("base_version is required when saving a new version of an existing scenario")
    return _retrying(lambda: _append_version(store, scenario_id, base_version, scenario.name, scenario.cluster_id,
                                             text, author, note))


def _retrying(write):
    """Run `write` (one transaction) again while DuckDB reports a write-write conflict.

    Another connection wrote the same row at this moment (DuckDB's own conflict
    detection). Once it is done, the version check inside the next attempt either refuses
    the write as stale or lets it through if that other write failed."""
    attempt = 0
    while True:
        try:
            return write()
        except (duckdb.TransactionException, duckdb.ConstraintException):
            attempt += 1
            if attempt >= CONFLICT_RETRIES:
                raise
            time.sleep(min(0.02 * attempt, 0.2) * (0.5 + random.random()))


def _insert_new(store: Store, name: str, cluster_id: str, text: str, author: str, note: str) -> tuple[str, int]:
    scenario_id, saved_at = _new_id(name), clock.now()
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO app.scenarios (scenario_id, cluster_id, name, current_version, deleted_at, created_at) "
            "VALUES (?, ?, ?, 1, NULL, ?)",
            [scenario_id, cluster_id, name, saved_at],
        )
        _insert_version(cur, scenario_id, 1, name, text, author, note, saved_at)
    return scenario_id, 1


def _insert_version(cur: duckdb.DuckDBPyConnection, scenario_id: str, version: int, name: str, text: str,
                    author: str, note: str, saved_at: dt.datetime) -> None:
    cur.execute(
        "INSERT INTO app.scenario_versions (scenario_id, version, name, document, author, note, saved_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [scenario_id, version, name, text, author, note, saved_at],
    )


def _append_version(store: Store, scenario_id: str, base_version: int, name: str, cluster_id: str,
                    text: str, author: str, note: str) -> tuple[str, int]:
    with store.transaction() as cur:
        found = cur.execute(
            "SELECT current_version, cluster_id, deleted_at FROM app.scenarios WHERE scenario_id = ?",
            [scenario_id],
        ).fetchone()
        if found is None:
            raise _not_found(scenario_id)
        current, stored_cluster, deleted_at = found
        if current != base_version:
            raise _stale(cur.execute(CURRENT_SAVE_SQL, [scenario_id, current]).fetchone(), base_version, current)
        if deleted_at is not None:
            raise ScenarioError(f"Scenariet «{name}» er slettet. Gendan det først, eller gem som et nyt scenarie.")
        if stored_cluster != cluster_id:
            raise ScenarioError(
                f'Scenariet hører til klyngen "{stored_cluster}", ikke "{cluster_id}". Gem det som et nyt scenarie.'
            )
        version = current + 1
        _insert_version(cur, scenario_id, version, name, text, author, note, clock.now())
        _move_pointer(cur, scenario_id, current, "current_version = ?, name = ?", [version, name])
    return scenario_id, version


def _move_pointer(cur: duckdb.DuckDBPyConnection, scenario_id: str, read_version: int, assignments: str,
                  values: list) -> None:
    """UPDATE app.scenarios only while its current version is still the one this write read
    (the SQL itself checks, so no interleaving can overwrite a newer pointer)."""
    moved = cur.execute(
        f"UPDATE app.scenarios SET {assignments} WHERE scenario_id = ? AND current_version = ? "
        "RETURNING scenario_id",
        [*values, scenario_id, read_version],
    ).fetchall()
    if not moved:
        raise duckdb.TransactionException("the scenario's current version moved during this write")


def _stale(current_save: tuple, base_version: int, current: int) -> StaleVersionError:
    """The error naming who saved the current version, and when (row of CURRENT_SAVE_SQL)."""
    name, author, saved_at = current_save
    return StaleVersionError(name, base_version, current, author, saved_at)


def copy_name(name: str) -> str:
    """The name of a duplicate: "Forslag A (kopi)", kept within the name limit."""
    suffix = " (kopi)"
    return f"{name[:NAME_LIMIT - len(suffix)].rstrip()}{suffix}"


def duplicate(store: Store, scenario_id: str, *, author: str, new_name: str | None = None,
              base_version: int | None = None) -> str:
    """A new scenario (version 1) from the current version of another, named new_name
    (default "… (kopi)"). With base_version, refused (StaleVersionError) when the original
    has been saved again since the caller read it."""
    original = load(store, scenario_id, base_version)
    name = new_name or copy_name(original["name"])
    document = {**original["document"], "name": name}
    scenario = parse(document)
    author, text = _author(author), _document_json(document)
    note = f"Kopi af «{original['name']}», version {original['version']}"

    def write() -> str:
        new_id, saved_at = _new_id(name), clock.now()
        with store.transaction() as cur:
            current = _current_version(cur, scenario_id)
            if base_version is not None and current != base_version:
                raise _stale(cur.execute(CURRENT_SAVE_SQL, [scenario_id, current]).fetchone(), base_version, current)
            cur.execute(
                "INSERT INTO app.scenarios (scenario_id, cluster_id, name, current_version, deleted_at, created_at) "
                "VALUES (?, ?, ?, 1, NULL, ?)",
                [new_id, scenario.cluster_id, name, saved_at],
            )
            _insert_version(cur, new_id, 1, name, text, author, note, saved_at)
        return new_id

    return _retrying(write)


def rename(store: Store, scenario_id: str, *, new_name: str, author: str, base_version: int) -> int:
    """Rename by saving a new version whose document carries new_name; stale-checked as save.
    The version renamed is the one the caller read (base_version), never a newer one."""
    current = load(store, scenario_id, base_version)
    document = {**current["document"], "name": new_name}
    _, version = save(store, document, author=author, note=f"Omdøbt fra «{current['name']}»",
                      scenario_id=scenario_id, base_version=base_version)
    return version


def delete(store: Store, scenario_id: str, base_version: int | None = None) -> None:
    """Soft delete: hidden from the list, every version kept, `restore` brings it back.
    With base_version, refused (StaleVersionError) when the scenario was saved since."""
    _set_deleted(store, scenario_id, clock.now(), base_version)


def restore(store: Store, scenario_id: str, base_version: int | None = None) -> None:
    _set_deleted(store, scenario_id, None, base_version)


def _current_version(cur: duckdb.DuckDBPyConnection, scenario_id: str) -> int:
    found = cur.execute("SELECT current_version FROM app.scenarios WHERE scenario_id = ?", [scenario_id]).fetchone()
    if found is None:
        raise _not_found(scenario_id)
    return found[0]


def _set_deleted(store: Store, scenario_id: str, deleted_at: dt.datetime | None, base_version: int | None) -> None:
    """Set deleted_at where the current version is still the one read (in SQL), so a save
    that lands meanwhile is neither overwritten nor hidden by a stale pointer."""
    def write() -> None:
        with store.transaction() as cur:
            current = _current_version(cur, scenario_id)
            if base_version is not None and current != base_version:
                raise _stale(cur.execute(CURRENT_SAVE_SQL, [scenario_id, current]).fetchone(), base_version, current)
            _move_pointer(cur, scenario_id, current, "deleted_at = ?", [deleted_at])

    _retrying(write)


def import_json(store: Store, data: bytes | str, *, author: str, note: str = "") -> tuple[str, int]:
    """Save an uploaded scenario file (its bytes, or text) as a new scenario. Read exactly as
    `python -m core evaluate FILE` reads a file (scenario.load_bytes), so both accept and refuse
    the same files. Invalid JSON or an invalid document raises ScenarioError (one Danish
    line) and nothing is written."""
    document = load_bytes(data, "filen")
    return save(store, document, author=author, note=note or "Importeret fra fil")


# -- reading ---------------------------------------------------------------------------------


def list_scenarios(store: Store, cluster_id: str | None = None, include_deleted: bool = False) -> pd.DataFrame:
    """One row per scenario at its current version, newest save first."""
    return store.query(
        f"""SELECT {", ".join(LIST_COLUMNS)} FROM scenarios
            WHERE ($cluster_id IS NULL OR cluster_id = $cluster_id)
              AND ($include_deleted OR deleted_at IS NULL)
            ORDER BY saved_at DESC, created_at DESC, name, scenario_id""",
        {"cluster_id": cluster_id, "include_deleted": include_deleted},
    )


def load(store: Store, scenario_id: str, version: int | None = None) -> dict:
    """One version (the current one by default): its metadata and the document as a dict."""
    found = store.rows(
        """SELECT v.scenario_id, v.version, v.name, v.author, v.note, v.saved_at, v.document
           FROM app.scenario_versions v JOIN app.scenarios s USING (scenario_id)
           WHERE v.scenario_id = ? AND v.version = coalesce(?, s.current_version)""",
        [scenario_id, version],
    )
    if not found:
        raise _not_found(scenario_id, version)
    keys = ("scenario_id", "version", "name", "author", "note", "saved_at", "document")
    loaded = dict(zip(keys, found[0]))
    loaded["document"] = json.loads(loaded["document"])
    return loaded


def versions(store: Store, scenario_id: str) -> pd.DataFrame:
    """Every saved version of a scenario, newest first."""
    return store.query(
        f"SELECT {', '.join(VERSION_COLUMNS)} FROM app.scenario_versions WHERE scenario_id = ? ORDER BY version DESC",
        [scenario_id],
    )
