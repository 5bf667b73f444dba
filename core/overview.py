"""Reads and display tables for a cluster's overview (Overblik) and its focus areas
(Fokusområder): key figures, funds, municipalities' population shares, initiatives,
rule settings and budgets per focus area against the target.

Read functions take the Store first (cacheable through `ui.state.read`); the `*_table`
and `*_frame` functions are pure: they turn a read's frame into Danish display rows or a
chart's long format.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from typing import Any

from core.deferred import pandas as pd

from core import formatting, freshness, queries
from core.schema import DECIDED_STATUSES
from core.store import Store

BUDGET_KINDS = ("budget", "estimate")
BODY_KINDS = {"sundhedsklynge": "Sundhedsklynge (2022–2025)", "sundhedsraad": "Sundhedsråd"}
PARTY_LABELS = {"kommuner": "Kommunerne", "region": "Regionen"}
STATUS_LABELS = {
    "forslag": "Forslag",
    "besluttet": "Besluttet",
    "afvist": "Afvist",
    "igangsat": "Igangsat",
    "afsluttet": "Afsluttet",
}
NO_FOCUS_AREA = "Uden fokusområde"


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA (a list or array is never missing)."""
    if value is None:
        return True
    if pd.api.types.is_list_like(value):
        return False
    return bool(pd.isna(value))


def shown(fn: Callable[..., str], value: Any, *args: Any, empty: str = "–") -> str:
    """fn(value, *args), or `empty` for a missing value (pd.NA included, which core.formatting
    does not know)."""
    return empty if _missing(value) else fn(value, *args)


def source_list(sources: pd.Series) -> str:
    """Distinct sources in order of appearance, joined for a caption."""
    return "; ".join(dict.fromkeys(s for s in sources.dropna() if s))


# -- the cluster itself -------------------------------------------------------------------


def cluster_profile(store: Store, cluster_id: str) -> dict[str, Any]:
    """The cluster with its successor (council taking over) and predecessors (clusters it takes over)."""
    found = store.records(
        """SELECT c.cluster_id, c.name, c.region, c.hospital, c.body_kind, c.note, c.source,
                  s.name AS successor_name, s.region AS successor_region,
                  (SELECT list(p.name || ' (' || p.region || ')' ORDER BY p.name)
                     FROM clusters p WHERE p.successor_id = c.cluster_id) AS predecessors
           FROM clusters c LEFT JOIN clusters s ON s.cluster_id = c.successor_id
           WHERE c.cluster_id = ?""",
        [cluster_id],
    )
    if not found:
        return {}
    row = found[0]
    row["predecessors"] = row["predecessors"] or []
    row["kind_label"] = BODY_KINDS.get(row["body_kind"], row["body_kind"])
    return row


def history_initiatives(store: Store, cluster_id: str) -> list[dict[str, Any]]:
    """The predecessors' initiatives (a council's history): one entry per predecessor with
    its `cluster_id`, `label` and `initiatives` (queries.initiatives of that cluster)."""
    return [
        {"cluster_id": p["cluster_id"], "label": p["label"], "initiatives": queries.initiatives(store, p["cluster_id"])}
        for p in queries.predecessors(store, cluster_id).to_dict("records")
    ]


def key_figures(store: Store, cluster_id: str) -> dict[str, Any]:
    """Headline figures: allocated funds, municipalities and population, initiatives, meetings."""
    # One pass over each view (not one scalar subquery per figure): DuckDB planned the
    # municipalities view, with its window over corrections, three times; 6-15x slower.
    # Plain records, not a frame: Overblik draws these first, before pandas is loaded.
    figures = store.records(
        """WITH f AS (
              SELECT sum(amount_dkk) FILTER (WHERE kind = 'tildelt')::BIGINT AS funds_dkk,
                     sum(amount_dkk) FILTER (WHERE kind = 'forventet')::BIGINT AS expected_funds_dkk,
                     min(year) AS first_fund_year, max(year) AS last_fund_year
              FROM funds WHERE cluster_id = $c),
           m AS (
              SELECT count(*) AS municipalities, count(population) AS municipalities_with_population,
                     sum(population)::BIGINT AS population
              FROM municipalities WHERE cluster_id = $c),
           i AS (
              SELECT count(*) FILTER (WHERE list_contains($decided, status)) AS initiatives_decided,
                     count(*) FILTER (WHERE status = 'forslag') AS initiatives_proposed
              FROM initiatives WHERE cluster_id = $c),
           g AS (
              SELECT count(*) AS meetings, max(meeting_date) AS latest_meeting
              FROM meetings WHERE cluster_id = $c)
           SELECT f.*, m.*, i.*, g.* FROM f, m, i, g""",
        {"c": cluster_id, "decided": list(DECIDED_STATUSES)},
    )[0]
    if isinstance(figures["latest_meeting"], dt.datetime):
        figures["latest_meeting"] = figures["latest_meeting"].date()
    return figures


def population_figure(figures: dict[str, Any]) -> tuple[str, str | None]:
    """The "Borgere i alt" headline and what it leaves out. A sum over only some of the
    municipalities is not the body's population: it is shown as "mindst …" with the count
    of municipalities whose population the sources do not give."""
    total, known, of = figures["population"], figures["municipalities_with_population"], figures["municipalities"]
    if not known:
        return formatting.NOT_GIVEN, None
    if known < of:
        missing = of - known
        return f"mindst {formatting.number(total)}", f"{missing} {'kommune' if missing == 1 else 'kommuner'} uden folketal"
    return formatting.number(total), None


# -- funds ---------------------------------------------------------------------------------


def funds_frame(funds: pd.DataFrame) -> pd.DataFrame:
    """Funds (queries.funds) in chart form: År, Part, Beløb, with expected money marked."""
    if funds.empty:
        return pd.DataFrame(columns=["År", "Part", "Beløb", "Beløb (tekst)", "Kilde"])
    year = funds["year"].astype(str) + funds["kind"].map({"forventet": " (forventet)"}).fillna("")
    return pd.DataFrame(
        {
            "År": year,
            "Part": funds["party"].map(PARTY_LABELS).fillna(funds["party"]),
            "Beløb": funds["amount_dkk"].astype(float),
            "Beløb (tekst)": funds["amount_dkk"].map(formatting.dkk),
            "Kilde": funds["source"],
        }
    )


def funds_table(funds: pd.DataFrame) -> pd.DataFrame:
    """Funds as Danish display rows with their notes and sources."""
    return pd.DataFrame(
        {
            "År": funds["year"].astype(str),
            "Part": funds["party"].map(PARTY_LABELS).fillna(funds["party"]),
            "Beløb": funds["amount_dkk"].map(formatting.dkk),
            "Art": funds["kind"].str.capitalize(),
            "Opgjort": [freshness.label(freshness.fund_as_of(a, e)) for a, e in
                        zip(funds.get("as_of", [None] * len(funds)), funds.get("entered_at", [None] * len(funds)))],
            "Bemærkning": funds["note"].fillna(""),
            "Kilde": funds["source"],
        }
    )


# -- municipalities ------------------------------------------------------------------------


def municipality_shares(store: Store, cluster_id: str) -> pd.DataFrame:
    """The cluster's municipalities with their share of the known population: the key by
    which principle A splits the municipalities' half of a cost. A municipality without a
    population has no share (it cannot be split to)."""
    return store.query(
        """SELECT municipality, code, population, population_year, population_as_of,
                  population / sum(population) OVER () AS population_share,
                  membership_certain, corrected, note, source
           FROM municipalities WHERE cluster_id = ?
           ORDER BY municipality""",
        [cluster_id],
    )


def _municipality_remark(row: pd.Series) -> str:
    remarks = []
    if _missing(row["population"]):
        remarks.append("Folketal mangler – indgår ikke i fordelingen")
    if not _missing(row["membership_certain"]) and not bool(row["membership_certain"]):
        remarks.append("Medlemskab usikkert (kilderne er uenige)")
    if not _missing(row["corrected"]) and bool(row["corrected"]):
        remarks.append("Folketal rettet af bruger")
    return "; ".join(remarks)


def municipality_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Kommune, Folketal, Opgjort, Andel af befolkningen, Bemærkning (only when any), Kilde."""
    if shares.empty:
        return pd.DataFrame(
            columns=["Kommune", "Folketal", "Opgjort", "Andel af befolkningen", "Bemærkning", "Kilde"]
        )
    table = pd.DataFrame(
        {
            "Kommune": shares["municipality"],
            "Folketal": shares["population"].map(lambda v: shown(formatting.number, v, empty=formatting.NOT_GIVEN)),
            "Opgjort": [freshness.label(freshness.population_as_of(a, y))
                        for a, y in zip(shares["population_as_of"], shares["population_year"])],
            "Andel af befolkningen": shares["population_share"].map(lambda v: shown(formatting.pct, v)),
            "Bemærkning": shares.apply(_municipality_remark, axis=1),
            "Kilde": shares["source"],
        }
    )
    return table if table["Bemærkning"].any() else table.drop(columns=["Bemærkning"])


def share_frame(shares: pd.DataFrame) -> pd.DataFrame:
    """Municipalities with a known population, for the population-share bar chart."""
    known = shares.dropna(subset=["population"])
    return pd.DataFrame(
        {
            "Kommune": known["municipality"],
            "Andel": known["population_share"].astype(float),
            "Andel (tekst)": known["population_share"].map(formatting.pct),
            "Folketal": known["population"].map(formatting.number),
        }
    )


# -- initiatives ---------------------------------------------------------------------------


def _decided_on(meeting_id: Any, meeting_date: Any) -> str:
    if _missing(meeting_id):
        return ""
    return "udateret møde" if _missing(meeting_date) else formatting.date(meeting_date)


def initiative_table(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Initiatives (queries.initiatives) as Danish display rows: Initiativ, Fokusområde, Status,
    Budget, Besluttet på møde, Kilde."""
    if initiatives.empty:
        return pd.DataFrame(
            columns=["Initiativ", "Fokusområde", "Status", "Budget", "Besluttet på møde", "Kilde"]
        )
    return pd.DataFrame(
        {
            "Initiativ": initiatives["name"],
            "Fokusområde": initiatives["focus_area_name"].fillna(NO_FOCUS_AREA),
            "Status": initiatives["status"].map(STATUS_LABELS).fillna(initiatives["status"]),
            "Budget": initiatives["budget_dkk"].map(
                lambda v: "ikke angivet" if _missing(v) else formatting.dkk(v)
            ),
            "Besluttet på møde": [
                _decided_on(meeting, date)
                for meeting, date in zip(initiatives["decided_meeting_id"], initiatives["decided_date"])
            ],
            "Kilde": initiatives["source"],
        }
    )


# -- rule settings -------------------------------------------------------------------------

SETTING_LABELS = {
    "region_share": "Regionens andel af finansieringen (A)",
    "pool_dkk": "Pulje til mindre initiativer (H)",
    "carry_over": "Overførsel af uforbrugte midler (G)",
    "regional_pool_on_unused": "Ubrugte midler til regional pulje",
    "no_running_costs": "Midlerne må ikke betale drift (E)",
}


def setting_value(key: str, value: str) -> str:
    """A setting's raw text in Danish: 0.5 → '50 %', 250000 → '250.000 kr.', true → 'Ja'."""
    if key.endswith("_share"):
        return formatting.pct(float(value), 0)
    if key.endswith("_dkk"):
        return formatting.dkk(int(float(value)))
    if value.lower() in ("true", "false"):
        return "Ja" if value.lower() == "true" else "Nej"
    return value


def settings_table(settings: pd.DataFrame) -> pd.DataFrame:
    """Settings (queries.settings_table) as Regel, Værdi, Bemærkning, Kilde, known keys first."""
    order = {key: i for i, key in enumerate(SETTING_LABELS)}
    settings = settings.sort_values("key", key=lambda keys: keys.map(lambda k: order.get(k, len(order))))
    settings = settings.reset_index(drop=True)
    return pd.DataFrame(
        {
            "Regel": settings["key"].map(lambda k: SETTING_LABELS.get(k, k)),
            "Værdi": [setting_value(k, v) for k, v in zip(settings["key"], settings["value"])],
            "Bemærkning": settings["note"].fillna(""),
            "Kilde": settings["source"],
        }
    )


# -- focus areas ---------------------------------------------------------------------------


def focus_area_budgets(store: Store, cluster_id: str) -> pd.DataFrame:
    """Each focus area with its target in kroner (target share × allocated funds), its cap,
    and the budgets of its decided and proposed initiatives."""
    return store.query(
        """WITH total AS (
                SELECT sum(amount_dkk) AS funds_dkk FROM funds WHERE cluster_id = $c AND kind = 'tildelt'
            ),
            budgets AS (  -- budget_dkk NULL: the sources give the initiative no budget
                SELECT i.initiative_id, i.focus_area_id, i.status, sum(c.amount_dkk) AS budget_dkk
                FROM initiatives i
                LEFT JOIN initiative_costs c
                  ON c.initiative_id = i.initiative_id AND list_contains($budget_kinds, c.kind)
                WHERE i.cluster_id = $c
                GROUP BY ALL
            )
            SELECT f.focus_area_id, f.name, f.target_share, f.cap_dkk, f.note, f.source,
                   total.funds_dkk,
                   round(f.target_share * total.funds_dkk) AS target_dkk,
                   coalesce(sum(b.budget_dkk) FILTER (WHERE list_contains($decided, b.status)), 0)
                       AS decided_dkk,
                   count(*) FILTER (WHERE list_contains($decided, b.status) AND b.budget_dkk IS NULL)
                       AS decided_without_budget,
                   count(b.initiative_id) FILTER (WHERE list_contains($decided, b.status)) AS decided_count,
                   coalesce(sum(b.budget_dkk) FILTER (WHERE b.status = 'forslag'), 0) AS proposed_dkk
            FROM focus_areas f CROSS JOIN total
            LEFT JOIN budgets b ON b.focus_area_id = f.focus_area_id
            WHERE f.cluster_id = $c
            GROUP BY ALL
            ORDER BY f.focus_area_id""",
        {"c": cluster_id, "decided": list(DECIDED_STATUSES), "budget_kinds": list(BUDGET_KINDS)},
    )


def focus_area_table(budgets: pd.DataFrame) -> pd.DataFrame:
    """Fokusområde, Målandel, Mål i kr., Loft, Besluttet budget, Bemærkning, Kilde."""
    return pd.DataFrame(
        {
            "Fokusområde": budgets["name"],
            "Målandel": budgets["target_share"].map(
                lambda s: "ingen" if _missing(s) else formatting.pct(s, 0)
            ),
            "Mål i kr.": [target_text(share, dkk) for share, dkk in zip(budgets["target_share"], budgets["target_dkk"])],
            "Loft": budgets["cap_dkk"].map(lambda v: "intet" if _missing(v) else formatting.dkk(v)),
            "Besluttet budget": [decided_budget_text(v, n, c) for v, n, c in
                                 zip(budgets["decided_dkk"], budgets["decided_without_budget"], budgets["decided_count"])],
            "Bemærkning": budgets["note"].fillna(""),
            "Kilde": budgets["source"],
        }
    )


def target_text(target_share: Any, target_dkk: Any) -> str:
    """A focus area's target in kroner: "intet mål" when no target share is decided, "ikke
    angivet" when the money it is a share of is not given (a dash said neither)."""
    if _missing(target_share):
        return "intet mål"
    return shown(formatting.dkk, target_dkk, empty=formatting.NOT_GIVEN)


NOTHING_DECIDED = "intet besluttet"


def decided_budget_text(decided_dkk: int, without_budget: int, decided_count: int = 1) -> str:
    """A focus area's decided budget: "mindst …" (or "ikke angivet") when decided initiatives
    in it have no budget in the sources, never 0 kr. for money nobody gave; "intet besluttet"
    when no initiative in it is decided (a 0 kr. there read as decided initiatives costing nothing)."""
    if not decided_count:
        return NOTHING_DECIDED
    return formatting.dkk_at_least(decided_dkk, bool(without_budget))


def _wrapped(name: str, width: int = 34) -> str:
    """A long focus-area name in lines for an axis label (the chart splits on newlines)."""
    return "\n".join(textwrap.wrap(name, width))


BUDGET_MEASURE = "Besluttet budget"
TARGET_MEASURE = "Mål (målandel af midlerne)"
CAP_MEASURE = "Loft"


def focus_chart_frame(budgets: pd.DataFrame) -> pd.DataFrame:
    """Long format for the budget-vs-target chart: one row per focus area and measure
    (Besluttet budget, Mål, Loft; targets and caps only where set), each row carrying the
    area's one-line summary for a label."""
    rows = []
    for area in budgets.itertuples(index=False):
        label = _wrapped(area.name)
        decided = decided_budget_text(area.decided_dkk, area.decided_without_budget, area.decided_count)
        summary = ["Intet besluttet" if decided == NOTHING_DECIDED else f"Besluttet {decided}"]
        measures = [(BUDGET_MEASURE, area.decided_dkk)]
        if not _missing(area.target_dkk):
            summary.append(f"mål {formatting.dkk(area.target_dkk)} ({formatting.pct(area.target_share, 0)})")
            measures.append((TARGET_MEASURE, area.target_dkk))
        if not _missing(area.cap_dkk):
            summary.append(f"loft {formatting.dkk(area.cap_dkk)}")
            measures.append((CAP_MEASURE, area.cap_dkk))
        for measure, amount in measures:
            text = decided if measure == BUDGET_MEASURE else formatting.dkk(amount)
            rows.append((label, measure, float(amount), text, " · ".join(summary)))
    return pd.DataFrame(rows, columns=["Fokusområde", "Hvad", "Beløb", "Beløb (tekst)", "Opsummering"])


def initiatives_by_focus_area(initiatives: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Decided initiatives grouped by focus-area name (those without one last), as display rows."""
    decided = initiatives[initiatives["status"].isin(DECIDED_STATUSES)]
    table = initiative_table(decided)
    groups = [
        (name, rows.drop(columns=["Fokusområde"])) for name, rows in table.groupby("Fokusområde", sort=True)
    ]
    return sorted(groups, key=lambda group: group[0] == NO_FOCUS_AREA)
