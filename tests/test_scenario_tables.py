"""The live view's table texts (core/scenario_tables.py) that say what a figure holds."""

from __future__ import annotations

import copy

from core import scenario_edit
from core.scenario import evaluate_document
from core.scenario_tables import municipalities_display, nets_known, received_caption
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
