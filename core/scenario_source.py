"""Build a `klyngeblik-scenario/1` document from what the store holds for a cluster.

The document is self-contained (funds, rules, populations, focus areas and initiatives are
copied in), so a saved proposal evaluates the same after the store changes.
"""

from __future__ import annotations

import pandas as pd

from core import queries
from core.scenario import FORMAT
from core.schema import DECIDED_STATUSES
from core.store import Store


# Used when a cluster has no rule of its own; shown on the page as Klyngeblik's defaults.
DEFAULT_SETTINGS = {"carry_over": False, "pool_dkk": 0, "region_share": 0.5, "balance_tolerance": 0.10}


def settings_for(store: Store, cluster_id: str) -> dict:
    """The cluster's rule settings as scenario settings (defaults where it has none)."""
    raw = queries.settings(store, cluster_id)
    settings = dict(DEFAULT_SETTINGS)
    if "carry_over" in raw:
        settings["carry_over"] = raw["carry_over"].strip().lower() == "true"
    if "pool_dkk" in raw:
        settings["pool_dkk"] = int(raw["pool_dkk"])
    if "region_share" in raw:
        settings["region_share"] = float(raw["region_share"])
    return settings


def _lines(store: Store, cluster_id: str, decided_only: bool) -> list[dict]:
    """One line per initiative: budget (else estimate) per year, recipients summed."""
    statuses = DECIDED_STATUSES if decided_only else DECIDED_STATUSES + ("forslag",)
    initiatives = store.query(
        """SELECT i.initiative_id, i.name, i.focus_area_id, i.cost_type, i.status,
                  m.meeting_id, strftime(m.meeting_date, '%Y-%m-%d') AS meeting_date, m.title AS meeting_title
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
        if item["meeting_id"] is not None and not pd.isna(item["meeting_id"]):
            lines[-1]["decided"] = {  # the meeting that decided it: the decision note lists it as decided
                "meeting_id": item["meeting_id"],
                "meeting_date": None if pd.isna(item["meeting_date"]) else item["meeting_date"],
                "meeting_title": None if pd.isna(item["meeting_title"]) else item["meeting_title"],
            }
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
            }
            for r in focus_areas.itertuples()
        ],
        "lines": _lines(store, cluster_id, decided_only),
    }


def editable(store: Store, cluster_id: str) -> dict:
    """The starting point of the scenario page: decided initiatives on, proposals off."""
    return from_store(store, cluster_id, decided_only=False, name="Nyt forslag")
