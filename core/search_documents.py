"""What the search indexes: one `SearchDocument` per theme, idea, agenda item, initiative,
indicator and source text, read from the store's public views (curated and user data alike),
each with the app link that opens its exact place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from core.deferred import pandas as pd

from core.meetings import date_text
from core.search_kinds import KINDS  # noqa: F401 - re-exported for the search
from core.store import Store

YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class SearchDocument:
    kind: str
    id: str
    title: str
    text: str
    body_id: str | None
    year: int | None
    link: str


def _link(page: str, **params: object) -> str:
    shown = {k: v for k, v in params.items() if v is not None and v != ""}
    return f"/{page}?{urlencode(shown)}" if shown else f"/{page}"


def _text(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        if part is None or (isinstance(part, float) and pd.isna(part)):
            continue
        if isinstance(part, (list, tuple)) or hasattr(part, "tolist"):
            out.extend(str(p) for p in list(part) if p)
        elif str(part).strip():
            out.append(str(part))
    return "\n".join(out)


def _year(value: object) -> int | None:
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, (int, float)) and not pd.isna(value):
        return int(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    found = YEAR.search(str(value))
    return int(found.group(0)) if found else None


def _none(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def themes(store: Store) -> list[SearchDocument]:
    rows = store.query("SELECT theme_no, title, challenge, national_figures, data_to_follow FROM catalogue_themes")
    return [
        SearchDocument("theme", f"tema-{r.theme_no}", f"Tema {r.theme_no}: {r.title}",
                       _text(r.title, r.challenge, r.national_figures, r.data_to_follow), None, None,
                       _link("idekatalog", tema=r.theme_no))
        for r in rows.itertuples()
    ]


def ideas(store: Store) -> list[SearchDocument]:
    rows = store.query(
        """SELECT i.theme_no, i.idea_no, i.text, t.title AS theme_title
           FROM catalogue_ideas i JOIN catalogue_themes t USING (theme_no) ORDER BY ALL"""
    )
    return [
        SearchDocument("idea", f"forslag-{r.theme_no}-{r.idea_no}",
                       f"Forslag {r.idea_no} (tema {r.theme_no}: {r.theme_title})", _text(r.text), None, None,
                       _link("idekatalog", tema=r.theme_no, forslag=r.idea_no))
        for r in rows.itertuples()
    ]


def agenda_items(store: Store) -> list[SearchDocument]:
    rows = store.query(
        """SELECT a.meeting_id, a.position, a.item_no, a.title, a.recommendation, a.decision, a.body,
                  m.cluster_id, m.meeting_date, m.title AS meeting_title, m.date_note
           FROM agenda_items a JOIN meetings m USING (meeting_id) ORDER BY a.meeting_id, a.position"""
    )
    return [
        SearchDocument("agenda_item", f"{r.meeting_id}#{r.position}",
                       f"{date_text(r.meeting_date)} · Punkt {r.item_no}: {r.title}",
                       _text(r.title, r.recommendation, r.decision, r.body), r.cluster_id,
                       _year(r.meeting_date) or _year(r.date_note) or _year(r.meeting_id),
                       _link("moeder", klynge=r.cluster_id, moede=r.meeting_id, punkt=r.item_no))
        for r in rows.itertuples()
    ]


def initiatives(store: Store) -> list[SearchDocument]:
    rows = store.query(
        """SELECT i.initiative_id, i.cluster_id, i.name, i.description, i.note, i.status,
                  (SELECT min(year) FROM initiative_costs c WHERE c.initiative_id = i.initiative_id) AS year
           FROM initiatives i ORDER BY i.initiative_id"""
    )
    return [
        SearchDocument("initiative", r.initiative_id, r.name, _text(r.name, r.description, r.note),
                       r.cluster_id, _year(r.year),
                       _link("budgetscenarier", klynge=r.cluster_id, visning="initiativer", initiativ=r.initiative_id))
        for r in rows.itertuples()
    ]


def indicators(store: Store) -> list[SearchDocument]:
    rows = store.query(
        "SELECT indicator_id, name, geography, period, unit, note, cluster_id FROM indicators ORDER BY indicator_id"
    )
    return [
        SearchDocument("indicator", r.indicator_id, r.name,
                       _text(r.name, f"{r.geography}, {r.period} ({r.unit})", r.note), _none(r.cluster_id),
                       _year(r.period),
                       _link("indikatorer", klynge=_none(r.cluster_id), indikator=r.indicator_id))
        for r in rows.itertuples()
    ]


def sources(source_texts: dict[str, str]) -> list[SearchDocument]:
    documents = []
    for name, text in source_texts.items():
        first = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), name)
        documents.append(SearchDocument("source", name, f"{name}: {first[:120]}", text, None, None,
                                        _link("datagrundlag", kilde=name)))
    return documents


def all_documents(store: Store, source_texts: dict[str, str]) -> list[SearchDocument]:
    return [
        *themes(store), *ideas(store), *agenda_items(store), *initiatives(store), *indicators(store),
        *sources(source_texts),
    ]
