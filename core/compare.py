"""Side-by-side comparison of two or three evaluated scenarios (output of scenario.evaluate).

Every frame has Danish row labels (its index), one column per scenario, named by the
scenario, and one difference column per other scenario against the base the chair picked
(`difference_column`); values stay numeric so the page formats them. `difference_mask(frame)`
marks the rows where the scenarios differ, `difference_cells(frame)` the cells that differ
from the base (what the page highlights), and `finding_sentences` says the findings in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from core.formatting import NOT_COMPUTED, NOT_GIVEN, dkk, dkk_at_least, dkk_at_most, listed
from core.scenario import CHECK_STATUSES_WORST_FIRST, NOT_DECIDED, decided_pool
from core.scenario_edit import expected_funds
from core.scenario_tables import POOL, assumed_settings, net_dkk, partial, quoted

DIFFERENCE = "Forskel"  # prefix of every difference column (scenario minus the base)
FUNDS = "Klyngemidler"  # the funds row; a page shows it named for the body (formatting.funds_label)
TOTALS = (
    (FUNDS, "funds_dkk"),
    (POOL, "pool_dkk"),
    ("Disponibelt", "available_dkk"),
    ("Fordelt", "allocated_dkk"),
    ("Rest", "remaining_dkk"),
    ("Regionen betaler", "region_dkk"),
    ("Kommunerne betaler", "municipalities_dkk"),
)
# What an empty total means, in words: no funds listed, no pool (H) or financing (A) decided.
NOT_SHOWN = {
    FUNDS: NOT_GIVEN, POOL: NOT_DECIDED, "Disponibelt": NOT_GIVEN, "Rest": NOT_GIVEN,
    "Regionen betaler": NOT_COMPUTED, "Kommunerne betaler": NOT_COMPUTED,
}
SEVERITIES = (("error", "Fejl i alt", "fejl"), ("warning", "Advarsler i alt", "advarsel"))
IN_ALL = "I alle scenarier"


def share_column(name: str) -> str:
    """The column holding a scenario's share in the focus-area frame."""
    return f"Andel – {name}"


def unique_names(names: list[str]) -> list[str]:
    """Column names for the scenarios: a repeated name gets ' (2)', ' (3)'."""
    result: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in result:
            n += 1
            candidate = f"{name} ({n})"
        result.append(candidate)
    return result


def difference_column(name: str, base: str, others: int = 1) -> str:
    """The column holding `name` minus the base: "Forskel til Forslag A" when there is one
    other scenario, "Forslag C − Forslag A" when there are two (each needs its own)."""
    return f"{DIFFERENCE} til {base}" if others == 1 else f"{name} − {base}"


def compare(results: list[dict], names: list[str], base: int = 0) -> dict[str, pd.DataFrame]:
    """totals, focus_areas, municipalities, findings (counts) and finding_messages (long form).

    names label the scenarios (made unique with unique_names); `base` is the position of the
    scenario the others are compared with. The frames remember the scenarios, the base and
    the difference columns in `frame.attrs`, which difference_mask and difference_cells use."""
    if not 2 <= len(results) <= 3:
        raise ValueError("Vælg to eller tre scenarier at sammenligne.")
    if len(names) != len(results):
        raise ValueError("Der skal være ét navn pr. scenarie.")
    if not 0 <= base < len(results):
        raise ValueError("Basis skal være et af de valgte scenarier.")
    names = unique_names(names)
    return {
        "totals": _totals(results, names, base),
        "focus_areas": _focus_areas(results, names, base),
        "municipalities": _municipalities(results, names, base),
        "findings": _finding_counts(results, names, base),
        "finding_messages": _finding_messages(results, names),
    }


def _with_difference(
    frame: pd.DataFrame, names: list[str], base: int, groups: list[list[str]] | None = None
) -> pd.DataFrame:
    others = [name for i, name in enumerate(names) if i != base]
    differences = {}
    for name in others:
        column = difference_column(name, names[base], len(others))
        frame[column] = frame[name] - frame[names[base]]
        differences[column] = name
    frame.attrs["scenarios"] = list(names)
    frame.attrs["base"] = names[base]
    frame.attrs["differences"] = differences
    frame.attrs["groups"] = groups or [list(names)]
    return frame


def _totals(results: list[dict], names: list[str], base: int) -> pd.DataFrame:
    index = pd.Index([label for label, _ in TOTALS], name="Post")
    frame = pd.DataFrame({name: [_total(r, key) for _, key in TOTALS] for name, r in zip(names, results)},
                         index=index)
    frame = _with_difference(frame, names, base)
    # Scenarios with included lines whose cost is not given (scenario → their names): what
    # they allocate and pay is "at least", their rest "at most" what is shown (total_text).
    unpriced = {name: r["unpriced"] for name, r in zip(names, results) if r.get("unpriced")}
    frame.attrs["unpriced"] = unpriced
    frame.attrs["at_least"] = {(label, name) for label in AT_LEAST for name in unpriced}
    frame.attrs["at_most"] = {("Rest", name) for name in unpriced}
    # Cells resting on a rule the chair set rather than the body decided: "(antaget)", as on
    # the scenario page (the pool itself; the financing for an assumed region share).
    frame.attrs["assumed"] = {
        (label, name)
        for name, r in zip(names, results)
        for key in assumed_settings(r)
        for label in ASSUMED_ROWS.get(key, ())
    }
    return frame


ASSUMED_ROWS = {"pool_dkk": (POOL,), "region_share": ("Regionen betaler", "Kommunerne betaler")}


AT_LEAST = ("Fordelt", "Regionen betaler", "Kommunerne betaler")  # unknown costs can only add to them


def total_text(frame: pd.DataFrame, label: str, scenario: str, value: float, formatter: Callable[[float], str]) -> str:
    """A cell as the comparison shows it (`formatter(value)`), but "mindst"/"højst" (or
    "ikke angivet") where the scenario includes lines without a given cost, as on the
    scenario page: its allocation and financing, its rest, and the allocation of a focus
    area one of whose own lines has no cost (`frame.attrs` "at_least" and "at_most" hold
    those cells), and "(antaget)" after a cell that rests on the chair's assumption rather
    than a decided rule ("assumed"). Differences are shown by difference_text;
    partial_sentence says what they leave out."""
    if (label, scenario) in frame.attrs.get("at_least", ()):
        shown = dkk_at_least(value, True)
    elif (label, scenario) in frame.attrs.get("at_most", ()):
        shown = dkk_at_most(value, True)
    else:
        shown = formatter(value)
    return f"{shown} (antaget)" if (label, scenario) in frame.attrs.get("assumed", ()) else shown


def difference_text(value: float, formatter: Callable[[float], str]) -> str:
    """A difference to the base as the comparison shows it: signed, so "+150.000 kr." reads
    as more than the base and "-150.000 kr." as less; no difference is a plain 0."""
    return f"+{formatter(value)}" if value > 0 else formatter(value)


def partial_sentence(frame: pd.DataFrame) -> str | None:
    """Under the totals: which scenarios include lines without a given cost, and that the
    other tables and the differences count only the amounts given."""
    unpriced = frame.attrs.get("unpriced") or {}
    if not unpriced:
        return None
    said = "; ".join(f"{quoted(lines)} i {name}" for name, lines in unpriced.items())
    return (f"Med uden angivet beløb: {said}. Forskellene, fokusområderne og kommunerne regner kun med de "
            "angivne beløb.")


def expected_sentence(documents: list[dict], names: list[str]) -> str | None:
    """Under the totals: which scenarios count money that is only expected (the chair's
    "Forventet tildeling"), so their funds are not all decided."""
    expected = [(name, sum(expected_funds(document).values())) for name, document in zip(names, documents)]
    said = ", ".join(f"{dkk(amount)} i {name}" for name, amount in expected if amount)
    return f"Heraf forventet, men ikke besluttet: {said}." if said else None


def _total(result: dict, key: str) -> Any:
    """A total as compared: an undecided pool is empty ("ikke besluttet"), not 0 kr."""
    return decided_pool(result) if key == "pool_dkk" else result[key]


def _by_key(items_per_result: list[list[dict]], key: str, label: str) -> tuple[list[Any], dict[Any, str]]:
    """Keys in order of first appearance across the scenarios, and the label for each."""
    order: list[Any] = []
    labels: dict[Any, str] = {}
    for items in items_per_result:
        for item in items:
            if item[key] not in labels:
                order.append(item[key])
                labels[item[key]] = item[label]
    return order, labels


def _focus_areas(results: list[dict], names: list[str], base: int) -> pd.DataFrame:
    """Allocated kroner and share of all allocated per focus area (missing area: NaN)."""
    order, labels = _by_key([r["focus_areas"] for r in results], "id", "name")
    columns: dict[str, list] = {}
    for name, result in zip(names, results):
        own = {area["id"]: area for area in result["focus_areas"]}
        columns[name] = [own[i]["allocated_dkk"] if i in own else math.nan for i in order]
    for name, result in zip(names, results):
        own = {area["id"]: area for area in result["focus_areas"]}
        columns[share_column(name)] = [float(own[i]["share"]) if i in own else math.nan for i in order]
    frame = pd.DataFrame(columns, index=pd.Index([labels[i] for i in order], name="Fokusområde"))
    frame = _with_difference(frame, names, base, [list(names), [share_column(n) for n in names]])
    frame.attrs["at_least"] = {(area["name"], name) for name, result in zip(names, results)
                               for area in result["focus_areas"] if area.get("unpriced")}
    return frame


def _municipalities(results: list[dict], names: list[str], base: int) -> pd.DataFrame:
    """Net per municipality (received minus contribution; missing municipality: NaN)."""
    order, _ = _by_key([r["municipalities"] for r in results], "name", "name")
    columns = {}
    for name, result in zip(names, results):
        own = {m["name"]: net_dkk(m, partial(result)) for m in result["municipalities"]}
        columns[name] = [math.nan if own.get(m) is None else own[m] for m in order]
    frame = pd.DataFrame(columns, index=pd.Index(order, name="Kommune"))
    return _with_difference(frame, names, base)


def _finding_counts(results: list[dict], names: list[str], base: int) -> pd.DataFrame:
    """Errors and warnings in all, then per principle and severity."""
    kinds = sorted({(f["principle"], f["severity"]) for r in results for f in r["findings"]},
                   key=lambda kind: (kind[1] != "error", kind[0]))
    wording = {severity: word for severity, _, word in SEVERITIES}
    labels = [total for _, total, _ in SEVERITIES] + [f"Princip {p} – {wording.get(s, s)}" for p, s in kinds]
    columns = {}
    for name, result in zip(names, results):
        found = [(f["principle"], f["severity"]) for f in result["findings"]]
        totals = [sum(1 for _, s in found if s == severity) for severity, _, _ in SEVERITIES]
        columns[name] = totals + [found.count(kind) for kind in kinds]
    frame = pd.DataFrame(columns, index=pd.Index(labels, name="Fund"))
    return _with_difference(frame, names, base)


def _finding_messages(results: list[dict], names: list[str]) -> pd.DataFrame:
    """Every finding per scenario; IN_ALL says whether the same finding is in every scenario."""
    wording = {severity: word for severity, _, word in SEVERITIES}
    per_scenario = [{(f["principle"], f["severity"], f["message"]) for f in r["findings"]} for r in results]
    rows = [
        {
            "Scenarie": name,
            "Princip": f["principle"],
            "Alvor": wording.get(f["severity"], f["severity"]),
            "Besked": f["message"],
            IN_ALL: all((f["principle"], f["severity"], f["message"]) in found for found in per_scenario),
        }
        for name, result in zip(names, results)
        for f in result["findings"]
    ]
    frame = pd.DataFrame(rows, columns=["Scenarie", "Princip", "Alvor", "Besked", IN_ALL])
    frame.attrs["scenarios"] = list(names)
    return frame


def _normalised(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, 9)
    return value


def differs(values: Iterable[Any]) -> bool:
    """True when the values are not all equal (missing values equal each other only)."""
    return len({_normalised(v) for v in values}) > 1


def difference_mask(frame: pd.DataFrame) -> pd.Series:
    """True for the rows where the scenarios differ (amounts or shares); for
    finding_messages, the findings not present in every scenario."""
    if IN_ALL in frame.columns:
        return ~frame[IN_ALL].astype(bool)
    groups = frame.attrs.get("groups") or [frame.attrs.get("scenarios") or
                                           [c for c in frame.columns if not str(c).startswith(DIFFERENCE)]]
    mask = pd.Series(False, index=frame.index)
    for columns in groups:
        mask |= frame[columns].apply(lambda row: differs(row.tolist()), axis=1)
    return mask


def difference_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """True for each cell that differs from the base scenario in its row: a scenario's value
    (amount, or share for the share columns) unlike the base's, and a difference that is not
    zero. The base's own cells and equal values are False, so only what differs is marked."""
    marks = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    base = frame.attrs.get("base")
    if base is None:
        return marks
    names = frame.attrs["scenarios"]
    for group in frame.attrs.get("groups") or [names]:
        base_column = group[names.index(base)]
        for column in group:
            if column != base_column:
                marks[column] = [differs([a, b]) for a, b in zip(frame[column], frame[base_column])]
    for column, name in frame.attrs.get("differences", {}).items():
        # An empty difference (a total not given or not decided): marked only when the
        # scenario and the base differ, so two undecided pools are not highlighted.
        marks[column] = [differs([value, 0]) if value == value else differs([own, based])
                         for value, own, based in zip(frame[column], frame[name], frame[base])]
    return marks


def checked_sentence(result: dict) -> str | None:
    """What the principle checks found, by status, worst first: "Kontrol af principperne:
    B overholdt; A og E ikke besluttet; D ikke muligt." A principle with checks of several
    statuses (D: one cap kept, the other not decided) is named under each. None when the
    result carries no checks."""
    found: dict[str, list[str]] = {}
    for check in result.get("checks") or []:
        principles = found.setdefault(check["status"], [])
        if check["principle"] not in principles:
            principles.append(check["principle"])
    if not found:
        return None
    worst_first = CHECK_STATUSES_WORST_FIRST
    order = sorted(found, key=lambda s: worst_first.index(s) if s in worst_first else len(worst_first))
    return "Kontrol af principperne: " + "; ".join(f"{listed(sorted(found[s]))} {s}" for s in order) + "."


def finding_sentences(results: list[dict], names: list[str], base: int = 0) -> list[str]:
    """The findings in plain Danish sentences: how many errors and warnings each scenario has
    and what its principle checks found, against the base (a scenario of no findings whose
    rules were not decided has nothing wrong, but nothing kept either), then each finding
    that is not in every scenario, and which have it."""
    names = unique_names(names)

    def count(result: dict) -> str:
        errors = sum(1 for f in result["findings"] if f["severity"] == "error")
        warnings = sum(1 for f in result["findings"] if f["severity"] != "error")
        if not errors and not warnings:
            return "ingen fejl og ingen advarsler"
        return f"{errors} fejl og {warnings} {'advarsel' if warnings == 1 else 'advarsler'}"

    said = [checked_sentence(result) for result in results]

    def checked(i: int) -> str:
        if not said[i]:
            return ""
        return " Kontrol af principperne: som basis." if i != base and said[i] == said[base] else f" {said[i]}"

    sentences = [f"{names[base]} (basis) har {count(results[base])}.{checked(base)}"]
    for i, (name, result) in enumerate(zip(names, results)):
        if i != base:
            same = count(result) == count(results[base])
            sentences.append(f"{name} har {count(result)}{' ligesom basis' if same else ''}.{checked(i)}")
    keyed = [{(f["principle"], f["severity"], f["message"]) for f in r["findings"]} for r in results]
    order: list[tuple] = []
    for found in keyed:
        order.extend(sorted(kind for kind in found if kind not in order))
    wording = {severity: word for severity, _, word in SEVERITIES}
    shared = 0
    for principle, severity, message in order:
        holders = [name for name, found in zip(names, keyed) if (principle, severity, message) in found]
        if len(holders) == len(names):
            shared += 1
            continue
        who = listed(holders)
        text = message.rstrip(".")
        sentences.append(f"Kun i {who}: princip {principle} ({wording.get(severity, severity)}): {text}.")
    if shared:
        sentences.append(
            f"{shared} {'bemærkning er' if shared == 1 else 'bemærkninger er'} ens i alle scenarier."
        )
    return sentences
