"""Pure edits of a scenario document, for the scenario page's controls.

The page keeps a base document (from the store or a saved scenario) and derives the
working document from the controls on every rerun with these functions, so the same
controls always give the same figures and nothing here depends on Streamlit.

They run on every slider move, so they never deep-copy: each returns a new document that
shares the parts it did not change, and nothing here mutates its input.
"""

from __future__ import annotations


import pandas as pd

from core.ids import slug
from core.scenario import Municipality, split_by_population

INCLUDED = "Med"
NAME = "Initiativ"
FOCUS = "Fokusområde"
COST_TYPE = "Udgiftstype"
STATUS = "Status"
SCALE = "Skala (%)"


def years_of(document: dict) -> list[int]:
    """The years a chair plans for: from the first year with funds or costs to one year
    past the last (the seeds' "2024 expected but not set")."""
    years = {f["year"] for f in document["funds"]}
    years |= {c["year"] for line in document["lines"] for c in line["costs"]}
    if not years:
        return []
    return list(range(min(years), max(years) + 2))


def years_without_funds(document: dict) -> list[int]:
    funded = {f["year"] for f in document["funds"]}
    return [y for y in years_of(document) if y not in funded]


def with_settings(document: dict, **settings) -> dict:
    return {**document, "settings": {**document["settings"], **settings}}


def with_targets(document: dict, targets: dict[str, float | None]) -> dict:
    """Replace focus-area target shares (id → share or None)."""
    areas = [
        {**area, "target_share": targets[area["id"]]} if area["id"] in targets else area
        for area in document["focus_areas"]
    ]
    return {**document, "focus_areas": areas}


def with_expected_funds(document: dict, expected: dict[int, int]) -> dict:
    """Add expected (not yet decided) funds per year, split between region and
    municipalities in the same proportion as the latest decided year (or half/half)."""
    if not any(amount > 0 for amount in expected.values()):
        return document
    funds = list(document["funds"])
    shares = _party_shares(document)
    for year, amount in sorted(expected.items()):
        if amount <= 0:
            continue
        parts = split_by_population(int(amount), tuple(Municipality(p, w) for p, w in shares))
        for (party, _), part in zip(shares, parts):
            funds.append({"year": year, "party": party, "amount_dkk": part, "expected": True})
    return {**document, "funds": funds}


def _party_shares(document: dict) -> list[tuple[str, int]]:
    """Weights per party from the latest year with funds; equal when there are none."""
    if not document["funds"]:
        return [("kommuner", 1), ("region", 1)]
    latest = max(f["year"] for f in document["funds"])
    weights = {"kommuner": 0, "region": 0}
    for fund in document["funds"]:
        if fund["year"] == latest:
            weights[fund["party"]] += fund["amount_dkk"]
    if not any(weights.values()):
        return [("kommuner", 1), ("region", 1)]
    return [(party, weight) for party, weight in weights.items() if weight > 0]


def lines_table(document: dict) -> pd.DataFrame:
    """The lines as an editable table: one row per initiative, one column per year (kr.)."""
    names = {a["id"]: a["name"] for a in document["focus_areas"]}
    years = years_of(document)
    rows = []
    for line in document["lines"]:
        costs = {c["year"]: c["amount_dkk"] for c in line["costs"]}
        row = {
            INCLUDED: line["included"],
            NAME: line["name"],
            FOCUS: names.get(line["focus_area"], ""),
            COST_TYPE: line["cost_type"],
            STATUS: line.get("status", "forslag"),
            SCALE: round(line["scale"] * 100, 1),
        }
        row.update({str(year): int(costs.get(year, 0)) for year in years})
        rows.append(row)
    columns = [INCLUDED, NAME, FOCUS, COST_TYPE, STATUS, SCALE] + [str(y) for y in years]
    frame = pd.DataFrame(rows, columns=columns)
    frame.index = pd.Index([line["id"] for line in document["lines"]])
    return frame


def apply_lines_table(document: dict, table: pd.DataFrame) -> dict:
    """The document with include/scale/focus area/cost type/costs taken from the edited table."""
    ids = {a["name"]: a["id"] for a in document["focus_areas"]}
    year_columns = [c for c in table.columns if str(c).isdigit()]
    rows = dict(zip(table.index, table.to_dict("records")))
    lines = []
    for line in document["lines"]:
        row = rows.get(line["id"])
        if row is None:
            lines.append(line)
            continue
        cost_type = row[COST_TYPE] if row[COST_TYPE] in ("udvikling", "drift") else line["cost_type"]
        lines.append(
            {
                **line,
                "included": bool(row[INCLUDED]),
                "scale": max(float(_number(row[SCALE], 100.0)), 0.0) / 100,
                "focus_area": ids.get(row[FOCUS]) if row[FOCUS] else None,
                "cost_type": cost_type,
                "costs": [
                    {"year": int(year), "amount_dkk": max(int(_number(row[year], 0)), 0)}
                    for year in year_columns
                    if int(_number(row[year], 0)) != 0
                ],
            }
        )
    return {**document, "lines": lines}


def _number(value, default: float) -> float:
    return default if value is None or pd.isna(value) else value


def add_line(
    document: dict,
    *,
    name: str,
    focus_area: str | None,
    cost_type: str,
    costs: dict[int, int],
    recipients: dict[str, int] | None = None,
) -> dict:
    """A new proposal line (included) with a unique id derived from its name."""
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
        "costs": [{"year": y, "amount_dkk": int(a)} for y, a in sorted(costs.items()) if a > 0],
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
