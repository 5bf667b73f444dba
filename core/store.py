"""The DuckDB store: one module owns the connection, the build and the migrations.

Layout inside the file:
- schema `base`: the curated base, dropped and rebuilt from data/ by `build`;
- schema `app`: what users create (saved scenarios, corrections). Created by recorded,
  transactional migrations and never touched by a rebuild;
- schema `meta`: schema version (applied migrations) and what the base was built from;
- `main`: the public views documented in docs/data-model.md. Pages read only these.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from core.deferred import pandas as pd

from core import curated, usertables, views
from core.clock import now
from core.schema import ALL_TABLES, SQL_TYPES, Table

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "klyngeblik.duckdb"
# The store file is attached under this name, whatever the file is called: DuckDB names a
# directly opened file's catalog after the file, so a store named app.duckdb (or base.duckdb,
# meta.duckdb) would clash with our schemas ("Ambiguous reference to catalog or schema").
CATALOG = "klyngeblik"


def default_db_path() -> Path:
    """`KLYNGEBLIK_DB` if set, else data/klyngeblik.duckdb."""
    return Path(os.environ.get("KLYNGEBLIK_DB") or DEFAULT_DB)


def _decided_caps(cur: duckdb.DuckDBPyConnection) -> None:
    """Migration 3: a focus area's cap used to be derived (target × funds); now it is only an
    amount the body decided. Every saved version's focus areas get the cap the store holds
    for that cluster and focus area (none where none was decided), and the settings the
    engine used to fill in with Klyngeblik's defaults (the store has no decision for them)
    are marked as the scenario's assumptions, so saved scenarios keep their meaning."""
    has_base = cur.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'base' AND table_name IN "
        "('focus_areas', 'cluster_settings', 'principles')"
    ).fetchone()[0] == 3
    caps: dict[tuple[str, str], int] = {}
    decided: dict[str, set[str]] = {}
    if has_base:
        for cluster_id, area_id, cap in cur.execute(
            "SELECT cluster_id, focus_area_id, cap_dkk FROM base.focus_areas WHERE cap_dkk IS NOT NULL"
        ).fetchall():
            caps[(cluster_id, area_id)] = int(cap)
        for cluster_id, key in cur.execute("SELECT cluster_id, key FROM base.cluster_settings").fetchall():
            decided.setdefault(cluster_id, set()).add(key)
        # Principle E (no running costs) was checked for every body; a body decided it when
        # its principles say so (the base built before this migration has no setting for it).
        for (cluster_id,) in cur.execute("SELECT cluster_id FROM base.principles WHERE principle = 'E'").fetchall():
            decided.setdefault(cluster_id, set()).add("no_running_costs")
    versions = cur.execute(
        "SELECT v.scenario_id, v.version, s.cluster_id, v.document FROM app.scenario_versions v "
        "JOIN app.scenarios s USING (scenario_id)"
    ).fetchall()
    for scenario_id, version, cluster_id, text in versions:
        document = json.loads(text)
        changed = migrate_document(document, cluster_id, caps, decided.get(cluster_id, set()))
        cur.execute(
            "UPDATE app.scenario_versions SET document = ? WHERE scenario_id = ? AND version = ?",
            [json.dumps(changed, ensure_ascii=False), scenario_id, version],
        )


# The settings a saved document always held before migration 3 (Klyngeblik's defaults where
# the body had decided none).
_OLD_DEFAULTED = ("region_share", "pool_dkk", "carry_over", "balance_tolerance")


def migrate_document(document: dict, cluster_id: str, caps: dict[tuple[str, str], int], decided: set[str]) -> dict:
    """One saved document as migration 3 leaves it (pure, for the migration and its tests)."""
    if not isinstance(document, dict):
        return document
    document = dict(document)
    areas = document.get("focus_areas")
    if isinstance(areas, list):
        document["focus_areas"] = [
            {**area, "cap_dkk": caps.get((cluster_id, area.get("id")))} if isinstance(area, dict) else area
            for area in areas
        ]
    settings = document.get("settings")
    if isinstance(settings, dict) and "assumed" not in settings:
        settings = dict(settings)
        settings.setdefault("no_running_costs", True)  # E was checked for every saved scenario
        assumed = [key for key in (*_OLD_DEFAULTED, "no_running_costs")
                   if settings.get(key) is not None and key not in decided]
        if assumed:
            settings["assumed"] = assumed
        document["settings"] = settings
    return document


# Migrations of the user schema. Append only: each runs once, in its own transaction,
# and is recorded in meta.schema_migrations. A step is SQL text or a function of the cursor.
MIGRATIONS: tuple[tuple[int, str, tuple[str | Callable[[duckdb.DuckDBPyConnection], None], ...]], ...] = (
    (
        1,
        "Gemte scenarier med versioner",
        (
            "CREATE SCHEMA IF NOT EXISTS app",
            """CREATE TABLE app.scenarios (
                scenario_id VARCHAR PRIMARY KEY,
                cluster_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                current_version INTEGER NOT NULL,
                deleted_at TIMESTAMP,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE app.scenario_versions (
                scenario_id VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                document JSON NOT NULL,
                author VARCHAR,
                note VARCHAR,
                saved_at TIMESTAMP NOT NULL,
                PRIMARY KEY (scenario_id, version)
            )""",
        ),
    ),
    (
        2,
        "Rettelser af folketal",
        (
            """CREATE TABLE app.population_corrections (
                municipality VARCHAR NOT NULL,
                population BIGINT NOT NULL,
                population_year INTEGER,
                source VARCHAR NOT NULL,
                changed_at TIMESTAMP NOT NULL,
                author VARCHAR
            )""",
        ),
    ),
    (3, "Besluttede lofter i gemte scenarier", (_decided_caps,)),
    (
        4,
        "Kladder: det arbejdende scenarie pr. klynge, indtil det gemmes eller fortrydes",
        (
            """CREATE TABLE app.scenario_drafts (
                draft_id VARCHAR NOT NULL,
                cluster_id VARCHAR NOT NULL,
                document JSON NOT NULL,
                opened_scenario_id VARCHAR,
                opened_version INTEGER,
                author VARCHAR,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (draft_id, cluster_id)
            )""",
        ),
    ),
    (5, "Brugerdata (midler, regler, fokusområder, initiativer, folketal, indikatorer) og ændringslog",
     usertables.migration_statements()),
    (
        6,
        "Importer: herkomsten af importerede folketal og indikatorer (rækkerne er brugerdata)",
        (
            """CREATE TABLE app.imports (
                import_id INTEGER PRIMARY KEY,
                kind VARCHAR NOT NULL,
                file_name VARCHAR NOT NULL,
                stat_table VARCHAR,
                period VARCHAR,
                rows INTEGER NOT NULL,
                imported_at TIMESTAMP NOT NULL,
                imported_by VARCHAR NOT NULL,
                cluster_id VARCHAR,
                change_set BIGINT NOT NULL
            )""",
        ),
    ),
    (7, "Importerede referater: møder, punkter, deltagere, beløb og den oprindelige fil",
     usertables.minutes_statements()),
    (8, "Beslutningslog, handlinger (princip F) og erfaringer til overdragelsesnotatet",
     usertables.followup_statements()),
    (9, "Initiativer fra idékataloget og hvem der arbejder med hvilket tema",
     usertables.link_migration_statements()),
)
SCHEMA_VERSION = max(version for version, _, _ in MIGRATIONS)


class StoreBusy(Exception):
    """Another process holds the store file longer than we wait. The message is one Danish
    sentence for the user (the CLI prints it and exits 2; the pages show it with st.error)."""


# How long an operation waits for another process's lock before StoreBusy, in seconds.
LOCK_TIMEOUT_S = float(os.environ.get("KLYNGEBLIK_LOCK_TIMEOUT", "5"))
_FIRST_BACKOFF_S = 0.005
_MAX_BACKOFF_S = 0.2
_PID = re.compile(r"PID (\d+)")


def _is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _busy(exc: BaseException | None, waited_s: float) -> StoreBusy:
    found = _PID.search(str(exc or ""))
    who = f"PID {found.group(1)}, " if found else ""
    waited = f"{waited_s:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return StoreBusy(f"Databasen er optaget af en anden proces ({who}ventede {waited} s); prøv igen om lidt.")


class _Lease:
    """This process's one connection to one store file, open only while an operation uses it.

    DuckDB lets one process open a file read-write, or any number of processes open it
    read-only, and refuses a second connection with another mode in the same process. So
    per process and file: reads share a read-only connection (or the read-write one a write
    has open), a write waits until the readers are done and opens read-write; the last
    user closes the connection, which releases the file lock for other processes. Opening
    retries with backoff while another process holds the lock, then raises StoreBusy.

    A pin (Store.held, one dashboard script run) keeps an idle read-only connection open
    until the pin ends, so the reads of one run open the file once; it never opens the file
    by itself, and a write in this process closes the idle pinned connection first."""

    _all: dict[str, _Lease] = {}
    _all_lock = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        self.cond = threading.Condition()
        self.connection: duckdb.DuckDBPyConnection | None = None
        self.writable = False
        self.users = 0
        self.pins = 0
        self.writers_waiting = 0

    @classmethod
    def of(cls, path: Path) -> _Lease:
        key = str(path.resolve())
        with cls._all_lock:
            return cls._all.setdefault(key, cls(key))

    @contextmanager
    def cursor(self, write: bool, timeout_s: float) -> Iterator[duckdb.DuckDBPyConnection]:
        self._acquire(write, timeout_s)
        try:
            cursor = self.connection.cursor()
            try:
                cursor.execute(f"USE {CATALOG}")  # a cursor starts on the in-memory default
                yield cursor
            finally:
                cursor.close()
        finally:
            self._release()

    def _acquire(self, write: bool, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        with self.cond:
            if write:
                self.writers_waiting += 1
            try:
                while True:
                    if self.connection is not None:
                        if self.writable or (not write and not self.writers_waiting):
                            self.users += 1
                            return
                        if write and self.users == 0:  # only pinned, idle: reopen read-write
                            self._close()
                            continue
                        # a write waits for this process's readers to finish (they are short)
                        if not self.cond.wait(timeout=max(0.0, deadline - time.monotonic())):
                            raise _busy(None, timeout_s)
                        continue
                    self.connection = self._open(write, deadline, timeout_s)
                    self.writable = write
                    self.users = 1
                    return
            finally:
                if write:
                    self.writers_waiting -= 1

    def _open(self, write: bool, deadline: float, timeout_s: float) -> duckdb.DuckDBPyConnection:
        backoff = _FIRST_BACKOFF_S
        while True:
            try:
                return connect(self.path, read_only=not write)
            except duckdb.IOException as exc:
                if not _is_lock_error(exc):
                    raise
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _busy(exc, timeout_s) from None
                time.sleep(min(backoff, remaining))
                backoff = min(_MAX_BACKOFF_S, backoff * 2)

    def _release(self) -> None:
        with self.cond:
            self.users -= 1
            if self.users == 0 and (self.pins == 0 or self.writable or self.writers_waiting):
                self._close()

    def _close(self) -> None:
        connection, self.connection = self.connection, None
        self.writable = False
        connection.close()
        self.cond.notify_all()

    def pin(self) -> None:
        with self.cond:
            self.pins += 1

    def unpin(self) -> None:
        with self.cond:
            self.pins -= 1
            if self.pins == 0 and self.users == 0 and self.connection is not None:
                self._close()


class Store:
    """A DuckDB file that no process keeps open between operations.

    Each query/rows/scalar opens the file (read-only), runs and closes it; `transaction`
    opens it read-write for the transaction only. So a dashboard, a CLI command and a
    second dashboard can share one file: an operation that finds the file locked by
    another process waits (up to LOCK_TIMEOUT_S, with backoff) and then raises StoreBusy.
    A reader never sees half a write: a write is one transaction, and another process
    cannot open the file while it runs. Writes through one Store run one at a time."""

    def __init__(self, path: Path | str, read_only: bool = False, lock_timeout_s: float | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.read_only = read_only
        self.lock_timeout_s = LOCK_TIMEOUT_S if lock_timeout_s is None else lock_timeout_s
        self._lease = _Lease.of(self.path)
        self._write_lock = threading.Lock()
        self._same_data: tuple[tuple, tuple] | None = None  # (file stamp, stamp it stands for)
        self.build_error: str | None = None
        if not read_only and self._needs_migration():
            migrate(self)

    def close(self) -> None:
        """Nothing is held open between operations; kept for callers that close a Store."""

    @contextmanager
    def held(self) -> Iterator[None]:
        """Within the block, a read-only connection this process opens stays open until the
        block ends (one dashboard script run: its reads open the file once, not once each).
        Opens nothing by itself; writes still open read-write for their transaction only."""
        self._lease.pin()
        try:
            yield
        finally:
            self._lease.unpin()

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # A file that does not exist yet cannot be opened read-only: open it read-write.
        with self._lease.cursor(not self.path.exists(), self.lock_timeout_s) as cursor:
            yield cursor

    def query(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        with self._reading() as cursor:
            return cursor.execute(sql, params or []).df()

    def records(self, sql: str, params: list | tuple | dict | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (None for NULL), read without pandas: what a
        page draws first on a fresh server does not wait for pandas to load (core.deferred)."""
        with self._reading() as cursor:
            cursor.execute(sql, params or [])
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def rows(self, sql: str, params: list | tuple | dict | None = None) -> list[tuple]:
        with self._reading() as cursor:
            return cursor.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | tuple | dict | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    @contextmanager
    def transaction(self, *, reads_unchanged: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT on a read-write connection opened for it; ROLLBACK on any error,
        which propagates. Raises StoreBusy when another process holds the file too long.

        `reads_unchanged`: a write no cached read depends on (a chair's draft, written as the
        chair works). The file's stamp after it stands for the stamp before, so the pages'
        cached reads (keyed by `data_stamp`) stay valid instead of every page reading
        everything again after a scenario session. Both stamps are taken under this Store's
        write lock, so no write of this process falls between them; another process's write
        could only in the moment between closing the file and the second stat, and would
        then go unseen until the next change."""
        if self.read_only:
            raise RuntimeError("the store was opened read-only")
        with self._write_lock:
            with self._lease.cursor(True, self.lock_timeout_s) as cursor:
                before = self.data_stamp() if reads_unchanged else None
                cursor.execute("BEGIN TRANSACTION")
                try:
                    yield cursor
                    cursor.execute("COMMIT")
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
            if before is not None:
                self._same_data = (self._file_stamp(), before)

    def data_stamp(self) -> tuple[int, int, int]:
        """Changes when the file changes (any process's write): a cache key for reads.
        A stat, no connection: (mtime_ns, size, size of a pending write-ahead log); right
        after a write no read depends on, the stamp before it (`transaction`)."""
        stamp = self._file_stamp()
        same = self._same_data
        return same[1] if same is not None and same[0] == stamp else stamp

    def _file_stamp(self) -> tuple[int, int, int]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        wal = self.path.with_name(self.path.name + ".wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
        return (stat.st_mtime_ns, stat.st_size, wal_size)

    def _needs_migration(self) -> bool:
        if not self.path.exists():
            return True
        try:
            applied = {r[0] for r in self.rows("SELECT version FROM meta.schema_migrations")}
        except duckdb.CatalogException:
            return True
        return not {version for version, _, _ in MIGRATIONS} <= applied

    # -- what the base was built from ----------------------------------------------------
    def built_fingerprint(self) -> str | None:
        with self.held():  # both questions on one connection: opening the file costs ~25 ms
            if not self.scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema='meta' AND table_name='build'"
            ):
                return None
            return self.scalar("SELECT fingerprint FROM meta.build")

    def schema_version(self) -> int:
        return self.scalar("SELECT coalesce(max(version), 0) FROM meta.schema_migrations")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with the store file attached as CATALOG and in use: schema names
    (`app`, `base`, `meta`, `main`) are then never taken for the file's own catalog.

    The file is attached to a named in-memory database, one per file and mode, which
    DuckDB shares between the connections of one process (as it does for a file opened
    directly): two Store objects on one file see each other's writes and conflicts."""
    resolved = str(Path(path).resolve())
    instance = hashlib.sha1(f"{resolved}|{read_only}".encode()).hexdigest()[:16]
    connection = duckdb.connect(f":memory:klyngeblik_{instance}")
    try:
        mode = " (READ_ONLY)" if read_only else ""
        connection.execute(f"ATTACH IF NOT EXISTS ? AS {CATALOG}{mode}", [resolved])
        connection.execute(f"USE {CATALOG}")
    except BaseException:
        connection.close()
        raise
    return connection


def migrate(store: Store) -> list[int]:
    """Apply the migrations not yet recorded, each in one transaction. Returns those applied."""
    with store.transaction() as cur:
        cur.execute("CREATE SCHEMA IF NOT EXISTS meta")
        cur.execute(
            "CREATE TABLE IF NOT EXISTS meta.schema_migrations "
            "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
    applied = {r[0] for r in store.rows("SELECT version FROM meta.schema_migrations")}
    done = []
    for version, description, statements in MIGRATIONS:
        if version in applied:
            continue
        with store.transaction() as cur:
            for step in statements:
                if callable(step):
                    step(cur)
                else:
                    cur.execute(step)
            cur.execute(
                "INSERT INTO meta.schema_migrations VALUES (?, ?, ?)", [version, description, now()]
            )
        done.append(version)
    if done and store.built_fingerprint() is not None:
        # The public views read the app tables: a migration may have changed what they join.
        # A base built by an older version may lack columns the new views read; then the old
        # views stay until the rebuild that follows (open_store, `python -m core build`).
        try:
            with store.transaction() as cur:
                for sql in views.VIEWS.values():
                    cur.execute(sql)
        except duckdb.Error:
            pass
    return done


def _create_table_sql(table: Table) -> str:
    columns = ", ".join(f'"{c.name}" {SQL_TYPES[c.type]}' for c in table.columns)
    return f"CREATE TABLE base.{table.name} ({columns})"


def _frame(table: Table, rows: list[curated.Row]) -> pd.DataFrame:
    """Rows as an object-typed frame (DuckDB casts on insert), plus where each came from."""
    records = [{**r.values, "_file": r.file, "_line": r.line} for r in rows]
    columns = table.column_names + ["_file", "_line"]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def check_integrity(frames: dict[str, pd.DataFrame]) -> None:
    """Duplicate keys and dangling references, found with SQL over the staged frames."""
    stage = duckdb.connect()
    try:
        for name, frame in frames.items():
            stage.register(name, frame)
        for table in ALL_TABLES:
            _check_keys(stage, table)
            _check_references(stage, table)
    finally:
        stage.close()


def _check_keys(stage: duckdb.DuckDBPyConnection, table: Table) -> None:
    if not table.key:
        return
    keys = ", ".join(table.key)
    found = stage.execute(
        f"SELECT {keys}, min(_file), max(_line) FROM {table.name} GROUP BY {keys} HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if found:
        *key_values, file, line = found
        shown = ", ".join(f"{k}={v}" for k, v in zip(table.key, key_values))
        raise curated.DataError(file, line or None, table.key[-1], f"findes mere end én gang ({shown})")


def _check_references(stage: duckdb.DuckDBPyConnection, table: Table) -> None:
    for column, other, other_column in table.references:
        found = stage.execute(
            f"SELECT t._file, t._line, t.{column} FROM {table.name} t "
            f"WHERE t.{column} IS NOT NULL AND t.{column} NOT IN (SELECT {other_column} FROM {other}) LIMIT 1"
        ).fetchone()
        if found:
            file, line, value = found
            raise curated.DataError(
                file, line or None, column, f'"{value}" findes ikke i {other} ({other_column})'
            )


def prepare(data_dir: Path | str = DATA_DIR) -> tuple[dict[str, pd.DataFrame], str]:
    """Read, validate and cross-check data/: the frames to load and their fingerprint.
    Raises DataError before anything is written."""
    data_dir = Path(data_dir)
    rows = curated.read_all(data_dir)
    frames = {t.name: _frame(t, rows[t.name]) for t in ALL_TABLES}
    check_integrity(frames)
    return frames, curated.fingerprint(data_dir)


def build(db_path: Path | str | None = None, data_dir: Path | str = DATA_DIR) -> dict[str, int]:
    """Validate data/ and replace the curated base in the store, in one transaction.

    Nothing is written unless every file, row and reference is valid; user data in the
    `app` schema is never touched. Returns the row count per table."""
    frames, fingerprint = prepare(data_dir)
    store = Store(db_path or default_db_path())
    try:
        load_base(store, frames, fingerprint)
    finally:
        store.close()
    return {name: len(frame) for name, frame in frames.items()}


def load_base(store: Store, frames: dict[str, pd.DataFrame], fingerprint: str) -> None:
    """Drop and refill schema `base`, recreate the views and keep the search dictionary
    (core.search.write_dictionary), all or nothing."""
    with store.transaction() as cur:
        cur.execute("DROP SCHEMA IF EXISTS base CASCADE")
        cur.execute("CREATE SCHEMA base")
        for table in ALL_TABLES:
            cur.execute(_create_table_sql(table))
            cur.register("incoming", frames[table.name])
            names = ", ".join(f'"{c}"' for c in table.column_names)
            cur.execute(f"INSERT INTO base.{table.name} ({names}) SELECT {names} FROM incoming")
            cur.unregister("incoming")
        for sql in views.VIEWS.values():
            cur.execute(sql)
        cur.execute("CREATE OR REPLACE TABLE meta.build (fingerprint VARCHAR, built_at TIMESTAMP)")
        cur.execute("INSERT INTO meta.build VALUES (?, ?)", [fingerprint, now()])
        from core import search  # tantivy and wordfreq: loaded by a build, not by every reader

        search.write_dictionary(cur)


def open_store(db_path: Path | str | None = None, data_dir: Path | str = DATA_DIR) -> Store:
    """The store at db_path, (re)built first when it is missing or older than data/.
    A data/ that fails validation keeps the previous base in use and leaves the reason
    in `store.build_error` (the app shows it); with no previous base the error propagates."""
    store = Store(db_path or default_db_path())
    if store.built_fingerprint() != curated.fingerprint(Path(data_dir)):
        try:
            frames, fingerprint = prepare(data_dir)
        except curated.DataError as exc:
            if store.built_fingerprint() is None:
                store.close()
                raise
            store.build_error = str(exc)
        else:
            load_base(store, frames, fingerprint)
    return store
