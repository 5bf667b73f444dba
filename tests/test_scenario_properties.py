"""Properties of the scenario engine over generated documents (hypothesis).

Valid documents never raise and always keep the books: contributions sum to
municipalities_dkk, remaining is available minus allocated (in total and every year),
region + municipalities is the allocation. Anything else raises ScenarioError only."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.scenario import Municipality, ScenarioError, evaluate_document, parse, split_by_population

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOWNS = ["Allerød", "Fredensborg", "Frederikssund", "Gribskov", "Halsnæs", "Helsingør", "Hillerød", "Hørsholm",
         "Hjørring", "Læsø"]
AREAS = ["mental", "aeldre", "boern-unge", "genindlaeggelser"]
YEARS = st.integers(2019, 2028)
AMOUNTS = st.integers(0, 10**9)
# Shares as people write them (0.35) and as floats arrive from arithmetic (0.30000000000000004).
SHARES = st.one_of(st.integers(0, 100).map(lambda p: p / 100), st.floats(0, 1), st.sampled_from([0, 1]))
SCALES = st.one_of(st.integers(0, 3), st.integers(0, 400).map(lambda p: p / 100), st.floats(0, 10))
EXTRA = st.dictionaries(st.sampled_from(["note", "status", "kilde"]), st.text(max_size=5), max_size=2)


@st.composite
def documents(draw, min_towns: int = 0) -> dict:
    towns = draw(st.lists(st.sampled_from(TOWNS), min_size=min_towns, max_size=8, unique=True))
    areas = draw(st.lists(st.sampled_from(AREAS), max_size=4, unique=True))
    doc = {
        "format": "klyngeblik-scenario/1",
        "name": draw(st.sampled_from(["Forslag A", "Forslag B", "Besluttet"])),
        "cluster_id": draw(st.sampled_from(["hovedstaden-nord", "findes-ikke"])),
        "funds": draw(st.lists(
            st.fixed_dictionaries({"year": YEARS, "party": st.sampled_from(["kommuner", "region"]),
                                   "amount_dkk": AMOUNTS}),
            max_size=6)),
        "settings": {  # each rule decided, or not (null or absent)
            key: value for key, value in {
                "carry_over": draw(st.one_of(st.none(), st.booleans())),
                "pool_dkk": draw(st.one_of(st.none(), st.integers(0, 10**7))),
                "region_share": draw(st.one_of(st.none(), SHARES)),
                "balance_tolerance": draw(st.one_of(st.none(), SHARES)),
                "unused_to_regional_pool": draw(st.one_of(st.none(), st.booleans())),
                "no_running_costs": draw(st.one_of(st.none(), st.booleans())),
            }.items() if value is not None or draw(st.booleans())
        },
        "municipalities": [{"name": t, "population": draw(st.integers(1, 10**6))} for t in towns],
        "focus_areas": [
            {"id": a, "name": a.capitalize(), "target_share": draw(st.one_of(st.none(), SHARES)),
             "cap_dkk": draw(st.one_of(st.none(), AMOUNTS))} for a in areas
        ],
        "lines": [],
    }
    doc.update(draw(EXTRA))
    for i in range(draw(st.integers(0, 6))):
        line = {
            "id": f"l{i}",
            "name": f"Indsats {i}",
            "focus_area": draw(st.one_of(st.none(), st.sampled_from(areas))) if areas else None,
            "cost_type": draw(st.sampled_from(["udvikling", "drift"])),
            "costs": draw(st.lists(st.fixed_dictionaries({"year": YEARS, "amount_dkk": AMOUNTS}), max_size=4)),
            "scale": draw(SCALES),
            "included": draw(st.booleans()),
        }
        if towns and draw(st.booleans()):
            line["recipients"] = draw(st.lists(
                st.fixed_dictionaries({"municipality": st.sampled_from(towns), "amount_dkk": AMOUNTS}),
                max_size=4))
        line.update(draw(EXTRA))
        doc["lines"].append(line)
    return doc


def exact(number: float) -> Fraction:
    """A number as written in the document (the float's shortest decimal form)."""
    return Fraction(Decimal(repr(float(number))))


def half_up(value: Fraction) -> int:
    """Independent half-up rounding of a non-negative rational."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


@EXAMPLES
@given(documents())
def test_valid_documents_never_raise_and_keep_the_books(doc):
    """One generated document, every invariant (generation is the slow part, so the checks
    share it)."""
    result = evaluate_document(doc)
    assert json.loads(json.dumps(result)) == result  # plain JSON, through a file and back
    assert evaluate_document(json.loads(json.dumps(doc))) == result
    check_totals(doc, result)
    check_years(doc, result)
    check_contributions(doc, result)
    check_line_costs(doc, result)
    check_findings(doc, result)


def check_totals(doc: dict, result: dict) -> None:
    """Rule 2 and the region's part of rule 4."""
    if not doc["funds"]:  # no funds listed: the money is not given, never 0 kr.
        assert result["funds_dkk"] is None and result["available_dkk"] is None and result["remaining_dkk"] is None
    else:
        assert result["funds_dkk"] == sum(f["amount_dkk"] for f in doc["funds"])
        assert result["available_dkk"] == result["funds_dkk"] - (doc["settings"].get("pool_dkk") or 0)
        assert result["remaining_dkk"] == result["available_dkk"] - result["allocated_dkk"]
    share = doc["settings"].get("region_share")
    if share is None:  # financing not decided: not computed, no value assumed
        assert result["region_dkk"] is None and result["municipalities_dkk"] is None
        return
    assert result["region_dkk"] + result["municipalities_dkk"] == result["allocated_dkk"]
    assert result["region_dkk"] == half_up(exact(share) * result["allocated_dkk"])


def check_years(doc: dict, result: dict) -> None:
    """Rule 3: consecutive years, remaining = available − allocated, carry-over."""
    years = result["years"]
    if years:
        assert [row["year"] for row in years] == list(range(years[0]["year"], years[-1]["year"] + 1))
    carried = 0
    to_pool = doc["settings"].get("unused_to_regional_pool")
    for row in years:
        if not doc["funds"]:  # no money given for any year
            assert (row["funds_dkk"], row["available_dkk"], row["remaining_dkk"]) == (None, None, None)
            assert row["carried_in_dkk"] == row["to_regional_pool_dkk"] == 0
            continue
        assert row["remaining_dkk"] == row["available_dkk"] - row["allocated_dkk"]
        assert row["carried_in_dkk"] == carried
        assert row["to_regional_pool_dkk"] == (max(row["remaining_dkk"], 0) if to_pool else 0)
        carried = max(row["remaining_dkk"], 0) if doc["settings"].get("carry_over") and not to_pool else 0
    assert sum(row["allocated_dkk"] for row in years) == result["allocated_dkk"]
    if doc["funds"]:  # the years' own money is the funds less the pool
        assert sum(row["available_dkk"] - row["carried_in_dkk"] for row in years) == result["available_dkk"]


def check_contributions(doc: dict, result: dict) -> None:
    """Rule 4: contributions sum exactly to municipalities_dkk, by largest remainder."""
    contributions = [row["contribution_dkk"] for row in result["municipalities"]]
    if not doc["municipalities"]:
        assert contributions == []
        return
    if result["municipalities_dkk"] is None:
        assert set(contributions) == {None}
        assert {row["net_dkk"] for row in result["municipalities"]} == {None}
        return
    assert sum(contributions) == result["municipalities_dkk"]
    assert contributions == largest_remainder(result["municipalities_dkk"],
                                              [m["population"] for m in doc["municipalities"]])
    for row in result["municipalities"]:
        assert row["net_dkk"] == row["received_dkk"] - row["contribution_dkk"]


def check_line_costs(doc: dict, result: dict) -> None:
    """Rule 1: round(scale × amount) half up, included lines only, recipients alike."""
    included = [line for line in doc["lines"] if line["included"]]
    costs = sum(half_up(exact(line["scale"]) * cost["amount_dkk"]) for line in included for cost in line["costs"])
    assert result["allocated_dkk"] == costs
    for row in result["municipalities"]:
        received = sum(
            half_up(exact(line["scale"]) * rec["amount_dkk"])
            for line in included for rec in line.get("recipients", []) if rec["municipality"] == row["name"]
        )
        assert row["received_dkk"] == received


def check_findings(doc: dict, result: dict) -> None:
    """Rules 5 and 6: caps, and how many B, D and E findings there are."""
    count = {p: sum(f["principle"] == p for f in result["findings"]) for p in "BDE"}
    if result["available_dkk"] is None:  # no funds: B cannot be checked, so it finds nothing
        assert count["B"] == 0
    else:
        over = result["allocated_dkk"] > result["available_dkk"]
        assert count["B"] == over + sum(row["remaining_dkk"] < 0 for row in result["years"])
    drift = sum(line["included"] and line["cost_type"] == "drift" for line in doc["lines"])
    assert count["E"] == (drift if doc["settings"].get("no_running_costs") else 0)
    tolerance = doc["settings"].get("balance_tolerance")
    expected_d = 0
    by_id = {area["id"]: area for area in doc["focus_areas"]}
    for row in result["focus_areas"]:
        assert row["cap_dkk"] == by_id[row["id"]]["cap_dkk"]  # the document's cap, never derived
        expected_d += row["cap_dkk"] is not None and row["allocated_dkk"] > row["cap_dkk"]
        if row["target_share"] is None or tolerance is None:
            continue
        tolerance = exact(tolerance)
        if result["allocated_dkk"] and not result["unpriced"]:  # a share leaving out unknown costs is not compared
            share = Fraction(row["allocated_dkk"], result["allocated_dkk"])
            expected_d += abs(share - exact(row["target_share"])) > tolerance
    assert count["D"] == expected_d
    for finding in result["findings"]:
        assert finding["severity"] == ("warning" if finding["principle"] == "D" else "error")
        assert finding["message"] and "\n" not in finding["message"]
        assert finding["message"].endswith(".") and not finding["message"].endswith("..")
    check_rules_and_checks(doc, result)


def check_rules_and_checks(doc: dict, result: dict) -> None:
    """Every rule has a status that matches the document; B is always checked; no
    principle without a decided rule is reported as kept."""
    settings = doc["settings"]
    for rule in result["rules"]:
        if "." not in rule["key"]:
            assert rule["status"] == ("ikke besluttet" if settings.get(rule["key"]) is None else "besluttet")
    statuses = {(c["principle"], c["status"]) for c in result["checks"]}
    assert sum(c["principle"] == "B" for c in result["checks"]) == 1
    if settings.get("region_share") is None:
        assert ("A", "ikke besluttet") in statuses
    if not settings.get("no_running_costs"):
        assert ("E", "brudt") not in statuses
    if result["funds_dkk"] == 0:
        assert ("B", "ikke muligt") in statuses
    assert result["assumptions"] == []


def largest_remainder(total: int, populations: list[int]) -> list[int]:
    """Independently: the floor of each exact share, the kroner left over one each to the
    largest fractional parts, ties to the first listed."""
    shares = [Fraction(total * p, sum(populations)) for p in populations]
    floors = [s.numerator // s.denominator for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    winners = set(order[: total - sum(floors)])
    return [f + (i in winners) for i, f in enumerate(floors)]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12), st.lists(st.integers(1, 10**7), min_size=1, max_size=30))
def test_split_by_population_sums_exactly(total, populations):
    towns = tuple(Municipality(f"K{i}", p) for i, p in enumerate(populations))
    parts = split_by_population(total, towns)
    assert sum(parts) == total
    assert parts == largest_remainder(total, populations)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _paths(value, prefix=()):
    """Every place in a JSON value: a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@EXAMPLES
@given(documents(min_towns=1), st.data())
def test_damaged_documents_raise_only_scenario_error(doc, data):
    """Replace or delete any one part of a valid document: it still evaluates, or it is
    rejected with one Danish line, never another exception."""
    damaged = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(list(_paths(damaged))[1:]))
    parent = damaged
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        parent[path[-1]] = data.draw(JSON)
    else:
        del parent[path[-1]]
    try:
        evaluate_document(damaged)
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc)


@EXAMPLES
@given(JSON)
def test_arbitrary_json_raises_only_scenario_error(value):
    try:
        parse(value)
    except ScenarioError:
        pass


LINE_FIELDS = ["id", "name", "focus_area", "cost_type", "scale", "included"]
WRONG = st.sampled_from([[], {}, "", " ", -1, -0.5, float("nan"), float("inf"), 10**400, "drift?", "ukendt-omraade"])


@EXAMPLES
@given(documents(), st.data())
def test_a_damaged_line_field_is_named_in_the_message(doc, data):
    """Well-formed lines take a fast path through validation; a line with one bad field must
    still be rejected with that field's path (or, where the value happens to be valid, pass)."""
    if not doc["lines"]:
        return
    index = data.draw(st.integers(0, len(doc["lines"]) - 1))
    field = data.draw(st.sampled_from(LINE_FIELDS))
    doc["lines"][index][field] = data.draw(WRONG)
    try:
        parse(doc)
    except ScenarioError as exc:
        assert f'"lines[{index}].{field}"' in str(exc), str(exc)
