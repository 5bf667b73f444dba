"""Read functions for meetings, their agenda items and participants, plus the original
source documents. Builds on `core.queries.meetings` (the cluster's meetings with item
counts) and adds Danish display text: dates, levels, item labels, short decisions."""

from __future__ import annotations

import re

from core.deferred import pandas as pd

from core import formatting, queries
from core.store import Store

NO_DATE = "Dato ikke angivet"
LEVELS = {"politisk": "Politisk", "faglig": "Faglig"}
ITEM_TYPES = {"B": "Beslutning", "D": "Drøftelse", "O": "Orientering"}
NO_TYPE = "Uden type"


# -- display text (pure) -------------------------------------------------------------------
def date_text(value: object) -> str:
    """'10. maj 2023', or 'Dato ikke angivet' for a missing date (None, NaT)."""
    return NO_DATE if value is None or pd.isna(value) else formatting.date(value)


def item_type_text(item_type: object) -> str:
    """'B: Beslutning'; '' when the item has no type code."""
    if not isinstance(item_type, str) or not item_type:
        return ""
    return f"{item_type}: {ITEM_TYPES.get(item_type, item_type)}"


def item_label(item_no: str, title: str, item_type: object = None) -> str:
    """'Punkt 2 · Principper for fordeling af klyngemidler (B: Beslutning)'."""
    kind = item_type_text(item_type)
    return f"Punkt {item_no} · {title}" + (f" ({kind})" if kind else "")


def shorten(text: object, limit: int = 200) -> str:
    """The first paragraph on one line, cut at a word boundary with '…' past `limit`."""
    if not isinstance(text, str) or not text.strip():
        return ""
    first = " ".join(re.split(r"\n\s*\n", text.strip())[0].split())
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


# -- reads ---------------------------------------------------------------------------------
def meetings(store: Store, cluster_id: str) -> pd.DataFrame:
    """The cluster's meetings (newest first, undated last) with item counts (`items`) and
    Danish `date_text`, `level_text`, `location_text` and `label`
    ('28. maj 2025 · Faglig Sundhedsklynge Nord')."""
    found = queries.meetings(store, cluster_id)
    found["date_text"] = [date_text(d) for d in found["meeting_date"]]
    found["level_text"] = [LEVELS.get(level, level) for level in found["level"]]
    found["label"] = [f"{d} · {t}" for d, t in zip(found["date_text"], found["title"])]
    found["location_text"] = [loc if isinstance(loc, str) else "ikke angivet" for loc in found["location"]]
    return found


def agenda(store: Store, meeting_id: str) -> pd.DataFrame:
    """A meeting's agenda items in printed order, with `label` and `type_text`."""
    found = store.query(
        "SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", [meeting_id]
    )
    found["type_text"] = [item_type_text(t) for t in found["item_type"]]
    found["label"] = [item_label(n, t, k) for n, t, k in zip(found["item_no"], found["title"], found["item_type"])]
    return found


def participants(store: Store, meeting_id: str) -> pd.DataFrame:
    """Who was invited, with `status` 'Deltog' or 'Afbud'. There are no e-mails in the store."""
    return store.query(
        """SELECT name, title, organisation, attended,
                  CASE WHEN attended THEN 'Deltog' ELSE 'Afbud' END AS status
           FROM participants WHERE meeting_id = ? ORDER BY position""",
        [meeting_id],
    )


def amounts(store: Store, meeting_id: str) -> pd.DataFrame:
    """Amounts in kroner found in an imported meeting (item_position, item_no, dkk, text, section);
    empty for curated meetings."""
    return store.query(
        "SELECT item_position, item_no, dkk, text, section FROM meeting_amounts WHERE meeting_id = ? "
        "ORDER BY position",
        [meeting_id],
    )


def decided_initiatives(store: Store, cluster_id: str, meeting_id: str) -> pd.DataFrame:
    """The cluster's initiatives whose deciding meeting is this one (initiatives.decided_meeting_id)."""
    found = queries.initiatives(store, cluster_id)
    return found[found["decided_meeting_id"] == meeting_id].reset_index(drop=True)


def decisions(store: Store, cluster_id: str) -> pd.DataFrame:
    """Every agenda item with a recorded decision across the cluster's meetings, newest
    meeting first, with `date_text` and a one-line `decision_short`."""
    found = store.query(
        """SELECT m.meeting_id, m.meeting_date, m.title AS meeting_title, a.item_no, a.title,
                  a.item_type, a.decision
           FROM agenda_items a JOIN meetings m USING (meeting_id)
           WHERE m.cluster_id = ? AND nullif(trim(a.decision), '') IS NOT NULL
           ORDER BY m.meeting_date DESC NULLS LAST, m.meeting_id, a.position""",
        [cluster_id],
    )
    found["date_text"] = [date_text(d) for d in found["meeting_date"]]
    found["decision_short"] = [shorten(d) for d in found["decision"]]
    return found


def item_type_counts(store: Store, cluster_id: str) -> pd.DataFrame:
    """Number of agenda items per meeting and type (for a chart), with Danish labels."""
    found = store.query(
        """SELECT m.meeting_id, m.meeting_date, m.level, a.item_type, count(*) AS items
           FROM agenda_items a JOIN meetings m USING (meeting_id)
           WHERE m.cluster_id = ?
           GROUP BY ALL
           ORDER BY m.meeting_date DESC NULLS LAST, m.meeting_id, a.item_type""",
        [cluster_id],
    )
    found["meeting_label"] = [
        f"{date_text(d)} · {LEVELS.get(level, level)}" for d, level in zip(found["meeting_date"], found["level"])
    ]
    found["type_text"] = [item_type_text(t) or NO_TYPE for t in found["item_type"]]
    return found


def history_decisions(store: Store, cluster_id: str) -> list[dict]:
    """The predecessors' meetings and decisions (a council's history): one entry per
    predecessor with its `cluster_id`, `label`, `meetings` (as `meetings`) and `decisions`
    (as `decisions`)."""
    return [
        {
            "cluster_id": p["cluster_id"],
            "label": p["label"],
            "meetings": meetings(store, p["cluster_id"]),
            "decisions": decisions(store, p["cluster_id"]),
        }
        for p in queries.predecessors(store, cluster_id).to_dict("records")
    ]
