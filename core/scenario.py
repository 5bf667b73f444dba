"""The scenario engine: validate a `klyngeblik-scenario/1` document and evaluate it by the
cluster's rules (principles A, B, D, E, G, H). Pure functions over plain data.

The rules are spelled out in docs/scenario-format.md; the figures end up in minutes, so
money is whole kroner, rounding is half up, and sums are exact.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from core.formatting import dkk, dkk_at_least, listed, pct
from core.schema import COST_TYPES

FORMAT = "klyngeblik-scenario/1"
PARTIES = ("kommuner", "region")

# Sane numbers: beyond these a document is refused (a 1e30 amount or a 1e308 scale would be
# saved and then break every page that shows it).
MAX_DKK = 100_000_000_000
MAX_POPULATION = 10_000_000
MAX_SCALE = 100
MAX_NAME = 200
MAX_NOTE = 5_000

# Rule statuses (result "rules") and check statuses (result "checks").
DECIDED, ASSUMED, NOT_DECIDED = "besluttet", "antaget", "ikke besluttet"
KEPT, BROKEN, IMPOSSIBLE = "overholdt", "brudt", "ikke muligt"
CHECK_STATUSES_WORST_FIRST = (BROKEN, IMPOSSIBLE, NOT_DECIDED, KEPT)

# The settings a body may decide: key → (principle, Danish label). Order = display order.
# The engine does not know whether a scenario is a cluster's or a council's, so its labels
# and sentences say "midlerne"; pages and exports name the money for the body
# (formatting.funds_label: "Klyngemidler" / "Rådets midler").
SETTINGS = {
    "region_share": ("A", "Regionens andel af finansieringen"),
    "pool_dkk": ("H", "Pulje til mindre initiativer"),
    "carry_over": ("G", "Overførsel af uforbrugte midler til næste år"),
    "unused_to_regional_pool": ("G", "Uforbrugte midler går til en regional pulje"),
    "balance_tolerance": ("D", "Tolerance for fordelingen mellem fokusområder"),
    "no_running_costs": ("E", "Midlerne må ikke betale drift"),
}
AREA_RULES = ("target_share", "cap_dkk")


class ScenarioError(ValueError):
    """The document is not a valid scenario; the message is one Danish line naming the field."""


@dataclass(frozen=True)
class Fund:
    year: int
    party: str
    amount_dkk: int


@dataclass(frozen=True)
class Settings:
    """The body's rules for this scenario. None: the body has not decided that rule, and the
    engine assumes no value for it. `assumed` names the keys the chair set as assumptions."""

    carry_over: bool | None = None
    pool_dkk: int | None = None
    region_share: float | None = None
    balance_tolerance: float | None = None
    unused_to_regional_pool: bool | None = None
    no_running_costs: bool | None = None
    assumed: tuple[str, ...] = ()

    def status(self, key: str) -> str:
        if getattr(self, key) is None:
            return NOT_DECIDED
        return ASSUMED if key in self.assumed else DECIDED


@dataclass(frozen=True)
class Municipality:
    name: str
    population: int


@dataclass(frozen=True)
class FocusArea:
    id: str
    name: str
    target_share: float | None
    cap_dkk: int | None = None  # a decided amount, never derived from the target
    assumed: tuple[str, ...] = ()  # among "target_share", "cap_dkk"

    def status(self, key: str) -> str:
        if getattr(self, key) is None:
            return NOT_DECIDED
        return ASSUMED if key in self.assumed else DECIDED


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
    decided: dict | None = None  # {"meeting_id", "meeting_date", "meeting_title"}: decided earlier


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
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"filen {path} findes ikke") from None
    except OSError as exc:
        raise ScenarioError(f"filen {path} kan ikke læses ({exc.__class__.__name__})") from None
    return load_bytes(data, str(path))


def load_bytes(data: bytes | str, name: str = "filen") -> Any:
    """The JSON in a file's bytes: the one reader the CLI and the page's import share, so they
    accept and refuse exactly the same files. UTF-8, with or without a byte-order mark."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError(f"{name} er ikke UTF-8-tekst") from None
    return loads(data.removeprefix("\ufeff"), name)


def loads(text: str, name: str = "filen") -> Any:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})") from None
    except RecursionError:
        raise ScenarioError(f"{name} er ikke et scenarie (JSON'en er indlejret for dybt)") from None
    except ValueError:  # e.g. an integer literal longer than Python converts (4300 digits)
        raise ScenarioError(f"{name} er ikke gyldig JSON (et tal har for mange cifre)") from None
    try:
        where = _lone_surrogate(document, "")
    except RecursionError:
        raise ScenarioError(f"{name} er ikke et scenarie (JSON'en er indlejret for dybt)") from None
    if where is not None:
        raise ScenarioError(f'feltet "{where or "(dokumentet)"}" indeholder et ugyldigt tegn (en enlig surrogat, fx \\ud800)')
    return document


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lone_surrogate(value: Any, path: str) -> str | None:
    """The path of the first text (key or value) holding a lone surrogate ("\\ud800" in
    JSON): such text cannot be written as UTF-8, so it could be neither printed nor stored."""
    if isinstance(value, str):
        return path if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if _has_surrogate(key):
                return child.encode("utf-8", "backslashreplace").decode("utf-8")
            found = _lone_surrogate(item, child)
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _lone_surrogate(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


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


def _text(value: Any, path: str, limit: int = MAX_NAME) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f'feltet "{path}" skal være en ikke-tom tekst')
    _length(value, path, limit)
    return value


def _length(value: str, path: str, limit: int) -> None:
    if len(value) > limit:
        raise ScenarioError(f'feltet "{path}" må højst være {limit:,} tegn langt (er {len(value):,})'.replace(",", "."))
    if _has_surrogate(value):
        raise ScenarioError(f'feltet "{path}" indeholder et ugyldigt tegn (en enlig surrogat)')


def _optional(obj: dict, key: str, path: str, check) -> Any:
    """An optional field: absent or null is None, anything else must pass `check`."""
    value = obj.get(key)
    return None if value is None else check(value, path + key)


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
        raise ScenarioError(f'feltet "{path}" må højst være {high} (er {_shown(value)})')
    return number


def _whole(value: Any, path: str, minimum: int = 0, maximum: int = MAX_DKK) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or _is_nan(value):
        raise ScenarioError(f'feltet "{path}" skal være et helt tal')
    if isinstance(value, float) and not value.is_integer():
        raise ScenarioError(f'feltet "{path}" skal være et helt tal (hele kroner), ikke {value}')
    if value < minimum:
        raise ScenarioError(f'feltet "{path}" må ikke være negativt (er {value})' if minimum == 0 else
                            f'feltet "{path}" skal være mindst {minimum} (er {value})')
    if value > maximum:
        raise ScenarioError(f'feltet "{path}" må højst være {_dotted(maximum)} (er {_shown(value)})')
    return int(value)


def _dotted(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _shown(value: float) -> str:
    """A too-large number as the user wrote it, short (1e+30, not 31 digits)."""
    return f"{value:.6g}" if isinstance(value, float) or abs(value) >= 10**15 else _dotted(value)


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
    settings = _parse_settings(_obj(_get(doc, "settings", ""), "settings"))
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
    _notes(doc, "")
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


def _parse_settings(raw: dict) -> Settings:
    """Every setting is optional: absent or null means the body has not decided it."""
    path = "settings."
    assumed = _optional(raw, "assumed", path, lambda v, p: _keys(v, p, tuple(SETTINGS)))
    return Settings(
        carry_over=_optional(raw, "carry_over", path, _bool),
        pool_dkk=_optional(raw, "pool_dkk", path, _whole),
        region_share=_optional(raw, "region_share", path, lambda v, p: _number(v, p, 0, 1)),
        balance_tolerance=_optional(raw, "balance_tolerance", path, lambda v, p: _number(v, p, 0, 1)),
        unused_to_regional_pool=_optional(raw, "unused_to_regional_pool", path, _bool),
        no_running_costs=_optional(raw, "no_running_costs", path, _bool),
        assumed=assumed or (),
    )


def _keys(value: Any, path: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A list of setting keys (settings.assumed, focus_areas[].assumed)."""
    items = _list(value, path)
    for i, item in enumerate(items):
        if item not in allowed:
            raise ScenarioError(
                f'feltet "{path}[{i}]" skal være en af {", ".join(allowed)} (er {json.dumps(item, ensure_ascii=False)[:60]})'
            )
    return tuple(dict.fromkeys(items))


def _notes(raw: dict, path: str) -> None:
    """A note (any "note" text, at any level the engine reads) is at most MAX_NOTE characters."""
    note = raw.get("note")
    if isinstance(note, str):
        _length(note, path + "note", MAX_NOTE)


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
        result.append(Municipality(name, _whole(population, path + ".population", 1, MAX_POPULATION)))
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
                cap_dkk=_optional(raw, "cap_dkk", path + ".", _whole),
                assumed=_optional(raw, "assumed", path + ".", lambda v, p: _keys(v, p, AREA_RULES)) or (),
            )
        )
        _notes(raw, path + ".")
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
        type(ident) is str and ident.strip() and len(ident) <= MAX_NAME
        and type(name) is str and name.strip() and len(name) <= MAX_NAME
        and "focus_area" in raw and (focus_area is None or (type(focus_area) is str and focus_area in areas))
        and type(cost_type) is str and cost_type in COST_TYPES
        and (type(scale) is float or type(scale) is int) and 0 <= scale <= MAX_SCALE
        and type(included) is bool
        and "decided" not in raw and type(raw.get("note", "")) is str and len(raw.get("note", "")) <= MAX_NOTE
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
    _notes(raw, path + ".")
    return Line(
        id=_text(_get(raw, "id", path + "."), path + ".id"),
        name=_text(_get(raw, "name", path + "."), path + ".name"),
        focus_area=focus_area,
        cost_type=cost_type,
        costs=costs,
        scale=_number(_get(raw, "scale", path + "."), path + ".scale", 0, MAX_SCALE),
        included=_bool(_get(raw, "included", path + "."), path + ".included"),
        recipients=recipients,
        decided=_optional(raw, "decided", path + ".", _decided),
    )


def _decided(value: Any, path: str) -> dict:
    """lines[].decided: the earlier meeting that decided the line."""
    raw = _obj(value, path)
    meeting_date = _optional(raw, "meeting_date", path + ".", _text)
    if meeting_date is not None:
        try:
            dt.date.fromisoformat(meeting_date)
        except ValueError:
            raise ScenarioError(f'feltet "{path}.meeting_date" skal være en dato som 2023-05-10') from None
    return {
        "meeting_id": _text(_get(raw, "meeting_id", path + "."), path + ".meeting_id"),
        "meeting_date": meeting_date,
        "meeting_title": _optional(raw, "meeting_title", path + ".", _text),
    }


def _parse_costs(raw: dict, path: str) -> tuple[tuple[int, int], ...]:
    costs = []
    for j, cost in enumerate(_list(_get(raw, "costs", path + "."), path + ".costs")):
        year, amount = (cost.get("year"), cost.get("amount_dkk")) if type(cost) is dict else (None, None)
        if type(year) is int and 1900 <= year <= 2200 and type(amount) is int and 0 <= amount <= MAX_DKK:
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
        if type(name) is str and name in municipalities and type(amount) is int and 0 <= amount <= MAX_DKK:
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
    settings = scenario.settings
    lines = [line for line in scenario.lines if line.included]
    line_costs = {line.id: [(year, scaled(line.scale, amount)) for year, amount in line.costs] for line in lines}
    # No funds listed (neither decided nor expected): the money is not given, never 0 kr.
    funds_dkk = sum(f.amount_dkk for f in scenario.funds) if scenario.funds else None
    pool_dkk = settings.pool_dkk or 0  # no pool decided: nothing is set aside
    allocated_dkk = sum(amount for costs in line_costs.values() for _, amount in costs)
    available_dkk = None if funds_dkk is None else funds_dkk - pool_dkk
    if settings.region_share is None:  # financing (A) not decided: not computed
        region_dkk = municipalities_dkk = None
    else:
        region_dkk = _times(settings.region_share, allocated_dkk)
        municipalities_dkk = allocated_dkk - region_dkk
    years = _years(scenario, line_costs)
    focus_areas = _focus_areas(scenario, lines, line_costs, allocated_dkk)
    result = {
        "name": scenario.name,
        "cluster_id": scenario.cluster_id,
        "funds_dkk": funds_dkk,
        "pool_dkk": pool_dkk,
        "available_dkk": available_dkk,
        "allocated_dkk": allocated_dkk,
        # Included lines whose cost the document does not give: they count as nothing above,
        # so the figures say "at least" and the money check (B) cannot be made in full.
        "unpriced": [line.name for line in lines if not line.costs],
        "remaining_dkk": None if available_dkk is None else available_dkk - allocated_dkk,
        "region_dkk": region_dkk,
        "municipalities_dkk": municipalities_dkk,
        "to_regional_pool_dkk": sum(y["to_regional_pool_dkk"] for y in years),
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
                **({"decided": line.decided} if line.decided else {}),
            }
            for line in scenario.lines
        ],
        "rules": rules(scenario),
    }
    result["findings"] = findings(scenario, result, lines, line_costs)
    result["checks"] = checks(scenario, result, lines)
    result["assumptions"] = assumptions(result["rules"])
    return result


def _years(scenario: Scenario, line_costs: dict[str, list[tuple[int, int]]]) -> list[dict]:
    """Year by year. Unused money at a year's end moves on to the next year only when the
    body decided carry-over (G); where its rule sends unused money to a regional pool, it
    leaves instead (to_regional_pool_dkk). Undecided: it stays unused."""
    settings = scenario.settings
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
    if not funds_by_year:  # no money given for any year: each year's money is not given either
        return [
            {"year": year, "funds_dkk": None, "available_dkk": None, "allocated_dkk": allocated_by_year.get(year, 0),
             "remaining_dkk": None, "carried_in_dkk": 0, "to_regional_pool_dkk": 0}
            for year in range(min(all_years), max(all_years) + 1)
        ]
    pool_year = min(funds_by_year)
    rows, carried = [], 0
    for year in range(min(all_years), max(all_years) + 1):
        own = funds_by_year.get(year, 0) - ((settings.pool_dkk or 0) if year == pool_year else 0)
        available = own + carried
        allocated = allocated_by_year.get(year, 0)
        remaining = available - allocated
        unused = max(remaining, 0)
        leaves = unused if settings.unused_to_regional_pool else 0
        rows.append(
            {
                "year": year,
                "funds_dkk": funds_by_year.get(year),  # None: no funds listed for the year
                "available_dkk": available,
                "allocated_dkk": allocated,
                "remaining_dkk": remaining,
                "carried_in_dkk": carried,
                "to_regional_pool_dkk": leaves,
            }
        )
        carried = unused if settings.carry_over and not leaves else 0
    return rows


def _focus_areas(scenario, lines, line_costs, allocated_dkk: int) -> list[dict]:
    rows = []
    for area in scenario.focus_areas:
        own = [line for line in lines if line.focus_area == area.id]
        allocated = sum(a for line in own for _, a in line_costs[line.id])
        rows.append(
            {
                "id": area.id,
                "name": area.name,
                "allocated_dkk": allocated,
                "share": allocated / allocated_dkk if allocated_dkk else 0,
                "target_share": area.target_share,
                "cap_dkk": area.cap_dkk,
                # its included lines without a given cost: its allocation is "at least"
                "unpriced": [line.name for line in own if not line.costs],
            }
        )
    return rows


def _municipalities(scenario: Scenario, lines: list[Line], municipalities_dkk: int | None) -> list[dict]:
    """What each municipality pays (null when financing is not decided) and receives."""
    if municipalities_dkk is None:
        contributions: list[int | None] = [None] * len(scenario.municipalities)
    else:
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
            "net_dkk": None if contribution is None else received[m.name] - contribution,
        }
        for m, contribution in zip(scenario.municipalities, contributions)
    ]


def findings(scenario: Scenario, result: dict, lines: list[Line], line_costs: dict) -> list[dict]:
    """Principle checks B, D and E, errors first, in plain Danish naming the amounts.
    A message ending in an amount ends in "kr.", whose period is also the full stop.
    D's target is compared only when a tolerance is decided (or assumed)."""
    found = []
    partial = bool(result["unpriced"])  # unknown costs can only add to what is over
    if result["available_dkk"] is not None and result["allocated_dkk"] > result["available_dkk"]:
        found.append(_finding("B", "error",
            f"De forventede udgifter på {allocated_text(result)} overstiger de disponible midler på "
            f"{dkk(result['available_dkk'])} med {dkk_at_least(result['allocated_dkk'] - result['available_dkk'], partial)}"))
    for year in result["years"]:
        if year["remaining_dkk"] is not None and year["remaining_dkk"] < 0:
            spent = dkk_at_least(year["allocated_dkk"], partial)
            if year["funds_dkk"] is None and not year["carried_in_dkk"]:  # not "0 kr. available"
                message = f"I {year['year']} har scenariet ingen midler angivet, men udgifter på {spent}"
            else:
                message = (f"I {year['year']} overstiger udgifterne på {spent} de disponible "
                           f"midler på {dkk(year['available_dkk'])} med {dkk_at_least(-year['remaining_dkk'], partial)}")
            found.append(_finding("B", "error", message))
    for line in lines if scenario.settings.no_running_costs else ():
        if line.cost_type == "drift":
            cost = sum(a for _, a in line_costs[line.id])
            found.append(_finding("E", "error",
                f"«{line.name}» er driftsudgifter på {dkk_at_least(cost, not line.costs)}; midlerne må "
                "ikke betale drift."))
    tolerance = scenario.settings.balance_tolerance
    for area in result["focus_areas"]:
        # A share of an allocation that leaves out unknown costs says nothing about the target.
        if not partial and _target_off(area, result["allocated_dkk"], tolerance):
            found.append(_finding("D", "warning",
                f"«{area['name']}» får {pct(area['share'])} af de fordelte midler ({dkk(area['allocated_dkk'])}); "
                f"målet er {pct(area['target_share'])} ± {pct(tolerance)}."))
        if area["cap_dkk"] is not None and area["allocated_dkk"] > area["cap_dkk"]:
            over = bool(area["unpriced"])
            found.append(_finding("D", "warning",
                f"«{area['name']}» får {dkk_at_least(area['allocated_dkk'], over)}, hvilket er "
                f"{dkk_at_least(area['allocated_dkk'] - area['cap_dkk'], over)} over loftet på {dkk(area['cap_dkk'])}"))
    return sorted(found, key=lambda f: f["severity"] != "error")


def _target_off(area: dict, allocated_dkk: int, tolerance: float | None) -> bool:
    target = area["target_share"]
    return (target is not None and tolerance is not None and allocated_dkk > 0
            and _off_target(area["allocated_dkk"], allocated_dkk, target, tolerance))


def _finding(principle: str, severity: str, message: str) -> dict:
    return {"principle": principle, "severity": severity, "message": message}


# -- rules, checks and assumptions -----------------------------------------------------------


def setting_text(key: str, value: Any) -> str:
    """A setting's value in Danish ("50 %", "250.000 kr.", "ja")."""
    if value is None:
        return "ikke besluttet"
    if key in ("carry_over", "unused_to_regional_pool", "no_running_costs"):
        return "ja" if value else "nej"
    if key == "pool_dkk":
        return dkk(value)
    if key == "balance_tolerance":
        return f"± {pct(value, 0)}-point"
    return pct(value, 0)


def rules(scenario: Scenario) -> list[dict]:
    """Every rule the engine can apply, with the value this scenario holds and whether the
    body decided it, the chair assumed it, or nobody decided it."""
    found = []
    for key, (principle, label) in SETTINGS.items():
        value = getattr(scenario.settings, key)
        found.append({"key": key, "principle": principle, "label": label, "value": value,
                      "status": scenario.settings.status(key)})
    for area in scenario.focus_areas:
        found.append({"key": f"focus_areas.{area.id}.target_share", "principle": "D",
                      "label": f"Mål for «{area.name}»", "value": area.target_share,
                      "status": area.status("target_share")})
        found.append({"key": f"focus_areas.{area.id}.cap_dkk", "principle": "D",
                      "label": f"Loft for «{area.name}»", "value": area.cap_dkk, "status": area.status("cap_dkk")})
    return found


def decided_pool(result: dict) -> int | None:
    """The pool (H) set aside in kroner, or None when the body has not decided one and the
    chair has not assumed one: the result's 0 then means nothing set aside, not a decision."""
    undecided = any(r["key"] == "pool_dkk" and r["status"] == NOT_DECIDED for r in result.get("rules", []))
    return None if undecided else result["pool_dkk"]


def rule_text(rule: dict) -> str:
    """'Regionens andel af finansieringen (A): 50 %' for any entry of `rules`."""
    key = rule["key"].rsplit(".", 1)[-1]
    if key == "target_share":
        value = "ikke besluttet" if rule["value"] is None else pct(rule["value"], 0)
    elif key == "cap_dkk":
        value = "ikke besluttet" if rule["value"] is None else dkk(rule["value"])
    else:
        value = setting_text(key, rule["value"])
    return f"{rule['label']} ({rule['principle']}): {value}"


def assumptions(rule_list: list[dict]) -> list[str]:
    """One Danish sentence per rule the chair assumed for this scenario."""
    sentences = [f"Antaget, ikke besluttet: {rule_text(r)}" for r in rule_list if r["status"] == ASSUMED]
    return [s if s.endswith(".") else s + "." for s in sentences]  # "… 100 kr." ends the sentence


def checks(scenario: Scenario, result: dict, lines: list[Line]) -> list[dict]:
    """What was checked, principle by principle: B always; A, D and the caps only as far as
    they are decided (or assumed); anything that cannot be checked says what is missing."""
    found = [_money_check(result)]
    found.append(_financing_check(scenario, result))
    found.extend(_focus_checks(scenario, result))
    drift = [line for line in lines if line.cost_type == "drift"]
    if not scenario.settings.no_running_costs:
        decided = scenario.settings.no_running_costs is not None
        found.append(_check("E", KEPT if decided else NOT_DECIDED,
                            "Midlerne må efter reglerne betale drift." if decided else
                            "Det er ikke besluttet, om midlerne må betale drift"
                            + (f" ({len(drift)} af de medtagne initiativer er drift)." if drift else ".")))
    elif drift:
        found.append(_check("E", BROKEN, f"{len(drift)} medtagne initiativ(er) er driftsudgifter, "
                                         "som midlerne ikke må betale."))
    elif not lines:
        found.append(_check("E", IMPOSSIBLE, "Ingen initiativer er med, så der er ingen udgiftstyper at kontrollere."))
    else:
        found.append(_check("E", KEPT, "Ingen af de medtagne initiativer er markeret som driftsudgifter."))
    return found


def _check(principle: str, status: str, message: str) -> dict:
    return {"principle": principle, "status": status, "message": message}


def _money_check(result: dict) -> dict:
    allocated, available, unpriced = result["allocated_dkk"], result["available_dkk"], result["unpriced"]
    costs = "udgifterne" if unpriced and not allocated else f"udgifterne på {allocated_text(result)}"
    if result["funds_dkk"] is None:
        return _check("B", IMPOSSIBLE, f"Scenariet har ingen midler angivet, så {costs} "
                                       "kan ikke holdes op mod midlerne.")
    if result["funds_dkk"] == 0:
        return _check("B", IMPOSSIBLE, f"Scenariet har ingen midler (0 kr.), så {costs} kan "
                                       "ikke holdes op mod midlerne.")
    short = [y["year"] for y in result["years"] if y["remaining_dkk"] < 0]
    if allocated > available:  # unknown costs can only add to it
        return _check("B", BROKEN, f"Udgifterne på {allocated_text(result)} overstiger de disponible midler på "
                                   f"{dkk(available)}")
    if short:
        return _check("B", BROKEN, f"Udgifterne holder sig inden for midlerne i alt, men ikke i {listed(short)}.")
    if unpriced:
        return _check("B", IMPOSSIBLE, f"De angivne udgifter på {dkk(allocated)} holder sig inden for de disponible "
                                       f"midler på {dkk(available)}, men {listed(f'«{name}»' for name in unpriced)} er med uden angivet "
                                       "beløb, så det kan ikke kontrolleres helt.")
    return _check("B", KEPT, f"Udgifterne på {dkk(allocated)} holder sig inden for de disponible midler på "
                             f"{dkk(available)}, også år for år.")


def allocated_text(result: dict) -> str:
    """The allocated money in words: "mindst …" while included lines have no given cost,
    "ikke angivet" when none of them has one."""
    return dkk_at_least(result["allocated_dkk"], bool(result.get("unpriced")))


def _financing_check(scenario: Scenario, result: dict) -> dict:
    share = scenario.settings.region_share
    if share is None:
        return _check("A", NOT_DECIDED, "Det er ikke besluttet, hvordan region og kommuner deler udgifterne, "
                                        "så finansieringen er ikke beregnet.")
    partial = bool(result["unpriced"])  # the shares of an allocation that leaves out unknown costs
    region, municipalities = (dkk_at_least(result[key], partial) for key in ("region_dkk", "municipalities_dkk"))
    if share < 1 and not scenario.municipalities:
        return _check("A", IMPOSSIBLE, f"Kommunernes andel på {municipalities} kan ikke fordeles: "
                                       "scenariet har ingen kommuner med folketal.")
    if result["allocated_dkk"] == 0 and partial:
        return _check("A", IMPOSSIBLE, "Udgifterne er ikke angivet, så der er ingen finansiering at kontrollere.")
    if result["allocated_dkk"] == 0:
        return _check("A", IMPOSSIBLE, "Intet er fordelt, så der er ingen finansiering at kontrollere.")
    return _check("A", KEPT, f"Regionen betaler {pct(share, 0)} ({region}), kommunerne resten "
                             f"({municipalities}) efter folketal.")


def _focus_checks(scenario: Scenario, result: dict) -> list[dict]:
    if not result["focus_areas"]:
        return [_check("D", IMPOSSIBLE, "Scenariet har ingen fokusområder, så fordelingen mellem dem kan ikke kontrolleres.")]
    found = []
    tolerance = scenario.settings.balance_tolerance
    allocated = result["allocated_dkk"]
    unpriced = result["unpriced"]
    for area in result["focus_areas"]:
        name, target = area["name"], area["target_share"]
        share = f"{pct(area['share'])} af de fordelte midler" + (" med angivet beløb" if unpriced else "")
        if target is None:
            found.append(_check("D", NOT_DECIDED, f"Der er ikke besluttet et mål for «{name}»."))
        elif allocated == 0:
            what = "Udgifterne er ikke angivet" if unpriced else "Intet er fordelt"
            found.append(_check("D", IMPOSSIBLE, f"{what}, så målet på {pct(target)} for «{name}» kan ikke kontrolleres."))
        elif tolerance is None:
            found.append(_check("D", NOT_DECIDED, f"«{name}» får {share}; målet er "
                                                  f"{pct(target)}, men der er ikke besluttet en tolerance for afvigelser."))
        elif unpriced:  # the shares leave out costs nobody gave
            found.append(_check("D", IMPOSSIBLE, f"«{name}» får {share}, men {listed(f'«{n}»' for n in unpriced)} "
                                                 f"er med uden angivet beløb, så målet på {pct(target)} ± "
                                                 f"{pct(tolerance)} kan ikke kontrolleres."))
        elif _target_off(area, allocated, tolerance):
            found.append(_check("D", BROKEN, f"«{name}» får {share}; målet er {pct(target)} ± {pct(tolerance)}."))
        else:
            found.append(_check("D", KEPT, f"«{name}» får {share}, inden for målet på "
                                           f"{pct(target)} ± {pct(tolerance)}."))
        found.append(_cap_check(area))
    return found


def _cap_check(area: dict) -> dict:
    """D's cap for one area: over it is broken whatever unknown costs add; under it is kept
    only when every included line of the area has a given cost."""
    name, cap, own_unpriced = area["name"], area["cap_dkk"], area["unpriced"]
    gets = dkk_at_least(area["allocated_dkk"], bool(own_unpriced))
    if cap is None:
        return _check("D", NOT_DECIDED, f"Der er ikke besluttet et loft for «{name}».")
    if area["allocated_dkk"] > cap:
        return _check("D", BROKEN, f"«{name}» får {gets}, over loftet på {dkk(cap)}")
    if own_unpriced:
        return _check("D", IMPOSSIBLE, f"«{name}» får {gets}, men {listed(f'«{n}»' for n in own_unpriced)} er "
                                       f"med uden angivet beløb, så loftet på {dkk(cap)} kan ikke kontrolleres helt.")
    return _check("D", KEPT, f"«{name}» får {gets}, inden for loftet på {dkk(cap)}")


def evaluate_document(document: Any) -> dict:
    """parse + evaluate: the one call the CLI, the page and the benchmark share."""
    return evaluate(parse(document))
