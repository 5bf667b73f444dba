"""What a body's secretariat enters in the app: funds, rules, focus areas, initiatives,
populations and indicators (tables in core/usertables.py).

Every function validates first (UserDataError: one Danish sentence naming the field; nothing
written), then writes the row(s) and the change log in one transaction and returns the change
set's number (None when nothing changed). The public views show the result at once; the UI
clears its cached reads after a write. Plain Python, no Streamlit: the page, the CLI and the
CSV imports (core/imports/) all call these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from core import changelog
from core.changelog import UserDataError
from core.ids import slug
from core.schema import COST_TYPES, ID_PATTERN
from core.store import Store
from core.usertables import BY_NAME

__all__ = [
    "UserDataError", "set_funds", "remove_funds", "set_rule", "remove_rule", "set_focus_area",
    "remove_focus_area", "set_initiative", "remove_initiative", "set_population",
    "remove_population", "add_indicators", "write_rows", "undo", "RULES", "initiative_rows", "write",
    "rule_text",
]

MAX_DKK = 100_000_000_000
MAX_POPULATION = 10_000_000
MAX_NAME = 200
MAX_NOTE = 5_000
PARTIES = {"kommuner": "kommunerne", "region": "regionen"}
FUND_KINDS = ("tildelt", "forventet")
STATUSES = ("forslag", "besluttet", "afvist", "igangsat", "afsluttet")
# The body's rules: key → (Danish label, kind). Same keys as base.cluster_settings.
RULES: dict[str, tuple[str, str]] = {
    "region_share": ("Regionens andel", "share"),
    "pool_dkk": ("Pulje", "dkk"),
    "carry_over": ("Overførsel af ubrugte midler", "bool"),
    "balance_tolerance": ("Tolerance for balance mellem fokusområder", "share"),
    "regional_pool_on_unused": ("Ubrugte midler går til regional pulje", "bool"),
    "no_running_costs": ("Midlerne må ikke betale drift (E)", "bool"),
}


# -- validation helpers: each names the field in Danish ----------------------------------------
def _text(label: str, value: Any, *, required: bool = False, limit: int = MAX_NAME) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise UserDataError(f"Feltet »{label}« skal udfyldes.")
        return None
    if len(text) > limit:
        raise UserDataError(f"Feltet »{label}« må højst være {limit:,} tegn.".replace(",", "."))
    return text


def _number(label: str, value: Any) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        raise UserDataError(f"Feltet »{label}« skal være et tal.")
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # Danish thousands separators
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise UserDataError(f"Feltet »{label}« skal være et tal, ikke »{value}«.") from None


def _int(label: str, value: Any, lo: int, hi: int, *, required: bool = True) -> int | None:
    number = _number(label, value)
    if number is None:
        if required:
            raise UserDataError(f"Feltet »{label}« skal udfyldes.")
        return None
    if number != int(number):
        raise UserDataError(f"Feltet »{label}« skal være et helt tal.")
    if not lo <= number <= hi:
        raise UserDataError(
            f"Feltet »{label}« skal være mellem {lo:,} og {hi:,}.".replace(",", ".")
        )
    return int(number)


def _share(label: str, value: Any, *, required: bool = False) -> float | None:
    number = _number(label, value)
    if number is None:
        if required:
            raise UserDataError(f"Feltet »{label}« skal udfyldes.")
        return None
    if not 0 <= number <= 1:
        raise UserDataError(f"Feltet »{label}« skal være en andel mellem 0 og 1 (fx 0,5 for 50 %).")
    return float(number)


def _choice(label: str, value: Any, choices: Iterable[str]) -> str:
    choices = tuple(choices)
    if value not in choices:
        raise UserDataError(f"Feltet »{label}« skal være en af: {', '.join(choices)}.")
    return value


def _date(label: str, value: Any, *, required: bool = False) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise UserDataError(f"Feltet »{label}« skal udfyldes.")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserDataError(f"Feltet »{label}« skal være en dato (ÅÅÅÅ-MM-DD), ikke »{value}«.") from None


def _who_why(who: Any, why: Any) -> tuple[str, str]:
    return _text("Indtastet af", who, required=True), _text("Kilde eller begrundelse", why, required=True,
                                                            limit=MAX_NOTE)


def _body(store: Store, cluster_id: str) -> str:
    if not cluster_id or not store.scalar("SELECT count(*) FROM clusters WHERE cluster_id = ?", [cluster_id]):
        raise UserDataError(f"Feltet »Klynge eller sundhedsråd« kender ikke »{cluster_id}«.")
    return cluster_id


class _Unchanged(Exception):
    """Rolls back a change set that changed nothing (and whatever `before` wrote with it)."""


def _write(store: Store, rows: list[tuple[str, dict, dict]], *, who: str, why: str,
           cluster_id: str | None, deletes: list[tuple[str, dict]] = (),
           before: Callable[[Any, int], None] | None = None, batch: bool = False) -> int | None:
    """Write rows (table, key, values) and delete keys as one logged change set; `before(cur,
    change_set)` runs first in the same transaction. Nothing changed: nothing is kept. `batch`
    writes the rows per table in a few statements (changelog.write_rows: same rows, same log)."""
    try:
        with store.transaction() as cur:
            change_set = changelog.next_change_set(cur)
            if before is not None:
                before(cur, change_set)
            log = {"change_set": change_set, "who": who, "why": why, "cluster_id": cluster_id}
            changed = False
            for table, key in deletes:
                changed |= changelog.delete_row(cur, table, key, **log)
            if batch:
                tables: dict[str, list[tuple[dict, dict]]] = {}
                for table, key, values in rows:
                    tables.setdefault(table, []).append((key, values))
                for table, keyed in tables.items():
                    changed |= changelog.write_rows(cur, table, keyed, **log)
            else:
                for table, key, values in rows:
                    changed |= changelog.write_row(cur, table, key, values, **log)
            if not changed and before is not None:
                raise _Unchanged
    except _Unchanged:
        return None
    return change_set if changed else None


def write(store: Store, rows: list[tuple[str, dict, dict]], *, who: str, why: str,
          cluster_id: str | None, deletes: list[tuple[str, dict]] = ()) -> int | None:
    """Write rows (table, key, values) and delete keys as one logged change set, in one
    transaction; the change set's number, None when nothing changed. For modules that
    validate their own rows, deletes included (core.decisions, core.followup, core.handover)."""
    return _write(store, rows, who=who, why=why, cluster_id=cluster_id, deletes=deletes)


def write_rows(store: Store, rows: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]], *, who: str,
               why: str, cluster_id: str | None = None,
               before: Callable[[Any, int], None] | None = None) -> int | None:
    """A batch of user rows (table, key, values), already validated by the caller (e.g. the CSV
    imports), written as ONE logged change set in one transaction; returns its number (None
    when nothing changed: then nothing is written, not even what `before` wrote).

    `before(cur, change_set)` runs inside that transaction before the rows (e.g. to insert the
    import's provenance row naming the change set); if it raises, nothing is written."""
    who, why = _who_why(who, why)
    if cluster_id is not None:
        _body(store, cluster_id)
    prepared = []
    for table, key, values in rows:
        if table not in BY_NAME:
            raise UserDataError(f"Tabellen »{table}« er ikke en tabel med brugerdata.")
        prepared.append((table, dict(key), dict(values)))
    return _write(store, prepared, who=who, why=why, cluster_id=cluster_id, before=before, batch=True)


# -- funds --------------------------------------------------------------------------------------
def set_funds(store: Store, cluster_id: str, year: Any, party: str, kind: str, amount_dkk: Any, *,
              decision: str | None = None, note: str | None = None, who: str, why: str) -> int | None:
    """Funds for one year and party, decided ("tildelt", naming the decision) or expected."""
    who, why = _who_why(who, why)
    _body(store, cluster_id)
    year = _int("År", year, 2000, 2100)
    party = _choice("Part", party, PARTIES)
    kind = _choice("Art", kind, FUND_KINDS)
    amount = _int("Beløb (kr.)", amount_dkk, 0, MAX_DKK)
    decision = _text("Beslutning", decision, required=kind == "tildelt", limit=MAX_NOTE)
    values = {"amount_dkk": amount, "decision": decision, "note": _text("Note", note, limit=MAX_NOTE),
              "source": why}
    key = {"cluster_id": cluster_id, "year": year, "party": party, "kind": kind}
    return _write(store, [("user_funds", key, values)], who=who, why=why, cluster_id=cluster_id)


def remove_funds(store: Store, cluster_id: str, year: int, party: str, kind: str, *, who: str,
                 why: str) -> int | None:
    """Remove an entered amount (a curated amount for the same key shows again)."""
    who, why = _who_why(who, why)
    key = {"cluster_id": cluster_id, "year": int(year), "party": party, "kind": kind}
    return _write(store, [], deletes=[("user_funds", key)], who=who, why=why, cluster_id=cluster_id)


# -- rules --------------------------------------------------------------------------------------
def rule_text(key: str, value: Any) -> str:
    """A rule's value validated and as the settings table stores it ('0.5', '250000', 'true')."""
    label, kind = RULES[key]
    if kind == "share":
        return repr(_share(label, value, required=True))
    if kind == "dkk":
        return str(_int(label, value, 0, MAX_DKK))
    if isinstance(value, str) and value.strip().lower() in ("true", "ja", "false", "nej"):
        value = value.strip().lower() in ("true", "ja")
    if not isinstance(value, bool):
        raise UserDataError(f"Feltet »{label}« skal være ja eller nej.")
    return "true" if value else "false"


def set_rule(store: Store, cluster_id: str, key: str, value: Any, *, note: str | None = None,
             who: str, why: str) -> int | None:
    who, why = _who_why(who, why)
    _body(store, cluster_id)
    key = _choice("Regel", key, RULES)
    values = {"value": rule_text(key, value), "note": _text("Note", note, limit=MAX_NOTE), "source": why}
    return _write(store, [("user_settings", {"cluster_id": cluster_id, "key": key}, values)],
                  who=who, why=why, cluster_id=cluster_id)


def remove_rule(store: Store, cluster_id: str, key: str, *, who: str, why: str) -> int | None:
    who, why = _who_why(who, why)
    return _write(store, [], deletes=[("user_settings", {"cluster_id": cluster_id, "key": key})],
                  who=who, why=why, cluster_id=cluster_id)


# -- focus areas --------------------------------------------------------------------------------
def set_focus_area(store: Store, cluster_id: str, name: str, *, focus_area_id: str | None = None,
                   target_share: Any = None, cap_dkk: Any = None, note: str | None = None,
                   who: str, why: str) -> int | None:
    """A focus area with its target share (of the funds) and decided cap (kr.), both optional."""
    who, why = _who_why(who, why)
    _body(store, cluster_id)
    name = _text("Navn", name, required=True)
    focus_area_id = _text("Id", focus_area_id) or slug(name)
    if not re.fullmatch(ID_PATTERN, focus_area_id):
        raise UserDataError("Feltet »Id« må kun indeholde små bogstaver a–z, tal og bindestreg.")
    share = _share("Målandel", target_share)
    others = store.scalar(
        "SELECT coalesce(sum(target_share), 0) FROM focus_areas WHERE cluster_id = ? AND focus_area_id <> ?",
        [cluster_id, focus_area_id],
    )
    if share is not None and others + share > 1 + 1e-9:
        raise UserDataError(
            f"Feltet »Målandel«: fokusområdernes målandele bliver tilsammen {others + share:.0%} "
            "(højst 100 %).".replace("%", " %")
        )
    values = {"name": name, "target_share": share, "cap_dkk": _int("Loft (kr.)", cap_dkk, 0, MAX_DKK,
                                                                   required=False),
              "note": _text("Note", note, limit=MAX_NOTE), "source": why}
    key = {"cluster_id": cluster_id, "focus_area_id": focus_area_id}
    return _write(store, [("user_focus_areas", key, values)], who=who, why=why, cluster_id=cluster_id)


def remove_focus_area(store: Store, cluster_id: str, focus_area_id: str, *, who: str,
                      why: str) -> int | None:
    who, why = _who_why(who, why)
    key = {"cluster_id": cluster_id, "focus_area_id": focus_area_id}
    return _write(store, [], deletes=[("user_focus_areas", key)], who=who, why=why, cluster_id=cluster_id)


# -- initiatives --------------------------------------------------------------------------------
def set_initiative(store: Store, cluster_id: str, name: str, *, initiative_id: str | None = None,
                   focus_area_id: str | None = None, status: str = "forslag",
                   cost_type: str = "udvikling", costs: Mapping[Any, Any] | None = None,
                   responsible: str | None = None, start_date: Any = None, end_date: Any = None,
                   description: str | None = None, note: str | None = None,
                   who: str, why: str) -> int | None:
    """An initiative and its budget per year (`costs`: year → kr.; a year with None is dropped)."""
    rows, deletes = initiative_rows(
        store, cluster_id, name, initiative_id=initiative_id, focus_area_id=focus_area_id, status=status,
        cost_type=cost_type, costs=costs, responsible=responsible, start_date=start_date, end_date=end_date,
        description=description, note=note, who=who, why=why)
    who, why = _who_why(who, why)
    return _write(store, rows, deletes=deletes, who=who, why=why, cluster_id=cluster_id)


def initiative_rows(store: Store, cluster_id: str, name: str, *, initiative_id: str | None = None,
                    focus_area_id: str | None = None, status: str = "forslag",
                    cost_type: str = "udvikling", costs: Mapping[Any, Any] | None = None,
                    responsible: str | None = None, start_date: Any = None, end_date: Any = None,
                    description: str | None = None, note: str | None = None,
                    who: str, why: str) -> tuple[list[tuple[str, dict, dict]], list[tuple[str, dict]]]:
    """set_initiative validated, unwritten: (rows, deletes) for `write` (core.decisions adds its
    decision link to the same change set)."""
    who, why = _who_why(who, why)
    _body(store, cluster_id)
    name = _text("Navn", name, required=True)
    initiative_id = _text("Id", initiative_id) or f"{cluster_id}-{slug(name)}"
    if not re.fullmatch(ID_PATTERN, initiative_id):
        raise UserDataError("Feltet »Id« må kun indeholde små bogstaver a–z, tal og bindestreg.")
    owner = store.scalar("SELECT cluster_id FROM initiatives WHERE initiative_id = ?", [initiative_id])
    if owner is not None and owner != cluster_id:
        raise UserDataError(f"Feltet »Id«: initiativet »{initiative_id}« hører til en anden klynge eller et andet råd.")
    focus_area_id = _text("Fokusområde", focus_area_id)
    if focus_area_id and not store.scalar(
        "SELECT count(*) FROM focus_areas WHERE cluster_id = ? AND focus_area_id = ?", [cluster_id, focus_area_id]
    ):
        raise UserDataError(f"Feltet »Fokusområde« kender ikke »{focus_area_id}« for denne klynge eller dette råd.")
    start = _date("Start", start_date)
    end = _date("Slut", end_date)
    if start and end and end < start:
        raise UserDataError("Feltet »Slut« ligger før »Start«.")
    per_year = {}
    for year, amount in (costs or {}).items():
        if amount is None or (isinstance(amount, float) and amount != amount) or amount == "":
            continue
        year = _int("Udgifter pr. år: år", year, 2000, 2100)
        per_year[year] = _int(f"Udgifter pr. år: beløb for {year}", amount, 0, MAX_DKK)
    values = {
        "cluster_id": cluster_id, "name": name, "focus_area_id": focus_area_id,
        "status": _choice("Status", status, STATUSES), "cost_type": _choice("Udgiftstype", cost_type, COST_TYPES),
        "responsible": _text("Ansvarlig", responsible), "start_date": start, "end_date": end,
        "description": _text("Beskrivelse", description, limit=MAX_NOTE),
        "note": _text("Note", note, limit=MAX_NOTE), "source": why,
    }
    rows = [("user_initiatives", {"initiative_id": initiative_id}, values)]
    rows += [
        ("user_initiative_costs", {"initiative_id": initiative_id, "year": y, "kind": "budget"},
         {"amount_dkk": a, "note": None, "source": why})
        for y, a in sorted(per_year.items())
    ]
    entered = store.rows("SELECT year FROM app.user_initiative_costs WHERE initiative_id = ? AND kind = 'budget'",
                         [initiative_id])
    deletes = [("user_initiative_costs", {"initiative_id": initiative_id, "year": y, "kind": "budget"})
               for (y,) in entered if y not in per_year]
    return rows, deletes


def remove_initiative(store: Store, cluster_id: str, initiative_id: str, *, who: str, why: str) -> int | None:
    """Remove an entered initiative (or the entered version of a curated one) with its entered costs."""
    who, why = _who_why(who, why)
    costs = store.rows("SELECT year, kind FROM app.user_initiative_costs WHERE initiative_id = ?", [initiative_id])
    deletes = [("user_initiative_costs", {"initiative_id": initiative_id, "year": y, "kind": k}) for y, k in costs]
    deletes.append(("user_initiatives", {"initiative_id": initiative_id}))
    deletes.append(("idea_links", {"initiative_id": initiative_id}))  # made from a suggestion (issue 10)
    return _write(store, [], deletes=deletes, who=who, why=why, cluster_id=cluster_id)


# -- populations --------------------------------------------------------------------------------
def set_population(store: Store, municipality: str, population: Any, *, as_of: Any, source: str,
                   who: str, why: str | None = None, note: str | None = None,
                   cluster_id: str | None = None) -> int | None:
    """A municipality's population as of a date (e.g. FOLK1A 2026K3 → 2026-07-01).

    `source` names where the figure comes from (file, table, period); `why` (optional) is the
    change log's reason, the source when not given. `cluster_id` files the change under a body."""
    source = _text("Kilde", source, required=True, limit=MAX_NOTE)
    who, why = _who_why(who, why or source)
    municipality = _text("Kommune", municipality, required=True)
    if not store.scalar("SELECT count(*) FROM base.municipalities WHERE municipality = ?", [municipality]):
        raise UserDataError(f"Feltet »Kommune« kender ikke »{municipality}«.")
    population = _int("Folketal", population, 1, MAX_POPULATION)
    as_of = _date("Opgjort pr.", as_of, required=True)
    if cluster_id is None:
        cluster_id = store.scalar(
            "SELECT min(cluster_id) FROM municipalities WHERE municipality = ?", [municipality]
        )
    values = {"population": population, "population_year": as_of.year, "population_as_of": as_of,
              "note": _text("Note", note, limit=MAX_NOTE), "source": source}
    return _write(store, [("user_populations", {"municipality": municipality}, values)],
                  who=who, why=why, cluster_id=cluster_id)


def remove_population(store: Store, municipality: str, *, who: str, why: str,
                      cluster_id: str | None = None) -> int | None:
    who, why = _who_why(who, why)
    return _write(store, [], deletes=[("user_populations", {"municipality": municipality})],
                  who=who, why=why, cluster_id=cluster_id)


# -- indicators ---------------------------------------------------------------------------------
def indicator_values(row: Mapping[str, Any], where: str = "") -> tuple[str, dict]:
    """One indicator row validated: (indicator_id, values). `where` prefixes messages (e.g. "Række 4: ")."""
    try:
        name = _text("name", row.get("name"), required=True)
        geography = _text("geography", row.get("geography"), required=True)
        period = _text("period", row.get("period"), required=True)
        unit = _text("unit", row.get("unit"), required=True)
        source = _text("source", row.get("source"), required=True, limit=MAX_NOTE)
        value, low, high = (_number(c, row.get(c)) for c in ("value", "value_low", "value_high"))
        if value is None and (low is None or high is None):
            raise UserDataError("Feltet »value« (eller både »value_low« og »value_high«) skal udfyldes.")
        if low is not None and high is not None and low > high:
            raise UserDataError("Feltet »value_low« er større end »value_high«.")
        indicator_id = _text("indicator_id", row.get("indicator_id")) or slug(f"{name} {geography} {period}", 120)
    except UserDataError as exc:
        raise UserDataError(f"{where}{exc}") from None
    return indicator_id, {
        "name": name, "cluster_id": _text("cluster_id", row.get("cluster_id")), "geography": geography,
        "period": period, "value": value, "value_low": low, "value_high": high, "unit": unit,
        "note": _text("note", row.get("note"), limit=MAX_NOTE), "source": source,
    }


def add_indicators(store: Store, rows: Iterable[Mapping[str, Any]], *, who: str, why: str,
                   cluster_id: str | None = None) -> int | None:
    """Indicators (columns as the `indicators` view) added or replaced by id, all in one change set.

    Rows are validated first; a bad row raises UserDataError naming the row (1-based) and field."""
    who, why = _who_why(who, why)
    prepared = []
    for number, row in enumerate(rows, start=1):
        indicator_id, values = indicator_values(row, f"Række {number}: ")
        if values["cluster_id"]:
            _body(store, values["cluster_id"])
        prepared.append(("user_indicators", {"indicator_id": indicator_id}, values))
    return _write(store, prepared, who=who, why=why, cluster_id=cluster_id)


def undo(store: Store, change_set: int, *, who: str, why: str = "") -> int:
    """Undo a change set (see core.changelog.undo)."""
    return changelog.undo(store, change_set, who=who, why=why)
