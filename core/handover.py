"""The council's handover note (overdragelsesnotat, issue 9 point 5).

For a council (body_kind sundhedsraad), from its predecessor clusters: their initiatives with
status and money (decided, spent, unspent; an unknown amount is "ikke angivet"), their funds,
open actions, the decisions that bind the council (decided or started initiatives and the
rules the cluster decided) and the lessons the secretariat writes (kept in the store). Every
fact carries its source. Predecessors are the clusters whose successor_id is the council,
plus any the store's own predecessor query names (core.queries.predecessors, when present).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pandas as pd

from core import clock, docx_style, followup, formatting, queries, userdata
from core.decisions import rule_value_text
from core.store import Store

NOT_GIVEN = followup.NOT_GIVEN
BINDING_STATUSES = ("besluttet", "igangsat")


def predecessors(store: Store, council_id: str) -> list[str]:
    """The clusters the council takes over from, by id."""
    found = [r[0] for r in store.rows(
        "SELECT cluster_id FROM clusters WHERE successor_id = ? ORDER BY cluster_id", [council_id])]
    more = getattr(queries, "predecessors", None)
    if callable(more):
        try:
            other = more(store, council_id)
            ids = other["cluster_id"].tolist() if hasattr(other, "columns") else [
                c if isinstance(c, str) else c.get("cluster_id") for c in other]
        except Exception:  # noqa: BLE001 - another helper's query; the successor_id list still stands
            ids = []
        found += [i for i in ids if i and i not in found]
    return found


def _label(store: Store, cluster_id: str) -> str:
    row = store.rows("SELECT name, region FROM clusters WHERE cluster_id = ?", [cluster_id])
    return f"{row[0][0]} ({row[0][1]})" if row else cluster_id


def handover(store: Store, council_id: str, as_of: dt.date | None = None) -> dict:
    """Everything the note says, per predecessor cluster:

    {"council_id", "council_label", "is_council", "as_of", "predecessors": [{"cluster_id", "label",
      "initiatives" (DataFrame: name, status_text, decided/spent/unspent _dkk and _text,
      source), "funds" (list of {year, party, kind, amount_text, source}), "funds_total_text",
      "decided_total_text", "open_actions" (DataFrame), "binding" (list of {text, source})}],
     "lessons" (DataFrame: lesson_id, from_cluster_id, text, entered_by, entered_at)}"""
    as_of = as_of or clock.today()
    kind = store.scalar("SELECT body_kind FROM clusters WHERE cluster_id = ?", [council_id])
    sections = []
    for cluster_id in predecessors(store, council_id):
        money = followup.money(store, cluster_id)
        funds = store.query(
            "SELECT year, party, kind, amount_dkk, source FROM funds WHERE cluster_id = ? ORDER BY year, party, kind",
            [cluster_id],
        )
        granted = funds[funds["kind"] == "tildelt"]
        decided = money[money["status"].isin(("besluttet", "igangsat", "afsluttet"))]
        known = [v for v in decided["decided_dkk"] if v is not None]
        binding = [
            {"text": f"{r.name}: {r.status_text.lower()}, besluttet beløb {r.decided_text}", "source": r.source}
            for r in money.itertuples() if r.status in BINDING_STATUSES
        ]
        rules = store.query(
            "SELECT key, value, source FROM cluster_settings WHERE cluster_id = ? ORDER BY key", [cluster_id])
        for rule in rules.itertuples():
            label, rule_kind = userdata.RULES.get(rule.key, (rule.key, ""))
            binding.append({"text": f"Regel: {label} = {rule_value_text(rule_kind, rule.value)}", "source": rule.source})
        sections.append({
            "cluster_id": cluster_id,
            "label": _label(store, cluster_id),
            "initiatives": money,
            "funds": [
                {"year": int(f.year), "party": f.party, "kind": f.kind, "amount_text": formatting.dkk(int(f.amount_dkk)),
                 "source": f.source}
                for f in funds.itertuples()
            ],
            "funds_total_text": formatting.dkk(int(granted["amount_dkk"].sum())) if not granted.empty else NOT_GIVEN,
            "decided_total_text": (formatting.dkk(sum(known)) if known else NOT_GIVEN)
            + (" (for nogle initiativer er beløbet ikke angivet)" if len(known) < len(decided) and known else ""),
            "open_actions": followup.actions(store, cluster_id, as_of).query("status == 'aaben'").reset_index(drop=True),
            "binding": binding,
        })
    return {
        "council_id": council_id,
        "council_label": _label(store, council_id),
        "is_council": kind == "sundhedsraad",
        "as_of": as_of,
        "predecessors": sections,
        "lessons": lessons(store, council_id),
    }


def lessons(store: Store, council_id: str) -> pd.DataFrame:
    return store.query(
        """SELECT lesson_id, from_cluster_id, text, source, entered_by, entered_at
           FROM app.handover_lessons WHERE cluster_id = ? ORDER BY entered_at""",
        [council_id],
    )


def add_lesson(store: Store, council_id: str, text: str, *, who: str, from_cluster_id: str | None = None,
               source: str | None = None) -> int | None:
    """Keep a lesson (free text) for the council's handover note."""
    userdata._body(store, council_id)
    who = userdata._text("Indtastet af", who, required=True)
    text = userdata._text("Erfaring", text, required=True, limit=userdata.MAX_NOTE)
    if from_cluster_id:
        userdata._body(store, from_cluster_id)
    values = {"cluster_id": council_id, "from_cluster_id": from_cluster_id or None, "text": text,
              "source": userdata._text("Kilde", source, limit=userdata.MAX_NOTE) or f"Indtastet af {who}"}
    return userdata.write(store, [("handover_lessons", {"lesson_id": f"erfaring-{uuid.uuid4().hex[:12]}"}, values)],
                          who=who, why="Erfaring til overdragelsesnotat", cluster_id=council_id)


def _value(value: Any) -> str:
    return NOT_GIVEN if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def handover_docx(note: dict) -> bytes:
    """The handover note: A4, Danish, core properties; per predecessor its initiatives and money,
    funds, open actions and binding decisions, then the lessons; every fact with its source."""
    title = f"Overdragelsesnotat til {note['council_label']}"
    document = docx_style.new_document(title=title, subject=note["council_label"],
                                       comments="Overdragelsesnotat, dannet af Klyngeblik")
    document.add_heading(title, level=1)
    document.add_paragraph(f"Udkast fra Klyngeblik, {formatting.date(note['as_of'])}").runs[0].italic = True
    names = [p["label"] for p in note["predecessors"]]
    document.add_paragraph(
        "Notatet samler, hvad de tidligere sundhedsklynger har besluttet og sat i gang, så rådet kan "
        "videreføre det. " + (f"Forgængere: {', '.join(names)}." if names
                              else "Der er ikke registreret nogen forgængere for rådet."))
    for section in note["predecessors"]:
        document.add_heading(section["label"], level=2)
        document.add_heading("Initiativer og økonomi", level=3)
        frame = section["initiatives"]
        if frame.empty:
            document.add_paragraph("Ingen initiativer registreret.")
        else:
            followup.money_table(document, frame)
            paragraph = document.add_paragraph(f"Besluttet i alt: {section['decided_total_text']}.")
            docx_style.after_table(paragraph)
            for r in frame.itertuples():
                sources = "; ".join(s for s in (r.source, r.money_source) if isinstance(s, str))
                document.add_paragraph(f"{r.name}: kilde {sources}", style="List Bullet")
        document.add_heading("Klyngemidler", level=3)
        if not section["funds"]:
            document.add_paragraph(f"Klyngemidler: {NOT_GIVEN}.")
        for fund in section["funds"]:
            document.add_paragraph(
                f"{fund['year']}, {userdata.PARTIES.get(fund['party'], fund['party'])} ({fund['kind']}): "
                f"{fund['amount_text']}. Kilde: {fund['source']}", style="List Bullet")
        document.add_paragraph(f"Tildelt i alt: {section['funds_total_text']}.")
        document.add_heading("Åbne handlinger", level=3)
        if section["open_actions"].empty:
            document.add_paragraph("Ingen åbne handlinger registreret.")
        for a in section["open_actions"].itertuples():
            document.add_paragraph(
                f"{a.text} – ansvarlig: {_value(a.responsible if isinstance(a.responsible, str) else None)}, "
                f"frist: {a.deadline_shown} ({a.status_text.lower()}). Kilde: {a.source}", style="List Bullet")
        document.add_heading("Beslutninger, der binder rådet", level=3)
        if not section["binding"]:
            document.add_paragraph("Ingen registreret.")
        for fact in section["binding"]:
            document.add_paragraph(f"{fact['text']}. Kilde: {fact['source']}", style="List Bullet")
    document.add_heading("Erfaringer", level=2)
    if note["lessons"].empty:
        document.add_paragraph("Ingen erfaringer skrevet endnu.")
    for lesson in note["lessons"].itertuples():
        document.add_paragraph(
            f"{lesson.text} (indtastet af {lesson.entered_by}, {formatting.date(lesson.entered_at)})",
            style="List Bullet")
    return docx_style.to_bytes(document)
