"""The scenario engine: validate a `klyngeblik-scenario/1` document and evaluate it by the
cluster's rules (principles A, B, D, E, G, H). Pure functions over plain data.

The rules are spelled out in docs/scenario-format.md; the figures end up in minutes, so
money is whole kroner, rounding is half up, and sums are exact.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from core.formatting import dkk, pct
from core.schema import COST_TYPES

FORMAT = "klyngeblik-scenario/1"
PARTIES = ("kommuner", "region")


class ScenarioError(ValueError):
    """The document is not a valid scenario; the message is one Danish line naming the field."""


@dataclass(frozen=True)
class Fund:
    year: int
    party: str
    amount_dkk: int


@dataclass(frozen=True)
class Settings:
    carry_over: bool
    pool_dkk: int
    region_share: float
    balance_tolerance: float


@dataclass(frozen=True)
class Municipality:
    name: str
    population: int


@dataclass(frozen=True)
class FocusArea:
    id: str
    name: str
    target_share: float | None


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    focus_area: str | None
    cost_type: str
    costs: tuple[tuple[int, int], ...]  # (year, amount_dkk)
    scale: float
    included: bool
    recipients: tuple[tuple[str, int], ...] = ()  # (municipality, amount_dkk)


@dataclass(frozen=True)
class Scenario:
    name: str
    cluster_id: str
    funds: tuple[Fund, ...]
    settings: Settings
    municipalities: tuple[Municipality, ...]
    focus_areas: tuple[FocusArea, ...]
    lines: tuple[Line, ...]
    extra: dict = field(default_factory=dict, compare=False)


# -- parsing ------------------------------------------------------------------------------


def load_file(path: Path) -> Any:
    """The JSON in a file; a ScenarioError (not a traceback) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows editors) is not an error
    except FileNotFoundError:
        raise ScenarioError(f"filen {path} findes ikke") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"filen {path} kan ikke læses ({exc.__class__.__name__})") from None
    return loads(text, str(path))


def loads(text: str, name: str = "filen") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})") from None
    except RecursionError:
        raise ScenarioError(f"{name} er ikke et scenarie (JSON'en er indlejret for dybt)") from None
    except ValueError:  # e.g. an integer literal longer than Python converts (4300 digits)
        raise ScenarioError(f"{name} er ikke gyldig JSON (et tal har for mange cifre)") from None


def _get(obj: dict, key: str, path: str, required: bool = True) -> Any:
    if key not in obj:
        if required:
            raise ScenarioError(f'feltet "{path}{key}" mangler')
        return None
    return obj[key]


def _obj(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ScenarioError(f'feltet "{path}" skal være et objekt')
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise ScenarioError(f'feltet "{path}" skal være en liste')
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f'feltet "{path}" skal være en ikke-tom tekst')
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(f'feltet "{path}" skal være true eller false')
    return value


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _number(value: Any, path: str, low: float = 0.0, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or _is_nan(value):
        raise ScenarioError(f'feltet "{path}" skal være et tal')
    try:
        number = float(value)
    except OverflowError:
        raise ScenarioError(f'feltet "{path}" er et for stort tal') from None
    if not math.isfinite(number):
        raise ScenarioError(f'feltet "{path}" skal være et endeligt tal')
    if value < low:
        raise ScenarioError(f'feltet "{path}" må ikke være negativt (er {value})' if low == 0 else
                            f'feltet "{path}" skal være mindst {low} (er {value})')
    if high is not None and value > high:
        raise ScenarioError(f'feltet "{path}" må højst være {high} (er {value})')
    return number


def _whole(value: Any, path: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or _is_nan(value):
        raise ScenarioError(f'feltet "{path}" skal være et helt tal')
    if isinstance(value, float) and not value.is_integer():
        raise ScenarioError(f'feltet "{path}" skal være et helt tal (hele kroner), ikke {value}')
    if value < minimum:
        raise ScenarioError(f'feltet "{path}" må ikke være negativt (er {value})' if minimum == 0 else
                            f'feltet "{path}" skal være mindst {minimum} (er {value})')
    return int(value)


def _year(value: Any, path: str) -> int:
    """A calendar year within reason: a typo like 202300 must not create 200.000 years."""
    year = _whole(value, path, 1)
    if not 1900 <= year <= 2200:
        raise ScenarioError(f'feltet "{path}" skal være et årstal mellem 1900 og 2200 (er {year})')
    return year


def parse(document: Any) -> Scenario:
    """Validate a scenario document and return it typed. Raises ScenarioError."""
    doc = _obj(document, "(dokumentet)")
    if doc.get("format") != FORMAT:
        raise ScenarioError(f'feltet "format" skal være "{FORMAT}" (er {json.dumps(doc.get("format"))})')
    settings_doc = _obj(_get(doc, "settings", ""), "settings")
    settings = Settings(
        carry_over=_bool(_get(settings_doc, "carry_over", "settings."), "settings.carry_over"),
        pool_dkk=_whole(_get(settings_doc, "pool_dkk", "settings."), "settings.pool_dkk"),
        region_share=_number(_get(settings_doc, "region_share", "settings."), "settings.region_share", 0, 1),
        balance_tolerance=_number(
            _get(settings_doc, "balance_tolerance", "settings."), "settings.balance_tolerance", 0, 1
        ),
    )
    municipalities = _parse_municipalities(_list(_get(doc, "municipalities", ""), "municipalities"))
    focus_areas = _parse_focus_areas(_list(_get(doc, "focus_areas", ""), "focus_areas"))
    names = {m.name for m in municipalities}
    areas = {f.id for f in focus_areas}
    lines = tuple(
        _parse_line(_obj(raw, f"lines[{i}]"), f"lines[{i}]", areas, names)
        for i, raw in enumerate(_list(_get(doc, "lines", ""), "lines"))
    )
    _unique([line.id for line in lines], "lines", "id")
    known = {"format", "name", "cluster_id", "funds", "settings", "municipalities", "focus_areas", "lines"}
    return Scenario(
        name=_text(_get(doc, "name", ""), "name"),
        cluster_id=_text(_get(doc, "cluster_id", ""), "cluster_id"),
        funds=tuple(_parse_fund(_obj(f, f"funds[{i}]"), f"funds[{i}]")
                    for i, f in enumerate(_list(_get(doc, "funds", ""), "funds"))),
        settings=settings,
        municipalities=municipalities,
        focus_areas=focus_areas,
        lines=lines,
        extra={k: v for k, v in doc.items() if k not in known},
    )


def _unique(values: list[str], path: str, key: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ScenarioError(f'feltet "{path}[{i}].{key}": "{value}" står der mere end én gang')
        seen.add(value)


def _parse_fund(raw: dict, path: str) -> Fund:
    party = _get(raw, "party", path + ".")
    if party not in PARTIES:
        raise ScenarioError(f'feltet "{path}.party" skal være "kommuner" eller "region" (er {json.dumps(party)})')
    return Fund(
        year=_year(_get(raw, "year", path + "."), path + ".year"),
        party=party,
        amount_dkk=_whole(_get(raw, "amount_dkk", path + "."), path + ".amount_dkk"),
    )


def _parse_municipalities(items: list) -> tuple[Municipality, ...]:
    result = []
    for i, raw in enumerate(items):
        path = f"municipalities[{i}]"
        raw = _obj(raw, path)
        name = _text(_get(raw, "name", path + "."), path + ".name")
        population = _get(raw, "population", path + ".")
        if isinstance(population, bool) or not isinstance(population, (int, float)) or not population > 0:
            raise ScenarioError(f'feltet "{path}.population": {name} skal have et positivt folketal')
        result.append(Municipality(name, _whole(population, path + ".population", 1)))
    _unique([m.name for m in result], "municipalities", "name")
    return tuple(result)


def _parse_focus_areas(items: list) -> tuple[FocusArea, ...]:
    result = []
    for i, raw in enumerate(items):
        path = f"focus_areas[{i}]"
        raw = _obj(raw, path)
        target = _get(raw, "target_share", path + ".", required=False)
        result.append(
            FocusArea(
                id=_text(_get(raw, "id", path + "."), path + ".id"),
                name=_text(_get(raw, "name", path + "."), path + ".name"),
                target_share=None if target is None else _number(target, path + ".target_share", 0, 1),
            )
        )
    _unique([f.id for f in result], "focus_areas", "id")
    return tuple(result)


def _parse_line(raw: dict, path: str, areas: set[str], municipalities: set[str]) -> Line:
    """A validated line. Well-formed lines (the slider path evaluates hundreds of them per
    move) pass type checks without building field paths; anything else takes the checks
    below in their documented order, so the first error named is the same either way."""
    ident, name, focus_area, cost_type, scale, included = (
        raw.get("id"), raw.get("name"), raw.get("focus_area"), raw.get("cost_type"), raw.get("scale"),
        raw.get("included"),
    )
    if (
        type(ident) is str and ident.strip() and type(name) is str and name.strip()
        and "focus_area" in raw and (focus_area is None or (type(focus_area) is str and focus_area in areas))
        and type(cost_type) is str and cost_type in COST_TYPES
        and ((type(scale) is float and 0 <= scale < math.inf) or (type(scale) is int and 0 <= scale < 2**53))
        and type(included) is bool
    ):
        return Line(ident, name, focus_area, cost_type, _parse_costs(raw, path),
                    float(scale), included, _parse_recipients(raw, path, municipalities))
    focus_area = _get(raw, "focus_area", path + ".")
    if focus_area is not None and not isinstance(focus_area, str):
        raise ScenarioError(f'feltet "{path}.focus_area" skal være et fokusområdes id (tekst) eller null')
    if focus_area is not None and focus_area not in areas:
        raise ScenarioError(f'feltet "{path}.focus_area": fokusområdet "{focus_area}" findes ikke i focus_areas')
    cost_type = _get(raw, "cost_type", path + ".")
    if cost_type not in COST_TYPES:
        raise ScenarioError(f'feltet "{path}.cost_type" skal være "udvikling" eller "drift" (er {json.dumps(cost_type)})')
    costs = _parse_costs(raw, path)
    recipients = _parse_recipients(raw, path, municipalities)
    return Line(
        id=_text(_get(raw, "id", path + "."), path + ".id"),
        name=_text(_get(raw, "name", path + "."), path + ".name"),
        focus_area=focus_area,
        cost_type=cost_type,
        costs=costs,
        scale=_number(_get(raw, "scale", path + "."), path + ".scale"),
        included=_bool(_get(raw, "included", path + "."), path + ".included"),
        recipients=recipients,
    )


def _parse_costs(raw: dict, path: str) -> tuple[tuple[int, int], ...]:
    costs = []
    for j, cost in enumerate(_list(_get(raw, "costs", path + "."), path + ".costs")):
        year, amount = (cost.get("year"), cost.get("amount_dkk")) if type(cost) is dict else (None, None)
        if type(year) is int and 1900 <= year <= 2200 and type(amount) is int and amount >= 0:
            costs.append((year, amount))  # the common case, checked without building paths
            continue
        cpath = f"{path}.costs[{j}]"
        cost = _obj(cost, cpath)
        costs.append((_year(_get(cost, "year", cpath + "."), cpath + ".year"),
                      _whole(_get(cost, "amount_dkk", cpath + "."), cpath + ".amount_dkk")))
    return tuple(costs)


def _parse_recipients(raw: dict, path: str, municipalities: set[str]) -> tuple[tuple[str, int], ...]:
    recipients = []
    listed = raw.get("recipients")  # may be left out or null: no recipients
    for j, rec in enumerate(_list([] if listed is None else listed, path + ".recipients")):
        name, amount = (rec.get("municipality"), rec.get("amount_dkk")) if type(rec) is dict else (None, None)
        if type(name) is str and name in municipalities and type(amount) is int and amount >= 0:
            recipients.append((name, amount))  # the common case, as for costs
            continue
        rpath = f"{path}.recipients[{j}]"
        rec = _obj(rec, rpath)
        name = _get(rec, "municipality", rpath + ".")
        if not isinstance(name, str) or name not in municipalities:
            raise ScenarioError(f'feltet "{rpath}.municipality": "{name}" er ikke blandt kommunerne i scenariet')
        recipients.append((name, _whole(_get(rec, "amount_dkk", rpath + "."), rpath + ".amount_dkk")))
    return tuple(recipients)


# -- evaluation ----------------------------------------------------------------------------


def round_half_up(value: Decimal) -> int:
    """The nearest whole number, halves away from zero (2.5 → 3), exact at any size."""
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + 2)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _decimal(number: float) -> Decimal:
    """The number as written in the document: a float's shortest decimal form (0.1, not
    0.1000000000000000055…), so 0.1 × 5 is exactly 0.5."""
    return Decimal(repr(float(number)))


def _times(share: float, amount: int) -> int:
    """round(share × amount), half up, computed exactly (no 28-digit Decimal context)."""
    factor = _decimal(share)
    with localcontext() as ctx:
        ctx.prec = len(factor.as_tuple().digits) + len(str(abs(amount))) + 2
        return round_half_up(factor * amount)


def scaled(scale: float, amount: int) -> int:
    """round(scale × amount), half up, exact (the float's shortest decimal form is used)."""
    if scale == 1:
        return amount
    return _times(scale, amount)


def _off_target(allocated: int, total: int, target: float, tolerance: float) -> bool:
    """|allocated / total − target| > tolerance, compared exactly: a share exactly at the
    tolerance is not a finding, one krone beyond it is."""
    share = Fraction(allocated, total)
    return abs(share - Fraction(_decimal(target))) > Fraction(_decimal(tolerance))


def split_by_population(total: int, municipalities: tuple[Municipality, ...]) -> list[int]:
    """Largest-remainder split of whole kroner by population; ties go to the one listed
    first. The parts always sum to `total`."""
    population = sum(m.population for m in municipalities)
    if not municipalities or population == 0:
        return []
    shares = [divmod(total * m.population, population) for m in municipalities]
    parts = [floor for floor, _ in shares]
    leftover = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-shares[i][1], i))
    for i in order[:leftover]:
        parts[i] += 1
    return parts


def evaluate(scenario: Scenario) -> dict:
    """The result documented in docs/scenario-format.md (all money in whole kroner)."""
    lines = [line for line in scenario.lines if line.included]
    line_costs = {line.id: [(year, scaled(line.scale, amount)) for year, amount in line.costs] for line in lines}
    funds_dkk = sum(f.amount_dkk for f in scenario.funds)
    pool_dkk = scenario.settings.pool_dkk
    allocated_dkk = sum(amount for costs in line_costs.values() for _, amount in costs)
    available_dkk = funds_dkk - pool_dkk
    region_dkk = _times(scenario.settings.region_share, allocated_dkk)
    municipalities_dkk = allocated_dkk - region_dkk
    years = _years(scenario, line_costs)
    focus_areas = _focus_areas(scenario, lines, line_costs, funds_dkk, allocated_dkk)
    result = {
        "name": scenario.name,
        "cluster_id": scenario.cluster_id,
        "funds_dkk": funds_dkk,
        "pool_dkk": pool_dkk,
        "available_dkk": available_dkk,
        "allocated_dkk": allocated_dkk,
        "remaining_dkk": available_dkk - allocated_dkk,
        "region_dkk": region_dkk,
        "municipalities_dkk": municipalities_dkk,
        "years": years,
        "focus_areas": focus_areas,
        "municipalities": _municipalities(scenario, lines, municipalities_dkk),
        "lines": [
            {
                "id": line.id,
                "name": line.name,
                "focus_area": line.focus_area,
                "cost_type": line.cost_type,
                "included": line.included,
                "cost_dkk": sum(a for _, a in line_costs.get(line.id, [])),
            }
            for line in scenario.lines
        ],
    }
    result["findings"] = findings(scenario, result, lines, line_costs)
    return result


def _years(scenario: Scenario, line_costs: dict[str, list[tuple[int, int]]]) -> list[dict]:
    funds_by_year: dict[int, int] = {}
    for fund in scenario.funds:
        funds_by_year[fund.year] = funds_by_year.get(fund.year, 0) + fund.amount_dkk
    allocated_by_year: dict[int, int] = {}
    for costs in line_costs.values():
        for year, amount in costs:
            allocated_by_year[year] = allocated_by_year.get(year, 0) + amount
    all_years = set(funds_by_year) | set(allocated_by_year)
    if not all_years:
        return []
    pool_year = min(funds_by_year) if funds_by_year else None
    rows, carried = [], 0
    for year in range(min(all_years), max(all_years) + 1):
        own = funds_by_year.get(year, 0) - (scenario.settings.pool_dkk if year == pool_year else 0)
        available = own + carried
        allocated = allocated_by_year.get(year, 0)
        remaining = available - allocated
        rows.append(
            {
                "year": year,
                "funds_dkk": funds_by_year.get(year, 0),
                "available_dkk": available,
                "allocated_dkk": allocated,
                "remaining_dkk": remaining,
                "carried_in_dkk": carried,
            }
        )
        carried = max(remaining, 0) if scenario.settings.carry_over else 0
    return rows


def _focus_areas(scenario, lines, line_costs, funds_dkk: int, allocated_dkk: int) -> list[dict]:
    rows = []
    for area in scenario.focus_areas:
        allocated = sum(a for line in lines if line.focus_area == area.id for _, a in line_costs[line.id])
        target = area.target_share
        rows.append(
            {
                "id": area.id,
                "name": area.name,
                "allocated_dkk": allocated,
                "share": allocated / allocated_dkk if allocated_dkk else 0,
                "target_share": target,
                "cap_dkk": None if target is None else _times(target, funds_dkk),
            }
        )
    return rows


def _municipalities(scenario: Scenario, lines: list[Line], municipalities_dkk: int) -> list[dict]:
    contributions = split_by_population(municipalities_dkk, scenario.municipalities)
    received = {m.name: 0 for m in scenario.municipalities}
    for line in lines:
        for name, amount in line.recipients:
            received[name] += scaled(line.scale, amount)
    return [
        {
            "name": m.name,
            "population": m.population,
            "contribution_dkk": contribution,
            "received_dkk": received[m.name],
            "net_dkk": received[m.name] - contribution,
        }
        for m, contribution in zip(scenario.municipalities, contributions)
    ]


def findings(scenario: Scenario, result: dict, lines: list[Line], line_costs: dict) -> list[dict]:
    """Principle checks B, D and E, errors first, in plain Danish naming the amounts.
    A message ending in an amount ends in "kr.", whose period is also the full stop."""
    found = []
    if result["allocated_dkk"] > result["available_dkk"]:
        found.append(_finding("B", "error",
            f"De forventede udgifter på {dkk(result['allocated_dkk'])} overstiger de disponible midler på "
            f"{dkk(result['available_dkk'])} med {dkk(result['allocated_dkk'] - result['available_dkk'])}"))
    for year in result["years"]:
        if year["remaining_dkk"] < 0:
            found.append(_finding("B", "error",
                f"I {year['year']} overstiger udgifterne på {dkk(year['allocated_dkk'])} de disponible midler på "
                f"{dkk(year['available_dkk'])} med {dkk(-year['remaining_dkk'])}"))
    for line in lines:
        if line.cost_type == "drift":
            cost = sum(a for _, a in line_costs[line.id])
            found.append(_finding("E", "error",
                f"«{line.name}» er driftsudgifter på {dkk(cost)}; klyngemidlerne må ikke betale drift."))
    tolerance = scenario.settings.balance_tolerance
    for area in result["focus_areas"]:
        target = area["target_share"]
        if target is not None and result["allocated_dkk"] > 0 and _off_target(
            area["allocated_dkk"], result["allocated_dkk"], target, tolerance
        ):
            found.append(_finding("D", "warning",
                f"«{area['name']}» får {pct(area['share'])} af de fordelte midler ({dkk(area['allocated_dkk'])}); "
                f"målet er {pct(target)} ± {pct(tolerance)}."))
        if area["cap_dkk"] is not None and area["allocated_dkk"] > area["cap_dkk"]:
            found.append(_finding("D", "warning",
                f"«{area['name']}» får {dkk(area['allocated_dkk'])}, hvilket er "
                f"{dkk(area['allocated_dkk'] - area['cap_dkk'])} over loftet på {dkk(area['cap_dkk'])}"))
    return sorted(found, key=lambda f: f["severity"] != "error")


def _finding(principle: str, severity: str, message: str) -> dict:
    return {"principle": principle, "severity": severity, "message": message}


def evaluate_document(document: Any) -> dict:
    """parse + evaluate: the one call the CLI, the page and the benchmark share."""
    return evaluate(parse(document))
