"""The live view's table texts (core/scenario_tables.py) that say what a figure holds."""

from __future__ import annotations

import copy

from core import scenario_edit
from core.scenario import evaluate_document
from core.scenario_tables import allocated_help, key_figures, municipalities_display, nets_known, received_caption
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
    assert not nets_known(evaluate_document(undecided))
    assert nets_known(evaluate_document(ISSUE_EXAMPLE))


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

    assert focus_caption(evaluate_document(with_unpriced_line(stime_included=False))) == "…: intet fordelt (mål 50,0 %)"
    assert focus_caption(evaluate_document(ISSUE_EXAMPLE)) == "…: 100,0 % af det fordelte (mål 50,0 %)"


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
