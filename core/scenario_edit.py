"""Pure edits of a scenario document, for the scenario page's controls.

The page keeps a base document (from the store or a saved scenario) and derives the
working document from the controls on every rerun with these functions, so the same
controls always give the same figures and nothing here depends on Streamlit.

They run on every slider move, so they never deep-copy: each returns a new document that
shares the parts it did not change, and nothing here mutates its input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from core.freshness import as_date
from core.ids import slug
from core.scenario import COST_TYPES, SETTINGS, Municipality, split_by_population

INCLUDED = "Med"
NAME = "Initiativ"
FOCUS = "Fokusområde"
COST_TYPE = "Udgiftstype"
STATUS = "Status"
SCALE = "Skala (%)"


def years_of(document: dict, first_year: int | None = None) -> list[int]:
    """The years a chair plans for: from the first year with funds or costs to one year
    past the last (the seeds' "2024 expected but not set"). A document with neither plans
    from `first_year` (the page passes the current year) and the year after, so a cluster
    the sources give no money yet can still be given expected funds and costs."""
    years = {f["year"] for f in document["funds"]}
    years |= {c["year"] for line in document["lines"] for c in line["costs"]}
    if not years:
        return [] if first_year is None else [first_year, first_year + 1]
    return list(range(min(years), max(years) + 2))


def first_planning_year(today: dt.date, starts_on: Any = None, ends_on: Any = None) -> int | None:
    """The first year a body without money of its own plans for: this year, or the year it
    takes over when that is later. The health councils sit as preparatory councils in 2026
    and take over on 1 January 2027 (../shared/docs/councils.md): a council has no funds of
    its own for 2026 to expect. None for a body that has ended (the clusters, dissolved at
    the end of 2025): it has no year left to plan."""
    if ended_on(today, ends_on) is not None:
        return None
    starts = as_date(starts_on)
    return max(today.year, starts.year) if starts is not None else today.year


def ended_on(today: dt.date, ends_on: Any) -> dt.date | None:
    """The body's last day (a date, pandas Timestamp or NaT from the store) when it lies
    before `today`; None for a body that has not ended."""
    ends = as_date(ends_on)
    return ends if ends is not None and ends < today else None


def years_without_funds(document: dict, first_year: int | None = None) -> list[int]:
    """Planning years without decided funds: where a chair may enter expected money."""
    decided = {f["year"] for f in document["funds"] if not f.get("expected")}
    return [y for y in years_of(document, first_year) if y not in decided]


def expected_funds(document: dict) -> dict[int, int]:
    """The expected (not yet decided) money per year that the document already holds."""
    totals: dict[int, int] = {}
    for fund in document["funds"]:
        if fund.get("expected"):
            totals[fund["year"]] = totals.get(fund["year"], 0) + fund["amount_dkk"]
    return totals


def with_settings(document: dict, **settings) -> dict:
    return {**document, "settings": {**document["settings"], **settings}}


def with_rules(document: dict, values: Mapping[str, Any]) -> dict:
    """Set rule settings (key → value or None) as the chair chose them. A value that differs
    from what the document held (a rule the body did not decide, or a decided one changed)
    is the scenario's assumption: its key goes into settings.assumed. Unchanged values
    keep their status; a rule set back to None is no assumption."""
    settings = document["settings"]
    assumed = list(settings.get("assumed") or [])
    for key, value in values.items():
        if value != settings.get(key) and value is not None and key not in assumed:
            assumed.append(key)
        if value is None and key in assumed:
            assumed.remove(key)
    changed = {**settings, **values}
    if assumed or "assumed" in settings:
        changed["assumed"] = [key for key in SETTINGS if key in assumed]
    return {**document, "settings": changed}


def missing_settings(document: dict) -> list[str]:
    """Labels of the rule settings the document holds no value for (nobody decided them)."""
    settings = document["settings"]
    return [f"{label} ({principle})" for key, (principle, label) in SETTINGS.items() if settings.get(key) is None]


def with_targets(document: dict, targets: dict[str, float | None]) -> dict:
    """Replace focus-area target shares (id → share or None); a changed target is assumed."""
    return _with_area_rule(document, "target_share", targets)


def with_caps(document: dict, caps: dict[str, int | None]) -> dict:
    """Replace focus-area caps (id → kroner or None); a changed cap is assumed."""
    return _with_area_rule(document, "cap_dkk", {key: None if v is None else int(v) for key, v in caps.items()})


def _with_area_rule(document: dict, key: str, values: dict[str, Any]) -> dict:
    areas = []
    for area in document["focus_areas"]:
        value = values.get(area["id"], area.get(key))
        if value == area.get(key):
            areas.append(area)
            continue
        assumed = [k for k in area.get("assumed") or [] if k != key] + ([key] if value is not None else [])
        changed = {**area, key: value}
        if assumed or "assumed" in area:
            changed["assumed"] = assumed
        areas.append(changed)
    return {**document, "focus_areas": areas}


def with_expected_funds(document: dict, expected: dict[int, int]) -> dict:
    """Set the expected (not yet decided) funds for the given years, replacing what the
    document expected for them, split between region and municipalities in the same
    proportion as the latest decided year (or half/half). Unchanged amounts return the
    document itself, so a slider move elsewhere costs nothing here."""
    wanted = {year: max(int(amount), 0) for year, amount in expected.items()}
    current = expected_funds(document)
    if all(current.get(year, 0) == amount for year, amount in wanted.items()):
        return document
    shares = _party_shares([f for f in document["funds"] if not f.get("expected")])
    funds = [f for f in document["funds"] if not (f.get("expected") and f["year"] in wanted)]
    for year, amount in sorted(wanted.items()):
        if amount == 0:
            continue
        parts = split_by_population(amount, tuple(Municipality(p, w) for p, w in shares))
        for (party, _), part in zip(shares, parts):
            funds.append({"year": year, "party": party, "amount_dkk": part, "expected": True})
    return {**document, "funds": funds}


def _party_shares(decided: list[dict]) -> list[tuple[str, int]]:
    """Weights per party from the latest year with decided funds; equal when there are none."""
    if not decided:
        return [("kommuner", 1), ("region", 1)]
    latest = max(f["year"] for f in decided)
    weights = {"kommuner": 0, "region": 0}
    for fund in decided:
        if fund["year"] == latest:
            weights[fund["party"]] += fund["amount_dkk"]
    if not any(weights.values()):
        return [("kommuner", 1), ("region", 1)]
    return [(party, weight) for party, weight in weights.items() if weight > 0]


def lines_columns(document: dict) -> dict[str, list]:
    """The lines as an editable table, column by column: one row per initiative, in the
    document's order (`apply_line_edits` finds them by position), one column per year (kr.).
    A line whose cost is not given at all has no amount in any year (None, which the table
    shows as "ikke angivet"); a line with costs has 0 in the years it costs nothing."""
    names = {a["id"]: a["name"] for a in document["focus_areas"]}
    lines = document["lines"]
    columns: dict[str, list] = {
        INCLUDED: [bool(line["included"]) for line in lines],
        NAME: [line["name"] for line in lines],
        FOCUS: [names.get(line["focus_area"], "") for line in lines],
        COST_TYPE: [line["cost_type"] for line in lines],
        STATUS: [line.get("status", "forslag") for line in lines],
        SCALE: [round(line["scale"] * 100, 1) for line in lines],
    }
    costs = [{c["year"]: c["amount_dkk"] for c in line["costs"]} if line["costs"] else None for line in lines]
    for year in years_of(document):
        columns[str(year)] = [None if by_year is None else int(by_year.get(year, 0)) for by_year in costs]
    return columns


def apply_line_edits(document: dict, edits: Mapping[int, Mapping[str, Any]]) -> dict:
    """The document with cell edits from the lines table applied.

    `edits` maps a row position (the line's position in `document["lines"]`, as
    `lines_columns` laid the table out) to {column: new value}: the shape in which
    st.data_editor keeps its "edited_rows". An emptied cell means 100 % for the scale, no
    focus area, and 0 kr. for a year. Only edited lines are rebuilt."""
    if not edits:
        return document
    ids = {a["name"]: a["id"] for a in document["focus_areas"]}
    lines = list(document["lines"])
    for position, changes in edits.items():
        line = dict(lines[int(position)])
        costs = {c["year"]: c["amount_dkk"] for c in line["costs"]}
        for column, value in changes.items():
            if column == INCLUDED:
                line["included"] = bool(value)
            elif column == SCALE:
                line["scale"] = max(float(_number(value, 100.0)), 0.0) / 100
            elif column == FOCUS:
                line["focus_area"] = ids.get(value) if value else None
            elif column == COST_TYPE and value in COST_TYPES:
                line["cost_type"] = value
            elif column.isdigit():
                costs[int(column)] = max(int(_number(value, 0)), 0)
        # A year's 0 kr. that the document gives (KIT: "der tildeles ikke klyngemidler") stays
        # given unless its cell was edited: dropping it would turn a known 0 into "ikke angivet".
        kept = {year for year in costs if str(year) not in changes}
        line["costs"] = [{"year": year, "amount_dkk": amount} for year, amount in sorted(costs.items())
                         if amount or year in kept]
        lines[int(position)] = line
    return {**document, "lines": lines}


def _number(value, default: float) -> float:
    """An emptied cell (None, or NaN from a float column) means the default."""
    return default if value is None or value != value else value


def add_line(
    document: dict,
    *,
    name: str,
    focus_area: str | None,
    cost_type: str,
    costs: dict[int, int | None],
    recipients: dict[str, int] | None = None,
) -> dict:
    """A new proposal line (included) with a unique id derived from its name. A year whose
    cost is None is not given; 0 is a given 0 kr."""
    taken = {line["id"] for line in document["lines"]}
    base = slug(name) or "initiativ"
    line_id, n = base, 2
    while line_id in taken:
        line_id, n = f"{base}-{n}", n + 1
    new_line = {
        "id": line_id,
        "name": name.strip(),
        "focus_area": focus_area,
        "cost_type": cost_type,
        "costs": [{"year": y, "amount_dkk": int(a)} for y, a in sorted(costs.items()) if a is not None],
        "scale": 1.0,
        "included": True,
        "recipients": [{"municipality": m, "amount_dkk": int(a)} for m, a in (recipients or {}).items()],
        "status": "forslag",
    }
    return {**document, "lines": [*document["lines"], new_line]}


def split_evenly(total: int, names: list[str]) -> dict[str, int]:
    """Whole kroner split evenly (largest remainder, first listed first)."""
    parts = split_by_population(int(total), tuple(Municipality(n, 1) for n in names))
    return dict(zip(names, parts))
