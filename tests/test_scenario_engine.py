"""The scenario engine (core/scenario.py) against the specification of
`klyngeblik-scenario/1`, rule by rule, with hand-computed figures.

The figures end up in minutes, so every expected number here is worked out by hand
(or, for the population split, by an independent exact computation noted beside it)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from core import scenario
from helpers import ISSUE_EXAMPLE
from core.scenario import ScenarioError, evaluate_document, parse, round_half_up, scaled, split_by_population

HN_POPULATIONS = {
    "Allerød": 26061,
    "Fredensborg": 42009,
    "Frederikssund": 46117,
    "Gribskov": 41920,
    "Halsnæs": 31515,
    "Helsingør": 63399,
    "Hillerød": 54159,
    "Hørsholm": 24715,
}


def make_doc(
    funds=((2023, 1_000_000),),
    lines=(),
    municipalities=(("Allerød", 1),),
    focus_areas=(("mental", None),),
    **settings,
) -> dict:
    """A minimal valid document; funds as (year, amount) or (year, party, amount)."""
    base_settings = {"carry_over": False, "pool_dkk": 0, "region_share": 0.5, "balance_tolerance": 0.1,
                     "no_running_costs": True}
    base_settings.update(settings)
    return {
        "format": "klyngeblik-scenario/1",
        "name": "Prøve",
        "cluster_id": "findes-ikke",
        "funds": [
            {"year": f[0], "party": "kommuner" if len(f) == 2 else f[1], "amount_dkk": f[-1]} for f in funds
        ],
        "settings": base_settings,
        "municipalities": [{"name": name, "population": pop} for name, pop in municipalities],
        "focus_areas": [{"id": fid, "name": f"Område {fid}", "target_share": target, "cap_dkk": cap[0] if cap else None}
                        for fid, target, *cap in focus_areas],
        "lines": list(lines),
    }


def make_line(line_id="l1", costs=((2023, 0),), scale=1.0, included=True, focus_area="mental",
              cost_type="udvikling", recipients=None) -> dict:
    line = {
        "id": line_id,
        "name": f"Indsats {line_id}",
        "focus_area": focus_area,
        "cost_type": cost_type,
        "costs": [{"year": year, "amount_dkk": amount} for year, amount in costs],
        "scale": scale,
        "included": included,
    }
    if recipients is not None:
        line["recipients"] = [{"municipality": m, "amount_dkk": a} for m, a in recipients]
    return line


def year_rows(result: dict) -> dict[int, dict]:
    return {row["year"]: row for row in result["years"]}


def area(result: dict, area_id: str) -> dict:
    return next(row for row in result["focus_areas"] if row["id"] == area_id)


def town(result: dict, name: str) -> dict:
    return next(row for row in result["municipalities"] if row["name"] == name)


def principles(result: dict) -> list[str]:
    return [f["principle"] for f in result["findings"]]


# -- the format ----------------------------------------------------------------------------


def test_issue_example_evaluates_by_hand():
    result = evaluate_document(ISSUE_EXAMPLE)
    assert result["funds_dkk"] == 2_221_991
    assert result["pool_dkk"] == 250_000
    assert result["available_dkk"] == 1_971_991  # 2.221.991 − 250.000
    assert result["allocated_dkk"] == 4_000_000
    assert result["remaining_dkk"] == -2_028_009
    assert result["region_dkk"] == 2_000_000
    assert result["municipalities_dkk"] == 2_000_000
    assert result["years"] == [
        {"year": 2023, "funds_dkk": 2_221_991, "available_dkk": 1_971_991, "allocated_dkk": 4_000_000,
         "remaining_dkk": -2_028_009, "carried_in_dkk": 0, "to_regional_pool_dkk": 0}
    ]
    mental = area(result, "mental")
    assert (mental["allocated_dkk"], mental["share"], mental["target_share"]) == (4_000_000, 1.0, 0.5)
    assert mental["cap_dkk"] is None  # the issue's example decides no cap; none is derived
    allerod = town(result, "Allerød")
    assert (allerod["contribution_dkk"], allerod["received_dkk"], allerod["net_dkk"]) == (
        2_000_000, 500_000, -1_500_000)
    # B total, B for 2023, D share (100 % vs 50 % ± 10 %).
    assert sorted(principles(result)) == ["B", "B", "D"]


def test_result_has_every_specified_key():
    result = evaluate_document(ISSUE_EXAMPLE)
    for key in ("funds_dkk", "pool_dkk", "available_dkk", "allocated_dkk", "remaining_dkk", "region_dkk",
                "municipalities_dkk", "years", "focus_areas", "municipalities", "findings"):
        assert key in result
    assert {"year", "available_dkk", "allocated_dkk", "remaining_dkk", "carried_in_dkk"} <= set(result["years"][0])
    assert {"id", "allocated_dkk", "share", "target_share", "cap_dkk"} <= set(result["focus_areas"][0])
    assert {"name", "contribution_dkk", "received_dkk", "net_dkk"} <= set(result["municipalities"][0])
    assert set(result["findings"][0]) == {"principle", "severity", "message"}
    json.dumps(result)  # plain JSON


def test_cluster_id_is_only_a_label():
    result = evaluate_document(make_doc())
    assert result["cluster_id"] == "findes-ikke"


def test_evaluate_document_is_parse_then_evaluate():
    doc = make_doc(lines=[make_line(costs=[(2023, 10)])])
    assert evaluate_document(doc) == scenario.evaluate(parse(doc))


def test_scale_one_and_one_point_zero_alike():
    as_int = make_doc(lines=[make_line(costs=[(2023, 4_000_001)], scale=1)])
    as_float = make_doc(lines=[make_line(costs=[(2023, 4_000_001)], scale=1.0)])
    assert evaluate_document(as_int) == evaluate_document(as_float)
    assert evaluate_document(as_int)["allocated_dkk"] == 4_000_001


def test_whole_amounts_written_as_json_floats_are_accepted():
    doc = make_doc(funds=[(2023, 1_000_000.0)], lines=[make_line(costs=[(2023.0, 500_000.0)])])
    result = evaluate_document(doc)
    assert (result["funds_dkk"], result["allocated_dkk"]) == (1_000_000, 500_000)
    assert isinstance(result["funds_dkk"], int)


def test_recipients_may_be_left_out_or_null():
    left_out = make_line(costs=[(2023, 100)])
    null = dict(left_out, recipients=None)
    empty = dict(left_out, recipients=[])
    results = [evaluate_document(make_doc(lines=[line])) for line in (left_out, null, empty)]
    assert results[0] == results[1] == results[2]
    assert town(results[0], "Allerød")["received_dkk"] == 0


def test_target_share_may_be_null_or_left_out():
    doc = make_doc(focus_areas=[("mental", None)], lines=[make_line(costs=[(2023, 100)])])
    del doc["focus_areas"][0]["target_share"]
    result = evaluate_document(doc)
    assert area(result, "mental")["target_share"] is None
    assert area(result, "mental")["cap_dkk"] is None


def test_unknown_keys_are_ignored_everywhere():
    plain = make_doc(lines=[make_line(costs=[(2023, 100)], recipients=[("Allerød", 10)])])
    extra = copy.deepcopy(plain)
    extra["note"] = "sendt til mødet"
    extra["settings"]["farve"] = "blå"
    extra["funds"][0]["kilde"] = "referat"
    extra["municipalities"][0]["region"] = "Hovedstaden"
    extra["focus_areas"][0]["beskrivelse"] = "…"
    extra["lines"][0]["status"] = "forslag"
    extra["lines"][0]["costs"][0]["kind"] = "budget"
    extra["lines"][0]["recipients"][0]["note"] = "to spor"
    assert evaluate_document(extra) == evaluate_document(plain)


def test_empty_lists_are_valid():
    doc = make_doc(funds=[], municipalities=[], focus_areas=[])
    result = evaluate_document(doc)
    assert result["funds_dkk"] is None and result["allocated_dkk"] == 0  # no funds: not given, never 0 kr.
    assert result["years"] == [] and result["findings"] == [] and result["municipalities"] == []


def _invalid(mutate) -> dict:
    doc = make_doc(lines=[make_line(costs=[(2023, 100)], recipients=[("Allerød", 10)])])
    mutate(doc)
    return doc


def _set(path: str, value):
    """A mutation setting doc[...] along a dotted path (numbers index lists)."""
    def mutate(doc):
        *parents, last = path.split(".")
        target = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return mutate


def _delete(path: str):
    def mutate(doc):
        *parents, last = path.split(".")
        target = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]
    return mutate


INVALID = [
    # (mutation, text the message must contain)
    (_set("format", "klyngeblik-scenario/2"), '"format"'),
    (_delete("format"), '"format"'),
    (_delete("name"), '"name"'),
    (_set("name", ""), '"name"'),
    (_delete("cluster_id"), '"cluster_id"'),
    (_set("funds", {}), '"funds"'),
    (_delete("funds"), '"funds"'),
    (_set("funds.0.amount_dkk", -1), '"funds[0].amount_dkk"'),
    (_set("funds.0.amount_dkk", 10.5), '"funds[0].amount_dkk"'),
    (_set("funds.0.amount_dkk", "1000"), '"funds[0].amount_dkk"'),
    (_set("funds.0.year", "2023"), '"funds[0].year"'),
    (_set("funds.0.party", "staten"), '"funds[0].party"'),
    (_delete("settings"), '"settings"'),
    (_set("settings.pool_dkk", 1.5), '"settings.pool_dkk"'),
    (_set("settings.carry_over", "true"), '"settings.carry_over"'),
    (_set("settings.carry_over", 1), '"settings.carry_over"'),
    (_set("settings.pool_dkk", -250000), '"settings.pool_dkk"'),
    (_set("settings.region_share", 1.5), '"settings.region_share"'),
    (_set("settings.region_share", True), '"settings.region_share"'),
    (_set("settings.balance_tolerance", "0.1"), '"settings.balance_tolerance"'),
    (_set("settings.assumed", ["farve"]), '"settings.assumed[0]"'),
    (_set("settings.unused_to_regional_pool", "ja"), '"settings.unused_to_regional_pool"'),
    (_set("focus_areas.0.cap_dkk", -1), '"focus_areas[0].cap_dkk"'),
    (_set("focus_areas.0.cap_dkk", 4.5), '"focus_areas[0].cap_dkk"'),
    (_set("lines.0.decided", {"meeting_date": "2023-05-10"}), '"lines[0].decided.meeting_id"'),
    (_set("lines.0.decided", {"meeting_id": "m", "meeting_date": "10. maj"}), '"lines[0].decided.meeting_date"'),
    (_set("municipalities", "Allerød"), '"municipalities"'),
    (_set("municipalities.0.population", 0), '"municipalities[0].population"'),
    (_set("municipalities.0.population", -5), '"municipalities[0].population"'),
    (_set("municipalities.0.population", None), '"municipalities[0].population"'),
    (_delete("municipalities.0.population"), '"municipalities[0].population"'),
    (_set("municipalities.0.name", 7), '"municipalities[0].name"'),
    (_set("focus_areas.0.target_share", "50 %"), '"focus_areas[0].target_share"'),
    (_set("focus_areas.0.target_share", -0.1), '"focus_areas[0].target_share"'),
    (_delete("focus_areas.0.id"), '"focus_areas[0].id"'),
    (_set("lines", None), '"lines"'),
    (_set("lines.0", "stime"), '"lines[0]"'),
    (_delete("lines.0.id"), '"lines[0].id"'),
    (_delete("lines.0.focus_area"), '"lines[0].focus_area"'),
    (_set("lines.0.focus_area", "ukendt"), '"lines[0].focus_area"'),
    (_set("lines.0.focus_area", ["mental"]), '"lines[0].focus_area"'),
    (_set("lines.0.focus_area", {"id": "mental"}), '"lines[0].focus_area"'),
    (_set("lines.0.cost_type", "anlæg"), '"lines[0].cost_type"'),
    (_set("lines.0.scale", -0.5), '"lines[0].scale"'),
    (_set("lines.0.scale", "1"), '"lines[0].scale"'),
    (_set("lines.0.scale", float("inf")), '"lines[0].scale"'),
    (_set("lines.0.scale", float("nan")), '"lines[0].scale"'),
    (_set("lines.0.scale", 10**400), '"lines[0].scale"'),
    (_set("lines.0.included", "ja"), '"lines[0].included"'),
    (_delete("lines.0.included"), '"lines[0].included"'),
    (_set("lines.0.costs", {"2023": 100}), '"lines[0].costs"'),
    (_set("lines.0.costs.0.amount_dkk", -100), '"lines[0].costs[0].amount_dkk"'),
    (_set("lines.0.costs.0.amount_dkk", float("inf")), '"lines[0].costs[0].amount_dkk"'),
    (_delete("lines.0.costs.0.year"), '"lines[0].costs[0].year"'),
    (_set("lines.0.recipients", {"Allerød": 10}), '"lines[0].recipients"'),
    (_set("lines.0.recipients", 0), '"lines[0].recipients"'),
    (_set("lines.0.recipients.0.municipality", "Gribskov"), '"lines[0].recipients[0].municipality"'),
    (_set("lines.0.recipients.0.municipality", ["Allerød"]), '"lines[0].recipients[0].municipality"'),
    (_set("lines.0.recipients.0.amount_dkk", -10), '"lines[0].recipients[0].amount_dkk"'),
]


@pytest.mark.parametrize("mutate, field", INVALID, ids=[field + f"#{i}" for i, (_, field) in enumerate(INVALID)])
def test_invalid_documents_name_the_field(mutate, field):
    with pytest.raises(ScenarioError) as raised:
        parse(_invalid(mutate))
    message = str(raised.value)
    assert field in message
    assert "\n" not in message


def test_document_must_be_an_object():
    for document in ([], "scenario", None, 3):
        with pytest.raises(ScenarioError, match="dokumentet"):
            parse(document)


def test_duplicate_ids_and_names_are_rejected():
    twice = make_doc(lines=[make_line("a"), make_line("a")])
    with pytest.raises(ScenarioError, match=r'"lines\[1\]\.id"'):
        parse(twice)
    with pytest.raises(ScenarioError, match=r'"municipalities\[1\]\.name"'):
        parse(make_doc(municipalities=[("Allerød", 1), ("Allerød", 2)]))
    with pytest.raises(ScenarioError, match=r'"focus_areas\[1\]\.id"'):
        parse(make_doc(focus_areas=[("mental", None), ("mental", 0.5)]))


def test_messages_are_danish():
    with pytest.raises(ScenarioError, match="må ikke være negativt"):
        parse(_invalid(_set("lines.0.scale", -1)))
    with pytest.raises(ScenarioError, match="er ikke blandt kommunerne"):
        parse(_invalid(_set("lines.0.recipients.0.municipality", "Gribskov")))
    with pytest.raises(ScenarioError, match="positivt folketal"):
        parse(_invalid(_set("municipalities.0.population", 0)))
    with pytest.raises(ScenarioError, match="mangler"):
        parse(_invalid(_delete("settings")))


def test_loads_rejects_what_is_not_json():
    for text in ("", "{", "{'format': 1}", "[" * 100_000, "1" * 5000):
        with pytest.raises(ScenarioError, match="forslag.json"):
            scenario.loads(text, "forslag.json")
    assert scenario.loads('{"a": 1}') == {"a": 1}


def test_load_file(tmp_path):
    with pytest.raises(ScenarioError, match="findes ikke"):
        scenario.load_file(tmp_path / "mangler.json")
    with pytest.raises(ScenarioError, match="kan ikke læses"):
        scenario.load_file(tmp_path)
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"name": "Allerød"}'.encode("latin-1"))
    with pytest.raises(ScenarioError, match="ikke UTF-8"):
        scenario.load_file(latin1)
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(ISSUE_EXAMPLE).encode())
    assert scenario.load_file(with_bom) == ISSUE_EXAMPLE


# -- rule 1: a line's cost is round(scale × amount); only included lines count -------------


@pytest.mark.parametrize(
    "scale, amount, expected",
    [
        (0.5, 3, 2),  # 1,5 → 2
        (0.5, 5, 3),  # 2,5 → 3 (half up, not to even)
        (0.5, 1, 1),  # 0,5 → 1
        (0.5, 7, 4),  # 3,5 → 4
        (0.1, 5, 1),  # 0,5 exactly (the float 0.1 is read as written)
        (1.15, 10, 12),  # 11,5 → 12 (float arithmetic gives 11,499999…)
        (2.675, 100, 268),  # 267,5 → 268 (float arithmetic gives 267,4999…)
        (0.25, 6, 2),  # 1,5 → 2
        (0.3, 3, 1),  # 0,9 → 1
        (0.4, 1, 0),  # 0,4 → 0
        (0, 4_000_000, 0),
        (1, 4_000_001, 4_000_001),
        (1.0, 7, 7),
        (2, 1_110_996, 2_221_992),
        (0.75, 1_333_333, 1_000_000),  # 999.999,75 → 1.000.000
    ],
)
def test_scaled_rounds_half_up(scale, amount, expected):
    assert scaled(scale, amount) == expected


def test_round_half_up():
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("1.5")) == 2
    assert round_half_up(Decimal("0.5")) == 1
    assert round_half_up(Decimal("0.49999")) == 0
    assert round_half_up(Decimal("-2.5")) == -3  # half away from zero
    assert round_half_up(Decimal(4402596)) == 4402596


def test_rounding_is_exact_for_large_amounts():
    assert scaled(0.5, 10**30 + 1) == 5 * 10**29 + 1
    assert round_half_up(Decimal(f"{10**40}.5")) == 10**40 + 1


def test_each_year_of_a_line_is_rounded_on_its_own():
    # 0,5 × 3 = 1,5 → 2 and 0,5 × 5 = 2,5 → 3: the line costs 5, not round(0,5 × 8) = 4.
    doc = make_doc(lines=[make_line(costs=[(2023, 3), (2024, 5)], scale=0.5)])
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 5
    assert [row["allocated_dkk"] for row in result["years"]] == [2, 3]


def test_only_included_lines_count():
    doc = make_doc(
        municipalities=[("Allerød", 1)],
        lines=[
            make_line("med", costs=[(2023, 300_000)], recipients=[("Allerød", 100_000)]),
            make_line("uden", costs=[(2023, 700_000)], included=False, recipients=[("Allerød", 50_000)]),
        ],
    )
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 300_000
    assert area(result, "mental")["allocated_dkk"] == 300_000
    assert year_rows(result)[2023]["allocated_dkk"] == 300_000
    assert town(result, "Allerød")["received_dkk"] == 100_000


def test_recipients_are_scaled_like_costs():
    doc = make_doc(
        municipalities=[("Allerød", 1), ("Gribskov", 1)],
        lines=[
            make_line("a", costs=[(2023, 1_000_001)], scale=0.5,
                      recipients=[("Allerød", 500_001), ("Gribskov", 3), ("Allerød", 1)]),
            make_line("b", costs=[(2023, 10)], scale=2, recipients=[("Gribskov", 7)]),
        ],
    )
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 500_001 + 20  # 500.000,5 → 500.001; 2 × 10
    # Allerød: round(250.000,5) + round(0,5) = 250.001 + 1; Gribskov: round(1,5) + 2 × 7 = 2 + 14.
    assert town(result, "Allerød")["received_dkk"] == 250_002
    assert town(result, "Gribskov")["received_dkk"] == 16


def test_scale_zero_costs_nothing():
    doc = make_doc(lines=[make_line(costs=[(2023, 4_000_000)], scale=0, recipients=[("Allerød", 500_000)])])
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 0
    assert town(result, "Allerød")["received_dkk"] == 0


# -- rule 2: totals ------------------------------------------------------------------------


def test_totals():
    doc = make_doc(
        funds=[(2022, "kommuner", 2_221_991), (2022, "region", 2_180_605),
               (2023, "kommuner", 2_221_991), (2023, "region", 2_180_605)],
        pool_dkk=250_000,
        lines=[make_line("a", costs=[(2023, 4_000_000)]), make_line("b", costs=[(2022, 1), (2024, 2)])],
    )
    result = evaluate_document(doc)
    assert result["funds_dkk"] == 8_805_192
    assert result["pool_dkk"] == 250_000
    assert result["available_dkk"] == 8_555_192
    assert result["allocated_dkk"] == 4_000_003
    assert result["remaining_dkk"] == 4_555_189


def test_pool_comes_from_the_earliest_fund_year_even_when_lines_start_earlier():
    doc = make_doc(
        funds=[(2023, 1_000_000), (2024, 1_000_000)],
        pool_dkk=100_000,
        carry_over=True,
        lines=[make_line(costs=[(2022, 50_000), (2024, 200_000)])],
    )
    result = evaluate_document(doc)
    years = year_rows(result)
    assert list(years) == [2022, 2023, 2024]
    assert years[2022] == {"year": 2022, "funds_dkk": None, "available_dkk": 0, "allocated_dkk": 50_000,
                           "remaining_dkk": -50_000, "carried_in_dkk": 0, "to_regional_pool_dkk": 0}
    # No funds listed for 2022: the finding says none are given, not "0 kr. available".
    assert ("B", "I 2022 har scenariet ingen midler angivet, men udgifter på 50.000 kr.") in [
        (f["principle"], f["message"]) for f in result["findings"]]
    # Not 1.000.000: the pool is taken in 2023, the earliest year with funds.
    assert years[2023]["available_dkk"] == 900_000
    assert years[2023]["carried_in_dkk"] == 0  # a deficit is not carried
    assert years[2024]["carried_in_dkk"] == 900_000
    assert years[2024]["available_dkk"] == 1_900_000
    assert years[2024]["remaining_dkk"] == 1_700_000
    assert result["available_dkk"] == 1_900_000
    assert result["remaining_dkk"] == 1_650_000
    # Overall there is room, but 2022 has a deficit: one B finding, for 2022.
    b = [f for f in result["findings"] if f["principle"] == "B"]
    assert len(b) == 1 and "2022" in b[0]["message"] and "50.000 kr." in b[0]["message"]


def test_pool_may_exceed_funds():
    result = evaluate_document(make_doc(funds=[(2023, 100_000)], pool_dkk=250_000))
    assert result["available_dkk"] == -150_000
    assert result["remaining_dkk"] == -150_000
    assert year_rows(result)[2023]["available_dkk"] == -150_000
    # Nothing allocated, yet 0 exceeds the available −150.000: once in total, once for 2023.
    assert principles(result) == ["B", "B"]


def test_without_funds_the_money_is_not_given_and_b_cannot_be_checked():
    """No funds listed (a body whose sources decide none): the funds, what is available and
    the rest are null ("ikke angivet"), never 0 kr. or a deficit; B says it cannot check."""
    doc = make_doc(funds=[], pool_dkk=250_000, lines=[make_line(costs=[(2023, 10)])])
    result = evaluate_document(doc)
    assert (result["funds_dkk"], result["available_dkk"], result["remaining_dkk"]) == (None, None, None)
    assert result["allocated_dkk"] == 10
    assert result["years"] == [{"year": 2023, "funds_dkk": None, "available_dkk": None, "allocated_dkk": 10,
                                "remaining_dkk": None, "carried_in_dkk": 0, "to_regional_pool_dkk": 0}]
    assert not any(f["principle"] == "B" for f in result["findings"])
    money = next(c for c in result["checks"] if c["principle"] == "B")
    assert money["status"] == "ikke muligt" and "ingen midler angivet" in money["message"]


def test_funds_of_zero_kroner_are_given():
    """A fund the document lists, even of 0 kr., is given: the books are kept in kroner."""
    result = evaluate_document(make_doc(funds=[(2023, 0)], lines=[make_line(costs=[(2023, 10)])]))
    assert (result["funds_dkk"], result["available_dkk"], result["remaining_dkk"]) == (0, 0, -10)


# -- rule 3: years -------------------------------------------------------------------------


def _gap_year(carry_over: bool) -> dict:
    return evaluate_document(make_doc(
        funds=[(2022, 1_000_000), (2024, 500_000)],
        carry_over=carry_over,
        lines=[make_line(costs=[(2024, 1_200_000)])],
    ))


def test_carry_over_across_a_gap_year():
    result = _gap_year(carry_over=True)
    assert result["years"] == [
        {"year": 2022, "funds_dkk": 1_000_000, "available_dkk": 1_000_000, "allocated_dkk": 0,
         "remaining_dkk": 1_000_000, "carried_in_dkk": 0, "to_regional_pool_dkk": 0},
        {"year": 2023, "funds_dkk": None, "available_dkk": 1_000_000, "allocated_dkk": 0,
         "remaining_dkk": 1_000_000, "carried_in_dkk": 1_000_000, "to_regional_pool_dkk": 0},
        {"year": 2024, "funds_dkk": 500_000, "available_dkk": 1_500_000, "allocated_dkk": 1_200_000,
         "remaining_dkk": 300_000, "carried_in_dkk": 1_000_000, "to_regional_pool_dkk": 0},
    ]
    assert result["findings"] == []


def test_no_carry_over_across_a_gap_year():
    result = _gap_year(carry_over=False)
    years = year_rows(result)
    assert [years[y]["carried_in_dkk"] for y in (2022, 2023, 2024)] == [0, 0, 0]
    assert [years[y]["available_dkk"] for y in (2022, 2023, 2024)] == [1_000_000, 0, 500_000]
    assert years[2024]["remaining_dkk"] == -700_000
    # Overall 1.500.000 covers 1.200.000, but 2024 alone does not.
    assert result["remaining_dkk"] == 300_000
    (finding,) = result["findings"]
    assert (finding["principle"], finding["severity"]) == ("B", "error")
    assert "2024" in finding["message"]
    assert "1.200.000 kr." in finding["message"] and "500.000 kr." in finding["message"]
    assert "700.000 kr." in finding["message"]


def test_years_span_lines_beyond_the_funds():
    doc = make_doc(funds=[(2023, 1_000_000)], carry_over=True,
                   lines=[make_line(costs=[(2025, 400_000), (2021, 0)])])
    result = evaluate_document(doc)
    assert [row["year"] for row in result["years"]] == [2021, 2022, 2023, 2024, 2025]
    years = year_rows(result)
    assert years[2025] == {"year": 2025, "funds_dkk": None, "available_dkk": 1_000_000, "allocated_dkk": 400_000,
                           "remaining_dkk": 600_000, "carried_in_dkk": 1_000_000, "to_regional_pool_dkk": 0}


def test_excluded_lines_do_not_extend_the_years():
    doc = make_doc(funds=[(2023, 100)], lines=[make_line(costs=[(2030, 5)], included=False)])
    assert [row["year"] for row in evaluate_document(doc)["years"]] == [2023]


def test_costs_in_the_same_year_add_up():
    doc = make_doc(lines=[make_line("a", costs=[(2023, 10), (2023, 15)]), make_line("b", costs=[(2023, 5)])])
    assert year_rows(evaluate_document(doc))[2023]["allocated_dkk"] == 30


# -- rule 4: financing (A) -----------------------------------------------------------------


def test_region_share_of_an_odd_allocation_rounds_half_up():
    doc = make_doc(lines=[make_line(costs=[(2023, 1_000_001)])])
    result = evaluate_document(doc)
    assert result["region_dkk"] == 500_001  # 500.000,5 → 500.001
    assert result["municipalities_dkk"] == 500_000


def test_region_share_read_as_written():
    # 0,35 × 10 = 3,5 → 4 (the float 0.35 is 0,34999…, which would round to 3).
    result = evaluate_document(make_doc(region_share=0.35, lines=[make_line(costs=[(2023, 10)])]))
    assert (result["region_dkk"], result["municipalities_dkk"]) == (4, 6)


@pytest.mark.parametrize("share, region, municipalities", [(0, 0, 999), (1, 999, 0), (0.5, 500, 499)])
def test_region_share_extremes(share, region, municipalities):
    result = evaluate_document(make_doc(region_share=share, lines=[make_line(costs=[(2023, 999)])]))
    assert (result["region_dkk"], result["municipalities_dkk"]) == (region, municipalities)


def _municipal(total: int, populations) -> list[int]:
    """Municipal contributions when `total` kroner are the municipalities' part."""
    doc = make_doc(region_share=0, municipalities=populations, lines=[make_line(costs=[(2023, total)])])
    result = evaluate_document(doc)
    assert result["municipalities_dkk"] == total
    return [row["contribution_dkk"] for row in result["municipalities"]]


def test_split_ties_go_to_the_first_listed():
    equal = [("Allerød", 1), ("Gribskov", 1), ("Halsnæs", 1)]
    assert _municipal(100, equal) == [34, 33, 33]
    assert _municipal(101, equal) == [34, 34, 33]
    assert _municipal(102, equal) == [34, 34, 34]
    assert _municipal(1, [("Halsnæs", 5), ("Allerød", 5)]) == [1, 0]


def test_split_leftover_goes_to_the_largest_fractions():
    # 1 × 1/3 and 1 × 2/3: floors 0 and 0, the krone goes to the 2/3.
    assert _municipal(1, [("Allerød", 1), ("Gribskov", 2)]) == [0, 1]
    # 3 × 2/4, 3 × 1/4, 3 × 1/4 = 1,5 / 0,75 / 0,75: floors 1, 0, 0; two kroner to the 0,75s.
    assert _municipal(3, [("Allerød", 2), ("Gribskov", 1), ("Halsnæs", 1)]) == [1, 1, 1]
    # 10 × 7/10, 2/10, 1/10 has no fractions at all.
    assert _municipal(10, [("Allerød", 7), ("Gribskov", 2), ("Halsnæs", 1)]) == [7, 2, 1]


def test_split_hovedstaden_nord():
    # 2.000.000 kr. by the eight populations (329.895 in all). Exact shares' fractions:
    # ,726 ,035 ,929 ,469 ,792 ,660 ,836 ,554 → the 5 kroner left after the floors go to
    # Frederikssund, Hillerød, Halsnæs, Allerød and Helsingør.
    parts = _municipal(2_000_000, list(HN_POPULATIONS.items()))
    assert parts == [157_996, 254_681, 279_586, 254_141, 191_061, 384_359, 328_341, 149_835]
    assert sum(parts) == 2_000_000


def test_split_by_population_directly():
    towns = tuple(scenario.Municipality(name, pop) for name, pop in HN_POPULATIONS.items())
    assert sum(split_by_population(3_062_500, towns)) == 3_062_500
    assert split_by_population(0, towns) == [0] * 8
    assert split_by_population(5, ()) == []


def test_received_and_net():
    doc = make_doc(
        region_share=0.5,
        municipalities=[("Allerød", 1), ("Gribskov", 3)],
        lines=[
            make_line("a", costs=[(2023, 800)], recipients=[("Allerød", 500), ("Gribskov", 300)]),
            make_line("b", costs=[(2023, 200)], recipients=[("Allerød", 200)]),
            make_line("c", costs=[(2023, 999)], included=False, recipients=[("Gribskov", 999)]),
        ],
    )
    result = evaluate_document(doc)
    assert result["region_dkk"] == result["municipalities_dkk"] == 500
    assert [(t["name"], t["contribution_dkk"], t["received_dkk"], t["net_dkk"]) for t in result["municipalities"]] == [
        ("Allerød", 125, 700, 575),
        ("Gribskov", 375, 300, -75),
    ]


def test_without_municipalities_nothing_is_split():
    result = evaluate_document(make_doc(municipalities=[], lines=[make_line(costs=[(2023, 10)])]))
    assert result["municipalities_dkk"] == 5
    assert result["municipalities"] == []


# -- rule 5: focus areas -------------------------------------------------------------------


def test_a_cap_is_the_decided_amount_never_derived_from_the_target():
    """Hovedstaden-Nord decided 4.400.000 kr. for mental health (seed 000, punkt 3) and no cap
    for the elderly area; a target of 50 % of 8.805.192 kr. makes no cap of 4.402.596 kr."""
    doc = make_doc(
        funds=[(2022, "kommuner", 2_221_991), (2022, "region", 2_180_605),
               (2023, "kommuner", 2_221_991), (2023, "region", 2_180_605)],
        focus_areas=[("mental", 0.5, 4_400_000), ("aeldre", 0.5)],
        lines=[make_line(costs=[(2023, 4_400_001)])],
    )
    result = evaluate_document(doc)
    assert area(result, "mental")["cap_dkk"] == 4_400_000
    assert area(result, "aeldre")["cap_dkk"] is None
    caps = [f["message"] for f in result["findings"] if "loftet" in f["message"]]
    assert caps == ["«Område mental» får 4.400.001 kr., hvilket er 1 kr. over loftet på 4.400.000 kr."]
    statuses = {r["key"]: r["status"] for r in result["rules"]}
    assert statuses["focus_areas.mental.cap_dkk"] == "besluttet"
    assert statuses["focus_areas.aeldre.cap_dkk"] == "ikke besluttet"


def test_focus_area_figures():
    doc = make_doc(
        funds=[(2023, 1_000_001)],
        focus_areas=[("mental", 0.5, 500_001), ("aeldre", 0.3), ("andet", None)],
        balance_tolerance=1,
        lines=[
            make_line("a", costs=[(2023, 300)], focus_area="mental"),
            make_line("b", costs=[(2023, 100)], focus_area="aeldre"),
            make_line("c", costs=[(2023, 100)], focus_area=None),
            make_line("d", costs=[(2023, 500)], focus_area="aeldre", included=False),
        ],
    )
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 500  # the line without a focus area counts in the total
    assert [(a["id"], a["allocated_dkk"], a["share"], a["target_share"], a["cap_dkk"]) for a in result["focus_areas"]] == [
        ("mental", 300, 0.6, 0.5, 500_001),  # the document's cap, as given
        ("aeldre", 100, 0.2, 0.3, None),  # no cap: none derived from the target
        ("andet", 0, 0.0, None, None),
    ]
    assert result["findings"] == []


def test_share_is_zero_when_nothing_is_allocated():
    result = evaluate_document(make_doc(focus_areas=[("mental", 0.5)]))
    assert area(result, "mental")["share"] == 0
    assert result["findings"] == []  # no D without an allocation


# -- rule 6: findings ----------------------------------------------------------------------


def test_b_once_for_the_total_and_once_per_year_in_deficit():
    doc = make_doc(
        funds=[(2022, 100), (2023, 100), (2024, 100)],
        carry_over=False,
        lines=[make_line(costs=[(2022, 150), (2023, 50), (2024, 120)])],
    )
    result = evaluate_document(doc)
    b = [f for f in result["findings"] if f["principle"] == "B"]
    assert all(f["severity"] == "error" for f in b)
    assert len(b) == 3  # total 320 > 300, 2022 (−50) and 2024 (−20); 2023 is fine
    assert "320 kr." in b[0]["message"] and "300 kr." in b[0]["message"] and "20 kr." in b[0]["message"]
    assert "2022" in b[1]["message"] and "50 kr." in b[1]["message"]
    assert "2024" in b[2]["message"]


def test_no_b_when_allocated_equals_available():
    doc = make_doc(funds=[(2023, 1_000)], pool_dkk=100, lines=[make_line(costs=[(2023, 900)])])
    result = evaluate_document(doc)
    assert result["remaining_dkk"] == 0
    assert result["findings"] == []


def _balance(allocations: dict[str, int], targets: dict[str, float | None], tolerance=0.1) -> list[dict]:
    lines = [make_line(f"l-{fid}", costs=[(2023, amount)], focus_area=fid) for fid, amount in allocations.items()]
    doc = make_doc(funds=[(2023, 10**11)], focus_areas=list(targets.items()), balance_tolerance=tolerance,
                   lines=lines)
    return [f for f in evaluate_document(doc)["findings"] if f["principle"] == "D"]


def test_d_exactly_at_the_tolerance_is_not_a_finding():
    assert _balance({"mental": 60, "aeldre": 40}, {"mental": 0.5, "aeldre": 0.5}) == []
    # Float subtraction would give 0,8 − 0,7 = 0,10000000000000009 > 0,1: still exactly at it.
    assert _balance({"mental": 80, "aeldre": 20}, {"mental": 0.7, "aeldre": 0.3}) == []
    assert _balance({"mental": 1}, {"mental": 0.9}) == []


def test_d_just_above_the_tolerance_is_a_warning():
    found = _balance({"mental": 601, "aeldre": 399}, {"mental": 0.5, "aeldre": 0.5})
    assert [(f["principle"], f["severity"]) for f in found] == [("D", "warning"), ("D", "warning")]
    assert "60,1 %" in found[0]["message"] and "601 kr." in found[0]["message"]
    assert "50,0 %" in found[0]["message"] and "10,0 %" in found[0]["message"]
    # One krone in ten billion beyond the tolerance still counts.
    found = _balance({"mental": 6_000_000_001, "aeldre": 3_999_999_999}, {"mental": 0.5, "aeldre": 0.5})
    assert len(found) == 2


def test_d_zero_tolerance():
    assert _balance({"mental": 1, "aeldre": 1}, {"mental": 0.5, "aeldre": 0.5}, tolerance=0) == []
    assert len(_balance({"mental": 2, "aeldre": 1}, {"mental": 0.5, "aeldre": 0.5}, tolerance=0)) == 2


def test_d_without_a_target_is_never_a_finding():
    assert _balance({"mental": 100}, {"mental": None, "aeldre": None}) == []


def test_d_area_with_a_target_and_nothing_allocated_to_it():
    found = _balance({"mental": 100}, {"mental": None, "aeldre": 0.5})
    assert len(found) == 1 and "«Område aeldre» får 0,0 %" in found[0]["message"]


def test_d_cap():
    def cap_findings(amount: int) -> list[dict]:
        doc = make_doc(funds=[(2023, 8_805_192)], focus_areas=[("mental", 0.5, 4_402_596)], balance_tolerance=1,
                       lines=[make_line(costs=[(2023, amount)])])
        return evaluate_document(doc)["findings"]

    assert cap_findings(4_402_596) == []
    (finding,) = cap_findings(4_402_597)
    assert (finding["principle"], finding["severity"]) == ("D", "warning")
    assert "4.402.597 kr." in finding["message"] and "4.402.596 kr." in finding["message"]
    assert "1 kr. over loftet" in finding["message"]


def test_e_drift_only_when_included():
    doc = make_doc(
        funds=[(2023, 10_000_000)],
        lines=[
            make_line("drift-med", costs=[(2023, 3)], scale=0.5, cost_type="drift"),
            make_line("drift-uden", costs=[(2023, 100)], cost_type="drift", included=False),
            make_line("udvikling", costs=[(2023, 100)]),
        ],
    )
    result = evaluate_document(doc)
    (finding,) = result["findings"]
    assert (finding["principle"], finding["severity"]) == ("E", "error")
    assert "Indsats drift-med" in finding["message"] and "2 kr." in finding["message"]
    assert "drift" in finding["message"]


def test_e_drift_line_costing_nothing_is_still_a_finding():
    result = evaluate_document(make_doc(lines=[make_line(costs=[], cost_type="drift")]))
    assert principles(result) == ["E"]


def test_messages_end_in_one_full_stop():
    doc = make_doc(
        funds=[(2023, 100)],
        focus_areas=[("mental", 0.5, 50)],
        lines=[make_line("a", costs=[(2023, 90)]), make_line("b", costs=[(2023, 20)], cost_type="drift")],
    )
    messages = [f["message"] for f in evaluate_document(doc)["findings"]]
    assert len(messages) == 5
    for message in messages:
        assert message.endswith(".") and not message.endswith(".."), message
    assert messages[0] == ("De forventede udgifter på 110 kr. overstiger de disponible midler på 100 kr. "
                           "med 10 kr.")
    assert messages[1] == "I 2023 overstiger udgifterne på 110 kr. de disponible midler på 100 kr. med 10 kr."
    assert messages[2] == "«Indsats b» er driftsudgifter på 20 kr.; midlerne må ikke betale drift."
    assert messages[3] == "«Område mental» får 100,0 % af de fordelte midler (110 kr.); målet er 50,0 % ± 10,0 %."
    assert messages[4] == "«Område mental» får 110 kr., hvilket er 60 kr. over loftet på 50 kr."


def test_errors_come_before_warnings():
    doc = make_doc(
        funds=[(2023, 100)],
        focus_areas=[("mental", 0.5, 50)],
        lines=[make_line("a", costs=[(2023, 90)]), make_line("b", costs=[(2023, 20)], cost_type="drift")],
    )
    result = evaluate_document(doc)
    severities = [f["severity"] for f in result["findings"]]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert sorted(principles(result)) == ["B", "B", "D", "D", "E"]


def test_the_largest_allowed_numbers_do_not_break_the_engine():
    big = scenario.MAX_DKK
    doc = make_doc(funds=[(2023, big)], focus_areas=[("mental", 0.5, big)], balance_tolerance=0,
                   lines=[make_line(costs=[(2023, big - 1), (2024, big), (2025, big)], scale=scenario.MAX_SCALE,
                                    recipients=[("Allerød", big)])],
                   municipalities=[("Allerød", scenario.MAX_POPULATION)])
    result = evaluate_document(doc)
    assert result["allocated_dkk"] == 100 * (3 * big - 1)
    assert result["region_dkk"] + result["municipalities_dkk"] == result["allocated_dkk"]
    assert "B" in principles(result)
    json.dumps(result)


@pytest.mark.parametrize("year", [202300, 1066, 99999])
def test_year_out_of_range_is_refused(year):
    document = make_doc(funds=((year, 1),))
    with pytest.raises(ScenarioError, match=r'funds\[0\]\.year.*årstal'):
        parse(document)


# -- rules the body decided, assumed, or nobody decided ---------------------------------------


def _no_rules(**changes) -> dict:
    doc = make_doc(funds=[(2023, 1_000)], municipalities=[("Thisted", 3), ("Morsø", 1)],
                   lines=[make_line(costs=[(2023, 400)], cost_type="drift", recipients=[("Thisted", 100)])])
    doc["settings"] = {}
    doc["settings"].update(changes)
    return doc


def test_a_body_without_rules_gets_none_assumed():
    result = evaluate_document(_no_rules())
    assert (result["pool_dkk"], result["region_dkk"], result["municipalities_dkk"]) == (0, None, None)
    assert [(m["contribution_dkk"], m["net_dkk"]) for m in result["municipalities"]] == [(None, None)] * 2
    assert [m["received_dkk"] for m in result["municipalities"]] == [100, 0]
    assert {r["key"]: r["status"] for r in result["rules"] if "." not in r["key"]} == {
        key: "ikke besluttet" for key in scenario.SETTINGS}
    assert result["assumptions"] == []
    assert result["findings"] == []  # no E: the body has not decided that drift is excluded
    checks = {c["principle"]: c for c in result["checks"]}
    assert checks["B"]["status"] == "overholdt"
    assert checks["A"]["status"] == "ikke besluttet" and "ikke besluttet" in checks["A"]["message"]
    assert checks["E"]["status"] == "ikke besluttet" and "1 af de medtagne initiativer er drift" in checks["E"]["message"]
    assert not any(c["status"] == "overholdt" for c in result["checks"] if c["principle"] != "B")


def test_null_settings_are_the_same_as_absent_ones():
    nulls = _no_rules(**{key: None for key in scenario.SETTINGS})
    assert evaluate_document(nulls) == evaluate_document(_no_rules())


def test_assumed_rules_are_marked_and_named():
    result = evaluate_document(_no_rules(region_share=0.5, pool_dkk=100, assumed=["region_share", "pool_dkk"]))
    statuses = {r["key"]: r["status"] for r in result["rules"]}
    assert statuses["region_share"] == statuses["pool_dkk"] == "antaget"
    assert result["region_dkk"] == 200
    assert result["assumptions"] == [
        "Antaget, ikke besluttet: Regionens andel af finansieringen (A): 50 %.",
        "Antaget, ikke besluttet: Pulje til mindre initiativer (H): 100 kr.",
    ]


def test_checks_say_what_is_missing():
    """0 kr. funds, no municipalities, no focus areas: never a plain «overholdt»."""
    doc = make_doc(funds=[], municipalities=[], focus_areas=[], region_share=0.5,
                   lines=[make_line(costs=[(2023, 10)], focus_area=None)])
    checks = {c["principle"]: c for c in evaluate_document(doc)["checks"]}
    assert checks["B"]["status"] == "ikke muligt" and "0 kr." in checks["B"]["message"]
    assert checks["A"]["status"] == "ikke muligt" and "ingen kommuner" in checks["A"]["message"]
    assert checks["D"]["status"] == "ikke muligt"


def test_check_statuses_follow_the_findings():
    doc = make_doc(funds=[(2023, 100)], focus_areas=[("mental", 0.5, 50)],
                   lines=[make_line(costs=[(2023, 90)]), make_line("d", costs=[(2023, 20)], cost_type="drift")])
    checks = evaluate_document(doc)["checks"]
    assert [(c["principle"], c["status"]) for c in checks] == [
        ("B", "brudt"), ("A", "overholdt"), ("D", "brudt"), ("D", "brudt"), ("E", "brudt")]
    for check in checks:
        assert check["message"].endswith(".") and not check["message"].endswith(".."), check


def test_target_without_a_tolerance_is_not_judged():
    doc = make_doc(focus_areas=[("mental", 0.5)], lines=[make_line(costs=[(2023, 100)])])
    doc["settings"].pop("balance_tolerance")
    result = evaluate_document(doc)
    assert [f for f in result["findings"] if f["principle"] == "D"] == []
    (target,) = [c for c in result["checks"] if "målet" in c["message"]]
    assert target["status"] == "ikke besluttet" and "tolerance" in target["message"]


def test_unused_money_leaves_to_the_regional_pool_instead_of_carrying_over():
    doc = make_doc(funds=[(2024, 1_000), (2025, 1_000)], carry_over=True, unused_to_regional_pool=True,
                   lines=[make_line(costs=[(2024, 300), (2025, 1_000)])])
    result = evaluate_document(doc)
    assert [(y["year"], y["carried_in_dkk"], y["remaining_dkk"], y["to_regional_pool_dkk"]) for y in result["years"]] == [
        (2024, 0, 700, 700), (2025, 0, 0, 0)]
    assert result["to_regional_pool_dkk"] == 700
    stays = evaluate_document(make_doc(funds=[(2024, 1_000), (2025, 1_000)], carry_over=True,
                                       lines=[make_line(costs=[(2024, 300), (2025, 1_000)])]))
    assert [y["carried_in_dkk"] for y in stays["years"]] == [0, 700]


def test_decided_lines_keep_their_meeting():
    decided = {"meeting_id": "hovedstaden-nord-2023-05-10-politisk", "meeting_date": "2023-05-10",
               "meeting_title": "Politisk Sundhedsklynge Nord"}
    line = {**make_line(costs=[(2023, 1)]), "decided": decided}
    result = evaluate_document(make_doc(lines=[line]))
    assert result["lines"][0]["decided"] == decided
    assert parse(make_doc(lines=[line])).lines[0].decided == decided


# -- sane numbers ---------------------------------------------------------------------------

LIMITS = [
    (_set("funds.0.amount_dkk", 1e30), '"funds[0].amount_dkk" må højst være 100.000.000.000'),
    (_set("funds.0.amount_dkk", 10**11 + 1), '"funds[0].amount_dkk" må højst være 100.000.000.000'),
    (_set("lines.0.costs.0.amount_dkk", 10**30), '"lines[0].costs[0].amount_dkk" må højst'),
    (_set("lines.0.recipients.0.amount_dkk", 1e15), '"lines[0].recipients[0].amount_dkk" må højst'),
    (_set("settings.pool_dkk", 10**12), '"settings.pool_dkk" må højst'),
    (_set("lines.0.scale", 1e308), '"lines[0].scale" må højst være 100'),
    (_set("lines.0.scale", 100.5), '"lines[0].scale" må højst være 100'),
    (_set("municipalities.0.population", 10_000_001), '"municipalities[0].population" må højst være 10.000.000'),
    (_set("name", "x" * 201), '"name" må højst være 200 tegn'),
    (_set("lines.0.name", "x" * 201), '"lines[0].name" må højst være 200 tegn'),
    (_set("focus_areas.0.name", "x" * 201), '"focus_areas[0].name" må højst være 200 tegn'),
    (_set("municipalities.0.name", "x" * 201), '"municipalities[0].name" må højst være 200 tegn'),
    (_set("note", "x" * 5001), '"note" må højst være 5.000 tegn'),
    (_set("lines.0.note", "x" * 5001), '"lines[0].note" må højst være 5.000 tegn'),
]


@pytest.mark.parametrize("change, message", LIMITS)
def test_numbers_and_texts_beyond_the_limits_are_refused(change, message):
    document = copy.deepcopy(ISSUE_EXAMPLE)
    change(document)
    with pytest.raises(ScenarioError) as caught:
        parse(document)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_limits_themselves_are_accepted():
    document = copy.deepcopy(ISSUE_EXAMPLE)
    document["funds"][0]["amount_dkk"] = scenario.MAX_DKK
    document["lines"][0]["scale"] = scenario.MAX_SCALE
    document["municipalities"][0]["population"] = scenario.MAX_POPULATION
    document["name"] = "x" * scenario.MAX_NAME
    document["note"] = "x" * scenario.MAX_NOTE
    parse(document)


@pytest.mark.parametrize("text", [
    '{"format": "klyngeblik-scenario/1", "name": "\\ud800"}',
    '{"\\udfff": 1}',
    '[{"a": ["ok", "\\ud800x"]}]',
])
def test_lone_surrogates_are_refused(text):
    with pytest.raises(ScenarioError, match="ugyldigt tegn"):
        scenario.loads(text)


def test_a_surrogate_pair_is_a_character():
    assert scenario.loads('"\\ud83d\\ude00"') == "\U0001F600"


def test_load_bytes_reads_like_load_file(tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps(ISSUE_EXAMPLE).encode()
    (tmp_path / "bom.json").write_bytes(data)
    assert scenario.load_bytes(data) == scenario.load_file(tmp_path / "bom.json") == ISSUE_EXAMPLE
    with pytest.raises(ScenarioError, match="ikke UTF-8"):
        scenario.load_bytes(b"\xff\xfe{}")
