"""Who works on which theme (issue 10): bodies × the catalogue's seven themes. Each cell lists
the body's initiatives and decided agenda items on that theme, either linked by a user
(app.theme_links, migration 9, status "bekræftet" or "afvist", logged and undoable) or
suggested by the search (`SearchIndex.related` of the item's title and text against the
themes and suggestions, aggregated per theme) until a user confirms or rejects it.

A council's row includes its predecessors' items (clusters whose successor_id is the council),
named with the body they come from. Links are stored on the body that owns the item, so a
confirmation shows on both the cluster's and its successor's row.

Plain Python: the page (ui/page_idekatalog.py) and the XLSX export read `matrix`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from core import search, userdata
from core import search_analysis as da
from core.changelog import UserDataError
from core.meetings import date_text
from core.store import Store

KINDS = {"initiative": "Initiativ", "agenda_item": "Dagsordenspunkt"}
STATUSES = ("bekræftet", "afvist")
SUGGESTED = "forslag – bekræft"
# A theme is suggested when its aggregated score reaches this and leads the next theme by
# LEAD (BM25 sums; tuned on the seed items: "Projekt om forebyggelige (gen)indlæggelser" → 1).
THRESHOLD = 60.0
LEAD = 1.1
TOP_HITS = 3  # a theme's score: its best three documents (the theme and its suggestions)
# Words every body's texts share that say nothing about a theme.
GENERIC = frozenset(da.stem(w) for w in (
    "sundhedsklynge", "sundhedsklyngen", "sundhedsklynger", "klynge", "klyngen", "politisk", "faglig",
    "møde", "mødet", "punkt", "sag", "orientering", "drøftelse", "beslutning", "indstilling", "godkende",
    "godkendt", "tages", "efterretning", "region", "regionen", "kommune", "kommunerne", "sundhedsråd",
    "projekt", "indsats", "arbejde", "arbejdet",
))
# Agenda items that are procedure, not work on a theme.
PROCEDURE = re.compile(r"^\s*(godkendelse af dagsorden|deltagere|eventuelt|meddelelser|kommende møde)", re.I)


@dataclass(frozen=True)
class Item:
    cluster_id: str  # the body that owns it
    kind: str  # initiative | agenda_item
    item_id: str
    title: str
    text: str


def bodies(store: Store, region: str | None = None) -> list[dict]:
    """Clusters and councils (optionally of one region), each with its predecessors' ids."""
    rows = store.rows(
        """SELECT c.cluster_id, c.name || ' (' || c.region || ')', c.region, c.body_kind,
                  coalesce((SELECT list(p.cluster_id ORDER BY p.cluster_id) FROM clusters p
                            WHERE p.successor_id = c.cluster_id AND p.cluster_id <> c.cluster_id), [])
           FROM clusters c WHERE ? IS NULL OR c.region = ?
           ORDER BY c.region, c.body_kind, c.name""",
        [region, region],
    )
    return [{"cluster_id": r[0], "label": r[1], "region": r[2], "body_kind": r[3], "predecessors": list(r[4] or [])}
            for r in rows]


def regions(store: Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT DISTINCT region FROM clusters ORDER BY region")]


def themes(store: Store) -> list[tuple[int, str]]:
    return [(int(n), t) for n, t in store.rows("SELECT theme_no, title FROM catalogue_themes ORDER BY theme_no")]


def items(store: Store, cluster_ids: list[str]) -> list[Item]:
    """The initiatives and decided agenda items (a decision recorded, not procedure) of bodies."""
    if not cluster_ids:
        return []
    found = [
        Item(c, "initiative", i, name, "\n".join(t for t in (description, note) if t))
        for i, c, name, description, note in store.rows(
            """SELECT initiative_id, cluster_id, name, description, note FROM initiatives
               WHERE list_contains(?, cluster_id) ORDER BY cluster_id, name""",
            [cluster_ids],
        )
    ]
    for meeting_id, position, item_no, title, recommendation, decision, cluster_id, date in store.rows(
        """SELECT a.meeting_id, a.position, a.item_no, a.title, a.recommendation, a.decision, m.cluster_id,
                  m.meeting_date
           FROM agenda_items a JOIN meetings m USING (meeting_id)
           WHERE list_contains(?, m.cluster_id) AND nullif(trim(a.decision), '') IS NOT NULL
           ORDER BY m.cluster_id, m.meeting_date, a.position""",
        [cluster_ids],
    ):
        if PROCEDURE.match(title or ""):
            continue
        when = date_text(date) if date is not None else "udateret møde"
        found.append(Item(cluster_id, "agenda_item", f"{meeting_id}#{position}",
                          f"Punkt {item_no}: {title} ({when})",
                          "\n".join(t for t in (recommendation, decision) if t)))
    return found


def _meaningful(text: str) -> str:
    return " ".join(w for w in da.words(text) if da.stem(w) not in GENERIC)


def theme_scores(index: search.SearchIndex, item: Item) -> list[tuple[int, float]]:
    """Per theme, how much the item's words share with the theme and its suggestions (best
    first). The title counts twice."""
    text = _meaningful(f"{item.title} {item.title} {item.text}")
    per_theme: dict[int, list[float]] = {}
    for doc_id, score in index.related(text, kinds=["theme", "idea"], limit=80):
        number = int(doc_id.split("-")[1])  # "tema-N" and "forslag-N-I"
        per_theme.setdefault(number, []).append(score)
    summed = {n: sum(sorted(s, reverse=True)[:TOP_HITS]) for n, s in per_theme.items()}
    return sorted(summed.items(), key=lambda pair: (-pair[1], pair[0]))


def suggest(scores: list[tuple[int, float]], rejected: set[int] = frozenset()) -> int | None:
    """The theme to suggest: the best one not rejected, when it is clear enough."""
    left = [(n, s) for n, s in scores if n not in rejected]
    if not left or left[0][1] < THRESHOLD:
        return None
    if len(left) > 1 and left[0][1] < LEAD * left[1][1]:
        return None
    return left[0][0]


def links(store: Store, cluster_ids: list[str]) -> dict[tuple[str, str], dict[int, str]]:
    """(kind, item_id) → {theme_no: status} for the links users made on these bodies' items."""
    found: dict[tuple[str, str], dict[int, str]] = {}
    for kind, item_id, theme_no, status in store.rows(
        "SELECT kind, item_id, theme_no, status FROM app.theme_links WHERE list_contains(?, cluster_id)",
        [cluster_ids],
    ):
        found.setdefault((kind, item_id), {})[int(theme_no)] = status
    return found


def matrix(store: Store, region: str | None = None, *, suggestions: bool = True) -> dict:
    """{"themes": [(no, title)], "rows": [{"cluster_id", "label", "region", "cells": {theme_no: [entry]}}]}.

    An entry: {"cluster_id" (owner), "kind", "item_id", "name", "status" ("bekræftet" or
    "forslag"), "from" (the predecessor's label, or None)}. Rejected links are left out."""
    shown = bodies(store, region)
    labels = {b["cluster_id"]: b["label"] for b in bodies(store)}
    owners = sorted({c for b in shown for c in (b["cluster_id"], *b["predecessors"])})
    all_items = items(store, owners)
    made = links(store, owners)
    index = search.index_for(store) if suggestions else None
    placed: dict[str, list[tuple[int, dict]]] = {}
    for item in all_items:
        linked = made.get((item.kind, item.item_id), {})
        entry = {"cluster_id": item.cluster_id, "kind": item.kind, "item_id": item.item_id, "name": item.title}
        confirmed = [n for n, s in linked.items() if s == "bekræftet"]
        for number in confirmed:
            placed.setdefault(item.cluster_id, []).append((number, {**entry, "status": "bekræftet"}))
        if confirmed or index is None:
            continue
        rejected = {n for n, s in linked.items() if s == "afvist"}
        number = suggest(theme_scores(index, item), rejected)
        if number is not None:
            placed.setdefault(item.cluster_id, []).append((number, {**entry, "status": "forslag"}))
    rows = []
    for body in shown:
        cells: dict[int, list[dict]] = {n: [] for n, _ in themes(store)}
        for owner in (body["cluster_id"], *body["predecessors"]):
            for number, entry in placed.get(owner, []):
                origin = None if owner == body["cluster_id"] else labels.get(owner, owner)
                cells.setdefault(number, []).append({**entry, "from": origin})
        rows.append({**body, "cells": cells})
    return {"themes": themes(store), "rows": rows}


def set_link(store: Store, cluster_id: str, theme_no: int, kind: str, item_id: str, status: str, *,
             who: str, why: str | None = None, note: str | None = None) -> int | None:
    """Confirm or reject that an item of a body works on a theme (one logged change set)."""
    if kind not in KINDS:
        raise UserDataError(f"Feltet »Slags« skal være en af: {', '.join(KINDS)}.")
    if status not in STATUSES:
        raise UserDataError(f"Feltet »Status« skal være en af: {', '.join(STATUSES)}.")
    if not store.scalar("SELECT count(*) FROM catalogue_themes WHERE theme_no = ?", [int(theme_no)]):
        raise UserDataError(f"Feltet »Tema« kender ikke tema {theme_no}.")
    if not any(i.item_id == item_id and i.kind == kind for i in items(store, [cluster_id])):
        raise UserDataError(f"Feltet »Punkt eller initiativ« kender ikke »{item_id}« hos {cluster_id}.")
    why = (why or "").strip() or f"Tema {theme_no} {status} for {KINDS[kind].lower()} {item_id}"
    key = {"cluster_id": cluster_id, "theme_no": int(theme_no), "kind": kind, "item_id": item_id}
    return userdata.write_rows(store, [("theme_links", key, {"status": status, "note": note})],
                               who=who, why=why, cluster_id=cluster_id)


def cell_text(entries: list[dict], separator: str = "\n") -> str:
    """A cell as plain text, one line per item; suggestions marked "forslag – bekræft"."""
    lines = []
    for entry in entries:
        line = entry["name"]
        if entry.get("from"):
            line += f" (fra {entry['from']})"
        if entry["status"] == "forslag":
            line += f" [{SUGGESTED}]"
        lines.append(line)
    return separator.join(lines)


def to_xlsx(found: dict, *, title: str = "Hvem arbejder med hvad") -> bytes:
    """The matrix as a workbook: a header row (body, region, one column per theme), one row per
    body, the names in the cells as wrapped text. No page setup (any paper size); openpyxl is
    imported only here."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    header = ["Klynge eller sundhedsråd", "Region"] + [f"Tema {n}: {t}" for n, t in found["themes"]]
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row in found["rows"]:
        sheet.append([row["label"], row["region"]] + [cell_text(row["cells"].get(n, [])) for n, _ in found["themes"]])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for column in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 30 if column != 2 else 18
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
