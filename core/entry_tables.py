"""Reads and Danish display tables for the Data og regler page: what a body holds (curated
and entered, marked), the change log grouped per change set, and an entered row to edit.

Read functions take the Store first (cacheable through `ui.state.read`); `*_table` functions
are pure.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from core import formatting, queries
from core.changelog import load
from core.overview import PARTY_LABELS, STATUS_LABELS, shown
from core.store import Store
from core.usertables import BY_NAME
from core.userdata import RULES

ORIGIN_LABELS = {"kurateret": "Kurateret", "bruger": "Indtastet"}
ACTION_LABELS = {"opret": "Oprettet", "ret": "Rettet", "slet": "Slettet"}
FIELD_LABELS = {
    "amount_dkk": "beløb", "decision": "beslutning", "note": "note", "source": "kilde", "value": "værdi",
    "name": "navn", "target_share": "målandel", "cap_dkk": "loft", "cluster_id": "klynge/råd",
    "focus_area_id": "fokusområde", "status": "status", "cost_type": "udgiftstype", "responsible": "ansvarlig",
    "start_date": "start", "end_date": "slut", "description": "beskrivelse", "population": "folketal",
    "population_year": "år", "population_as_of": "opgjort pr.", "geography": "geografi", "period": "periode",
    "value_low": "laveste", "value_high": "højeste", "unit": "enhed",
}


def origin(value: Any) -> str:
    return ORIGIN_LABELS.get(value, "Kurateret")


def funds_table(funds: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "År": funds["year"].astype(str),
        "Part": funds["party"].map(PARTY_LABELS),
        "Art": funds["kind"],
        "Beløb": [shown(formatting.dkk, v, empty=formatting.NOT_GIVEN) for v in funds["amount_dkk"]],
        "Beslutning": [shown(str, v) for v in funds["decision"]],
        "Oprindelse": funds["origin"].map(origin),
        "Kilde": funds["source"],
    })


def rules_table(settings: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Regel": [RULES.get(k, (k,))[0] for k in settings["key"]],
        "Værdi": [rule_shown(k, v) for k, v in zip(settings["key"], settings["value"])],
        "Oprindelse": settings["origin"].map(origin),
        "Kilde": settings["source"],
    })


def rule_shown(key: str, value: str) -> str:
    kind = RULES.get(key, ("", ""))[1]
    if kind == "share":
        return formatting.pct(float(value))
    if kind == "dkk":
        return formatting.dkk(int(float(value)))
    if kind == "bool":
        return "ja" if str(value).lower() == "true" else "nej"
    return str(value)


def focus_table(focus: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Id": focus["focus_area_id"],
        "Fokusområde": focus["name"],
        "Målandel": [shown(formatting.pct, v) for v in focus["target_share"]],
        "Loft": [shown(formatting.dkk, v) for v in focus["cap_dkk"]],
        "Oprindelse": focus["origin"].map(origin),
        "Kilde": focus["source"],
    })


def initiative_costs(store: Store, cluster_id: str) -> pd.DataFrame:
    """Budget (else estimate) per initiative and year, for the body's initiatives."""
    return store.query(
        """SELECT c.initiative_id, c.year, c.amount_dkk, c.origin FROM initiative_costs c
           JOIN initiatives i USING (initiative_id)
           WHERE i.cluster_id = ? AND c.kind IN ('budget', 'estimate')
           QUALIFY row_number() OVER (PARTITION BY c.initiative_id, c.year ORDER BY c.kind = 'budget' DESC) = 1
           ORDER BY c.initiative_id, c.year""",
        [cluster_id],
    )


def initiatives_table(initiatives: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    def per_year(initiative_id: str) -> str:
        own = costs[costs["initiative_id"] == initiative_id]
        return "; ".join(f"{y}: {formatting.dkk(a)}" for y, a in zip(own["year"], own["amount_dkk"])) or "–"

    return pd.DataFrame({
        "Initiativ": initiatives["name"],
        "Fokusområde": [shown(str, v) for v in initiatives["focus_area_id"]],
        "Status": initiatives["status"].map(STATUS_LABELS),
        "Udgiftstype": initiatives["cost_type"],
        "Udgifter pr. år": [per_year(i) for i in initiatives["initiative_id"]],
        "Ansvarlig": [shown(str, v) for v in initiatives["responsible"]],
        "Periode": [period(s, e) for s, e in zip(initiatives["start_date"], initiatives["end_date"])],
        "Oprindelse": initiatives["origin"].map(origin),
        "Kilde": initiatives["source"],
    })


def period(start: Any, end: Any) -> str:
    if shown(str, start) == "–" and shown(str, end) == "–":
        return "–"
    return f"{shown(formatting.date, start, empty='?')} – {shown(formatting.date, end, empty='?')}"


def populations_table(municipalities: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Kommune": municipalities["municipality"],
        "Folketal": [shown(formatting.number, v, empty=formatting.NOT_GIVEN) for v in municipalities["population"]],
        "Opgjort pr.": [shown(formatting.date, a, empty=shown(str, y)) for a, y in
                        zip(municipalities["population_as_of"], municipalities["population_year"])],
        "Oprindelse": municipalities["origin"].map(origin),
        "Kilde": municipalities["source"],
    })


def initiative_entry(store: Store, initiative_id: str) -> dict:
    """One initiative as the form's starting values, with its budget per year."""
    found = store.query("SELECT * FROM initiatives WHERE initiative_id = ?", [initiative_id])
    if found.empty:
        return {}
    row = {k: (None if not isinstance(v, (list, str)) and pd.isna(v) else v) for k, v in found.iloc[0].items()}
    row["costs"] = dict(store.rows(
        """SELECT year, amount_dkk FROM initiative_costs WHERE initiative_id = ? AND kind IN ('budget', 'estimate')
           QUALIFY row_number() OVER (PARTITION BY year ORDER BY kind = 'budget' DESC) = 1 ORDER BY year""",
        [initiative_id],
    ))
    return row


def body_options(store: Store, cluster_id: str) -> dict[str, Any]:
    """What the forms offer for a body: its focus areas and municipalities."""
    return {
        "focus_areas": dict(store.rows(
            "SELECT focus_area_id, name FROM focus_areas WHERE cluster_id = ? ORDER BY name", [cluster_id])),
        "municipalities": [r[0] for r in store.rows(
            "SELECT municipality FROM municipalities WHERE cluster_id = ? ORDER BY municipality", [cluster_id])],
        "initiatives": dict(store.rows(
            "SELECT initiative_id, name FROM initiatives WHERE cluster_id = ? ORDER BY name", [cluster_id])),
        "rules": queries.settings(store, cluster_id),
    }


def _value(text: str | None) -> str:
    value = load(text)
    if value is None:
        return "(tom)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)):
        return formatting.number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def change_sets(log: pd.DataFrame) -> list[dict]:
    """The change log grouped per change set (newest first), each with a Danish summary."""
    sets = []
    for change_set, rows in log.groupby("change_set", sort=False):
        first = rows.iloc[-1]
        what = []
        for (table, key), fields in rows.iloc[::-1].groupby(["table_name", "row_key"], sort=False):
            label = BY_NAME[table].label if table in BY_NAME else table
            key_text = ", ".join(str(v) for v in json.loads(key).values())
            changes = "; ".join(
                f"{FIELD_LABELS.get(f.field, f.field)}: {_value(f.old_value)} → {_value(f.new_value)}"
                for f in fields.itertuples()
            )
            what.append(f"{ACTION_LABELS.get(fields.iloc[0]['action'], '')} {label} ({key_text}): {changes}")
        undone = rows["undone_by"].dropna()
        sets.append({
            "change_set": int(change_set),
            "at": formatting.datetime(first["changed_at"]),
            "who": first["who"],
            "why": first["why"],
            "what": what,
            "undone_by": int(undone.iloc[0]) if len(undone) else None,
        })
    return sets
