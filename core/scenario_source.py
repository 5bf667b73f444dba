"""Build a `klyngeblik-scenario/1` document from what the store holds for a cluster.

The document is self-contained (funds, rules, populations, focus areas and initiatives are
copied in), so a saved proposal evaluates the same after the store changes.
"""

from __future__ import annotations

import pandas as pd

from core import queries
from core import scenario
from core.scenario import FORMAT
from core.schema import DECIDED_STATUSES
from core.store import Store


# The store's cluster_settings keys → the scenario's settings keys and how to read the value.
# A key the body has not decided stays null in the document: no value is ever assumed here.
STORE_SETTINGS = {
    "region_share": ("region_share", float),
    "pool_dkk": ("pool_dkk", int),
    "carry_over": ("carry_over", lambda v: v.strip().lower() == "true"),
    "balance_tolerance": ("balance_tolerance", float),
    "regional_pool_on_unused": ("unused_to_regional_pool", lambda v: v.strip().lower() == "true"),
    "no_running_costs": ("no_running_costs", lambda v: v.strip().lower() == "true"),
}


def settings_for(store: Store, cluster_id: str) -> dict:
    """The cluster's decided rules as scenario settings; null for every rule it has not decided."""
    raw = queries.settings(store, cluster_id)
    settings = {key: None for key in scenario.SETTINGS}
    for store_key, (key, read) in STORE_SETTINGS.items():
        if store_key in raw:
            settings[key] = read(raw[store_key])
    return settings


def _decided(row: dict) -> dict | None:
    """Where the line was decided (initiatives.decided_meeting_id), for lines[].decided."""
    if row.get("decided_meeting_id") is None or pd.isna(row["decided_meeting_id"]):
        return None
    date = row.get("meeting_date")
    return {
        "meeting_id": row["decided_meeting_id"],
        "meeting_date": None if date is None or pd.isna(date) else pd.Timestamp(date).date().isoformat(),
        "meeting_title": None if row.get("meeting_title") is None or pd.isna(row["meeting_title"]) else row["meeting_title"],
    }


def _lines(store: Store, cluster_id: str, decided_only: bool) -> list[dict]:
    """One line per initiative: budget (else estimate) per year, recipients summed."""
    statuses = DECIDED_STATUSES if decided_only else DECIDED_STATUSES + ("forslag",)
    initiatives = store.query(
        """SELECT i.initiative_id, i.name, i.focus_area_id, i.cost_type, i.status, i.decided_meeting_id,
                  m.meeting_date, m.title AS meeting_title
           FROM initiatives i LEFT JOIN meetings m ON m.meeting_id = i.decided_meeting_id
           WHERE i.cluster_id = ? AND list_contains(?, i.status)
           ORDER BY i.initiative_id""",
        [cluster_id, list(statuses)],
    )
    costs = store.query(
        """SELECT initiative_id, year, amount_dkk FROM initiative_costs
           WHERE kind IN ('budget', 'estimate')
           QUALIFY row_number() OVER (PARTITION BY initiative_id, year ORDER BY kind = 'budget' DESC) = 1
           ORDER BY year"""
    )
    recipients = store.query(
        """SELECT initiative_id, municipality, sum(amount_dkk)::BIGINT AS amount_dkk
           FROM initiative_recipients GROUP BY ALL ORDER BY municipality"""
    )
    lines = []
    for item in initiatives.to_dict("records"):
        own_costs = costs[costs["initiative_id"] == item["initiative_id"]]
        own_recipients = recipients[recipients["initiative_id"] == item["initiative_id"]]
        lines.append(
            {
                "id": item["initiative_id"],
                "name": item["name"],
                "focus_area": item["focus_area_id"],
                "cost_type": item["cost_type"],
                "costs": [{"year": int(y), "amount_dkk": int(a)} for y, a in own_costs[["year", "amount_dkk"]].values],
                "scale": 1.0,
                "included": item["status"] in DECIDED_STATUSES,
                "recipients": [
                    {"municipality": m, "amount_dkk": int(a)}
                    for m, a in own_recipients[["municipality", "amount_dkk"]].values
                ],
                "status": item["status"],
            }
        )
        decided = _decided(item)
        if decided is not None:
            lines[-1]["decided"] = decided
    return lines


def from_store(store: Store, cluster_id: str, *, decided_only: bool = True, name: str | None = None) -> dict:
    """The cluster's stored funds, rules, municipalities, focus areas and initiatives.

    decided_only: only decided initiatives (the CLI's --from-store); otherwise proposals
    are included as lines that start switched off."""
    cluster = queries.clusters(store)
    match = cluster[cluster["cluster_id"] == cluster_id]
    if match.empty:
        from core.scenario import ScenarioError

        raise ScenarioError(f'klyngen "{cluster_id}" findes ikke i databasen')
    funds = queries.funds(store, cluster_id)
    funds = funds[funds["kind"] == "tildelt"]
    municipalities = queries.municipalities(store, cluster_id)
    with_population = municipalities[municipalities["population"].notna()]
    focus_areas = queries.focus_areas(store, cluster_id)
    return {
        "format": FORMAT,
        "name": name or f"Besluttet – {match.iloc[0]['label']}",
        "cluster_id": cluster_id,
        "funds": [
            {"year": int(r.year), "party": r.party, "amount_dkk": int(r.amount_dkk)}
            for r in funds.itertuples()
        ],
        "settings": settings_for(store, cluster_id),
        "municipalities": [
            {"name": r.municipality, "population": int(r.population)} for r in with_population.itertuples()
        ],
        "focus_areas": [
            {
                "id": r.focus_area_id,
                "name": r.name,
                "target_share": None if pd.isna(r.target_share) else float(r.target_share),
                "cap_dkk": None if pd.isna(r.cap_dkk) else int(r.cap_dkk),
            }
            for r in focus_areas.itertuples()
        ],
        "lines": _lines(store, cluster_id, decided_only),
    }


def editable(store: Store, cluster_id: str) -> dict:
    """The starting point of the scenario page: decided initiatives on, proposals off."""
    return from_store(store, cluster_id, decided_only=False, name="Nyt forslag")
