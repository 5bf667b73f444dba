"""Balance between focus areas over years and across bodies (Fokusområder): per focus area
and year what is decided against target and cap, and for the bodies of one region each
body's split of its decided budget between its focus areas."""

from __future__ import annotations

import pandas as pd

from core import formatting
from core.overview import BUDGET_KINDS, shown, target_text
from core.schema import DECIDED_STATUSES
from core.store import Store

NO_FOCUS = "Uden fokusområde"


def by_year(store: Store, cluster_id: str) -> pd.DataFrame:
    """focus area × year: decided budget, target in kr. (share × that year's decided funds), cap."""
    return store.query(
        """WITH years AS (
               SELECT year, sum(amount_dkk) AS funds_dkk FROM funds
               WHERE cluster_id = $c AND kind = 'tildelt' GROUP BY year
               UNION
               SELECT DISTINCT c.year, NULL FROM initiative_costs c JOIN initiatives i USING (initiative_id)
               WHERE i.cluster_id = $c
           ),
           year_funds AS (SELECT year, max(funds_dkk) AS funds_dkk FROM years GROUP BY year),
           decided AS (
               SELECT i.focus_area_id, c.year, sum(c.amount_dkk) AS decided_dkk
               FROM initiatives i JOIN initiative_costs c USING (initiative_id)
               WHERE i.cluster_id = $c AND list_contains($decided, i.status) AND list_contains($kinds, c.kind)
               GROUP BY ALL
           )
           SELECT f.focus_area_id, f.name, y.year, y.funds_dkk, f.target_share, f.cap_dkk,
                  round(f.target_share * y.funds_dkk) AS target_dkk,
                  coalesce(d.decided_dkk, 0) AS decided_dkk
           FROM focus_areas f CROSS JOIN year_funds y
           LEFT JOIN decided d ON d.focus_area_id = f.focus_area_id AND d.year = y.year
           WHERE f.cluster_id = $c
           ORDER BY f.name, y.year""",
        {"c": cluster_id, "decided": list(DECIDED_STATUSES), "kinds": list(BUDGET_KINDS)},
    )


def by_year_table(frame: pd.DataFrame) -> pd.DataFrame:
    def against(decided, target_share, target, cap) -> str:
        """Every comparison the body's decisions allow, named; a dash said neither "no target
        or cap" nor "within the cap"."""
        notes = []
        if not pd.isna(cap):
            notes.append("over loftet" if decided > cap else "inden for loftet")
        if not pd.isna(target) and target > 0:
            notes.append(f"{formatting.pct(decided / target, 0)} af målet")
        elif not pd.isna(target_share):
            notes.append("målet i kr. er ikke angivet")
        return "; ".join(notes) or "intet mål eller loft"

    return pd.DataFrame({
        "Fokusområde": frame["name"],
        "År": frame["year"].astype(str),
        "Besluttet": frame["decided_dkk"].map(formatting.dkk),
        "Mål i kr.": [target_text(share, dkk) for share, dkk in zip(frame["target_share"], frame["target_dkk"])],
        "Loft": [shown(formatting.dkk, v, empty="intet") for v in frame["cap_dkk"]],
        "Besluttet i forhold til mål og loft": [
            against(d, s, t, c) for d, s, t, c in
            zip(frame["decided_dkk"], frame["target_share"], frame["target_dkk"], frame["cap_dkk"])],
    })


def region_split(store: Store, region: str) -> pd.DataFrame:
    """For every body in the region: decided budget per focus area and its share of the body's total."""
    return store.query(
        """WITH decided AS (
               SELECT i.cluster_id, i.focus_area_id, sum(c.amount_dkk) AS decided_dkk
               FROM initiatives i JOIN initiative_costs c USING (initiative_id)
               WHERE list_contains($decided, i.status) AND list_contains($kinds, c.kind)
               GROUP BY ALL
           )
           SELECT b.cluster_id, b.name || CASE WHEN b.body_kind = 'sundhedsraad' THEN ' (råd)' ELSE '' END AS body,
                  coalesce(f.name, $none) AS focus_area, d.decided_dkk,
                  d.decided_dkk / sum(d.decided_dkk) OVER (PARTITION BY b.cluster_id) AS share
           FROM clusters b JOIN decided d USING (cluster_id)
           LEFT JOIN focus_areas f ON f.cluster_id = d.cluster_id AND f.focus_area_id = d.focus_area_id
           WHERE b.region = $region AND d.decided_dkk > 0
           ORDER BY body, focus_area""",
        {"region": region, "decided": list(DECIDED_STATUSES), "kinds": list(BUDGET_KINDS), "none": NO_FOCUS},
    )


def region_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Klynge eller råd": frame["body"],
        "Fokusområde": frame["focus_area"],
        "Besluttet": frame["decided_dkk"].map(formatting.dkk),
        "Andel": frame["share"].map(lambda v: formatting.pct(v, 0)),
    })
