"""Read functions over the public views, shared by pages and the CLI.

Each takes the Store first and returns a pandas DataFrame (or plain data), so the UI can
cache it with `ui.state.read(fn, *args)`. Parameterised SQL only.
"""

from __future__ import annotations

from core.deferred import pandas as pd

from core.store import Store


# The regions from 2027 in the order the councils' list gives them (east to south-west).
REGION_ORDER = ("Region Østdanmark", "Region Nordjylland", "Region Midtjylland", "Region Syddanmark")


# Councils first, then the clusters, each by region (councils in the order of REGION_ORDER)
# and name; `label` names the region (two "Nord"s), `group` is the sidebar's "Region
# Østdanmark › ", `has_predecessors` says some cluster continues into it (it has a history).
_CLUSTERS_SQL = """SELECT *, name || ' (' || region || ')' AS label,
          region || ' › ' AS "group",
          EXISTS (SELECT 1 FROM clusters p WHERE p.successor_id = c.cluster_id) AS has_predecessors
   FROM clusters c
   ORDER BY body_kind = 'sundhedsklynge',
            coalesce(list_position($regions, region), 99), region, name"""


def clusters(store: Store) -> pd.DataFrame:
    """All clusters and councils (see _CLUSTERS_SQL for the order and the derived columns)."""
    return store.query(_CLUSTERS_SQL, {"regions": list(REGION_ORDER)})


def cluster_records(store: Store) -> list[dict]:
    """`clusters` as plain records, read without pandas: every page's first read."""
    return store.records(_CLUSTERS_SQL, {"regions": list(REGION_ORDER)})


def predecessors(store: Store, cluster_id: str) -> pd.DataFrame:
    """The clusters a council continues (their successor_id names it), with their label:
    the council's history. Empty for a cluster or a council without predecessors."""
    return store.query(
        """SELECT cluster_id, name, region, name || ' (' || region || ')' AS label
           FROM clusters WHERE successor_id = ? ORDER BY region, name""",
        [cluster_id],
    )


def municipalities(store: Store, cluster_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT * FROM municipalities WHERE cluster_id = ? ORDER BY municipality", [cluster_id]
    )


def municipalities_without_population(store: Store, cluster_id: str) -> list[str]:
    """The body's municipalities whose population the sources do not give: a scenario built
    from the store leaves them out of the split by population (principle A)."""
    frame = store.query(
        "SELECT municipality FROM municipalities WHERE cluster_id = ? AND population IS NULL ORDER BY municipality",
        [cluster_id],
    )
    return frame["municipality"].tolist()


def funds(store: Store, cluster_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT * FROM funds WHERE cluster_id = ? ORDER BY year, party", [cluster_id]
    )


def focus_areas(store: Store, cluster_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT * FROM focus_areas WHERE cluster_id = ? ORDER BY focus_area_id", [cluster_id]
    )


def settings(store: Store, cluster_id: str) -> dict[str, str]:
    """The cluster's rule settings as key → raw text value."""
    return dict(store.rows("SELECT key, value FROM cluster_settings WHERE cluster_id = ?", [cluster_id]))


def settings_table(store: Store, cluster_id: str) -> pd.DataFrame:
    return store.query("SELECT * FROM cluster_settings WHERE cluster_id = ? ORDER BY key", [cluster_id])


def principles(store: Store, cluster_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT * FROM principles WHERE cluster_id = ? ORDER BY principle", [cluster_id]
    )


def initiatives(store: Store, cluster_id: str) -> pd.DataFrame:
    """Initiatives with their budget total, focus-area name and deciding meeting's date."""
    return store.query(
        """SELECT i.*, f.name AS focus_area_name, m.meeting_date AS decided_date,
                  (SELECT sum(amount_dkk) FROM initiative_costs c
                    WHERE c.initiative_id = i.initiative_id AND c.kind IN ('budget', 'estimate'))
                    AS budget_dkk,
                  (SELECT sum(amount_dkk) FROM initiative_costs c
                    WHERE c.initiative_id = i.initiative_id AND c.kind = 'actual') AS actual_dkk
           FROM initiatives i
           LEFT JOIN focus_areas f ON f.cluster_id = i.cluster_id AND f.focus_area_id = i.focus_area_id
           LEFT JOIN meetings m ON m.meeting_id = i.decided_meeting_id
           WHERE i.cluster_id = ?
           ORDER BY i.status, i.name""",
        [cluster_id],
    )


def meetings(store: Store, cluster_id: str) -> pd.DataFrame:
    """The cluster's meetings, newest first (undated last), with item counts."""
    return store.query(
        """SELECT m.*, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.meeting_id) AS items
           FROM meetings m WHERE m.cluster_id = ?
           ORDER BY m.meeting_date DESC NULLS LAST, m.meeting_id""",
        [cluster_id],
    )


def counts(store: Store, cluster_id: str) -> dict[str, int]:
    """How much the store holds for a cluster: for the overview and "no data" messages."""
    row = store.rows(
        """SELECT
             (SELECT count(*) FROM municipalities WHERE cluster_id = $c),
             (SELECT count(*) FROM funds WHERE cluster_id = $c),
             (SELECT count(*) FROM focus_areas WHERE cluster_id = $c),
             (SELECT count(*) FROM initiatives WHERE cluster_id = $c),
             (SELECT count(*) FROM meetings WHERE cluster_id = $c),
             (SELECT count(*) FROM indicators WHERE cluster_id = $c)""",
        {"c": cluster_id},
    )[0]
    keys = ("municipalities", "funds", "focus_areas", "initiatives", "meetings", "indicators")
    return dict(zip(keys, row))
