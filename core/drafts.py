"""Drafts: the chair's unsaved working scenario per body, kept in `app.scenario_drafts`.

A draft is keyed by a draft id (in the page's URL as `?udkast=<id>`, one per browser
session and shared by a reload or a second tab with that URL) and a cluster id, so every
body the chair worked on keeps its own working document. It records what it was opened
from: a saved scenario's id and version, or NULL for the store's own figures.

The page writes a draft only when the working document changed, as the chair works, and
off the slider's path: `write_soon` hands the document to one background writer that keeps
only the newest document per draft and body and writes it when the chair pauses (no change
for `QUIET_S`), or every `MAX_WAIT_S` while the moves go on: a burst of slider moves costs
one write after it, none on the rerun, the JSON included.
Every read here first waits for those writes (and makes them at once), so a body switch,
a reload or a second tab always reads what the chair last did. Drafts untouched for
`MAX_AGE_DAYS` are cleaned. Plain Python over the Store API."""

from __future__ import annotations

import atexit
import datetime as dt
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass

import duckdb

from core.clock import now
from core.store import Store

MAX_AGE_DAYS = 30
_ID = re.compile(r"^[0-9a-f]{32}$")
WRITE_RETRIES = 5


@dataclass(frozen=True)
class Draft:
    draft_id: str
    cluster_id: str
    document: dict
    opened_scenario_id: str | None  # None: opened from the store's figures
    opened_version: int | None
    author: str | None
    updated_at: dt.datetime


def new_id() -> str:
    return uuid.uuid4().hex


def valid_id(text: object) -> bool:
    """Only ids this module makes are accepted from a URL."""
    return isinstance(text, str) and bool(_ID.match(text))


def write(store: Store, draft_id: str, cluster_id: str, document: dict, *, opened_scenario_id: str | None = None,
          opened_version: int | None = None, author: str | None = None) -> None:
    """Insert or replace the body's draft (one small UPSERT; a second tab writing the same
    draft at the same moment is retried, and the last write wins)."""
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    values = [draft_id, cluster_id, text, opened_scenario_id, opened_version, author or None, now()]
    for attempt in range(WRITE_RETRIES):
        try:
            with store.transaction(reads_unchanged=True) as cur:  # no cached read reads drafts
                cur.execute(
                    """INSERT INTO app.scenario_drafts
                       (draft_id, cluster_id, document, opened_scenario_id, opened_version, author, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (draft_id, cluster_id) DO UPDATE SET
                         document = excluded.document, opened_scenario_id = excluded.opened_scenario_id,
                         opened_version = excluded.opened_version,
                         author = coalesce(excluded.author, author),
                         updated_at = excluded.updated_at""",
                    values,
                )
            return
        except (duckdb.TransactionException, duckdb.ConstraintException):
            if attempt == WRITE_RETRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


class _Writer:
    """One daemon thread writing the newest pending draft per (store, draft, body) once the
    chair pauses: QUIET_S without a change, or MAX_WAIT_S after the first unwritten change
    while the moves go on. A write opens the file and checkpoints it (~40 ms of CPU); made
    between slider moves, it competed with the next move and the browser for the laptop's
    cores (docs/performance.md). The newest document wins, and the JSON is made on this
    thread, never on the rerun. `flush` writes what is pending at once."""

    IDLE_EXIT_S = 30.0
    QUIET_S = 0.75
    MAX_WAIT_S = 5.0

    def __init__(self) -> None:
        self._pending: dict[tuple, tuple[Store, tuple, dict]] = {}
        self._changed: dict[tuple, tuple[float, float]] = {}  # key → (first unwritten, last) change
        self._busy = 0
        self._urgent = 0  # flushes waiting: write without the pause
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def submit(self, store: Store, args: tuple, kwargs: dict) -> None:
        with self._cond:
            key, now_s = (id(store), args[0], args[1]), time.monotonic()
            self._pending[key] = (store, args, kwargs)
            self._changed[key] = (self._changed.get(key, (now_s, now_s))[0], now_s)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="klyngeblik-drafts", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _next(self) -> tuple | None:
        """The pending key to write now, or None (with the condition held)."""
        now_s = time.monotonic()
        soonest = None
        for key in self._pending:
            first, last = self._changed[key]
            due = min(last + self.QUIET_S, first + self.MAX_WAIT_S)
            if self._urgent or due <= now_s:
                return key
            soonest = due if soonest is None else min(soonest, due)
        if soonest is not None:
            self._cond.wait(timeout=soonest - now_s)
        return None

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._cond.wait_for(lambda: self._pending, timeout=self.IDLE_EXIT_S):
                    self._thread = None
                    return
                key = self._next()
                if key is None:
                    continue
                store, args, kwargs = self._pending.pop(key)
                del self._changed[key]
                self._busy += 1
            try:
                write(store, *args, **kwargs)
                self.error = None
            except Exception as exc:  # noqa: BLE001 - reported by the next write_soon
                self.error = str(exc)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._urgent += 1
            self._cond.notify_all()
            try:
                self._cond.wait_for(lambda: not self._pending and not self._busy, timeout=timeout)
            finally:
                self._urgent -= 1


_writer = _Writer()
atexit.register(_writer.flush)  # a draft held back by the pause is written before the process ends


def write_soon(store: Store, draft_id: str, cluster_id: str, document: dict, *,
               opened_scenario_id: str | None = None, opened_version: int | None = None,
               author: str | None = None) -> str | None:
    """`write`, done by the background writer. Returns why the previous background write
    failed (a Danish-ready reason) or None."""
    failed = _writer.error
    _writer.submit(store, (draft_id, cluster_id, document),
                   {"opened_scenario_id": opened_scenario_id, "opened_version": opened_version, "author": author})
    return failed


def flush() -> None:
    """Wait until every draft handed to write_soon is in the store."""
    _writer.flush()


def read(store: Store, draft_id: str, cluster_id: str) -> Draft | None:
    """The body's draft, or None (none kept, or it can no longer be read)."""
    flush()
    found = store.rows(
        """SELECT document, opened_scenario_id, opened_version, author, updated_at
           FROM app.scenario_drafts WHERE draft_id = ? AND cluster_id = ?""",
        [draft_id, cluster_id],
    )
    if not found:
        return None
    text, scenario_id, version, author, updated_at = found[0]
    try:
        document = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(document, dict):
        return None
    return Draft(draft_id, cluster_id, document, scenario_id, version, author, updated_at)


def clusters(store: Store, draft_id: str) -> list[str]:
    """The bodies this draft id holds a working document for."""
    flush()
    return [r[0] for r in store.rows(
        "SELECT cluster_id FROM app.scenario_drafts WHERE draft_id = ? ORDER BY cluster_id", [draft_id]
    )]


def discard(store: Store, draft_id: str, cluster_id: str) -> None:
    flush()
    with store.transaction() as cur:
        cur.execute("DELETE FROM app.scenario_drafts WHERE draft_id = ? AND cluster_id = ?", [draft_id, cluster_id])


def clean(store: Store, max_age_days: int = MAX_AGE_DAYS, *, at: dt.datetime | None = None) -> int:
    """Delete drafts untouched for more than max_age_days; returns how many went."""
    flush()
    cutoff = (at or now()) - dt.timedelta(days=max_age_days)
    with store.transaction() as cur:
        gone = cur.execute(
            "DELETE FROM app.scenario_drafts WHERE updated_at < ? RETURNING draft_id", [cutoff]
        ).fetchall()
    return len(gone)
