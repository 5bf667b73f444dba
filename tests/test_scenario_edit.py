"""The initiatives table: laid out from a document, and cell edits (as st.data_editor keeps
them in "edited_rows") applied back to it without touching the input."""

from __future__ import annotations

import copy

import pytest

from core import scenario_edit as edit
from core.scenario import evaluate_document
from tests.helpers import ISSUE_EXAMPLE


@pytest.fixture
def doc() -> dict:
    """The issue's example with a second area and a second, excluded proposal."""
    document = copy.deepcopy(ISSUE_EXAMPLE)
    document["settings"]["no_running_costs"] = True  # principle E decided, as in Hovedstaden-Nord
    document["focus_areas"].append({"id": "aeldre", "name": "Ældre", "target_share": 0.5})
    document["lines"].append(
        {"id": "temadag", "name": "Temadag", "focus_area": None, "cost_type": "udvikling",
         "costs": [{"year": 2024, "amount_dkk": 100_000}], "scale": 1.0, "included": False}
    )
    return document


def test_one_row_per_line_one_column_per_year(doc):
    columns = edit.lines_columns(doc)
    assert columns[edit.NAME] == ["STIME", "Temadag"]
    assert columns[edit.INCLUDED] == [True, False]
    assert columns[edit.FOCUS] == ["…", ""]
    assert columns[edit.SCALE] == [100.0, 100.0]
    # From the first year with funds or costs to one year past the last.
    assert columns["2023"] == [4_000_000, 0]
    assert columns["2024"] == [0, 100_000]
    assert columns["2025"] == [0, 0]


def test_a_line_without_any_cost_has_no_amount_in_any_year(doc):
    """Not 0: the table shows such a cell as "ikke angivet"."""
    doc["lines"].append({"id": "ukendt", "name": "Ukendt", "focus_area": None, "cost_type": "udvikling",
                         "costs": [], "scale": 1.0, "included": True})
    columns = edit.lines_columns(doc)
    assert [columns[str(year)][2] for year in edit.years_of(doc)] == [None] * len(edit.years_of(doc))
    assert columns["2025"][:2] == [0, 0]  # lines with costs: 0 in a year they cost nothing
    typed = edit.apply_line_edits(doc, {2: {"2024": 250_000}})
    assert typed["lines"][2]["costs"] == [{"year": 2024, "amount_dkk": 250_000}]


def test_a_given_zero_stays_given_when_another_cell_of_the_line_is_edited(doc):
    """KIT's 0 kr. (seed 000) must not become "beløb ikke angivet" when KIT is unticked."""
    doc["lines"].append({"id": "kit", "name": "KIT", "focus_area": None, "cost_type": "udvikling",
                         "costs": [{"year": 2023, "amount_dkk": 0}], "scale": 1.0, "included": True})
    unticked = edit.apply_line_edits(doc, {2: {edit.INCLUDED: False}})
    assert unticked["lines"][2]["costs"] == [{"year": 2023, "amount_dkk": 0}]
    emptied = edit.apply_line_edits(doc, {2: {"2023": None}})
    assert emptied["lines"][2]["costs"] == []


def test_no_edits_is_the_same_document(doc):
    assert edit.apply_line_edits(doc, {}) is doc


def test_edits_change_only_the_edited_line_and_not_the_input(doc):
    before = copy.deepcopy(doc)
    edited = edit.apply_line_edits(doc, {1: {edit.INCLUDED: True, edit.FOCUS: "Ældre", "2024": 900_000}})
    assert doc == before
    assert edited["lines"][0] is doc["lines"][0]
    temadag = edited["lines"][1]
    assert temadag["included"] is True and temadag["focus_area"] == "aeldre"
    assert temadag["costs"] == [{"year": 2024, "amount_dkk": 900_000}]
    assert evaluate_document(edited)["allocated_dkk"] == 4_900_000


def test_scale_cost_type_and_a_new_year(doc):
    edited = edit.apply_line_edits(doc, {0: {edit.SCALE: 50, edit.COST_TYPE: "drift", "2025": 10_000}})
    stime = edited["lines"][0]
    assert stime["scale"] == 0.5 and stime["cost_type"] == "drift"
    assert stime["costs"] == [{"year": 2023, "amount_dkk": 4_000_000}, {"year": 2025, "amount_dkk": 10_000}]
    result = evaluate_document(edited)
    assert result["allocated_dkk"] == 2_005_000
    assert any(f["principle"] == "E" for f in result["findings"])


def test_emptied_cells_mean_full_scale_no_area_and_no_cost(doc):
    edited = edit.apply_line_edits(doc, {0: {edit.SCALE: None, edit.FOCUS: None, "2023": None}})
    stime = edited["lines"][0]
    assert stime["scale"] == 1.0 and stime["focus_area"] is None and stime["costs"] == []


def test_negative_amounts_and_unknown_cost_types_are_not_taken(doc):
    edited = edit.apply_line_edits(doc, {"0": {"2023": -5, edit.COST_TYPE: "andet", edit.SCALE: -20}})
    stime = edited["lines"][0]
    assert stime["costs"] == [] and stime["cost_type"] == "udvikling" and stime["scale"] == 0.0


def test_a_scenario_without_years_plans_from_the_given_year():
    empty = {**copy.deepcopy(ISSUE_EXAMPLE), "funds": [], "lines": []}
    assert edit.years_of(empty) == []
    assert edit.years_of(empty, 2026) == [2026, 2027]
    assert edit.years_without_funds(empty, 2026) == [2026, 2027]
    assert edit.years_of(ISSUE_EXAMPLE, 2026) == [2023, 2024]  # its own years win


def test_a_body_plans_from_this_year_or_the_year_it_takes_over_and_not_after_it_ended():
    """A council sits as a preparatory council in 2026 and takes over on 1 January 2027: it
    has no money of its own to expect for 2026 (it was asked for "Forventet tildeling 2026")."""
    import datetime as dt

    import pandas as pd

    assert edit.first_planning_year(dt.date(2026, 12, 3), dt.date(2027, 1, 1)) == 2027
    assert edit.first_planning_year(dt.date(2028, 3, 1), dt.date(2027, 1, 1)) == 2028
    assert edit.first_planning_year(dt.date(2026, 12, 3), None) == 2026  # a cluster: no start given
    assert edit.first_planning_year(dt.date(2026, 12, 3), pd.NaT) == 2026  # as the store's frame gives it
    assert edit.first_planning_year(dt.date(2026, 12, 3), pd.Timestamp("2027-01-01")) == 2027
    # A cluster, dissolved at the end of 2025, has no year left to plan; before its end it had.
    assert edit.first_planning_year(dt.date(2026, 12, 3), None, pd.Timestamp("2025-12-31")) is None
    assert edit.first_planning_year(dt.date(2025, 6, 1), pd.NaT, dt.date(2025, 12, 31)) == 2025
    assert edit.as_date(pd.NaT) is None and edit.as_date(pd.Timestamp("2025-12-31")) == dt.date(2025, 12, 31)
    assert edit.ended_on(dt.date(2026, 12, 3), pd.Timestamp("2025-12-31")) == dt.date(2025, 12, 31)
    assert edit.ended_on(dt.date(2025, 6, 1), dt.date(2025, 12, 31)) is None and edit.ended_on(dt.date(2026, 1, 1), pd.NaT) is None


def test_expected_funds_are_set_not_added_and_keep_the_latest_split():
    """Entering 2024's expected money again (after the view was left and reopened) replaces
    it; it is split like 2023's decided funds; decided funds are never touched."""
    nord = {**copy.deepcopy(ISSUE_EXAMPLE), "funds": [
        {"year": 2023, "party": "kommuner", "amount_dkk": 2_221_991},
        {"year": 2023, "party": "region", "amount_dkk": 2_180_605},
    ]}
    once = edit.with_expected_funds(nord, {2024: 1_000_000})
    assert edit.expected_funds(once) == {2024: 1_000_000}
    assert [f["amount_dkk"] for f in once["funds"] if f.get("expected")] == [504_700, 495_300]
    assert edit.years_without_funds(once) == [2024, 2025]  # still open for expected money
    again = edit.with_expected_funds(once, {2024: 400_000, 2025: 0})
    assert edit.expected_funds(again) == {2024: 400_000}
    assert again["funds"][:2] == nord["funds"]
    assert edit.with_expected_funds(again, {2024: 400_000, 2025: 0}) is again  # unchanged: no copy
    assert edit.expected_funds(edit.with_expected_funds(again, {2024: 0})) == {}
