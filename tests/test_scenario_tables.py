"""The live view's table texts (core/scenario_tables.py) that say what a figure holds."""

from __future__ import annotations

import copy

from core import scenario_edit, scenario_tables
from core.scenario import evaluate_document
from core.scenario_tables import allocated_help, key_figures, municipalities_display, nets_missing, received_caption
from tests.helpers import ISSUE_EXAMPLE


def test_received_names_what_it_holds_when_it_differs_from_the_allocated_sum():
    """The worked example's STIME gives 500.000 kr. to Gribskov of its 4.000.000 kr."""
    said = received_caption(evaluate_document(ISSUE_EXAMPLE))
    assert said == ("«Modtaget» viser kun de beløb, som initiativerne angiver pr. kommune: i alt 500.000 kr. "
                    "af de fordelte 4.000.000 kr.")


def test_no_caption_when_every_krone_allocated_is_received():
    document = copy.deepcopy(ISSUE_EXAMPLE)
    shares = scenario_edit.split_evenly(4_000_000, [m["name"] for m in document["municipalities"]])
    document["lines"][0]["recipients"] = [{"municipality": name, "amount_dkk": amount}
                                          for name, amount in shares.items()]
    assert received_caption(evaluate_document(document)) is None


def test_contributions_say_ikke_besluttet_without_a_decided_financing():
    """Not a dash: Vest has decided no region share (A), so no municipality's share is known."""
    undecided = copy.deepcopy(ISSUE_EXAMPLE)
    undecided["settings"]["region_share"] = None
    shown = municipalities_display(evaluate_document(undecided))
    assert set(shown["Bidrag"]) == {"ikke besluttet"} and set(shown["Netto"]) == {"ikke besluttet"}
    assert shown["Modtaget"][-1] == "500.000 kr."


def test_nets_are_known_only_with_a_financing():
    undecided = copy.deepcopy(ISSUE_EXAMPLE)
    undecided["settings"]["region_share"] = None
    assert nets_missing(evaluate_document(undecided)) == "det kræver, at finansieringen (A) er besluttet eller antaget."
    assert nets_missing(evaluate_document(ISSUE_EXAMPLE)) is None


def with_unpriced_line(funds_dkk: int = 5_000_000, stime_included: bool = True) -> dict:
    """The worked example with more money and an included line whose cost is not given."""
    document = copy.deepcopy(ISSUE_EXAMPLE)
    document["funds"][0]["amount_dkk"] = funds_dkk
    document["lines"][0]["included"] = stime_included
    document["lines"].append({"id": "tidlig", "name": "Tidlig opsporing", "focus_area": "mental",
                              "cost_type": "udvikling", "costs": [], "scale": 1.0, "included": True})
    return document


def figures(result: dict) -> dict[str, str]:
    return {label: shown for label, shown, _ in key_figures(result)}


def money_check(result: dict) -> dict:
    return next(c for c in result["checks"] if c["principle"] == "B")


def test_an_included_line_without_cost_makes_the_figures_at_least_and_at_most():
    """Not "Fordelt 4.000.000 kr." as if that were all: Tidlig opsporing is with, cost unknown."""
    result = evaluate_document(with_unpriced_line())
    assert result["unpriced"] == ["Tidlig opsporing"]
    assert figures(result)["Fordelt"] == "mindst 4.000.000 kr."
    assert figures(result)["Rest"] == "højst 750.000 kr."
    assert "«Tidlig opsporing»" in allocated_help(result)
    check = money_check(result)
    assert check["status"] == "ikke muligt" and "«Tidlig opsporing» er med uden angivet beløb" in check["message"]


def test_only_lines_without_cost_allocate_an_amount_not_given():
    """Hovedstaden-Midt's case: the one included initiative has no cost in the sources."""
    result = evaluate_document(with_unpriced_line(stime_included=False))
    assert figures(result)["Fordelt"] == "ikke angivet"
    assert result["allocated_dkk"] == 0


def test_over_the_funds_is_broken_whatever_the_unknown_costs():
    check = money_check(evaluate_document(with_unpriced_line(funds_dkk=2_221_991)))
    assert check["status"] == "brudt"
    assert check["message"].startswith("Udgifterne på mindst 4.000.000 kr. overstiger")


def test_without_lines_lacking_a_cost_the_figures_are_exact():
    result = evaluate_document(ISSUE_EXAMPLE)
    assert result["unpriced"] == [] and figures(result)["Fordelt"] == "4.000.000 kr."


def test_focus_areas_say_nothing_is_allocated_rather_than_0_percent():
    from core.scenario_tables import focus_caption

    nothing = copy.deepcopy(ISSUE_EXAMPLE)
    nothing["lines"][0]["included"] = False
    assert focus_caption(evaluate_document(nothing)) == "…: intet fordelt (mål 50,0 %)"
    # Something is allocated, at a cost nobody gave: not "intet fordelt" either.
    assert (focus_caption(evaluate_document(with_unpriced_line(stime_included=False)))
            == "…: udgifterne er ikke angivet (mål 50,0 %)")
    assert focus_caption(evaluate_document(ISSUE_EXAMPLE)) == "…: 100,0 % af det fordelte (mål 50,0 %)"
    assert (focus_caption(evaluate_document(with_unpriced_line()))
            == "…: 100,0 % af det fordelte med angivet beløb (mål 50,0 %)")


def test_municipalities_without_population_are_named_as_left_out():
    from core.scenario_tables import left_out_caption

    result = evaluate_document(ISSUE_EXAMPLE)  # Allerød only
    assert left_out_caption(result, ["Rødovre"]) == "Ikke med i fordelingen, da folketallet ikke er angivet: Rødovre."
    assert left_out_caption(result, ["Allerød"]) is None  # a document that gives its population: it is in
    assert left_out_caption(result, []) is None


def test_the_financing_of_a_partial_allocation_is_at_least():
    from core.scenario_tables import financing_caption

    result = evaluate_document(with_unpriced_line())
    assert financing_caption(result, 0.5) == ("Finansiering (A): regionen betaler mindst 2.000.000 kr. (50 %), "
                                              "kommunerne mindst 2.000.000 kr. fordelt efter befolkningsandel.")
    check = next(c for c in result["checks"] if c["principle"] == "A")
    assert check["message"] == "Regionen betaler 50 % (mindst 2.000.000 kr.), kommunerne resten (mindst 2.000.000 kr.) efter folketal."
    only_unknown = next(c for c in evaluate_document(with_unpriced_line(stime_included=False))["checks"]
                        if c["principle"] == "A")
    assert (only_unknown["status"], only_unknown["message"]) == (
        "ikke muligt", "Udgifterne er ikke angivet, så der er ingen finansiering at kontrollere.")
    assert "mindst" not in financing_caption(evaluate_document(ISSUE_EXAMPLE), 0.5)


def test_municipal_figures_of_a_partial_allocation_are_at_least_with_the_nets_explained():
    """Hovedstaden-Midt after the chair assumes a region share: kateterpleje is with at an
    unknown cost, so no municipality pays "0 kr."."""
    from core.scenario_tables import municipalities_caption

    result = evaluate_document(with_unpriced_line())
    shown = municipalities_display(result)
    assert all(text.startswith("mindst ") for text in shown["Bidrag"])
    assert shown["Modtaget"][-1] == "mindst 500.000 kr."
    assert not any(text.startswith(("mindst", "højst")) for text in shown["Netto"])  # neither bound holds
    assert municipalities_caption(result).startswith("Med uden angivet beløb: «Tidlig opsporing».")
    undecided = copy.deepcopy(with_unpriced_line())
    undecided["settings"]["region_share"] = None  # no contributions to say "mindst" of
    assert municipalities_caption(evaluate_document(undecided)) is None
    unknown_result = evaluate_document(with_unpriced_line(stime_included=False))
    only_unknown = municipalities_display(unknown_result)
    assert set(only_unknown["Bidrag"]) == set(only_unknown["Netto"]) == {"ikke angivet"}  # not "0 kr."
    assert nets_missing(unknown_result) == "udgifterne til de initiativer, der er med, er ikke angivet."
    assert nets_missing(result) is None
    exact = evaluate_document(ISSUE_EXAMPLE)
    assert municipalities_caption(exact) is None
    assert not any("mindst" in text for text in municipalities_display(exact)["Bidrag"])


def test_years_and_focus_areas_of_a_partial_allocation_say_at_least_and_at_most():
    from core.scenario_tables import focus_chart_data, years_display

    result = evaluate_document(with_unpriced_line())
    years = years_display(result)
    assert years["Fordelt"][-1] == "mindst 4.000.000 kr." and years["Rest"][-1] == "højst 750.000 kr."
    assert all(text.startswith(("mindst", "ikke angivet")) for text in years["Fordelt"])
    focus = focus_chart_data(result)
    by_area = dict(zip(focus["Fokusområde"], focus["Fordelt i kroner"]))
    assert by_area == {"…": "mindst 4.000.000 kr."}  # Tidlig opsporing is in the one area
    exact = evaluate_document(ISSUE_EXAMPLE)
    assert years_display(exact)["Fordelt"][-1] == "4.000.000 kr."
    assert focus_chart_data(exact)["Fordelt i kroner"] == ["4.000.000 kr."]


def check(result: dict, principle: str, start: str) -> dict:
    return next(c for c in result["checks"] if c["principle"] == principle and c["message"].startswith(start))


def test_focus_checks_of_a_partial_allocation_are_not_reported_as_kept_or_broken():
    """D's target compares shares, which leave out the unknown cost: not checkable. The cap
    is broken whatever the unknown cost; under it, not checkable while the area's own line
    has no cost."""
    document = with_unpriced_line()
    document["settings"]["balance_tolerance"] = 0.1
    document["focus_areas"][0]["cap_dkk"] = 4_500_000
    result = evaluate_document(document)
    assert result["focus_areas"][0]["unpriced"] == ["Tidlig opsporing"]
    target = check(result, "D", "«…» får 100,0 %")
    assert target["status"] == "ikke muligt" and "med angivet beløb" in target["message"]
    cap = check(result, "D", "«…» får mindst 4.000.000 kr.")
    assert cap["status"] == "ikke muligt" and "loftet på 4.500.000 kr. kan ikke kontrolleres helt" in cap["message"]
    document["focus_areas"][0]["cap_dkk"] = 3_000_000
    over = evaluate_document(document)
    assert check(over, "D", "«…» får mindst 4.000.000 kr.")["status"] == "brudt"
    assert any(f["message"] == "«…» får mindst 4.000.000 kr., hvilket er mindst 1.000.000 kr. over loftet på "
               "3.000.000 kr." for f in over["findings"])
    document["focus_areas"][0]["target_share"] = 0.2  # far off the 100 % given: still no target warning
    assert not any("målet er" in f["message"] for f in evaluate_document(document)["findings"])
    kept = copy.deepcopy(ISSUE_EXAMPLE)
    kept["settings"]["balance_tolerance"] = 0.5
    assert check(evaluate_document(kept), "D", "«…» får 100,0 %")["status"] == "overholdt"


def test_nothing_is_said_to_leave_for_the_regional_pool_while_the_money_is_not_given():
    """Nordjylland-Nord's rule sends unused money to a regional pool, but its sources give no
    funds: the column says "ikke angivet", not "0 kr."."""
    from core.scenario_tables import POOL_COLUMN, years_display

    document = with_unpriced_line()
    document["settings"]["unused_to_regional_pool"] = True
    document["funds"] = []
    shown = years_display(evaluate_document(document))
    assert set(shown[POOL_COLUMN]) == {"ikke angivet"}
    document = copy.deepcopy(ISSUE_EXAMPLE)
    document["settings"]["unused_to_regional_pool"] = True
    assert years_display(evaluate_document(document))[POOL_COLUMN][-1].endswith("kr.")


def test_the_focus_chart_has_only_the_marks_with_something_to_draw():
    columns = {"Fordelt": [0, 0], "Mål": [None, 0], "Loft": [None, None]}
    assert scenario_tables.focus_marks(columns) == ()
    assert scenario_tables.focus_marks({**columns, "Loft": [0, None]}) == ("Loft",)  # a decided 0 kr. cap
    assert scenario_tables.focus_marks({"Fordelt": [5, 0], "Mål": [2, None], "Loft": [None, 9]}) == (
        "Fordelt", "Mål", "Loft")
