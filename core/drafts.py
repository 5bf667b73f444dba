"""Drafts: the chair's unsaved working scenario per body, kept in `app.scenario_drafts`.

A draft is keyed by a draft id (in the page's URL as `?udkast=<id>`, one per browser
session and shared by a reload or a second tab with that URL) and a cluster id, so every
body the chair worked on keeps its own working document. It records what it was opened
from: a saved scenario's id and version, or NULL for the store's own figures.

The page writes a draft only when the working document changed, as the chair works;
drafts untouched for `MAX_AGE_DAYS` are cleaned. Plain Python over the Store API."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from dataclasses import dataclass

import duckdb

from core.store import Store, now

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
            with store.transaction() as cur:
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


def read(store: Store, draft_id: str, cluster_id: str) -> Draft | None:
    """The body's draft, or None (none kept, or it can no longer be read)."""
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
    return [r[0] for r in store.rows(
        "SELECT cluster_id FROM app.scenario_drafts WHERE draft_id = ? ORDER BY cluster_id", [draft_id]
    )]


def discard(store: Store, draft_id: str, cluster_id: str) -> None:
    with store.transaction() as cur:
        cur.execute("DELETE FROM app.scenario_drafts WHERE draft_id = ? AND cluster_id = ?", [draft_id, cluster_id])


def clean(store: Store, max_age_days: int = MAX_AGE_DAYS, *, at: dt.datetime | None = None) -> int:
    """Delete drafts untouched for more than max_age_days; returns how many went."""
    cutoff = (at or now()) - dt.timedelta(days=max_age_days)
    with store.transaction() as cur:
        gone = cur.execute(
            "DELETE FROM app.scenario_drafts WHERE updated_at < ? RETURNING draft_id", [cutoff]
        ).fetchall()
    return len(gone)
